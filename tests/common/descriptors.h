// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// This process's descriptors as /proc/self/fd names them (proc(5)), and an eventfd's
// counter as /proc/self/fdinfo shows it (eventfd(2)). Linux only.

#pragma once

#include <QtCore/qbytearray.h>
#include <QtCore/qdir.h>
#include <QtCore/qfile.h>
#include <QtCore/qmap.h>
#include <QtCore/qset.h>

#include <unistd.h>

// The descriptors whose /proc/self/fd link starts with `kind` ("pipe:",
// "anon_inode:[eventfd]").
inline QSet<int> descriptorsOf(const char *kind)
{
    QSet<int> out;
    const QStringList names = QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System);
    for (const QString &name : names) {
        char target[64] = {};
        const QByteArray path = "/proc/self/fd/" + name.toLatin1();
        if (::readlink(path.constData(), target, sizeof target - 1) > 0 && qstrncmp(target, kind, qstrlen(kind)) == 0)
            out.insert(name.toInt());
    }
    return out;
}

inline QSet<int> pipeDescriptors()
{
    return descriptorsOf("pipe:");
}

inline QSet<int> eventfdDescriptors()
{
    return descriptorsOf("anon_inode:[eventfd]");
}

// Every descriptor with what it names ("pipe:[123]", "anon_inode:[eventfd]", a path).
inline QMap<int, QString> descriptorTargets()
{
    QMap<int, QString> out;
    const QStringList names = QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System);
    for (const QString &name : names) {
        char target[256] = {};
        const QByteArray path = "/proc/self/fd/" + name.toLatin1();
        if (::readlink(path.constData(), target, sizeof target - 1) > 0)
            out.insert(name.toInt(), QString::fromLocal8Bit(target));
    }
    return out;
}

// The counter of eventfd `fd` ("eventfd-count:" in /proc/self/fdinfo/<fd>, hexadecimal),
// -1 when it cannot be read.
inline qint64 eventfdCount(int fd)
{
    QFile f(QStringLiteral("/proc/self/fdinfo/%1").arg(fd));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("eventfd-count:")) {
            bool ok = false;
            const qint64 n = line.mid(14).trimmed().toLongLong(&ok, 16);
            return ok ? n : -1;
        }
    }
    return -1;
}
