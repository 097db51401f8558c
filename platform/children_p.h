// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API: one part of the private contract (rules in signalbackend_p.h).
//
// Child processes: asking one to stop gracefully, the process groups the children of
// ProcessStopper lead, and what an interactive shell does for such a child at a terminal
// (job control).
//   Called by  src/processstopper.cpp (requestChildStop), src/processstopper_posix.cpp
//              (job control), src/processstopper_windows.cpp (group leaders).
//   Defined in platform/posix/send.cpp, jobcontrol.cpp; platform/windows/send.cpp.

#pragma once

#include "signalbackend_p.h"

namespace SignalBackend {

// ---- Child processes that can be stopped gracefully --------------------------------------

// Asks child process `pid` to stop gracefully with `native` (0: the platform's usual
// request). POSIX sends the signal (SIGTERM by default), then SIGCONT, so that a child
// that is stopped (kill -STOP, Ctrl-Z, reading the terminal in the background) acts on it
// at once, as systemd does. Windows sends CTRL_BREAK_EVENT to the child's process group,
// which exists when it was started in its own group.
Result requestChildStop(long long pid, int native);

// Children started by ProcessStopper::prepare(): `pid` leads its own process group, and
// `sharesConsole` says whether it shares this process's console (Windows: the only way a
// console event reaches it). send() and requestChildStop() address only such children on
// Windows. POSIX: nothing to remember (kill reaches any pid).
void noteGroupLeader(long long pid, bool sharesConsole);
void forgetGroupLeader(long long pid);

// ---- Child processes at a terminal (job control) -----------------------------------------
//
// What an interactive shell does for a job, done for a child that leads its own process
// group (ProcessStopper::prepare), so that the child can use the terminal and the parent
// still behaves as one job to the shell. POSIX only: Windows consoles have no job
// control (a child's own process group only decides who gets CTRL_BREAK), so there these
// do nothing and return false / 0 / Unsupported.

// Runs in the child between fork and exec: async-signal-safe. The child leads a new
// process group. When its standard input is the controlling terminal and the parent's
// group is that terminal's foreground group, the new group becomes the foreground one, as
// a shell does for a foreground job; in the background it does not take the terminal.
void becomeJobInChild();
// The terminal's foreground goes back from child `pid`'s group to the calling process's
// group, when the child's group has it (the child ended or stopped). True when it moved.
bool takeTerminalFromChild(long long pid);
// The terminal's foreground goes from the calling process's group to child `pid`'s group,
// when the caller's group has it (the caller was continued in the foreground).
bool giveTerminalToChild(long long pid);
// The signal that stopped child `pid` since the last call (SIGTSTP, SIGTTIN, SIGTTOU,
// SIGSTOP...), 0 when it has not stopped. Never reaps: the exit stays for its owner.
int takeChildStop(long long pid);
// Stops the calling process as `native` (SIGTSTP, SIGTTIN or SIGTTOU, default action)
// stops a job, so that the shell sees its job stopped when the child stopped. Returns once
// the process is continued, or at once where the system discards such a stop (a group no
// shell controls). Unsupported when there is no controlling terminal.
Result stopAsJob(int native);
// Sends SIGCONT to child `pid`'s group (to the child alone when it leads none).
Result continueChild(long long pid);

} // namespace SignalBackend
