// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API. Shared between the files of the POSIX backend only.
//
// The process-wide registry lives here, in static storage (usable before main(), never
// destroyed, so a signal during exit still finds it). Who may touch what:
// - Fields marked [handler] are read (and the atomics written) by the signal handler in
//   handler.cpp, from any thread, at any moment. They are lock-free atomics only.
// - Everything else is ordinary-context state, touched only with registryMutex() held.
// - A channel slot is retired by setting writeFd to -1 and then waiting until `users`
//   is 0 before closing (see closeChannel): a handler that saw the old descriptor has
//   announced itself in `users` before reading it, so none can write to a reused number.
// - A signal's handler delivers only while `active` is set; otherwise it behaves exactly
//   as the action in `previous` would (someone put ours back after we let go, or a fork
//   child inherited it): see actAsBefore() in handler.cpp.

#pragma once

#include "../channels_p.h"
#include "../dispositions_p.h"

#include <atomic>
#include <cstdint>
#include <csignal>
#include <mutex>

namespace SignalBackend::Posix {

constexpr int SignalLimit = NSIG;      // 65 on Linux: signals 1..64
constexpr int MaxChannels = 128;       // threads with notifiers + concurrent waits
constexpr std::size_t DefaultCapacity = 32768;  // records per channel: 1 MiB of pipe

static_assert(std::atomic<int>::is_always_lock_free, "handler needs lock-free atomics");
static_assert(std::atomic<uint64_t>::is_always_lock_free, "handler needs lock-free atomics");
static_assert(std::atomic<const void *>::is_always_lock_free, "handler needs lock-free atomics");

// What was installed before us; immutable once published, never freed, so a handler
// that loaded the pointer may use it as long as it likes.
struct PreviousAction {
    struct sigaction action;
    // The signals in action.sa_mask, listed once in ordinary context (publish()): the
    // handler adds them to the mask it calls the action with, instead of testing all 64
    // numbers on every arrival (that loop was 2,000 instructions per chained arrival).
    int maskSignals[SignalLimit] = {};
    int maskCount = 0;
};

struct SignalSlot {
    std::atomic<const PreviousAction *> previous{nullptr};  // [handler] chain target
    // [handler] What ours stands for when it is reached through a handler that was put
    // over an earlier installation of ours and calls whatever it replaced (ours): the
    // action before that earlier installation. Equal to `previous` in the usual case.
    std::atomic<const PreviousAction *> original{nullptr};
    std::atomic<int> active{0};            // [handler] ours is installed and delivers
    // Read lock-free by the Qt layer too: the action found when watching began was
    // SIG_IGN (nohup), so watchers that do not override it get nothing, and it is
    // ignored again whenever no overriding watcher is left.
    std::atomic<bool> inheritedIgnore{false};
    // ordinary context:
    int watchers = 0;
    int overriders = 0;        // watchers that asked to override an inherited SIG_IGN
    int interrupters = 0;      // watchers that asked for no SA_RESTART (see ourAction())
    bool installed = false;    // our handler is in place
    bool installedInterrupting = false;   // ...and was installed without SA_RESTART
    std::uintptr_t replacedBy = 0;   // the handler found over ours when we let go
};

// A handler that is calling a previous action, so that the same handler reached again
// through that action (a foreign handler that chains to whatever it replaced, which was
// ours) can tell it is being re-entered rather than seeing a new arrival: same handler
// frame, same siginfo. `owner` names the frame (see chainOwner() in handler.cpp): the
// address of its siginfo, which no other frame live at the same time shares, since each
// thread's handler frames are on its own stack (or its own alternate signal stack).
struct ChainSlot {
    std::atomic<std::uintptr_t> owner{0};
    std::atomic<const void *> info{nullptr};
    std::atomic<const PreviousAction *> target{nullptr};   // the action being called
};
constexpr int ChainSlots = 16;

// A channel's pipe keeps the system's default size while it is idle (restBytes: what a
// pipe of this user gets, or less when fewer records are asked for), so that idle threads
// take no more of the user's pipe budget (pipe-user-pages-soft) than any pipe. A handler
// that finds it full doubles it, up to fullBytes (the capacity queueCapacity() reports),
// and writes again; the reader gives the pages back when it has read the pipe empty
// (channelDrained()). Where pipes cannot be resized, fullBytes == restBytes.
struct ChannelSlot {
    std::atomic<int> writeFd{-1};                    // [handler]
    std::atomic<int> users{0};                       // [handler] handlers inside
    std::atomic<uint64_t> interest[2]{};             // [handler] bit per signal
    std::atomic<uint64_t> overflow[SignalLimit]{};   // [handler] arrivals that did not fit
    std::atomic<int> overflowFlag{0};                // [handler] any overflow since drain
    std::atomic<int> fullBytes{0};                   // [handler] the most the pipe grows to
    std::atomic<int> grown{0};                       // [handler] set after it grew
    std::atomic<int> growRefused{0};                 // [handler] EPERM since the last drain
    std::atomic<int> restBytes{0};                   // the size while idle (read by the reader)
    // ordinary context:
    bool used = false;
    int readFd = -1;
    std::size_t capacity = 0;
    int interestCount[SignalLimit]{};
};

struct Registry {
    std::atomic<int> ownerPid{0};          // [handler] process the channels belong to
    std::atomic<int> channelHighWater{0};  // [handler] slots in use are below this
    std::atomic<uint32_t> sequence{1};     // [handler] stamps every arrival (Record::seq)
    std::atomic<int> chaining{0};          // [handler] ChainSlots in use
    // [handler] Handlers inside, counted by the parity of `epoch` they entered under, so
    // that waitForRunningHandlers() can wait for those that started before it flipped it.
    std::atomic<uint32_t> epoch{0};
    std::atomic<int> inside[2]{};
    // [handler] the SIG_DFL action a previous action with SA_RESETHAND turns into after
    // one call; published before any handler is installed, immutable.
    std::atomic<const PreviousAction *> resetTarget{nullptr};
    ChainSlot chains[ChainSlots];          // [handler]
    SignalSlot signals[SignalLimit];
    ChannelSlot channels[MaxChannels];
    unsigned generation = 1;               // bumped in a fork child
};

Registry &registry();
std::mutex &registryMutex();

// handler.cpp: the one function ever installed with sigaction.
extern "C" void signalNotifierHandler(int sig, siginfo_t *info, void *context);
// handler.cpp: what the handler records of an arrival (async-signal-safe).
Record recordOf(int sig, const siginfo_t *info);
// handler.cpp: records an arrival in every channel that watches `sig`, as the handler
// does, when watchers are active in this process (async-signal-safe). True if it did. For
// an arrival taken without the handler (takePending): notifiers get their copy of it.
bool deliverToChannels(int sig, const siginfo_t *info);

// Whether a native number is a signal of this platform (table in names.cpp).
bool isValidNumber(int native);


// linux.cpp / generic.cpp: what only some systems have.
std::size_t setPipeCapacity(int writeFd, std::size_t bytes);  // returns bytes in effect
std::size_t pipeCapacity(int fd);                             // bytes in effect
std::size_t maxPipeCapacity();                                // bytes; 0 when unknown
// The fcntl() commands that read and set a pipe's size (F_GETPIPE_SZ, F_SETPIPE_SZ), for the
// handler's growChannel(); -1 where pipes cannot be resized (never used there).
extern const int PipeGetSizeCommand;
extern const int PipeSetSizeCommand;
long currentThreadId();    // async-signal-safe: Linux gettid(), elsewhere pthread_self()
bool isMainThreadNow();    // the thread main() runs on
Result openPidfd(long long pid, int *handle);
Result pidfdSend(int handle, int native);
Result readProcStatus(long long pid, std::vector<ProcessSignalState> *out);
const char *systemCodeName(int code);     // SI_KERNEL, SI_TKILL, ... or nullptr

// servicemanager.cpp: a $NOTIFY_SOCKET of the form vsock:CID:PORT (sd_notify(3)).
struct VsockAddress {
    enum Type { Any, Datagram, SeqPacket, Stream } type = Any;   // Any: datagram if it can
    uint32_t cid = 0;
    uint32_t port = 0;
};
// linux.cpp: sends `message` over AF_VSOCK, never blocking longer than a connect takes
// on a local VM transport (bounded, see there). generic.cpp: Unsupported.
Result sendVsock(const VsockAddress &address, const std::string &message);

} // namespace SignalBackend::Posix
