// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Everything in this file runs in signal-handler context. It may run on any thread, at
// any instruction of the program, nested in nothing (the full mask blocks every other
// signal while it runs) but concurrently with the same code on other threads, and nested
// in itself only where it calls a previous action (which may unblock signals, or call
// back into us).
// Allowed here: lock-free atomics, getpid(), gettid(), write(), sigaction(),
// pthread_sigmask(), sigaddset()/sigismember(), raise(), pthread_self() (see wake()),
// reading immutable data and the ucontext_t the kernel passed (interruptedInLoopPoll()). Not
// allowed: malloc/new, locks, Qt, logging, strsignal, anything not on the
// async-signal-safe list of POSIX.1-2017 2.4.3. errno is saved and restored.

#include "posix_p.h"

#include <cerrno>
#include <ucontext.h>
#include <unistd.h>

namespace SignalBackend::Posix {

// Runs in signal-handler context (and in ordinary context for takePending()).
Record recordOf(int sig, const siginfo_t *info)
{
    Record r;
    r.signal = sig;
    if (!info)
        return r;
    r.code = info->si_code;
    if (sig == SIGCHLD && info->si_code > 0) {
        // CLD_*: the child, its owner and how it changed.
        r.pid = info->si_pid;
        r.uid = info->si_uid;
        r.status = info->si_status;
        r.flags |= HasSender | HasStatus;
        return r;
    }
    // Codes <= 0 come from a process (kill, sigqueue, tgkill, mq_notify); only these
    // carry a meaningful sender. Positive codes come from the kernel.
    if (info->si_code <= 0 && info->si_code != SI_TIMER && info->si_code != SI_ASYNCIO) {
        r.pid = info->si_pid;
        r.uid = info->si_uid;
        r.flags |= HasSender;
    }
    if (info->si_code == SI_QUEUE || info->si_code == SI_TIMER || info->si_code == SI_MESGQ) {
        r.value = info->si_value.sival_int;
        r.flags |= HasValue;
    }
    return r;
}

namespace {

// Runs in signal-handler context. Puts `r` into the channel's ring (posix_p.h says how);
// false when `capacity` records wait already (full). Lock-free: a failed
// compare-and-swap means another handler took the position first, and this one tries
// the next; it never waits for anybody.
bool ringPush(ChannelSlot &channel, const Record &r)
{
    uint32_t pos = channel.tail.load(std::memory_order_relaxed);
    RingCell *cell = nullptr;
    for (;;) {
        // The documented capacity, not the ring's power of two: the reader's `head` may
        // lag by the cells it is copying out, which only makes this stricter.
        if (pos - channel.head.load(std::memory_order_acquire) >= channel.capacity)
            return false;
        cell = &channel.ring[pos & channel.ringMask];
        const uint32_t turn = cellTurn(*cell, pos & channel.ringMask, std::memory_order_acquire);
        const int32_t ahead = static_cast<int32_t>(turn - pos);
        if (ahead == 0) {
            if (channel.tail.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed))
                break;   // ours; `pos` was reloaded otherwise
        } else if (ahead < 0) {
            return false;   // the reader has not handed this cell back yet: full
        } else {
            pos = channel.tail.load(std::memory_order_relaxed);   // taken meanwhile
        }
    }
    cell->record = r;
    setCellTurn(*cell, pos & channel.ringMask, pos + 1, std::memory_order_release);
    return true;
}

// Runs in signal-handler context. Makes sure the reader will look at the ring (the
// "awake" protocol in posix_p.h). No system call when the owner's loop will look anyway:
// it reads the ring itself before each wait, and this handler runs on that thread either
// while it is not waiting, or having interrupted the loop's own poll (`context` says
// where: interruptedInLoopPoll()), which then returns into the look. pthread_self() is
// not on POSIX's list of async-signal-safe functions, but it only reads the calling
// thread's own descriptor (glibc, musl: the thread pointer register), which no signal can
// leave half-written; gettid() would cost a system call here, the very thing this saves.
void wake(ChannelSlot &channel, int fd, const void *context)
{
    if (channel.loopChecks.load() && pthread_equal(pthread_self(), channel.owner.load())) {
        const int window = channel.loopMayWait.load();
        if (window == 0 || (window == 2 && interruptedInLoopPoll(context)))
            return;
    }
    raiseWakeOnce(channel, fd);
}

// Runs in signal-handler context.
void post(ChannelSlot &channel, int sig, const Record &r, const void *context)
{
    const uint64_t bit = uint64_t(1) << (sig % 64);
    if (!(channel.interest[sig / 64].load() & bit))
        return;
    // Announce ourselves before reading the descriptor; closeChannel() clears the
    // descriptor first and then waits for users == 0 (seq_cst on both sides) before it
    // unmaps the ring.
    channel.users.fetch_add(1);
    const int fd = channel.writeFd.load();
    if (fd >= 0) {
        if (!ringPush(channel, r)) {
            // Full: counted, never lost, never blocks. The reader reports the counts when
            // it has read the ring empty; a full ring is not empty, so it will.
            channel.overflow[sig].fetch_add(1);
            channel.overflowFlag.store(1);
        }
        wake(channel, fd, context);
    }
    channel.users.fetch_sub(1);
}

// Runs in signal-handler context. Who holds a ChainSlot for the arrival `info`: the
// address of its siginfo, unique among the handler frames live at one time (see ChainSlot)
// and known without a system call (gettid() was one of the costliest steps of a chained
// arrival). A caller that passes no siginfo is told apart by its thread id; the low bit
// keeps the two kinds apart (a siginfo_t is aligned).
std::uintptr_t chainOwner(const siginfo_t *info)
{
    if (info)
        return reinterpret_cast<std::uintptr_t>(info);
    return (static_cast<std::uintptr_t>(currentThreadId()) << 1) | 1u;
}

// Runs in signal-handler context. How deep this call is nested in our own calls of a
// previous action on this thread for this very arrival (a foreign handler that chains to
// whatever it replaced, which was ours): 0 for a new arrival. *target is the action the
// outermost of them is calling.
int reentryDepth(const siginfo_t *info, const PreviousAction **target)
{
    Registry &reg = registry();
    if (reg.chaining.load() == 0)
        return 0;
    const std::uintptr_t self = chainOwner(info);
    int depth = 0;
    for (ChainSlot &slot : reg.chains) {
        if (slot.owner.load() == self && slot.info.load() == info) {
            if (depth++ == 0)
                *target = slot.target.load();
        }
    }
    return depth;
}

// Runs in signal-handler context. Whether the default action of `sig` is to do nothing
// (signal(7)): acting "as the default" then needs no change to the process at all.
bool defaultIgnores(int sig)
{
    return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG || sig == SIGWINCH;
}

// Runs in signal-handler context. Calls a previous action the way the kernel would
// have called it had it been installed: with its own mask added to the mask of the
// interrupted code (and the signal itself unless SA_NODEFER), on our stack (ours is
// installed with SA_ONSTACK when it was), and turning into SIG_DFL afterwards when it
// had SA_RESETHAND.
void callPrevious(const PreviousAction *previous, int sig, siginfo_t *info, void *context)
{
    const struct sigaction &a = previous->action;
    sigset_t mask;
    if (context) {
        mask = static_cast<const ucontext_t *>(context)->uc_sigmask;
    } else {
        sigemptyset(&mask);
    }
    for (int i = 0; i < previous->maskCount; ++i)
        sigaddset(&mask, previous->maskSignals[i]);
    if (!(a.sa_flags & SA_NODEFER))
        sigaddset(&mask, sig);
    if (a.sa_flags & SA_RESETHAND) {
        // The kernel resets before the call; so do we, for the chain.
        if (const PreviousAction *reset = registry().resetTarget.load())
            registry().signals[sig].previous.compare_exchange_strong(previous, reset);
    }

    Registry &reg = registry();
    ChainSlot *claimed = nullptr;
    const std::uintptr_t self = chainOwner(info);
    for (ChainSlot &slot : reg.chains) {
        std::uintptr_t expected = 0;
        if (slot.owner.compare_exchange_strong(expected, self)) {
            slot.target.store(previous);
            slot.info.store(info);
            claimed = &slot;
            reg.chaining.fetch_add(1);
            break;
        }
    }
    sigset_t saved;
    pthread_sigmask(SIG_SETMASK, &mask, &saved);
    if (a.sa_flags & SA_SIGINFO)
        a.sa_sigaction(sig, info, context);
    else
        a.sa_handler(sig);
    pthread_sigmask(SIG_SETMASK, &saved, nullptr);
    if (claimed) {
        reg.chaining.fetch_sub(1);
        claimed->info.store(nullptr);
        claimed->owner.store(0);
    }
}

// Runs in signal-handler context. After we delivered: a previous handler keeps being
// called; neither a default action nor ignoring applies, as we handle the signal.
void chain(const PreviousAction *previous, int sig, siginfo_t *info, void *context)
{
    if (!previous)
        return;
    const struct sigaction &a = previous->action;
    if (a.sa_handler == SIG_DFL || a.sa_handler == SIG_IGN)
        return;
    // A SIGCHLD handler installed with SA_NOCLDSTOP never hears of stops and continues.
    if (sig == SIGCHLD && (a.sa_flags & SA_NOCLDSTOP) && info
        && (info->si_code == CLD_STOPPED || info->si_code == CLD_CONTINUED)) {
        return;
    }
    callPrevious(previous, sig, info, context);
}

// Runs in signal-handler context. Nobody in this process watches the signal through us
// (we let go and another library put our handler back, or a child made by fork() or a
// raw clone/vfork inherited it): behave exactly as the previous action would have.
void actAsBefore(const PreviousAction *previous, int sig, siginfo_t *info, void *context)
{
    if (!previous || previous->action.sa_handler == SIG_DFL) {
        if (defaultIgnores(sig))
            return;
        // Put the default back and let it act once this handler returns (the signal
        // is blocked here, so raise() leaves it pending until then).
        struct sigaction dfl = {};
        dfl.sa_handler = SIG_DFL;
        sigemptyset(&dfl.sa_mask);
        ::sigaction(sig, &dfl, nullptr);
        ::raise(sig);
        return;
    }
    if (previous->action.sa_handler == SIG_IGN)
        return;
    if (sig == SIGCHLD && (previous->action.sa_flags & SA_NOCLDSTOP) && info
        && (info->si_code == CLD_STOPPED || info->si_code == CLD_CONTINUED)) {
        return;
    }
    if (previous->action.sa_flags & SA_RESETHAND) {
        // Installed, it would have been reset to SIG_DFL on this very arrival.
        struct sigaction dfl = {};
        dfl.sa_handler = SIG_DFL;
        sigemptyset(&dfl.sa_mask);
        ::sigaction(sig, &dfl, nullptr);
    }
    callPrevious(previous, sig, info, context);
}

} // namespace

