// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The hold: for CTRL_CLOSE, CTRL_LOGOFF, CTRL_SHUTDOWN and WM_ENDSESSION the system ends
// the process as soon as the handler returns (or kills it when the handler takes longer
// than its limit). The handler therefore waits here until the application says its
// shutdown is done (releaseHold), or until a deadline just under the system's limit.
//
// The limits, from the HandlerRoutine and WM_ENDSESSION documentation:
//   CTRL_CLOSE_EVENT                   SPI_GETHUNGAPPTIMEOUT     (default 5000 ms)
//   CTRL_LOGOFF/SHUTDOWN, WM_ENDSESSION SPI_GETWAITTOKILLTIMEOUT  (default 5000 ms)
//   CTRL_SHUTDOWN in session 0          SPI_GETWAITTOKILLSERVICETIMEOUT (default 20000 ms)
// (services and SYSTEM tasks run in session 0: inSessionZero()), and for a service
// (servicemanager.cpp; HandlerEx and SERVICE_PRESHUTDOWN_INFO documentation):
//   SERVICE_CONTROL_PRESHUTDOWN        the service's own preshutdown time-out, which the
//                                      caller reads (default 10000 ms since Windows 10
//                                      1703, 180000 ms before)
//   SERVICE_CONTROL_SHUTDOWN           SPI_GETWAITTOKILLSERVICETIMEOUT
// We read the value when the event arrives and keep a margin of 500 ms for the rest of the
// process's exit. SIGNALNOTIFIER_HOLD_TIMEOUT_MS overrides it (tests; or a deployment that
// knows its own limits).
//
// Several holds may wait at once (a console close during a WM_ENDSESSION), each on its own
// thread: they are numbered as they begin, and a release lets go of every hold begun before
// it. A release asked for while a claim claims (sessionend_p.h) is remembered as the last
// number it covered, so that a hold begun afterwards waits for a release of its own. Since
// any hold's end ends the process here, deferring one defers them all.

#include "../names_p.h"
#include "../sessionend_p.h"
#include "../common/holdclaims_p.h"
#include "../common/text_p.h"
#include "windows_p.h"

#include <condition_variable>
#include <cstdlib>
#include <set>
#include <type_traits>

#ifndef SPI_GETHUNGAPPTIMEOUT
#define SPI_GETHUNGAPPTIMEOUT 0x0078
#endif
#ifndef SPI_GETWAITTOKILLTIMEOUT
#define SPI_GETWAITTOKILLTIMEOUT 0x007A
#endif
#ifndef SPI_GETWAITTOKILLSERVICETIMEOUT
#define SPI_GETWAITTOKILLSERVICETIMEOUT 0x007C
#endif

