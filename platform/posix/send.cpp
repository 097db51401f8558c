// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Sending, waiting and the state of a process's signals, POSIX side.

#include "../channelio_p.h"
#include "../children_p.h"
#include "../dispositions_p.h"
#include "../names_p.h"
#include "../process_p.h"
#include "../sending_p.h"
#include "posix_p.h"

#include <cerrno>
#include <cstdint>
#include <type_traits>
#include <poll.h>
#include <pthread.h>
#include <unistd.h>

namespace SignalBackend {

using namespace Posix;

namespace {

Result fromErrno(int e)
{
    switch (e) {
    case ESRCH: return {Error::NoSuchProcess, e};
    case EPERM: return {Error::PermissionDenied, e};
    case EINVAL: return {Error::UnknownSignal, e};
    case EAGAIN: return {Error::OutOfResources, e};   // sigqueue: receiver's queue is full
    case EMFILE:
    case ENFILE: return {Error::OutOfResources, e};
    case ENOSYS: return {Error::Unsupported, e};
    default: return {Error::SystemError, e};
    }
}

// Process groups and "every process" (pid 0, negative, -1) are never reached by a
// typo: these functions address exactly one process.
Result checkTarget(long long pid, int native)
{
    if (pid <= 0 || pid > 0x7fffffffLL)
        return {Error::InvalidArgument, 0};
    if (!isValidNumber(native))
        return {Error::UnknownSignal, 0};
    return {};
}

} // namespace

Result send(long long pid, int native)
{
    if (const Result r = checkTarget(pid, native); !r)
        return r;
    if (::kill(static_cast<pid_t>(pid), native) != 0)
        return fromErrno(errno);
    return {};
}

Result sendValue(long long pid, int native, int value)
{
    if (const Result r = checkTarget(pid, native); !r)
        return r;
    union sigval v;
    v.sival_ptr = nullptr;   // the receiver may read the whole union
    v.sival_int = value;
    if (::sigqueue(static_cast<pid_t>(pid), native, v) != 0)
        return fromErrno(errno);
    return {};
}

// A child started by ProcessStopper::prepare() leads its own process group: the request
// reaches the whole group, as CTRL_BREAK does on Windows, so a shell script's own children
// are asked too. Any other child gets it alone.
Result requestChildStop(long long pid, int native)
{
    if (native == 0)
        native = SIGTERM;
    if (const Result r = checkTarget(pid, native); !r)
        return r;
    const pid_t target = ::getpgid(static_cast<pid_t>(pid)) == static_cast<pid_t>(pid)
        ? -static_cast<pid_t>(pid) : static_cast<pid_t>(pid);
    if (::kill(target, native) != 0)
        return fromErrno(errno);
    // A stopped process keeps the request pending until someone continues it: a child
    // stopped by `kill -STOP`, a debugger, Ctrl-Z or SIGTTIN would sit out the grace period
    // and be killed without saving. SIGCONT after the request, as systemd sends it after
    // SIGTERM: the request is pending first, so it is acted on as the process resumes. Not
    // after a request that is itself a stop, which SIGCONT would undo.
    const bool isStop = native == SIGSTOP || native == SIGTSTP || native == SIGTTIN || native == SIGTTOU;
    if (!isStop && native != SIGCONT && native != SIGKILL)
        ::kill(target, SIGCONT);
    return {};
}

void endProcessBy(Id, int native)
{
    if (native == 0)
        native = SIGTERM;
    // SIGKILL's one action is its default, and it ends the process: raised as it is, so
    // that a parent's waitpid() sees "killed by SIGKILL", not an exit status of 137.
    if (native == SIGKILL)
        ::raise(SIGKILL);
    const bool ends = isValidNumber(native) && native != SIGKILL && native != SIGSTOP
        && native != SIGTSTP && native != SIGTTIN && native != SIGTTOU && native != SIGCHLD
        && native != SIGCONT && native != SIGURG && native != SIGWINCH;
    if (ends) {
        // Whatever is installed now (ours, or one from before us) would only record it
        // again: the default action it is. Other threads may still run handlers; raise()
        // is delivered to this thread before it returns and ends the process here.
        struct sigaction action = {};
        action.sa_handler = SIG_DFL;
        sigemptyset(&action.sa_mask);
        ::sigaction(native, &action, nullptr);
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, native);
        ::pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
        ::raise(native);
    }
    ::_exit(128 + (native > 0 && native < 128 ? native : SIGTERM));
}

