// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  -------------
// This file is not part of the SignalNotifier API. It is the private contract between
// SN::ServiceManager (src/servicemanager.cpp) and the platform's service manager:
//   POSIX    platform/posix/servicemanager.cpp    systemd's notification protocol (sd_notify)
//   Windows  platform/windows/servicemanager.cpp  the service control manager (SCM)
// The one place in the code that speaks "service manager": src/ asks for a state
// (ready, reloading, stopping), a status text, more time or a watchdog ping, and each
// platform says it the way its manager understands. Same rules as signalbackend_p.h:
// Qt-free, ordinary thread context only.

#pragma once

#include "signalbackend_p.h"

#include <cstdint>
#include <string>

namespace SignalBackend {

// Whether a service manager waits to hear from this process. POSIX: $NOTIFY_SOCKET is
// set and not empty (read each time: a program may unset it for its children, as
// sd_notify's unset_environment does). Windows: the process runs as a service.
bool serviceManaged();

// The manager's address as the environment gives it, for messages ("/run/systemd/notify",
// "@/org/...", "vsock:2:1234"); empty when there is none or on Windows.
std::string serviceManagerAddress();

// What the service tells its manager about itself.
enum class ServiceState {
    Ready,       // start-up or a reload is complete       (READY=1 / SERVICE_RUNNING)
    Reloading,   // a reload begins                        (RELOADING=1 + MONOTONIC_USEC=now)
    Stopping,    // the shutdown begins                    (STOPPING=1 / SERVICE_STOP_PENDING)
};

// Each returns Unsupported when no manager waits (serviceManaged() false),
// InvalidArgument when the manager's address is malformed, and the system's error when
// the message could not be handed over. None of them ever blocks on the manager.
Result notifyServiceState(ServiceState state);
// A one-line, human-readable status (STATUS=...). `textUtf8` holds no line break.
Result notifyServiceStatus(const std::string &textUtf8);
// The manager's current timeout (start, runtime or stop) is extended: the next message
// comes within `usec` microseconds (EXTEND_TIMEOUT_USEC=; Windows: a wait hint).
Result extendServiceTimeout(uint64_t usec);

// The watchdog: the manager ends (or restarts) the service when no ping comes within
// this many microseconds. 0 when no watchdog is asked of this process: POSIX
// $WATCHDOG_USEC unset, not a positive number, or $WATCHDOG_PID naming another process
// (sd_watchdog_enabled(3)); always 0 on Windows, whose manager has no watchdog.
uint64_t serviceWatchdogUsec();
// One keep-alive ping (WATCHDOG=1).
Result pingServiceWatchdog();

// ---- Windows service (the Windows half of issue 13 plugs in here) -----------------------
// The service entry point, SERVICE_CONTROL_* handling and the SERVICE_STOP_PENDING
// checkpoints are declared here by the Windows backend; POSIX defines nothing for them.

} // namespace SignalBackend
