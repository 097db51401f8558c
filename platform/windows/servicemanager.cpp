// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The Windows service control manager (SCM), behind servicemanager_p.h; and session 0,
// where services run.
//
// A program becomes a service by calling StartServiceCtrlDispatcherW, which connects to the
// SCM and does not return until the service has stopped (StartServiceCtrlDispatcherW
// documentation). Qt's main thread must go on running the application, so the library
// calls it from a thread of its own. (The documentation says the main thread "should" make
// the call; nothing requires it, and .NET's WindowsServiceLifetime makes it from a thread of
// its own too.) The threads, and what runs on each:
//
//   dispatcher thread  ours (runAsWindowsService starts it). StartServiceCtrlDispatcherW; on
//                      Windows also the control handler (HandlerEx callback documentation:
//                      "the control dispatcher ... invokes the control handler"). Under
//                      Wine the handler runs on a thread of the dispatcher's own instead,
//                      and PRESHUTDOWN/SHUTDOWN on this one. When the dispatcher returns
//                      after a stop the library itself completed (nobody watched the
//                      request, or a hold ran out), this thread ends the process.
//   service thread     the one the dispatcher starts for ServiceMain: registers the handler
//                      (RegisterServiceCtrlHandlerExW), reports SERVICE_START_PENDING, then
//                      stays as the service's waiter: it holds a Shutdown until the
//                      application releases it or its budget runs out, and completes a
//                      stop nobody watches.
//   any thread         the application's reports: ready, stopping, more time (GracefulShutdown
//                      on its thread), stopped (GracefulShutdown::exec() or a forced exit).
//
// The handler returns at once, as the SCM requires ("the control handler must return
// within 30 seconds", HandlerEx): it reports SERVICE_STOP_PENDING, posts the event into
// the channels the way the console routine does (registry.cpp), and hands any waiting to
// the service thread.
//
// Locks. Service::mutex guards the state below and is held across every
// SetServiceStatus except the one for SERVICE_STOPPED, so that reports reach the SCM in the
// order their checkpoints were counted. SERVICE_STOPPED is reported without it: Wine's
// SetServiceStatus(SERVICE_STOPPED) enters the dispatcher's own lock, which is held while
// the handler runs, and the handler takes this mutex. Once SERVICE_STOPPED is decided
// (stoppedReported, under the mutex) nothing else is reported, so no earlier report can
// arrive after it. The registry's mutex is never taken with this one held.

#include "../process_p.h"
#include "../servicemanager_p.h"
#include "../sessionend_p.h"
#include "windows_p.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <cwchar>
#include <system_error>
#include <thread>

#ifndef SERVICE_CONTROL_TIMECHANGE
#define SERVICE_CONTROL_TIMECHANGE 0x00000010
#endif
#ifndef SERVICE_CONTROL_TRIGGEREVENT
#define SERVICE_CONTROL_TRIGGEREVENT 0x00000020
#endif

