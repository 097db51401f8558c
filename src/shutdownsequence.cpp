// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The GracefulShutdown's own thread (see gracefulshutdown_p.h): everything in this file
// runs there.

#include "shutdownsequence_p.h"

#include "shutdownshared_p.h"
#include "servicemanager_p.h"
#include "sessionend_p.h"
#include "timerinterval_p.h"

#include "SignalNotifier/servicemanager.h"
#include "SignalNotifier/session.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qelapsedtimer.h>
#include <QtCore/qeventloop.h>
#include <QtCore/qpointer.h>
#include <QtCore/qtimer.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <exception>

namespace SN {

using namespace std::chrono_literals;

ShutdownSequence::ShutdownSequence(GracefulShutdown *owner, const QList<Signal> &requests)
    : q(owner), shared(std::make_shared<ShutdownShared>()), m_watchdog(shared, requests)
{
    shared->attach(this, q);
    m_awaitTimer = new QTimer(q);
    m_awaitTimer->setSingleShot(true);
    m_awaitTimer->setTimerType(Qt::PreciseTimer);
    QObject::connect(m_awaitTimer, &QTimer::timeout, q, [this] { awaitedOverdue(); });
    startWatchdog();
}

ShutdownSequence::~ShutdownSequence()
{
    if (QThread::currentThread() != q->thread())
        qCCritical(lcShutdown, "GracefulShutdown destroyed in another thread than its own: "
                   "destroy it in its own thread (a hook running there meanwhile would use a deleted object)");
    shared->detach();
    shared->hookEnded();   // a hook handed to its context's thread and not called yet never is
    if (m_execFrame) {
        m_execFrame->exitMode = exitMode;
        m_execFrame->exitCode = exitCode;
    }
    if (m_phase == Phase::Running) {
        // Deleted by a hook or by a slot of its own signals (or by anyone) while the
        // sequence runs: the rest of it cannot run without the object. The request still
        // asked the program to end: the loop is quit, and an exec() on the stack ends the
        // process as exitMode() said.
        qCWarning(lcShutdown, "GracefulShutdown destroyed during its shutdown sequence%s: the remaining "
                  "hooks are skipped and the event loop quits",
                  m_runningToken == 0 ? "" : qPrintable(QStringLiteral(" (in hook \"%1\")").arg(m_running.name)));
        QCoreApplication::exit(0);
    }
    m_watchdog.stop();
    if (m_sessionEndBlocked)
        Session::unblockEnd();
    // The claim ends with us. Finished: the process ends next, as after exec(). Otherwise
    // (idle, or deleted mid-sequence) the hold goes on to whoever releases it, or its
    // deadline; a release another watcher asked for meanwhile is done now.
    if (m_phase == Phase::Finished)
        shared->releaseHold();
    else
        shared->dropHoldClaim();
}

void ShutdownSequence::startWatchdog()
{
    if (!QCoreApplication::instance()) {
        // Without the application object nothing would deliver the requests, and exec()
        // has no loop to run: say so instead of half-working.
        setupError = Error::NoEventLoop;
        setupErrorString = QStringLiteral("no QCoreApplication: create the GracefulShutdown after the "
                                          "application object");
    } else {
        // Armed before the watchdog watches, so that no held request can come unclaimed.
        shared->armHoldClaim(m_watchdog.requests());
        setupError = m_watchdog.launch(&setupErrorString);
        if (setupError != Error::NoError)
            shared->dropHoldClaim();   // nothing would start the sequence that ends the claim
    }
    if (setupError != Error::NoError)
        qCWarning(lcShutdown, "GracefulShutdown cannot watch the termination requests: %s",
                  qPrintable(setupErrorString));
}

void ShutdownSequence::addHook(ShutdownHook hook, const QObject *context)
{
    if (context)
        ShutdownHookTrigger::connectHook(hook, context);
    if (m_phase == Phase::Running && !m_plan.empty()) {
        // Added while the sequence runs (from a hook, or a slot of hookStarted): it runs
        // in it, at its place among the hooks still to run (by order, then after those of
        // the same order). Those already run are not run again.
        const auto at = std::upper_bound(m_plan.begin() + std::ptrdiff_t(m_next), m_plan.end(), hook.order,
                                         [](int order, const ShutdownHook &e) { return order < e.order; });
        m_plan.insert(at, hook);
    } else if (m_phase == Phase::Running && m_next == 0) {
        // Before the plan is made (a slot of shutdownRequested): planned with the rest.
    } else if (m_phase == Phase::Finished) {
        qCWarning(lcShutdown, "GracefulShutdown: hook \"%s\" added after the shutdown sequence finished; "
                  "it never runs", qPrintable(hook.name));
    }
    m_hooks.push_back(std::move(hook));
}

bool ShutdownSequence::removeHook(const QString &name)
{
    const auto named = [&name](const ShutdownHook &hook) { return hook.name == name; };
    const auto removed = std::remove_if(m_hooks.begin(), m_hooks.end(), named);
    const bool found = removed != m_hooks.end();
    m_hooks.erase(removed, m_hooks.end());
    // Those of a running sequence still to run; the running one and those run are done.
    if (m_next < m_plan.size())
        m_plan.erase(std::remove_if(m_plan.begin() + std::ptrdiff_t(m_next), m_plan.end(), named), m_plan.end());
    return found;
}

void ShutdownSequence::requestShutdown()
{
    if (!shared->accept(SignalInfo()))
        return;
    m_watchdog.armDeadline();   // none when its thread could not start: no deadline then
    shared->postToSequence([](ShutdownSequence &sequence) { sequence.begin(); });
}

void ShutdownSequence::begin()
{
    if (m_phase != Phase::Idle)
        return;
    m_phase = Phase::Running;
    const SignalInfo info = shared->request().info;
    serviceManagerStopping();
    serviceManagerExtendTimeout();   // covers the wait for inhibitors; each hook extends again
    const QPointer<GracefulShutdown> alive(q);
    Q_EMIT q->shutdownRequested(info);
    if (!alive)
        return;
    // Planned after shutdownRequested: a hook its slots add is one like any other.
    m_plan = m_hooks;
    std::stable_sort(m_plan.begin(), m_plan.end(),
                     [](const ShutdownHook &a, const ShutdownHook &b) { return a.order < b.order; });
    m_next = 0;
    postStep();
}

void ShutdownSequence::postStep()
{
    if (m_stepPosted)
        return;
    m_stepPosted = true;
    // One step per event: between hooks the loop runs (completions, timers, the GUI).
    QMetaObject::invokeMethod(q, [this] {
        m_stepPosted = false;
        step();
    }, Qt::QueuedConnection);
}

void ShutdownSequence::step()
{
    if (m_phase != Phase::Running || m_awaitedToken != 0 || shared->isEnding())
        return;
    const QString held = shared->inhibitedBy();
    if (!held.isEmpty()) {
        if (!m_waitingForInhibitors)
            qCInfo(lcShutdown, "GracefulShutdown: waiting for: %s", qPrintable(held));
        m_waitingForInhibitors = true;
        return;   // inhibitorsChanged() comes back here
    }
    m_waitingForInhibitors = false;
    if (m_next < m_plan.size()) {
        const ShutdownHook hook = m_plan[m_next++];
        runHook(hook);
        return;
    }
    finish();
}

void ShutdownSequence::runHook(const ShutdownHook &hook)
{
    if (hook.hasContext() && !hook.connection) {
        // Its context was destroyed before the hook was called: dropped, as a connection is.
        qCInfo(lcShutdown, "GracefulShutdown: hook \"%s\" dropped: its context object was destroyed",
               qPrintable(hook.name));
        postStep();
        return;
    }
    const int token = ++m_tokens;
    m_running = hook;
    m_runningToken = token;
    // Blocking until known otherwise: a hook with a context may run in another thread.
    shared->hookStarted({token, bool(hook.sync) && !hook.hasContext(), hook.name, hook.timeout});
    serviceManagerExtendTimeout();
    // A hook, or a slot of our signals, may delete the GracefulShutdown: after each call
    // out, `alive` tells whether `this` is still there (the destructor says what happens).
    const QPointer<GracefulShutdown> alive(q);
    Q_EMIT q->hookStarted(hook.name);
    if (!alive)
        return;
    if (hook.hasContext()) {
        const bool here = ShutdownHookTrigger::handOver(hook, shared, token);
        if (!alive)
            return;
        if (!here) {
            // Queued to the context's thread (or dropped on the way: handOverEnded() says).
            // Waited for like an asynchronous hook, synchronous or not.
            m_awaitedToken = token;
            m_handedOverToken = token;
            m_awaitTimer->start(timerInterval(hook.timeout));
            return;
        }
        if (hook.sync)
            shared->hookStarted({token, true, hook.name, hook.timeout});
    }
    if (!hook.sync) {
        m_awaitedToken = token;
        m_awaitTimer->start(timerInterval(hook.timeout));
        try {
            hook.async(GracefulShutdown::Completion(shared, token));
        } catch (const std::exception &e) {
            qCWarning(lcShutdown, "GracefulShutdown: hook \"%s\" threw: %s", qPrintable(hook.name), e.what());
        } catch (...) {
            qCWarning(lcShutdown, "GracefulShutdown: hook \"%s\" threw", qPrintable(hook.name));
        }
        return;   // hookDone() or awaitedOverdue() goes on
    }

    m_watchdog.armHookTimer(token, hook.timeout);
    QElapsedTimer clock;
    clock.start();
    try {
        hook.sync();
    } catch (const std::exception &e) {
        qCWarning(lcShutdown, "GracefulShutdown: hook \"%s\" threw: %s", qPrintable(hook.name), e.what());
    } catch (...) {
        qCWarning(lcShutdown, "GracefulShutdown: hook \"%s\" threw", qPrintable(hook.name));
    }
    if (!alive)
        return;
    const qint64 took = clock.elapsed();
    m_runningToken = 0;
    const bool reported = shared->hookEnded();
    // The watchdog's word counts: it may have reported the hook a hair before this
    // thread's clock, with its millisecond granularity, says the timeout has passed.
    if (reported || took > hook.timeout.count()) {
        if (!reported)
            qCWarning(lcShutdown, "GracefulShutdown: hook \"%s\" is overdue: it took %lld ms, its "
                      "timeout is %lld ms", qPrintable(hook.name), static_cast<long long>(took),
                      static_cast<long long>(hook.timeout.count()));
        Q_EMIT q->hookOverdue(hook.name);
        if (!alive)
            return;
    }
    Q_EMIT q->hookFinished(hook.name);
    if (!alive)
        return;
    postStep();
}

// The awaited hook is over, one way or another: nothing of it may start any more.
void ShutdownSequence::endAwaited()
{
    m_awaitedToken = 0;
    m_handedOverToken = 0;
    m_awaitTimer->stop();
    m_runningToken = 0;
    shared->hookEnded();
}

void ShutdownSequence::hookDone(int token)
{
    if (token != m_awaitedToken || token == 0)
        return;   // late (already overdue), repeated, or from an earlier run
    endAwaited();
    const QString name = m_running.name;
    const QPointer<GracefulShutdown> alive(q);
    Q_EMIT q->hookFinished(name);
    if (!alive)
        return;
    postStep();
}

void ShutdownSequence::handOverEnded(int token)
{
    if (token != m_handedOverToken || token == 0 || shared->handedOverHookStarted(token))
        return;   // it was called (hookDone() comes or came), or it is no longer waited for
    // The queued call was dropped before it ran: its context was destroyed meanwhile (or
    // before the emission reached it). As if the hook had returned at once: what it was
    // to save went with its context.
    endAwaited();
    const QString name = m_running.name;
    qCInfo(lcShutdown, "GracefulShutdown: hook \"%s\" dropped: its context object was destroyed before "
           "it was called", qPrintable(name));
    const QPointer<GracefulShutdown> alive(q);
    Q_EMIT q->hookFinished(name);
    if (!alive)
        return;
    postStep();
}

void ShutdownSequence::awaitedOverdue()
{
    if (m_awaitedToken == 0)
        return;
    endAwaited();
    const QString name = m_running.name;
    qCWarning(lcShutdown, "GracefulShutdown: hook \"%s\" is overdue: not done after its timeout of "
              "%lld ms; going on without it", qPrintable(name), static_cast<long long>(m_running.timeout.count()));
    const QPointer<GracefulShutdown> alive(q);
    Q_EMIT q->hookOverdue(name);
    if (!alive)
        return;
    postStep();
}

void ShutdownSequence::inhibitorsChanged()
{
    const QString held = shared->inhibitedBy();
    if (!held.isEmpty() && !m_sessionEndBlocked) {
        // false where there is no such query (POSIX, console programs): nothing to do then.
        Session::blockEnd(held);
        m_sessionEndBlocked = true;
    } else if (held.isEmpty() && m_sessionEndBlocked) {
        Session::unblockEnd();
        m_sessionEndBlocked = false;
    }
    if (held.isEmpty() && m_waitingForInhibitors)
        postStep();
}

void ShutdownSequence::finish()
{
    m_phase = Phase::Finished;
    Q_EMIT q->finished();
    QCoreApplication::exit(0);
}

void ShutdownSequence::forcedHere(GracefulShutdown::ForceReason reason, Signal signal)
{
    if (shared->isEnding())
        ShutdownShared::waitForever();
    const std::shared_ptr<ShutdownShared> keep = shared;   // a slot may delete us
    Q_EMIT q->forcingExit(reason);
    keep->endProcess(signal, EXIT_FAILURE, true);
}

int ShutdownSequence::exec(int (*runLoop)())
{
    if (!runLoop) {
        qCWarning(lcShutdown, "GracefulShutdown::exec: no loop to run; using QCoreApplication::exec");
        runLoop = &QCoreApplication::exec;
    }
    if (!QCoreApplication::instance()) {
        qCWarning(lcShutdown, "GracefulShutdown::exec: no QCoreApplication: there is no event loop to run");
        return -1;
    }
    if (m_execFrame) {
        qCWarning(lcShutdown, "GracefulShutdown::exec: exec() is already running; returns -1");
        return -1;
    }
    if (m_phase == Phase::Finished) {
        // Nothing would quit a loop run now: the sequence that quits it is over.
        qCWarning(lcShutdown, "GracefulShutdown::exec: exec() called again after the shutdown sequence "
                  "finished; returns exitCode() at once");
        return exitCode;
    }
    // A hook or a slot may delete the GracefulShutdown, and this with it, while the loop
    // runs (see the destructor): from then on only the locals may be used here.
    const std::shared_ptr<ShutdownShared> keep = shared;
    const QPointer<GracefulShutdown> self(q);
    ExecFrame frame;
    m_execFrame = &frame;
    const int loopCode = runLoop();
    // A loop that ends while the platform holds an event for us ended because of it (Qt's
    // Windows plugin quits the application on WM_ENDSESSION): that is the request, and the
    // sequence runs before exec() decides, however the race with our own notifier went.
    if (self && m_phase == Phase::Idle && (keep->request().taken || Session::isHolding())) {
        QEventLoop rest;
        QObject::connect(q, &GracefulShutdown::finished, &rest, &QEventLoop::quit);
        QObject::connect(q, &QObject::destroyed, &rest, &QEventLoop::quit);
        QTimer giveUp;   // a held event we do not watch: wait no longer than its hold
        QObject::connect(&giveUp, &QTimer::timeout, &rest, &QEventLoop::quit);
        if (!keep->request().taken)
            giveUp.start(timerInterval(std::chrono::milliseconds(Session::holdDeadline().remainingTime())));
        rest.exec();
    }
    if (self && m_phase == Phase::Running) {
        QEventLoop rest;
        QObject::connect(q, &GracefulShutdown::finished, &rest, &QEventLoop::quit);
        QObject::connect(q, &QObject::destroyed, &rest, &QEventLoop::quit);
        rest.exec();
    }
    if (!self) {
        // Deleted during the loop. A request that was taken still ends the process the
        // way exitMode() said when the object was deleted.
        const ShutdownShared::Request request = keep->request();
        if (!request.taken) {
            serviceManagerStopped(loopCode);
            return loopCode;
        }
        if (frame.exitMode == GracefulShutdown::ExitBySignal && request.info.signal().isValid())
            keep->endProcess(request.info.signal(), frame.exitCode, true);
        ShutdownShared::flushOutput();   // before the release: the system may end the process right after it
        serviceManagerStopped(frame.exitCode);
        keep->releaseHold();
        return frame.exitCode;
    }
    m_execFrame = nullptr;
    if (m_phase != Phase::Finished) {
        serviceManagerStopped(loopCode);
        return loopCode;
    }
    const Signal signal = keep->request().info.signal();
    if (exitMode == GracefulShutdown::ExitBySignal && signal.isValid())
        keep->endProcess(signal, exitCode, true);
    ShutdownShared::flushOutput();   // before the release: the system may end the process right after it
    serviceManagerStopped(exitCode);
    shared->releaseHold();
    return exitCode;
}

// The service manager: the one place GracefulShutdown speaks to it.

// When the sequence starts: systemd shows the unit as "deactivating". ServiceManager names
// an unreachable manager once; the shutdown goes on regardless.
void ShutdownSequence::serviceManagerStopping()
{
    ServiceManager::notifyStopping();
}

// At the start and before each hook: the manager's stop timeout is to cover what is left
// of our deadline, plus a margin so that our own forced exit comes before its SIGKILL.
void ShutdownSequence::serviceManagerExtendTimeout()
{
    const qint64 remaining = shared->request().deadline.remainingTime();
    if (remaining < 0)
        return;   // no deadline
    ServiceManager::extendTimeout(std::chrono::milliseconds(remaining) + ShutdownServiceManagerMargin);
}

// exec() returns `code` for main to return: the manager's last word (a Windows service's
// SERVICE_STOPPED; nothing on POSIX, where systemd reads the exit status), which may end
// the process after it. A forced exit or an end by the request's signal says it from
// ShutdownShared::endProcess() instead.
void ShutdownSequence::serviceManagerStopped(int code)
{
    SignalBackend::notifyServiceStopped(code);
}

} // namespace SN
