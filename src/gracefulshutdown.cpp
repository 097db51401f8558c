// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#include "SignalNotifier/gracefulshutdown.h"
#include "SignalNotifier/servicemanager.h"
#include "SignalNotifier/session.h"
#include "SignalNotifier/signalnotifier.h"

#include "gracefulshutdown_p.h"
#include "process_p.h"
#include "sessionend_p.h"
#include "signalmask_p.h"
#include "servicemanager_p.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qelapsedtimer.h>
#include <QtCore/qeventloop.h>
#include <QtCore/qpointer.h>
#include <QtCore/qtimer.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>

namespace SN {

Q_LOGGING_CATEGORY(lcShutdown, "signalnotifier.shutdown")

using namespace std::chrono_literals;

namespace {

// How long a forced exit waits for the GracefulShutdown's thread to emit forcingExit()
// and end the process itself, when that thread is not known to be stuck in a hook. A
// responsive loop takes microseconds; this only bounds a thread busy outside the hooks.
constexpr auto ForceGrace = 500ms;

// systemd is told the stop takes this much longer than our own deadline, so that our
// forced exit (with the right status, after at most ForceGrace) comes before its SIGKILL.
constexpr auto ServiceManagerMargin = 1000ms;
static_assert(ForceGrace < ServiceManagerMargin, "the forced exit must beat systemd's SIGKILL");

[[noreturn]] void waitForever()
{
    std::mutex m;
    std::condition_variable never;
    std::unique_lock<std::mutex> lock(m);
    for (;;)
        never.wait(lock);
}

// What the process wrote but stdio still buffers. Only the output streams: fflush(nullptr)
// would also take stdin's lock, which a thread blocked in fgets/getline holds for good.
void flushOutput()
{
    std::fflush(stdout);
    std::fflush(stderr);
}

QString inhibitorList(const std::map<int, QString> &inhibitors)
{
    QStringList why;
    for (const auto &entry : inhibitors)
        why.append(entry.second);
    return why.join(QStringLiteral(", "));
}

} // namespace

template <typename F>
void GracefulShutdownPrivate::post(const std::shared_ptr<GracefulShutdownState> &state, F f)
{
    // Posted under the lock: the destructor clears `owner` under it first, so the object
    // is alive while the event is posted; once it is deleted, Qt drops the event.
    std::lock_guard<std::mutex> lock(state->mutex);
    if (!state->owner)
        return;
    QMetaObject::invokeMethod(state->owner->q, [state, f] {
        GracefulShutdownPrivate *d = nullptr;
        {
            std::lock_guard<std::mutex> inner(state->mutex);
            d = state->owner;
        }
        if (d)
            f(d);
    }, Qt::QueuedConnection);
}

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
        goes on without waiting for an asynchronous one.
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
    of the deadline (ServiceManager::notifyStopping(), ServiceManager::extendTimeout()). A
    Windows service (ServiceManager::runAsWindowsService()) hears the same as
    \c SERVICE_STOP_PENDING, with the next checkpoint and a wait hint of what is left of
    the deadline at each step, and exec() reports \c SERVICE_STOPPED with the exit status
    as its last act.

    On Windows, events the system ends the process after (closing the console, logoff,
    shutdown; SignalInfo::isHeld()) are held by the library until the sequence is done:
    the hold is released right before the process ends, also on a forced exit, and the
    deadline is shortened to the hold's own (Session::holdDeadline()). While an
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
    GracefulShutdownPrivate::post(m_state, [token](GracefulShutdownPrivate *d) { d->asyncDone(token); });
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
    const std::shared_ptr<GracefulShutdownState> state = std::move(m_state);
    m_state.reset();
    bool empty = false;
    {
        std::lock_guard<std::mutex> lock(state->mutex);
        empty = state->inhibitors.erase(m_id) > 0 && state->inhibitors.empty();
    }
    m_id = -1;
    if (empty)
        GracefulShutdownPrivate::post(state, [](GracefulShutdownPrivate *d) { d->inhibitorsChanged(); });
}

/*! Whether this inhibitor still holds the shutdown back. */
bool GracefulShutdown::Inhibitor::isActive() const
{
    return m_state != nullptr;
}

