// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#pragma once

#include <SignalNotifier/error.h>
#include <SignalNotifier/signalnotifier_export.h>

#include <QtCore/qstring.h>

namespace SN {

// What a service tells the service manager that started it. This branch adds only the
// Windows entry point; the rest of the class (ready, status, reloading, stopping, more
// time, the watchdog) comes with systemd's half of issue 13.
class SIGNALNOTIFIER_EXPORT ServiceManager
{
public:
    ServiceManager() = delete;

    // Windows: makes this process the service `name` (empty: the one the SCM started it
    // as). False, with the reason, when it is not a service (run from a console) or on
    // POSIX; nothing else changes then.
    static bool runAsWindowsService(const QString &name, Error *error = nullptr);
};

} // namespace SN
