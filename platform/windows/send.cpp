// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Sending, waiting, ending the process and the state of our events, Windows side. What
// POSIX has and Windows has not (per-thread masks, queued values, pidfd, reading another
// process's handlers) answers Unsupported, never a silent success.

#include "../channelio_p.h"
#include "../children_p.h"
#include "../dispositions_p.h"
#include "../names_p.h"
#include "../process_p.h"
#include "../sending_p.h"
#include "../servicemanager_p.h"
#include "../sessionend_p.h"
#include "windows_p.h"

#include <set>

namespace SignalBackend {

using namespace Windows;

namespace {

constexpr DWORD StatusControlCExit = 0xC000013AUL;   // STATUS_CONTROL_C_EXIT

// The children ProcessStopper::prepare() started in a group of their own, while they run.
// GenerateConsoleCtrlEvent with a pid that leads no group acts on group 0: every process on
// the console, this one included, gets the event (GenerateConsoleCtrlEvent documentation,
// Remarks). So only these pids are ever sent an event.
struct GroupLeaders {
    std::mutex mutex;
    std::set<long long> sharing;   // lead a group on our console
    std::set<long long> own;       // lead a group on a console of their own
};

GroupLeaders &leaders()
{
    static GroupLeaders *const l = new GroupLeaders;   // never destroyed
    return *l;
}

// Why `pid` cannot be sent a group event; {} when it can.
Result checkGroupLeader(long long pid)
{
    GroupLeaders &l = leaders();
    std::lock_guard<std::mutex> lock(l.mutex);
    if (l.sharing.count(pid))
        return {};
    if (l.own.count(pid))
        return {Error::Unsupported, DetailOwnConsole};
    return {Error::InvalidArgument, DetailNotAGroupLeader};
}

Result checkTarget(long long pid, int native)
{
    if (pid <= 0 || pid > 0xffffffffLL)
        return {Error::InvalidArgument, 0};
    if (!isValidNumber(native))
        return {Error::UnknownSignal, 0};
    return {};
}

// GenerateConsoleCtrlEvent reaches a process group on our console. Only Ctrl+Break can be
// sent to a group: "CTRL_C_EVENT ... cannot be limited to a specific process group. If
// dwProcessGroupId is nonzero, this function will succeed, but the CTRL+C signal will not
// be received" (GenerateConsoleCtrlEvent documentation). `group` is a known leader.
Result generate(int native, DWORD group)
{
    if (native == NativeInterrupt)
        return {Error::Unsupported, DetailCtrlCToGroup};
    if (native != NativeBreak)
        return {Error::Unsupported, DetailCannotSend};
    if (!GenerateConsoleCtrlEvent(DWORD(ctrlOf(native)), group)) {
        const DWORD e = GetLastError();
        // No such group on our console, or no console at all.
        if (e == ERROR_INVALID_PARAMETER)
            return {Error::NoSuchProcess, int(e)};
        return fromWinError(e);
    }
    return {};
}

struct RaiseArgs {
    DWORD ctrl;
};

DWORD WINAPI raiseThread(LPVOID param)
{
    const DWORD ctrl = static_cast<RaiseArgs *>(param)->ctrl;
    delete static_cast<RaiseArgs *>(param);
    const int native = nativeOfCtrl(ctrl);
    // FALSE: nobody watches, and Windows' default handler would end the process. TRUE
    // after CLOSE, LOGOFF or SHUTDOWN (released, or the deadline): the system would end
    // it now. Either way, do what the system does.
    if (!consoleRoutine(ctrl) || endsProcess(native))
        endProcessBy(idOf(native), native);
    return 0;
}

} // namespace

Result send(long long pid, int native)
{
    if (const Result r = checkTarget(pid, native); !r)
        return r;
    if (pid == static_cast<long long>(GetCurrentProcessId()))
        return raiseSignal(native);
    // Windows addresses process groups, not processes: only a child known to lead a group on
    // our console (ProcessStopper::prepare) is ever addressed, so nothing reaches group 0.
    if (native != NativeBreak)
        return generate(native, DWORD(pid));   // refused, with the reason
    if (const Result r = checkGroupLeader(pid); !r)
        return r;
    return generate(native, DWORD(pid));
}

Result sendValue(long long pid, int native, int)
{
    if (const Result r = checkTarget(pid, native); !r)
        return r;
    return {Error::Unsupported, 0};   // console events carry no value
}

// Delivered through the same path the system uses: the registered routine, on a new
// thread. Not GenerateConsoleCtrlEvent(…, 0), which would reach every process on the
// console, the parent shell included. Returns once the event is delivered; an event that
// is held (CLOSE, LOGOFF, SHUTDOWN) goes on waiting on its own thread, and the process
// ends when the hold is released, as it would for the real event. When nobody watches,
// Windows' default applies: the process exits with STATUS_CONTROL_C_EXIT. Other console
// handlers of the process are not called on this path.
Result raiseSignal(int native)
{
    if (!isValidNumber(native))
        return {Error::UnknownSignal, 0};
    {
        std::lock_guard<std::mutex> lock(registryMutex());
        if (!isDeliveredLocked(native) && isIgnoredLocked(native))
            return {};   // ignored: nothing happens, as raise() of an ignored signal on POSIX
        if (native == NativeTerminate) {
            // WM_CLOSE to a process ends nothing by itself: delivered when watched, else a
            // no-op, as a Qt console program without windows would see it.
            Record r;
            r.signal = native;
            r.code = WM_CLOSE;
            postLocked(r);
            return {};
        }
    }
    auto *args = new RaiseArgs{DWORD(ctrlOf(native))};
    HANDLE thread = CreateThread(nullptr, 0, raiseThread, args, 0, nullptr);
    if (!thread) {
        delete args;
        return fromWinError(GetLastError());
    }
    if (!endsProcess(native))
        WaitForSingleObject(thread, INFINITE);
    CloseHandle(thread);
    return {};
}

Result openProcessHandle(long long pid, int *)
{
    if (pid <= 0)
        return {Error::InvalidArgument, 0};
    return {Error::Unsupported, 0};
}

// Windows has no per-thread signals: a console event runs on a new thread the system makes.
Result sendToThread(const void *thread, int native)
{
    if (!thread)
        return {Error::InvalidArgument, 0};
    if (!isValidNumber(native))
        return {Error::UnknownSignal, 0};
    return {Error::Unsupported, 0};
}

Result sendToHandle(int handle, int native)
{
    if (handle < 0)
        return {Error::InvalidArgument, 0};
    if (!isValidNumber(native))
        return {Error::UnknownSignal, 0};
    return {Error::Unsupported, 0};
}

// ProcessStopper::prepare() starts the child with CREATE_NEW_PROCESS_GROUP, so its pid is
// its group's id: CTRL_BREAK_EVENT reaches it and its own console children, nobody else.
Result requestChildStop(long long pid, int native)
{
    if (native == 0 || native == NativeTerminate)
        native = NativeBreak;   // the console's stop request for a group
    if (const Result r = checkTarget(pid, native); !r)
        return r;
    if (native != NativeBreak && native != NativeInterrupt)
        return {Error::UnsupportedSignal, 0};
    if (native == NativeInterrupt)
        return generate(native, DWORD(pid));   // refused, with the reason
    if (const Result r = checkGroupLeader(pid); !r)
        return r;
    return generate(native, DWORD(pid));
}

void noteGroupLeader(long long pid, bool sharesConsole)
{
    GroupLeaders &l = leaders();
    std::lock_guard<std::mutex> lock(l.mutex);
    l.sharing.erase(pid);
    l.own.erase(pid);
    (sharesConsole ? l.sharing : l.own).insert(pid);
}

void forgetGroupLeader(long long pid)
{
    GroupLeaders &l = leaders();
    std::lock_guard<std::mutex> lock(l.mutex);
    l.sharing.erase(pid);
    l.own.erase(pid);
}

// RegisterApplicationRestart: after the Restart Manager closed the application for an
// update (or Windows restarted after one), the system starts it again with
// `argumentsUtf8` as its command line (without the program name). At most
// RESTART_MAX_CMD_LINE (1024) characters; it takes effect once the process has run for
// 60 seconds (RegisterApplicationRestart documentation).
Result registerApplicationRestart(const std::string &argumentsUtf8, unsigned flags)
{
    std::wstring args;
    if (!argumentsUtf8.empty()) {
        const int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, argumentsUtf8.data(),
                                          int(argumentsUtf8.size()), nullptr, 0);
        if (n <= 0)
            return {Error::InvalidArgument, 0};
        args.resize(std::size_t(n));
        MultiByteToWideChar(CP_UTF8, 0, argumentsUtf8.data(), int(argumentsUtf8.size()), args.data(), n);
    }
    if (args.size() >= 1024)   // RESTART_MAX_CMD_LINE, the terminating zero included
        return {Error::InvalidArgument, 0};
    const HRESULT hr = RegisterApplicationRestart(args.empty() ? nullptr : args.c_str(), DWORD(flags));
    if (hr == E_INVALIDARG)
        return {Error::InvalidArgument, 0};
    if (FAILED(hr))
        return {Error::SystemError, int(hr)};
    return {};
}

