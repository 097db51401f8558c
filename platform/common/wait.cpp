// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Waiting synchronously for one of a set of signals: the same on every backend, built only
// on the contract. A backend supplies waitReadable(), the one call that blocks.

#include "../channelio_p.h"
#include "../channels_p.h"
#include "../dispositions_p.h"
#include "../names_p.h"

#include <chrono>

namespace SignalBackend {

Result wait(const std::vector<int> &natives, int timeoutMs, Record *got)
{
    *got = Record{};
    if (natives.empty())
        return {Error::InvalidArgument, 0};
    for (int n : natives) {
        if (const Error e = checkWatchable(n); e != Error::None)
            return {e, 0};
    }
    Channel channel;
    // A handful of arrivals is all one wait reports; the rest stay counted.
    if (const Result r = openChannel(&channel, 128); !r)
        return r;
    std::vector<WatchTicket> tickets;
    Result result;
    for (int n : natives) {
        addInterest(channel, n);
        WatchTicket t;
        // Waiting for a signal is an explicit request: it overrides an inherited ignore.
        if (const Result r = watch(n, true, &t, nullptr); !r) {
            result = r;
            break;
        }
        tickets.push_back(t);
    }
    // A signal blocked in this thread (perhaps in every thread, the recipe for strict
    // realtime order) would stay pending and never reach a handler: like sigtimedwait(),
    // the wait takes it anyway. Unblocked here for the wait only, so what is pending now
    // or arrives meanwhile runs our handler in this thread and lands in the channel.
    std::vector<int> unblocked;
    if (result) {
        std::vector<int> blocked;
        for (int n : natives) {
            if (isBlockedInThisThread(n))
                blocked.push_back(n);
        }
        // One already pending is taken alone, the others staying pending as they were.
        if (!blocked.empty() && takePending(blocked, got))
            blocked.clear();
        else if (!blocked.empty() && setBlockedInThisThread(blocked, false))
            unblocked = blocked;
    }

    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs < 0 ? 0 : timeoutMs);
    while (result && got->signal == 0) {
        drainChannel(channel, 1,
                     [&](const Record &r) { if (got->signal == 0) *got = r; },
                     [&](int sig, uint64_t) { if (got->signal == 0) got->signal = sig; });
        if (got->signal != 0)
            break;
        int left = -1;
        if (timeoutMs >= 0) {
            // Rounded up: never wake a fraction of a millisecond early and call it a timeout.
            const auto ms = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
            if (ms <= 0)
                break;
            left = static_cast<int>(ms);
        }
        result = waitReadable(channel, left);
    }
    // Blocked again first, as the caller had it: what arrives from now on stays pending
    // for whoever takes it next. Then stop handling, then stop reporting: an arrival in
    // between is caught by the restored action or by us, never by nobody.
    if (!unblocked.empty())
        setBlockedInThisThread(unblocked, true);
    for (const WatchTicket &t : tickets)
        unwatch(t);
    closeChannel(&channel);
    return result;
}

} // namespace SignalBackend