Result raiseSignal(int native)
{
    if (!isValidNumber(native))
        return {Error::UnknownSignal, 0};
    if (::raise(native) != 0)
        return fromErrno(errno);
    return {};
}

// pthread_t is an integer on Linux and a pointer on the BSDs and macOS; Qt stores either
// in its Qt::HANDLE (void *) the same way (qthread_unix.cpp's to_HANDLE()).
template <typename T>
T threadFromHandle(const void *handle)
{
    if constexpr (std::is_pointer_v<T>)
        return static_cast<T>(const_cast<void *>(handle));
    else
        return static_cast<T>(reinterpret_cast<std::uintptr_t>(handle));
}

Result sendToThread(const void *thread, int native)
{
    if (!thread)
        return {Error::InvalidArgument, 0};
    if (!isValidNumber(native))
        return {Error::UnknownSignal, 0};
    // SIGKILL and SIGSTOP act on the whole process whichever thread they are sent to
    // (signal(7)): "to one thread" would be a lie that ends or stops every thread.
    if (native == SIGKILL || native == SIGSTOP)
        return {Error::ForbiddenSignal, 0};
    // pthread_kill() returns the error, it does not set errno.
    if (const int e = ::pthread_kill(threadFromHandle<pthread_t>(thread), native); e != 0)
        return fromErrno(e);
    return {};
}

Result openProcessHandle(long long pid, int *handle)
{
    if (pid <= 0 || pid > 0x7fffffffLL)
        return {Error::InvalidArgument, 0};
    return openPidfd(pid, handle);
}

Result sendToHandle(int handle, int native)
{
    if (handle < 0)
        return {Error::InvalidArgument, 0};
    if (!isValidNumber(native))
        return {Error::UnknownSignal, 0};
    return pidfdSend(handle, native);
}

Result waitReadable(const Channel &channel, int timeoutMs)
{
    // A record may be in the ring without a wake-up (posix_p.h): look first.
    if (!channelEmpty(channel))
        return {};
    pollfd pfd{channel.readFd, POLLIN, 0};
    const int n = ::poll(&pfd, 1, timeoutMs);
    if (n < 0 && errno != EINTR)
        return fromErrno(errno);
    if (n > 0)
        channelWoken(channel);
    return {};   // readable, timed out or interrupted: the caller looks again
}

Result setBlockedInThisThread(const std::vector<int> &natives, bool blocked)
{
    sigset_t set;
    sigemptyset(&set);
    for (int n : natives) {
        if (!isValidNumber(n))
            return {Error::UnknownSignal, 0};
        sigaddset(&set, n);
    }
    if (const int e = pthread_sigmask(blocked ? SIG_BLOCK : SIG_UNBLOCK, &set, nullptr); e != 0)
        return fromErrno(e);
    return {};
}

bool isBlockedInThisThread(int native)
{
    sigset_t set;
    return isValidNumber(native) && pthread_sigmask(SIG_BLOCK, nullptr, &set) == 0
        && sigismember(&set, native) == 1;
}

Result processState(long long pid, std::vector<ProcessSignalState> *out)
{
    out->clear();
    if (pid != 0 && pid != ::getpid())
        return readProcStatus(pid, out);
    sigset_t blocked;
    sigset_t pending;
    pthread_sigmask(SIG_BLOCK, nullptr, &blocked);
    sigpending(&pending);
    for (int n : validNumbers()) {
        ProcessSignalState s;
        s.native = n;
        s.disposition = disposition(n, nullptr);
        s.blocked = sigismember(&blocked, n) == 1;
        s.pending = sigismember(&pending, n) == 1;
        out->push_back(s);
    }
    return {};
}

// kill() reaches any pid and any group: there is nothing to remember.
void noteGroupLeader(long long, bool) {}
void forgetGroupLeader(long long) {}

} // namespace SignalBackend
