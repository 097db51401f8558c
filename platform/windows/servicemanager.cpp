// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The Windows service control manager, behind servicemanager_p.h.
//
// PLACEHOLDER for the Windows half of issue 13 (branch winservice): a process that is not
// running as a service has no manager to tell, which is all this file knows so far. The
// service entry point and the control handler replace it: SERVICE_RUNNING for Ready,
// SERVICE_STOP_PENDING with checkpoints and wait hints for Stopping and
// extendServiceTimeout(), the status text where the SCM has a place for it.

#include "../servicemanager_p.h"

namespace SignalBackend {

bool serviceManaged()
{
    return false;
}

std::string serviceManagerAddress()
{
    return std::string();
}

Result notifyServiceState(ServiceState)
{
    return {Error::Unsupported, 0};
}

Result notifyServiceStatus(const std::string &)
{
    return {Error::Unsupported, 0};
}

Result extendServiceTimeout(uint64_t)
{
    return {Error::Unsupported, 0};
}

// Windows' service control manager has no watchdog.
uint64_t serviceWatchdogUsec()
{
    return 0;
}

Result pingServiceWatchdog()
{
    return {Error::Unsupported, 0};
}

void notifyServiceStopped(int)
{
}

Result runAsWindowsService(const std::string &, ServiceLog, std::string *whyUtf8)
{
    if (whyUtf8)
        *whyUtf8 = "not implemented in this branch (branch winservice)";
    return {Error::Unsupported, 0};
}

} // namespace SignalBackend
