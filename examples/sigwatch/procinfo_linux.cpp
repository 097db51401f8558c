// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// /proc/PID/comm and /proc/PID/task/TID/{comm,status} (proc(5)).

#include "procinfo.h"

#include <QtCore/qdir.h>
#include <QtCore/qfile.h>

#include <algorithm>

namespace {

std::optional<QByteArray> readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    // /proc files have no size: readAll() reads until the end.
    return file.readAll();
}

std::optional<QString> commOf(const QString &directory)
{
    const std::optional<QByteArray> comm = readFile(directory + QStringLiteral("/comm"));
    if (!comm || comm->isEmpty())
        return std::nullopt;
    return QString::fromUtf8(comm->trimmed());
}

} // namespace

std::optional<QString> processName(qint64 pid)
{
    if (pid <= 0)
        return std::nullopt;
    return commOf(QStringLiteral("/proc/%1").arg(pid));
}

std::optional<QList<ThreadMasks>> threadMasks(qint64 pid)
{
    if (pid <= 0)
        return std::nullopt;
    const QString taskDir = QStringLiteral("/proc/%1/task").arg(pid);
    QDir dir(taskDir);
    if (!dir.exists())
        return std::nullopt;
    QList<ThreadMasks> out;
    for (const QString &entry : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool ok = false;
        const qint64 tid = entry.toLongLong(&ok);
        if (!ok)
            continue;
        const QString thread = taskDir + QLatin1Char('/') + entry;
        const std::optional<QByteArray> status = readFile(thread + QStringLiteral("/status"));
        if (!status)
            continue;   // ended meanwhile
        ThreadMasks t;
        t.tid = tid;
        t.name = commOf(thread).value_or(QString());
        // "SigPnd:\t0000000000000200": hex, bit n - 1 for signal n. In a task's status
        // SigPnd and SigBlk are that thread's own; ShdPnd is the process's.
        bool sawBlocked = false;
        for (const QByteArray &line : status->split('\n')) {
            auto hexAfter = [&line](const char *key, quint64 *value) {
                if (!line.startsWith(key))
                    return false;
                bool parsed = false;
                *value = line.mid(qsizetype(qstrlen(key))).trimmed().toULongLong(&parsed, 16);
                return parsed;
            };
            hexAfter("SigPnd:", &t.pending);
            if (hexAfter("SigBlk:", &t.blocked))
                sawBlocked = true;
        }
        if (sawBlocked)
            out.append(t);
    }
    if (out.isEmpty())
        return std::nullopt;
    std::sort(out.begin(), out.end(), [](const ThreadMasks &a, const ThreadMasks &b) { return a.tid < b.tid; });
    return out;
}
