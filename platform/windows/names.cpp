// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Names, numbers and descriptions of the Windows console events. Fixed strings.

#include "../common/text_p.h"
#include "../names_p.h"
#include "windows_p.h"

#include <cctype>

namespace SignalBackend::Windows {
namespace {

struct Entry {
    int number;
    Id id;
    DWORD ctrl;
    const char *name;
    const char *alias;        // the C runtime's or POSIX's spelling that also parses
    const char *description;
};

// In ascending number order (validNumbers() relies on it); index = eventIndex().
const Entry table[EventCount] = {
    {NativeInterrupt, Id::Interrupt, CTRL_C_EVENT, "CTRL_C_EVENT", "SIGINT",
     "Ctrl+C typed into the console, or GenerateConsoleCtrlEvent(CTRL_C_EVENT)"},
    // Not a console event: the message taskkill (without /F), QProcess::terminate() and the
    // Restart Manager post to a process's top-level windows, the Windows twin of SIGTERM.
    {NativeTerminate, Id::Terminate, NoCtrl, "WM_CLOSE", "SIGTERM",
     "WM_CLOSE posted to the process's windows: taskkill without /F, QProcess::terminate()"},
    {NativeBreak, Id::Quit, CTRL_BREAK_EVENT, "CTRL_BREAK_EVENT", "SIGBREAK",
     "Ctrl+Break typed into the console, or GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT)"},
    {NativeClose, Id::Hangup, CTRL_CLOSE_EVENT, "CTRL_CLOSE_EVENT", "SIGHUP",
     "The console window is being closed; the process ends when the handler returns"},
    {NativeLogoff, Id::Logoff, CTRL_LOGOFF_EVENT, "CTRL_LOGOFF_EVENT", nullptr,
     "The user is logging off; the process ends when the handler returns"},
    {NativeShutdown, Id::Shutdown, CTRL_SHUTDOWN_EVENT, "CTRL_SHUTDOWN_EVENT", nullptr,
     "The system is shutting down; the process ends when the handler returns"},
};

using Text::upper;
using Text::parseInt;

} // namespace

int eventIndex(int native)
{
    for (int i = 0; i < EventCount; ++i) {
        if (table[i].number == native)
            return i;
    }
    return -1;
}

int nativeOfIndex(int index)
{
    return index >= 0 && index < EventCount ? table[index].number : 0;
}

int ctrlOf(int native)
{
    const int i = eventIndex(native);
    return i < 0 || table[i].ctrl == NoCtrl ? -1 : static_cast<int>(table[i].ctrl);
}

int nativeOfCtrl(DWORD ctrl)
{
    for (const Entry &e : table) {
        if (e.ctrl == ctrl && ctrl != NoCtrl)
            return e.number;
    }
    return 0;
}

bool isValidNumber(int native)
{
    return eventIndex(native) >= 0;
}

bool endsProcess(int native)
{
    return native == NativeClose || native == NativeLogoff || native == NativeShutdown;
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

std::string narrow(const std::wstring &text)
{
    if (text.empty())
        return std::string();
    const int n = WideCharToMultiByte(CP_UTF8, 0, text.data(), int(text.size()), nullptr, 0, nullptr, nullptr);
    std::string out(std::size_t(n > 0 ? n : 0), '\0');
    if (n > 0)
        WideCharToMultiByte(CP_UTF8, 0, text.data(), int(text.size()), out.data(), n, nullptr, nullptr);
    return out;
}

} // namespace SignalBackend::Windows

namespace SignalBackend {

using namespace Windows;

int nativeNumber(Id id)
{
    for (const Entry &e : table) {
        if (e.id == id)
            return e.number;
    }
    return 0;
}

Id idOf(int native)
{
    const int i = eventIndex(native);
    return i < 0 ? Id::Invalid : table[i].id;
}

std::string nameOf(int native)
{
    const int i = eventIndex(native);
    return i < 0 ? std::string() : table[i].name;
}

std::string descriptionOf(int native)
{
    const int i = eventIndex(native);
    return i < 0 ? std::string() : table[i].description;
}

std::vector<int> validNumbers()
{
    std::vector<int> out;
    for (const Entry &e : table)
        out.push_back(e.number);
    return out;
}

// Windows has no realtime signals.
int realtimeMin() { return 0; }
int realtimeMax() { return -1; }

int parseNative(const std::string &text)
{
    int number = 0;
    if (parseInt(text, &number))
        return isValidNumber(number) ? number : 0;
    std::string s = upper(text);
    auto strip = [&s](const char *prefix) {
        const std::string p = prefix;
        if (s.size() > p.size() && s.compare(0, p.size(), p) == 0)
            s.erase(0, p.size());
    };
    // "CTRL_C_EVENT", "CTRL_C", "C"; "SIGINT", "INT"; "SIGBREAK", "BREAK"; "SIGHUP", "HUP".
    strip("CTRL_");
    const std::string suffix = "_EVENT";
    if (s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0)
        s.erase(s.size() - suffix.size());
    for (const Entry &e : table) {
        if (e.ctrl == NoCtrl) {
            if (upper(text) == e.name)   // "WM_CLOSE"
                return e.number;
            continue;
        }
        const std::string name = e.name;   // CTRL_x_EVENT
        if (s == name.substr(5, name.size() - 5 - suffix.size()))
            return e.number;
    }
    strip("SIG");
    for (const Entry &e : table) {
        if (e.alias && s == std::string(e.alias).substr(3))
            return e.number;
    }
    return 0;
}

Error checkWatchable(int native)
{
    return isValidNumber(native) ? Error::None : Error::UnknownSignal;
}

Error checkPortable(Id id)
{
    // Every portable id without a number here is a POSIX signal (Terminate has one: WM_CLOSE):
    // asking for it on Windows is a mistake, said out loud.
    if (id == Id::Realtime || id == Id::Other || id == Id::Invalid || id == Id::Count)
        return Error::UnknownSignal;
    return Error::UnsupportedSignal;
}

std::string Windows::detailText(int code)
{
    switch (code) {
    case DetailNotAGroupLeader:
        return "the process does not lead a process group started by ProcessStopper::prepare(); "
               "Windows would send the event to every process on the console instead";
    case DetailCtrlCToGroup:
        return "Windows does not deliver CTRL_C_EVENT to a process group "
               "(GenerateConsoleCtrlEvent); send CTRL_BREAK_EVENT";
    case DetailOwnConsole:
        return "the child has a console of its own (it was started by a process without a "
               "console, with CREATE_NO_WINDOW): no console event can reach it from here";
    case DetailCannotSend:
        return "this event cannot be sent to another process";
    default:
        return std::string();
    }
}

bool isDetailCode(int systemError)
{
    return (systemError & DetailBit) != 0 && !detailText(systemError).empty();
}

std::vector<Id> terminationRequestIds()
{
    // Break ends a console program by Windows' own default; Go and .NET stop on it too.
    return {Id::Interrupt, Id::Terminate, Id::Hangup, Id::Logoff, Id::Shutdown, Id::Quit};
}

std::vector<Id> serviceStopRequestIds()
{
    // Hangup is CTRL_CLOSE_EVENT here: the console closing, never a reload request.
    return terminationRequestIds();
}

std::string systemErrorText(int systemError)
{
    if (isDetailCode(systemError))
        return detailText(systemError);
    wchar_t *buffer = nullptr;
    const DWORD n = FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM
                                       | FORMAT_MESSAGE_IGNORE_INSERTS,
                                   nullptr, DWORD(systemError), 0,
                                   reinterpret_cast<wchar_t *>(&buffer), 0, nullptr);
    std::string text;
    if (n > 0 && buffer) {
        text = narrow(std::wstring(buffer, n));
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ' || text.back() == '.'))
            text.pop_back();
    }
    if (buffer)
        LocalFree(buffer);
    return (text.empty() ? std::string("system error") : text) + " (error " + std::to_string(systemError) + ")";
}

std::string codeName(int native, int code)
{
    // Console events carry their CTRL_*_EVENT value, session end its window message, and a
    // service's stop request its SERVICE_CONTROL_* code (servicemanager.cpp). The families'
    // values overlap (SERVICE_CONTROL_STOP is 1, as CTRL_BREAK_EVENT): the event says which
    // family its code is from.
    if (native == NativeTerminate && code == SERVICE_CONTROL_STOP)
        return "SERVICE_CONTROL_STOP";
    if (native == NativeShutdown && code == SERVICE_CONTROL_PRESHUTDOWN)
        return "SERVICE_CONTROL_PRESHUTDOWN";
    if (native == NativeShutdown && code == SERVICE_CONTROL_SHUTDOWN)
        return "SERVICE_CONTROL_SHUTDOWN";
    switch (code) {
    case CTRL_C_EVENT: return "CTRL_C_EVENT";
    case CTRL_BREAK_EVENT: return "CTRL_BREAK_EVENT";
    case CTRL_CLOSE_EVENT: return "CTRL_CLOSE_EVENT";
    case CTRL_LOGOFF_EVENT: return "CTRL_LOGOFF_EVENT";
    case CTRL_SHUTDOWN_EVENT: return "CTRL_SHUTDOWN_EVENT";
    case WM_CLOSE: return "WM_CLOSE";
    case WM_QUERYENDSESSION: return "WM_QUERYENDSESSION";
    case WM_ENDSESSION: return "WM_ENDSESSION";
    default: return std::to_string(code);
    }
}

} // namespace SignalBackend
