// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  -------------
// This file is not part of the SignalNotifier API. It may change from one version to
// the next without notice.

#pragma once

#include "gracefulshutdown_p.h"

#include "SignalNotifier/gracefulshutdown.h"
#include "SignalNotifier/signalnotifier.h"

#include <QtCore/qthread.h>
#include <QtCore/qtimer.h>

#include <condition_variable>
#include <memory>
#include <mutex>

namespace SN {

class ShutdownShared;

// The watchdog thread's work. A ShutdownWatchdog is made, used and destroyed on the
// watchdog thread only (ShutdownWatchdogThread::run()); nothing of it is touched by
// another thread. It watches the termination requests with a SignalNotifier of its own
// and keeps the two deadlines (the overall one, and the running synchronous hook's), so
// that it can end the process while the sequence's thread is stuck in a hook.
//
// It reaches the sequence only through ShutdownShared (postToSequence()); the sequence
// reaches it only through ShutdownWatchdogThread's posting functions.
class ShutdownWatchdog : public QObject
{
public:
    explicit ShutdownWatchdog(std::shared_ptr<ShutdownShared> shared);

    // Starts watching `requests`; Error::NoError, or why it cannot (`*errorString`).
    Error::Code watch(const QList<Signal> &requests, QString *errorString);
    // The overall deadline of the request just accepted: when it passes, the exit is forced.
    void armDeadline();
    // The synchronous hook `token` started, with `timeout`: reported while it runs past it.
    void armHookTimer(int token, std::chrono::milliseconds timeout);

private:
    void onActivated(const SignalInfo &info);
    void onHookTimer();
    [[noreturn]] void force(GracefulShutdown::ForceReason reason);

    const std::shared_ptr<ShutdownShared> m_shared;
    SignalNotifier m_notifier;
    QTimer m_deadlineTimer;
    QTimer m_hookTimer;
    int m_hookTimerToken = 0;
    Signal m_forcingSignal;   // the second request, when one forced the exit
};

// The sequence's handle on the watchdog thread. Every public function is called by the
// sequence, in the sequence's thread; run() is the watchdog thread itself, and the only
// code of this class that runs there.
class ShutdownWatchdogThread : public QThread
{
public:
    ShutdownWatchdogThread(std::shared_ptr<ShutdownShared> shared, const QList<Signal> &requests);
    ~ShutdownWatchdogThread() override;   // stop()

    // Starts the thread and waits until its watchdog has started watching. NoError; or why
    // not (`*errorString`): then no thread runs (out of descriptors or threads: isUp() is
    // false), or it runs without watching (a request that cannot be watched: isUp() is
    // true, and the deadlines still work).
    Error::Code launch(QString *errorString);
    // Ends the thread; its watchdog stops watching (the previous actions come back).
    void stop();
    bool isUp() const { return m_watchdog != nullptr; }
    const QList<Signal> &requests() const { return m_requests; }

    // Posted to the watchdog; nothing when the thread is not up.
    void armDeadline();
    void armHookTimer(int token, std::chrono::milliseconds timeout);

protected:
    void run() override;

private:
    const std::shared_ptr<ShutdownShared> m_shared;
    const QList<Signal> m_requests;
    ShutdownWatchdog *m_watchdog = nullptr;   // the sequence's thread's copy, once up

    // The start-up report, handed from run() to launch() once: written by run() before its
    // event loop starts, read by launch() after `m_reported`. Nothing else crosses here.
    std::mutex m_reportMutex;
    std::condition_variable m_reportChanged;
    bool m_reported = false;
    ShutdownWatchdog *m_reportedWatchdog = nullptr;
    Error::Code m_reportedError = Error::NoError;
    QString m_reportedErrorString;
};

} // namespace SN
