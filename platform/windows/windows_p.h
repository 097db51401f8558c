// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API. Shared between the files of the Windows backend only.
//
// On Windows nothing runs in signal-handler context: the console control handler runs on
// a thread the system creates for each event, and session end arrives as window messages
// on our own thread. Both are ordinary threads, so the registry is guarded by one mutex
// and a channel is an in-memory queue plus a loopback socket that wakes its reader (the
// Qt layer waits on it with a QSocketNotifier, as on POSIX).
//
// Who may touch what: everything in Registry only with registryMutex() held. The hold
// (hold.cpp) has its own mutex and never takes the registry's while waiting.
//
// The console lock. Windows (and Wine) hold their console control lock while they run the
// handler routines, and SetConsoleCtrlHandler, AllocConsole, AttachConsole and FreeConsole
// take it. So nothing here calls the console API while holding registryMutex() (which the
// routine takes): console calls are made under consoleApiMutex() only, which the routine
// never takes, and the routine is registered once for the life of the process and never
// removed, as libuv, Go, .NET, tokio and the ctrlc crate do. Lock order: consoleApiMutex,
// then registryMutex, never the other way round.

#pragma once

#include "../channels_p.h"

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <winsock2.h>
#include <windows.h>

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

namespace SignalBackend::Windows {

// Native numbers: the C runtime's where it has one (SIGINT 2, SIGBREAK 21, as signal.h
// spells them on Windows), else 256 + the CTRL_*_EVENT value, so that every console event
// has a stable number, 0 stays "none", and "2" means Interrupt on every platform.
constexpr int NativeInterrupt = 2;                          // CTRL_C_EVENT
constexpr int NativeTerminate = 15;                         // WM_CLOSE (the C runtime's SIGTERM)
constexpr int NativeBreak = 21;                             // CTRL_BREAK_EVENT
constexpr int NativeClose = 256 + CTRL_CLOSE_EVENT;         // 258
constexpr int NativeLogoff = 256 + CTRL_LOGOFF_EVENT;       // 261
constexpr int NativeShutdown = 256 + CTRL_SHUTDOWN_EVENT;   // 262
constexpr int SignalLimit = NativeShutdown + 1;

constexpr int EventCount = 6;        // the events above, indexed 0..5 in table order
constexpr DWORD NoCtrl = 0xffffffffUL;   // ctrlOf() of an event that is not a console event
constexpr int MaxChannels = 128;     // threads with notifiers + concurrent waits
constexpr std::size_t DefaultCapacity = 32768;   // records per channel, as on POSIX

// Index 0..4 of a native number, -1 when it is none of ours.
int eventIndex(int native);
int nativeOfIndex(int index);
// CTRL_*_EVENT of a native number and back (-1 / 0 when none).
int ctrlOf(int native);
int nativeOfCtrl(DWORD ctrl);
bool isValidNumber(int native);
// CLOSE, LOGOFF, SHUTDOWN: the system ends the process once the handler returns.
bool endsProcess(int native);

struct ChannelSlot {
    bool used = false;
    SOCKET readSocket = INVALID_SOCKET;    // the Qt layer waits on this one
    SOCKET writeSocket = INVALID_SOCKET;   // one wake-up byte per batch
    std::vector<Record> ring;              // capacity records, allocated at open
    std::size_t head = 0;
    std::size_t size = 0;
    bool wakePending = false;              // a byte is on its way or unread
    int interest[EventCount]{};
    uint64_t overflow[EventCount]{};
    bool overflowFlag = false;
};

struct EventSlot {
    int watchers = 0;
    int overriders = 0;
    bool ignored = false;       // setDisposition(Ignored): what comes back after watchers
    bool keptIgnored = false;   // watched, but left ignored (the nohup rule)
};

struct Registry {
    ChannelSlot channels[MaxChannels];
    EventSlot events[EventCount];
    unsigned generation = 1;    // never changes: Windows has no fork()
};

Registry &registry();
std::mutex &registryMutex();
// Serialises our calls into the console API; the routine never takes it (see the top).
std::mutex &consoleApiMutex();
// On a thread whose hold has just ended, with no lock of ours: makes the change to the
// system's Ctrl+C ignore that was asked for while the hold kept the console lock taken.
void applyDeferredCtrlCIgnore();
// With consoleApiMutex() held, never registryMutex(): registers the routine once, and again
// when the process has switched consoles since (the handler list may not survive that).
void ensureRoutineLocked();

// The console control handler routine: what SetConsoleCtrlHandler registers.
BOOL WINAPI consoleRoutine(DWORD ctrl);

// With the registry mutex held: queue `r` into every channel interested in r.signal.
// Returns how many channels it reached.
int postLocked(const Record &r);
// With the registry mutex held: whether anybody watches `native` and receives it now.
bool isDeliveredLocked(int native);
// With the registry mutex held: whether `native` was set Ignored (setDisposition).
bool isIgnoredLocked(int native);

// servicemanager.cpp. Whether this process runs in session 0 (services, SYSTEM tasks):
// there CTRL_LOGOFF_EVENT means some user's logoff, never this process's end, and
// CTRL_SHUTDOWN gets the services' budget.
bool inSessionZero();

// hold.cpp. A holder registers before it posts its Held record, so that a release that
// follows the delivery is never missed, then waits for release or the deadline.
// Claims on holds of the event (sessionend_p.h) claim from the hold's beginning.
struct HoldTicket {
    uint64_t number = 0;   // the holds are numbered in the order they began
    std::chrono::steady_clock::time_point deadline;
};
HoldTicket beginHold(int native);
// The same for `event`, with a budget of the caller's (a service's shutdown controls).
HoldTicket beginHoldFor(Id event, std::chrono::milliseconds budget);
// Returns true when released, false when the deadline passed.
bool waitHold(const HoldTicket &ticket);
// How long the system waits for an event that ends the process, minus our margin.
std::chrono::milliseconds holdBudget(int native);
// The same for a service's SERVICE_CONTROL_PRESHUTDOWN (`preshutdownTimeout`: the service's
// configured time-out) or SERVICE_CONTROL_SHUTDOWN.
std::chrono::milliseconds serviceHoldBudget(DWORD control, std::chrono::milliseconds preshutdownTimeout);

// session.cpp: the hidden top-level window that receives WM_QUERYENDSESSION/WM_ENDSESSION
// and WM_CLOSE. Created when Terminate, Logoff or Shutdown is first watched or session end
// is blocked (may be called with the registry mutex held); returns false when it could not
// be created.
bool ensureSessionWindow();
// Destroys it again when nothing needs it any more. Call without the registry mutex.
void retireSessionWindowIfUnused();

// Whether the session window is needed for `native` (Terminate, Logoff, Shutdown).
bool needsSessionWindow(int native);

// names.cpp: UTF-8 <-> UTF-16, the contract's strings and the wide API's.
std::wstring widen(const std::string &utf8);
std::string narrow(const std::wstring &text);

// Maps GetLastError()/WSAGetLastError() onto the contract's errors.
Result fromWinError(DWORD e);

// Our own detail codes (isDetailCode): application-defined Windows error codes (bit 29, as
// the System Error Codes documentation reserves it), spelled by systemErrorText().
constexpr int DetailBit = 0x20000000;
constexpr int DetailNotAGroupLeader = DetailBit | 1;
constexpr int DetailCtrlCToGroup = DetailBit | 2;
constexpr int DetailOwnConsole = DetailBit | 3;
constexpr int DetailCannotSend = DetailBit | 4;
std::string detailText(int code);

} // namespace SignalBackend::Windows
