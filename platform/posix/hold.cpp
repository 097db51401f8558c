// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// POSIX signals never end the process behind the application's back, so nothing is held
// here, there is no session-end query to answer, and no system restarts a program it
// closed. See sessionend_p.h.

#include "../sessionend_p.h"

namespace SignalBackend {

bool holdActive()
{
    return false;
}

int64_t holdRemainingMs()
{
    return -1;
}

void releaseHold()
{
}

Result blockSessionEnd(const std::string &)
{
    return {Error::Unsupported, 0};
}

void unblockSessionEnd()
{
}

// Nothing shows the user a name for this process when the session ends.
void setApplicationName(const std::string &) {}

// No system restarts a program it closed for an update.
Result registerApplicationRestart(const std::string &, unsigned)
{
    return {Error::Unsupported, 0};
}

void unregisterApplicationRestart() {}

} // namespace SignalBackend
