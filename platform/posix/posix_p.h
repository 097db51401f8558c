// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API. Shared between the files of the POSIX backend only.
//
// The process-wide registry lives here, in static storage (usable before main(), never
// destroyed, so a signal during exit still finds it). Who may touch what:
// - Fields marked [handler] are read (and the atomics written) by the signal handler in
//   handler.cpp, from any thread, at any moment. They are lock-free atomics only.
// - Everything else is ordinary-context state, touched only with registryMutex() held.
// - A channel slot is retired by setting writeFd to -1 and then waiting until `users`
//   is 0 before closing (see closeChannel): a handler that saw the old descriptor has
//   announced itself in `users` before reading it, so none can write to a reused number
//   or into a ring that is unmapped.
// - A signal's handler delivers only while `active` is set; otherwise it behaves exactly
//   as the action in `previous` would (someone put ours back after we let go, or a fork
//   child inherited it): see actAsBefore() in handler.cpp.

#pragma once

#include "../channels_p.h"
#include "../dispositions_p.h"

#include <atomic>
#include <cstdint>
#include <csignal>
#include <mutex>
#include <pthread.h>

namespace SignalBackend::Posix {

constexpr int SignalLimit = NSIG;      // 65 on Linux: signals 1..64
constexpr int MaxChannels = 128;       // threads with notifiers + concurrent waits
constexpr std::size_t DefaultCapacity = 32768;  // records per channel (README "The bounded queue")
constexpr std::size_t MaxCapacity = std::size_t(1) << 20;   // the most a channel is given

static_assert(std::atomic<int>::is_always_lock_free, "handler needs lock-free atomics");
static_assert(std::atomic<uint64_t>::is_always_lock_free, "handler needs lock-free atomics");
static_assert(std::atomic<const void *>::is_always_lock_free, "handler needs lock-free atomics");

// What was installed before us; immutable once published, never freed, so a handler
// that loaded the pointer may use it as long as it likes.
struct PreviousAction {
    struct sigaction action;
    // The signals in action.sa_mask, listed once in ordinary context (publish()): the
    // handler adds them to the mask it calls the action with, instead of testing all 64
    // numbers on every arrival (that loop was 2,000 instructions per chained arrival).
    int maskSignals[SignalLimit] = {};
    int maskCount = 0;
};

struct SignalSlot {
    std::atomic<const PreviousAction *> previous{nullptr};  // [handler] chain target
    // [handler] What ours stands for when it is reached through a handler that was put
    // over an earlier installation of ours and calls whatever it replaced (ours): the
    // action before that earlier installation. Equal to `previous` in the usual case.
    std::atomic<const PreviousAction *> original{nullptr};
    std::atomic<int> active{0};            // [handler] ours is installed and delivers
    // Read lock-free by the Qt layer too: the action found when watching began was
    // SIG_IGN (nohup), so watchers that do not override it get nothing, and it is
    // ignored again whenever no overriding watcher is left.
    std::atomic<bool> inheritedIgnore{false};
    // ordinary context:
    int watchers = 0;
    int overriders = 0;        // watchers that asked to override an inherited SIG_IGN
    int interrupters = 0;      // watchers that asked for no SA_RESTART (see ourAction())
    bool installed = false;    // our handler is in place
    bool installedInterrupting = false;   // ...and was installed without SA_RESTART
    std::uintptr_t replacedBy = 0;   // the handler found over ours when we let go
};

// A handler that is calling a previous action, so that the same handler reached again
// through that action (a foreign handler that chains to whatever it replaced, which was
// ours) can tell it is being re-entered rather than seeing a new arrival: same handler
// frame, same siginfo. `owner` names the frame (see chainOwner() in handler.cpp): the
// address of its siginfo, which no other frame live at the same time shares, since each
// thread's handler frames are on its own stack (or its own alternate signal stack).
struct ChainSlot {
    std::atomic<std::uintptr_t> owner{0};
    std::atomic<const void *> info{nullptr};
    std::atomic<const PreviousAction *> target{nullptr};   // the action being called
};
constexpr int ChainSlots = 16;

// A channel: the handler puts each record into a ring of cells in the process's own
// memory and wakes the reader through one descriptor (an eventfd on Linux, a pipe
// elsewhere) only when the reader may not look at the ring otherwise. Before (issue 14) the
// records went through a pipe: two descriptors per thread, charged to the user's pipe
// budget, and a write() and a read() per arrival.
//
// The ring is a bounded multi-producer, single-consumer queue in the style of Dmitry
// Vyukov's bounded MPMC queue: every cell has a sequence number that says whose turn it
// is. A handler claims position `pos` with a compare-and-swap on `tail` when the cell's
// sequence is `pos`, writes the record, and publishes it by setting the sequence to
// pos + 1. The reader takes the cell at `head` when its sequence is head + 1 and hands it
// back for the next round (head + cells). Written here, not taken from a library: it runs
// in a signal handler, where only lock-free atomics on memory that never moves are
// allowed, and no packaged queue says it is async-signal-safe. A handler interrupted
// between claiming and publishing (by a handler on its own thread) holds up the reader at
// that cell until it resumes a few instructions later; nothing is skipped or reordered.
//
// Wake-ups ("awake" protocol): a handler that published a record writes the descriptor
// only if `awake` was 0 (exchange to 1); the reader resets the descriptor when it was
// readable (channelWoken), sets `awake` to 0 when it has read the ring empty
// (channelDrained) and then looks once more, so a record published before that store is
// seen, and one published after it writes the descriptor. While a glib source of the
// owner thread's loop looks at the ring itself before each wait (`loopChecks`, src/
// loopsource_glib.cpp), a handler running on that very thread outside the loop's wait
// window (`loopMayWait` 0) needs no wake-up at all: the loop sees the record before it
// sleeps. That is the common case of a signal that arrives while the thread runs: no
// system call but the handler's getpid().
//
// Memory: the cells are mapped with MAP_NORESERVE when the channel opens (capacity
// rounded up to a power of two, 36 bytes a cell); a page is only backed when the ring's
// positions reach it, and stays until the channel closes: at most 1.2 MiB with the
// default capacity, never the user's pipe budget. The reader backs the page after the
// one the next record goes to once it has delivered (channelBackAhead()), so that the
// handler of a signal that comes after a delivery does not take that page fault between
// the signal and the slot. The first record, and a burst that runs more than a step
// ahead of the last delivery, still reach unbacked pages (the handler backs them, as any
// first write does) until the positions have gone round once.
struct RingCell {
    // Whose turn the cell is, less the cell's index: a zero-filled page is a run of cells
    // free for their first position, so opening a channel writes (backs) no page.
    std::atomic<uint32_t> seq{0};
    Record record;
};
// Runs in signal-handler context too. The position whose turn cell `index` is.
inline uint32_t cellTurn(const RingCell &cell, uint32_t index, std::memory_order order)
{
    return cell.seq.load(order) + index;
}
inline void setCellTurn(RingCell &cell, uint32_t index, uint32_t turn, std::memory_order order)
{
    cell.seq.store(turn - index, order);
}
static_assert(std::atomic<uint32_t>::is_always_lock_free, "handler needs lock-free atomics");

struct ChannelSlot {
    std::atomic<int> writeFd{-1};                    // [handler] the wake-up descriptor
    std::atomic<int> users{0};                       // [handler] handlers inside
    std::atomic<uint64_t> interest[2]{};             // [handler] bit per signal
    std::atomic<uint64_t> overflow[SignalLimit]{};   // [handler] arrivals that did not fit
    std::atomic<int> overflowFlag{0};                // [handler] any overflow since drain
    RingCell *ring = nullptr;                        // [handler] fixed while writeFd >= 0
    uint32_t ringMask = 0;                           // [handler] cells - 1
    uint32_t capacity = 0;                           // [handler] records that fit
    std::atomic<uint32_t> tail{0};                   // [handler] next position to claim
    std::atomic<uint32_t> head{0};                   // [handler] read; the reader's next position
    std::atomic<int> awake{0};                       // [handler] woken since the last drain
    std::atomic<int> loopChecks{0};                  // [handler] the owner's loop reads the ring itself
    // [handler] ...and is between its look and its wait's end: 1; 2 when that wait is
    // glib's own call of loopPoll(), whose interruption needs no wake-up either
    // (interruptedInLoopPoll(); not when a program's poll function calls ours, and may
    // call it again after EINTR without looking)
    std::atomic<int> loopMayWait{0};
    // [handler] The thread whose loop looks at the ring (set with loopChecks, before it:
    // a QThread started again is another thread, and a pthread_t of an ended thread may
    // be reused by a new one).
    std::atomic<pthread_t> owner{};
    // ordinary context:
    bool used = false;
    int readFd = -1;
    int interestCount[SignalLimit]{};
    std::size_t backedBytes = 0;   // the reader's: the ring's bytes below this are backed
};

// The bytes mapped for the channel's ring.
inline std::size_t ringBytes(const ChannelSlot &ch)
{
    return (std::size_t(ch.ringMask) + 1) * sizeof(RingCell);
}

static_assert(std::atomic<pthread_t>::is_always_lock_free, "handler needs lock-free atomics");

// Whether the record for `position` is published (the reader's test).
inline bool cellPublished(const ChannelSlot &ch, uint32_t position)
{
    const uint32_t index = position & ch.ringMask;
    return cellTurn(ch.ring[index], index, std::memory_order_acquire) == position + 1;
}

struct Registry {
    std::atomic<int> ownerPid{0};          // [handler] process the channels belong to
    std::atomic<int> channelHighWater{0};  // [handler] slots in use are below this
    std::atomic<uint32_t> sequence{1};     // [handler] stamps every arrival (Record::seq)
    std::atomic<int> chaining{0};          // [handler] ChainSlots in use
    // [handler] Handlers inside, counted by the parity of `epoch` they entered under, so
    // that waitForRunningHandlers() can wait for those that started before it flipped it.
    std::atomic<uint32_t> epoch{0};
    std::atomic<int> inside[2]{};
    // [handler] the SIG_DFL action a previous action with SA_RESETHAND turns into after
    // one call; published before any handler is installed, immutable.
    std::atomic<const PreviousAction *> resetTarget{nullptr};
    ChainSlot chains[ChainSlots];          // [handler]
    SignalSlot signals[SignalLimit];
    ChannelSlot channels[MaxChannels];
    unsigned generation = 1;               // bumped in a fork child
};

Registry &registry();
std::mutex &registryMutex();

// handler.cpp: the one function ever installed with sigaction.
extern "C" void signalNotifierHandler(int sig, siginfo_t *info, void *context);
// handler.cpp: what the handler records of an arrival (async-signal-safe).
Record recordOf(int sig, const siginfo_t *info);
// handler.cpp: records an arrival in every channel that watches `sig`, as the handler
// does, when watchers are active in this process (async-signal-safe). True if it did. For
// an arrival taken without the handler (takePending): notifiers get their copy of it.
// `context`: the handler's ucontext_t, nullptr when there is none.
bool deliverToChannels(int sig, const siginfo_t *info, const void *context = nullptr);

// Whether a native number is a signal of this platform (table in names.cpp).
bool isValidNumber(int native);


// linux.cpp / generic.cpp: what only some systems have.
// The wake-up descriptor of a channel: Linux an eventfd (one descriptor, *readFd ==
// *writeFd), elsewhere a pipe. Both close-on-exec and non-blocking.
Result openWake(int *readFd, int *writeFd);
// Runs in signal-handler context (write() only): makes the descriptor readable.
void raiseWake(int writeFd);
// Makes it not readable again (reader only).
void clearWake(int readFd);

// A ThreadSanitizer build (GCC: __SANITIZE_THREAD__; Clang: __has_feature).
#if defined(__SANITIZE_THREAD__)
#define SN_THREAD_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SN_THREAD_SANITIZER 1
#endif
#endif

// linux.cpp / generic.cpp. Runs in signal-handler context. Whether the signal whose
// handler got `context` (the third argument of an SA_SIGINFO handler; nullptr: not known)
// interrupted the calling thread right at the end of loopPoll()'s poll(2) system call:
// blocked in it, or just back from it. The thread's loop then comes out of its poll
// (EINTR, or with what it found) and looks at its channel before it could sleep again, so
// a record for that loop needs no wake-up. False wherever loopPoll() is not ours.
bool interruptedInLoopPoll(const void *context);

// Runs in signal-handler context too. Makes `ch`'s wake-up descriptor `writeFd` readable
// unless a wake-up is already raised and not yet reset by the reader ("awake" protocol
// above).
inline void raiseWakeOnce(ChannelSlot &ch, int writeFd)
{
    if (ch.awake.exchange(1) == 0)
        raiseWake(writeFd);
}
long currentThreadId();    // async-signal-safe: Linux gettid(), elsewhere pthread_self()
bool isMainThreadNow();    // the thread main() runs on
Result openPidfd(long long pid, int *handle);
Result pidfdSend(int handle, int native);
Result readProcStatus(long long pid, std::vector<ProcessSignalState> *out);
const char *systemCodeName(int code);     // SI_KERNEL, SI_TKILL, ... or nullptr

// servicemanager.cpp: a $NOTIFY_SOCKET of the form vsock:CID:PORT (sd_notify(3)).
struct VsockAddress {
    enum Type { Any, Datagram, SeqPacket, Stream } type = Any;   // Any: datagram if it can
    uint32_t cid = 0;
    uint32_t port = 0;
};
// linux.cpp: sends `message` over AF_VSOCK, never blocking longer than a connect takes
// on a local VM transport (bounded, see there). generic.cpp: Unsupported.
Result sendVsock(const VsockAddress &address, const std::string &message);

} // namespace SignalBackend::Posix
