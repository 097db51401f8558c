// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The POSIX backend's system-specific pieces for systems other than Linux (the BSDs,
// macOS): what they do not have is reported as Unsupported, never faked.

#include "../channelio_p.h"
#include "posix_p.h"

#include <cerrno>
#include <fcntl.h>
#include <cstdint>
#include <pthread.h>
#include <unistd.h>
#if defined(__FreeBSD__) || defined(__OpenBSD__)
#include <pthread_np.h>
#endif

namespace SignalBackend::Posix {

Result openWake(int *readFd, int *writeFd)
{
    // No eventfd here: a pipe, of which only readability matters.
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0)
        return {errno == EMFILE || errno == ENFILE ? Error::OutOfResources : Error::SystemError, errno};
    *readFd = fds[0];
    *writeFd = fds[1];
    return {};
}

// Runs in signal-handler context: write(2) only.
void raiseWake(int writeFd)
{
    const char one = 1;
    const ssize_t n = ::write(writeFd, &one, 1);
    (void)n;   // EAGAIN: full of bytes, so readable anyway
}

void clearWake(int readFd)
{
    char bytes[64];
    while (::read(readFd, bytes, sizeof bytes) > 0) {
    }
}

long currentThreadId()
{
    // Not on POSIX's async-signal-safe list, but a plain read of the thread pointer on
    // every system this file serves.
    return static_cast<long>(reinterpret_cast<intptr_t>(pthread_self()));
}

bool isMainThreadNow()
{
#if defined(__APPLE__) || defined(__FreeBSD__) || defined(__OpenBSD__)
    return pthread_main_np() == 1;
#else
    return true;    // unknown here: no thread is refused as "not main"
#endif
}

Result openPidfd(long long, int *)
{
    return {Error::Unsupported, ENOSYS};
}

Result pidfdSend(int, int)
{
    return {Error::Unsupported, ENOSYS};
}

Result readProcStatus(long long, std::vector<ProcessSignalState> *)
{
    return {Error::Unsupported, ENOSYS};
}

const char *systemCodeName(int)
{
    return nullptr;
}

// AF_VSOCK is Linux's (the BSDs have other hypervisor sockets, which sd_notify does not use).
Result sendVsock(const VsockAddress &, const std::string &)
{
    return {Error::Unsupported, EAFNOSUPPORT};
}

bool interruptedInLoopPoll(const void *)
{
    return false;   // no loopPoll() of ours here: every record wakes the loop
}

} // namespace SignalBackend::Posix

namespace SignalBackend {

LoopPoll loopPoll()
{
    return nullptr;
}

bool takePending(const std::vector<int> &, Record *)
{
    return false;   // no sigtimedwait() everywhere: wait() unblocks to take it instead
}

} // namespace SignalBackend