void unregisterApplicationRestart()
{
    UnregisterApplicationRestart();
}

// Terminal job control (children_p.h): a Windows console has no foreground process
// group to hand over and no stopped processes; a child's own group only decides who gets
// CTRL_BREAK. Nothing to do; ProcessStopper's Windows side never calls these.
void becomeJobInChild() {}
bool takeTerminalFromChild(long long) { return false; }
bool giveTerminalToChild(long long) { return false; }
int takeChildStop(long long) { return 0; }
Result stopAsJob(int) { return {Error::Unsupported, 0}; }
Result continueChild(long long) { return {Error::Unsupported, 0}; }

// Handles are not limited per process the way POSIX descriptors are (RLIMIT_NOFILE).
Result probeDescriptors(int) { return {}; }

void endProcessBy(Id, int)
{
    // A service tells the service control manager first that it has stopped, as it was
    // asked to (a stop request's default action is to stop): without SERVICE_STOPPED the
    // SCM counts the end as a crash and runs the recovery actions. Nothing when the
    // application said it already, or when this is no service.
    notifyServiceStopped(0);
    // What Windows' own default console handler reports. TerminateProcess rather than
    // ExitProcess: like _exit(), no atexit handlers and no DLL detach run, so a thread
    // that holds a lock elsewhere cannot hang the exit.
    TerminateProcess(GetCurrentProcess(), StatusControlCExit);
    ExitProcess(StatusControlCExit);
}

