// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#include "output.h"

#include <cerrno>
#include <poll.h>
#include <unistd.h>

// write() until all of it is out. An inherited non-blocking stdout (EAGAIN) is waited
// for, not dropped: a slow reader must not lose lines.
bool writeAll(Stream stream, const QByteArray &bytes)
{
    const int fd = stream == StandardOutput ? STDOUT_FILENO : STDERR_FILENO;
    const char *data = bytes.constData();
    qsizetype left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, data, static_cast<size_t>(left));
        if (n > 0) {
            data += n;
            left -= n;
        } else if (n < 0 && errno == EAGAIN) {
            pollfd pfd{fd, POLLOUT, 0};
            ::poll(&pfd, 1, -1);
        } else if (n < 0 && errno != EINTR) {
            return false;
        }
    }
    return true;
}
