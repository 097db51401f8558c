// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Systems without /proc/PID/status: there is no portable way to read another
// process's signal actions, so say so rather than guess.

#include "processsignals.h"

Signal::Error readProcessSignalState(qint64, QList<ProcessSignalState> *out)
{
    out->clear();
    return Signal::Unsupported;
}