GracefulShutdownPrivate::GracefulShutdownPrivate(GracefulShutdown *owner)
    : q(owner), state(std::make_shared<GracefulShutdownState>())
{
    state->owner = this;
}

void GracefulShutdownPrivate::startWatchdog()
{
    if (!QCoreApplication::instance()) {
        // Without the application object nothing would deliver the requests, and exec()
        // has no loop to run: say so instead of half-working.
        setupError = Error::NoEventLoop;
        setupErrorString = QStringLiteral("no QCoreApplication: create the GracefulShutdown after the "
                                          "application object");
    } else if (!startWatchdogChecked()) {
        // setupError says why.
    }
    if (setupError != Error::NoError)
        qCWarning(lcShutdown, "GracefulShutdown cannot watch the termination requests: %s",
                  qPrintable(setupErrorString));
}

bool GracefulShutdownPrivate::startWatchdogChecked()
{
    // Qt aborts the process when the new thread's event loop cannot get its descriptors
    // (glib: "Creating pipes for GWakeup"; Qt's own: "Cannot continue without a thread
    // pipe"). Its loop needs one or two, the SignalNotifier's channel two: ask for a few
    // more before starting it. Another thread could take the last ones in between; this
    // turns the common case, a process already at its limit, into a clear error.
    constexpr int DescriptorsNeeded = 8;
    if (const SignalBackend::Result r = SignalBackend::probeDescriptors(DescriptorsNeeded); !r) {
        setupError = static_cast<Error::Code>(r.error);
        setupErrorString = QStringLiteral("out of descriptors: its thread needs %1 (%2)")
                               .arg(DescriptorsNeeded)
                               .arg(QString::fromStdString(SignalBackend::systemErrorText(r.systemErrno)));
        return false;
    }
    watchdogThread.setObjectName(QStringLiteral("GracefulShutdown watchdog"));
    // Moved before the thread starts: nothing of it is touched by two threads at once.
    watchdog = new QObject;
    watchdog->moveToThread(&watchdogThread);
    {
        // It never takes a signal itself (its notifier is served by whichever thread
        // does): started with all of them blocked.
        const AllSignalsBlocked blocked;
        watchdogThread.start();
    }
    if (!watchdogThread.isRunning() && !watchdogThread.isFinished()) {
        // pthread_create failed (out of threads: RLIMIT_NPROC, memory). Waiting for the
        // thread below would wait forever. The object never saw its thread run: no event
        // of it is pending anywhere.
        delete watchdog;
        watchdog = nullptr;
        setupError = Error::OutOfResources;
        setupErrorString = QStringLiteral("cannot start its thread (out of threads or memory)");
        return false;
    }
    QString error;
    Error::Code code = Error::NoError;
    // The notifier and timers are made in the watchdog thread: they deliver there.
    QMetaObject::invokeMethod(watchdog, [this, &error, &code] {
        notifier = new SignalNotifier(watchdog);
        if (!notifier->setWatchedSignals(requests)) {
            error = notifier->errorString();
            code = notifier->error();
        }
        QObject::connect(notifier, &SignalNotifier::activated, watchdog,
                         [this](const SignalInfo &info) { onActivated(info); });
        deadlineTimer = new QTimer(watchdog);
        deadlineTimer->setSingleShot(true);
        deadlineTimer->setTimerType(Qt::PreciseTimer);
        QObject::connect(deadlineTimer, &QTimer::timeout, watchdog,
                         [this] { force(GracefulShutdown::DeadlinePassed); });
        hookTimer = new QTimer(watchdog);
        hookTimer->setSingleShot(true);
        hookTimer->setTimerType(Qt::PreciseTimer);
        QObject::connect(hookTimer, &QTimer::timeout, watchdog, [this] { onHookTimer(); });
    }, Qt::BlockingQueuedConnection);
    if (!error.isEmpty()) {
        setupError = code;
        setupErrorString = error;
        return false;
    }
    return true;
}

