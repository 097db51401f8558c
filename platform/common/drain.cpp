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

namespace {

// A drain under way on this thread: what it read and has not handed over yet. A slot
// that runs a nested loop (a modal dialog, processEvents()) makes a second drain of the
// same channel start while the first still holds records it read: that one hands them
// over first, oldest first, so the order the handler recorded is kept (the outside
// breaker of issue 14 saw 0 10 11 12 1 2 3 4 for 0..4 queued, then 10..12 from the
// slot of 0). Ordinary thread context; each thread has its own chain.
struct ReadAhead
{
    int slot;
    const Record *records;
    std::size_t next;    // the next one to hand over (advanced before it is handed over)
    std::size_t count;
    ReadAhead *outer;
};
thread_local ReadAhead *t_drains = nullptr;

// The outermost drain of `self`'s channel, further out on this thread, that still holds
// records; nullptr when none does.
ReadAhead *oldestHolding(const ReadAhead *self)
{
    ReadAhead *found = nullptr;
    for (ReadAhead *o = self->outer; o; o = o->outer) {
        if (o->slot == self->slot && o->next < o->count)
            found = o;
    }
    return found;
}

} // namespace

bool drainHolds(const Channel &channel)
{
    for (const ReadAhead *o = t_drains; o; o = o->outer) {
        if (o->slot == channel.slot && o->next < o->count)
            return true;
    }
    return false;
}

bool drainChannel(const Channel &channel, std::size_t maxRecords, const DrainSink &sink, bool countsAnyway)
{
    constexpr std::size_t BufferRecords = 256;
    // Left uninitialised on purpose: readRecords() fills what is used. `Record buffer[256]`
    // zero-filled 8 KiB on every wake-up, the largest cost of a drain (callgrind:
    // ~1,300 of ~1,800 instructions per delivered signal).
    alignas(Record) unsigned char storage[sizeof(Record) * BufferRecords];
    Record *const buffer = reinterpret_cast<Record *>(storage);
    ReadAhead self{channel.slot, buffer, 0, 0, t_drains};
    t_drains = &self;
    struct Pop {
        ReadAhead *outer;
        ~Pop() { t_drains = outer; }
    } pop{self.outer};
    std::size_t total = 0;
    // A sink may run a nested loop, whose drain takes all that is still held (ReadAhead):
    // the wake-up for it is raised once, before the first hand-over that leaves some held
    // (channelHeldBack(); a nested drain that takes them all leaves nothing to raise for).
    if (oldestHolding(&self))
        channelHeldBack(channel);
    // First what drains further out read and did not hand over yet (ReadAhead).
    while (total < maxRecords) {
        ReadAhead *older = oldestHolding(&self);
        if (!older)
            break;
        const Record &r = older->records[older->next++];
        ++total;
        if (!(r.flags & Marker))
            sink.record(sink.context, r);
    }
    bool empty = false;
    while (!empty) {
        if (total >= maxRecords) {
            // At the limit. Stopping is safe only while records are left: the backend
            // makes sure the reader is called again (channelPaused). A channel that the
            // last read emptied exactly would wake nobody, so it counts as drained.
            // (What drains further out still hold, they hand over when this one returns;
            // a nested loop is woken for it, below.)
            // Records drains further out hold count as left too (ReadAhead).
            if (!channelEmpty(channel) || oldestHolding(&self)) {
                if (countsAnyway)
                    reportOverflow(channel, sink);
                channelPaused(channel);
                return false;
            }
            break;
        }
        const std::size_t want = std::min(BufferRecords, maxRecords - total);
        self.count = readRecords(channel, buffer, want);
        self.next = 0;
        if (self.count > 1)
            channelHeldBack(channel);   // the sink may nest a loop: it takes the rest
        // Handed over through self.next: a nested drain may take the rest (ReadAhead).
        while (self.next < self.count) {
            const Record &r = buffer[self.next++];
            if (!(r.flags & Marker))
                sink.record(sink.context, r);
        }
        total += self.count;
        empty = self.count < want;   // a short read emptied the channel
        self.count = 0;
    }
    channelDrained(channel);
    // Only now look at the overflow counts (reportOverflow()).
    reportOverflow(channel, sink);
    return true;
}

} // namespace SignalBackend
