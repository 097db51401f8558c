// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The service manager's notification protocol (systemd's sd_notify), without libsystemd:
// one datagram on the AF_UNIX socket named by $NOTIFY_SOCKET. See sessionend_p.h.

#include "../sessionend_p.h"
#include "../servicemanager_p.h"
#include "posix_p.h"

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace SignalBackend {

Result notifyServiceManager(const std::string &message)
{
    // getenv, not a copy taken at startup: the manager may be a test that sets it, and
    // a program that must not pass it on unsets it (as sd_notify's unset_environment).
    const char *name = std::getenv("NOTIFY_SOCKET");
    if (!name || !*name)
        return {Error::Unsupported, 0};
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

    // One socket per message: a shutdown sends a handful, and a socket kept open would be
    // one more descriptor to carry across fork(). CLOEXEC at birth, like every other.
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return {errno == EMFILE || errno == ENFILE ? Error::OutOfResources : Error::SystemError, errno};
    Result result;
    ssize_t sent;
    do {
        // MSG_NOSIGNAL: a manager that went away must not SIGPIPE the process it manages.
        // MSG_DONTWAIT: a manager that does not read must not stall the shutdown; a lost
        // notification costs less than a stuck stop.
        sent = ::sendto(fd, message.data(), message.size(), MSG_NOSIGNAL | MSG_DONTWAIT,
                        reinterpret_cast<const sockaddr *>(&address), addressLength);
    } while (sent < 0 && errno == EINTR);
    if (sent < 0)
        result = {errno == EACCES || errno == EPERM ? Error::PermissionDenied : Error::SystemError, errno};
    ::close(fd);
    return result;
}

// Until branch systemd brings the typed contract of servicemanager_p.h here in full: the
// state as the sd_notify line it stands for.
Result notifyServiceState(ServiceState state)
{
    switch (state) {
    case ServiceState::Ready: return notifyServiceManager("READY=1");
    case ServiceState::Reloading: return notifyServiceManager("RELOADING=1");
    case ServiceState::Stopping: return notifyServiceManager("STOPPING=1");
    }
    return {Error::InvalidArgument, 0};
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
