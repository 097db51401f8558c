// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  -------------
// This file is not part of the SignalNotifier API. It is the private contract between
// the Qt layer in src/ and exactly one platform backend in platform/<name>/, chosen by
// CMake. It may change from one version to the next without notice.
//
// Rules of the room:
// - Qt-free: only the C++17 standard library and the platform's C API below this line.
// - src/ calls only what is declared here; a backend defines all of it.
// - Everything here is called from ordinary thread context. What runs in signal-handler
//   context stays inside the backend and is marked there.

#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace SignalBackend {

// The portable identity of a signal or console event. Must match Signal::Id in
// src/signal.h value for value (checked there with static_asserts).
enum class Id : int {
    Invalid = 0,
    Interrupt, Terminate, Hangup, Quit, User1, User2, Child, WindowChanged,
    Alarm, VirtualAlarm, ProfilingTimer, Pipe, Continue,
    TerminalStop, TerminalInput, TerminalOutput, Urgent, CpuTimeLimit, FileSizeLimit,
    IoPossible, PowerFailure, BadSystemCall, Trap, Abort, StackFault,
    Kill, Stop, SegmentationFault, BusError, IllegalInstruction, FloatingPointError,
    Logoff, Shutdown,
    Realtime, Other,
    Count
};

// Why something could not be done. Must match Signal::Error value for value.
enum class Error : int {
    None = 0,
    UnknownSignal,      // out of range, or no such signal on this platform
    ForbiddenSignal,    // exists, but must not be caught (KILL, STOP, synchronous faults)
    UnsupportedSignal,  // a portable event this platform never produces for that use
    NoEventLoop,        // reported by src/, never by a backend
    OutOfResources,     // descriptors, channel slots, memory
    PermissionDenied,
    NoSuchProcess,
    Unsupported,        // the operation does not exist on this platform or kernel
    InvalidArgument,
    SystemError,
};

struct Result {
    Error error = Error::None;
    int systemErrno = 0;   // errno (Windows: GetLastError()) behind the error, 0 if none
    explicit operator bool() const { return error == Error::None; }
};

// The system's own words for Result::systemErrno (strerror; Windows: FormatMessage).
std::string systemErrorText(int systemError);

// ---- Identity and names --------------------------------------------------------------

// The platform's number for a portable id, or 0 when the platform has none.
int nativeNumber(Id id);
// The portable id of a native number (Realtime / Other where no portable id fits),
// Invalid when the number is not a signal of this platform.
Id idOf(int native);
// "SIGINT", "SIGRTMIN+3"; empty when invalid.
std::string nameOf(int native);
// A fixed English description ("Interrupt from keyboard"); empty when invalid.
std::string descriptionOf(int native);
// Every valid native number in ascending order (Python's signal.valid_signals()).
std::vector<int> validNumbers();
// Realtime range, or {0, -1} when the platform has none.
int realtimeMin();
int realtimeMax();
// Parses a platform spelling: "SIGINT", "INT", "int", "2", "RTMIN+3", "SIGRTMAX-1".
// Returns 0 when it is not one.
int parseNative(const std::string &text);
// Whether a native signal may be watched: None, UnknownSignal or ForbiddenSignal.
Error checkWatchable(int native);
// Whether a portable event with no number on this platform (nativeNumber() == 0) may be
// watched: None where watching it is meaningful but it never fires here (Logoff on
// POSIX), UnsupportedSignal where asking for it is a mistake (User1 on Windows).
Error checkPortable(Id id);
// Name of a si_code value for the given signal ("SI_USER", "CLD_EXITED", ...).
std::string codeName(int native, int code);

// ---- Watching -------------------------------------------------------------------------

