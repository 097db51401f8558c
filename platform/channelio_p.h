// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API: one part of the private contract (rules in signalbackend_p.h).
//
// What a backend gives the code every backend shares, to read a channel and to wait on
// it: the loops themselves (drainChannel, wait) are written once, on these. src/ never
// calls them.
//   Called by  platform/common/drain.cpp, platform/common/wait.cpp.
//   Defined in platform/posix/registry.cpp, send.cpp (waitReadable), linux.cpp and
//              generic.cpp (takePending); platform/windows/registry.cpp, send.cpp.

#pragma once

#include "channels_p.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace SignalBackend {

// Reads up to `max` records; returns how many, 0 when empty. Never blocks.
std::size_t readRecords(const Channel &channel, Record *buffer, std::size_t max);
// Told by drainChannel each time it has read the channel empty: the next arrival must
// make the descriptor readable again (POSIX: the ring's wake-up protocol). Reader only.
void channelDrained(const Channel &channel);
// Told by drainChannel when it stops at its limit with records left: the reader must be
// called again (POSIX: the descriptor is made readable again). Reader only.
void channelPaused(const Channel &channel);
// True (once) when a handler found the channel full since the last call.
bool takeOverflowFlag(const Channel &channel);
// Takes the overflow count of `native` in the channel (resets it to zero).
uint64_t takeOverflow(const Channel &channel, int native);
// Highest native number + 1.
int signalLimit();

// Blocks until the channel may be readable or `timeoutMs` passes (-1: no limit).
Result waitReadable(const Channel &channel, int timeoutMs);
// Takes one of `natives` that is pending for the calling thread or the process and
// blocked in this thread, leaving the others pending (sigtimedwait() with no wait).
// False when none is, or where the system cannot (then wait() unblocks to take it).
bool takePending(const std::vector<int> &natives, Record *got);

} // namespace SignalBackend