namespace SignalBackend::Windows {
namespace {

// ---- Session 0 ----------------------------------------------------------------------------
//
// Where services and SYSTEM scheduled tasks run, with no interactive user. There
// CTRL_LOGOFF_EVENT arrives for any user's logoff ("this signal is received only by
// services", HandlerRoutine documentation) and is never this process's end, and
// CTRL_SHUTDOWN_EVENT comes with the services' budget, SPI_GETWAITTOKILLSERVICETIMEOUT.

// -1: ask the system; 0 / 1: a test build's answer (see the end of the file).
std::atomic<int> g_sessionZeroForTest{-1};

// ---- The service --------------------------------------------------------------------------

enum class Phase {
    Idle,         // not a service (yet)
    Connecting,   // runAsWindowsService waits for ServiceMain or the dispatcher's failure
    Starting,     // SERVICE_START_PENDING
    Running,      // SERVICE_RUNNING
    Stopping,     // SERVICE_STOP_PENDING
    Stopped,      // SERVICE_STOPPED reported: the service's part in this process is over
    Failed,       // never connected, or connected as the wrong service
};

// What the SCM may send while the service runs. Both shutdown controls: the SCM sends
// PRESHUTDOWN first where it is accepted, and SHUTDOWN to a service still running after it.
constexpr DWORD AcceptedControls = SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_PRESHUTDOWN | SERVICE_ACCEPT_SHUTDOWN;
// Wait hints until the application says more (ServiceManager::extendTimeout, or
// GracefulShutdown before each hook): the SCM's own patience for a start
// (ServicesPipeTimeout, 30 s), and GracefulShutdown's default deadline for a stop.
constexpr DWORD StartWaitHintMs = 30000;
constexpr DWORD StopWaitHintMs = 10000;
// How long runAsWindowsService waits for the dispatcher to start the service: the SCM's
// own limit for a service process to connect (ServicesPipeTimeout, 30 s by default).
constexpr std::chrono::seconds ConnectTimeout{30};
// SERVICE_PRESHUTDOWN_INFO's default since Windows 10 1703, when the configuration
// cannot be read.
constexpr std::chrono::milliseconds DefaultPreshutdownTimeout{10000};

struct Service {
    std::mutex mutex;
    std::condition_variable changed;
    Phase phase = Phase::Idle;
    std::wstring name;          // as the application gave it; empty: any
    std::wstring tableName;     // SERVICE_TABLE_ENTRYW's, alive while the dispatcher runs
    std::wstring startedAs;     // ServiceMain's argv[0]: the name the SCM knows
    ServiceLog log = nullptr;   // set before the dispatcher starts, read-only afterwards
    std::string why;            // why connecting failed
    Result failure;
    SERVICE_STATUS_HANDLE handle = nullptr;
    DWORD reportedState = 0;    // the last state reported (checkpoints restart on a change)
    DWORD checkpoint = 0;
    DWORD waitHint = 0;
    bool stoppedReported = false;
    // Work for the service thread, handed over by the handler.
    bool holdPending = false;
    HoldTicket hold;
    std::chrono::milliseconds holdBudget{0};
    DWORD holdControl = 0;
    bool endPending = false;    // a stop nobody watches: stop, and end the process
    Id endId = Id::Terminate;
    int endNative = NativeTerminate;
    // The dispatcher thread ends the process once StartServiceCtrlDispatcherW returns.
    bool dispatcherReturned = false;
    bool endWhenDispatcherReturns = false;
};

Service &service()
{
    static Service *const s = new Service;   // never destroyed, like the registry
    return *s;
}

using Lock = std::unique_lock<std::mutex>;

void log(ServiceLogLevel level, const std::string &message)
{
    if (ServiceLog sink = service().log)
        sink(level, message);
}

bool sameName(const std::wstring &a, const std::wstring &b)
{
    // The SCM compares service names without regard to case (CreateServiceW documentation).
    return _wcsicmp(a.c_str(), b.c_str()) == 0;
}

// With s.mutex held; never for SERVICE_STOPPED (see the top). SERVICE_STATUS documentation:
// the checkpoint counts up during a pending operation and is 0 otherwise; a pending state
// accepts no controls.
Result reportLocked(Service &s, DWORD state, DWORD waitHintMs)
{
    if (!s.handle || s.stoppedReported)
        return {Error::Unsupported, 0};
    const bool pending = state != SERVICE_RUNNING;
    s.checkpoint = !pending ? 0 : (state == s.reportedState ? s.checkpoint + 1 : 1);
    s.waitHint = pending ? waitHintMs : 0;
    s.reportedState = state;
    SERVICE_STATUS status = {};
    status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    status.dwCurrentState = state;
    status.dwControlsAccepted = pending ? 0 : AcceptedControls;
    status.dwWin32ExitCode = NO_ERROR;
    status.dwCheckPoint = s.checkpoint;
    status.dwWaitHint = s.waitHint;
    if (!SetServiceStatus(s.handle, &status))
        return fromWinError(GetLastError());
    return {};
}

// SERVICE_STOPPED, once. True when this call reported it.
bool reportStopped(DWORD win32ExitCode, DWORD serviceExitCode)
{
    Service &s = service();
    SERVICE_STATUS_HANDLE handle = nullptr;
    {
        Lock lock(s.mutex);
        if (!s.handle || s.stoppedReported)
            return false;
        s.stoppedReported = true;
        if (s.phase == Phase::Starting || s.phase == Phase::Running || s.phase == Phase::Stopping)
            s.phase = Phase::Stopped;
        handle = s.handle;
        s.changed.notify_all();
    }
    SERVICE_STATUS status = {};
    status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    status.dwCurrentState = SERVICE_STOPPED;
    status.dwWin32ExitCode = win32ExitCode;
    status.dwServiceSpecificExitCode = serviceExitCode;
    // "Do not attempt to perform any additional work after calling SetServiceStatus with
    // SERVICE_STOPPED, because the service process can be terminated at any time"
    // (SetServiceStatus documentation): callers report it last.
    SetServiceStatus(handle, &status);
    return true;
}

// On the service thread: the library completes a stop itself (nobody watched the request,
// or the application's shutdown outlived its budget). The process ends on the dispatcher
// thread once StartServiceCtrlDispatcherW has returned, the way a service's main() returns
// after it; at once if it already has. Nothing when the application reported
// SERVICE_STOPPED first: it is ending the process itself.
void stopAndEnd(DWORD win32ExitCode, Id id, int native)
{
    if (!reportStopped(win32ExitCode, 0))
        return;
    Service &s = service();
    {
        Lock lock(s.mutex);
        if (!s.dispatcherReturned) {
            s.endWhenDispatcherReturns = true;
            s.endId = id;
            s.endNative = native;
            return;
        }
    }
    endProcessBy(id, native);
}

const char *controlName(DWORD control)
{
    // HandlerEx documentation, dwControl.
    switch (control) {
    case SERVICE_CONTROL_STOP: return "SERVICE_CONTROL_STOP";
    case SERVICE_CONTROL_PAUSE: return "SERVICE_CONTROL_PAUSE";
    case SERVICE_CONTROL_CONTINUE: return "SERVICE_CONTROL_CONTINUE";
    case SERVICE_CONTROL_INTERROGATE: return "SERVICE_CONTROL_INTERROGATE";
    case SERVICE_CONTROL_SHUTDOWN: return "SERVICE_CONTROL_SHUTDOWN";
    case SERVICE_CONTROL_PARAMCHANGE: return "SERVICE_CONTROL_PARAMCHANGE";
    case SERVICE_CONTROL_NETBINDADD: return "SERVICE_CONTROL_NETBINDADD";
    case SERVICE_CONTROL_NETBINDREMOVE: return "SERVICE_CONTROL_NETBINDREMOVE";
    case SERVICE_CONTROL_NETBINDENABLE: return "SERVICE_CONTROL_NETBINDENABLE";
    case SERVICE_CONTROL_NETBINDDISABLE: return "SERVICE_CONTROL_NETBINDDISABLE";
    case SERVICE_CONTROL_DEVICEEVENT: return "SERVICE_CONTROL_DEVICEEVENT";
    case SERVICE_CONTROL_HARDWAREPROFILECHANGE: return "SERVICE_CONTROL_HARDWAREPROFILECHANGE";
    case SERVICE_CONTROL_POWEREVENT: return "SERVICE_CONTROL_POWEREVENT";
    case SERVICE_CONTROL_SESSIONCHANGE: return "SERVICE_CONTROL_SESSIONCHANGE";
    case SERVICE_CONTROL_PRESHUTDOWN: return "SERVICE_CONTROL_PRESHUTDOWN";
    case SERVICE_CONTROL_TIMECHANGE: return "SERVICE_CONTROL_TIMECHANGE";
    case SERVICE_CONTROL_TRIGGEREVENT: return "SERVICE_CONTROL_TRIGGEREVENT";
    default: return control >= 128 && control <= 255 ? "a control the service's own programs define" : "unknown";
    }
}

// The service's configured preshutdown time-out (QueryServiceConfig2W,
// SERVICE_CONFIG_PRESHUTDOWN_INFO), read when the control arrives: an installer or an
// administrator may change it while the service runs.
std::chrono::milliseconds preshutdownTimeout(const std::wstring &serviceName)
{
    std::chrono::milliseconds timeout = DefaultPreshutdownTimeout;
    SC_HANDLE manager = OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT);
    if (!manager)
        return timeout;
    if (SC_HANDLE handle = OpenServiceW(manager, serviceName.c_str(), SERVICE_QUERY_CONFIG)) {
        SERVICE_PRESHUTDOWN_INFO info = {};
        DWORD needed = 0;
        if (QueryServiceConfig2W(handle, SERVICE_CONFIG_PRESHUTDOWN_INFO, reinterpret_cast<BYTE *>(&info),
                                 sizeof info, &needed)
            && info.dwPreshutdownTimeout > 0)
            timeout = std::chrono::milliseconds(info.dwPreshutdownTimeout);
        CloseServiceHandle(handle);
    }
    CloseServiceHandle(manager);
    return timeout;
}

// On the handler's thread: SERVICE_CONTROL_STOP (Terminate) or a shutdown control (held
// Shutdown). Reports SERVICE_STOP_PENDING, posts the event, and leaves any waiting to the
// service thread.
DWORD stopRequested(int native, DWORD control)
{
    Service &s = service();
    const bool hold = native == NativeShutdown;
    std::chrono::milliseconds budget{0};
    std::wstring name;
    {
        Lock lock(s.mutex);
        name = s.startedAs;
    }
    if (hold)
        budget = serviceHoldBudget(control, control == SERVICE_CONTROL_PRESHUTDOWN ? preshutdownTimeout(name)
                                                                                  : DefaultPreshutdownTimeout);
    {
        Lock lock(s.mutex);
        if (s.phase != Phase::Starting && s.phase != Phase::Running) {
            // Already stopping (a SHUTDOWN after PRESHUTDOWN, a system shutdown during a
            // stop): the first request is under way; a second would force the
            // application's exit (GracefulShutdown's second request).
            return NO_ERROR;
        }
        s.phase = Phase::Stopping;
        const DWORD hint = hold ? DWORD(std::min<long long>(budget.count(), MAXDWORD)) : StopWaitHintMs;
        reportLocked(s, SERVICE_STOP_PENDING, hint);
    }
    bool delivered = false;
    HoldTicket ticket;
    {
        std::lock_guard<std::mutex> lock(registryMutex());
        delivered = isDeliveredLocked(native);
        if (delivered) {
            Record r;
            r.signal = native;
            r.code = static_cast<int32_t>(control);
            if (hold) {
                r.flags |= Held;
                ticket = beginHoldFor(Id::Shutdown, budget);   // before anyone can see the record
            }
            postLocked(r);
        }
    }
    // Said before the service thread is woken, which then reports SERVICE_STOPPED and ends
    // the process: under Wine (dlls/sechost/service.c) this handler runs on a thread of the
    // dispatcher that writes its result to the SCM only after it returns, while
    // StartServiceCtrlDispatcher returns as soon as SERVICE_STOPPED is set. Logging after
    // the wake-up left the process ending in the middle of it: `sc stop` failed (exit 1)
    // in 5 of 40 runs. Now only that write is left to race the end, and SetServiceStatus's
    // round trip to the SCM comes first (0 of 200 runs).
    if (!delivered)
        log(ServiceLogLevel::Info,
            std::string("the service control manager sent ") + controlName(control) + " and nothing watches "
                + (hold ? "Shutdown" : "Terminate")
                + ": the service stops and the process ends, as the request's default action");
    {
        Lock lock(s.mutex);
        if (!delivered) {
            s.endPending = true;
            s.endId = hold ? Id::Shutdown : Id::Terminate;
            s.endNative = native;
        } else if (hold) {
            s.holdPending = true;
            s.hold = ticket;
            s.holdBudget = budget;
            s.holdControl = control;
        }
        s.changed.notify_all();
    }
    return NO_ERROR;
}

// The HandlerEx callback (RegisterServiceCtrlHandlerExW). Must return at once.
DWORD WINAPI controlHandler(DWORD control, DWORD, LPVOID, LPVOID)
{
    switch (control) {
    case SERVICE_CONTROL_INTERROGATE:
        // "The handler should simply return NO_ERROR; the SCM is aware of the current
        // state of the service" (HandlerEx documentation).
        return NO_ERROR;
    case SERVICE_CONTROL_STOP:
        return stopRequested(NativeTerminate, control);
    case SERVICE_CONTROL_PRESHUTDOWN:
    case SERVICE_CONTROL_SHUTDOWN:
        return stopRequested(NativeShutdown, control);
    default:
        // Only what the service accepts is sent, plus the codes 128..255 of its own
        // programs (ControlService documentation): nothing here handles those.
        log(ServiceLogLevel::Warning,
            "service control " + std::to_string(control) + " (" + controlName(control)
                + ") is not one SignalNotifier handles; ignored (answered ERROR_CALL_NOT_IMPLEMENTED)");
        return ERROR_CALL_NOT_IMPLEMENTED;
    }
}

// The service thread's life after start-up (see the top): holds, and stops nobody watches.
void serveUntilStopped()
{
    Service &s = service();
    for (;;) {
        bool haveHold = false;
        HoldTicket ticket;
        std::chrono::milliseconds budget{0};
        DWORD control = 0;
        Id endId = Id::Terminate;
        int endNative = NativeTerminate;
        {
            Lock lock(s.mutex);
            s.changed.wait(lock, [&] { return s.stoppedReported || s.holdPending || s.endPending; });
            if (s.holdPending) {
                s.holdPending = false;
                haveHold = true;
                ticket = s.hold;
                budget = s.holdBudget;
                control = s.holdControl;
            } else if (s.endPending) {
                s.endPending = false;
                endId = s.endId;
                endNative = s.endNative;
            } else {
                return;   // SERVICE_STOPPED: ServiceMain may return
            }
        }
        if (haveHold) {
            const bool released = waitHold(ticket);
            // What the console API was asked for meanwhile (registry.cpp defers it while
            // anything is held); this thread holds no console lock.
            applyDeferredCtrlCIgnore();
            if (released)
                continue;   // the application's shutdown is done: it reports SERVICE_STOPPED
            log(ServiceLogLevel::Warning,
                std::string("the application's shutdown did not finish within the budget of ")
                    + std::to_string(budget.count()) + " ms the system gives " + controlName(control)
                    + ": the service reports SERVICE_STOPPED (ERROR_SERVICE_REQUEST_TIMEOUT) and the process ends");
            stopAndEnd(ERROR_SERVICE_REQUEST_TIMEOUT, Id::Shutdown, NativeShutdown);
            continue;
        }
        stopAndEnd(NO_ERROR, endId, endNative);
    }
}

// The ServiceMain callback (SERVICE_TABLE_ENTRYW), on the thread the dispatcher starts.
// argv[0] is the name the SCM started the service as (ServiceMain documentation).
void WINAPI serviceMain(DWORD argc, LPWSTR *argv)
{
    Service &s = service();
    const std::wstring startedAs = argc > 0 && argv && argv[0] ? std::wstring(argv[0]) : std::wstring();
    // First, as ServiceMain must ("should immediately call RegisterServiceCtrlHandlerEx").
    // Not under s.mutex: Wine enters the dispatcher's lock here.
    const SERVICE_STATUS_HANDLE handle = RegisterServiceCtrlHandlerExW(startedAs.c_str(), controlHandler, nullptr);
    const DWORD registerError = handle ? 0 : GetLastError();
    bool wrongName = false;
    bool late = false;
    std::wstring wanted;
    {
        Lock lock(s.mutex);
        late = s.phase != Phase::Connecting;
        if (!late && !handle) {
            s.phase = Phase::Failed;
            s.failure = fromWinError(registerError);
            s.failure.error = Error::SystemError;
            s.why = "the service control manager refused the control handler (RegisterServiceCtrlHandlerExW)";
            s.changed.notify_all();
            return;
        }
        s.handle = handle;
        s.startedAs = startedAs;
        wanted = s.name;
        wrongName = !late && !s.name.empty() && !sameName(s.name, startedAs);
        if (!late && !wrongName) {
            s.phase = Phase::Starting;
            reportLocked(s, SERVICE_START_PENDING, StartWaitHintMs);
            s.changed.notify_all();
        }
    }
    if (late) {
        // runAsWindowsService gave up waiting and told the application so: the SCM hears
        // the same, in its own words.
        reportStopped(ERROR_SERVICE_REQUEST_TIMEOUT, 0);
        return;
    }
    if (wrongName) {
        // Reported before runAsWindowsService returns, so that the SCM knows why even if
        // the application ends right away.
        reportStopped(ERROR_SERVICE_DOES_NOT_EXIST, 0);
        Lock lock(s.mutex);
        s.phase = Phase::Failed;
        s.failure = {Error::InvalidArgument, int(ERROR_SERVICE_DOES_NOT_EXIST)};
        s.why = "the service control manager started this process as service \"" + narrow(startedAs)
            + "\", not \"" + narrow(wanted) + "\" (it was told SERVICE_STOPPED)";
        s.changed.notify_all();
        return;
    }
    serveUntilStopped();
}

// The dispatcher thread (see the top).
void runDispatcher()
{
    Service &s = service();
    // The table lives in Service: the dispatcher keeps reading it until it returns.
    SERVICE_TABLE_ENTRYW table[] = {
        {s.tableName.data(), serviceMain},
        {nullptr, nullptr},
    };
    const BOOL ok = StartServiceCtrlDispatcherW(table);
    const DWORD error = ok ? 0 : GetLastError();
    Id endId = Id::Terminate;
    int endNative = NativeTerminate;
    bool end = false;
    {
        Lock lock(s.mutex);
        s.dispatcherReturned = true;
        if (!ok && s.phase == Phase::Connecting) {
            s.phase = Phase::Failed;
            if (error == ERROR_FAILED_SERVICE_CONTROLLER_CONNECT) {
                s.failure = {Error::Unsupported, int(error)};
                s.why = "this process was not started by the service control manager";
            } else {
                s.failure = fromWinError(error);
                s.why = "the service control manager could not be reached (StartServiceCtrlDispatcherW)";
            }
        }
        end = s.endWhenDispatcherReturns;
        endId = s.endId;
        endNative = s.endNative;
        s.changed.notify_all();
    }
    if (end)
        endProcessBy(endId, endNative);
}

} // namespace

