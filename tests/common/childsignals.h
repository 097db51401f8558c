// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#pragma once

#include <csignal>

// A child-process modifier (QProcess::setChildProcessModifier) for tests that start a
// program and signal it. Runs in the child between fork() and exec(): async-signal-safe
// calls only. Ignored signals and the mask survive exec(); whoever started this test (a
// script running it in the background ignores INT) must not decide what the child sees.
inline void resetSignals()
{
    struct sigaction action = {};
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    for (int n = 1; n < NSIG; ++n) {
        if (n != SIGKILL && n != SIGSTOP)
            ::sigaction(n, &action, nullptr);
    }
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
}