// One arrival as the handler recorded it. Fixed-size and trivially copyable: the
// handler writes it whole into a channel.
struct Record {
    int32_t signal = 0;
    int32_t code = 0;
    int32_t pid = 0;        // sender (or child for SIGCHLD), 0 if unknown
    uint32_t uid = 0;
    int32_t status = 0;     // child status for SIGCHLD
    uint32_t flags = 0;     // see RecordFlag
    int32_t value = 0;      // sigqueue value (sival_int) when HasValue
    uint32_t seq = 0;       // arrival number, process-wide, wrapping (arrivalSequence())
};
enum RecordFlag : uint32_t {
    HasSender = 1u << 0,
    HasValue  = 1u << 1,
    HasStatus = 1u << 2,
    Marker    = 1u << 3,    // wake-up only: carries no arrival (see drainChannel)
    Held      = 1u << 4,    // the platform keeps the process alive until releaseHold()
    HasSessionEnd = 1u << 5,   // Record::status carries SessionEndBit values (Windows)
};
// What the system said about a session end (Windows: WM_ENDSESSION's lParam), carried in
// Record::status when the record has HasSessionEnd. Same values as SignalInfo's flags.
enum SessionEndBit : uint32_t {
    SessionEndLogoff   = 1u << 0,   // ENDSESSION_LOGOFF
    SessionEndCloseApp = 1u << 1,   // ENDSESSION_CLOSEAPP (the Restart Manager)
    SessionEndCritical = 1u << 2,   // ENDSESSION_CRITICAL
};
static_assert(sizeof(Record) == 32, "Record is written atomically; keep it small");

// A channel is where the handler reports arrivals for the watchers in one place (one
// thread's event loop, or one synchronous wait). It has a readable descriptor that
// becomes readable when there is something to drain.
struct Channel {
    int slot = -1;
    int readFd = -1;           // POSIX: a pipe; Windows: a SOCKET (handle values fit in int)
    unsigned generation = 0;   // a channel from before a fork() is dead in the child
};

// Opens a channel with room for `capacity` records before it overflows; 0 picks the
// default (see README: "The bounded queue"). Descriptors are CLOEXEC and NONBLOCK
// (Windows: not inheritable, non-blocking).
Result openChannel(Channel *channel, std::size_t capacity);
// Stops all reporting into the channel, waits until no handler uses it, closes it.
void closeChannel(Channel *channel);
// False for a channel this process inherited through fork(): it belongs to the parent,
// is never read or written here, and its watchers stay silent.
bool channelAlive(const Channel &channel);
// Whether nothing is waiting to be read in the channel now.
bool channelEmpty(const Channel &channel);
// How many records are waiting to be read in the channel now.
std::size_t channelPending(const Channel &channel);
// Returns once every handler that had started when it was called has finished: all it
// recorded is in its channels then. A few microseconds (handlers never block); callers
// are serialised. Ordinary context only.
void waitForRunningHandlers();
// The number the next arrival will carry in Record::seq. Arrivals are numbered in the
// order handlers start; compare with (int32_t)(a - b) < 0, the counter wraps.
uint32_t arrivalSequence();
// Whether watchers of `native` that do not override an inherited "ignore" get nothing
// (the signal was ignored when watching began: nohup). Lock-free.
bool keptIgnored(int native);
// Whether the calling thread is the one main() runs on (known before QCoreApplication).
bool isMainThread();
// The number of records the channel holds before it overflows.
std::size_t channelCapacity(const Channel &channel);
// Start / stop reporting arrivals of `native` into the channel (reference counted).
void addInterest(const Channel &channel, int native);
void removeInterest(const Channel &channel, int native);

// Reads what has arrived, in arrival order. Calls onRecord for each record; calls
// onOverflow(signal, n) for n arrivals whose records did not fit. Returns true when
// the channel was drained empty (false: stopped at `maxRecords` with records left, so
// the channel is still readable and the caller is woken again). Whenever it finds the
// channel empty it also reports the overflow counts, so no state is left in which counts
// wait and nothing will wake the reader (maxRecords >= 1).
template <typename OnRecord, typename OnOverflow>
bool drainChannel(const Channel &channel, std::size_t maxRecords, OnRecord onRecord,
                  OnOverflow onOverflow);

