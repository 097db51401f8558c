// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#pragma once

#include <SignalNotifier/error.h>
#include <SignalNotifier/signalnotifier_export.h>

#include <QtCore/qstring.h>

#include <chrono>

namespace SN {

// What a service tells the service manager that started it: systemd's notification
// protocol on Linux, the service control manager on Windows. Every call is harmless where
// no manager waits (it returns false and does nothing else).
class SIGNALNOTIFIER_EXPORT ServiceManager
{
public:
    ServiceManager() = delete;

    static bool isManaged();

    static bool notifyReady();
    static bool setStatus(const QString &text);
    static bool notifyReloading();
    static bool notifyStopping();
    static bool extendTimeout(std::chrono::milliseconds time);

    // The watchdog is automatic: pinged from the main thread's event loop at this interval
    // (half the manager's timeout), zero when no watchdog is asked of this process.
    static std::chrono::microseconds watchdogInterval();

    // Windows: makes this process the service `name` (empty: the one the SCM started it
    // as). False, with the reason, when it is not a service (run from a console) or on
    // POSIX; nothing else changes then.
    static bool runAsWindowsService(const QString &name, Error *error = nullptr);
};

} // namespace SN
