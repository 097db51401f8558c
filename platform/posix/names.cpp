// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Names and descriptions of the POSIX signals. Fixed strings, so they are thread-safe
// (strsignal() is not, and its text changes with the C library and the locale).

#include "../common/text_p.h"
#include "../names_p.h"
#include "posix_p.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <signal.h>

namespace SignalBackend::Posix {
namespace {

struct Entry {
    int number;
    Id id;
    const char *name;
    const char *description;
};

// The signals every POSIX system we build on has, plus the Linux-only ones guarded
// where they are defined. The realtime range is added by rule, not by table.
const Entry table[] = {
    {SIGHUP, Id::Hangup, "SIGHUP", "Hangup: the controlling terminal or its session went away"},
    {SIGINT, Id::Interrupt, "SIGINT", "Interrupt from the keyboard (Ctrl-C)"},
    {SIGQUIT, Id::Quit, "SIGQUIT", "Quit from the keyboard (Ctrl-\\), with a core dump by default"},
    {SIGILL, Id::IllegalInstruction, "SIGILL", "Illegal instruction"},
    {SIGTRAP, Id::Trap, "SIGTRAP", "Trace or breakpoint trap"},
    {SIGABRT, Id::Abort, "SIGABRT", "Aborted (abort())"},
    {SIGBUS, Id::BusError, "SIGBUS", "Bus error: bad memory access"},
    {SIGFPE, Id::FloatingPointError, "SIGFPE", "Arithmetic exception"},
    {SIGKILL, Id::Kill, "SIGKILL", "Killed: cannot be caught or ignored"},
    {SIGUSR1, Id::User1, "SIGUSR1", "User-defined signal 1"},
    {SIGSEGV, Id::SegmentationFault, "SIGSEGV", "Segmentation fault: invalid memory reference"},
    {SIGUSR2, Id::User2, "SIGUSR2", "User-defined signal 2"},
    {SIGPIPE, Id::Pipe, "SIGPIPE", "Broken pipe: write with no reader"},
    {SIGALRM, Id::Alarm, "SIGALRM", "Timer expired (alarm)"},
    {SIGTERM, Id::Terminate, "SIGTERM", "Termination request"},
#ifdef SIGSTKFLT
    {SIGSTKFLT, Id::StackFault, "SIGSTKFLT", "Coprocessor stack fault (unused)"},
#endif
    {SIGCHLD, Id::Child, "SIGCHLD", "Child process stopped, continued or terminated"},
    {SIGCONT, Id::Continue, "SIGCONT", "Continue if stopped"},
    {SIGSTOP, Id::Stop, "SIGSTOP", "Stopped: cannot be caught or ignored"},
    {SIGTSTP, Id::TerminalStop, "SIGTSTP", "Stop typed at the terminal (Ctrl-Z)"},
    {SIGTTIN, Id::TerminalInput, "SIGTTIN", "Background process read from the terminal"},
    {SIGTTOU, Id::TerminalOutput, "SIGTTOU", "Background process wrote to the terminal"},
    {SIGURG, Id::Urgent, "SIGURG", "Urgent data on a socket"},
    {SIGXCPU, Id::CpuTimeLimit, "SIGXCPU", "CPU time limit exceeded"},
    {SIGXFSZ, Id::FileSizeLimit, "SIGXFSZ", "File size limit exceeded"},
    {SIGVTALRM, Id::VirtualAlarm, "SIGVTALRM", "Virtual timer expired"},
    {SIGPROF, Id::ProfilingTimer, "SIGPROF", "Profiling timer expired"},
    {SIGWINCH, Id::WindowChanged, "SIGWINCH", "Terminal window size changed"},
    {SIGIO, Id::IoPossible, "SIGIO", "I/O is possible on a descriptor"},
#ifdef SIGPWR
    {SIGPWR, Id::PowerFailure, "SIGPWR", "Power failure"},
#endif
    {SIGSYS, Id::BadSystemCall, "SIGSYS", "Bad system call"},
};

// The table by number: idOf() runs several times per delivered arrival (Signal::fromNumber,
// isRealtime), and a search through the table was a tenth of the library's instructions per
// delivery (callgrind, README "Benchmark"). Made on first use; read-only afterwards.
const Entry *entryOf(int native)
{
    static const auto byNumber = [] {
        std::array<const Entry *, SignalLimit> index{};
        for (const Entry &e : table) {
            if (e.number > 0 && e.number < SignalLimit)
                index[size_t(e.number)] = &e;
        }
        return index;
    }();
    return native > 0 && native < SignalLimit ? byNumber[size_t(native)] : nullptr;
}

bool isRealtime(int native)
{
    return native >= SIGRTMIN && native <= SIGRTMAX;
}

using Text::upper;
using Text::parseInt;

} // namespace

bool isValidNumber(int native)
{
    return entryOf(native) || isRealtime(native);
}

} // namespace SignalBackend::Posix