void GracefulShutdownPrivate::stopWatchdog()
{
    if (!watchdog)
        return;
    QMetaObject::invokeMethod(watchdog, [this] {
        // Children first, in their thread; the object itself once the thread has ended.
        delete notifier;
        delete deadlineTimer;
        delete hookTimer;
        notifier = nullptr;
        deadlineTimer = hookTimer = nullptr;
    }, Qt::BlockingQueuedConnection);
    watchdogThread.quit();
    watchdogThread.wait();
    delete watchdog;
    watchdog = nullptr;
}

bool GracefulShutdownPrivate::accept(const SignalInfo &info)
{
    std::lock_guard<std::mutex> lock(state->mutex);
    if (state->started)
        return false;
    state->started = true;
    state->request = info;
    QDeadlineTimer deadline(state->deadlineLength, Qt::PreciseTimer);
    // An event the platform holds for us (Windows CLOSE/LOGOFF/SHUTDOWN) ends the process
    // when the hold gives up: finish before it does.
    state->deadlineIsHold = false;
    if (Session::isHolding()) {
        const QDeadlineTimer hold = Session::holdDeadline();
        if (hold < deadline) {
            deadline = hold;
            state->deadlineIsHold = true;
        }
    }
    state->deadline = deadline;
    return true;
}

void GracefulShutdownPrivate::onActivated(const SignalInfo &info)
{
    if (accept(info)) {
        armDeadline();
        post(state, [](GracefulShutdownPrivate *d) { d->begin(); });
        // Two arrivals merged into one activation: pressed twice before we looked.
        if (info.count() < 2)
            return;
    }
    {
        std::lock_guard<std::mutex> lock(state->mutex);
        state->forcingSignal = info.signal();
    }
    force(GracefulShutdown::SecondRequest);
}

void GracefulShutdownPrivate::armDeadline()
{
    QDeadlineTimer deadline;
    {
        std::lock_guard<std::mutex> lock(state->mutex);
        deadline = state->deadline;
    }
    deadlineTimer->start(std::chrono::milliseconds(std::max<qint64>(0, deadline.remainingTime())));
}

void GracefulShutdownPrivate::armHookTimer(int token, std::chrono::milliseconds timeout)
{
    hookTimerToken = token;
    hookTimer->start(timeout);
}

// A synchronous hook past its timeout cannot be interrupted; say which one holds the
// shutdown up while it still does, from here, since its own thread is busy running it.
void GracefulShutdownPrivate::onHookTimer()
{
    QString name;
    std::chrono::milliseconds timeout;
    {
        std::lock_guard<std::mutex> lock(state->mutex);
        if (state->hookToken != hookTimerToken || !state->hookIsSync || state->hookReported)
            return;
        state->hookReported = true;
        name = state->hookName;
        timeout = state->hookTimeout;
    }
    qCWarning(lcShutdown, "GracefulShutdown: hook \"%s\" is overdue: still running after its "
              "timeout of %lld ms", qPrintable(name), static_cast<long long>(timeout.count()));
}

void GracefulShutdownPrivate::force(GracefulShutdown::ForceReason reason)
{
    if (state->ending.load())
        waitForever();
    bool stuck = false;
    bool ownerAlive = false;
    QString hook;
    qint64 deadlineMs = 0;
    bool holdDeadline = false;
    {
        std::lock_guard<std::mutex> lock(state->mutex);
        stuck = state->hookToken != 0 && state->hookIsSync;
        hook = state->hookToken != 0 ? state->hookName : QString();
        ownerAlive = state->owner != nullptr;
        deadlineMs = qint64(state->deadlineLength.count());
        holdDeadline = state->deadlineIsHold;
    }
    const QString why = reason == GracefulShutdown::SecondRequest
        ? QStringLiteral("a second termination request arrived")
        : holdDeadline ? QStringLiteral("the platform's deadline for the held event passed")
                       : QStringLiteral("the shutdown deadline (%1 ms) passed").arg(deadlineMs);
    const QString during = hook.isEmpty() ? QString()
                                          : QStringLiteral(" while hook \"%1\" was running").arg(hook);
    qCCritical(lcShutdown, "GracefulShutdown: forcing exit: %s%s", qPrintable(why), qPrintable(during));
    if (!stuck && ownerAlive) {
        // Let the object's own thread say so (forcingExit) and end the process; it is not
        // known to be stuck, but it may be busy: give it a moment, then end from here.
        post(state, [reason](GracefulShutdownPrivate *d) { d->forcedHere(reason); });
        std::mutex m;
        std::condition_variable never;
        std::unique_lock<std::mutex> lock(m);
        never.wait_for(lock, ForceGrace, [] { return false; });
    }
    Signal signal;
    {
        std::lock_guard<std::mutex> lock(state->mutex);
        signal = state->request.signal().isValid() ? state->request.signal() : state->forcingSignal;
    }
    // No stdio flush from here: the stuck thread may hold a stdio lock.
    endProcess(state, signal, EXIT_FAILURE, false);
}

