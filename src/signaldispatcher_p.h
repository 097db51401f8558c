// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API.
//
// One SignalDispatcher per thread that has notifiers. It owns that thread's backend
// channel and watches it with a glib source of the thread's loop (loopsource_p.h) or,
// where there is none, a QSocketNotifier on its descriptor, so arrivals wake exactly
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
// meanwhile and is this channel's share (Part) is forwarded to it as posted events, so
// nothing in the move window is lost and nothing comes through both channels.

#pragma once

#include "SignalNotifier/signal.h"
#include "channels_p.h"
#include "loopsource_p.h"
#include "signalinfo_p.h"

#include <QtCore/qcoreevent.h>
#include <QtCore/qlist.h>
#include <QtCore/qmutex.h>
#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>
#include <QtCore/qstringlist.h>
#include <QtCore/qvarlengtharray.h>

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

    // Own thread: `notifier` receives the arrivals of `natives` numbered from now on (see
    // Part): what was numbered before is not its own, whether it starts watching (another
    // notifier's interest may have put an earlier arrival here) or comes from another
    // channel (which keeps it). For one already attached, only its set changes (a signal
    // new to it counts from now on: Attached::added), unless it had been released (it came
    // back): then it takes over anew. Returns the arrival number (Record::seq) from which
    // this channel is sure to have its arrivals: where the channels it came from are to
    // stop (requestRelease()).
    uint32_t attach(SignalNotifier *notifier, const QList<int> &natives);
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
    void attachLoopSource();
    void detachLoopSource();
    void loopSeen();
    // Reads at most `limit` records (0: one wake-up's worth, or all once the thread has
    // ended); with `countsAnyway` the overflow counts too (drainChannel()). True when it
    // read the channel empty.
    bool drain(std::size_t limit = 0, bool countsAnyway = false);
    bool coverReleasesLocked();
    void processReleasesLocked();
    bool releaseNow(QMutexLocker<QMutex> &lock);
    // What drain() read: one record (`first` == `last`, its Record::seq), or a merged
    // activation of the records numbered `first`..`last` (0: it includes counted
    // arrivals, which have no number); `read` is the record's place in the reading order
    // (m_recordsRead), for a merged one that of the first record of its drain.
    struct Arrival {
        uint32_t first = 0;
        uint32_t last = 0;
        quint64 read = 0;
    };
    void deliver(const SignalInfo &info, const Arrival &arrival);
    // Hands an arrival that a delivery further out on this thread is giving to several
    // notifiers to the ones it has not reached yet (see Delivering).
    void completeOuterDeliveries();
    // Delivers the merged activations that drains further out on this thread have not
    // delivered yet (see Pending).
    void completeOuterMerged();
    // Whether a drain or a delivery further out on this thread holds something it read
    // and has not delivered (Delivering, Pending, SignalBackend::drainHolds()): a nested
    // loop's drain must run to take it, even with the channel empty.
    bool holdsBack() const;
    void detachLocked(SignalNotifier *notifier);
    void reportUnread();

    // A notifier's share of the arrivals, by arrival number (Record::seq), so that each
    // numbered arrival reaches it from exactly one channel, however often it moves:
    // the channel of a thread it left delivers (or forwards) only what was numbered
    // before the new channel took over (its release point), and the new channel only
    // what was numbered from then on, although other notifiers' interest may have put
    // older records in it (issue: a realtime value delivered twice when several
    // notifiers of one signal move independently). A notifier that comes back before its
    // release was done has two parts here: the closed one, and a new open one.
    // Wrap-safe comparisons (before()); a part spans far less than 2^31 arrivals.
    struct Part {
        uint32_t from = 0;    // first arrival number in it
        uint32_t until = 0;   // first one after it
    };
    // How long a "from this number on" applies. Only records written before the point it
    // was set can be numbered before it: once this channel has read them all (the first
    // `reads` records from then on, or the channel read empty once), it no longer
    // applies, and it never grows old (2^31 arrivals would make a number look "before"
    // it). Taken after waitForRunningHandlers(), so those are in the channel.
    struct Bound {
        quint64 reads = 0;     // m_recordsRead up to which it applies
        quint64 emptied = 0;   // m_emptied when it was set
    };
    struct Attached {
        SignalNotifier *notifier = nullptr;
        QList<int> natives;
        QVarLengthArray<Part, 1> closed;   // parts ended by a release, until handed over
        bool open = true;                  // from openFrom on, until a release
        // Whether openFrom still applies (until `openBound` has passed).
        bool openBounded = false;
        uint32_t openFrom = 0;
        Bound openBound;
        // Read for it while it has moved away and its open part has not ended yet: held
        // until the release says where the part ends (requestRelease() forwards what is
        // before that point; the new channel delivers the rest), or it comes back.
        QList<std::pair<SignalInfo, Arrival>> held;
        uint32_t releaseFrom = 0;   // the last release point (for HandoverDone)
        bool released = false;
        bool releaseCovered = false;   // by a reading that began after the release (coverReleasesLocked())
        bool handedOver = false;     // released: gets nothing more, waits to detach
        bool warnedNotRunning = false;
        // Signals added to the set of a notifier already here (watch()): arrivals of each
        // numbered before it was added are not its own, although other notifiers'
        // interest put them here (the second outside breaker of issue 14's fixes: a
        // notifier got an arrival from before it watched). Bounded as openFrom is.
        struct Added {
            int native = 0;
            uint32_t from = 0;
            Bound bound;
        };
        QVarLengthArray<Added, 1> added;
    };
    // Own thread (attach, drain). A Bound set now (after waitForRunningHandlers()), and
    // whether one has passed by the time `arrival` was read.
    Bound boundNowLocked() const;
    bool passedLocked(const Bound &bound, const Arrival &arrival) const;
    void takeOverLocked(Attached &a, uint32_t from);
    // Whether an arrival is in a notifier's share here, and in which part.
    enum class Share { None, Closed, Open };
    Share shareLocked(Attached &a, const Arrival &arrival);
    // Whether `arrival` of `native` came before `a` watched `native` (Attached::added).
    bool beforeAddedLocked(Attached &a, int native, const Arrival &arrival);

    SignalBackend::Channel m_channel;
    QSocketNotifier *m_socket = nullptr;
    QSocketNotifier *m_staleSocket = nullptr;   // of an event dispatcher that is gone
    QPointer<QAbstractEventDispatcher> m_eventDispatcher;
    LoopSource::Token *m_loopSource = nullptr;  // in m_eventDispatcher's glib context (loopsource_p.h)
    bool m_loopSourceApplies = false;           // m_eventDispatcher can have one
    mutable QMutex m_lock;
    QList<Attached> m_attached;        // m_lock
    bool m_releasesPending = false;    // m_lock
    bool m_threadGone = false;         // m_lock
    quint64 m_undelivered = 0;         // m_lock: arrivals for notifiers of an ended thread
    QStringList m_undeliveredNames;    // m_lock
    int m_draining = 0;                // own thread
    // A delivery under way on this thread to more than one notifier: a slot of one of them
    // may run a nested loop, whose drain must first give this arrival to the rest, or they
    // would see newer arrivals before it (the outside breaker of issue 14: B got 0-9
    // 11-199 10 when A's slot ran a nested loop on 10). Own thread only; innermost first.
    struct Delivering {
        const SignalInfo *info;
        const QVarLengthArray<QPointer<SignalNotifier>, 4> *rest;
        qsizetype next;   // advanced before each call
        Delivering *outer;
    };
    Delivering *m_delivering = nullptr;
    // The activations of standard signals a drain merged, delivered after it has read the
    // channel: a slot of one may run a nested loop, whose drain must deliver the rest (the
    // last outside breaker of issue 14: SIGUSR2, read with SIGUSR1, waited for as long as the
    // slot of SIGUSR1 ran its loop). Own thread only; innermost first.
    struct Merged {
        SignalInfo info;
        Arrival arrival;
    };
    struct Pending {
        QVarLengthArray<Merged, 8> merged;
        qsizetype next = 0;   // the first not yet delivered (advanced before each call)
        Pending *outer = nullptr;
    };
    Pending *m_pending = nullptr;
    quint64 m_recordsRead = 0;         // own thread (or any, once it ended): records read
    quint64 m_emptied = 0;             // likewise: drains that read the channel empty
    SignalInfoSpare m_spare;           // the drain that holds m_spareTaken
    std::atomic<bool> m_spareTaken{false};
    bool m_deleteWhenIdle = false;     // own thread
    QString m_threadName;
    bool m_mainThread = false;   // made on the process's main thread (for the monitor's words)
};

} // namespace SN
