// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  -------------
// This file is not part of the SignalNotifier API. It may change from one version to
// the next without notice.
//
// GracefulShutdown by thread. Each thread's work is a class of its own, in a file of its
// own; a class's functions all run on the thread its name says:
//
//   ShutdownSequence   shutdownsequence.cpp   the GracefulShutdown's own thread (normally
//                                             main): shutdownRequested, inhibitors, hooks,
//                                             finished, the end of exec(), the service
//                                             manager's STOPPING / EXTEND_TIMEOUT
//   ShutdownWatchdog   shutdownwatchdog.cpp   a small thread of its own with its own event
//                                             loop: watches the termination requests and
//                                             keeps the deadlines, so that a second request
//                                             or the overall deadline end the process even
//                                             while the sequence's thread is stuck in a hook
//   ShutdownShared     shutdownshared.cpp     any thread: what the two above and the
//                                             Completion and Inhibitor handles (which the
//                                             application uses from any thread) share, and
//                                             the one way to end the process
//
// The two threads never call into each other's class. The sequence posts to the watchdog
// (ShutdownWatchdogThread::armDeadline(), armHookTimer()); the watchdog and the handles
// post to the sequence (ShutdownShared::postToSequence()). What they both read or write
// is ShutdownShared and nothing else; its lock is taken only inside shutdownshared.cpp.
//
// The signal handler never runs any of this: the watchdog's SignalNotifier hands it the
// requests through its own thread's event loop, like any notifier.

#pragma once

#include <QtCore/qloggingcategory.h>

#include <chrono>

namespace SN {

Q_DECLARE_LOGGING_CATEGORY(lcShutdown)

// How long a forced exit waits for the sequence's thread to emit forcingExit() and end
// the process itself, when that thread is not known to be stuck in a hook. A responsive
// loop takes microseconds; this only bounds a thread busy outside the hooks.
constexpr std::chrono::milliseconds ShutdownForceGrace{500};

// The service manager is told the stop takes this much longer than our own deadline, so
// that our forced exit (with the right status, after at most ShutdownForceGrace) comes
// before its SIGKILL.
constexpr std::chrono::milliseconds ShutdownServiceManagerMargin{1000};
static_assert(ShutdownForceGrace < ShutdownServiceManagerMargin,
              "the forced exit must beat the service manager's SIGKILL");

} // namespace SN