void GracefulShutdownPrivate::forcedHere(GracefulShutdown::ForceReason reason)
{
    if (state->ending.load())
        waitForever();
    const std::shared_ptr<GracefulShutdownState> keep = state;   // a slot may delete us
    Q_EMIT q->forcingExit(reason);
    Signal signal;
    {
        std::lock_guard<std::mutex> lock(keep->mutex);
        signal = keep->request.signal().isValid() ? keep->request.signal() : keep->forcingSignal;
    }
    endProcess(keep, signal, EXIT_FAILURE, true);
}

bool GracefulShutdownPrivate::gone(const std::shared_ptr<GracefulShutdownState> &state)
{
    std::lock_guard<std::mutex> lock(state->mutex);
    return state->owner == nullptr;
}

void GracefulShutdownPrivate::endProcess(const std::shared_ptr<GracefulShutdownState> &state, Signal signal,
                                         int code, bool flushStdio)
{
    if (state->ending.exchange(true))
        waitForever();
    if (flushStdio)
        flushOutput();   // endProcess() runs no atexit handlers
    // A Windows service tells the SCM how it ended (SERVICE_STOPPED): an orderly end by
    // the request's signal is a stop as asked (exitCode(), 0 by default), a forced one
    // EXIT_FAILURE. The last word, after the flush: the SCM may end the process after it.
    SignalBackend::notifyServiceStopped(code);
    // Windows: the console event we were holding may now end the process; that is the end
    // we are about to cause anyway. Only after the flush: the system may end us at once.
    Session::releaseHold();
    if (signal.isValid())
        signal.endProcess();
    std::_Exit(code);
}

void GracefulShutdownPrivate::begin()
{
    if (phase != Phase::Idle)
        return;
    phase = Phase::Running;
    SignalInfo info;
    {
        std::lock_guard<std::mutex> lock(state->mutex);
        info = state->request;
    }
    ServiceManager::notifyStopping();
    extendTimeout();   // covers the wait for inhibitors; each hook extends again
    const std::shared_ptr<GracefulShutdownState> keep = state;
    Q_EMIT q->shutdownRequested(info);
    if (gone(keep))
        return;
    // Planned after shutdownRequested: a hook its slots add is one like any other.
    plan = hooks;
    std::stable_sort(plan.begin(), plan.end(),
                     [](const HookEntry &a, const HookEntry &b) { return a.order < b.order; });
    next = 0;
    postStep();
}

void GracefulShutdownPrivate::postStep()
{
    if (stepPosted)
        return;
    stepPosted = true;
    // One step per event: between hooks the loop runs (completions, timers, the GUI).
    QMetaObject::invokeMethod(q, [this] {
        stepPosted = false;
        step();
    }, Qt::QueuedConnection);
}

void GracefulShutdownPrivate::step()
{
    if (phase != Phase::Running || asyncToken != 0 || state->ending.load())
        return;
    QString held;
    {
        std::lock_guard<std::mutex> lock(state->mutex);
        if (!state->inhibitors.empty())
            held = inhibitorList(state->inhibitors);
    }
    if (!held.isEmpty()) {
        if (!waitingForInhibitors)
            qCInfo(lcShutdown, "GracefulShutdown: waiting for: %s", qPrintable(held));
        waitingForInhibitors = true;
        return;   // inhibitorsChanged() comes back here
    }
    waitingForInhibitors = false;
    if (next < plan.size()) {
        const HookEntry hook = plan[next++];
        runHook(hook);
        return;
    }
    finish();
}

