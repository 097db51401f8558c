// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Linux: the kernel publishes the masks in /proc/PID/status, as hex with bit (n - 1)
// for signal n: SigBlk (blocked by the main thread), SigIgn (ignored), SigCgt (caught),
// SigPnd (pending for the main thread) and ShdPnd (pending for the process).

#include "processsignals.h"

#include <QtCore/qbytearray.h>
#include <QtCore/qbytearraylist.h>

#include <cerrno>
#include <iterator>
#include <fcntl.h>
#include <unistd.h>

namespace {

// /proc files report size 0: read until end of file, not by size.
Signal::Error readStatus(qint64 pid, QByteArray *text)
{
    const QByteArray path = "/proc/" + QByteArray::number(pid) + "/status";
    int fd;
    do {
        fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        switch (errno) {
        case ENOENT:
        case ESRCH: return Signal::NoSuchProcess;
        case EACCES:
        case EPERM: return Signal::PermissionDenied;
        case EMFILE:
        case ENFILE: return Signal::OutOfResources;
        default: return Signal::SystemError;
        }
    }
    Signal::Error result = Signal::NoError;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            text->append(buffer, n);
        } else if (n == 0) {
            break;
        } else if (errno != EINTR) {
            // The process went away between open() and read().
            result = errno == ESRCH ? Signal::NoSuchProcess : Signal::SystemError;
            break;
        }
    }
    ::close(fd);
    return result;
}

} // namespace

Signal::Error readProcessSignalState(qint64 pid, QList<ProcessSignalState> *out)
{
    out->clear();
    if (pid <= 0)
        return Signal::InvalidArgument;
    QByteArray text;
    if (const Signal::Error e = readStatus(pid, &text); e != Signal::NoError)
        return e;

    quint64 blocked = 0, ignored = 0, caught = 0, pending = 0, shared = 0;
    int found = 0;
    const struct { const char *key; quint64 *mask; } fields[] = {
        {"SigBlk:", &blocked}, {"SigIgn:", &ignored}, {"SigCgt:", &caught},
        {"SigPnd:", &pending}, {"ShdPnd:", &shared},
    };
    const QByteArrayList lines = text.split('\n');
    for (const QByteArray &line : lines) {
        for (const auto &field : fields) {
            if (!line.startsWith(field.key))
                continue;
            bool ok = false;
            *field.mask = line.mid(qsizetype(qstrlen(field.key))).trimmed().toULongLong(&ok, 16);
            if (ok)
                ++found;
        }
    }
    // A status file without its masks: a process that is being reaped right now.
    if (found != int(std::size(fields)))
        return Signal::NoSuchProcess;

    for (Signal s : Signal::validSignals()) {
        const int n = s.number();
        if (n <= 0 || n > 64)
            continue;
        const quint64 bit = quint64(1) << (n - 1);
        ProcessSignalState state;
        state.signal = s;
        state.disposition = (caught & bit) ? Signal::Handled
                          : (ignored & bit) ? Signal::Ignored : Signal::Default;
        state.blocked = (blocked & bit) != 0;
        state.pending = ((pending | shared) & bit) != 0;
        out->append(state);
    }
    return Signal::NoError;
}
