// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Draining a channel: the same on every backend, built only on the contract. A backend
// supplies readRecords() and the overflow counts (channelio_p.h). Called by the Qt layer's
// dispatchers on their own threads and by wait(); ordinary thread context only.

#include "../channelio_p.h"
#include "../channels_p.h"

#include <algorithm>

namespace SignalBackend {

namespace {

// Hands the overflow counts to the sink. A handler that found the channel full counted
// first and then wrote a marker, so what it counted is visible here, or its marker wakes
// the reader once more.
void reportOverflow(const Channel &channel, const DrainSink &sink)
{
    if (!takeOverflowFlag(channel))
        return;
    const int limit = signalLimit();
    for (int sig = 1; sig < limit; ++sig) {
        if (const uint64_t lost = takeOverflow(channel, sig))
            sink.overflow(sink.context, sig, lost);
    }
}

} // namespace

bool drainChannel(const Channel &channel, std::size_t maxRecords, const DrainSink &sink, bool countsAnyway)
{
    constexpr std::size_t BufferRecords = 256;
    // Left uninitialised on purpose: read() fills what is used. `Record buffer[256]`
    // zero-filled 8 KiB on every wake-up, the largest cost of a drain (callgrind:
    // ~1,300 of ~1,800 instructions per delivered signal).
    alignas(Record) unsigned char storage[sizeof(Record) * BufferRecords];
    Record *const buffer = reinterpret_cast<Record *>(storage);
    std::size_t total = 0;
    bool empty = false;
    while (!empty) {
        if (total >= maxRecords) {
            // At the limit. Stopping is safe only while records are left: the backend
            // makes sure the reader is called again (channelPaused). A channel that the
            // last read emptied exactly would wake nobody, so it counts as drained.
            if (!channelEmpty(channel)) {
                if (countsAnyway)
                    reportOverflow(channel, sink);
                channelPaused(channel);
                return false;
            }
            break;
        }
        const std::size_t want = std::min(BufferRecords, maxRecords - total);
        const std::size_t n = readRecords(channel, buffer, want);
        for (std::size_t i = 0; i < n; ++i) {
            if (!(buffer[i].flags & Marker))
                sink.record(sink.context, buffer[i]);
        }
        total += n;
        empty = n < want;   // a short read emptied the channel
    }
    channelDrained(channel);
    // Only now look at the overflow counts (reportOverflow()).
    reportOverflow(channel, sink);
    return true;
}

} // namespace SignalBackend
