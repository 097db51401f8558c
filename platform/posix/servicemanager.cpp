// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// systemd's notification protocol (sd_notify(3), systemd.service(5)): one datagram per
// message, "KEY=value" lines, to the socket named by $NOTIFY_SOCKET, which is
//   /path              an AF_UNIX datagram socket
//   @name              the same in Linux's abstract namespace
//   vsock:CID:PORT     AF_VSOCK (a VM telling its host); vsock-dgram:, vsock-seqpacket:,
//                      vsock-stream: choose the socket type (Linux only, linux.cpp)
// See servicemanager_p.h for what each function says.
//
// Written here rather than calling libsystemd's sd_notify(): the protocol is one datagram;
// the same file serves the BSDs and macOS, which have no libsystemd; a Qt Core library
// should not pull libsystemd0 into every program that links it; and sd_notify() may block
// (for a vsock address it connects and then waits for the manager to close the
// connection), which a shutdown must never do. A manager that does not read loses a
// message; a process that waits for its manager may be killed by it.

#include "../common/text_p.h"
#include "../servicemanager_p.h"
#include "posix_p.h"

#include <cerrno>
#include <cinttypes>
#include <climits>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace SignalBackend {
namespace {

// A whole decimal number that fits 64 bits (Text::parseDecimal()); false for anything else.
bool parseDecimal(const char *text, std::size_t length, uint64_t *out)
{
    return Text::parseDecimal(std::string_view(text, length), out) == Text::Decimal::Fits;
}

Result errorOf(int error)
{
    if (error == EACCES || error == EPERM)
        return {Error::PermissionDenied, error};
    // A full queue (EAGAIN: the manager's socket holds net.unix.max_dgram_qlen datagrams
    // it has not read yet; ENOBUFS) or no descriptor or memory left: transient, the manager
    // is there (servicemanager_p.h).
    if (error == EAGAIN || error == EWOULDBLOCK || error == EMFILE || error == ENFILE || error == ENOBUFS
        || error == ENOMEM)
        return {Error::OutOfResources, error};
    return {Error::SystemError, error};
}

// "vsock:CID:PORT" and its typed variants. Returns false when `name` is not a vsock
// address at all; true with *valid false when it is one, but malformed.
bool parseVsock(const char *name, Posix::VsockAddress *address, bool *valid)
{
    struct Prefix {
        const char *text;
        Posix::VsockAddress::Type type;
    };
    static const Prefix prefixes[] = {
        {"vsock:", Posix::VsockAddress::Any},
        {"vsock-dgram:", Posix::VsockAddress::Datagram},
        {"vsock-seqpacket:", Posix::VsockAddress::SeqPacket},
        {"vsock-stream:", Posix::VsockAddress::Stream},
    };
    const char *rest = nullptr;
    for (const Prefix &p : prefixes) {
        const std::size_t n = std::strlen(p.text);
        if (std::strncmp(name, p.text, n) == 0) {
            rest = name + n;
            address->type = p.type;
            break;
        }
    }
    if (!rest)
        return false;
    *valid = false;
    const char *colon = std::strchr(rest, ':');
    if (!colon)
        return true;
    uint64_t cid = 0;
    uint64_t port = 0;
    if (!parseDecimal(rest, std::size_t(colon - rest), &cid)
        || !parseDecimal(colon + 1, std::strlen(colon + 1), &port))
        return true;
    // The CID is mandatory and cannot be VMADDR_CID_ANY (sd_notify(3)); both are 32 bits.
    if (cid >= UINT32_MAX || port > UINT32_MAX)
        return true;
    address->cid = uint32_t(cid);
    address->port = uint32_t(port);
    *valid = true;
    return true;
}

// One message to the manager named by $NOTIFY_SOCKET.
Result notify(const std::string &message)
{
    // getenv, not a copy taken at startup: the manager may be a test that sets it, and
    // a program that must not pass it on unsets it (as sd_notify's unset_environment).
    const char *name = std::getenv("NOTIFY_SOCKET");
    if (!name || !*name)
        return {Error::Unsupported, 0};

    Posix::VsockAddress vsock;
    bool valid = false;
    if (parseVsock(name, &vsock, &valid))
        return valid ? Posix::sendVsock(vsock, message) : Result{Error::InvalidArgument, 0};

    const std::size_t length = std::strlen(name);
    sockaddr_un address = {};
    address.sun_family = AF_UNIX;
    // A path must leave room for its terminating zero; an abstract name is counted by
    // the address length alone.
    if (length >= sizeof(address.sun_path) || (name[0] != '/' && name[0] != '@'))
        return {Error::InvalidArgument, 0};
    std::memcpy(address.sun_path, name, length);
    if (name[0] == '@')
        address.sun_path[0] = '\0';   // Linux abstract namespace
    const auto addressLength = socklen_t(offsetof(sockaddr_un, sun_path) + length
                                         + (name[0] == '@' ? 0 : 1));

    // One socket per message: a service sends a handful (and a watchdog ping every few
    // seconds), and a socket kept open would be one more descriptor to carry across
    // fork(). CLOEXEC at birth, like every other.
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return errorOf(errno);
    Result result;
    ssize_t sent;
    do {
        // MSG_NOSIGNAL: a manager that went away must not SIGPIPE the process it manages.
        // MSG_DONTWAIT: a manager that does not read must not stall the service; a lost
        // notification costs less than a stuck stop.
        sent = ::sendto(fd, message.data(), message.size(), MSG_NOSIGNAL | MSG_DONTWAIT,
                        reinterpret_cast<const sockaddr *>(&address), addressLength);
    } while (sent < 0 && errno == EINTR);
    if (sent < 0)
        result = errorOf(errno);
    ::close(fd);
    return result;
}

} // namespace

