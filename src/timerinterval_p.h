// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API.
//
// QTimer counts milliseconds in an int: an interval over INT_MAX ms (about 24.8 days) does
// not start the timer ("QTimer::start: Timers cannot have negative intervals") or wraps to a
// short one, depending on how it is converted. Every interval that comes from outside
// (WATCHDOG_USEC, logind's InhibitDelayMaxUSec, a Windows preshutdown time-out, a deadline
// the application sets) goes through here before it reaches a QTimer: cut to what a QTimer
// can count, and never negative. A timer that fires after 24.8 days instead of later fires
// early, which for each of these is the safe side (a ping, a hold or a deadline that ends
// sooner).

#pragma once

#include <algorithm>
#include <chrono>
#include <climits>

namespace SN {

inline std::chrono::milliseconds timerInterval(std::chrono::milliseconds wanted)
{
    return std::clamp(wanted, std::chrono::milliseconds(0), std::chrono::milliseconds(INT_MAX));
}

} // namespace SN
