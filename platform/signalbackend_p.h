// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  -------------
// This file is not part of the SignalNotifier API. It is the private contract between
// the Qt layer in src/ and exactly one platform backend in platform/<name>/, chosen by
// CMake. It may change from one version to the next without notice.
//
// Rules of the room, for this header and every one it names below:
// - Qt-free: only the C++17 standard library and the platform's C API below this line.
// - src/ calls only what the contract declares; a backend defines all of it (what every
//   backend shares is built once in platform/common/, only on the contract).
// - Everything here is called from ordinary thread context. What runs in signal-handler
//   context stays inside the backend and is marked there.
// - Each file includes the parts it uses, no more.
//
// This header holds the words every part shares: the portable id of a signal and the
// result of a call. The contract itself is split by concern:
//   names_p.h         identity and names: native numbers, spellings, what may be watched
//   channels_p.h      channels and delivery: the signal path (watch, channel, drain, wait)
//   channelio_p.h     what a backend gives platform/common/ to drain and wait on a channel
//   dispositions_p.h  what a signal does in this process, thread masks, another's state
//   sending_p.h       sending signals to a process, this one included
//   process_p.h       this process: its main thread, fork(), descriptors, its end
//   children_p.h      child processes: graceful stop, process groups, job control
//   sessionend_p.h    holding the process, session end, restart, the service manager
//   servicemanager_p.h  the service manager in full: systemd's states, the Windows SCM

#pragma once

#include <string>

namespace SignalBackend {

// The portable identity of a signal or console event. SN::Signal::Id
// (src/SignalNotifier/signal.h) lists the same, in the same order, shifted by 256
// (checked in src/signal.cpp with static_asserts).
enum class Id : int {
    Invalid = 0,
    Interrupt, Terminate, Hangup, Quit, User1, User2, Child, WindowChanged,
    Alarm, VirtualAlarm, ProfilingTimer, Pipe, Continue,
    TerminalStop, TerminalInput, TerminalOutput, Urgent, CpuTimeLimit, FileSizeLimit,
    IoPossible, PowerFailure, BadSystemCall, Trap, Abort, StackFault,
    Kill, Stop, SegmentationFault, BusError, IllegalInstruction, FloatingPointError,
    Logoff, Shutdown,
    Realtime, Other,
    Count
};

// Why something could not be done. Must match SN::Error::Code value for value (checked in
// src/signal.cpp).
enum class Error : int {
    None = 0,
    UnknownSignal,      // out of range, or no such signal on this platform
    ForbiddenSignal,    // exists, but must not be caught (KILL, STOP, synchronous faults)
    UnsupportedSignal,  // a portable event this platform never produces for that use
    NoEventLoop,        // reported by src/, never by a backend
    OutOfResources,     // descriptors, channel slots, memory
    PermissionDenied,
    NoSuchProcess,
    Unsupported,        // the operation does not exist on this platform or kernel
    InvalidArgument,
    SystemError,
};

struct Result {
    Error error = Error::None;
    int systemErrno = 0;   // errno (Windows: GetLastError()) behind the error, 0 if none
    explicit operator bool() const { return error == Error::None; }
};

// The system's own words for Result::systemErrno (strerror; Windows: FormatMessage).
std::string systemErrorText(int systemError);

// True when `systemError` is a detail code of the backend itself rather than the
// system's (Windows: an application-defined error code); systemErrorText() spells it, and
// the Qt layer shows it whatever the Error is. POSIX: always false.
bool isDetailCode(int systemError);

} // namespace SignalBackend