void GracefulShutdownPrivate::runHook(const HookEntry &hook)
{
    const int token = ++tokens;
    {
        std::lock_guard<std::mutex> lock(state->mutex);
        state->hookToken = token;
        state->hookIsSync = bool(hook.sync);
        state->hookName = hook.name;
        state->hookTimeout = hook.timeout;
        state->hookReported = false;
    }
    extendTimeout();
    // A hook, or a slot of our signals, may delete the GracefulShutdown: after each call
    // out, `keep` tells whether `this` is still there (the destructor says what happens).
    const std::shared_ptr<GracefulShutdownState> keep = state;
    Q_EMIT q->hookStarted(hook.name);
    if (gone(keep))
        return;
    if (!hook.sync) {
        asyncToken = token;
        asyncTimer->start(hook.timeout);
        GracefulShutdown::Completion completion;
        completion.m_state = state;
        completion.m_hook = token;
        try {
            hook.async(completion);
        } catch (const std::exception &e) {
            qCWarning(lcShutdown, "GracefulShutdown: hook \"%s\" threw: %s", qPrintable(hook.name), e.what());
        } catch (...) {
            qCWarning(lcShutdown, "GracefulShutdown: hook \"%s\" threw", qPrintable(hook.name));
        }
        return;   // asyncDone() or asyncOverdue() goes on
    }

    if (watchdog) {
        QMetaObject::invokeMethod(watchdog, [this, token, timeout = hook.timeout] {
            armHookTimer(token, timeout);
        }, Qt::QueuedConnection);
    }
    QElapsedTimer clock;
    clock.start();
    try {
        hook.sync();
    } catch (const std::exception &e) {
        qCWarning(lcShutdown, "GracefulShutdown: hook \"%s\" threw: %s", qPrintable(hook.name), e.what());
    } catch (...) {
        qCWarning(lcShutdown, "GracefulShutdown: hook \"%s\" threw", qPrintable(hook.name));
    }
    if (gone(keep))
        return;
    const qint64 took = clock.elapsed();
    bool reported = false;
    {
        std::lock_guard<std::mutex> lock(state->mutex);
        reported = state->hookReported;
        state->hookToken = 0;
    }
    // The watchdog's word counts: it may have reported the hook a hair before this
    // thread's clock, with its millisecond granularity, says the timeout has passed.
    if (reported || took > hook.timeout.count()) {
        if (!reported)
            qCWarning(lcShutdown, "GracefulShutdown: hook \"%s\" is overdue: it took %lld ms, its "
                      "timeout is %lld ms", qPrintable(hook.name), static_cast<long long>(took),
                      static_cast<long long>(hook.timeout.count()));
        Q_EMIT q->hookOverdue(hook.name);
        if (gone(keep))
            return;
    }
    Q_EMIT q->hookFinished(hook.name);
    if (gone(keep))
        return;
    postStep();
}

void GracefulShutdownPrivate::asyncDone(int token)
{
    if (token != asyncToken || token == 0)
        return;   // late (already overdue), repeated, or from an earlier run
    asyncToken = 0;
    asyncTimer->stop();
    QString name;
    {
        std::lock_guard<std::mutex> lock(state->mutex);
        name = state->hookName;
        state->hookToken = 0;
    }
    const std::shared_ptr<GracefulShutdownState> keep = state;
    Q_EMIT q->hookFinished(name);
    if (gone(keep))
        return;
    postStep();
}

void GracefulShutdownPrivate::asyncOverdue()
{
    if (asyncToken == 0)
        return;
    asyncToken = 0;
    QString name;
    std::chrono::milliseconds timeout;
    {
        std::lock_guard<std::mutex> lock(state->mutex);
        name = state->hookName;
        timeout = state->hookTimeout;
        state->hookToken = 0;
    }
    qCWarning(lcShutdown, "GracefulShutdown: hook \"%s\" is overdue: not done after its timeout of "
              "%lld ms; going on without it", qPrintable(name), static_cast<long long>(timeout.count()));
    const std::shared_ptr<GracefulShutdownState> keep = state;
    Q_EMIT q->hookOverdue(name);
    if (gone(keep))
        return;
    postStep();
}

