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
//   Called by  src/servicemanager.cpp (SN::ServiceManager), src/gracefulshutdown.cpp
//              (notifyServiceStopped); platform/windows/send.cpp (endProcessBy).
//   Defined in platform/posix/servicemanager.cpp, platform/windows/servicemanager.cpp.

#pragma once

#include "signalbackend_p.h"

#include <cstddef>
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

// Each returns Unsupported when no manager waits (serviceManaged() false) or the manager
// has no such message (Windows: status text, reloading, the watchdog), both without a
// system error; InvalidArgument when the manager's address is malformed; OutOfResources
// (with the system error) when the message was lost for a transient reason while the
// manager is there: its queue is full (EAGAIN, ENOBUFS: it reads more slowly than the
// service writes) or the process has no descriptor or memory to spare; and SystemError or
// PermissionDenied with the system's error when the manager cannot be reached (nobody
// listens, no such path, a vsock connect that timed out). None of them ever blocks on the
// manager.
Result notifyServiceState(ServiceState state);

// The longest message a manager takes: systemd reads each notification datagram into a
// buffer of NOTIFY_BUFFER_MAX = PIPE_BUF bytes (4096 on Linux) and drops a longer one
// whole ("Received notify message exceeded maximum size. Ignoring.", src/core/manager.c,
// manager_dispatch_notify_fd). The SCM takes no text.
constexpr std::size_t ServiceMessageMaxBytes = 4096;
// What STATUS= leaves of it for the text.
constexpr std::size_t ServiceStatusMaxBytes = ServiceMessageMaxBytes - 7;

// A one-line, human-readable status (STATUS=...). InvalidArgument, and nothing sent, when
// `textUtf8` holds a line break or a NUL, or is longer than ServiceStatusMaxBytes (the
// caller cuts it).
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

// The process is about to end with `exitStatus` (what main returns, or the status a forced
// exit uses): the last word to the manager. Windows: SERVICE_STOPPED, with dwWin32ExitCode
// NO_ERROR for 0, else ERROR_SERVICE_SPECIFIC_ERROR and dwServiceSpecificExitCode =
// exitStatus (SERVICE_STATUS documentation); reported once, later calls do nothing. POSIX:
// nothing (systemd learns the status from the process's exit). Never blocks on the manager
// beyond the one report.
void notifyServiceStopped(int exitStatus);

// ---- Windows service (the Windows half of issue 13) -------------------------------------
//
// A Windows program becomes a service by connecting to the service control manager (SCM)
// with StartServiceCtrlDispatcherW, which blocks its calling thread until the service has
// stopped; the backend connects from a thread of its own, so that the application's main
// thread goes on running the Qt event loop. platform/windows/servicemanager.cpp says which
// thread runs what. POSIX defines these too, as "there is no such manager" (Unsupported).

// How the backend's service code reports what the application should hear about (an unknown
// service control, a stop request nobody watches): the Qt layer logs it. Called on the thread
// the control arrived on; must not block.
enum class ServiceLogLevel { Info, Warning };
using ServiceLog = void (*)(ServiceLogLevel level, const std::string &messageUtf8);

// Connects this process to the SCM as service `nameUtf8` (empty: whatever service the SCM
// started it as), and returns once the service has registered its control handler and
// reported SERVICE_START_PENDING, or has failed. Afterwards: serviceManaged() is true;
// SERVICE_CONTROL_STOP arrives as Terminate (code SERVICE_CONTROL_STOP) and
// SERVICE_CONTROL_PRESHUTDOWN / SERVICE_CONTROL_SHUTDOWN as a held Shutdown (code the
// control), through the channels like any console event; notifyServiceState(Ready) reports
// SERVICE_RUNNING. Errors, each with a sentence in *whyUtf8:
//   Unsupported       the process was not started by the SCM (ERROR_FAILED_SERVICE_
//                     CONTROLLER_CONNECT), or POSIX
//   InvalidArgument   the SCM started it as another service than `nameUtf8` (the SCM is then
//                     told SERVICE_STOPPED with ERROR_SERVICE_DOES_NOT_EXIST), or it already
//                     runs as a service, or an earlier call failed (a process connects once)
//   OutOfResources    no thread for the dispatcher
//   SystemError       the SCM refused (RegisterServiceCtrlHandlerExW), or did not answer
// `log` may be null.
Result runAsWindowsService(const std::string &nameUtf8, ServiceLog log, std::string *whyUtf8);

} // namespace SignalBackend
