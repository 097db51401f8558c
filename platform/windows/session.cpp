// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Session end for every process that has loaded user32 (every Qt program, console or GUI):
// Windows then sends WM_QUERYENDSESSION / WM_ENDSESSION to its top-level windows and no
// longer calls console handlers with CTRL_LOGOFF_EVENT / CTRL_SHUTDOWN_EVENT. A hidden
// top-level window on its own thread receives them. It is not message-only (HWND_MESSAGE):
// such windows are not told about session end. Its thread does nothing else, so it
// answers at once even while the application's threads are busy.
//
// What becomes of the messages:
//   WM_QUERYENDSESSION   answered "no" while blockSessionEnd() is in force (with the
//                        reason given to ShutdownBlockReasonCreate), else "yes". Not
//                        delivered: the session may still go on if another program says no.
//   WM_ENDSESSION(TRUE)  the session ends: Logoff (ENDSESSION_LOGOFF) or Shutdown, delivered
//                        held, code WM_ENDSESSION. The process ends when we return.
//   WM_ENDSESSION(FALSE) somebody vetoed: nothing to deliver.

#include "windows_p.h"

#include <condition_variable>
#include <string>
#include <thread>

namespace SignalBackend::Windows {
namespace {

constexpr UINT SetReasonMessage = WM_APP + 1;    // lParam: const std::wstring *, or null

struct SessionState {
    std::mutex mutex;
    std::condition_variable ready;
    bool started = false;
    bool done = false;          // the thread finished creating (or failed to)
    HWND window = nullptr;
    DWORD error = 0;
    bool blocked = false;       // answer WM_QUERYENDSESSION with "no"
    std::wstring reason;        // kept while blocked (ShutdownBlockReasonCreate)
};

SessionState &session()
{
    static SessionState *const s = new SessionState;
    return *s;
}

std::wstring widen(const std::string &utf8)
{
    if (utf8.empty())
        return std::wstring();
    const int n = MultiByteToWideChar(CP_UTF8, 0, utf8.data(), int(utf8.size()), nullptr, 0);
    std::wstring out(std::size_t(n > 0 ? n : 0), L'\0');
    if (n > 0)
        MultiByteToWideChar(CP_UTF8, 0, utf8.data(), int(utf8.size()), out.data(), n);
    return out;
}

void deliverEnd(LPARAM flags)
{
    const int native = (flags & ENDSESSION_LOGOFF) ? NativeLogoff : NativeShutdown;
    Record r;
    r.signal = native;
    r.code = WM_ENDSESSION;
    r.flags = Held;
    HoldTicket ticket;
    {
        std::lock_guard<std::mutex> lock(registryMutex());
        if (!isDeliveredLocked(native))
            return;
        ticket = beginHold(native);
        postLocked(r);
    }
    waitHold(ticket);
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
    case WM_DESTROY:
        PostQuitMessage(0);   // retired: this thread ends
        return 0;
    case SetReasonMessage: {
        // ShutdownBlockReason* must be called on the thread that owns the window.
        const auto *reason = reinterpret_cast<const std::wstring *>(lParam);
        if (reason)
            return ShutdownBlockReasonCreate(hwnd, reason->c_str()) ? 1 : 0;
        return ShutdownBlockReasonDestroy(hwnd) ? 1 : 0;
    }
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
    wc.lpszClassName = L"SignalNotifierSessionWindow";
    HWND hwnd = nullptr;
    DWORD error = 0;
    if (RegisterClassW(&wc) || GetLastError() == ERROR_CLASS_ALREADY_EXISTS) {
        // Top-level (no parent), never shown, not in the taskbar.
        hwnd = CreateWindowExW(WS_EX_TOOLWINDOW, wc.lpszClassName, L"SignalNotifier",
                               WS_OVERLAPPED, 0, 0, 0, 0, nullptr, nullptr, instance, nullptr);
    }
    if (!hwnd)
        error = GetLastError();
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

bool ensureSessionWindow()
{
    SessionState &s = session();
    std::unique_lock<std::mutex> lock(s.mutex);
    if (!s.started) {
        s.started = true;
        s.done = false;
        // Lives until nothing needs it (retireSessionWindowIfUnused).
        std::thread(sessionThread).detach();
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
    if (reg.events[eventIndex(NativeLogoff)].watchers > 0
        || reg.events[eventIndex(NativeShutdown)].watchers > 0)
        return;
    SessionState &s = session();
    std::lock_guard<std::mutex> lock(s.mutex);
    if (s.blocked || !s.started || !s.done)
        return;
    // A process with a top-level window takes part in session end (and Wine's wineboot
    // ends it afterwards): without watchers it should not have one. Posted, never sent:
    // the window's thread may be waiting for the registry we hold.
    if (s.window)
        PostMessageW(s.window, WM_CLOSE, 0, 0);
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
    std::wstring reason = widen(reasonUtf8.empty() ? std::string("Saving its work") : reasonUtf8);
    {
        std::lock_guard<std::mutex> lock(s.mutex);
        s.blocked = true;
        s.reason = reason;
    }
    // From here on a query is answered "no". The reason is for the user's eyes only; where
    // the system cannot show it (Wine's ShutdownBlockReasonCreate is a stub) the veto still
    // holds, so that is not an error.
    SendMessageW(sessionWindow(), SetReasonMessage, 0, reinterpret_cast<LPARAM>(&reason));
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
        SendMessageW(sessionWindow(), SetReasonMessage, 0, 0);
        retireSessionWindowIfUnused();
    }
}

} // namespace SignalBackend
