// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API: one part of the private contract (rules in signalbackend_p.h).
//
// The end of the process and of the session, as the system and a service manager see it:
// holding the process while the application shuts down, answering a session-end query,
// being started again after an update, telling the service manager.
//   Called by  src/session.cpp (SN::Session), src/shutdownsequence.cpp
//              (notifyServiceManager).
//   Defined in platform/posix/hold.cpp, notify.cpp; platform/windows/hold.cpp,
//              session.cpp, send.cpp, servicemanager.cpp.

#pragma once

#include "signalbackend_p.h"

#include <cstdint>
#include <string>

namespace SignalBackend {

// ---- Holding the process while the application shuts down -----------------------------
//
// Some events end the process as soon as the platform's handler returns (Windows: CTRL_CLOSE,
// CTRL_LOGOFF, CTRL_SHUTDOWN, and WM_ENDSESSION in GUI processes). There the backend
// delivers the event with the Held flag and keeps its handler waiting until releaseHold()
// or a deadline just under the system's own limit. POSIX signals never end the process
// behind the application's back: nothing is ever held there.

// Whether an event is being held now.
bool holdActive();
// Milliseconds until the current hold gives up; -1 when nothing is held.
int64_t holdRemainingMs();
// The application's shutdown is done: every waiting handler returns now. Harmless when
// nothing is held; an event that arrives later is held again.
void releaseHold();

// ---- The session's end -------------------------------------------------------------------

// While blocked, a query whether the session may end (Windows GUI: WM_QUERYENDSESSION) is
// answered "not now", with `reasonUtf8` shown to the user. Returns Unsupported where the
// platform has no such query (POSIX); the state is then kept but has no effect.
Result blockSessionEnd(const std::string &reasonUtf8);
void unblockSessionEnd();

// The application's name, for what the system shows the user about this process
// (Windows: the title of the hidden session window on the "preventing shutdown" screen).
void setApplicationName(const std::string &nameUtf8);

// Asks the system to start the program again after it is closed for an update or a
// restart (Windows: RegisterApplicationRestart, with `argumentsUtf8` as its command line
// and `flags` as its RESTART_NO_* flags). Unsupported on POSIX.
Result registerApplicationRestart(const std::string &argumentsUtf8, unsigned flags);
void unregisterApplicationRestart();

// ---- Telling the service manager ---------------------------------------------------------

// Sends one status message (sd_notify protocol: "STOPPING=1", "EXTEND_TIMEOUT_USEC=...")
// to the service manager that started the process: on POSIX one datagram on the AF_UNIX
// socket named by $NOTIFY_SOCKET (a path, or an abstract name when it starts with '@'),
// through a CLOEXEC socket opened for this message only, never blocking. Returns
// Unsupported when there is no service manager to tell ($NOTIFY_SOCKET unset or empty;
// on Windows when the process is not a service: there the lines become SERVICE_STATUS
// reports, see platform/windows/servicemanager.cpp), InvalidArgument when $NOTIFY_SOCKET
// is not a usable address.
Result notifyServiceManager(const std::string &message);

} // namespace SignalBackend
