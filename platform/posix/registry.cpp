// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The POSIX backend in ordinary context: channels, installing and restoring sigaction,
// dispositions, fork. The rules for the registry are at the top of posix_p.h.

#include "../channelio_p.h"
#include "../channels_p.h"
#include "../dispositions_p.h"
#include "../names_p.h"
#include "../process_p.h"
#include "posix_p.h"

#include <cerrno>
#include <fcntl.h>
#include <algorithm>
#include <memory>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <unistd.h>
#include <type_traits>
#include <vector>

namespace SignalBackend::Posix {

namespace {
// Constant-initialised with a trivial destructor: valid before main() and through
// exit, and reached from the handler without a guard variable.
Registry g_registry;
static_assert(std::is_trivially_destructible_v<Registry>);
}

Registry &registry()
{
    return g_registry;
}

std::mutex &registryMutex()
{
    static std::mutex *const mutex = new std::mutex;
    return *mutex;
}

namespace {

using Lock = std::lock_guard<std::mutex>;

// Published actions are never freed (a handler may hold one); they are few, as they
// change only when a signal is first watched or its disposition is set.
const PreviousAction *publish(const struct sigaction &action)
{
    static auto *const retained = new std::vector<std::unique_ptr<PreviousAction>>;
    auto previous = std::make_unique<PreviousAction>();
    previous->action = action;
    for (int s = 1; s < SignalLimit; ++s) {
        if (sigismember(&action.sa_mask, s) == 1)
            previous->maskSignals[previous->maskCount++] = s;
    }
    retained->push_back(std::move(previous));
    return retained->back().get();
}

// The two plain actions setDisposition() sets, shared by every signal (a sigaction does
// not name its signal). Immutable once made.
const PreviousAction *plainPrevious(bool ignore)
{
    static const PreviousAction *const dfl = [] {
        struct sigaction a = {};
        a.sa_handler = SIG_DFL;
        sigemptyset(&a.sa_mask);
        return publish(a);
    }();
    static const PreviousAction *const ign = [] {
        struct sigaction a = {};
        a.sa_handler = SIG_IGN;
        sigemptyset(&a.sa_mask);
        return publish(a);
    }();
    return ignore ? ign : dfl;
}

// The function an action runs (0 for SIG_DFL and SIG_IGN), to recognise a handler later.
std::uintptr_t handlerOf(const struct sigaction &a)
{
    if (a.sa_handler == SIG_DFL || a.sa_handler == SIG_IGN)
        return 0;
    return (a.sa_flags & SA_SIGINFO) ? reinterpret_cast<std::uintptr_t>(a.sa_sigaction)
                                     : reinterpret_cast<std::uintptr_t>(a.sa_handler);
}

bool isOurs(const struct sigaction &a)
{
    return (a.sa_flags & SA_SIGINFO) && a.sa_sigaction == signalNotifierHandler;
}

struct sigaction plainAction(void (*what)(int))
{
    struct sigaction a = {};
    a.sa_handler = what;
    sigemptyset(&a.sa_mask);
    return a;
}

bool isFault(int sig)
{
    return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE;
}

void atforkPrepare() { registryMutex().lock(); }
void atforkParent() { registryMutex().unlock(); }

// A pipe nobody ever writes to (its write end stays open, unused): its read end is never
// readable. Made in a fork child; ends at exec (close-on-exec).
int g_deadRead = -1;
int g_deadWrite = -1;

// The child of fork() starts with what was there before us: no notifier of the parent
// fires in it, and nothing it does reaches the parent's channels. The parent's wake-up
// descriptors are the parent's (an eventfd is shared with the parent, not copied): the
// child closes the write ends and puts a never-readable pipe under each read end's
// number, so an inherited QSocketNotifier or glib source (same number) sleeps instead of
// waking for the parent's records, and the number is not reused for anything else while
// it exists. The inherited rings are copies nobody reads (channelAlive() is false for
// them: channelEmpty() says empty) and stay mapped, unused: munmap() is not on the list
// below. The QObjects it inherited stay silent; new ones made in the child work
// (generation check).
// Runs in the child between fork() and whatever the child does next, possibly in a
// multithreaded parent's child: only async-signal-safe calls (close, pipe2, dup3,
// sigaction, getpid).
void atforkChild()
{
    Registry &reg = registry();
    bool anyChannel = false;
    for (int c = 0; c < MaxChannels; ++c)
        anyChannel = anyChannel || reg.channels[c].used;
    if (anyChannel && g_deadRead < 0) {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0) {
            g_deadRead = fds[0];
            g_deadWrite = fds[1];
        }
    }
    for (int c = 0; c < MaxChannels; ++c) {
        ChannelSlot &ch = reg.channels[c];
        const int writeFd = ch.writeFd.exchange(-1);
        ch.interest[0].store(0);
        ch.interest[1].store(0);
        if (ch.used) {
            if (writeFd >= 0)
                ::close(writeFd);
            // Failing that (no descriptor left for the dead pipe), close the read end:
            // a closed descriptor is still never the parent's records.
            if (g_deadRead < 0 || ::dup2(g_deadRead, ch.readFd) < 0)
                ::close(ch.readFd);
            else
                ::fcntl(ch.readFd, F_SETFD, FD_CLOEXEC);
        }
        ch.used = false;
        ch.readFd = -1;
        for (int &n : ch.interestCount)
            n = 0;
    }
    reg.channelHighWater.store(0);
    for (int sig = 1; sig < SignalLimit; ++sig) {
        SignalSlot &s = reg.signals[sig];
        s.active.store(0);
        if (s.installed) {
            if (const PreviousAction *previous = s.previous.load())
                ::sigaction(sig, &previous->action, nullptr);
        }
        s.watchers = 0;
        s.overriders = 0;
        s.interrupters = 0;
        s.installed = false;
        s.installedInterrupting = false;
        s.replacedBy = 0;
        s.original.store(s.previous.load());
        s.inheritedIgnore.store(false);
    }
    // Only the forking thread came along, and it is in no handler: counts that other
    // threads held at the fork would never come down here (waitForRunningHandlers()).
    reg.inside[0].store(0);
    reg.inside[1].store(0);
    reg.chaining.store(0);
    for (ChainSlot &slot : reg.chains) {
        slot.owner.store(0);
        slot.info.store(nullptr);
        slot.target.store(nullptr);
    }
    ++reg.generation;
    reg.ownerPid.store(::getpid());
    registryMutex().unlock();
}

// With the mutex held. Makes sure the registry belongs to this process.
void initLocked()
{
    static bool once = false;
    if (!once) {
        once = true;
        // Made here, in ordinary context, for the handler to switch to (SA_RESETHAND).
        registry().resetTarget.store(plainPrevious(false));
        plainPrevious(true);
        registry().ownerPid.store(::getpid());
        ::pthread_atfork(atforkPrepare, atforkParent, atforkChild);
    }
}

// With the mutex held. The action ours is installed with, for `sig` as its slot stands.
// SA_RESTART unless a watcher asked for interrupted calls (SignalNotifier's
// interruptsBlockingCalls, Python's siginterrupt(sig, True)): then a blocking call that an
// arrival lands in, in whichever thread the kernel delivers it to, fails with EINTR
// instead of going on (signal(7), "Interruption of system calls and library functions").
struct sigaction ourAction(int sig)
{
    const SignalSlot &s = registry().signals[sig];
    const PreviousAction *previous = s.previous.load();
    struct sigaction ours = {};
    ours.sa_sigaction = signalNotifierHandler;
    sigfillset(&ours.sa_mask);   // nothing interrupts the handler on this thread
    // A handler of the program's that was installed without SA_RESTART made its blocking
    // calls fail with EINTR; ours, which goes on calling it, keeps that.
    const bool previousInterrupts = previous && previous->action.sa_handler != SIG_DFL
        && previous->action.sa_handler != SIG_IGN && !(previous->action.sa_flags & SA_RESTART);
    ours.sa_flags = SA_SIGINFO | (s.interrupters > 0 || previousInterrupts ? 0 : SA_RESTART);
    if (previous) {
        // A previous handler that runs on the alternate stack keeps doing so when we
        // call it: ours runs there too.
        ours.sa_flags |= (previous->action.sa_flags & SA_ONSTACK);
        if (sig == SIGCHLD)   // keep auto-reaping as it was
            ours.sa_flags |= (previous->action.sa_flags & SA_NOCLDWAIT);
    }
    return ours;
}

// With the mutex held.
Result installLocked(int sig)
{
    SignalSlot &s = registry().signals[sig];
    struct sigaction current;
    if (::sigaction(sig, nullptr, &current) != 0)
        return {Error::SystemError, errno};
    if (!isOurs(current)) {
        // The chain target, before we go live. A handler that was put over an earlier
        // installation of ours (and found there when we let go) calls ours when it chains:
        // ours, reached that way, stands for what that earlier installation replaced, so
        // `original` stays. Anything else starts afresh.
        const PreviousAction *p = publish(current);
        const bool overOurs = s.replacedBy != 0 && handlerOf(current) == s.replacedBy;
        if (!overOurs || !s.original.load())
            s.original.store(p);
        s.previous.store(p);
    }
    s.replacedBy = 0;

    const struct sigaction ours = ourAction(sig);
    // Deliver from the first instant ours is in place.
    s.active.store(1);
    struct sigaction replaced;
    if (::sigaction(sig, &ours, &replaced) != 0) {
        s.active.store(0);
        return {Error::SystemError, errno};
    }
    if (!isOurs(replaced) && replaced.sa_handler != current.sa_handler)
        s.previous.store(publish(replaced));   // someone changed it in between
    s.installed = true;
    s.installedInterrupting = s.interrupters > 0;
    return {};
}

// With the mutex held, ours installed. A watcher asked for (or stopped asking for)
// interrupted calls: the same handler goes in again with the flags that now apply. The
// chain target stays as it is. Not over a handler someone put over ours meanwhile: theirs
// stays, with its own flags, as restoreLocked() leaves it.
Result reinstallLocked(int sig)
{
    struct sigaction current;
    if (::sigaction(sig, nullptr, &current) != 0)
        return {Error::SystemError, errno};
    if (!isOurs(current))
        return {};
    const struct sigaction ours = ourAction(sig);
    if (::sigaction(sig, &ours, nullptr) != 0)
        return {Error::SystemError, errno};
    registry().signals[sig].installedInterrupting = registry().signals[sig].interrupters > 0;
    return {};
}

// With the mutex held. Puts back the action that was there before, unless someone
// has replaced ours meanwhile: theirs stays, we do not clobber it.
void restoreLocked(int sig)
{
    SignalSlot &s = registry().signals[sig];
    // From here on ours, wherever it is reached (another library may have saved it and
    // put it back later), behaves as the previous action: see actAsBefore().
    s.active.store(0);
    struct sigaction current;
    if (::sigaction(sig, nullptr, &current) == 0 && isOurs(current)) {
        const PreviousAction *previous = s.previous.load();
        const PreviousAction *original = s.original.load();
        if (previous)
            ::sigaction(sig, &previous->action, nullptr);
        if (previous && original && previous != original) {
            // What comes back is a handler that sits over an earlier installation of ours:
            // ours, reached through it from now on, stands for what came before that.
            s.replacedBy = handlerOf(previous->action);
            s.previous.store(original);
        }
    } else {
        // Someone replaced ours meanwhile: theirs stays. It may call ours when it chains.
        s.replacedBy = handlerOf(current);
    }
    s.installed = false;
}

// With the mutex held. Brings the handler in line with the watchers: ours is installed
// while an overriding watcher exists, or any watcher while the signal was not ignored
// when watching began (the nohup rule); otherwise the previous action is back.
Result updateLocked(int sig)
{
    SignalSlot &s = registry().signals[sig];
    const bool want = s.overriders > 0 || (s.watchers > 0 && !s.inheritedIgnore.load());
    if (want && !s.installed)
        return installLocked(sig);
    if (!want && s.installed)
        restoreLocked(sig);
    if (want && s.installed && s.installedInterrupting != (s.interrupters > 0))
        return reinstallLocked(sig);
    return {};
}

} // namespace

} // namespace SignalBackend::Posix

