// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// This process's threads as /proc/self/task lists them (proc(5)), by name. Linux only.

#pragma once

#include <QtCore/qbytearray.h>
#include <QtCore/qdir.h>
#include <QtCore/qfile.h>

// This process's threads named `name` (all when empty), as /proc/self/task/TID/comm names
// them. Qt names a QThread's system thread after its class when it has no objectName
// (QThreadPrivate::start), cut to the 15 characters Linux keeps (prctl(2), PR_SET_NAME).
inline int threadsOfThisProcess(const QByteArray &name = QByteArray())
{
    int count = 0;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString &entry : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks.filePath(entry + QStringLiteral("/comm")));
        if (entry.toInt() > 0 && (name.isEmpty() || (comm.open(QIODevice::ReadOnly) && comm.readAll().trimmed() == name)))
            ++count;
    }
    return count;
}
