// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Everything in this file runs in signal-handler context. It may run on any thread, at
// any instruction of the program, nested in nothing (the full mask blocks every other
// signal while it runs) but concurrently with the same code on other threads.
// Allowed here: lock-free atomics, getpid(), write(), sigaction(), raise(), reading
// immutable data. Not allowed: malloc/new, locks, Qt, logging, strsignal, anything not
// on the async-signal-safe list of POSIX.1-2017 2.4.3. errno is saved and restored.

#include "posix_p.h"

#include <cerrno>
#include <unistd.h>

namespace SignalBackend::Posix {
namespace {

// Runs in signal-handler context.
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

// Runs in signal-handler context. Writes one whole record or nothing: records are far
// below PIPE_BUF, so a pipe write is atomic; EAGAIN means the channel is full.
bool writeRecord(int fd, const Record &r)
{
    for (;;) {
        const ssize_t n = ::write(fd, &r, sizeof r);
        if (n == static_cast<ssize_t>(sizeof r))
            return true;
        if (n < 0 && errno == EINTR)
            continue;
        return false;   // EAGAIN (full), or the channel is going away
    }
}

// Runs in signal-handler context.
void post(ChannelSlot &channel, int sig, const Record &r)
{
    const uint64_t bit = uint64_t(1) << (sig % 64);
    if (!(channel.interest[sig / 64].load() & bit))
        return;
    // Announce ourselves before reading the descriptor; closeChannel() clears the
    // descriptor first and then waits for users == 0 (seq_cst on both sides).
    channel.users.fetch_add(1);
    const int fd = channel.writeFd.load();
    if (fd >= 0 && !writeRecord(fd, r)) {
        // Full. Count first, then write a marker: if the marker fits, it wakes the
        // reader; if it does not, the channel is still full and the reader has yet to
        // drain it, so it will see this count after draining. Never lost, never blocks.
        channel.overflow[sig].fetch_add(1);
        channel.overflowFlag.store(1);
        Record marker;
        marker.flags = Marker;
        writeRecord(fd, marker);
    }
    channel.users.fetch_sub(1);
}

// Runs in signal-handler context.
void chain(const PreviousAction *previous, int sig, siginfo_t *info, void *context)
{
    if (!previous)
        return;
    const struct sigaction &a = previous->action;
    if (a.sa_handler == SIG_DFL || a.sa_handler == SIG_IGN)
        return;   // we handle it; neither default action nor ignoring applies
    if (a.sa_flags & SA_SIGINFO)
        a.sa_sigaction(sig, info, context);
    else
        a.sa_handler(sig);
}

// Runs in signal-handler context. For a process that shares our handler table but is
// not the one our channels belong to (a child made by a raw clone/vfork that skipped
// pthread_atfork): behave as if we had never been installed.
void actAsBefore(const PreviousAction *previous, int sig, siginfo_t *info, void *context)
{
    if (previous && previous->action.sa_handler == SIG_DFL) {
        // Put the default back and let it act once this handler returns (the signal
        // is blocked here, so raise() leaves it pending until then).
        ::sigaction(sig, &previous->action, nullptr);
        ::raise(sig);
        return;
    }
    chain(previous, sig, info, context);
}

} // namespace

// Runs in signal-handler context. The only function this library installs.
extern "C" void signalNotifierHandler(int sig, siginfo_t *info, void *context)
{
    const int savedErrno = errno;
    if (sig > 0 && sig < SignalLimit) {
        Registry &reg = registry();
        const PreviousAction *previous = reg.signals[sig].previous.load();
        if (::getpid() == reg.ownerPid.load()) {
            const Record r = recordOf(sig, info);
            const int high = reg.channelHighWater.load();
            for (int c = 0; c < high; ++c)
                post(reg.channels[c], sig, r);
            chain(previous, sig, info, context);
        } else {
            actAsBefore(previous, sig, info, context);
        }
    }
    errno = savedErrno;
}

} // namespace SignalBackend::Posix
