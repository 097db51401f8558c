// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The measuring side of one contender process, free of Qt so that the Qt 5 contender
// (KSignalHandler) shares it. A contender process runs exactly one measurement:
//
//   <exe> <contender> latency|burst|rtburst|idle [--count N] [--warmup N] [--samples FILE]
//                                                [--idle-ms MS] [--cpu N] [--gap-us US]
//                                                [--previous handler|none] [--paced 0|1]
//                                                [--split 0|1]
//
// and prints `key=value` lines on stdout for the driver (snbench-run). The measuring is
// done by one harness thread, started before the baseline and with every bench signal
// blocked, so the contender's own threads and descriptors are what gets counted.
// --split 1 (latency, by hand, not used by snbench-run) installs a handler over the
// contender's that takes a clock stamp and calls it: each --samples line is then
// "total kill->handler" in ns, and total minus kill->handler is the contender's own path.

#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace bench {

class Contender
{
public:
    virtual ~Contender() = default;
    // The contender's event loop machinery (QCoreApplication, uv_loop_t, io_context):
    // made before the baseline of descriptors and threads.
    virtual void createLoop() {}
    // True when `sig` must stay blocked in the main thread (the contender takes it with
    // sigwaitinfo/signalfd, or in another thread).
    virtual bool keepsBlockedInMainThread(int sig) const { (void)sig; return false; }
    // Starts watching `sig`; each arrival is reported with bench::arrived(). Main thread.
    virtual bool watch(int sig, std::string *error) = 0;
    // Runs the loop in the main thread until stop().
    virtual void run() = 0;
    // Ends run(); called from the harness thread.
    virtual void stop() = 0;
    // Stops watching, as a user of that library would. Main thread, after run().
    virtual void unwatch() = 0;
    // Whether arrivals carry the sigqueue value.
    virtual bool hasValues() const { return false; }
};

using Factory = std::unique_ptr<Contender> (*)();

// Called by a contender's callback, in the thread where that library delivers (never in
// a signal handler). `count` > 1 when the library merged several arrivals into one call.
void arrived(int value, bool hasValue, std::uint64_t count);

// The whole process: parses the command line, measures, prints. Returns the exit code.
int main(int argc, char **argv, const std::map<std::string, Factory> &contenders);

} // namespace bench
