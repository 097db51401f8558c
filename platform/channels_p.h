// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API: one part of the private contract (rules in signalbackend_p.h).
//
// Channels and delivery: the signal path. A watcher asks for a signal (watch), a channel
// per place that reads (one thread's event loop, or one synchronous wait) receives what
// the handler recorded, and the reader drains it. Any thread unless said otherwise.
//   Called by  src/signaldispatcher.cpp (one channel per thread), src/signalnotifier.cpp
//              (watch, unwatch, keptIgnored, arrivalSequence), src/loopmonitor.cpp
//              (channelEmpty), src/signal.cpp (wait, for Signal::waitForAny).
//   Defined in platform/posix/registry.cpp, platform/windows/registry.cpp; drainChannel()
//              in platform/common/drain.cpp and wait() in platform/common/wait.cpp, for
//              every backend, on what channelio_p.h asks of it.

#pragma once

#include "signalbackend_p.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace SignalBackend {

// One arrival as the handler recorded it. Fixed-size and trivially copyable: the
// handler writes it whole into a channel.
struct Record {
    int32_t signal = 0;
    int32_t code = 0;
    int32_t pid = 0;        // sender (or child for SIGCHLD), 0 if unknown
    uint32_t uid = 0;
    int32_t status = 0;     // child status for SIGCHLD
    uint32_t flags = 0;     // see RecordFlag
    int32_t value = 0;      // sigqueue value (sival_int) when HasValue
    uint32_t seq = 0;       // arrival number, process-wide, wrapping (arrivalSequence())
};
enum RecordFlag : uint32_t {
    HasSender = 1u << 0,
    HasValue  = 1u << 1,
    HasStatus = 1u << 2,
    Marker    = 1u << 3,    // wake-up only: carries no arrival (see drainChannel)
    Held      = 1u << 4,    // the platform keeps the process alive until releaseHold()
    HasSessionEnd = 1u << 5,   // Record::status carries SessionEndBit values (Windows)
};
// What the system said about a session end (Windows: WM_ENDSESSION's lParam), carried in
// Record::status when the record has HasSessionEnd. Same values as SignalInfo's flags.
enum SessionEndBit : uint32_t {
    SessionEndLogoff   = 1u << 0,   // ENDSESSION_LOGOFF
    SessionEndCloseApp = 1u << 1,   // ENDSESSION_CLOSEAPP (the Restart Manager)
    SessionEndCritical = 1u << 2,   // ENDSESSION_CRITICAL
};
static_assert(sizeof(Record) == 32, "Record is written atomically; keep it small");

// ---- Channels ---------------------------------------------------------------------------

// A channel is where the handler reports arrivals for the watchers in one place (one
// thread's event loop, or one synchronous wait). It has a readable descriptor that
// becomes readable when there is something to drain (POSIX: unless the reader looks by
// itself, setLoopChecksChannel()).
struct Channel {
    int slot = -1;
    int readFd = -1;           // POSIX: a pipe; Windows: a SOCKET (handle values fit in int)
    unsigned generation = 0;   // a channel from before a fork() is dead in the child
};

// Opens a channel with room for `capacity` records before it overflows; 0 picks the
// default (see README: "The bounded queue"). Descriptors are CLOEXEC and NONBLOCK
// (Windows: not inheritable, non-blocking).
Result openChannel(Channel *channel, std::size_t capacity);
// Stops all reporting into the channel, waits until no handler uses it, closes it.
void closeChannel(Channel *channel);
// False for a channel this process inherited through fork(): it belongs to the parent,
// is never read or written here, and its watchers stay silent.
bool channelAlive(const Channel &channel);
// Whether nothing is waiting to be read in the channel now.
bool channelEmpty(const Channel &channel);
// How many records are waiting to be read in the channel now.
std::size_t channelPending(const Channel &channel);
// The number of records the channel holds before it overflows.
std::size_t channelCapacity(const Channel &channel);
// Before the reader reads the channel: makes the descriptor not readable until the next
// wake-up, when it was seen readable (`readable`), or may be without having been seen
// (a wake-up raised while the loop's poll was interrupted). Reader only.
void channelWoken(const Channel &channel, bool readable = true);
// Told each time a reader is about to hand something it read to the Qt layer while it
// still holds more it read (drainChannel's buffer, a merged arrival, a delivery to several
// notifiers): what it calls may run a nested event loop (a slot's modal dialog,
// processEvents()), whose reader must be called to take the rest (POSIX: the descriptor
// is made readable, unless the loop looks by itself and asks drainHolds(); Windows: a
// wake-up byte). Without it, that loop waited for the next arrival (issue 14's third
// breaker: a second signal held for as long as the slot of the first ran its loop).
// Reader only.
void channelHeldBack(const Channel &channel);
// Told after the reader has handed over what it read (its slots have run): the memory the
// next records go into is backed now, in ordinary context, so that the handler of the
// next signal does not take the page fault on the way to the slot (POSIX: the ring's
// pages are backed as its positions first reach them, a step ahead; a burst that runs
// further ahead still backs pages in the handler; elsewhere nothing to do). Reader only.
void channelBackAhead(const Channel &channel);
// The loop of the thread that opened the channel looks at the channel itself before each
// wait (channelEmpty() in a glib source's prepare and check, src/loopsource_glib.cpp) and
// calls setLoopMayWait(true) before that look and (false) once its wait is over: a
// handler on that thread outside the window then needs no wake-up (POSIX; elsewhere
// nothing changes). Turning it off wakes the reader for whatever is waiting. Owner only.
void setLoopChecksChannel(const Channel &channel, bool on);
// `pollIsLoopPoll`: the wait that follows is glib's own call of loopPoll() (the context's
// poll function is ours, called by glib itself, which looks at the channel in check()
// right after it).
void setLoopMayWait(const Channel &channel, bool mayWait, bool pollIsLoopPoll = false);
// A poll(2) for such a loop to wait in (src/loopsource_glib.cpp makes it the glib
// context's poll function): the same system call, made at one place the signal handler
// recognises, so that a handler on the loop's thread that interrupted it writes no
// wake-up either while setLoopMayWait() said `pollIsLoopPoll` (the loop looks at the
// channel when poll returns). Arguments and result as poll(2), `fds` a struct pollfd
// array. nullptr where the backend has none (only Linux on x86-64 has one; not in
// ThreadSanitizer builds, whose runtime must see every blocking call to deliver signals
// in it).
using LoopPoll = int (*)(void *fds, unsigned long count, int timeout);
LoopPoll loopPoll();
// Start / stop reporting arrivals of `native` into the channel (reference counted).
void addInterest(const Channel &channel, int native);
void removeInterest(const Channel &channel, int native);
// Returns once every handler that had started when it was called has finished: all it
// recorded is in its channels then. A few microseconds (handlers never block); callers
// are serialised. Ordinary context only.
void waitForRunningHandlers();
// The number the next arrival will carry in Record::seq. Arrivals are numbered in the
// order handlers start; compare with (int32_t)(a - b) < 0, the counter wraps.
uint32_t arrivalSequence();

