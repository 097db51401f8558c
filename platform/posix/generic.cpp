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
#if defined(__FreeBSD__) || defined(__OpenBSD__)
#include <pthread_np.h>
#endif

namespace SignalBackend::Posix {

const int PipeGetSizeCommand = -1;
const int PipeSetSizeCommand = -1;

std::size_t setPipeCapacity(int, std::size_t)
{
    return 16384;   // pipes cannot be resized here; the smallest common default
}

std::size_t pipeCapacity(int)
{
    return 16384;
}

std::size_t maxPipeCapacity()
{
    return 16384;
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

} // namespace SignalBackend::Posix

namespace SignalBackend {

bool takePending(const std::vector<int> &, Record *)
{
    return false;   // no sigtimedwait() everywhere: wait() unblocks to take it instead
}

} // namespace SignalBackend
