// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  -------------
// This file is not part of the SignalNotifier API. It may change from one version to
// the next without notice.
//
// GracefulShutdown runs on two threads:
// - its own thread (normally the main thread) runs the sequence: shutdownRequested,
//   inhibitors, hooks, finished, the end of exec();
// - a small watchdog thread with its own event loop watches the termination requests and
//   keeps the deadlines, so a second request or the overall deadline ends the process even
//   while the main thread is stuck inside a synchronous hook.
// Completion and Inhibitor handles may be used from any thread. What they share is
// GracefulShutdownState; every field is guarded by its mutex unless it is atomic.

#pragma once

#include "SignalNotifier/gracefulshutdown.h"

#include <QtCore/qdeadlinetimer.h>
#include <QtCore/qloggingcategory.h>
#include <QtCore/qthread.h>

#include <atomic>
#include <map>
#include <mutex>
#include <vector>

class QTimer;

namespace SN {
class SignalNotifier;

Q_DECLARE_LOGGING_CATEGORY(lcShutdown)

struct GracefulShutdownState
{
    std::mutex mutex;
    GracefulShutdownPrivate *owner = nullptr;   // null once the GracefulShutdown is gone

    std::chrono::milliseconds deadlineLength{10000};
    bool started = false;          // a request was accepted (signal or requestShutdown)
    bool finished = false;         // the orderly sequence ran to its end
    SignalInfo request;            // the first request; invalid for requestShutdown()
    Signal forcingSignal;          // the second request, when it forced the exit
    QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever);
    bool deadlineIsHold = false;   // shortened to the platform's hold (Windows)

    // The hook running now. The watchdog reads it to report a stuck synchronous hook by
    // name and to know the main thread cannot answer.
    int hookToken = 0;             // 0: none
    bool hookIsSync = false;
    QString hookName;
    std::chrono::milliseconds hookTimeout{0};
    bool hookReported = false;     // its overdue warning was already printed

    int nextInhibitor = 1;
    std::map<int, QString> inhibitors;   // id -> why

    std::atomic<bool> ending{false};     // someone is ending the process now

    // Written by the destructor: how exec(), still on the stack when a hook or a slot
    // deleted the object, ends the process.
    GracefulShutdown::ExitMode exitModeAtEnd = GracefulShutdown::ExitBySignal;
    int exitCodeAtEnd = 0;
};

class GracefulShutdownPrivate
{
public:
    explicit GracefulShutdownPrivate(GracefulShutdown *owner);

    struct HookEntry
    {
        QString name;
        GracefulShutdown::Hook sync;
        GracefulShutdown::AsyncHook async;
        std::chrono::milliseconds timeout;
        int order = 0;
    };

    enum class Phase { Idle, Running, Finished };

    void startWatchdog();
    void stopWatchdog();

    // Both threads: take a request; returns false when one was already taken.
    bool accept(const SignalInfo &info);

    // Watchdog thread.
    void onActivated(const SignalInfo &info);
    void armDeadline();
    void armHookTimer(int token, std::chrono::milliseconds timeout);
    void onHookTimer();
    [[noreturn]] void force(GracefulShutdown::ForceReason reason);

    // The GracefulShutdown's thread.
    void begin();
    void postStep();
    void step();
    void runHook(const HookEntry &hook);
    void asyncDone(int token);
    void asyncOverdue();
    GracefulShutdown::Inhibitor inhibit(const QString &why);
    void inhibitorsChanged();
    void finish();
    [[noreturn]] void forcedHere(GracefulShutdown::ForceReason reason);
    void extendTimeout();

    // Any thread, once: releases the hold and ends the process by `signal` (or exits
    // with `code` when there is none). Later callers wait for the first to finish it.
    // Static: it may run after the GracefulShutdown is gone.
    [[noreturn]] static void endProcess(const std::shared_ptr<GracefulShutdownState> &state,
                                        Signal signal, int code, bool flushStdio);

    // Whether the GracefulShutdown was destroyed during the call just made (a hook or a
    // slot of its signals deleted it). Takes the state by value: `this` may be gone.
    static bool gone(const std::shared_ptr<GracefulShutdownState> &state);

    // addHook / addAsyncHook: also into a sequence that runs now.
    void addToSequence(HookEntry entry);

    // Sets up the watchdog thread; false, with setupError, when it cannot.
    bool startWatchdogChecked();

    // Posts `f` to the GracefulShutdown's thread; nothing when it is gone.
    template <typename F>
    static void post(const std::shared_ptr<GracefulShutdownState> &state, F f);

    GracefulShutdown *q;
    std::shared_ptr<GracefulShutdownState> state;
    QList<Signal> requests;
    GracefulShutdown::ExitMode exitMode = GracefulShutdown::ExitBySignal;
    int exitCode = 0;

    std::vector<HookEntry> hooks;   // in insertion order
    std::vector<HookEntry> plan;    // sorted when the sequence starts
    std::size_t next = 0;
    Phase phase = Phase::Idle;
    int tokens = 0;
    int asyncToken = 0;             // the asynchronous hook being waited for
    QTimer *asyncTimer = nullptr;   // this thread
    bool stepPosted = false;
    bool waitingForInhibitors = false;
    bool sessionEndBlocked = false;
    Error::Code setupError = Error::NoError;   // why it watches nothing
    QString setupErrorString;
    bool execRunning = false;

    // Watchdog thread and the objects living in it.
    QThread watchdogThread;
    QObject *watchdog = nullptr;
    SignalNotifier *notifier = nullptr;
    QTimer *deadlineTimer = nullptr;
    QTimer *hookTimer = nullptr;
    int hookTimerToken = 0;
};

} // namespace SN