namespace SignalBackend {

using namespace Posix;

int nativeNumber(Id id)
{
    for (const Entry &e : table) {
        if (e.id == id)
            return e.number;
    }
    return 0;   // Logoff, Shutdown, Realtime, Other: no single POSIX number
}

Id idOf(int native)
{
    if (const Entry *e = entryOf(native))
        return e->id;
    return isRealtime(native) ? Id::Realtime : Id::Invalid;
}

int realtimeMin() { return SIGRTMIN; }
int realtimeMax() { return SIGRTMAX; }

std::string nameOf(int native)
{
    if (const Entry *e = entryOf(native))
        return e->name;
    if (!isRealtime(native))
        return {};
    // As `kill -l` spells them: the lower half counts up from RTMIN, the upper half
    // down from RTMAX. Both spellings of any number parse.
    const int fromMin = native - SIGRTMIN;
    const int fromMax = SIGRTMAX - native;
    if (fromMin == 0)
        return "SIGRTMIN";
    if (fromMax == 0)
        return "SIGRTMAX";
    if (fromMin <= fromMax)
        return "SIGRTMIN+" + std::to_string(fromMin);
    return "SIGRTMAX-" + std::to_string(fromMax);
}

std::string descriptionOf(int native)
{
    if (const Entry *e = entryOf(native))
        return e->description;
    if (!isRealtime(native))
        return {};
    return "Realtime signal " + std::to_string(native - SIGRTMIN) +
           " (queued, delivered one by one with its value)";
}

std::vector<int> validNumbers()
{
    std::vector<int> out;
    for (const Entry &e : table)
        out.push_back(e.number);
    for (int n = SIGRTMIN; n <= SIGRTMAX; ++n)
        out.push_back(n);
    std::sort(out.begin(), out.end());
    return out;
}

int parseNative(const std::string &text)
{
    int number = 0;
    if (parseInt(text, &number))
        return isValidNumber(number) ? number : 0;
    std::string s = upper(text);
    if (s.rfind("SIG", 0) == 0)
        s.erase(0, 3);
    for (const Entry &e : table) {
        if (s == e.name + 3)
            return e.number;
    }
    // Aliases other tools print.
    if (s == "IOT")
        return SIGABRT;
    if (s == "POLL")
        return SIGIO;
    if (s == "CLD")
        return SIGCHLD;
    auto realtime = [&](const char *prefix, int base) {
        const std::size_t len = std::strlen(prefix);
        if (s.compare(0, len, prefix) != 0)
            return 0;
        if (s.size() == len)
            return base;
        const char op = s[len];
        int offset = 0;
        if ((op != '+' && op != '-') || !parseInt(s.substr(len + 1), &offset))
            return 0;
        const int n = base + ((op == '+') ? offset : -offset);
        return isRealtime(n) ? n : 0;
    };
    if (const int n = realtime("RTMIN", SIGRTMIN))
        return n;
    if (const int n = realtime("RTMAX", SIGRTMAX))
        return n;
    return 0;
}

Error checkWatchable(int native)
{
    if (!isValidNumber(native))
        return Error::UnknownSignal;
    switch (native) {
    case SIGKILL:
    case SIGSTOP:     // the kernel never lets a process catch these
    case SIGSEGV:
    case SIGBUS:
    case SIGILL:
    case SIGFPE:      // synchronous faults: returning from a handler re-runs the fault
        return Error::ForbiddenSignal;
    default:
        return Error::None;
    }
}

Error checkPortable(Id id)
{
    // Session end is part of every termination-request set; on POSIX it never comes.
    return (id == Id::Logoff || id == Id::Shutdown) ? Error::None : Error::UnknownSignal;
}

std::string systemErrorText(int systemError)
{
    return std::strerror(systemError);
}

std::string codeName(int native, int code)
{
    if (native == SIGCHLD && code > 0) {
        switch (code) {
        case CLD_EXITED: return "CLD_EXITED";
        case CLD_KILLED: return "CLD_KILLED";
        case CLD_DUMPED: return "CLD_DUMPED";
        case CLD_TRAPPED: return "CLD_TRAPPED";
        case CLD_STOPPED: return "CLD_STOPPED";
        case CLD_CONTINUED: return "CLD_CONTINUED";
        default: break;
        }
    }
    switch (code) {
    case SI_USER: return "SI_USER";
    case SI_QUEUE: return "SI_QUEUE";
    case SI_TIMER: return "SI_TIMER";
    case SI_MESGQ: return "SI_MESGQ";
    case SI_ASYNCIO: return "SI_ASYNCIO";
    default: break;
    }
    if (const char *name = systemCodeName(code))
        return name;
    return std::to_string(code);
}

std::vector<Id> terminationRequestIds()
{
    // SIGQUIT is not among them: its default action is a core dump, a debugging request.
    return {Id::Interrupt, Id::Terminate, Id::Hangup, Id::Logoff, Id::Shutdown};
}

std::vector<Id> serviceStopRequestIds()
{
    // SIGHUP is the daemon's reload request (nginx, sshd, systemd's ExecReload= and
    // Type=notify-reload's default ReloadSignal=).
    return {Id::Interrupt, Id::Terminate, Id::Logoff, Id::Shutdown};
}

bool isDetailCode(int)
{
    return false;   // errno values only
}

} // namespace SignalBackend
