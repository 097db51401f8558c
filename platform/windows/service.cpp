// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Session 0: where services and SYSTEM scheduled tasks run, with no interactive user.
// There CTRL_LOGOFF_EVENT arrives for any user's logoff ("this signal is received only by
// services", HandlerRoutine documentation) and is never this process's end, and
// CTRL_SHUTDOWN_EVENT comes with the services' budget, SPI_GETWAITTOKILLSERVICETIMEOUT.

#include "windows_p.h"

#include <atomic>

namespace SignalBackend::Windows {
namespace {

// -1: ask the system; 0 / 1: a test build's answer (see below).
std::atomic<int> g_sessionZeroForTest{-1};

} // namespace

bool inSessionZero()
{
    const int forced = g_sessionZeroForTest.load();
    if (forced >= 0)
        return forced != 0;
    // The session cannot change during a process's life: asked once.
    static const bool zero = [] {
        DWORD session = 0;
        return ProcessIdToSessionId(GetCurrentProcessId(), &session) && session == 0;
    }();
    return zero;
}

} // namespace SignalBackend::Windows

#ifdef SIGNALNOTIFIER_AUTOTEST_EXPORTS
// For the Windows tests only, exported only from a test build: Wine runs every process in
// one interactive session, so a test says "this is session 0" (1), or hands the question
// back to the system (-1).
extern "C" __declspec(dllexport) void signalnotifier_private_setSessionZero(int zero)
{
    SignalBackend::Windows::g_sessionZeroForTest.store(zero < 0 ? -1 : (zero != 0 ? 1 : 0));
}
#endif