namespace SignalBackend {

using namespace Posix;
using Lock = std::lock_guard<std::mutex>;

int signalLimit() { return SignalLimit; }

// ThreadSanitizer (GCC 12's libtsan) makes a thread's signal context lazily, in the
// thread's first blocking call, and not atomically: a signal that arrives while it is
// being made is armed in a context that is then overwritten, and never delivered; the
// thread sleeps in that call for good (tests/tsan-sigctx/ has the evidence and a
// reproducer without this library; later compiler-rt makes it with a compare-and-swap).
// For a thread that opens a channel that first blocking call is typically its loop's
// first poll, right when a program says it is ready and signals start to come. A poll of
// nothing makes the context now. Only in sanitizer builds; nothing changes otherwise.
static void warmThreadSanitizer()
{
#if defined(SN_THREAD_SANITIZER)
    ::poll(nullptr, 0, 0);
#endif
}

Result openChannel(Channel *channel, std::size_t capacity)
{
    warmThreadSanitizer();
    if (capacity == 0)
        capacity = DefaultCapacity;
    capacity = std::min(capacity, MaxCapacity);   // README "The bounded queue"
    std::size_t cells = 1;
    while (cells < capacity)
        cells <<= 1;
    const std::size_t bytes = cells * sizeof(RingCell);
    int wakeRead = -1;
    int wakeWrite = -1;
    if (const Result r = openWake(&wakeRead, &wakeWrite); !r)
        return r;
    auto closeWake = [&] {
        if (wakeWrite != wakeRead)
            ::close(wakeWrite);
        ::close(wakeRead);
    };
    // MAP_NORESERVE: only the pages the ring's positions reach are ever backed.
    void *memory = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (memory == MAP_FAILED) {
        const int e = errno;
        closeWake();
        return {Error::OutOfResources, e};
    }
    // Zero-filled pages are cells free for their first position (RingCell::seq is kept
    // relative to the cell's index): nothing is written here, no page is touched.
    auto *ring = static_cast<RingCell *>(memory);

    Lock lock(registryMutex());
    initLocked();
    Registry &reg = registry();
    int slot = -1;
    for (int c = 0; c < MaxChannels; ++c) {
        if (!reg.channels[c].used) {
            slot = c;
            break;
        }
    }
    if (slot < 0) {
        closeWake();
        ::munmap(memory, bytes);
        return {Error::OutOfResources, 0};
    }
    ChannelSlot &ch = reg.channels[slot];
    ch.used = true;
    ch.readFd = wakeRead;
    ch.ring = ring;
    ch.ringMask = static_cast<uint32_t>(cells - 1);
    ch.capacity = static_cast<uint32_t>(capacity);
    ch.tail.store(0);
    ch.head.store(0);
    ch.backedBytes = 0;
    ch.awake.store(0);
    ch.loopChecks.store(0);
    ch.loopMayWait.store(0);
    ch.overflowFlag.store(0);
    for (auto &o : ch.overflow)
        o.store(0);
    ch.writeFd.store(wakeWrite);   // last: from now on handlers post here
    if (slot + 1 > reg.channelHighWater.load())
        reg.channelHighWater.store(slot + 1);
    channel->slot = slot;
    channel->readFd = wakeRead;
    channel->generation = reg.generation;
    return {};
}

void closeChannel(Channel *channel)
{
    if (channel->slot < 0)
        return;
    Lock lock(registryMutex());
    Registry &reg = registry();
    if (channel->generation == reg.generation) {
        ChannelSlot &ch = reg.channels[channel->slot];
        ch.interest[0].store(0);
        ch.interest[1].store(0);
        const int writeFd = ch.writeFd.exchange(-1);
        // A handler that announced itself may still be writing: wait it out. It never
        // blocks (non-blocking write), so this is a few instructions at most.
        while (ch.users.load() != 0)
            sched_yield();
        if (writeFd >= 0 && writeFd != ch.readFd)
            ::close(writeFd);
        ::munmap(ch.ring, ringBytes(ch));
        ch.ring = nullptr;
        for (int &n : ch.interestCount)
            n = 0;
        ch.used = false;
        ch.readFd = -1;
    }
    // In a fork child the slot is gone, but the read end is still ours to close.
    ::close(channel->readFd);
    channel->slot = -1;
    channel->readFd = -1;
}

bool channelAlive(const Channel &channel)
{
    // No lock: called on every wake-up. The generation changes only in a fork child,
    // before the child has a second thread, so no read here can race with that write.
    return channel.slot >= 0 && channel.generation == registry().generation;
}

void waitForRunningHandlers()
{
    // One at a time: a second flip while the first waits would make it wait for handlers
    // that started after it (forever, under a flood).
    static std::mutex *const serial = new std::mutex;
    std::lock_guard<std::mutex> lock(*serial);
    Registry &reg = registry();
    const uint32_t old = reg.epoch.fetch_add(1);
    // Handlers never block: this spins for the few microseconds the last of them needs.
    while (reg.inside[old & 1].load() != 0)
        sched_yield();
}

std::size_t channelPending(const Channel &channel)
{
    if (!channelAlive(channel))
        return 0;
    const ChannelSlot &ch = registry().channels[channel.slot];
    const uint32_t head = ch.head.load();
    return static_cast<std::size_t>(ch.tail.load() - head);   // claimed, maybe not yet published
}

bool channelEmpty(const Channel &channel)
{
    // Any thread (the LoopMonitor's, the glib source's prepare()): only atomics.
    if (!channelAlive(channel))
        return true;
    const ChannelSlot &ch = registry().channels[channel.slot];
    const uint32_t head = ch.head.load(std::memory_order_acquire);
    return !cellPublished(ch, head);
}

std::size_t channelCapacity(const Channel &channel)
{
    Lock lock(registryMutex());
    if (channel.slot < 0 || channel.generation != registry().generation)
        return 0;
    return registry().channels[channel.slot].capacity;
}

void addInterest(const Channel &channel, int native)
{
    if (native <= 0 || native >= SignalLimit || channel.slot < 0)
        return;
    Lock lock(registryMutex());
    if (channel.generation != registry().generation)
        return;
    ChannelSlot &ch = registry().channels[channel.slot];
    if (ch.interestCount[native]++ == 0)
        ch.interest[native / 64].fetch_or(uint64_t(1) << (native % 64));
}

void removeInterest(const Channel &channel, int native)
{
    if (native <= 0 || native >= SignalLimit || channel.slot < 0)
        return;
    Lock lock(registryMutex());
    if (channel.generation != registry().generation)
        return;
    ChannelSlot &ch = registry().channels[channel.slot];
    if (ch.interestCount[native] > 0 && --ch.interestCount[native] == 0)
        ch.interest[native / 64].fetch_and(~(uint64_t(1) << (native % 64)));
}

std::size_t readRecords(const Channel &channel, Record *buffer, std::size_t max)
{
    // The reader only: `head` is written nowhere else.
    if (!channelAlive(channel))
        return 0;
    ChannelSlot &ch = registry().channels[channel.slot];
    uint32_t head = ch.head.load(std::memory_order_relaxed);
    std::size_t n = 0;
    while (n < max && cellPublished(ch, head)) {
        RingCell &cell = ch.ring[head & ch.ringMask];
        buffer[n++] = cell.record;
        // Handed back: free for the same cell's position one round later.
        setCellTurn(cell, head & ch.ringMask, head + ch.ringMask + 1, std::memory_order_release);
        ++head;
        ch.head.store(head, std::memory_order_release);
    }
    return n;
}

void channelWoken(const Channel &channel, bool readable)
{
    // Unread by poll (EINTR, or a source that was ready before the poll) but raised: reset
    // now, or the next poll would return at once for a record read here already. Raised
    // but not yet written (a handler between its exchange and its write()): the read finds
    // nothing, the write comes later and costs one more look, never a busy loop, as the
    // next wake-up is then seen readable and reset.
    if (!channelAlive(channel))
        return;
    ChannelSlot &ch = registry().channels[channel.slot];
    if (!readable && !ch.awake.load())
        return;
    clearWake(channel.readFd);
    // Reset with the descriptor, not only once the ring is read empty (channelDrained): a
    // slot of this drain may run a nested loop, which an arrival from another thread must
    // wake (tst_burst aSignalFromAnotherThreadReachesANestedLoop, with QT_NO_GLIB=1: the
    // handler found `awake` still set and wrote nothing until the outer turn ended). A
    // record published before this store was published before the reads that follow.
    ch.awake.store(0);
}

// The reader has read the ring empty: the next record wakes it again ("awake" protocol
// in posix_p.h), and one published before the store is seen by the look after it.
void channelDrained(const Channel &channel)
{
    if (!channelAlive(channel))
        return;
    ChannelSlot &ch = registry().channels[channel.slot];
    ch.awake.store(0);
    if (ch.loopChecks.load())
        return;   // the loop looks at the ring itself before it waits
    if (!channelEmpty(channel))
        raiseWakeOnce(ch, ch.writeFd.load());
}

void channelPaused(const Channel &channel)
{
    // Stopped with records left (drainChannel's limit): the descriptor was reset when the
    // reader woke, so it is made readable again, unless the loop looks by itself.
    if (!channelAlive(channel))
        return;
    ChannelSlot &ch = registry().channels[channel.slot];
    if (!ch.loopChecks.load())
        raiseWakeOnce(ch, ch.writeFd.load());
}

void channelBackAhead(const Channel &channel)
{
    if (!channelAlive(channel))
        return;
    ChannelSlot &ch = registry().channels[channel.slot];
    const std::size_t bytes = ringBytes(ch);
    if (ch.backedBytes >= bytes)
        return;   // every page was reached once: all are backed until the channel closes
#if defined(MADV_POPULATE_WRITE)
    static const std::size_t page = std::size_t(::sysconf(_SC_PAGESIZE));
    // The positions wrap only once every cell has been used, so before that `tail` tells
    // how far the ring is backed (the handlers' own faults) and which page comes next.
    const uint32_t tail = ch.tail.load(std::memory_order_relaxed);
    if (tail > ch.ringMask) {
        ch.backedBytes = bytes;
        return;
    }
    // The page of `tail` and the next one are backed, in steps of 16 KiB (455 records):
    // each step's system call delays the loop a little, so there are few of them.
    constexpr std::size_t Step = 16 * 1024;
    const std::size_t need = (std::size_t(tail) * sizeof(RingCell) / page + 2) * page;
    if (need <= ch.backedBytes)
        return;
    const std::size_t want = std::min(bytes, (need + Step - 1) / Step * Step);
    const std::size_t from = ch.backedBytes / page * page;
    // Backs the pages as a write would, without writing (madvise(2), MADV_POPULATE_WRITE,
    // Linux 5.14): a handler may be using a cell in them right now. Pages already backed
    // are left as they are.
    if (::madvise(reinterpret_cast<char *>(ch.ring) + from, want - from, MADV_POPULATE_WRITE) == 0) {
        ch.backedBytes = want;
        return;
    }
    // Otherwise the handler takes the fault, as without this; nothing depends on it.
    // EINVAL: a kernel before 5.14, never again; ENOMEM and the like: at the next turn.
    if (errno != EINVAL)
        return;
#endif
    ch.backedBytes = bytes;
}

void channelHeldBack(const Channel &channel)
{
    // The same as stopping with records left: the reader is called again, by the
    // descriptor, unless the loop looks by itself (and sees drainHolds()).
    channelPaused(channel);
}

void setLoopChecksChannel(const Channel &channel, bool on)
{
    if (!channelAlive(channel))
        return;
    ChannelSlot &ch = registry().channels[channel.slot];
    if (on) {
        ch.loopMayWait.store(0);
        ch.owner.store(pthread_self());   // before loopChecks: the handler reads it after
        ch.loopChecks.store(1);
        return;
    }
    ch.loopChecks.store(0);
    // Off: what handlers on the owner thread left without a wake-up needs one now.
    if (!channelEmpty(channel))
        raiseWakeOnce(ch, ch.writeFd.load());
}

void setLoopMayWait(const Channel &channel, bool mayWait, bool pollIsLoopPoll)
{
    if (channelAlive(channel))
        registry().channels[channel.slot].loopMayWait.store(mayWait ? (pollIsLoopPoll ? 2 : 1) : 0);
}

bool takeOverflowFlag(const Channel &channel)
{
    if (channel.slot < 0)
        return false;
    return registry().channels[channel.slot].overflowFlag.exchange(0) != 0;
}

uint64_t takeOverflow(const Channel &channel, int native)
{
    if (channel.slot < 0 || native <= 0 || native >= SignalLimit)
        return 0;
    return registry().channels[channel.slot].overflow[native].exchange(0);
}

Result watch(int native, bool overrideIgnored, WatchTicket *ticket, bool *keptIgnored,
             bool interrupting)
{
    if (keptIgnored)
        *keptIgnored = false;
    if (const Error e = checkWatchable(native); e != Error::None)
        return {e, 0};
    Lock lock(registryMutex());
    initLocked();
    SignalSlot &s = registry().signals[native];
    if (s.watchers == 0 && !s.installed) {
        // The first watcher decides the nohup rule: an action found ignored (and not
        // made so by us: see setDisposition) stays so for watchers that do not override.
        struct sigaction current;
        if (::sigaction(native, nullptr, &current) != 0)
            return {Error::SystemError, errno};
        const PreviousAction *previous = s.previous.load();
        const bool ignored = isOurs(current)
            ? (previous && previous->action.sa_handler == SIG_IGN)
            : current.sa_handler == SIG_IGN;
        s.inheritedIgnore.store(ignored);
    }
    ++s.watchers;
    if (overrideIgnored)
        ++s.overriders;
    if (interrupting)
        ++s.interrupters;
    if (const Result r = updateLocked(native); !r) {
        --s.watchers;
        if (overrideIgnored)
            --s.overriders;
        if (interrupting)
            --s.interrupters;
        if (s.watchers == 0)
            s.inheritedIgnore.store(false);
        updateLocked(native);   // back to the flags of the watchers that remain
        return r;
    }
    if (keptIgnored)
        *keptIgnored = !overrideIgnored && s.inheritedIgnore.load();
    ticket->native = native;
    ticket->overrideIgnored = overrideIgnored;
    ticket->interrupting = interrupting;
    ticket->generation = registry().generation;
    return {};
}

void unwatch(const WatchTicket &ticket)
{
    const int native = ticket.native;
    if (native <= 0 || native >= SignalLimit)
        return;
    Lock lock(registryMutex());
    if (ticket.generation != registry().generation)
        return;
    SignalSlot &s = registry().signals[native];
    if (s.watchers == 0)
        return;
    if (ticket.overrideIgnored && s.overriders > 0)
        --s.overriders;
    if (ticket.interrupting && s.interrupters > 0)
        --s.interrupters;
    --s.watchers;
    updateLocked(native);
    if (s.watchers == 0)
        s.inheritedIgnore.store(false);
}

bool keptIgnored(int native)
{
    if (native <= 0 || native >= SignalLimit)
        return false;
    return registry().signals[native].inheritedIgnore.load();
}

uint32_t arrivalSequence()
{
    return registry().sequence.load();
}

bool isMainThread()
{
    return isMainThreadNow();
}

void atFork(void (*prepare)(), void (*parent)(), void (*child)())
{
    ::pthread_atfork(prepare, parent, child);
}

Disposition disposition(int native, Disposition *underlying)
{
    if (underlying)
        *underlying = Disposition::Unavailable;
    if (!isValidNumber(native))
        return Disposition::Unavailable;
    Lock lock(registryMutex());
    struct sigaction current;
    if (::sigaction(native, nullptr, &current) != 0)
        return Disposition::Unavailable;
    auto classify = [](const struct sigaction &a) {
        if (a.sa_handler == SIG_DFL)
            return Disposition::Default;
        if (a.sa_handler == SIG_IGN)
            return Disposition::Ignored;
        return isOurs(a) ? Disposition::Watched : Disposition::Handled;
    };
    const PreviousAction *previous = registry().signals[native].previous.load();
    Disposition now = classify(current);
    if (now == Disposition::Watched && !registry().signals[native].active.load()) {
        // Ours, but nobody watches through it (another library put it back after we
        // let go): it acts as the previous action, so that is what it is.
        now = previous ? classify(previous->action) : Disposition::Default;
    }
    if (underlying)
        *underlying = (now == Disposition::Watched && previous) ? classify(previous->action) : now;
    return now;
}

Result setDisposition(int native, Disposition what)
{
    if (!isValidNumber(native))
        return {Error::UnknownSignal, 0};
    if (native == SIGKILL || native == SIGSTOP)
        return {Error::ForbiddenSignal, 0};
    if (what != Disposition::Default && what != Disposition::Ignored)
        return {Error::InvalidArgument, 0};
    if (what == Disposition::Ignored && isFault(native))
        return {Error::ForbiddenSignal, 0};   // ignoring a fault loops on the fault
    const struct sigaction action = plainAction(what == Disposition::Default ? SIG_DFL : SIG_IGN);

    Lock lock(registryMutex());
    initLocked();
    SignalSlot &s = registry().signals[native];
    // Setting Default is the explicit word that un-ignores a signal inherited ignored:
    // every watcher gets it from now on. Ignored keeps the rule as it was.
    if (what == Disposition::Default)
        s.inheritedIgnore.store(false);
    if (s.installed) {
        // Watchers keep receiving; this is what comes back when the last one goes.
        s.previous.store(plainPrevious(what == Disposition::Ignored));
        s.original.store(s.previous.load());
        return updateLocked(native);
    }
    if (::sigaction(native, &action, nullptr) != 0)
        return {Error::SystemError, errno};
    // A previous action of ours is now this one (a handler of ours that another library
    // puts back later acts as it).
    s.previous.store(plainPrevious(what == Disposition::Ignored));
    s.original.store(s.previous.load());
    s.replacedBy = 0;
    return updateLocked(native);
}

} // namespace SignalBackend
