// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#pragma once

#include <SignalNotifier/error.h>
#include <SignalNotifier/signalnotifier_export.h>

#include <QtCore/qdeadlinetimer.h>
#include <QtCore/qflags.h>
#include <QtCore/qobjectdefs.h>
#include <QtCore/qstring.h>
#include <QtCore/qstringlist.h>

namespace SN {

class SIGNALNOTIFIER_EXPORT Session
{
    Q_GADGET
public:
    // Events the platform ends the process after (SignalInfo::isHeld()): kept alive until
    // the application's shutdown is done, or until the platform's deadline.
    static bool isHolding();
    static QDeadlineTimer holdDeadline();
    static void releaseHold();

    // Answers "not now" to a session-end query (Windows GUI), showing `reason` to the user.
    static bool blockEnd(const QString &reason);
    static void unblockEnd();

    // Windows: the system starts the program again after an installer closed it (the
    // Restart Manager) or after a restart for an update (RegisterApplicationRestart).
    enum RestartFlag {
        RestartAlways = 0,
        NoRestartOnCrash = 1,     // RESTART_NO_CRASH
        NoRestartOnHang = 2,      // RESTART_NO_HANG
        NoRestartOnPatch = 4,     // RESTART_NO_PATCH
        NoRestartOnReboot = 8,    // RESTART_NO_REBOOT
    };
    Q_DECLARE_FLAGS(RestartFlags, RestartFlag)
    Q_FLAG(RestartFlags)
    static bool registerRestart(const QStringList &arguments, RestartFlags flags,
                                Error *error = nullptr);
    static void unregisterRestart();

    Session() = delete;
};

Q_DECLARE_OPERATORS_FOR_FLAGS(Session::RestartFlags)

} // namespace SN
