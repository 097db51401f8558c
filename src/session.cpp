// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// What the process and the user's session allow around an application's end: process-wide
// state kept by the backend (sessionend_p.h), so every member is static and any thread
// may call it.

#include "SignalNotifier/session.h"

#include "sessionend_p.h"
#include "signalconvert_p.h"

#include <QtCore/qcoreapplication.h>

namespace SN {

/*!
    \class Session session.h <SignalNotifier/Session>
    \brief The process's end as the system sees it: the hold after an event that ends the
    process, the session-end veto, and being started again after an update.

    Some events end the process as soon as the application's handler returns: on Windows
    \c CTRL_CLOSE_EVENT, \c CTRL_LOGOFF_EVENT and \c CTRL_SHUTDOWN_EVENT in a console
    process, and \c WM_ENDSESSION in a GUI process. SignalNotifier delivers them with
    SignalInfo::isHeld() set and keeps the process alive until releaseHold() or the
    platform's deadline (holdDeadline()). On Linux the machine's shutdown is held the same
    way: systemd-logind announces it and waits for the application's delay lock (a build
    with Qt D-Bus; see ServiceManager's page), and releaseHold() lets it go on.
    GracefulShutdown does this for you; call these yourself only when you shut down
    without it. A releaseHold() elsewhere in a program that has one waits for its
    sequence (see releaseHold()).

    \code
    SignalNotifier ending(Signal::terminationRequests());
    QObject::connect(&ending, &SignalNotifier::activated, &app, [&](const SignalInfo &info) {
        saveDocuments();
        if (info.isHeld())
            Session::releaseHold();   // saved: the system may end the process now
        app.quit();
    });
    \endcode

    Everything here is process-wide and static; any thread may call it. On POSIX no signal
    ends the process behind the application's back and no system restarts a program it
    closed: isHolding() is false except during logind's shutdown on Linux, blockEnd() and
    registerRestart() return false, and the rest does nothing.

    \sa SignalInfo::isHeld(), GracefulShutdown
*/

/*!
    Whether the platform is keeping the process alive now, after an event it would end the
    process for (SignalInfo::isHeld(): Windows CTRL_CLOSE, CTRL_LOGOFF, CTRL_SHUTDOWN and a
    GUI session end), or whether the machine waits for it before it shuts down (Linux: a
    Shutdown from systemd-logind, while the library holds logind's delay lock). No POSIX
    signal is ever held: no signal ends the process behind the application's back.
*/
bool Session::isHolding()
{
    return SignalBackend::holdActive();
}

/*!
    When the platform stops waiting for releaseHold() and lets the process end anyway;
    QDeadlineTimer::Forever when nothing is held. A shutdown that must
    finish plans within it: GracefulShutdown shortens its own deadline to it. It is the
    system's own limit less half a second, read with SystemParametersInfo when the event
    arrives: 5 seconds by default (\c SPI_GETHUNGAPPTIMEOUT for a closed console,
    \c SPI_GETWAITTOKILLTIMEOUT for logoff and shutdown), 20 seconds for a service at
    shutdown; the \ref md_docs_windows "Windows" page has the table. On Linux it is
    systemd-logind's InhibitDelayMaxSec less half a second (the \ref services page). Any
    thread.

    Every call during one hold gives the same instant, the one at which the library lets
    the hold go (on Linux to the nanosecond; built with mingw-w64, where Qt does not take
    std::chrono::steady_clock for its own clock, Qt converts through the time left, and
    the instant moves by the time between its two clock readings in the call, usually
    well under a microsecond, longer if the thread is preempted right there).
*/
QDeadlineTimer Session::holdDeadline()
{
    // The backend's instant on std::chrono::steady_clock. Where Qt knows that clock to be
    // its own (qdeadlinetimer.h: Linux, Apple, MSVC) a precise QDeadlineTimer is made at
    // exactly that instant, the same on every call; elsewhere (mingw-w64) Qt converts
    // through the time left (qdoc above).
    const std::chrono::steady_clock::time_point end = SignalBackend::holdEnd();
    return QDeadlineTimer(end, Qt::PreciseTimer);
}

/*!
    Tells the platform that the application's shutdown is done: every held event is let
    go and the platform goes on ending the process (Windows: the held console or session
    event's handler returns and the system ends the process; Linux: logind's delay lock
    is closed and the machine goes on shutting down). Call it last, after state is saved.
    Harmless when nothing is held; an event that arrives afterwards is held again. Any
    thread; it never waits.

    The hold is one for the process, not one per notifier. So while a GracefulShutdown's
    sequence runs it \e claims the hold: from the arrival of a held event it watches
    (before any notifier is activated with it), or from its request when that is
    accepted while something is held, until its own release right before the process
    ends. A releaseHold() during the claim, from a slot of another notifier or any other
    code, does not end the hold under its hooks: it is remembered and done when the
    claim ends, which is when the sequence is done, or when the GracefulShutdown is
    destroyed before it finished. The platform's deadline (holdDeadline()) ends the hold
    whatever is claimed. Without a GracefulShutdown, releaseHold() ends the hold at once.

    \sa isHolding(), GracefulShutdown
*/
void Session::releaseHold()
{
    SignalBackend::releaseHold();
}

/*!
    Asks the platform to let the session end wait: while blocked, a query whether the
    session may end (Windows: WM_QUERYENDSESSION in a GUI process) is answered "not now"
    and \a reason is shown to the user. Returns false where the platform has no such
    query (POSIX); nothing changes there.

    On Windows the reason is given to ShutdownBlockReasonCreate (Microsoft documentation
    "ShutdownBlockReasonCreate function") for a hidden window whose title is
    QCoreApplication::applicationName() and whose icon is the program's own: that is what
    the "this app is preventing shutdown" screen shows. Any thread; never waits for the
    window's thread, which may be holding a session end at that moment.

    \sa unblockEnd()
*/
bool Session::blockEnd(const QString &reason)
{
    // Shown by Windows beside the reason on its "this app is preventing shutdown" screen,
    // instead of the program's file name.
    if (QCoreApplication::instance() && !QCoreApplication::applicationName().isEmpty())
        SignalBackend::setApplicationName(QCoreApplication::applicationName().toStdString());
    return bool(SignalBackend::blockSessionEnd(reason.toStdString()));
}

/*!
    Lets the session end again after blockEnd() (Windows ShutdownBlockReasonDestroy).
    Harmless when nothing is blocked and on POSIX. Any thread.
*/
void Session::unblockEnd()
{
    SignalBackend::unblockSessionEnd();
}

/*!
    \enum Session::RestartFlag
    \brief When Windows should not start the program again (RegisterApplicationRestart's
    \c RESTART_NO_* flags, Microsoft documentation "RegisterApplicationRestart function").

    \value RestartAlways      start it again in every case below
    \value NoRestartOnCrash   not after it crashed (\c RESTART_NO_CRASH)
    \value NoRestartOnHang    not after it hung (\c RESTART_NO_HANG)
    \value NoRestartOnPatch   not after an installer closed it for an update
                              (\c RESTART_NO_PATCH, the Restart Manager)
    \value NoRestartOnReboot  not after a restart for a system update (\c RESTART_NO_REBOOT)
*/

/*!
    Windows: asks the system to start this program again, with \a arguments (not including
    the program itself), after an installer closed it through the Restart Manager to
    update it (SignalInfo::SessionCloseApp), after a restart for a system update, or after
    a crash or hang, unless \a flags exclude the case. Calls RegisterApplicationRestart
    (Microsoft documentation "RegisterApplicationRestart function"): the command line is at
    most 1024 characters, and Windows honours the registration only once the process has
    run for at least 60 seconds. A later call replaces an earlier one. Any thread.

    Returns false with \a error set: Error::InvalidArgument for a command line that is too
    long or not valid UTF-16, Error::SystemError with the system's words (nativeCode() the
    HRESULT), Error::Unsupported on POSIX (nothing there restarts a program after an
    update).

    \sa unregisterRestart()
*/
bool Session::registerRestart(const QStringList &arguments, RestartFlags flags,
                              Error *error)
{
    // One command line as CommandLineToArgvW splits it: each argument quoted.
    QStringList quoted;
    for (const QString &a : arguments) {
        QString q = a;
        q.replace(QStringLiteral("\""), QStringLiteral("\\\""));
        quoted.append(QLatin1Char('"') + q + QLatin1Char('"'));
    }
    const SignalBackend::Result r = SignalBackend::registerApplicationRestart(
        quoted.join(QLatin1Char(' ')).toStdString(), unsigned(flags.toInt()));
    return report(errorOf(r, Signal()), error);
}

/*!
    Windows: takes back registerRestart() (UnregisterApplicationRestart, Microsoft
    documentation "UnregisterApplicationRestart function"), for instance once the user
    chose to quit for good. Harmless when nothing is registered and on POSIX.
*/
void Session::unregisterRestart()
{
    SignalBackend::unregisterApplicationRestart();
}

} // namespace SN