// One watcher's hold on a signal, handed back to unwatch().
struct WatchTicket {
    int native = 0;
    bool overrideIgnored = false;
    unsigned generation = 0;
};

// Starts handling `native` for one watcher (reference counted per signal). The first
// watcher installs the handler; a signal that is ignored at that moment (nohup) stays
// ignored unless overrideIgnored, and *keptIgnored says so. Later watchers just count.
Result watch(int native, bool overrideIgnored, WatchTicket *ticket, bool *keptIgnored);
// Ends one watcher. The last one puts back exactly the action that was there before.
void unwatch(const WatchTicket &ticket);

// ---- Dispositions ---------------------------------------------------------------------

enum class Disposition { Default, Ignored, Watched, Handled, Unavailable };

// What the signal does in this process now. While watched, `underlying` (if not null)
// tells what it would do without us.
Disposition disposition(int native, Disposition *underlying);
// Sets what the signal does when nobody watches it (Default or Ignored). While
// watched, the watchers keep receiving and this becomes what comes back afterwards.
Result setDisposition(int native, Disposition what);

// Blocks or unblocks `natives` in the calling thread only (pthread_sigmask). Threads
// started afterwards from this thread inherit the mask.
Result setBlockedInThisThread(const std::vector<int> &natives, bool blocked);
bool isBlockedInThisThread(int native);

struct ProcessSignalState {
    int native = 0;
    Disposition disposition = Disposition::Unavailable;
    bool blocked = false;
    bool pending = false;
};
// The state of every valid signal in process `pid` (0: this process, as seen from the
// calling thread for blocked/pending).
Result processState(long long pid, std::vector<ProcessSignalState> *out);

// ---- Sending and waiting ----------------------------------------------------------------

Result send(long long pid, int native);
Result sendValue(long long pid, int native, int value);
Result raiseSignal(int native);
// A descriptor that names one process for its whole life (pidfd), CLOEXEC.
Result openProcessHandle(long long pid, int *handle);
Result sendToHandle(int handle, int native);

// Waits until one of `natives` arrives or `timeoutMs` passes (-1: forever). Watches the
// signals for the duration, alongside any notifiers, which still get their copy. Like
// sigtimedwait(), it takes a signal that is blocked in the calling thread: one already
// pending (takePending()), else the next (unblocked for the wait only).
// Returns None with *got filled, or Error::None with got->signal == 0 on timeout.
Result wait(const std::vector<int> &natives, int timeoutMs, Record *got);
// Takes one of `natives` that is pending for the calling thread or the process and
// blocked in this thread, leaving the others pending (sigtimedwait() with no wait).
// False when none is, or where the system cannot (then wait() unblocks to take it).
bool takePending(const std::vector<int> &natives, Record *got);

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

// While blocked, a query whether the session may end (Windows GUI: WM_QUERYENDSESSION) is
// answered "not now", with `reasonUtf8` shown to the user. Returns Unsupported where the
// platform has no such query (POSIX); the state is then kept but has no effect.
Result blockSessionEnd(const std::string &reasonUtf8);
void unblockSessionEnd();

// ---- Telling the service manager ---------------------------------------------------------

// Sends one status message (sd_notify protocol: "STOPPING=1", "EXTEND_TIMEOUT_USEC=...")
// to the service manager that started the process: on POSIX one datagram on the AF_UNIX
// socket named by $NOTIFY_SOCKET (a path, or an abstract name when it starts with '@'),
// through a CLOEXEC socket opened for this message only, never blocking. Returns
// Unsupported when there is no service manager to tell ($NOTIFY_SOCKET unset or empty;
// always on Windows), InvalidArgument when $NOTIFY_SOCKET is not a usable address.
Result notifyServiceManager(const std::string &message);

