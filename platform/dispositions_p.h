// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API: one part of the private contract (rules in signalbackend_p.h).
//
// What a signal does in this process (its disposition), which signals the calling thread
// blocks, and the same facts about another process.
//   Called by  src/signal.cpp (Signal::disposition, setDisposition, setBlocked, the
//              process state), src/signalmask_p.h (AllSignalsBlocked),
//              platform/common/wait.cpp (a blocked signal is taken anyway).
//   Defined in platform/posix/registry.cpp, send.cpp; platform/windows/registry.cpp,
//              send.cpp.

#pragma once

#include "signalbackend_p.h"

#include <vector>

namespace SignalBackend {

enum class Disposition { Default, Ignored, Watched, Handled, Unavailable };

// What the signal does in this process now. While watched, `underlying` (if not null)
// tells what it would do without us.
Disposition disposition(int native, Disposition *underlying);
// Sets what the signal does when nobody watches it (Default or Ignored). While
// watched, the watchers keep receiving and this becomes what comes back afterwards.
Result setDisposition(int native, Disposition what);

// Blocks or unblocks `natives` in the calling thread only (pthread_sigmask). Threads
// started afterwards from this thread inherit the mask.
Result setBlockedInThisThread(const std::vector<int> &natives, bool blocked);
bool isBlockedInThisThread(int native);

struct ProcessSignalState {
    int native = 0;
    Disposition disposition = Disposition::Unavailable;
    bool blocked = false;
    bool pending = false;
};
// The state of every valid signal in process `pid` (0: this process, as seen from the
// calling thread for blocked/pending).
Result processState(long long pid, std::vector<ProcessSignalState> *out);

} // namespace SignalBackend
