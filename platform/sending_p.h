// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API: one part of the private contract (rules in signalbackend_p.h).
//
// Sending a signal to a process, this one included, by pid or through a handle that names
// one process for its whole life.
//   Called by  src/signal.cpp (Signal::send, sendValue, raise, sendToThread, the process
//              handles).
//   Defined in platform/posix/send.cpp, platform/windows/send.cpp.

#pragma once

#include "signalbackend_p.h"

namespace SignalBackend {

Result send(long long pid, int native);
Result sendValue(long long pid, int native, int value);
Result raiseSignal(int native);
// To one thread of this process (POSIX pthread_kill(3)); `thread` is its pthread_t as
// QThread::currentThreadId() gives it in that thread. The caller vouches that the thread
// has not ended (pthread_kill on an ended thread is undefined). Windows: Unsupported.
Result sendToThread(const void *thread, int native);
// A descriptor that names one process for its whole life (pidfd), CLOEXEC.
Result openProcessHandle(long long pid, int *handle);
Result sendToHandle(int handle, int native);

} // namespace SignalBackend
