// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Channels, watching and dispositions, and the console control handler routine. The
// rules for the registry are at the top of windows_p.h.

#include "../channelio_p.h"
#include "../channels_p.h"
#include "../dispositions_p.h"
#include "../names_p.h"
#include "../process_p.h"
#include "../sessionend_p.h"
#include "windows_p.h"

#include <atomic>

#include <type_traits>

#ifndef WSA_FLAG_NO_HANDLE_INHERIT
#define WSA_FLAG_NO_HANDLE_INHERIT 0x80
#endif

namespace SignalBackend::Windows {

namespace {
Registry g_registry;
using Lock = std::lock_guard<std::mutex>;
}

Registry &registry()
{
    return g_registry;
}

std::mutex &registryMutex()
{
    // Never destroyed: a console event during exit still finds it.
    static std::mutex *const mutex = new std::mutex;
    return *mutex;
}

Result fromWinError(DWORD e)
{
    switch (e) {
    case ERROR_ACCESS_DENIED: return {Error::PermissionDenied, int(e)};
    case ERROR_INVALID_PARAMETER: return {Error::InvalidArgument, int(e)};
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
    case ERROR_TOO_MANY_OPEN_FILES:
    case WSAEMFILE:
    case WSAENOBUFS: return {Error::OutOfResources, int(e)};
    case ERROR_CALL_NOT_IMPLEMENTED:
    case ERROR_NOT_SUPPORTED: return {Error::Unsupported, int(e)};
    default: return {Error::SystemError, int(e)};
    }
}

namespace {

bool startWinsock()
{
    // Once per process and never undone: the library may be used until the very end.
    static const bool ok = [] {
        WSADATA data;
        return WSAStartup(MAKEWORD(2, 2), &data) == 0;
    }();
    return ok;
}

SOCKET tcpSocket()
{
    // Not inheritable from birth (the Windows twin of CLOEXEC): a child started by
    // CreateProcess with bInheritHandles never holds one of our channels.
    return WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0,
                      WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
}

// A connected loopback pair, both ends non-blocking and not inheritable. The listener
// lives only until the one expected peer has connected, and the accepted peer is
// checked to be our own connecting socket, not another local process that raced us.
Result socketPair(SOCKET *readEnd, SOCKET *writeEnd)
{
    if (!startWinsock())
        return {Error::SystemError, WSAGetLastError()};
    SOCKET listener = tcpSocket();
    SOCKET client = INVALID_SOCKET;
    SOCKET server = INVALID_SOCKET;
    auto fail = [&](int e) -> Result {
        if (listener != INVALID_SOCKET)
            closesocket(listener);
        if (client != INVALID_SOCKET)
            closesocket(client);
        if (server != INVALID_SOCKET)
            closesocket(server);
        return fromWinError(DWORD(e));
    };
    if (listener == INVALID_SOCKET)
        return fail(WSAGetLastError());
    sockaddr_in addr = {};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    int len = sizeof addr;
    if (bind(listener, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0
        || listen(listener, 1) != 0
        || getsockname(listener, reinterpret_cast<sockaddr *>(&addr), &len) != 0)
        return fail(WSAGetLastError());
    client = tcpSocket();
    if (client == INVALID_SOCKET
        || connect(client, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0)
        return fail(WSAGetLastError());
    server = accept(listener, nullptr, nullptr);
    if (server == INVALID_SOCKET)
        return fail(WSAGetLastError());
    closesocket(listener);
    listener = INVALID_SOCKET;
    SetHandleInformation(reinterpret_cast<HANDLE>(server), HANDLE_FLAG_INHERIT, 0);

    sockaddr_in mine = {};
    sockaddr_in peer = {};
    int mineLen = sizeof mine;
    int peerLen = sizeof peer;
    if (getsockname(client, reinterpret_cast<sockaddr *>(&mine), &mineLen) != 0
        || getpeername(server, reinterpret_cast<sockaddr *>(&peer), &peerLen) != 0
        || mine.sin_port != peer.sin_port || mine.sin_addr.s_addr != peer.sin_addr.s_addr)
        return fail(WSAECONNREFUSED);

    u_long nonBlocking = 1;
    BOOL noDelay = TRUE;
    if (ioctlsocket(server, FIONBIO, &nonBlocking) != 0
        || ioctlsocket(client, FIONBIO, &nonBlocking) != 0)
        return fail(WSAGetLastError());
    setsockopt(client, IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<const char *>(&noDelay),
               sizeof noDelay);
    *readEnd = server;
    *writeEnd = client;
    return {};
}

// With the mutex held. One byte wakes the reader; more are never needed while it has
// not read (wakePending), so the socket's buffer never fills.
void wakeLocked(ChannelSlot &ch)
{
    if (ch.wakePending)
        return;
    ch.wakePending = true;
    const char byte = 1;
    ::send(ch.writeSocket, &byte, 1, 0);
}

// The console the routine was registered for: Windows may drop the handler list when the
// process frees its console or attaches to another (AllocConsole, AttachConsole,
// FreeConsole), so a different console means registering again. A console is told apart
// by whether there is one and by its window (GetConsoleWindow); two windowless consoles
// in a row cannot be told apart.
struct ConsoleIdentity {
    bool attached = false;
    HWND window = nullptr;
    bool operator==(const ConsoleIdentity &o) const { return attached == o.attached && window == o.window; }
};

ConsoleIdentity currentConsole()
{
    DWORD list[1];
    ConsoleIdentity id;
    id.attached = GetConsoleProcessList(list, 1) != 0;
    id.window = id.attached ? GetConsoleWindow() : nullptr;
    return id;
}

// Guarded by consoleApiMutex().
bool g_routineRegistered = false;
ConsoleIdentity g_registeredFor;
bool g_ctrlCIgnoreCleared = false;   // we turned the system's Ctrl+C ignore off, and not on since
// The system's Ctrl+C ignore wanted while an event was held (-1: nothing): set by the
// holding thread itself once its hold ends (applyDeferredCtrlCIgnore()).
std::atomic<int> g_ctrlCIgnoreDeferred{-1};

// With consoleApiMutex() held. The system's own Ctrl+C ignore (SetConsoleCtrlHandler(NULL,
// ...)), inherited by children. Turning it off again while we know it is off is skipped:
// every console call may wait for the console lock, held while a routine runs.
bool setSystemCtrlCIgnore(bool ignore)
{
    if (!ignore && g_ctrlCIgnoreCleared && g_registeredFor == currentConsole())
        return true;
    if (holdActive()) {
        // A routine is holding an event, and with it the console lock: the call would wait
        // until the hold ends (the system may end the process first). No Ctrl+C is
        // dispatched meanwhile anyway, so the holding thread makes the change when its
        // hold ends, before it returns and lets the lock go.
        g_ctrlCIgnoreDeferred.store(ignore ? 1 : 0);
        g_ctrlCIgnoreCleared = !ignore;
        return true;
    }
    if (!SetConsoleCtrlHandler(nullptr, ignore ? TRUE : FALSE))
        return false;
    g_ctrlCIgnoreCleared = !ignore;
    return true;
}

} // namespace

void applyDeferredCtrlCIgnore()
{
    // On the thread whose hold just ended: it holds the console lock itself if it is the
    // system's routine thread (a recursive lock), so this never waits for it.
    const int want = g_ctrlCIgnoreDeferred.exchange(-1);
    if (want >= 0)
        SetConsoleCtrlHandler(nullptr, want ? TRUE : FALSE);
}

std::mutex &consoleApiMutex()
{
    static std::mutex *const mutex = new std::mutex;   // never destroyed, like the registry
    return *mutex;
}

void ensureRoutineLocked()
{
    const ConsoleIdentity now = currentConsole();
    if (g_routineRegistered && now == g_registeredFor)
        return;
    // Once for the life of the process, and never removed: removing it would need the
    // console lock, held while the system runs it. A second entry for a console that did
    // keep the list is harmless: the first that returns TRUE ends the walk, and ours
    // returns the same answer each time.
    if (SetConsoleCtrlHandler(consoleRoutine, TRUE)) {
        g_routineRegistered = true;
        g_registeredFor = now;
        g_ctrlCIgnoreCleared = false;   // a new console: its Ctrl+C state is unknown
    }
}

namespace {
} // namespace

uint32_t g_sequence = 1;   // Record::seq of the next arrival; registryMutex()

int postLocked(const Record &arrival)
{
    const int index = eventIndex(arrival.signal);
    if (index < 0)
        return 0;
    Record r = arrival;
    r.seq = g_sequence++;   // under the registry mutex: in posting order
    if (r.seq == 0)         // 0 means "no number" (counted): skipped when it wraps
        r.seq = g_sequence++;
    int reached = 0;
    for (ChannelSlot &ch : registry().channels) {
        if (!ch.used || ch.interest[index] == 0)
            continue;
        ++reached;
        if (ch.size == ch.ring.size()) {
            // Full: counted, never silently dropped; the reader reports it after draining.
            ++ch.overflow[index];
            ch.overflowFlag = true;
        } else {
            ch.ring[(ch.head + ch.size) % ch.ring.size()] = r;
            ++ch.size;
        }
        wakeLocked(ch);
    }
    return reached;
}

bool isDeliveredLocked(int native)
{
    const int index = eventIndex(native);
    if (index < 0)
        return false;
    const EventSlot &e = registry().events[index];
    return e.watchers > 0 && !e.keptIgnored;
}

bool isIgnoredLocked(int native)
{
    const int index = eventIndex(native);
    return index >= 0 && registry().events[index].ignored;
}

// Runs on a thread the system creates for each console event (or, for tests and
// raiseSignal(), on one we create the same way). An ordinary thread: it may lock.
BOOL WINAPI consoleRoutine(DWORD ctrl)
{
    const int native = nativeOfCtrl(ctrl);
    if (native == 0)
        return FALSE;   // an event we do not know: the next handler decides
    Record r;
    // Session 0 (a service, a SYSTEM task) gets CTRL_LOGOFF_EVENT for every user's logoff
    // (HandlerRoutine documentation): it is not this process's end. Watched, it is
    // swallowed, so the process goes on (Go and .NET shipped this bug and fixed it).
    if (native == NativeLogoff && inSessionZero()) {
        Lock lock(registryMutex());
        return isDeliveredLocked(native) ? TRUE : FALSE;
    }
    r.signal = native;
    r.code = static_cast<int32_t>(ctrl);
    HoldTicket ticket;
    const bool hold = endsProcess(native);
    {
        Lock lock(registryMutex());
        if (!isDeliveredLocked(native)) {
            // Nobody watches. An ignored Ctrl+Break or Ctrl+C is ours to swallow (Ctrl+C is
            // also ignored by the system itself, but only once unwatch() has put that back);
            // everything else goes on to the next handler and, in the end, to Windows'
            // default, which ends the process.
            const EventSlot &e = registry().events[eventIndex(native)];
            return (e.ignored && !hold) ? TRUE : FALSE;
        }
        if (hold) {
            r.flags |= Held;
            ticket = beginHold(native);   // before anyone can see the record
        }
        postLocked(r);
    }
    if (hold) {
        waitHold(ticket);   // the application's shutdown, or the deadline
        applyDeferredCtrlCIgnore();
    }
    // Handled. For CLOSE, LOGOFF and SHUTDOWN the system now ends the process.
    return TRUE;
}

} // namespace SignalBackend::Windows

#ifdef SIGNALNOTIFIER_AUTOTEST_EXPORTS
// For the Windows tests only, and exported only from a test build
// (-DSIGNALNOTIFIER_AUTOTEST_EXPORTS=ON, as Qt's Q_AUTOTEST_EXPORT): the routine exactly as
// it was given to SetConsoleCtrlHandler, so a test can call it on a spare thread the way
// the system does for events Wine cannot produce (CTRL_BREAK, CTRL_CLOSE, CTRL_LOGOFF,
// CTRL_SHUTDOWN). Found with GetProcAddress; not declared in any header.
extern "C" __declspec(dllexport) PHANDLER_ROUTINE signalnotifier_private_consoleRoutine()
{
    return SignalBackend::Windows::consoleRoutine;
}
#endif

namespace SignalBackend {

using namespace Windows;
using Lock = std::lock_guard<std::mutex>;

int signalLimit() { return SignalLimit; }

Result openChannel(Channel *channel, std::size_t capacity)
{
    if (capacity == 0)
        capacity = DefaultCapacity;
    SOCKET readEnd = INVALID_SOCKET;
    SOCKET writeEnd = INVALID_SOCKET;
    if (const Result r = socketPair(&readEnd, &writeEnd); !r)
        return r;
    // The contract carries the descriptor as an int. A SOCKET is a kernel handle, and
    // handles are 32-bit values even in 64-bit processes (they are shared with 32-bit
    // ones), so this never truncates; checked anyway.
    if (readEnd > static_cast<SOCKET>(0x7fffffff)) {
        closesocket(readEnd);
        closesocket(writeEnd);
        return {Error::OutOfResources, 0};
    }
    Lock lock(registryMutex());
    Registry &reg = registry();
    int slot = -1;
    for (int c = 0; c < MaxChannels; ++c) {
        if (!reg.channels[c].used) {
            slot = c;
            break;
        }
    }
    if (slot < 0) {
        closesocket(readEnd);
        closesocket(writeEnd);
        return {Error::OutOfResources, 0};
    }
    ChannelSlot &ch = reg.channels[slot];
    ch = ChannelSlot();
    ch.used = true;
    ch.readSocket = readEnd;
    ch.writeSocket = writeEnd;
    ch.ring.resize(capacity);
    channel->slot = slot;
    channel->readFd = static_cast<int>(readEnd);
    channel->generation = reg.generation;
    return {};
}

void closeChannel(Channel *channel)
{
    if (channel->slot < 0)
        return;
    Lock lock(registryMutex());
    ChannelSlot &ch = registry().channels[channel->slot];
    // The routine posts only with the mutex held: once we hold it, nobody is inside.
    closesocket(ch.readSocket);
    closesocket(ch.writeSocket);
    ch = ChannelSlot();
    channel->slot = -1;
    channel->readFd = -1;
}

std::size_t channelCapacity(const Channel &channel)
{
    Lock lock(registryMutex());
    if (channel.slot < 0)
        return 0;
    return registry().channels[channel.slot].ring.size();
}

void addInterest(const Channel &channel, int native)
{
    const int index = eventIndex(native);
    if (index < 0 || channel.slot < 0)
        return;
    Lock lock(registryMutex());
    ++registry().channels[channel.slot].interest[index];
}

void removeInterest(const Channel &channel, int native)
{
    const int index = eventIndex(native);
    if (index < 0 || channel.slot < 0)
        return;
    Lock lock(registryMutex());
    int &n = registry().channels[channel.slot].interest[index];
    if (n > 0)
        --n;
}

std::size_t readRecords(const Channel &channel, Record *buffer, std::size_t max)
{
    if (channel.slot < 0)
        return 0;
    Lock lock(registryMutex());
    ChannelSlot &ch = registry().channels[channel.slot];
    // Clear the wake-up first, then take the records: a post after this point either is
    // taken below or sends a new byte (wakePending is reset only when we leave it empty).
    char sink[64];
    while (::recv(ch.readSocket, sink, sizeof sink, 0) > 0) {
    }
    std::size_t n = 0;
    while (n < max && ch.size > 0) {
        buffer[n++] = ch.ring[ch.head];
        ch.head = (ch.head + 1) % ch.ring.size();
        --ch.size;
    }
    ch.wakePending = false;
    if (ch.size > 0)
        wakeLocked(ch);   // stopped at max: keep the socket readable for the next turn
    return n;
}

void channelDrained(const Channel &)
{
    // The ring is allocated once with the channel; nothing grows in a burst.
}

void channelBackAhead(const Channel &)
{
    // The ring is allocated and written whole when the channel opens.
}

void channelPaused(const Channel &)
{
    // readRecords() keeps the socket readable when it stops with records left.
}

void channelHeldBack(const Channel &channel)
{
    // A wake-up byte: the socket notifier of a nested loop fires, and its readRecords()
    // reads the byte again.
    if (channel.slot < 0)
        return;
    Lock lock(registryMutex());
    wakeLocked(registry().channels[channel.slot]);
}

void channelWoken(const Channel &, bool)
{
    // readRecords() reads the socket's wake-up bytes itself.
}

// Qt's Windows dispatcher has no glib source to look at the ring before it waits: every
// record wakes the socket, as before.
void setLoopChecksChannel(const Channel &, bool)
{
}

void setLoopMayWait(const Channel &, bool, bool)
{
}

LoopPoll loopPoll()
{
    return nullptr;   // the channel is a socket read through Qt's own dispatcher
}

bool takeOverflowFlag(const Channel &channel)
{
    if (channel.slot < 0)
        return false;
    Lock lock(registryMutex());
    ChannelSlot &ch = registry().channels[channel.slot];
    const bool was = ch.overflowFlag;
    ch.overflowFlag = false;
    return was;
}

uint64_t takeOverflow(const Channel &channel, int native)
{
    const int index = eventIndex(native);
    if (channel.slot < 0 || index < 0)
        return 0;
    Lock lock(registryMutex());
    ChannelSlot &ch = registry().channels[channel.slot];
    const uint64_t n = ch.overflow[index];
    ch.overflow[index] = 0;
    return n;
}

// `interrupting` has no effect here: no call is interrupted by a console event, which runs
// on a thread of its own.
Result watch(int native, bool overrideIgnored, WatchTicket *ticket, bool *keptIgnored,
             bool interrupting)
{
    if (keptIgnored)
        *keptIgnored = false;
    if (const Error e = checkWatchable(native); e != Error::None)
        return {e, 0};
    // Session end reaches a process that has loaded user32 (every Qt program) only as
    // window messages, never as CTRL_LOGOFF/CTRL_SHUTDOWN, and WM_CLOSE is a window message
    // anyway: the hidden window is needed.
    if (needsSessionWindow(native) && !ensureSessionWindow())
        return fromWinError(GetLastError());
    // The console API only under consoleApiMutex, never under the registry's (see windows_p.h).
    std::lock_guard<std::mutex> console(consoleApiMutex());
    ensureRoutineLocked();
    bool clearSystemIgnore = false;
    {
        Lock lock(registryMutex());
        EventSlot &e = registry().events[eventIndex(native)];
        if (e.watchers == 0 || overrideIgnored) {
            if (e.ignored && !overrideIgnored) {
                e.keptIgnored = true;   // we were told to ignore it: stays so unless overridden
            } else {
                e.keptIgnored = false;
                // Ctrl+C ignored by the system (SetConsoleCtrlHandler(NULL, TRUE), or inherited
                // by a child of CREATE_NEW_PROCESS_GROUP) never reaches any handler. That
                // state cannot be read, so only an explicit override turns it off.
                clearSystemIgnore = native == NativeInterrupt && (overrideIgnored || e.ignored);
            }
        }
        ++e.watchers;
        if (overrideIgnored)
            ++e.overriders;
        if (keptIgnored)
            *keptIgnored = e.keptIgnored;
        ticket->native = native;
        ticket->overrideIgnored = overrideIgnored;
        ticket->interrupting = interrupting;
        ticket->generation = registry().generation;
    }
    if (clearSystemIgnore)
        setSystemCtrlCIgnore(false);   // fails only without a console: nothing to turn on then
    return {};
}

void unwatch(const WatchTicket &ticket)
{
    const int index = eventIndex(ticket.native);
    if (index < 0)
        return;
    bool last = false;
    {
        std::lock_guard<std::mutex> console(consoleApiMutex());
        bool restoreSystemIgnore = false;
        {
            Lock lock(registryMutex());
            EventSlot &e = registry().events[index];
            if (e.watchers == 0)
                return;
            if (ticket.overrideIgnored && e.overriders > 0)
                --e.overriders;
            if (--e.watchers == 0) {
                last = true;
                // What we were asked for comes back. Until it has, the routine swallows the
                // ignored event itself (it stays registered).
                restoreSystemIgnore = ticket.native == NativeInterrupt && e.ignored;
                e.keptIgnored = false;
            }
        }
        if (restoreSystemIgnore)
            setSystemCtrlCIgnore(true);
    }
    if (last && needsSessionWindow(ticket.native))
        retireSessionWindowIfUnused();
}

Disposition disposition(int native, Disposition *underlying)
{
    if (underlying)
        *underlying = Disposition::Unavailable;
    const int index = eventIndex(native);
    if (index < 0)
        return Disposition::Unavailable;
    Lock lock(registryMutex());
    const EventSlot &e = registry().events[index];
    // What Windows does without us cannot be read back (the handler list is not
    // queryable): what we were told is all we know. Other handlers may exist.
    const Disposition without = e.ignored ? Disposition::Ignored : Disposition::Default;
    if (underlying)
        *underlying = without;
    return isDeliveredLocked(native) ? Disposition::Watched : without;
}

Result setDisposition(int native, Disposition what)
{
    const int index = eventIndex(native);
    if (index < 0)
        return {Error::UnknownSignal, 0};
    if (what != Disposition::Default && what != Disposition::Ignored)
        return {Error::InvalidArgument, 0};
    if (what == Disposition::Ignored && endsProcess(native))
        return {Error::Unsupported, 0};   // the system ends the process whatever we return
    const bool ignore = what == Disposition::Ignored;
    // consoleApiMutex for the whole change: watch() and unwatch() take it too, so the number
    // of watchers read below stays what it is until the console call is made.
    std::lock_guard<std::mutex> console(consoleApiMutex());
    ensureRoutineLocked();   // an ignored Ctrl+Break is swallowed by our routine
    bool watched = false;
    bool clearKept = false;
    {
        Lock lock(registryMutex());
        EventSlot &e = registry().events[index];
        watched = e.watchers > 0;
        if (watched) {
            e.ignored = ignore;   // watchers keep receiving; this comes back afterwards
            if (!ignore && e.keptIgnored) {
                e.keptIgnored = false;   // un-ignored while watchers wait: now they get it
                clearKept = native == NativeInterrupt;
            }
        }
    }
    if (watched) {
        if (clearKept)
            setSystemCtrlCIgnore(false);
        return {};
    }
    if (native == NativeInterrupt && !setSystemCtrlCIgnore(ignore))
        return fromWinError(GetLastError());
    Lock lock(registryMutex());
    registry().events[index].ignored = ignore;
    return {};
}

bool channelAlive(const Channel &channel)
{
    return channel.slot >= 0;   // no fork() on Windows: a channel lives until closed
}

void waitForRunningHandlers()
{
    // Arrivals are posted under the registry mutex: once we have had it, every post that
    // had started is done.
    Lock lock(registryMutex());
}

std::size_t channelPending(const Channel &channel)
{
    if (channel.slot < 0)
        return 0;
    Lock lock(registryMutex());
    return registry().channels[channel.slot].size;
}

bool channelEmpty(const Channel &channel)
{
    if (channel.slot < 0)
        return true;
    Lock lock(registryMutex());
    return registry().channels[channel.slot].size == 0;
}

uint32_t arrivalSequence()
{
    Lock lock(registryMutex());
    return g_sequence;
}

bool keptIgnored(int native)
{
    const int index = eventIndex(native);
    if (index < 0)
        return false;
    Lock lock(registryMutex());
    return registry().events[index].keptIgnored;
}

bool takePending(const std::vector<int> &, Record *)
{
    return false;   // nothing is ever pending: Windows has no signal masks
}

void atFork(void (*)(), void (*)(), void (*)())
{
    // No fork() on Windows.
}

bool isMainThread()
{
    // Not determined on Windows: no thread is refused as "not main" before
    // QCoreApplication exists (afterwards Qt itself knows the main thread).
    return true;
}

} // namespace SignalBackend