namespace SignalBackend::Windows {
namespace {

using Clock = std::chrono::steady_clock;

struct HoldState {
    std::mutex mutex;
    std::condition_variable released;
    uint64_t lastNumber = 0;               // of the hold begun last
    uint64_t releasedThrough = 0;          // every hold numbered up to this one is released
    uint64_t releaseAsked = 0;             // released through this once no claim claims; 0: none
    std::multiset<Clock::time_point> active;   // deadlines of the handlers waiting now
    HoldClaims claims;
};

// With the mutex held: lets go of every hold numbered up to `through`.
void releaseThroughLocked(HoldState &s, uint64_t through)
{
    s.releaseAsked = 0;
    if (through > s.releasedThrough)
        s.releasedThrough = through;
}

HoldState &state()
{
    static HoldState *const s = new HoldState;   // never destroyed, like the registry
    return *s;
}

constexpr std::chrono::milliseconds Margin{500};
constexpr std::chrono::milliseconds DefaultLimit{5000};
constexpr std::chrono::milliseconds DefaultServiceLimit{20000};

std::chrono::milliseconds systemLimit(UINT action, std::chrono::milliseconds fallback)
{
    // The actions fill a UINT with milliseconds; anything implausible gives the default.
    UINT ms = 0;
    if (SystemParametersInfoW(action, 0, &ms, 0) && ms >= 1000 && ms <= 600000)
        return std::chrono::milliseconds(ms);
    return fallback;
}

// SIGNALNOTIFIER_HOLD_TIMEOUT_MS, when it is a whole decimal number of milliseconds
// (Text::parseDecimal(): digits only, so " 100" and "+100" are not) up to 10 minutes.
// Anything else is not used, without a word: the backend is Qt-free and has no log, and
// the variable is read here, when a hold starts (docs/windows.md says so).
bool budgetOverride(std::chrono::milliseconds *budget)
{
    const char *text = std::getenv("SIGNALNOTIFIER_HOLD_TIMEOUT_MS");
    uint64_t ms = 0;
    if (!text || Text::parseDecimal(text, &ms) != Text::Decimal::Fits || ms > 600000)
        return false;
    *budget = std::chrono::milliseconds(ms);
    return true;
}

} // namespace

std::chrono::milliseconds holdBudget(int native)
{
    if (std::chrono::milliseconds budget; budgetOverride(&budget))
        return budget;
    if (native == NativeClose)
        return systemLimit(SPI_GETHUNGAPPTIMEOUT, DefaultLimit) - Margin;
    if (native == NativeShutdown && inSessionZero())
        return systemLimit(SPI_GETWAITTOKILLSERVICETIMEOUT, DefaultServiceLimit) - Margin;
    return systemLimit(SPI_GETWAITTOKILLTIMEOUT, DefaultLimit) - Margin;
}

std::chrono::milliseconds serviceHoldBudget(DWORD control, std::chrono::milliseconds preshutdownTimeout)
{
    if (std::chrono::milliseconds budget; budgetOverride(&budget))
        return budget;
    const std::chrono::milliseconds limit = control == SERVICE_CONTROL_PRESHUTDOWN
        ? preshutdownTimeout
        : systemLimit(SPI_GETWAITTOKILLSERVICETIMEOUT, DefaultServiceLimit);
    return std::max(limit - Margin, std::chrono::milliseconds(0));
}

HoldTicket beginHold(int native)
{
    return beginHoldFor(idOf(native), holdBudget(native));
}

HoldTicket beginHoldFor(Id event, std::chrono::milliseconds budget)
{
    HoldTicket ticket;
    ticket.deadline = Clock::now() + budget;
    HoldState &s = state();
    std::lock_guard<std::mutex> lock(s.mutex);
    ticket.number = ++s.lastNumber;
    s.active.insert(ticket.deadline);
    s.claims.holdBegins(event);   // before the held record is posted to anybody
    return ticket;
}

bool waitHold(const HoldTicket &ticket)
{
    HoldState &s = state();
    std::unique_lock<std::mutex> lock(s.mutex);
    const bool released = s.released.wait_until(lock, ticket.deadline, [&] {
        return s.releasedThrough >= ticket.number;
    });
    s.active.erase(s.active.find(ticket.deadline));
    return released;
}

} // namespace SignalBackend::Windows

namespace SignalBackend {

using namespace Windows;

bool holdActive()
{
    HoldState &s = state();
    std::lock_guard<std::mutex> lock(s.mutex);
    return !s.active.empty();
}

std::chrono::steady_clock::time_point holdEnd()
{
    static_assert(std::is_same_v<Clock, std::chrono::steady_clock>);
    HoldState &s = state();
    std::lock_guard<std::mutex> lock(s.mutex);
    return s.active.empty() ? Clock::time_point::max() : *s.active.begin();
}

void releaseHold()
{
    HoldState &s = state();
    {
        std::lock_guard<std::mutex> lock(s.mutex);
        if (s.claims.claimed() && !s.active.empty()) {
            s.releaseAsked = s.lastNumber;   // a GracefulShutdown still saves: its end lets go
            return;
        }
        releaseThroughLocked(s, s.lastNumber);
    }
    s.released.notify_all();
}

uint64_t addHoldClaim(const std::vector<Id> &events)
{
    HoldState &s = state();
    std::lock_guard<std::mutex> lock(s.mutex);
    return s.claims.add(events);
}

void claimHold(uint64_t claim)
{
    HoldState &s = state();
    std::lock_guard<std::mutex> lock(s.mutex);
    s.claims.claim(claim);
}

void endHoldClaim(uint64_t claim, bool release)
{
    HoldState &s = state();
    {
        std::lock_guard<std::mutex> lock(s.mutex);
        s.claims.remove(claim);
        if (s.claims.claimed()) {
            if (release && !s.active.empty())
                s.releaseAsked = s.lastNumber;
            return;
        }
        if (!release && s.releaseAsked == 0)
            return;
        releaseThroughLocked(s, release ? s.lastNumber : s.releaseAsked);
    }
    s.released.notify_all();
}

// logind's delay lock is Linux's: Windows holds its events in the handler threads above.
uint64_t setDelayLock(int)
{
    return 0;
}

bool holdDelayLock(uint64_t, int64_t)
{
    return false;
}

uint64_t holdComingDelayLock(int64_t)
{
    return 0;
}

uint64_t completeDelayLock(uint64_t, int)
{
    return 0;
}

void dropDelayLock(uint64_t)
{
}

} // namespace SignalBackend
