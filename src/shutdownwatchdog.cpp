// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The watchdog thread (see gracefulshutdown_p.h). ShutdownWatchdog runs on it only;
// ShutdownWatchdogThread's functions run on the sequence's thread, except run().

#include "shutdownwatchdog_p.h"

#include "shutdownsequence_p.h"
#include "shutdownshared_p.h"
#include "process_p.h"
#include "signalmask_p.h"
#include "signalnotifier_p.h"
#include "timerinterval_p.h"

#include <cstdlib>

namespace SN {

ShutdownWatchdog::ShutdownWatchdog(std::shared_ptr<ShutdownShared> shared)
    : m_shared(std::move(shared))
{
    QObject::connect(&m_notifier, &SignalNotifier::activated, this,
                     [this](const SignalInfo &info) { onActivated(info); });
    m_deadlineTimer.setSingleShot(true);
    m_deadlineTimer.setTimerType(Qt::PreciseTimer);
    QObject::connect(&m_deadlineTimer, &QTimer::timeout, this,
                     [this] { force(GracefulShutdown::DeadlinePassed); });
    m_hookTimer.setSingleShot(true);
    m_hookTimer.setTimerType(Qt::PreciseTimer);
    QObject::connect(&m_hookTimer, &QTimer::timeout, this, [this] { onHookTimer(); });
}

Error::Code ShutdownWatchdog::watch(const QList<Signal> &requests, QString *errorString)
{
    SignalNotifierPrivate::get(&m_notifier)->isStopRequestWatcher = true;
    if (m_notifier.setWatchedSignals(requests))
        return Error::NoError;
    *errorString = m_notifier.errorString();
    return m_notifier.error();
}

void ShutdownWatchdog::onActivated(const SignalInfo &info)
{
    if (m_shared->accept(info)) {
        armDeadline();
        m_shared->postToSequence([](ShutdownSequence &sequence) { sequence.begin(); });
        // Two arrivals merged into one activation: pressed twice before we looked.
        if (info.count() < 2)
            return;
    } else if (info.isHeld()) {
        // A held session end during the sequence is the system announcing again (logind's
        // PrepareForShutdown(true) after a cancel and a new shutdown; issue 13's breaker),
        // not an impatient user: the sequence under way answers it, and the hold it keeps
        // ends with the sequence (our claim took it as it began: sessionend_p.h).
        return;
    }
    m_forcingSignal = info.signal();
    force(GracefulShutdown::SecondRequest);
}

void ShutdownWatchdog::armDeadline()
{
    const QDeadlineTimer deadline = m_shared->request().deadline;
    m_deadlineTimer.start(timerInterval(std::chrono::milliseconds(deadline.remainingTime())));
}

void ShutdownWatchdog::armHookTimer(int token, std::chrono::milliseconds timeout)
{
    m_hookTimerToken = token;
    m_hookTimer.start(timerInterval(timeout));
}

// A synchronous hook past its timeout cannot be interrupted; say which one holds the
// shutdown up while it still does, from here, since the sequence's thread is busy running it.
void ShutdownWatchdog::onHookTimer()
{
    ShutdownShared::Hook hook;
    if (!m_shared->takeOverdueBlockingHook(m_hookTimerToken, &hook))
        return;
    qCWarning(lcShutdown, "GracefulShutdown: hook \"%s\" is overdue: still running after its "
              "timeout of %lld ms", qPrintable(hook.name), static_cast<long long>(hook.timeout.count()));
}

void ShutdownWatchdog::force(GracefulShutdown::ForceReason reason)
{
    if (m_shared->isEnding())
        ShutdownShared::waitForever();
    const ShutdownShared::Hook hook = m_shared->runningHook();
    const ShutdownShared::Request request = m_shared->request();
    const bool stuck = hook.token != 0 && hook.blocking;
    const QString why = reason == GracefulShutdown::SecondRequest
        ? QStringLiteral("a second termination request arrived")
        : request.deadlineIsHold
            ? QStringLiteral("the platform's deadline for the held event passed")
            : QStringLiteral("the shutdown deadline (%1 ms) passed").arg(qint64(m_shared->deadlineLength().count()));
    const QString during = hook.token == 0 ? QString()
                                           : QStringLiteral(" while hook \"%1\" was running").arg(hook.name);
    qCCritical(lcShutdown, "GracefulShutdown: forcing exit: %s%s", qPrintable(why), qPrintable(during));
    const Signal signal = request.info.signal().isValid() ? request.info.signal() : m_forcingSignal;
    if (!stuck && m_shared->isAttached()) {
        // Let the sequence's thread say so (forcingExit) and end the process; it is not
        // known to be stuck, but it may be busy: give it a moment, then end from here.
        m_shared->postToSequence([reason, signal](ShutdownSequence &sequence) { sequence.forcedHere(reason, signal); });
        std::mutex m;
        std::condition_variable never;
        std::unique_lock<std::mutex> lock(m);
        never.wait_for(lock, ShutdownForceGrace, [] { return false; });
    }
    // No stdio flush from here: the stuck thread may hold a stdio lock.
    m_shared->endProcess(signal, EXIT_FAILURE, false);
}

ShutdownWatchdogThread::ShutdownWatchdogThread(std::shared_ptr<ShutdownShared> shared,
                                               const QList<Signal> &requests)
    : m_shared(std::move(shared)), m_requests(requests)
{
    setObjectName(QStringLiteral("GracefulShutdown watchdog"));
}

ShutdownWatchdogThread::~ShutdownWatchdogThread()
{
    stop();
}

Error::Code ShutdownWatchdogThread::launch(QString *errorString)
{
    // Qt aborts the process when the new thread's event loop cannot get its descriptors
    // (glib: "Creating pipes for GWakeup"; Qt's own: "Cannot continue without a thread
    // pipe"). Its loop needs one or two, the SignalNotifier's channel one or two: ask for a few
    // more before starting it. Another thread could take the last ones in between; this
    // turns the common case, a process already at its limit, into a clear error.
    constexpr int DescriptorsNeeded = 8;
    if (const SignalBackend::Result r = SignalBackend::probeDescriptors(DescriptorsNeeded); !r) {
        *errorString = QStringLiteral("out of descriptors: its thread needs %1 (%2)")
                           .arg(DescriptorsNeeded)
                           .arg(QString::fromStdString(SignalBackend::systemErrorText(r.systemErrno)));
        return static_cast<Error::Code>(r.error);
    }
    {
        // It never takes a signal itself (its notifier is served by whichever thread
        // does): started with all of them blocked.
        const AllSignalsBlocked blocked;
        start();
    }
    if (!isRunning() && !isFinished()) {
        // pthread_create failed (out of threads: RLIMIT_NPROC, memory). Waiting for the
        // thread below would wait forever.
        *errorString = QStringLiteral("cannot start its thread (out of threads or memory)");
        return Error::OutOfResources;
    }
    std::unique_lock<std::mutex> lock(m_reportMutex);
    m_reportChanged.wait(lock, [this] { return m_reported; });
    m_watchdog = m_reportedWatchdog;
    *errorString = m_reportedErrorString;
    return m_reportedError;
}

void ShutdownWatchdogThread::run()
{
    // The watchdog and the notifier and timers in it are made here: they deliver here.
    ShutdownWatchdog watchdog(m_shared);
    QString errorString;
    const Error::Code error = watchdog.watch(m_requests, &errorString);
    {
        std::lock_guard<std::mutex> lock(m_reportMutex);
        m_reported = true;
        m_reportedWatchdog = &watchdog;
        m_reportedError = error;
        m_reportedErrorString = errorString;
    }
    m_reportChanged.notify_all();
    exec();
    // Destroyed here, in its own thread, once stop() has ended the loop: its notifier
    // stops watching and the previous actions come back.
}

void ShutdownWatchdogThread::stop()
{
    if (!m_watchdog)
        return;
    m_watchdog = nullptr;   // gone once the loop ends; nothing more is posted to it
    quit();
    wait();
}

void ShutdownWatchdogThread::armDeadline()
{
    if (ShutdownWatchdog *watchdog = m_watchdog)
        QMetaObject::invokeMethod(watchdog, [watchdog] { watchdog->armDeadline(); }, Qt::QueuedConnection);
}

void ShutdownWatchdogThread::armHookTimer(int token, std::chrono::milliseconds timeout)
{
    if (ShutdownWatchdog *watchdog = m_watchdog) {
        QMetaObject::invokeMethod(watchdog, [watchdog, token, timeout] { watchdog->armHookTimer(token, timeout); },
                                  Qt::QueuedConnection);
    }
}

} // namespace SN
