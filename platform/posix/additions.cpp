// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The POSIX side of the contract functions added for the Windows review (issue 11): most
// of them have nothing to do here. Kept in a file of its own so the POSIX backend's other
// files stay as they are. See signalbackend_p.h.

#include "signalbackend_p.h"

namespace SignalBackend {

std::vector<Id> terminationRequestIds()
{
    // SIGQUIT is not among them: its default action is a core dump, a debugging request.
    return {Id::Interrupt, Id::Terminate, Id::Hangup, Id::Logoff, Id::Shutdown};
}

// kill() reaches any pid and any group: there is nothing to remember.
void noteGroupLeader(long long, bool) {}
void forgetGroupLeader(long long) {}

bool isDetailCode(int)
{
    return false;   // errno values only
}

void setApplicationName(const std::string &) {}

Result registerApplicationRestart(const std::string &, unsigned)
{
    return {Error::Unsupported, 0};
}

void unregisterApplicationRestart() {}

} // namespace SignalBackend
