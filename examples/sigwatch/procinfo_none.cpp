// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Systems without /proc: neither names nor per-thread masks can be read. sigwatch then
// shows the main thread's mask (the library's) and no names.

#include "procinfo.h"

std::optional<QString> processName(qint64)
{
    return std::nullopt;
}

std::optional<QList<ThreadMasks>> threadMasks(qint64)
{
    return std::nullopt;
}
