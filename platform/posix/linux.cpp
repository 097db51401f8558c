// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// What the POSIX backend does only on Linux: bigger pipes, pidfd, /proc, Linux si_codes.
// CMake compiles this file on Linux and generic.cpp elsewhere.

#include "../channelio_p.h"
#include "../dispositions_p.h"
#include "../names_p.h"
#include "posix_p.h"

#include <cerrno>
#include <fcntl.h>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sys/syscall.h>
#include <unistd.h>

namespace SignalBackend::Posix {

const int PipeGetSizeCommand = F_GETPIPE_SZ;
const int PipeSetSizeCommand = F_SETPIPE_SZ;

std::size_t setPipeCapacity(int writeFd, std::size_t bytes)
{
    // F_SETPIPE_SZ rounds up to a power-of-two number of pages, and may refuse to grow a
    // pipe above /proc/sys/fs/pipe-max-size or past the user's budget (pipe(7): EPERM); the
    // pipe then keeps its size. Shrinking is refused (EBUSY) only while more is in it.
    if (bytes > 0 && bytes <= static_cast<std::size_t>(std::numeric_limits<int>::max()))
        ::fcntl(writeFd, F_SETPIPE_SZ, static_cast<int>(bytes));
    return pipeCapacity(writeFd);
}

std::size_t pipeCapacity(int fd)
{
    const int now = ::fcntl(fd, F_GETPIPE_SZ);
    return now > 0 ? static_cast<std::size_t>(now) : 4096;
}

std::size_t maxPipeCapacity()
{
    // pipe(7): the most an unprivileged process may set with F_SETPIPE_SZ. Read with
    // open/read, which need no more than one descriptor and fail cleanly without one
    // (then the kernel's default is assumed).
    char text[32] = {};
    const int fd = ::open("/proc/sys/fs/pipe-max-size", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        const ssize_t n = ::read(fd, text, sizeof text - 1);
        ::close(fd);
        char *end = nullptr;
        const unsigned long long bytes = n > 0 ? std::strtoull(text, &end, 10) : 0;
        if (bytes >= 4096 && bytes <= static_cast<unsigned long long>(std::numeric_limits<int>::max()))
            return static_cast<std::size_t>(bytes);
    }
    return 1024 * 1024;   // the kernel's default
}

long currentThreadId()
{
    return static_cast<long>(::syscall(SYS_gettid));   // async-signal-safe: a raw syscall
}

bool isMainThreadNow()
{
    return ::syscall(SYS_gettid) == ::getpid();
}

Result openPidfd(long long pid, int *handle)
{
    // pidfd_open(2), Linux 5.3. Its descriptor is always close-on-exec.
    const long fd = ::syscall(SYS_pidfd_open, static_cast<pid_t>(pid), 0);
    if (fd < 0) {
        const int e = errno;
        if (e == ESRCH)
            return {Error::NoSuchProcess, e};
        if (e == ENOSYS)
            return {Error::Unsupported, e};
        if (e == EMFILE || e == ENFILE)
            return {Error::OutOfResources, e};
        return {Error::SystemError, e};
    }
    *handle = static_cast<int>(fd);
    return {};
}

Result pidfdSend(int handle, int native)
{
    // pidfd_send_signal(2), Linux 5.1: reaches the process the descriptor was opened
    // for, never one that reused its pid.
    if (::syscall(SYS_pidfd_send_signal, handle, native, nullptr, 0) != 0) {
        const int e = errno;
        if (e == ESRCH)
            return {Error::NoSuchProcess, e};
        if (e == EPERM)
            return {Error::PermissionDenied, e};
        if (e == ENOSYS)
            return {Error::Unsupported, e};
        if (e == EBADF)
            return {Error::InvalidArgument, e};
        return {Error::SystemError, e};
    }
    return {};
}

Result readProcStatus(long long pid, std::vector<ProcessSignalState> *out)
{
    if (pid <= 0)
        return {Error::InvalidArgument, 0};
    const std::string path = "/proc/" + std::to_string(pid) + "/status";
    std::ifstream in(path);
    if (!in) {
        const bool exists = ::access(path.c_str(), F_OK) == 0;
        return {exists ? Error::PermissionDenied : Error::NoSuchProcess, 0};
    }
    // Masks are hex, bit (n - 1) for signal n. ShdPnd is process-wide pending, SigPnd
    // the main thread's own; SigBlk is the main thread's mask.
    uint64_t pending = 0, shared = 0, blocked = 0, ignored = 0, caught = 0;
    bool sawCaught = false;
    std::string line;
    while (std::getline(in, line)) {
        auto field = [&](const char *key, uint64_t *value) {
            const std::string k = key;
            if (line.compare(0, k.size(), k) != 0)
                return false;
            char *end = nullptr;
            const char *text = line.c_str() + k.size();
            *value = std::strtoull(text, &end, 16);
            return end != text;
        };
        field("SigPnd:", &pending);
        field("ShdPnd:", &shared);
        field("SigBlk:", &blocked);
        field("SigIgn:", &ignored);
        if (field("SigCgt:", &caught))
            sawCaught = true;
    }
    if (!sawCaught)
        return {Error::NoSuchProcess, 0};
    for (int n : validNumbers()) {
        const uint64_t bit = uint64_t(1) << (n - 1);
        ProcessSignalState s;
        s.native = n;
        s.disposition = (caught & bit) ? Disposition::Handled
                      : (ignored & bit) ? Disposition::Ignored : Disposition::Default;
        s.blocked = (blocked & bit) != 0;
        s.pending = ((pending | shared) & bit) != 0;
        out->push_back(s);
    }
    return {};
}

const char *systemCodeName(int code)
{
    switch (code) {
    case SI_KERNEL: return "SI_KERNEL";
    case SI_TKILL: return "SI_TKILL";
    case SI_SIGIO: return "SI_SIGIO";
    default: return nullptr;
    }
}

} // namespace SignalBackend::Posix

namespace SignalBackend {

bool takePending(const std::vector<int> &natives, Record *got)
{
    sigset_t set;
    sigemptyset(&set);
    for (int n : natives)
        sigaddset(&set, n);
    siginfo_t info;
    const struct timespec now = {0, 0};
    int sig;
    do {
        sig = ::sigtimedwait(&set, &info, &now);   // sigtimedwait(2): takes one, no wait
    } while (sig < 0 && errno == EINTR);
    if (sig <= 0)
        return false;
    *got = Posix::recordOf(sig, &info);
    return true;
}

} // namespace SignalBackend
