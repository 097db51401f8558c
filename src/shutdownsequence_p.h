// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  -------------
// This file is not part of the SignalNotifier API. It may change from one version to
// the next without notice.

#pragma once

#include "gracefulshutdown_p.h"
#include "shutdownhook_p.h"
#include "shutdownwatchdog_p.h"

#include "SignalNotifier/gracefulshutdown.h"

#include <memory>
#include <vector>

class QTimer;

namespace SN {

class ShutdownShared;

// The GracefulShutdown's own thread's work (normally the main thread): the d-pointer of
// GracefulShutdown. Every function runs on that thread, and nothing else touches its
// fields: the public API (except inhibit() and the Completion and Inhibitor handles,
// which go to ShutdownShared) and the events the watchdog and the handles post here
// through ShutdownShared::postToSequence().
//
// It runs the sequence: shutdownRequested, the wait for inhibitors, the hooks one per
// event-loop turn, finished, and the end of exec(); it owns the watchdog thread and is the
// one place GracefulShutdown speaks to the service manager.
//
// Any signal it emits may run a slot that deletes the GracefulShutdown, and this with it:
// after each emission and each hook, a QPointer to the GracefulShutdown says whether to go on.
class ShutdownSequence
{
public:
    ShutdownSequence(GracefulShutdown *owner, const QList<Signal> &requests);
    ~ShutdownSequence();

    // The public API.
    void addHook(ShutdownHook hook, const QObject *context);
    bool removeHook(const QString &name);
    void requestShutdown();
    int exec(int (*runLoop)());
    bool isFinished() const { return m_phase == Phase::Finished; }

    // Posted here by the watchdog, the handles and the hooks' context threads
    // (ShutdownShared::postToSequence()).
    void begin();                       // a request was accepted
    void hookDone(int token);           // Completion::done(), or a hook handed over returned
    void handOverEnded(int token);      // a hand-over's queued call ran, or was dropped
    void inhibitorsChanged();           // the first inhibitor taken, or the last released
    [[noreturn]] void forcedHere(GracefulShutdown::ForceReason reason, Signal signal);

    GracefulShutdown *const q;
    const std::shared_ptr<ShutdownShared> shared;
    GracefulShutdown::ExitMode exitMode = GracefulShutdown::ExitBySignal;
    int exitCode = 0;
    Error::Code setupError = Error::NoError;   // why it watches nothing
    QString setupErrorString;

private:
    enum class Phase { Idle, Running, Finished };

    // What a running exec() needs to end the process after the GracefulShutdown was
    // deleted under it: filled by the destructor.
    struct ExecFrame
    {
        GracefulShutdown::ExitMode exitMode = GracefulShutdown::ExitBySignal;
        int exitCode = 0;
    };

    void startWatchdog();
    void postStep();
    void step();
    void runHook(const ShutdownHook &hook);
    void awaitedOverdue();
    void endAwaited();
    void finish();

    // The service manager (systemd's notification protocol): everything GracefulShutdown
    // tells it is said here.
    void serviceManagerStopping();
    void serviceManagerExtendTimeout();
    static void serviceManagerStopped(int code);   // static: exec() may call it after `this` is gone

    ShutdownWatchdogThread m_watchdog;
    std::vector<ShutdownHook> m_hooks;   // in insertion order
    std::vector<ShutdownHook> m_plan;    // sorted when the sequence starts
    std::size_t m_next = 0;
    Phase m_phase = Phase::Idle;
    int m_tokens = 0;
    ShutdownHook m_running;           // the hook running now, while m_runningToken != 0
    int m_runningToken = 0;
    // The hook being waited for while the loop runs: an asynchronous one, or one handed to
    // its context's thread (then also m_handedOverToken), with its timeout.
    int m_awaitedToken = 0;
    int m_handedOverToken = 0;
    QTimer *m_awaitTimer = nullptr;
    bool m_stepPosted = false;
    bool m_waitingForInhibitors = false;
    bool m_sessionEndBlocked = false;
    ExecFrame *m_execFrame = nullptr; // exec() runs
};

} // namespace SN
