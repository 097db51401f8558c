// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// What tst_pipebudget and its helper snpipes share: the pipes and eventfds among this
// process's descriptors, pipe sizes (F_GETPIPE_SZ, pipe(7)), realtime values queued to
// the calling thread (threadqueue.h), and a tally of what a notifier received.

#pragma once

#include <SignalNotifier/SignalInfo>

#include "descriptors.h"
#include "threadqueue.h"
#include <QtCore/qmutex.h>
#include <QtCore/qset.h>

#include <csignal>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

// The pipe's size in bytes (F_GETPIPE_SZ on either end), -1 on error.
inline int pipeSize(int fd)
{
    return ::fcntl(fd, F_GETPIPE_SZ);
}

// What a new pipe of this user gets now: the system's default (16 pages), or 2 pages once
// the user's budget (/proc/sys/fs/pipe-user-pages-soft) is used up.
inline int freshPipeSize()
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return -1;
    const int size = pipeSize(fds[0]);
    ::close(fds[0]);
    ::close(fds[1]);
    return size;
}

// What one notifier received of the values 0..N-1: delivered ones in order, or counted.
struct OrderTally
{
    QMutex mutex;
    quint64 delivered = 0;
    quint64 counted = 0;
    int next = 0;
    bool inOrder = true;

    // Returns delivered + counted so far, this one included.
    quint64 take(const SN::SignalInfo &info)
    {
        QMutexLocker lock(&mutex);
        if (info.isOverflow()) {
            counted += info.count();
        } else {
            ++delivered;
            inOrder = inOrder && info.value() == next;
            next = info.value() + 1;
        }
        return delivered + counted;
    }
    quint64 total()
    {
        QMutexLocker lock(&mutex);
        return delivered + counted;
    }
};
