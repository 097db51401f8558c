// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API: one part of the private contract (rules in signalbackend_p.h).
//
// This process as a whole: which thread is its main one, what must happen around fork(),
// whether it can still open descriptors, and how it ends the way an event's default
// action would.
//   Called by  src/signaldispatcher.cpp, src/signalnotifier.cpp (isMainThread),
//              src/loopmonitor.cpp (atFork), src/shutdownwatchdog.cpp (probeDescriptors),
//              src/signal.cpp (endProcessBy, for Signal::endProcess).
//   Defined in platform/posix/registry.cpp, jobcontrol.cpp (probeDescriptors), send.cpp
//              (endProcessBy); platform/windows/registry.cpp, send.cpp.

#pragma once

#include "signalbackend_p.h"

namespace SignalBackend {

// Whether the calling thread is the one main() runs on (known before QCoreApplication).
bool isMainThread();

// Registers what the Qt layer must do around fork() (pthread_atfork: prepare in the
// parent before, parent and child after). Windows has no fork(): nothing is ever called.
void atFork(void (*prepare)(), void (*parent)(), void (*child)());

// Whether `count` more descriptors can be opened now: opens them (CLOEXEC) and closes them
// again. Qt aborts the process when a new thread's event loop cannot get its descriptors,
// so a caller about to start one asks first. OutOfResources (with errno) when they cannot.
// Windows: handles have no such small per-process limit; always None.
Result probeDescriptors(int count);

// Ends the process so that its parent sees what the event's default action reports: POSIX
// restores SIG_DFL for `native` (SIGTERM when 0), unblocks it in this thread and raises it,
// so a shell sees 128+n and systemd "killed by SIGTERM"; a signal whose default action does
// not end the process gives _exit(128+n). Windows exits with STATUS_CONTROL_C_EXIT, as its
// own default console handler does. Runs no atexit handlers and no destructors.
[[noreturn]] void endProcessBy(Id id, int native);

} // namespace SignalBackend