bool serviceManaged()
{
    const char *name = std::getenv("NOTIFY_SOCKET");
    return name && *name;
}

std::string serviceManagerAddress()
{
    const char *name = std::getenv("NOTIFY_SOCKET");
    return name ? std::string(name) : std::string();
}

Result notifyServiceState(ServiceState state)
{
    switch (state) {
    case ServiceState::Ready:
        return notify("READY=1");
    case ServiceState::Stopping:
        return notify("STOPPING=1");
    case ServiceState::Reloading: {
        // Type=notify-reload: systemd sends the reload signal, then waits for RELOADING=1
        // stamped with CLOCK_MONOTONIC at or after the moment it sent it, then READY=1
        // (systemd.service(5)). The stamp is taken here, as the message is made.
        timespec now = {};
        ::clock_gettime(CLOCK_MONOTONIC, &now);
        const uint64_t usec = uint64_t(now.tv_sec) * 1000000u + uint64_t(now.tv_nsec) / 1000u;
        char text[64];
        std::snprintf(text, sizeof text, "RELOADING=1\nMONOTONIC_USEC=%" PRIu64, usec);
        return notify(text);
    }
    }
    return {Error::InvalidArgument, 0};
}

Result notifyServiceStatus(const std::string &textUtf8)
{
    // A second line would be a second assignment; systemd drops a whole message that holds
    // a NUL ("Received notify message with embedded NUL bytes. Ignoring.") or is longer than
    // ServiceMessageMaxBytes: none of them is sent.
    const std::string message = "STATUS=" + textUtf8;
    if (textUtf8.find_first_of(std::string("\n\0", 2)) != std::string::npos || message.size() > ServiceMessageMaxBytes)
        return {Error::InvalidArgument, 0};
    return notify(message);
}

Result extendServiceTimeout(uint64_t usec)
{
    return notify("EXTEND_TIMEOUT_USEC=" + std::to_string(usec));
}

uint64_t serviceWatchdogUsec()
{
    // sd_watchdog_enabled(3): WATCHDOG_USEC is for this process only when WATCHDOG_PID is
    // absent or names it (a child inherits both and must not ping for its parent).
    const char *usecText = std::getenv("WATCHDOG_USEC");
    uint64_t usec = 0;
    if (!usecText || !parseDecimal(usecText, std::strlen(usecText), &usec)
        || usec == 0 || usec == UINT64_MAX)
        return 0;
    if (const char *pidText = std::getenv("WATCHDOG_PID")) {
        uint64_t pid = 0;
        if (!parseDecimal(pidText, std::strlen(pidText), &pid) || pid != uint64_t(::getpid()))
            return 0;
    }
    return usec;
}

Result pingServiceWatchdog()
{
    return notify("WATCHDOG=1");
}

// systemd learns how the service ended from the process's exit status.
void notifyServiceStopped(int)
{
}

// Windows services exist only on Windows.
Result runAsWindowsService(const std::string &, ServiceLog, std::string *whyUtf8)
{
    if (whyUtf8)
        *whyUtf8 = "Windows services exist only on Windows";
    return {Error::Unsupported, 0};
}

} // namespace SignalBackend