GracefulShutdown::Inhibitor GracefulShutdownPrivate::inhibit(const QString &why)
{
    GracefulShutdown::Inhibitor inhibitor;
    bool first = false;
    {
        std::lock_guard<std::mutex> lock(state->mutex);
        inhibitor.m_id = state->nextInhibitor++;
        first = state->inhibitors.empty();
        state->inhibitors.emplace(inhibitor.m_id, why);
    }
    inhibitor.m_state = state;
    if (first)
        post(state, [](GracefulShutdownPrivate *d) { d->inhibitorsChanged(); });
    return inhibitor;
}

void GracefulShutdownPrivate::inhibitorsChanged()
{
    QString held;
    {
        std::lock_guard<std::mutex> lock(state->mutex);
        if (!state->inhibitors.empty())
            held = inhibitorList(state->inhibitors);
    }
    if (!held.isEmpty() && !sessionEndBlocked) {
        // false where there is no such query (POSIX, console programs): nothing to do then.
        Session::blockEnd(held);
        sessionEndBlocked = true;
    } else if (held.isEmpty() && sessionEndBlocked) {
        Session::unblockEnd();
        sessionEndBlocked = false;
    }
    if (held.isEmpty() && waitingForInhibitors)
        postStep();
}

void GracefulShutdownPrivate::finish()
{
    phase = Phase::Finished;
    {
        std::lock_guard<std::mutex> lock(state->mutex);
        state->finished = true;
    }
    Q_EMIT q->finished();
    QCoreApplication::exit(0);
}

