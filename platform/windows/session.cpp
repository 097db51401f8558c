// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Session end and WM_CLOSE, for every process that has loaded user32 (every Qt program,
// console or GUI): Windows then sends WM_QUERYENDSESSION / WM_ENDSESSION to its top-level
// windows and no longer calls console handlers with CTRL_LOGOFF_EVENT / CTRL_SHUTDOWN_EVENT;
// taskkill (without /F), QProcess::terminate() and the Restart Manager post WM_CLOSE to
// them. A hidden top-level window on its own thread receives them. It is not message-only
// (HWND_MESSAGE): such windows are told nothing of either. Its thread does nothing else, so
// it answers at once even while the application's threads are busy.
//
// What becomes of the messages:
//   WM_QUERYENDSESSION   answered "no" while blockSessionEnd() is in force (with the
//                        reason given to ShutdownBlockReasonCreate), else "yes". Not
//                        delivered: the session may still go on if another program says no.
//   WM_ENDSESSION(TRUE)  the session ends: Logoff (ENDSESSION_LOGOFF), Terminate (only
//                        ENDSESSION_CLOSEAPP: the Restart Manager closes this application),
//                        or Shutdown; delivered held, code WM_ENDSESSION, with the lParam
//                        flags (SignalInfo::sessionEndFlags). The process ends when we return.
//   WM_ENDSESSION(FALSE) somebody vetoed: nothing to deliver.
//   WM_CLOSE             Terminate, code WM_CLOSE, not held. Never DefWindowProc: that would
//                        destroy the window, and session end would go unseen afterwards.
//
// Nothing ever waits for this thread: while it holds WM_ENDSESSION it pumps no messages, so
// every request to it (the block reason, the title, retirement) is posted, never sent.

#include "../sessionend_p.h"
#include "windows_p.h"

#include <condition_variable>
#include <string>
#include <system_error>
#include <thread>

#ifndef ENDSESSION_CLOSEAPP
#define ENDSESSION_CLOSEAPP 0x00000001
#endif
#ifndef ENDSESSION_CRITICAL
#define ENDSESSION_CRITICAL 0x40000000
#endif

