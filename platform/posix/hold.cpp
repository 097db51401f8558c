// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// POSIX signals never end the process behind the application's back, so nothing is held
// here, and there is no session-end query to answer. See signalbackend_p.h.

#include "signalbackend_p.h"

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

} // namespace SignalBackend
