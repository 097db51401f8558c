// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The service manager's end of systemd's notification protocol, for tests: a real
// AF_UNIX datagram socket bound at a path or an abstract name (@...), from which every
// datagram a process sends to NOTIFY_SOCKET is read, in the order they were sent.

#pragma once

#include <QtCore/qbytearraylist.h>
#include <QtCore/qdeadlinetimer.h>
#include <QtCore/qfile.h>
#include <QtCore/qstring.h>

#include <cstddef>
#include <cstring>
#include <functional>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

class NotifySocket
{
public:
    explicit NotifySocket(const QString &name)
    {
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un address = {};
        address.sun_family = AF_UNIX;
        const QByteArray bytes = QFile::encodeName(name);
        if (m_fd < 0 || std::size_t(bytes.size()) >= sizeof(address.sun_path))
            return;
        std::memcpy(address.sun_path, bytes.constData(), std::size_t(bytes.size()));
        const bool abstract = bytes.startsWith('@');
        if (abstract)
            address.sun_path[0] = '\0';
        const auto length = socklen_t(offsetof(sockaddr_un, sun_path) + std::size_t(bytes.size()) + (abstract ? 0 : 1));
        m_bound = ::bind(m_fd, reinterpret_cast<const sockaddr *>(&address), length) == 0;
    }
    ~NotifySocket()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    NotifySocket(const NotifySocket &) = delete;
    NotifySocket &operator=(const NotifySocket &) = delete;

    bool isBound() const { return m_bound; }

    // Every datagram received so far, oldest first (read ones stay in the list).
    const QByteArrayList &messages()
    {
        readPending(0);
        return m_messages;
    }

    // Waits until a datagram at index `from` or later satisfies `match` (30 s at most: a
    // hang guard, not a speed limit). Returns its index, or -1.
    qsizetype waitFor(const std::function<bool(const QByteArray &)> &match, qsizetype from = 0)
    {
        const QDeadlineTimer deadline(30000);
        for (;;) {
            for (qsizetype i = from; i < m_messages.size(); ++i) {
                if (match(m_messages.at(i)))
                    return i;
            }
            from = std::max(from, m_messages.size());
            if (deadline.hasExpired())
                return -1;
            readPending(int(std::max<qint64>(1, deadline.remainingTime())));
        }
    }
    qsizetype waitFor(const QByteArray &exact, qsizetype from = 0)
    {
        return waitFor([&exact](const QByteArray &m) { return m == exact; }, from);
    }

private:
    // Reads what is queued, waiting up to `timeoutMs` for the first datagram.
    void readPending(int timeoutMs)
    {
        pollfd readable = {m_fd, POLLIN, 0};
        if (::poll(&readable, 1, timeoutMs) <= 0)
            return;
        // Larger than any manager reads (systemd: 4096), so that what was sent is what is seen.
        QByteArray buffer(65536, Qt::Uninitialized);
        for (;;) {
            const ssize_t n = ::recv(m_fd, buffer.data(), std::size_t(buffer.size()), MSG_DONTWAIT);
            if (n < 0)
                return;
            m_messages.append(buffer.left(qsizetype(n)));
        }
    }

    int m_fd = -1;
    bool m_bound = false;
    QByteArrayList m_messages;
};