void GracefulShutdownPrivate::extendTimeout()
{
    qint64 remaining = 0;
    {
        std::lock_guard<std::mutex> lock(state->mutex);
        remaining = state->deadline.remainingTime();
    }
    if (remaining < 0)
        return;   // no deadline
    ServiceManager::extendTimeout(std::chrono::milliseconds(remaining) + ServiceManagerMargin);
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
    : QObject(parent), d(std::make_unique<GracefulShutdownPrivate>(this))
{
    d->requests = requests;
    d->asyncTimer = new QTimer(this);
    d->asyncTimer->setSingleShot(true);
    d->asyncTimer->setTimerType(Qt::PreciseTimer);
    connect(d->asyncTimer, &QTimer::timeout, this, [this] { d->asyncOverdue(); });
    d->startWatchdog();
}

/*!
    Stops watching; the previous actions of the signals come back. An unfinished sequence
    is abandoned; a finished one releases the platform's hold, if exec() has not.
*/
GracefulShutdown::~GracefulShutdown()
{
    if (QThread::currentThread() != thread())
        qCCritical(lcShutdown, "GracefulShutdown destroyed in another thread than its own: "
                   "destroy it in its own thread (a hook running there meanwhile would use a deleted object)");
    bool finished = false;
    bool abandoned = false;
    QString hook;
    {
        std::lock_guard<std::mutex> lock(d->state->mutex);
        d->state->owner = nullptr;
        finished = d->state->finished;
        abandoned = d->state->started && !finished && d->phase == GracefulShutdownPrivate::Phase::Running;
        hook = d->state->hookToken != 0 ? d->state->hookName : QString();
        d->state->exitModeAtEnd = d->exitMode;
        d->state->exitCodeAtEnd = d->exitCode;
    }
    if (abandoned) {
        // Deleted by a hook or by a slot of its own signals (or by anyone) while the
        // sequence runs: the rest of it cannot run without the object. The request still
        // asked the program to end: the loop is quit, and an exec() on the stack ends the
        // process as exitMode() said.
        qCWarning(lcShutdown, "GracefulShutdown destroyed during its shutdown sequence%s: the remaining "
                  "hooks are skipped and the event loop quits",
                  hook.isEmpty() ? "" : qPrintable(QStringLiteral(" (in hook \"%1\")").arg(hook)));
        QCoreApplication::exit(0);
    }
    d->stopWatchdog();
    if (d->sessionEndBlocked)
        Session::unblockEnd();
    if (finished)
        Session::releaseHold();
}

/*!
    Adds a synchronous hook: \a hook is called in this object's thread during the sequence
    and is done when it returns. Hooks run by ascending \a order, then in the order they
    were added. When it takes longer than \a timeout it is reported by name (a warning and
    hookOverdue()), while it still runs; it cannot be interrupted, but a second request or
    the overall deadline still end the process.
*/
void GracefulShutdown::addHook(const QString &name, Hook hook, std::chrono::milliseconds timeout,
                               int order)
{
    if (!hook) {
        qCWarning(lcShutdown, "GracefulShutdown::addHook: hook \"%s\" is empty; ignored", qPrintable(name));
        return;
    }
    d->addToSequence({name, std::move(hook), AsyncHook(), std::max(timeout, 0ms), order});
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
    if (!hook) {
        qCWarning(lcShutdown, "GracefulShutdown::addAsyncHook: hook \"%s\" is empty; ignored", qPrintable(name));
        return;
    }
    d->addToSequence({name, Hook(), std::move(hook), std::max(timeout, 0ms), order});
}

void GracefulShutdownPrivate::addToSequence(HookEntry entry)
{
    if (phase == Phase::Running && !plan.empty()) {
        // Added while the sequence runs (from a hook, or a slot of hookStarted): it runs
        // in it, at its place among the hooks still to run (by order, then after those of
        // the same order). Those already run are not run again.
        const auto at = std::upper_bound(plan.begin() + std::ptrdiff_t(next), plan.end(), entry.order,
                                         [](int order, const HookEntry &e) { return order < e.order; });
        plan.insert(at, entry);
    } else if (phase == Phase::Running && next == 0) {
        // Before the plan is made (a slot of shutdownRequested): planned with the rest.
    } else if (phase == Phase::Finished) {
        qCWarning(lcShutdown, "GracefulShutdown: hook \"%s\" added after the shutdown sequence finished; "
                  "it never runs", qPrintable(entry.name));
    }
    hooks.push_back(std::move(entry));
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
    return d->inhibit(why);
}

/*! The overall deadline, counted from the first request; 10 seconds unless set. */
std::chrono::milliseconds GracefulShutdown::deadline() const
{
    std::lock_guard<std::mutex> lock(d->state->mutex);
    return d->state->deadlineLength;
}

/*!
    Sets the overall deadline to \a total: when it has passed since the first request, the
    process ends (forcingExit(DeadlinePassed)). Takes effect for a sequence not yet started.
    Keep it under the supervisor's own: systemd's TimeoutStopSec (90 s, extended while the
    hooks run), Kubernetes' grace period (30 s), Docker's stop timeout (10 s).
*/
void GracefulShutdown::setDeadline(std::chrono::milliseconds total)
{
    std::lock_guard<std::mutex> lock(d->state->mutex);
    d->state->deadlineLength = std::max(total, 0ms);
}

/*! How the process ends once the sequence is done; ExitBySignal unless set. */
GracefulShutdown::ExitMode GracefulShutdown::exitMode() const
{
    return d->exitMode;
}

/*! Sets how the process ends once the sequence is done to \a mode. */
void GracefulShutdown::setExitMode(ExitMode mode)
{
    d->exitMode = mode;
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
    d->exitCode = code;
}

/*! Whether a request has been taken: from then on, another one forces the exit. */
bool GracefulShutdown::isShuttingDown() const
{
    std::lock_guard<std::mutex> lock(d->state->mutex);
    return d->state->started;
}

/*!
    Why this object watches nothing, or Error::NoError when it watches the requests:
    Error::NoEventLoop when it was made before the QCoreApplication, Error::OutOfResources
    when the process was out of descriptors or threads for its watchdog thread, or the
    error of a request that cannot be watched. A warning in the "signalnotifier.shutdown"
    category says the same when it is made. Such an object never crashes or aborts the
    process: requests take their default action (Ctrl-C still ends it with 130), and
    requestShutdown() still runs the hooks, without a deadline when its thread is missing.
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
    std::lock_guard<std::mutex> lock(d->state->mutex);
    return d->state->request;
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
    if (!runLoop) {
        qCWarning(lcShutdown, "GracefulShutdown::exec: no loop to run; using QCoreApplication::exec");
        runLoop = &QCoreApplication::exec;
    }
    if (!QCoreApplication::instance()) {
        qCWarning(lcShutdown, "GracefulShutdown::exec: no QCoreApplication: there is no event loop to run");
        return -1;
    }
    if (d->execRunning) {
        qCWarning(lcShutdown, "GracefulShutdown::exec: exec() is already running; returns -1");
        return -1;
    }
    if (d->phase == GracefulShutdownPrivate::Phase::Finished) {
        // Nothing would quit a loop run now: the sequence that quits it is over.
        qCWarning(lcShutdown, "GracefulShutdown::exec: exec() called again after the shutdown sequence "
                  "finished; returns exitCode() at once");
        return d->exitCode;
    }
    // A hook or a slot may delete this object while the loop runs (see the destructor):
    // from then on only `state` and `self` may be used here.
    const std::shared_ptr<GracefulShutdownState> state = d->state;
    const QPointer<GracefulShutdown> self(this);
    d->execRunning = true;
    const int loopCode = runLoop();
    // A loop that ends while the platform holds an event for us ended because of it (Qt's
    // Windows plugin quits the application on WM_ENDSESSION): that is the request, and the
    // sequence runs before exec() decides, however the race with our own notifier went.
    if (self && d->phase == GracefulShutdownPrivate::Phase::Idle
        && (isShuttingDown() || Session::isHolding())) {
        QEventLoop rest;
        connect(this, &GracefulShutdown::finished, &rest, &QEventLoop::quit);
        connect(this, &QObject::destroyed, &rest, &QEventLoop::quit);
        QTimer giveUp;   // a held event we do not watch: wait no longer than its hold
        connect(&giveUp, &QTimer::timeout, &rest, &QEventLoop::quit);
        if (!isShuttingDown())
            giveUp.start(std::chrono::milliseconds(std::max<qint64>(0, Session::holdDeadline().remainingTime())));
        rest.exec();
    }
    if (self && d->phase == GracefulShutdownPrivate::Phase::Running) {
        QEventLoop rest;
        connect(this, &GracefulShutdown::finished, &rest, &QEventLoop::quit);
        connect(this, &QObject::destroyed, &rest, &QEventLoop::quit);
        rest.exec();
    }
    if (!self) {
        // Deleted during the loop. A request that was taken still ends the process the
        // way exitMode() said when the object was deleted.
        Signal signal;
        ExitMode mode;
        int code = 0;
        {
            std::lock_guard<std::mutex> lock(state->mutex);
            if (!state->started) {
                SignalBackend::notifyServiceStopped(loopCode);
                return loopCode;
            }
            signal = state->request.signal();
            mode = state->exitModeAtEnd;
            code = state->exitCodeAtEnd;
        }
        if (mode == ExitBySignal && signal.isValid())
            GracefulShutdownPrivate::endProcess(state, signal, code, true);
        flushOutput();   // before the release: the system may end the process right after it
        SignalBackend::notifyServiceStopped(code);   // a Windows service's SERVICE_STOPPED
        Session::releaseHold();
        return code;
    }
    d->execRunning = false;
    if (d->phase != GracefulShutdownPrivate::Phase::Finished) {
        SignalBackend::notifyServiceStopped(loopCode);
        return loopCode;
    }
    const Signal signal = request().signal();
    if (d->exitMode == ExitBySignal && signal.isValid())
        GracefulShutdownPrivate::endProcess(state, signal, d->exitCode, true);
    flushOutput();   // before the release: the system may end the process right after it
    // A Windows service's SERVICE_STOPPED with exitCode() (SN::ServiceManager): the last
    // word to the SCM, which may end the process after it.
    SignalBackend::notifyServiceStopped(d->exitCode);
    Session::releaseHold();
    return d->exitCode;
}

/*!
    Starts the same sequence without a signal (a Quit menu, a failed health check). Does
    nothing when a shutdown is already under way. The sequence starts once control is back
    in the event loop.
*/
void GracefulShutdown::requestShutdown()
{
    if (!d->accept(SignalInfo()))
        return;
    if (d->watchdog)   // none when it could not start: no deadline then
        QMetaObject::invokeMethod(d->watchdog, [p = d.get()] { p->armDeadline(); }, Qt::QueuedConnection);
    GracefulShutdownPrivate::post(d->state, [](GracefulShutdownPrivate *p) { p->begin(); });
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

} // namespace SN
