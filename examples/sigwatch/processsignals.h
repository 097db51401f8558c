// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// What each signal does in another process. The library has no public function for
// this yet; this is written so that it can move there as it is (one file per system,
// chosen by CMake, nothing system-specific in the declaration).

#pragma once

#include <SignalNotifier/Signal>

#include <QtCore/qlist.h>

struct ProcessSignalState
{
    Signal signal;
    // Default, Ignored or Handled ("caught": the process has a handler of its own).
    Signal::Disposition disposition = Signal::Unavailable;
    bool blocked = false;   // in the mask of the process's main thread
    bool pending = false;   // pending for the process or for its main thread
};

// Fills *out with every valid signal of this platform, in number order, as process
// `pid` has them now. On failure leaves *out empty and returns why: NoSuchProcess,
// PermissionDenied, Unsupported (no way to look on this system) or SystemError.
Signal::Error readProcessSignalState(qint64 pid, QList<ProcessSignalState> *out);
