// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The POSIX backend's system-specific pieces for systems other than Linux (the BSDs,
// macOS): what they do not have is reported as Unsupported, never faked.

#include "posix_p.h"

#include <cerrno>
#include <fcntl.h>

namespace SignalBackend::Posix {

std::size_t setPipeCapacity(int, std::size_t)
{
    return 16384;   // pipes cannot be resized here; the smallest common default
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

} // namespace SignalBackend::Posix