Result waitReadable(const Channel &channel, int timeoutMs)
{
    timeval tv = {};
    if (timeoutMs >= 0) {
        tv.tv_sec = long(timeoutMs / 1000);
        tv.tv_usec = long((timeoutMs % 1000) * 1000);
    }
    fd_set readable;
    FD_ZERO(&readable);
    FD_SET(static_cast<SOCKET>(channel.readFd), &readable);
    if (::select(0, &readable, nullptr, nullptr, timeoutMs >= 0 ? &tv : nullptr) == SOCKET_ERROR)
        return fromWinError(DWORD(WSAGetLastError()));
    return {};   // readable or timed out: the caller looks again
}

Result setBlockedInThisThread(const std::vector<int> &natives, bool)
{
    for (int n : natives) {
        if (!isValidNumber(n))
            return {Error::UnknownSignal, 0};
    }
    // Console events come on a thread of their own: there is no per-thread mask.
    return {Error::Unsupported, 0};
}

bool isBlockedInThisThread(int)
{
    return false;
}

Result processState(long long pid, std::vector<ProcessSignalState> *out)
{
    out->clear();
    if (pid != 0 && pid != static_cast<long long>(GetCurrentProcessId()))
        return {Error::Unsupported, 0};   // another process's handlers cannot be read
    for (int n : validNumbers()) {
        ProcessSignalState s;
        s.native = n;
        s.disposition = disposition(n, nullptr);
        out->push_back(s);
    }
    return {};
}

} // namespace SignalBackend
