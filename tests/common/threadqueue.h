// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#pragma once

#include <csignal>
#include <sys/syscall.h>
#include <unistd.h>

// Queues realtime signal `sig` with `value` to the calling thread (rt_tgsigqueueinfo(2),
// as sigqueue(3) would to the process): in a process with several threads (QTest has a
// watchdog), only a thread-directed signal has a known taker, whose handler writes into
// every channel, so the values come in the order they were queued.
inline bool queueToThisThread(int sig, int value)
{
    siginfo_t info = {};
    info.si_signo = sig;
    info.si_code = SI_QUEUE;
    info.si_pid = ::getpid();
    info.si_uid = ::getuid();
    info.si_value.sival_int = value;
    return ::syscall(SYS_rt_tgsigqueueinfo, ::getpid(), ::gettid(), sig, &info) == 0;
}
