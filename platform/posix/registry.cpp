// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The POSIX backend in ordinary context: channels, installing and restoring sigaction,
// dispositions, fork. The rules for the registry are at the top of posix_p.h.

#include "posix_p.h"

#include <cerrno>
#include <fcntl.h>
#include <memory>
#include <pthread.h>
#include <sched.h>
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
    retained->push_back(std::make_unique<PreviousAction>(PreviousAction{action}));
    return retained->back().get();
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

// The child of fork() starts with what was there before us: no notifier of the parent
// fires in it, and nothing it does reaches the parent's channels. The QObjects it
// inherited stay silent; new ones made in the child work (generation check).
void atforkChild()
{
    Registry &reg = registry();
    for (int c = 0; c < MaxChannels; ++c) {
        ChannelSlot &ch = reg.channels[c];
        ch.writeFd.store(-1);     // the descriptors are the parent's pipes: never write
        ch.interest[0].store(0);
        ch.interest[1].store(0);
        ch.used = false;
        ch.readFd = -1;
        for (int &n : ch.interestCount)
            n = 0;
    }
    reg.channelHighWater.store(0);
    for (int sig = 1; sig < SignalLimit; ++sig) {
        SignalSlot &s = reg.signals[sig];
        if (s.installed) {
            if (const PreviousAction *previous = s.previous.load())
                ::sigaction(sig, &previous->action, nullptr);
        }
        s.watchers = 0;
        s.overriders = 0;
        s.installed = false;
        s.keptIgnored = false;
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
        registry().ownerPid.store(::getpid());
        ::pthread_atfork(atforkPrepare, atforkParent, atforkChild);
    }
}

// With the mutex held.
Result installLocked(int sig)
{
    SignalSlot &s = registry().signals[sig];
    struct sigaction current;
    if (::sigaction(sig, nullptr, &current) != 0)
        return {Error::SystemError, errno};
    if (!isOurs(current))
        s.previous.store(publish(current));   // chain target before we go live

    struct sigaction ours = {};
    ours.sa_sigaction = signalNotifierHandler;
    sigfillset(&ours.sa_mask);   // nothing interrupts the handler on this thread
    ours.sa_flags = SA_SIGINFO | SA_RESTART;
    if (sig == SIGCHLD)
        ours.sa_flags |= (current.sa_flags & SA_NOCLDWAIT);   // keep auto-reaping as it was
    struct sigaction replaced;
    if (::sigaction(sig, &ours, &replaced) != 0)
        return {Error::SystemError, errno};
    if (!isOurs(replaced) && replaced.sa_handler != current.sa_handler)
        s.previous.store(publish(replaced));   // someone changed it in between
    s.installed = true;
    s.keptIgnored = false;
    return {};
}

// With the mutex held. Puts back the action that was there before, unless someone
// has replaced ours meanwhile: theirs stays, we do not clobber it.
void restoreLocked(int sig)
{
    SignalSlot &s = registry().signals[sig];
    struct sigaction current;
    if (::sigaction(sig, nullptr, &current) == 0 && isOurs(current)) {
        if (const PreviousAction *previous = s.previous.load())
            ::sigaction(sig, &previous->action, nullptr);
    }
    s.installed = false;
}

} // namespace
} // namespace SignalBackend::Posix

namespace SignalBackend {

using namespace Posix;
using Lock = std::lock_guard<std::mutex>;

int signalLimit() { return SignalLimit; }

Result openChannel(Channel *channel, std::size_t capacity)
{
    if (capacity == 0)
        capacity = DefaultCapacity;
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0)
        return {errno == EMFILE || errno == ENFILE ? Error::OutOfResources : Error::SystemError, errno};
    const std::size_t bytes = setPipeCapacity(fds[1], capacity * sizeof(Record));

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
        ::close(fds[0]);
        ::close(fds[1]);
        return {Error::OutOfResources, 0};
    }
    ChannelSlot &ch = reg.channels[slot];
    ch.used = true;
    ch.readFd = fds[0];
    ch.capacity = bytes / sizeof(Record);
    ch.overflowFlag.store(0);
    for (auto &o : ch.overflow)
        o.store(0);
    ch.writeFd.store(fds[1]);
    if (slot + 1 > reg.channelHighWater.load())
        reg.channelHighWater.store(slot + 1);
    channel->slot = slot;
    channel->readFd = fds[0];
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
        if (writeFd >= 0)
            ::close(writeFd);
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
    for (;;) {
        const ssize_t n = ::read(channel.readFd, buffer, max * sizeof(Record));
        if (n > 0)
            return static_cast<std::size_t>(n) / sizeof(Record);
        if (n < 0 && errno == EINTR)
            continue;
        return 0;   // EAGAIN: empty
    }
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

Result watch(int native, bool overrideIgnored, WatchTicket *ticket, bool *keptIgnored)
{
    if (keptIgnored)
        *keptIgnored = false;
    if (const Error e = checkWatchable(native); e != Error::None)
        return {e, 0};
    Lock lock(registryMutex());
    initLocked();
    SignalSlot &s = registry().signals[native];
    if (!s.installed && (s.watchers == 0 || overrideIgnored)) {
        struct sigaction current;
        if (::sigaction(native, nullptr, &current) != 0)
            return {Error::SystemError, errno};
        if (current.sa_handler == SIG_IGN && !isOurs(current) && !overrideIgnored) {
            s.keptIgnored = true;   // nohup: stays ignored unless asked explicitly
        } else if (const Result r = installLocked(native); !r) {
            return r;
        }
    }
    ++s.watchers;
    if (overrideIgnored)
        ++s.overriders;
    if (keptIgnored)
        *keptIgnored = s.keptIgnored;
    ticket->native = native;
    ticket->overrideIgnored = overrideIgnored;
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
    if (--s.watchers == 0) {
        if (s.installed)
            restoreLocked(native);
        s.keptIgnored = false;
    }
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
    const Disposition now = classify(current);
    if (underlying) {
        const PreviousAction *previous = registry().signals[native].previous.load();
        *underlying = (now == Disposition::Watched && previous) ? classify(previous->action) : now;
    }
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
    if (s.installed) {
        // Watchers keep receiving; this is what comes back when the last one goes.
        s.previous.store(publish(action));
        return {};
    }
    if (::sigaction(native, &action, nullptr) != 0)
        return {Error::SystemError, errno};
    if (s.watchers > 0 && s.keptIgnored && what == Disposition::Default) {
        // The caller un-ignored a signal that watchers wait for: now they get it.
        return installLocked(native);
    }
    return {};
}

} // namespace SignalBackend
