// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// GracefulShutdown's public API. Each function hands its work to the class of the thread
// it runs on (gracefulshutdown_p.h): ShutdownSequence for this object's own thread, and
// ShutdownShared for the handles and inhibit(), which may be used from any thread.

#include "SignalNotifier/gracefulshutdown.h"

#include "shutdownsequence_p.h"
#include "shutdownshared_p.h"

#include <QtCore/qcoreapplication.h>

#include <algorithm>

namespace SN {

using namespace std::chrono_literals;

/*!
    \class GracefulShutdown
    \brief Turns the termination requests into an orderly quit: save-state hooks in order,
    deadlines, a second request that forces the exit, and the exit status a supervisor
    expects.

    The one line most programs need:

    \code
    int main(int argc, char **argv)
    {
        QCoreApplication app(argc, argv);
        GracefulShutdown shutdown;   // Ctrl-C, kill, systemctl stop, terminal hang-up...
        shutdown.addHook(QStringLiteral("save journal"), [&] { journal.save(); });
        return shutdown.exec();      // ends the process the way the request asked
    }
    \endcode

    The first termination request (Signal::terminationRequests(): Interrupt, Terminate,
    Hangup/Close, Logoff, Shutdown, and on Windows also Break and WM_CLOSE as Terminate;
    or the list given to the constructor), or a call to requestShutdown(), starts the
    sequence:

    \list 1
    \li shutdownRequested() says which event it was and who sent it.
    \li While an Inhibitor is held, the sequence waits (within the deadline).
    \li The hooks run one at a time, by ascending \c order, then in the order they were
        added. A synchronous hook (addHook()) is done when it returns; an asynchronous
        one (addAsyncHook()) when it calls Completion::done(), from any thread. A hook
        that takes longer than its timeout is reported by name (a warning in the
        "signalnotifier.shutdown" logging category and hookOverdue()); the sequence then
        goes on without waiting for an asynchronous one. A hook added with a context
        object runs in that object's thread and is dropped when it is destroyed before
        the hook is called, as a slot is with its receiver (the addHook() and
        addAsyncHook() overloads that take a context); removeHook() takes hooks out again.
    \li finished() is emitted and the event loop quits; exec() then ends the process:
        with ExitBySignal (the default) by the request's own signal with its default
        action, so a shell sees 130 for Ctrl-C and 143 for \c kill, and systemd sees
        "killed by SIGTERM"; with ExitNormally, or after requestShutdown() without a
        signal, exec() returns exitCode() for \c main to return.
    \endlist

    A second termination request during the sequence, or the end of the overall
    deadline(), ends the process at once, saying so on stderr and, when its thread can
    still run, through forcingExit(). This works even while the thread is stuck inside a
    synchronous hook: the requests and the deadline are watched by a small thread of this
    object's own. A forced exit also ends with the request's signal (a second Ctrl-C:
    130); without any signal, with status 1.

    Under a service manager (ServiceManager::isManaged(); systemd: \c NOTIFY_SOCKET
    set), the manager is told \c STOPPING=1 when the sequence starts, and
    \c EXTEND_TIMEOUT_USEC before each hook, so that its stop timeout covers what is left
    of the deadline (ServiceManager::notifyStopping(), ServiceManager::extendTimeout(); see
    sd_notify(3)). A Windows service (ServiceManager::runAsWindowsService()) hears the same
    as \c SERVICE_STOP_PENDING, with the next checkpoint and a wait hint of what is left of
    the deadline at each step, and exec() reports \c SERVICE_STOPPED with the exit status
    as its last act.

    On Windows, events the system ends the process after (closing the console, logoff,
    shutdown; SignalInfo::isHeld()) are held by the library until the sequence is done:
    the hold is released right before the process ends, also on a forced exit, and the
    deadline is shortened to the hold's own (Session::holdDeadline()). The sequence
    claims the hold (the same on Linux, for logind's shutdown): a Session::releaseHold()
    from another notifier's slot meanwhile is done only when the sequence is. While an
    inhibitor is held, a GUI session end is answered "not now" where the system allows it
    (Session::blockEnd()).

    GracefulShutdown needs only Qt Core and works the same in QCoreApplication,
    QGuiApplication and QApplication programs. Create it in the main thread, once the
    application object exists.

    \sa SignalNotifier, Signal::endProcess()
*/

/*!
    \enum GracefulShutdown::ExitMode
    How the process ends once the orderly sequence is done.
    \value ExitBySignal  By the request's own signal with its default action (130 / 143 in
                         a shell, "killed by SIGTERM" for systemd; STATUS_CONTROL_C_EXIT for
                         Ctrl-C on Windows). A sequence started by requestShutdown() exits
                         normally with exitCode().
    \value ExitNormally  exec() returns exitCode().
*/

/*!
    \enum GracefulShutdown::ForceReason
    Why the orderly sequence was cut short.
    \value SecondRequest   Another termination request arrived during the shutdown.
    \value DeadlinePassed  The overall deadline() passed.
*/

/*!
    \typedef GracefulShutdown::Hook
    A synchronous hook: `std::function<void()>`, done when it returns.
*/

/*!
    \typedef GracefulShutdown::AsyncHook
    An asynchronous hook: `std::function<void(Completion)>`, done when it calls
    Completion::done().
*/

/*!
    \fn GracefulShutdown::Inhibitor::Inhibitor()
    An inactive inhibitor, holding nothing back; GracefulShutdown::inhibit() makes active ones.
*/

/*!
    \class GracefulShutdown::Completion
    \brief Handed to an asynchronous hook, which calls done() when its work has finished.

    Copyable; it may be moved to another thread or stored in a lambda. Only the first
    done() counts; a done() after the hook's timeout is ignored.
*/

/*!
    Reports the hook's work as finished. May be called from any thread, at any time,
    also from inside the hook itself.
*/
void GracefulShutdown::Completion::done() const
{
    if (!m_state)
        return;
    const int token = m_hook;
    m_state->postToSequence([token](ShutdownSequence &sequence) { sequence.hookDone(token); });
}

/*!
    \class GracefulShutdown::Inhibitor
    \brief Postpones the shutdown while held: "do not stop while this file is written".

    Get one from GracefulShutdown::inhibit(). Move-only; the shutdown goes on when it is
    released or destroyed. It may be released in any thread, and may outlive the
    GracefulShutdown.
*/

/*! Takes over \a other's hold; \a other is then inactive. */
GracefulShutdown::Inhibitor::Inhibitor(Inhibitor &&other) noexcept
    : m_state(std::move(other.m_state)), m_id(other.m_id)
{
    other.m_state.reset();
    other.m_id = -1;
}

/*! Releases this inhibitor's hold, then takes over \a other's. */
GracefulShutdown::Inhibitor &GracefulShutdown::Inhibitor::operator=(Inhibitor &&other) noexcept
{
    if (this != &other) {
        release();
        m_state = std::move(other.m_state);
        m_id = other.m_id;
        other.m_state.reset();
        other.m_id = -1;
    }
    return *this;
}

/*! Releases the hold. */
GracefulShutdown::Inhibitor::~Inhibitor()
{
    release();
}

/*! Lets the shutdown go on. Releasing twice is harmless. */
void GracefulShutdown::Inhibitor::release()
{
    if (!m_state)
        return;
    const std::shared_ptr<ShutdownShared> state = std::move(m_state);
    m_state.reset();
    const bool last = state->releaseInhibitor(m_id);
    m_id = -1;
    if (last)
        state->postToSequence([](ShutdownSequence &sequence) { sequence.inhibitorsChanged(); });
}

/*! Whether this inhibitor still holds the shutdown back. */
bool GracefulShutdown::Inhibitor::isActive() const
{
    return m_state != nullptr;
}

/*!
    Watches Signal::terminationRequests(): Interrupt, Terminate, Hangup (Close), Logoff and
    Shutdown, and on Windows Break (CTRL_BREAK_EVENT) and WM_CLOSE (as Terminate); those a
    platform does not have are watched harmlessly. \a parent is the QObject parent.
*/
GracefulShutdown::GracefulShutdown(QObject *parent)
    : GracefulShutdown(Signal::terminationRequests(), parent)
{
}

/*!
    Watches \a requests instead of Signal::terminationRequests(), with \a parent. A signal
    that cannot be watched is reported with a warning in the "signalnotifier.shutdown"
    logging category, and none of the list is watched then.
*/
GracefulShutdown::GracefulShutdown(const QList<Signal> &requests, QObject *parent)
    : QObject(parent), d(std::make_unique<ShutdownSequence>(this, requests))
{
}

/*!
    Stops watching; the previous actions of the signals come back. An unfinished sequence
    is abandoned; a finished one releases the platform's hold, if exec() has not.
*/
GracefulShutdown::~GracefulShutdown() = default;   // ~ShutdownSequence() does the work

namespace {

// The four addHook / addAsyncHook: one checks and adds all of them.
void add(ShutdownSequence &sequence, const char *function, const QString &name, bool withContext,
         const QObject *context, GracefulShutdown::Hook sync, GracefulShutdown::AsyncHook async,
         std::chrono::milliseconds timeout, int order)
{
    if (!sync && !async) {
        qCWarning(lcShutdown, "GracefulShutdown::%s: hook \"%s\" is empty; ignored", function, qPrintable(name));
        return;
    }
    if (withContext && !context) {
        qCWarning(lcShutdown, "GracefulShutdown::%s: hook \"%s\" has a null context object; ignored",
                  function, qPrintable(name));
        return;
    }
    sequence.addHook({name, std::move(sync), std::move(async), std::max(timeout, 0ms), order, {}, {}}, context);
}

} // namespace

/*!
    Adds a synchronous hook: \a hook is called in this object's thread during the sequence
    and is done when it returns. Hooks run by ascending \a order, then in the order they
    were added. When it takes longer than \a timeout it is reported by name (a warning and
    hookOverdue()), while it still runs; it cannot be interrupted, but a second request or
    the overall deadline still end the process.

    \sa removeHook()
*/
void GracefulShutdown::addHook(const QString &name, Hook hook, std::chrono::milliseconds timeout,
                               int order)
{
    add(*d, "addHook", name, false, nullptr, std::move(hook), AsyncHook(), timeout, order);
}

/*!
    Adds an asynchronous hook: \a hook is called in this object's thread with a Completion,
    and is done when Completion::done() is called, from any thread. When that has not
    happened within \a timeout, the hook is reported by name (a warning and hookOverdue())
    and the sequence goes on without it. Ordered by \a order like addHook().

    \code
    shutdown.addAsyncHook(QStringLiteral("upload"), [&](GracefulShutdown::Completion done) {
        connect(uploader, &Uploader::finished, [done] { done.done(); });
        uploader->flush();
    }, std::chrono::seconds(3));
    \endcode
*/
void GracefulShutdown::addAsyncHook(const QString &name, AsyncHook hook,
                                    std::chrono::milliseconds timeout, int order)
{
    add(*d, "addAsyncHook", name, false, nullptr, Hook(), std::move(hook), timeout, order);
}

/*!
    \overload
    Adds a synchronous hook with a \a context object, the way QObject::connect() takes a
    receiver: \a hook is called in the thread \a context lives in, and is dropped when
    \a context is destroyed before it is called. \a name, \a timeout and \a order are as
    for addHook() without a context.

    \list
    \li \a context in this object's thread: exactly as without a context; the hook blocks
        the sequence's thread until it returns.
    \li \a context in another thread: the hook is called there, through that thread's
        event loop (which must be running), while this object's thread goes on running its
        own. The sequence waits for the hook to return, up to \a timeout: past it, the hook
        is reported (a warning and hookOverdue()) and the sequence goes on without it, as
        for an asynchronous hook; a hook not called by then is never called.
    \li \a context destroyed before the sequence reaches the hook: the hook is dropped
        without any signal, as a connection would be. Destroyed after hookStarted(), while
        the call waits in the context's thread: it is dropped, an info message says so,
        and hookFinished() follows as if it had returned at once (what it had to save went
        with its context).
    \li \a context destroyed while its hook runs (the hook deletes it, or something it
        calls does): nothing changes. The context only decides whether, and in which
        thread, the hook is called; once called, the hook is done when it returns (an
        asynchronous one: when its Completion says so, or its timeout passes), whatever
        happens to the context meanwhile.
    \endlist

    A null \a context is reported with a warning, and the hook is ignored.

    \code
    // The database lives in its worker thread: so does its hook.
    shutdown.addHook(QStringLiteral("close database"), database, [database] { database->close(); });
    \endcode

    \sa removeHook()
*/
void GracefulShutdown::addHook(const QString &name, const QObject *context, Hook hook,
                               std::chrono::milliseconds timeout, int order)
{
    add(*d, "addHook", name, true, context, std::move(hook), AsyncHook(), timeout, order);
}

/*!
    \overload
    Adds an asynchronous hook with a \a context object: \a hook is called with its
    Completion in the thread \a context lives in, and dropped when \a context is destroyed
    before it is called, as addHook() with a context describes. It is done when
    Completion::done() is called, from any thread, or reported overdue after \a timeout.
    Ordered by \a order.
*/
void GracefulShutdown::addAsyncHook(const QString &name, const QObject *context, AsyncHook hook,
                                    std::chrono::milliseconds timeout, int order)
{
    add(*d, "addAsyncHook", name, true, context, Hook(), std::move(hook), timeout, order);
}

/*!
    Removes every hook named \a name. Returns \c true when there was one (added and not
    removed yet), \c false otherwise. During the sequence, those still to run are taken
    out of it; the hook running now (or waited for) and those already run are not affected.
    Call it in this object's thread, like addHook().
*/
bool GracefulShutdown::removeHook(const QString &name)
{
    return d->removeHook(name);
}

/*!
    Holds the shutdown back until the returned Inhibitor is released: the sequence does not
    move to its next step (the first hook, the next hook, the end) while any is held, up to
    the overall deadline. \a why names the work in the log and, on Windows GUI programs, in
    the system's session-end dialog. May be called from any thread.

    \code
    {
        auto busy = shutdown.inhibit(QStringLiteral("writing the archive"));
        writeArchive();
    }   // released here
    \endcode
*/
GracefulShutdown::Inhibitor GracefulShutdown::inhibit(const QString &why)
{
    Inhibitor inhibitor;
    bool first = false;
    inhibitor.m_id = d->shared->addInhibitor(why, &first);
    inhibitor.m_state = d->shared;
    if (first)
        d->shared->postToSequence([](ShutdownSequence &sequence) { sequence.inhibitorsChanged(); });
    return inhibitor;
}

/*!
    The overall deadline, counted from the first request; 10 seconds unless set. This is
    the configured length; a platform's hold can end the sequence earlier:
    forcedExitDeadline() says when the running sequence ends the process.
*/
std::chrono::milliseconds GracefulShutdown::deadline() const
{
    return d->shared->deadlineLength();
}

/*!
    When the sequence under way ends the process by force (forcingExit()): deadline()
    after the first request, or the end of the platform's hold when that comes first
    (Session::holdDeadline(): logind's InhibitDelayMaxUSec on Linux, less a margin; the
    console's or the session's wait on Windows), as taken when the request was accepted.
    QDeadlineTimer::Forever while no request has been taken. Without its watchdog thread
    (error() set: out of descriptors or threads, no QCoreApplication) nothing of this
    object ends the process: only the platform's hold, if one is under way, Forever
    otherwise. A hook can bound its work by it, e.g.
    \c{forcedExitDeadline().remainingTime()} in milliseconds.

    Thread-safe: hooks call it from the thread they run in.
*/
QDeadlineTimer GracefulShutdown::forcedExitDeadline() const
{
    const ShutdownShared::Request request = d->shared->request();
    if (d->setupError != Error::NoError)
        return request.hold;   // the second outside breaker of issue 14's fixes saw 500 ms never enforced
    return request.deadline;
}

/*!
    Sets the overall deadline to \a total: when it has passed since the first request, the
    process ends (forcingExit(DeadlinePassed)). Takes effect for a sequence not yet started.
    Keep it under the supervisor's own: systemd's TimeoutStopSec (90 s, extended while the
    hooks run), Kubernetes' grace period (30 s), Docker's stop timeout (10 s).
*/
void GracefulShutdown::setDeadline(std::chrono::milliseconds total)
{
    const std::chrono::milliseconds length = std::max(total, 0ms);
    if (d->shared->setDeadlineLength(length))
        Q_EMIT deadlineChanged(length);
}

/*! How the process ends once the sequence is done; ExitBySignal unless set. */
GracefulShutdown::ExitMode GracefulShutdown::exitMode() const
{
    return d->exitMode;
}

/*! Sets how the process ends once the sequence is done to \a mode. */
void GracefulShutdown::setExitMode(ExitMode mode)
{
    if (d->exitMode == mode)
        return;
    d->exitMode = mode;
    Q_EMIT exitModeChanged(mode);
}

/*!
    The status exec() returns with ExitNormally, or after requestShutdown() without a
    signal; 0 unless set.
*/
int GracefulShutdown::exitCode() const
{
    return d->exitCode;
}

/*! Sets the status of a normal exit to \a code. */
void GracefulShutdown::setExitCode(int code)
{
    if (d->exitCode == code)
        return;
    d->exitCode = code;
    Q_EMIT exitCodeChanged(code);
}

/*! Whether a request has been taken: from then on, another one forces the exit. */
bool GracefulShutdown::isShuttingDown() const
{
    return d->shared->request().taken;
}

/*!
    Why this object watches nothing, or Error::NoError when it watches the requests:
    Error::NoEventLoop when it was made before the QCoreApplication, Error::OutOfResources
    when the process was out of descriptors or threads for its watchdog thread, or the
    error of a request that cannot be watched. A warning in the "signalnotifier.shutdown"
    category says the same when it is made. Such an object never crashes or aborts the
    process: requests take their default action (Ctrl-C still ends it with 130), and
    requestShutdown() still runs the hooks, without a deadline when its thread is missing
    (forcedExitDeadline() says so), once an event loop runs: without a QCoreApplication
    none does, and the hooks never run.
*/
Error::Code GracefulShutdown::error() const
{
    return d->setupError;
}

/*! The reason for error(), in words; empty when there is none. */
QString GracefulShutdown::errorString() const
{
    return d->setupErrorString;
}

/*! The request that started the shutdown; invalid before, and after requestShutdown(). */
SignalInfo GracefulShutdown::request() const
{
    return d->shared->request().info;
}

/*!
    Runs the application's event loop (QCoreApplication::exec()). When the shutdown
    sequence has run, ends the process the way exitMode() says: with ExitBySignal, by the
    request's signal (it does not return; stdio is flushed, no destructors run); otherwise
    it returns exitCode() for \c main to return, so destructors run as usual. When the loop
    ended for another reason, returns the loop's own code. A quit() during the sequence
    does not cut it short: exec() waits for finished() first.

    \code
    return shutdown.exec();
    \endcode
*/
int GracefulShutdown::exec()
{
    return exec(&QCoreApplication::exec);
}

/*!
    \overload
    Runs the event loop with \a runLoop instead of QCoreApplication::exec(), then ends the
    process like exec(). GUI programs pass their application's own exec, so that what it
    adds to the loop (QGuiApplication::exec() sets up accessibility) is kept, while this
    library depends on Qt Core only:

    \code
    QApplication app(argc, argv);
    GracefulShutdown shutdown;
    ...
    return shutdown.exec(QApplication::exec);
    \endcode
*/
int GracefulShutdown::exec(int (*runLoop)())
{
    return d->exec(runLoop);
}

/*!
    Starts the same sequence without a signal (a Quit menu, a failed health check). Does
    nothing when a shutdown is already under way. The sequence starts once control is back
    in the event loop.
*/
void GracefulShutdown::requestShutdown()
{
    d->requestShutdown();
}

/*!
    \fn void GracefulShutdown::shutdownRequested(const SignalInfo &request)
    The sequence starts, because of \a request: which event, and from whom where the
    platform says (SignalInfo::senderPid()). Invalid after requestShutdown().
*/

/*!
    \fn void GracefulShutdown::hookStarted(const QString &name)
    The hook \a name starts.
*/

/*!
    \fn void GracefulShutdown::hookFinished(const QString &name)
    The hook \a name is done: it returned, or called Completion::done() in time. A
    synchronous hook that returns after its timeout gets hookOverdue() and then this.
*/

/*!
    \fn void GracefulShutdown::hookOverdue(const QString &name)
    The hook \a name took longer than its timeout. An asynchronous one is abandoned (the
    sequence goes on); a synchronous one is reported when it returns (a warning is printed
    while it still runs).
*/

/*!
    \fn void GracefulShutdown::forcingExit(GracefulShutdown::ForceReason reason)
    The process is about to end without finishing the sequence, for \a reason. Emitted when
    this object's thread can still run; when it is stuck in a synchronous hook, the process
    ends without it (the reason is printed on stderr in both cases).
*/

/*!
    \fn void GracefulShutdown::finished()
    Every hook has run; the event loop quits next, and exec() ends the process.
*/

/*!
    \property GracefulShutdown::deadline
    \brief The overall deadline, counted from the first request: deadline(), setDeadline(), deadlineChanged().
*/

/*!
    \property GracefulShutdown::exitMode
    \brief How the process ends once the sequence is done: exitMode(), setExitMode(), exitModeChanged().
*/

/*!
    \property GracefulShutdown::exitCode
    \brief The status of a normal exit: exitCode(), setExitCode(), exitCodeChanged().
*/

/*!
    \fn void GracefulShutdown::deadlineChanged(std::chrono::milliseconds deadline)
    setDeadline() changed the overall deadline to \a deadline.
*/

/*!
    \fn void GracefulShutdown::exitModeChanged(GracefulShutdown::ExitMode exitMode)
    setExitMode() changed how the process ends to \a exitMode.
*/

/*!
    \fn void GracefulShutdown::exitCodeChanged(int exitCode)
    setExitCode() changed the status of a normal exit to \a exitCode.
*/

} // namespace SN