namespace SignalBackend::Windows {
namespace {

constexpr UINT ApplyReasonMessage = WM_APP + 1;   // ShutdownBlockReason* from SessionState
constexpr UINT ApplyTitleMessage = WM_APP + 2;    // SetWindowText from SessionState::title
constexpr UINT RetireMessage = WM_APP + 3;        // DestroyWindow: nothing needs it any more

struct SessionState {
    std::mutex mutex;
    std::condition_variable ready;
    bool started = false;
    bool done = false;          // the thread finished creating (or failed to)
    HWND window = nullptr;
    DWORD error = 0;
    bool blocked = false;       // answer WM_QUERYENDSESSION with "no"
    std::wstring reason;        // kept while blocked (ShutdownBlockReasonCreate)
    std::wstring title;         // the application's name (setApplicationName)
};

SessionState &session()
{
    static SessionState *const s = new SessionState;
    return *s;
}

// The title the "this app is preventing shutdown" screen shows next to the reason: the
// application's name when it has told us, else the program's file name without ".exe".
std::wstring windowTitle()
{
    {
        SessionState &s = session();
        std::lock_guard<std::mutex> lock(s.mutex);
        if (!s.title.empty())
            return s.title;
    }
    wchar_t path[MAX_PATH] = {};
    const DWORD n = GetModuleFileNameW(nullptr, path, MAX_PATH);
    std::wstring name(path, n);
    const std::size_t slash = name.find_last_of(L"\\/");
    if (slash != std::wstring::npos)
        name.erase(0, slash + 1);
    if (name.size() > 4 && _wcsicmp(name.c_str() + name.size() - 4, L".exe") == 0)
        name.resize(name.size() - 4);
    return name;
}

// The program's own icon (its first icon group resource), shown with the title; none
// when the program has no icon. Loaded inside the callback: a string name is valid only there.
BOOL CALLBACK loadFirstIcon(HMODULE module, LPCWSTR, LPWSTR name, LONG_PTR param)
{
    *reinterpret_cast<HICON *>(param) = LoadIconW(module, name);
    return FALSE;   // the first one is enough
}

HICON programIcon(HINSTANCE instance)
{
    HICON icon = nullptr;
    EnumResourceNamesW(instance, MAKEINTRESOURCEW(14) /* RT_GROUP_ICON */, loadFirstIcon,
                       reinterpret_cast<LONG_PTR>(&icon));
    return icon;
}

// On the window's thread. Posts one record; `hold` keeps this thread here until the
// application releases the hold or the deadline passes.
void deliver(int native, int code, uint32_t sessionEnd, bool hold, bool hasSessionEnd)
{
    Record r;
    r.signal = native;
    r.code = code;
    if (hold)
        r.flags |= Held;
    if (hasSessionEnd) {
        r.flags |= HasSessionEnd;
        r.status = int32_t(sessionEnd);
    }
    HoldTicket ticket;
    {
        std::lock_guard<std::mutex> lock(registryMutex());
        if (!isDeliveredLocked(native))
            return;
        if (hold)
            ticket = beginHold(native);   // before anyone can see the record
        postLocked(r);
    }
    if (hold) {
        waitHold(ticket);
        applyDeferredCtrlCIgnore();   // what was asked of the console while we held
    }
}

void deliverEnd(LPARAM lParam)
{
    // WM_ENDSESSION's lParam, as the WM_ENDSESSION and WM_QUERYENDSESSION documentation
    // lists it; several may be set. 0 is a shutdown or restart.
    const auto flags = static_cast<DWORD>(lParam);
    uint32_t bits = 0;
    if (flags & ENDSESSION_LOGOFF)
        bits |= SessionEndLogoff;
    if (flags & ENDSESSION_CLOSEAPP)
        bits |= SessionEndCloseApp;
    if (flags & ENDSESSION_CRITICAL)
        bits |= SessionEndCritical;
    int native = NativeShutdown;
    if (flags & ENDSESSION_LOGOFF)
        native = NativeLogoff;
    else if (flags & ENDSESSION_CLOSEAPP)
        native = NativeTerminate;   // the Restart Manager closes this application only
    deliver(native, WM_ENDSESSION, bits, true, true);
}

LRESULT CALLBACK sessionWindowProc(HWND hwnd, UINT message, WPARAM wParam, LPARAM lParam)
{
    switch (message) {
    case WM_QUERYENDSESSION: {
        SessionState &s = session();
        std::lock_guard<std::mutex> lock(s.mutex);
        return s.blocked ? FALSE : TRUE;
    }
    case WM_ENDSESSION:
        if (wParam)
            deliverEnd(lParam);
        return 0;
    case WM_CLOSE:
        // A request to close the application (taskkill, QProcess::terminate(), the Restart
        // Manager): Terminate. The window stays: DefWindowProc would destroy it.
        deliver(NativeTerminate, WM_CLOSE, 0, false, false);
        return 0;
    case RetireMessage:
        DestroyWindow(hwnd);
        return 0;
    case WM_DESTROY:
        PostQuitMessage(0);   // retired: this thread ends
        return 0;
    case ApplyReasonMessage: {
        // ShutdownBlockReason* must be called on the thread that owns the window. The reason
        // is read here, so a request posted long ago applies what is true now.
        SessionState &s = session();
        std::wstring reason;
        bool blocked = false;
        {
            std::lock_guard<std::mutex> lock(s.mutex);
            blocked = s.blocked;
            reason = s.reason;
        }
        // Where the system cannot show the reason (Wine's ShutdownBlockReasonCreate is a
        // stub) the veto still holds: the answer to WM_QUERYENDSESSION is what counts.
        if (blocked)
            ShutdownBlockReasonCreate(hwnd, reason.c_str());
        else
            ShutdownBlockReasonDestroy(hwnd);
        return 0;
    }
    case ApplyTitleMessage:
        SetWindowTextW(hwnd, windowTitle().c_str());
        return 0;
    default:
        return DefWindowProcW(hwnd, message, wParam, lParam);
    }
}

void sessionThread()
{
    SessionState &s = session();
    const HINSTANCE instance = GetModuleHandleW(nullptr);
    WNDCLASSW wc = {};
    wc.lpfnWndProc = sessionWindowProc;
    wc.hInstance = instance;
    wc.hIcon = programIcon(instance);
    wc.lpszClassName = L"SignalNotifierSessionWindow";
    HWND hwnd = nullptr;
    DWORD error = 0;
    if (RegisterClassW(&wc) || GetLastError() == ERROR_CLASS_ALREADY_EXISTS) {
        // Top-level (no parent), never shown, not in the taskbar. Its title and icon are what
        // the "preventing shutdown" screen shows beside the block reason.
        hwnd = CreateWindowExW(WS_EX_TOOLWINDOW, wc.lpszClassName, windowTitle().c_str(),
                               WS_OVERLAPPED, 0, 0, 0, 0, nullptr, nullptr, instance, nullptr);
    }
    if (!hwnd)
        error = GetLastError();
    if (hwnd && wc.hIcon) {
        // Also the window's own icon, which is what WM_GETICON answers to other processes.
        SendMessageW(hwnd, WM_SETICON, ICON_BIG, reinterpret_cast<LPARAM>(wc.hIcon));
        SendMessageW(hwnd, WM_SETICON, ICON_SMALL, reinterpret_cast<LPARAM>(wc.hIcon));
    }
    {
        std::lock_guard<std::mutex> lock(s.mutex);
        s.window = hwnd;
        s.error = error;
        s.done = true;
    }
    s.ready.notify_all();
    if (!hwnd)
        return;
    MSG msg;
    while (GetMessageW(&msg, nullptr, 0, 0) > 0) {
        TranslateMessage(&msg);
        DispatchMessageW(&msg);
    }
}

HWND sessionWindow()
{
    SessionState &s = session();
    std::lock_guard<std::mutex> lock(s.mutex);
    return s.window;
}

} // namespace

bool needsSessionWindow(int native)
{
    return native == NativeTerminate || native == NativeLogoff || native == NativeShutdown;
}

bool ensureSessionWindow()
{
    SessionState &s = session();
    std::unique_lock<std::mutex> lock(s.mutex);
    if (!s.started) {
        // Lives until nothing needs it (retireSessionWindowIfUnused). std::thread throws
        // std::system_error when no thread can be made (memory, address space): said as
        // ERROR_NOT_ENOUGH_MEMORY (OutOfResources), and the next watcher tries again. Not
        // caught, it ended the process, and left `started` set for a thread that never ran.
        try {
            std::thread(sessionThread).detach();
        } catch (const std::system_error &) {
            SetLastError(ERROR_NOT_ENOUGH_MEMORY);
            return false;
        }
        s.started = true;
        s.done = false;
    }
    s.ready.wait(lock, [&] { return s.done; });
    if (!s.window)
        SetLastError(s.error);
    return s.window != nullptr;
}

void retireSessionWindowIfUnused()
{
    // Lock order: registry, then session.
    std::lock_guard<std::mutex> registryLock(registryMutex());
    const Registry &reg = registry();
    for (int native : {NativeTerminate, NativeLogoff, NativeShutdown}) {
        if (reg.events[eventIndex(native)].watchers > 0)
            return;
    }
    SessionState &s = session();
    std::lock_guard<std::mutex> lock(s.mutex);
    if (s.blocked || !s.started || !s.done)
        return;
    // A process with a top-level window takes part in session end (and Wine's wineboot
    // ends it afterwards): without watchers it should not have one. Posted, never sent:
    // the window's thread may be waiting for the registry we hold, or holding an event.
    if (s.window)
        PostMessageW(s.window, RetireMessage, 0, 0);
    s.window = nullptr;
    s.started = false;
    s.done = false;
}

} // namespace SignalBackend::Windows

