// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API.
//
// One SignalDispatcher per thread that has notifiers. It owns that thread's backend
// channel and watches its descriptor with a QSocketNotifier, so arrivals wake exactly
// the threads that watch them, each through its own event loop: one hop from the
// handler to the slot, and a blocked main thread never holds up a worker.
//
// Which thread does what:
// - Its own thread (the one it was made in) reads the channel and emits to the notifiers
//   that live there. attach() and interest changes happen there too.
// - Any thread may call detach() and requestRelease(): a notifier deleted after its
//   thread ended, or one that moved away and now lives elsewhere. Those touch only what
//   `m_lock` guards: the attached notifiers, their interest, the releases, m_threadGone.
// - When its thread ends, threadEnded() runs there (a thread_local guard): the socket
//   notifier goes, and the dispatcher stays only while notifiers are still attached; the
//   last detach() then deletes it from whatever thread that is. Its life never depends on
//   an event loop that may be gone.
//
// A notifier that moves to another thread stays attached here, as "moving", until its
// new thread's dispatcher has its interest (see SignalNotifier::event()): what arrives
// meanwhile is forwarded to it as posted events, so nothing in the move window is lost.

#pragma once

#include "SignalNotifier/signal.h"
#include "channels_p.h"
#include "looppoll_p.h"
#include "signalinfo_p.h"

#include <QtCore/qcoreevent.h>
#include <QtCore/qlist.h>
#include <QtCore/qmutex.h>
#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>
#include <QtCore/qstringlist.h>

#include <atomic>

class QAbstractEventDispatcher;
class QSocketNotifier;

namespace SN {
class SignalNotifier;

class SignalDispatcher : public QObject
{
public:
    // The current thread's dispatcher, made on first use; nullptr with *error set when
    // it cannot be (no channel slot or descriptor left).
    static SignalDispatcher *forCurrentThread(Error::Code *error);

    // Own thread: `notifier` receives the arrivals of `natives` from now on.
    void attach(SignalNotifier *notifier, const QList<int> &natives);
    // Any thread: `notifier` receives nothing more from here; may delete the dispatcher.
    void detach(SignalNotifier *notifier);
    // Any thread: `notifier`, which moved away, now has its interest in another channel
    // from arrival `sequence` on. What this channel holds from before is forwarded to it,
    // then its interest here ends and it gets a HandoverDone event, on which it detaches.
    void requestRelease(SignalNotifier *notifier, uint32_t sequence);
    std::size_t capacity() const;
    // Any thread: `notifier` gets `info` as an arrival, in its own thread (an event that is
    // no signal on this platform: sessionevents_p.h).
    static void postArrival(SignalNotifier *notifier, const SignalInfo &info);

    static QEvent::Type deliverEventType();
    static QEvent::Type handoverDoneEventType();

protected:
    bool event(QEvent *event) override;

private:
    explicit SignalDispatcher(const SignalBackend::Channel &channel);
    ~SignalDispatcher() override;
    friend struct SignalDispatcherThreadGuard;
    friend class SignalChannelNotifier;
    void threadEnded();
    void startWhenLoopExists();
    void loopSeen();
    bool drain(std::size_t limit = 0);
    void processReleasesLocked();
    bool releaseNow(QMutexLocker<QMutex> &lock);
    void deliver(const SignalInfo &info, uint32_t seq, bool merged = false);
    void detachLocked(SignalNotifier *notifier);
    void reportUnread();

    struct Attached {
        SignalNotifier *notifier = nullptr;
        QList<int> natives;
        uint32_t releaseFrom = 0;   // forwarded only below this arrival (when released)
        bool released = false;
        bool handedOver = false;     // released: gets nothing more, waits to detach
        bool warnedNotRunning = false;
    };

    SignalBackend::Channel m_channel;
    QSocketNotifier *m_socket = nullptr;
    QSocketNotifier *m_staleSocket = nullptr;   // of an event dispatcher that is gone
    QPointer<QAbstractEventDispatcher> m_eventDispatcher;
    LoopPoll::Token *m_loopPoll = nullptr;      // m_eventDispatcher's, while we exist
    mutable QMutex m_lock;
    QList<Attached> m_attached;        // m_lock
    bool m_releasesPending = false;    // m_lock
    bool m_threadGone = false;         // m_lock
    quint64 m_undelivered = 0;         // m_lock: arrivals for notifiers of an ended thread
    QStringList m_undeliveredNames;    // m_lock
    int m_draining = 0;                // own thread
    SignalInfoSpare m_spare;           // the drain that holds m_spareTaken
    std::atomic<bool> m_spareTaken{false};
    bool m_deleteWhenIdle = false;     // own thread
    QString m_threadName;
    bool m_mainThread = false;   // made on the process's main thread (for the monitor's words)
};

} // namespace SN