// Runs in signal-handler context (and in ordinary context, all signals blocked, for an
// arrival that takePending() took).
bool deliverToChannels(int sig, const siginfo_t *info, const void *context)
{
    Registry &reg = registry();
    if (::getpid() != reg.ownerPid.load() || !reg.signals[sig].active.load())
        return false;
    // Counted in, under the epoch it is now (re-checked: a flip in between counts us
    // under the new one), for waitForRunningHandlers().
    uint32_t epoch;
    for (;;) {
        epoch = reg.epoch.load();
        reg.inside[epoch & 1].fetch_add(1);
        if (reg.epoch.load() == epoch)
            break;
        reg.inside[epoch & 1].fetch_sub(1);
    }
    Record r = recordOf(sig, info);
    r.seq = reg.sequence.fetch_add(1);
    if (r.seq == 0)   // 0 means "no number" (counted): skipped when it wraps
        r.seq = reg.sequence.fetch_add(1);
    const int high = reg.channelHighWater.load();
    for (int c = 0; c < high; ++c)
        post(reg.channels[c], sig, r, context);
    reg.inside[epoch & 1].fetch_sub(1);
    return true;
}

// Runs in signal-handler context. The only function this library installs.
extern "C" void signalNotifierHandler(int sig, siginfo_t *info, void *context)
{
    const int savedErrno = errno;
    const PreviousAction *calling = nullptr;
    const int depth = sig > 0 && sig < SignalLimit ? reentryDepth(info, &calling) : 0;
    if (depth > 0) {
        // Reached again through the action we are calling for this arrival: that action
        // was put over an earlier installation of ours and calls what it replaced. Ours
        // then stands for what that earlier installation replaced (`original`): called
        // once, unless it is the very action being called (a loop), never deeper.
        SignalSlot &slot = registry().signals[sig];
        const PreviousAction *original = slot.original.load();
        if (depth == 1 && original && original != calling) {
            if (slot.active.load())
                chain(original, sig, info, context);   // delivered: no default, no ignore
            else
                actAsBefore(original, sig, info, context);
        }
    } else if (sig > 0 && sig < SignalLimit) {
        const PreviousAction *previous = registry().signals[sig].previous.load();
        if (deliverToChannels(sig, info, context)) {
            chain(previous, sig, info, context);
        } else {
            actAsBefore(previous, sig, info, context);
        }
    }
    errno = savedErrno;
}

} // namespace SignalBackend::Posix