namespace SignalBackend {

using namespace Windows;

Result blockSessionEnd(const std::string &reasonUtf8)
{
    if (!ensureSessionWindow())
        return fromWinError(GetLastError());
    SessionState &s = session();
    {
        std::lock_guard<std::mutex> lock(s.mutex);
        s.blocked = true;
        s.reason = widen(reasonUtf8.empty() ? std::string("Saving its work") : reasonUtf8);
    }
    // From here on a query is answered "no". The reason is shown by the window's thread.
    PostMessageW(sessionWindow(), ApplyReasonMessage, 0, 0);
    return {};
}

void unblockSessionEnd()
{
    SessionState &s = session();
    bool was = false;
    {
        std::lock_guard<std::mutex> lock(s.mutex);
        was = s.blocked;
        s.blocked = false;
        s.reason.clear();
    }
    if (was) {
        // Posted: the window's thread may be holding WM_ENDSESSION right now ("sign out
        // anyway" after a veto), waiting for the very shutdown that calls this.
        if (const HWND hwnd = sessionWindow())
            PostMessageW(hwnd, ApplyReasonMessage, 0, 0);
        retireSessionWindowIfUnused();
    }
}

void setApplicationName(const std::string &nameUtf8)
{
    SessionState &s = session();
    HWND hwnd = nullptr;
    {
        std::lock_guard<std::mutex> lock(s.mutex);
        const std::wstring title = widen(nameUtf8);
        if (title == s.title)
            return;
        s.title = title;
        hwnd = s.window;
    }
    if (hwnd)
        PostMessageW(hwnd, ApplyTitleMessage, 0, 0);   // SetWindowText would send
}

} // namespace SignalBackend