// ---- Resources a new thread needs ------------------------------------------------------

// Whether `count` more descriptors can be opened now: opens them (CLOEXEC) and closes them
// again. Qt aborts the process when a new thread's event loop cannot get its descriptors,
// so a caller about to start one asks first. OutOfResources (with errno) when they cannot.
// Windows: handles have no such small per-process limit; always None.
Result probeDescriptors(int count);

// ---- Ending the process the way an event's default action would ------------------------

// Ends the process so that its parent sees what the event's default action reports: POSIX
// restores SIG_DFL for `native` (SIGTERM when 0), unblocks it in this thread and raises it,
// so a shell sees 128+n and systemd "killed by SIGTERM"; a signal whose default action does
// not end the process gives _exit(128+n). Windows exits with STATUS_CONTROL_C_EXIT, as its
// own default console handler does. Runs no atexit handlers and no destructors.
[[noreturn]] void endProcessBy(Id id, int native);

// ---- Child processes that can be stopped gracefully --------------------------------------

// Asks child process `pid` to stop gracefully with `native` (0: the platform's usual
// request). POSIX sends the signal (SIGTERM by default), then SIGCONT, so that a child
// that is stopped (kill -STOP, Ctrl-Z, reading the terminal in the background) acts on it
// at once, as systemd does. Windows sends CTRL_BREAK_EVENT to the child's process group,
// which exists when it was started in its own group.
Result requestChildStop(long long pid, int native);

// ---- fork() ----------------------------------------------------------------------------

// Registers what the Qt layer must do around fork() (pthread_atfork: prepare in the
// parent before, parent and child after). Windows has no fork(): nothing is ever called.
void atFork(void (*prepare)(), void (*parent)(), void (*child)());

// ---- Added for the Windows review (issue 11); a later issue splits this header ----------

// The portable ids that ask the program to end on this platform (Signal::terminationRequests):
// Interrupt, Terminate, Hangup, Logoff, Shutdown everywhere; Windows adds Break (Quit),
// which Windows' own default handler treats as a request to end, as Go and .NET do.
std::vector<Id> terminationRequestIds();
// The same without the POSIX terminal hangup (SIGHUP), which daemons take as "reload"
// (Signal::serviceStopRequests). On Windows Hangup is the console closing and stays.
std::vector<Id> serviceStopRequestIds();

// Children started by ProcessStopper::prepare(): `pid` leads its own process group, and
// `sharesConsole` says whether it shares this process's console (Windows: the only way a
// console event reaches it). send() and requestChildStop() address only such children on
// Windows. POSIX: nothing to remember (kill reaches any pid).
void noteGroupLeader(long long pid, bool sharesConsole);
void forgetGroupLeader(long long pid);

// True when `systemError` is a detail code of the backend itself rather than the
// system's (Windows: an application-defined error code); systemErrorText() spells it, and
// the Qt layer shows it whatever the Error is. POSIX: always false.
bool isDetailCode(int systemError);

// The application's name, for what the system shows the user about this process
// (Windows: the title of the hidden session window on the "preventing shutdown" screen).
void setApplicationName(const std::string &nameUtf8);

// Asks the system to start the program again after it is closed for an update or a
// restart (Windows: RegisterApplicationRestart, with `argumentsUtf8` as its command line
// and `flags` as its RESTART_NO_* flags). Unsupported on POSIX.
Result registerApplicationRestart(const std::string &argumentsUtf8, unsigned flags);
void unregisterApplicationRestart();

// ---- Child processes at a terminal (job control) -----------------------------------------
//
// What an interactive shell does for a job, done for a child that leads its own process
// group (ProcessStopper::prepare), so that the child can use the terminal and the parent
// still behaves as one job to the shell. POSIX only: Windows consoles have no job
// control (a child's own process group only decides who gets CTRL_BREAK), so there these
// do nothing and return false / 0 / Unsupported.

