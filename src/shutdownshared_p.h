// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  -------------
// This file is not part of the SignalNotifier API. It may change from one version to
// the next without notice.

#pragma once

#include "gracefulshutdown_p.h"

#include "SignalNotifier/signal.h"
#include "SignalNotifier/signalinfo.h"

#include <QtCore/qdeadlinetimer.h>
#include <QtCore/qstring.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

class QObject;

namespace SN {

class ShutdownSequence;

// ShutdownShared: the only state of a GracefulShutdown that more than one thread touches.
// Every function may be called from any thread. Its fields are private: the lock is taken
// in shutdownshared.cpp only, one short section per function, never around a call out.
//
// Owned jointly (std::shared_ptr) by the sequence, the watchdog, every Completion and
// Inhibitor handed out, and every event posted to the sequence, so that a handle used after
// the GracefulShutdown is gone finds it still there, detached.
//
//   field              written by                            read by
//   -----------------  ------------------------------------  -----------------------------
//   m_sequence,        the sequence's thread: attach() in    postToSequence(), any thread
//   m_context          its constructor, detach() in its
//                      destructor
//   m_deadlineLength   the sequence's thread (setDeadline)   accept() (either thread), the
//                                                            watchdog's forced-exit message
//   m_request          the first accept(): the watchdog on   any thread; never changes once
//                      a signal, the sequence's thread on    taken
//                      requestShutdown()
//   m_hook             the sequence's thread: hookStarted(), the watchdog: a blocking hook
//                      hookEnded()                           past its timeout, or running
//                                                            when it forces the exit; a
//                                                            hook's context thread, before
//                                                            it calls a hook handed to it
//   m_hookReported     the watchdog (takeOverdueBlockingHook) the sequence (hookEnded)
//   m_hookStarted      the context's thread of a hook handed  the sequence, when the
//                      over (startHandedOverHook)             hand-over ended
//   m_inhibitors,      any thread: Inhibitor handles and     the sequence's thread
//   m_nextInhibitor    GracefulShutdown::inhibit()           (inhibitedBy)
//   m_ending           the first endProcess(), atomic        anyone about to act
//                      (no lock: endProcess() may run
//                      while another thread holds m_mutex
//                      forever, stuck in a hook)
//   m_holdClaim        the sequence's thread, once, before   any thread (no lock: never
//                      the watchdog thread starts            changes afterwards)
class ShutdownShared : public std::enable_shared_from_this<ShutdownShared>
{
public:
    // The request that started the shutdown, as accept() took it.
    struct Request
    {
        bool taken = false;          // a request was accepted (a signal or requestShutdown)
        SignalInfo info;             // invalid for requestShutdown()
        QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever);
        bool deadlineIsHold = false; // shortened to the platform's hold (Windows)
        QDeadlineTimer hold = QDeadlineTimer(QDeadlineTimer::Forever);   // the hold's end, if any
    };

    // The hook the sequence runs now; token 0: none.
    struct Hook
    {
        int token = 0;
        bool blocking = false;   // runs in the sequence's thread, which answers nothing meanwhile
        QString name;
        std::chrono::milliseconds timeout{0};
    };

    // The sequence's link: where postToSequence() goes. attach() and detach() are called
    // by the sequence, in its own thread; detached, nothing more is posted.
    void attach(ShutdownSequence *sequence, QObject *context);
    void detach();
    // Runs `call` in the sequence's thread, through its event loop, unless the
    // GracefulShutdown is gone by then.
    void postToSequence(std::function<void(ShutdownSequence &)> call);
    bool isAttached() const;

    std::chrono::milliseconds deadlineLength() const;
    bool setDeadlineLength(std::chrono::milliseconds length);   // true when it changed

    // Takes `info` as the request (invalid: requestShutdown()) and starts the overall
    // deadline; false when a request was already taken.
    bool accept(const SignalInfo &info);
    Request request() const;

    // The sequence: a hook starts / ended. hookEnded() says whether the watchdog reported
    // it overdue meanwhile; from then on a hand-over of it can no longer start.
    void hookStarted(const Hook &hook);
    bool hookEnded();
    // The watchdog: when the blocking hook `token` still runs and was not reported yet,
    // marks it reported and returns true with it in `*hook`.
    bool takeOverdueBlockingHook(int token, Hook *hook);
    Hook runningHook() const;
    // A hook handed to its context's thread, in that thread: true, and marked started, when
    // it is still the hook the sequence waits for (`token`); false once the sequence went
    // on without it. handedOverHookStarted(): the sequence asks, when the hand-over ended.
    bool startHandedOverHook(int token);
    bool handedOverHookStarted(int token) const;

    // Returns the new inhibitor's id; `*first` tells whether none was held before.
    int addInhibitor(const QString &why, bool *first);
    // True when `id` was the last one held.
    bool releaseInhibitor(int id);
    // What the held inhibitors are for, joined by ", "; empty when none is held.
    QString inhibitedBy() const;

    // The claim on the platform's hold (sessionend_p.h): while the sequence runs, a
    // Session::releaseHold() of the application's does not end the hold under the hooks.
    // armHoldClaim(): the sequence, before the watchdog starts watching `requests`; a hold
    // that begins for one of them is claimed from its start. accept() claims a hold under
    // way. releaseHold(): done, the process ends next: the hold ends (any thread).
    // dropHoldClaim(): the GracefulShutdown goes without ending the process; a release the
    // application asked for meanwhile is done now.
    void armHoldClaim(const QList<Signal> &requests);
    void releaseHold();
    void dropHoldClaim();

    // Whether some thread is ending the process now (endProcess() was called).
    bool isEnding() const;
    // Once per process: releases the platform's hold and ends the process by `signal`'s
    // default action, or exits with `code` when it is invalid. A later caller, from any
    // thread, waits for the first to finish it. `flushStdio`: flushes stdout and stderr
    // first (never from a thread that may have interrupted a stuck one: it may hold the
    // stdio lock).
    [[noreturn]] void endProcess(Signal signal, int code, bool flushStdio);

    [[noreturn]] static void waitForever();
    // What the process wrote but stdio still buffers, stdout and stderr only: fflush(nullptr)
    // would also take stdin's lock, which a thread blocked in fgets/getline holds for good.
    static void flushOutput();

private:
    mutable std::mutex m_mutex;
    ShutdownSequence *m_sequence = nullptr;
    QObject *m_context = nullptr;      // the GracefulShutdown: the posted events' receiver
    std::chrono::milliseconds m_deadlineLength{10000};
    Request m_request;
    Hook m_hook;
    bool m_hookReported = false;       // its overdue warning was already printed
    bool m_hookStarted = false;        // handed over to its context's thread, and called there
    int m_nextInhibitor = 1;
    std::map<int, QString> m_inhibitors;   // id -> why
    std::atomic<bool> m_ending{false};
    uint64_t m_holdClaim = 0;
};

} // namespace SN
