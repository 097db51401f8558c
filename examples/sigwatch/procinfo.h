// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// What sigwatch reads about a process besides what the library tells: its name and each
// thread's signal mask. Linux reads /proc (procinfo_linux.cpp); elsewhere there is
// nothing to read (procinfo_none.cpp). Kept in the example rather than the library: the
// library's public API says nothing per thread of another process.

#pragma once

#include <QtCore/qlist.h>
#include <QtCore/qstring.h>

#include <optional>

struct ThreadMasks
{
    qint64 tid = 0;
    QString name;
    quint64 blocked = 0;   // bit n - 1 for signal n
    quint64 pending = 0;   // pending for this thread only (not the process-wide set)
};

// The process's command name (Linux: /proc/PID/comm, at most 15 bytes); nullopt when it
// cannot be read: gone, not permitted, no /proc.
std::optional<QString> processName(qint64 pid);

// Every thread's masks, ordered by thread id; nullopt when they cannot be read. Threads
// that end while they are read are left out.
std::optional<QList<ThreadMasks>> threadMasks(qint64 pid);