bool inSessionZero()
{
    const int forced = g_sessionZeroForTest.load();
    if (forced >= 0)
        return forced != 0;
    // The session cannot change during a process's life: asked once.
    static const bool zero = [] {
        DWORD session = 0;
        return ProcessIdToSessionId(GetCurrentProcessId(), &session) && session == 0;
    }();
    return zero;
}

} // namespace SignalBackend::Windows

namespace SignalBackend {

using namespace Windows;

Result runAsWindowsService(const std::string &nameUtf8, ServiceLog logSink, std::string *whyUtf8)
{
    Service &s = service();
    auto fail = [whyUtf8](Result r, const std::string &why) {
        if (whyUtf8)
            *whyUtf8 = why;
        return r;
    };
    {
        Lock lock(s.mutex);
        switch (s.phase) {
        case Phase::Idle:
            break;
        case Phase::Failed:
            return fail({Error::InvalidArgument, 0},
                        "an earlier call failed: " + s.why + "; a process connects to the service control manager once");
        case Phase::Connecting:
            return fail({Error::InvalidArgument, 0}, "another thread is connecting this process to the service control manager");
        default:
            if (!nameUtf8.empty() && !sameName(widen(nameUtf8), s.startedAs))
                return fail({Error::InvalidArgument, 0},
                            "this process already runs as service \"" + narrow(s.startedAs) + "\"");
            return {};   // asked again for the same service: it is one
        }
        s.phase = Phase::Connecting;
        s.name = widen(nameUtf8);
        s.tableName = s.name;   // ignored for a service of its own process, but not NULL
        s.log = logSink;
    }
    try {
        std::thread(runDispatcher).detach();
    } catch (const std::system_error &e) {
        Lock lock(s.mutex);
        s.phase = Phase::Failed;
        s.why = "no thread for the service control dispatcher";
        return fail({Error::OutOfResources, e.code().value()}, s.why);
    }
    Lock lock(s.mutex);
    if (!s.changed.wait_for(lock, ConnectTimeout, [&] { return s.phase != Phase::Connecting; })) {
        s.phase = Phase::Failed;
        s.why = "the service control manager did not start the service within "
            + std::to_string(ConnectTimeout.count()) + " s";
        return fail({Error::SystemError, int(ERROR_SERVICE_REQUEST_TIMEOUT)}, s.why);
    }
    if (s.phase == Phase::Failed)
        return fail(s.failure, s.why);
    return {};
}

bool serviceManaged()
{
    Service &s = service();
    Lock lock(s.mutex);
    return s.phase == Phase::Starting || s.phase == Phase::Running || s.phase == Phase::Stopping;
}

std::string serviceManagerAddress()
{
    return std::string();   // the SCM has no address a message needs
}

Result notifyServiceState(ServiceState state)
{
    Service &s = service();
    Lock lock(s.mutex);
    switch (s.phase) {
    case Phase::Starting:
    case Phase::Running:
    case Phase::Stopping:
        break;
    default:
        return {Error::Unsupported, 0};
    }
    switch (state) {
    case ServiceState::Ready:
        // After a start; after a reload the service is still RUNNING, and a stop under way
        // is not undone.
        if (s.phase != Phase::Starting)
            return {};
        s.phase = Phase::Running;
        return reportLocked(s, SERVICE_RUNNING, 0);
    case ServiceState::Reloading:
        return {Error::Unsupported, 0};   // the SCM has no such state
    case ServiceState::Stopping:
        if (s.phase == Phase::Stopping)   // progress within the stop: the next checkpoint
            return reportLocked(s, SERVICE_STOP_PENDING, s.waitHint);
        s.phase = Phase::Stopping;
        return reportLocked(s, SERVICE_STOP_PENDING, StopWaitHintMs);
    }
    return {Error::InvalidArgument, 0};
}

Result notifyServiceStatus(const std::string &)
{
    // SERVICE_STATUS has no text; the SCM shows none.
    return {Error::Unsupported, 0};
}

Result extendServiceTimeout(uint64_t usec)
{
    Service &s = service();
    Lock lock(s.mutex);
    if (s.phase != Phase::Starting && s.phase != Phase::Running && s.phase != Phase::Stopping)
        return {Error::Unsupported, 0};
    if (s.phase == Phase::Running)
        return {};   // nothing pending: the SCM waits for nothing
    // "The estimated time required for a pending start, stop ... operation, in
    // milliseconds. Before the specified amount of time has elapsed, the service should
    // make its next call to SetServiceStatus with either an incremented dwCheckPoint value
    // or a change in dwCurrentState" (SERVICE_STATUS documentation): EXTEND_TIMEOUT_USEC's
    // meaning exactly.
    const uint64_t ms = std::min<uint64_t>((usec + 999) / 1000, MAXDWORD);
    return reportLocked(s, s.phase == Phase::Starting ? SERVICE_START_PENDING : SERVICE_STOP_PENDING,
                        DWORD(std::max<uint64_t>(ms, 1)));
}

uint64_t serviceWatchdogUsec()
{
    return 0;   // the SCM has no watchdog
}

Result pingServiceWatchdog()
{
    return {Error::Unsupported, 0};
}

void notifyServiceStopped(int exitStatus)
{
    // SERVICE_STATUS documentation: NO_ERROR on normal termination; a code of the
    // service's own with ERROR_SERVICE_SPECIFIC_ERROR.
    if (exitStatus == 0)
        reportStopped(NO_ERROR, 0);
    else
        reportStopped(ERROR_SERVICE_SPECIFIC_ERROR, DWORD(exitStatus));
}

} // namespace SignalBackend

#ifdef SIGNALNOTIFIER_AUTOTEST_EXPORTS
// For the Windows tests only, exported only from a test build: Wine runs every process in
// one interactive session, so a test says "this is session 0" (1), or hands the question
// back to the system (-1).
extern "C" __declspec(dllexport) void signalnotifier_private_setSessionZero(int zero)
{
    SignalBackend::Windows::g_sessionZeroForTest.store(zero < 0 ? -1 : (zero != 0 ? 1 : 0));
}

// The service's HandlerEx exactly as RegisterServiceCtrlHandlerExW got it, so that a test
// service can be sent what Wine's SCM never sends (SERVICE_CONTROL_PRESHUTDOWN and
// SERVICE_CONTROL_SHUTDOWN: services.exe ends the service processes when the prefix shuts
// down, before their dispatchers deliver them), on a spare thread as the dispatcher would.
extern "C" __declspec(dllexport) LPHANDLER_FUNCTION_EX signalnotifier_private_serviceHandler()
{
    return SignalBackend::Windows::controlHandler;
}
#endif