// Runs in the child between fork and exec: async-signal-safe. The child leads a new
// process group. When its standard input is the controlling terminal and the parent's
// group is that terminal's foreground group, the new group becomes the foreground one, as
// a shell does for a foreground job; in the background it does not take the terminal.
void becomeJobInChild();
// The terminal's foreground goes back from child `pid`'s group to the calling process's
// group, when the child's group has it (the child ended or stopped). True when it moved.
bool takeTerminalFromChild(long long pid);
// The terminal's foreground goes from the calling process's group to child `pid`'s group,
// when the caller's group has it (the caller was continued in the foreground).
bool giveTerminalToChild(long long pid);
// The signal that stopped child `pid` since the last call (SIGTSTP, SIGTTIN, SIGTTOU,
// SIGSTOP...), 0 when it has not stopped. Never reaps: the exit stays for its owner.
int takeChildStop(long long pid);
// Stops the calling process as `native` (SIGTSTP, SIGTTIN or SIGTTOU, default action)
// stops a job, so that the shell sees its job stopped when the child stopped. Returns once
// the process is continued, or at once where the system discards such a stop (a group no
// shell controls). Unsupported when there is no controlling terminal.
Result stopAsJob(int native);
// Sends SIGCONT to child `pid`'s group (to the child alone when it leads none).
Result continueChild(long long pid);

// ---- Internal plumbing shared by drainChannel -----------------------------------------

// Blocks until the channel may be readable or `timeoutMs` passes (-1: no limit). Used by
// wait(), which is shared by every backend (platform/common/wait.cpp).
Result waitReadable(const Channel &channel, int timeoutMs);
// Reads up to `max` records; returns how many, 0 when empty. Never blocks.
std::size_t readRecords(const Channel &channel, Record *buffer, std::size_t max);
// True (once) when a handler found the channel full since the last call.
bool takeOverflowFlag(const Channel &channel);
// Takes the overflow count of `native` in the channel (resets it to zero).
uint64_t takeOverflow(const Channel &channel, int native);
// Highest native number + 1.
int signalLimit();

template <typename OnRecord, typename OnOverflow>
bool drainChannel(const Channel &channel, std::size_t maxRecords, OnRecord onRecord,
                  OnOverflow onOverflow)
{
    constexpr std::size_t BufferRecords = 256;
    // Left uninitialised on purpose: read() fills what is used. `Record buffer[256]`
    // zero-filled 8 KiB on every wake-up, the largest cost of a drain (callgrind:
    // ~1,300 of ~1,800 instructions per delivered signal).
    alignas(Record) unsigned char storage[sizeof(Record) * BufferRecords];
    Record *const buffer = reinterpret_cast<Record *>(storage);
    std::size_t total = 0;
    bool empty = false;
    while (!empty) {
        if (total >= maxRecords) {
            // At the limit. Stopping is safe only while records are left: they keep the
            // channel readable, so the reader is called again. A channel that the last
            // read emptied exactly would wake nobody, so it counts as drained.
            if (!channelEmpty(channel))
                return false;
            break;
        }
        const std::size_t want = std::min(BufferRecords, maxRecords - total);
        const std::size_t n = readRecords(channel, buffer, want);
        for (std::size_t i = 0; i < n; ++i) {
            if (!(buffer[i].flags & Marker))
                onRecord(buffer[i]);
        }
        total += n;
        empty = n < want;   // a short read emptied the channel
    }
    // Only now look at the overflow counts: a handler that found the channel full counted
    // first and then wrote a marker, so what it counted is visible here, or its marker
    // wakes us once more.
    if (takeOverflowFlag(channel)) {
        const int limit = signalLimit();
        for (int sig = 1; sig < limit; ++sig) {
            if (const uint64_t lost = takeOverflow(channel, sig))
                onOverflow(sig, lost);
        }
    }
    return true;
}

} // namespace SignalBackend
