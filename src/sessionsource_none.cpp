// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The session source of a build without one (no Qt D-Bus, or not Linux): the events that
// are no signal here (Logoff, Shutdown on POSIX) may be watched and never fire. See
// sessionevents_p.h.

#include "sessionevents_p.h"

void SN::SessionSource::watchedChanged()
{
}

SignalBackend::Result SN::SessionSource::prepare(const QList<Signal> &, QString *)
{
    return {};   // nothing to start: the events are watched and never fire
}
