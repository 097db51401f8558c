// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API: one part of the private contract (rules in signalbackend_p.h).
//
// Identity and names: a signal's native number and portable id, its spellings, and
// whether it may be watched. Pure lookups in fixed tables, any thread.
//   Called by  src/signal.cpp (Signal's names, numbers, sets and checks), src/signalinfo.cpp
//              (codeName), src/signalmask_p.h (validNumbers), platform/common/wait.cpp
//              (checkWatchable).
//   Defined in platform/posix/names.cpp, platform/windows/names.cpp.

#pragma once

#include "signalbackend_p.h"

#include <string>
#include <vector>

namespace SignalBackend {

// The platform's number for a portable id, or 0 when the platform has none.
int nativeNumber(Id id);
// The portable id of a native number (Realtime / Other where no portable id fits),
// Invalid when the number is not a signal of this platform.
Id idOf(int native);
// "SIGINT", "SIGRTMIN+3"; empty when invalid.
std::string nameOf(int native);
// A fixed English description ("Interrupt from keyboard"); empty when invalid.
std::string descriptionOf(int native);
// Every valid native number in ascending order (Python's signal.valid_signals()).
std::vector<int> validNumbers();
// Realtime range, or {0, -1} when the platform has none.
int realtimeMin();
int realtimeMax();
// Parses a platform spelling: "SIGINT", "INT", "int", "2", "RTMIN+3", "SIGRTMAX-1".
// Returns 0 when it is not one.
int parseNative(const std::string &text);
// Whether a native signal may be watched: None, UnknownSignal or ForbiddenSignal.
Error checkWatchable(int native);
// Whether a portable event with no number on this platform (nativeNumber() == 0) may be
// watched: None where watching it is meaningful but it never fires here (Logoff on
// POSIX), UnsupportedSignal where asking for it is a mistake (User1 on Windows).
Error checkPortable(Id id);
// Name of a si_code value for the given signal ("SI_USER", "CLD_EXITED", ...).
std::string codeName(int native, int code);

// The portable ids that ask the program to end on this platform (Signal::terminationRequests):
// Interrupt, Terminate, Hangup, Logoff, Shutdown everywhere; Windows adds Break (Quit),
// which Windows' own default handler treats as a request to end, as Go and .NET do.
std::vector<Id> terminationRequestIds();
// The same without the POSIX terminal hangup (SIGHUP), which daemons take as "reload"
// (Signal::serviceStopRequests). On Windows Hangup is the console closing and stays.
std::vector<Id> serviceStopRequestIds();

} // namespace SignalBackend
