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

#pragma once

#include "../signalbackend_p.h"

#include <atomic>
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
};

struct SignalSlot {
    std::atomic<const PreviousAction *> previous{nullptr};  // [handler] chain target
    // ordinary context:
    int watchers = 0;
    int overriders = 0;        // watchers that asked to override an inherited SIG_IGN
    bool installed = false;    // our handler is in place
    bool keptIgnored = false;  // wanted, but left ignored (nohup rule)
};

struct ChannelSlot {
    std::atomic<int> writeFd{-1};                    // [handler]
    std::atomic<int> users{0};                       // [handler] handlers inside
    std::atomic<uint64_t> interest[2]{};             // [handler] bit per signal
    std::atomic<uint64_t> overflow[SignalLimit]{};   // [handler] arrivals that did not fit
    std::atomic<int> overflowFlag{0};                // [handler] any overflow since drain
    // ordinary context:
    bool used = false;
    int readFd = -1;
    std::size_t capacity = 0;
    int interestCount[SignalLimit]{};
};

struct Registry {
    std::atomic<int> ownerPid{0};          // [handler] process the channels belong to
    std::atomic<int> channelHighWater{0};  // [handler] slots in use are below this
    SignalSlot signals[SignalLimit];
    ChannelSlot channels[MaxChannels];
    unsigned generation = 1;               // bumped in a fork child
};

Registry &registry();
std::mutex &registryMutex();

// handler.cpp: the one function ever installed with sigaction.
extern "C" void signalNotifierHandler(int sig, siginfo_t *info, void *context);

// Whether a native number is a signal of this platform (table in names.cpp).
bool isValidNumber(int native);

// linux.cpp / generic.cpp: what only some systems have.
std::size_t setPipeCapacity(int writeFd, std::size_t bytes);  // returns bytes in effect
Result openPidfd(long long pid, int *handle);
Result pidfdSend(int handle, int native);
Result readProcStatus(long long pid, std::vector<ProcessSignalState> *out);
const char *systemCodeName(int code);     // SI_KERNEL, SI_TKILL, ... or nullptr

} // namespace SignalBackend::Posix
