// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The part of ProcessStopper every platform shares. prepare() is in
// processstopper_<platform>.cpp: how a child gets its own process group is the one thing
// here that QProcess spells differently per platform.

#include "SignalNotifier/processstopper.h"

#include "children_p.h"
#include "signalconvert_p.h"

#include <QtCore/qprocess.h>

#include <algorithm>

namespace SN {

/*!
    \class ProcessStopper processstopper.h <SignalNotifier/ProcessStopper>
    \brief Stops a QProcess child gracefully, the same way on every platform.

    QProcess::terminate() sends SIGTERM on POSIX but only posts WM_CLOSE on Windows,
    which a console program sees only when it watches Signal::Terminate with this library;
    QProcess::kill() gives the child no chance to save anything. ProcessStopper asks the child to stop the way its platform's console
    programs expect:

    \list
    \li prepare(), before QProcess::start(), starts the child in its own process group
        (POSIX: \c setpgid; Windows: \c CREATE_NEW_PROCESS_GROUP). A Ctrl-C typed into the
        terminal then reaches only the parent, which decides what the child gets.
    \li requestStop() asks the running child to stop: POSIX sends \a how (SIGTERM by
        default) to the child's group; Windows sends \c CTRL_BREAK_EVENT, the one console
        event that reaches another process group.
    \endlist

    On Windows prepare() also keeps the child on this process's console (QProcess starts
    it with \c CREATE_NO_WINDOW, on a console of its own, when ours has no window), and
    requestStop() and Signal::send() address only children prepared this way:
    GenerateConsoleCtrlEvent with a pid that leads no group would reach every process on
    the console (Microsoft documentation "GenerateConsoleCtrlEvent function"). Such a pid
    is refused with Error::InvalidArgument, \c CTRL_C_EVENT (which Windows does not
    deliver to a group) with Error::Unsupported, and a child on a console of its own
    (this process has none) with Error::Unsupported; the Error's text says which.

    \code
    QProcess child;
    ProcessStopper::prepare(&child);
    child.start(program, arguments);
    ...
    ProcessStopper::requestStop(&child);           // graceful
    if (!child.waitForFinished(5000))
        child.kill();                                // by force, after a deadline
    \endcode

    Both functions are static; call them in the thread the QProcess lives in, as for any
    call on a QProcess.

    \sa Signal::send(), QProcess::terminate()
*/

/*!
    Asks the running \a process to stop gracefully; see the class description. Returns at
    once: wait for QProcess::finished() (or QProcess::waitForFinished()) and kill the child
    after a deadline of your own if it does not stop.

    POSIX: sends \a how (Terminate, SIGTERM, by default) to the child's process group when
    prepare() made it lead one, else to the child alone (kill(2)); then SIGCONT, as
    systemd does after SIGTERM, so that a child stopped by Ctrl-Z, a debugger or SIGSTOP
    acts on the request instead of sitting out the deadline (not when \a how is itself a
    stop signal, SIGCONT or SIGKILL). Windows: Terminate and Break both send
    \c CTRL_BREAK_EVENT to the prepared child's group.

    Returns false with \a error set: Error::NoSuchProcess when \a process is null or not
    running (or ended meanwhile), Error::UnknownSignal for an invalid \a how,
    Error::UnsupportedSignal for a \a how with no number here
    (other than Terminate) and on Windows for anything but Terminate, Break and Interrupt;
    on Windows Error::Unsupported for Interrupt (\c CTRL_C_EVENT cannot be sent to a
    group) and for a child on a console of its own, Error::InvalidArgument for a child not
    started through prepare(); Error::PermissionDenied as kill(2) reports it.
*/
bool ProcessStopper::requestStop(QProcess *process, Signal how, Error *error)
{
    if (!process || process->state() != QProcess::Running)
        return fail(Error::NoSuchProcess, how, error);
    // fail() says UnsupportedSignal for an event with no number here (Logoff on POSIX),
    // UnknownSignal for an invalid Signal.
    if (how.number() <= 0 && how != Signal::Terminate)
        return fail(Error::UnknownSignal, how, error);
    return check(SignalBackend::requestChildStop(process->processId(), std::max(how.number(), 0)),
                 how, error);
}

} // namespace SN