// ---- Draining (platform/common/drain.cpp) ----------------------------------------------

// Where drainChannel() hands what it reads; `context` is passed back to both.
struct DrainSink {
    void *context = nullptr;
    void (*record)(void *context, const Record &record) = nullptr;
    void (*overflow)(void *context, int native, uint64_t lost) = nullptr;
};

// Reads what has arrived, in arrival order. Calls sink.record for each record; calls
// sink.overflow(signal, n) for n arrivals whose records did not fit. Returns true when
// the channel was drained empty (false: stopped at `maxRecords` with records left, so
// the channel is still readable and the caller is woken again). Whenever it finds the
// channel empty it also reports the overflow counts, so no state is left in which counts
// wait and nothing will wake the reader (maxRecords >= 1). With `countsAnyway` it reports
// them also when it stops at `maxRecords`: a reader that must have seen every arrival
// from before some moment, counted ones included (a hand-over), asks for that.
bool drainChannel(const Channel &channel, std::size_t maxRecords, const DrainSink &sink,
                  bool countsAnyway = false);
// Whether a drainChannel() of `channel` further out on the calling thread holds records
// it read and has not handed over yet (a nested loop's drain hands them over first): a
// loop that looks at the channel by itself counts them as something to read.
bool drainHolds(const Channel &channel);

// The same with two callables: onRecord(const Record &), onOverflow(int native, uint64_t).
template <typename OnRecord, typename OnOverflow>
bool drainChannel(const Channel &channel, std::size_t maxRecords, OnRecord onRecord,
                  OnOverflow onOverflow, bool countsAnyway = false)
{
    struct Callables {
        OnRecord &onRecord;
        OnOverflow &onOverflow;
    } callables{onRecord, onOverflow};
    DrainSink sink;
    sink.context = &callables;
    sink.record = [](void *c, const Record &r) { static_cast<Callables *>(c)->onRecord(r); };
    sink.overflow = [](void *c, int native, uint64_t lost) {
        static_cast<Callables *>(c)->onOverflow(native, lost);
    };
    return drainChannel(channel, maxRecords, sink, countsAnyway);
}

// ---- Watching ---------------------------------------------------------------------------

// One watcher's hold on a signal, handed back to unwatch().
struct WatchTicket {
    int native = 0;
    bool overrideIgnored = false;
    bool interrupting = false;
    unsigned generation = 0;
};

// Starts handling `native` for one watcher (reference counted per signal). The first
// watcher installs the handler; a signal that is ignored at that moment (nohup) stays
// ignored unless overrideIgnored, and *keptIgnored says so. Later watchers just count.
// `interrupting`: while any watcher of `native` asks for it, an arrival interrupts the
// blocking call it lands in (EINTR) instead of restarting it (POSIX: ours is installed
// without SA_RESTART, and re-installed when that changes; Python's siginterrupt()).
// Process-wide per signal. Windows: accepted, no effect (no call is interrupted there).
Result watch(int native, bool overrideIgnored, WatchTicket *ticket, bool *keptIgnored,
             bool interrupting = false);
// Ends one watcher. The last one puts back exactly the action that was there before.
void unwatch(const WatchTicket &ticket);
// Whether watchers of `native` that do not override an inherited "ignore" get nothing
// (the signal was ignored when watching began: nohup). Lock-free.
bool keptIgnored(int native);

// ---- Waiting synchronously (platform/common/wait.cpp) -----------------------------------

// Waits until one of `natives` arrives or `timeoutMs` passes (-1: forever). Watches the
// signals for the duration, alongside any notifiers, which still get their copy. Like
// sigtimedwait(), it takes a signal that is blocked in the calling thread: one already
// pending (takePending()), else the next (unblocked for the wait only).
// Returns None with *got filled, or Error::None with got->signal == 0 on timeout.
Result wait(const std::vector<int> &natives, int timeoutMs, Record *got);

} // namespace SignalBackend
