// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#include "harness.h"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <dirent.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

namespace bench {
namespace {

struct Options
{
    std::string mode;
    long count = 0;
    long warmup = 1000;
    long idleMs = 2000;
    long cpu = -1;
    long gapUs = 0;       // pause after each round trip: the next signal meets an idle loop
    bool previous = true; // a handler is installed before the contender (--previous handler)
    bool paced = false;   // latency: round trips in blocks, as asked on stdin (--paced 1)
    bool split = false;   // latency: a stamp in a handler over the contender's (--split 1)
    std::string samples;
};

std::int64_t nowNs()
{
    timespec ts {};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return std::int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

void sleepUs(long us)
{
    // The harness paces its own polling and its gaps; this is a benchmark, not a test.
    timespec ts { us / 1000000, (us % 1000000) * 1000 };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

void sleepMs(long ms)
{
    sleepUs(ms * 1000);
}

// What the contender's callbacks report, read by the harness thread.
std::atomic<std::uint64_t> g_callbacks { 0 };
std::atomic<std::uint64_t> g_arrivals { 0 };
std::atomic<std::int64_t> g_lastNs { 0 };
std::atomic<std::int64_t> g_expected { 0 };     // next sigqueue value if in order
std::atomic<std::uint64_t> g_outOfOrder { 0 };
std::atomic<std::uint64_t> g_valued { 0 };
std::vector<std::atomic<std::uint8_t>> *g_seen = nullptr;
std::atomic<std::int64_t> g_handlerNs { 0 };   // --split: when the outer handler ran
struct sigaction g_inner {};                    // --split: the contender's action, called on
sem_t g_got;        // one post per callback (latency mode)
sem_t g_start;      // main -> harness thread: watching, loop about to run
sem_t g_mainDone;   // main -> harness thread: run() returned and unwatch() done
long g_mainTid = 0;
std::atomic<bool> g_failed { false };   // an error= line was printed: exit status 2

// Where in the kernel the main thread sleeps: the evidence for a freeze.
std::string mainThreadWaitChannel()
{
    std::ifstream f("/proc/self/task/" + std::to_string(g_mainTid) + "/wchan");
    std::string where;
    std::getline(f, where);
    return where.empty() ? std::string("?") : where;
}

// Runs in signal-handler context. The "previous handler" whose return is checked.
void marker(int, siginfo_t *, void *) {}

// Runs in signal-handler context (--split). Installed over the contender's handler: a
// clock stamp, then the contender's handler as the kernel would have called it, so that
// a round trip splits into kill -> handler (the kernel's part: waking the thread, the
// signal frame) and handler -> callback (the library's: its handler, sigreturn, its loop's
// way back, the delivery). clock_gettime() is async-signal-safe (POSIX.1-2017 2.4.3); on
// Linux it is the vDSO, no system call. Adds the stamp, ~30 ns, to both segments' sum.
void stampThenInner(int sig, siginfo_t *info, void *context)
{
    const int savedErrno = errno;
    g_handlerNs.store(nowNs(), std::memory_order_relaxed);
    errno = savedErrno;
    if (g_inner.sa_flags & SA_SIGINFO)
        g_inner.sa_sigaction(sig, info, context);
    else
        g_inner.sa_handler(sig);
}

int countEntries(const char *dir)
{
    int n = 0;
    if (DIR *d = opendir(dir)) {
        while (const dirent *e = readdir(d)) {
            if (e->d_name[0] != '.')
                ++n;
        }
        closedir(d);
    }
    return n;
}

// Context switches of every thread of the process but the caller.
long long contextSwitchesOfOthers()
{
    const long self = syscall(SYS_gettid);
    long long total = 0;
    DIR *d = opendir("/proc/self/task");
    if (!d)
        return -1;
    while (const dirent *e = readdir(d)) {
        if (e->d_name[0] == '.' || std::atol(e->d_name) == self)
            continue;
        std::ifstream status(std::string("/proc/self/task/") + e->d_name + "/status");
        std::string line;
        while (std::getline(status, line)) {
            if (line.rfind("voluntary_ctxt_switches:", 0) == 0
                || line.rfind("nonvoluntary_ctxt_switches:", 0) == 0)
                total += std::atoll(line.c_str() + line.find(':') + 1);
        }
    }
    closedir(d);
    return total;
}

bool waitSem(sem_t *sem, long ms)
{
    timespec ts {};
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += ms / 1000;
    ts.tv_nsec += (ms % 1000) * 1000000;
    if (ts.tv_nsec >= 1000000000) {
        ts.tv_sec += 1;
        ts.tv_nsec -= 1000000000;
    }
    for (;;) {
        if (sem_timedwait(sem, &ts) == 0)
            return true;
        if (errno != EINTR)
            return false;
    }
}

// Waits until the sender has exited and no callback came for a while.
void waitQuiet(pid_t sender)
{
    int status = 0;
    while (waitpid(sender, &status, 0) < 0 && errno == EINTR) {
    }
    std::uint64_t last = g_callbacks.load();
    int quietFor = 0;
    for (int waited = 0; quietFor < 300 && waited < 15000; waited += 20) {
        sleepMs(20);
        const std::uint64_t now = g_callbacks.load();
        quietFor = now == last ? quietFor + 20 : 0;
        last = now;
    }
}

// One round trip: kill -> callback. Returns the latency in ns, or -1 when no callback came
// within 2 s; with --split, *toHandler is kill -> the outer handler's stamp.
std::int64_t roundTrip(pid_t self, int sig, std::int64_t *toHandler)
{
    while (sem_trywait(&g_got) == 0) {
    }
    g_handlerNs.store(0);
    const std::int64_t t0 = nowNs();
    kill(self, sig);
    if (!waitSem(&g_got, 2000))
        return -1;
    const std::int64_t handlerNs = g_handlerNs.load();
    *toHandler = handlerNs >= t0 ? handlerNs - t0 : -1;   // -1: no stamp (not --split, or missed)
    return g_lastNs.load() - t0;
}

void measureLatency(const Options &o, int sig, int fdBase, int threadBase)
{
    std::vector<std::int64_t> samples;
    samples.reserve(std::size_t(o.count));
    std::vector<std::int64_t> toHandler;   // --split only
    toHandler.reserve(o.split ? std::size_t(o.count) : 0);
    long lost = 0;
    long unstamped = 0;            // --split: callbacks whose signal never passed the stamp
    const pid_t self = getpid();   // outside the timed window
    // `count` trips, `recorded` of them at the end kept. With a gap, the callback has
    // returned and the loop has gone back to sleep (and so, most likely, has its CPU)
    // before each signal: what a real program sees. Without one, the next signal is sent
    // while the callback still runs (ping-pong).
    auto trips = [&](long count, long recorded) {
        for (long i = 0; i < count && lost < 10; ++i) {
            if (o.gapUs > 0)
                sleepUs(o.gapUs);
            std::int64_t handlerNs = 0;
            const std::int64_t ns = roundTrip(self, sig, &handlerNs);
            if (ns < 0) {
                ++lost;
            } else if (o.split && handlerNs < 0) {
                ++unstamped;
            } else if (i >= count - recorded) {
                samples.push_back(ns);
                if (o.split)
                    toHandler.push_back(handlerNs);
            }
        }
    };
    trips(o.warmup, 0);
    std::printf("fds_added=%d\nthreads_added=%d\n", countEntries("/proc/self/fd") - fdBase,
                countEntries("/proc/self/task") - threadBase);
    if (!o.paced) {
        trips(o.count, o.count);
    } else {
        // Blocks as the driver asks for them on stdin, "go <trips> <first unrecorded>"
        // answered by "done=1", until "end": it alternates the contenders block by block,
        // so that all of them meet the same spells of a noisy machine.
        std::printf("ready=1\n");
        std::fflush(stdout);
        char line[64];
        long count = 0;
        long unrecorded = 0;
        while (std::fgets(line, sizeof line, stdin)
               && std::sscanf(line, "go %ld %ld", &count, &unrecorded) == 2) {
            trips(count + unrecorded, count);
            std::printf("done=1\n");
            std::fflush(stdout);
        }
    }
    if (unstamped > 0) {
        // The contender took the signal without the handler under the stamp (a handler it
        // installed after ours, or none): no split to report (outside breaker).
        std::printf("error=--split: %ld callbacks came without the contender's handler running first\n",
                    unstamped);
        g_failed = true;
    }
    if (!o.samples.empty()) {
        // A samples file that cannot be written is an error, not an empty result (outside
        // breaker: a path in a missing folder, or /dev/full, ended with status 0).
        FILE *f = std::fopen(o.samples.c_str(), "we");
        bool written = f != nullptr;
        if (f) {
            // With --split a line is "total kill->handler", both in ns.
            for (std::size_t i = 0; i < samples.size(); ++i) {
                if (o.split)
                    std::fprintf(f, "%lld %lld\n", static_cast<long long>(samples[i]),
                                 static_cast<long long>(toHandler[i]));
                else
                    std::fprintf(f, "%lld\n", static_cast<long long>(samples[i]));
            }
            written = std::ferror(f) == 0;
            written = std::fclose(f) == 0 && written;
        }
        if (!written) {
            std::printf("error=cannot write the samples to %s: %s\n", o.samples.c_str(), std::strerror(errno));
            g_failed = true;
        }
    }
    std::printf("samples=%zu\nlost=%ld\n", samples.size(), lost);
}

void measureBurst(const Options &o, int sig, bool realtime)
{
    const pid_t target = getpid();
    const std::int64_t t0 = nowNs();
    const pid_t child = fork();
    if (child < 0) {
        std::printf("error=fork: %s\n", std::strerror(errno));
        return;
    }
    if (child == 0) {
        // Only async-signal-safe calls in the child of a threaded process.
        for (long i = 0; i < o.count; ++i) {
            if (!realtime) {
                kill(target, sig);
                continue;
            }
            sigval v {};
            v.sival_int = int(i);
            while (sigqueue(target, sig, v) != 0) {
                if (errno != EAGAIN)
                    _exit(1);
                sched_yield();   // the receiver's queue is at RLIMIT_SIGPENDING
            }
        }
        _exit(0);
    }
    waitQuiet(child);
    std::printf("sent=%ld\ncallbacks=%llu\narrivals=%llu\n", o.count,
                static_cast<unsigned long long>(g_callbacks.load()),
                static_cast<unsigned long long>(g_arrivals.load()));
    const std::int64_t last = g_lastNs.load();
    std::printf("ms_to_last=%.3f\n", last > t0 ? double(last - t0) / 1e6 : -1.0);
    if (realtime) {
        long seen = 0;
        for (auto &s : *g_seen)
            seen += s.load();
        std::printf("valued=%llu\nvalues_seen=%ld\nout_of_order=%llu\n",
                    static_cast<unsigned long long>(g_valued.load()), seen,
                    static_cast<unsigned long long>(g_outOfOrder.load()));
    }
}

void measureIdle(const Options &o)
{
    sleepMs(300);   // let the loop settle after start-up
    const long long before = contextSwitchesOfOthers();
    sleepMs(o.idleMs);
    const long long after = contextSwitchesOfOthers();
    std::printf("idle_ms=%ld\nidle_wakeups=%lld\n", o.idleMs, after - before);
}

bool parse(int argc, char **argv, Options *o)
{
    if (argc < 3)
        return false;
    o->mode = argv[2];
    if ((argc - 3) % 2 != 0)
        return false;   // an option without its value
    for (int i = 3; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        char *end = nullptr;
        const long value = std::strtol(argv[i + 1], &end, 10);
        if (key == "--samples") {
            o->samples = argv[i + 1];
            continue;
        }
        if (key == "--previous") {
            const std::string what = argv[i + 1];
            if (what != "handler" && what != "none")
                return false;
            o->previous = what == "handler";
            continue;
        }
        if (end == argv[i + 1] || *end != '\0' || value < 0)
            return false;
        if (key == "--count")
            o->count = value;
        else if (key == "--warmup")
            o->warmup = value;
        else if (key == "--idle-ms")
            o->idleMs = value;
        else if (key == "--cpu")
            o->cpu = value;
        else if (key == "--gap-us")
            o->gapUs = value;
        else if ((key == "--paced" || key == "--split") && value > 1)
            return false;   // 0 or 1
        else if (key == "--paced")
            o->paced = value != 0;
        else if (key == "--split")
            o->split = value != 0;
        else
            return false;
    }
    if (o->count == 0)
        o->count = o->mode == "latency" ? 4000 : 10000;
    return o->mode == "latency" || o->mode == "burst" || o->mode == "rtburst" || o->mode == "idle";
}

} // namespace

void arrived(int value, bool hasValue, std::uint64_t count)
{
    if (hasValue) {
        g_valued.fetch_add(1, std::memory_order_relaxed);
        if (value != g_expected.load(std::memory_order_relaxed))
            g_outOfOrder.fetch_add(1, std::memory_order_relaxed);
        g_expected.store(std::int64_t(value) + 1, std::memory_order_relaxed);
        if (g_seen && value >= 0 && std::size_t(value) < g_seen->size())
            (*g_seen)[std::size_t(value)].store(1, std::memory_order_relaxed);
    }
    g_arrivals.fetch_add(count, std::memory_order_relaxed);
    g_lastNs.store(nowNs(), std::memory_order_relaxed);
    g_callbacks.fetch_add(1, std::memory_order_release);
    sem_post(&g_got);
}

int main(int argc, char **argv, const std::map<std::string, Factory> &contenders)
{
    Options o;
    if (argc == 2 && std::strcmp(argv[1], "--list") == 0) {
        for (const auto &c : contenders)
            std::printf("%s\n", c.first.c_str());
        return 0;
    }
    const auto found = argc > 1 ? contenders.find(argv[1]) : contenders.end();
    if (found == contenders.end() || !parse(argc, argv, &o)) {
        std::fprintf(stderr, "usage: %s --list | <contender> latency|burst|rtburst|idle "
                             "[--count N] [--warmup N] [--idle-ms MS] [--samples FILE] [--cpu N] [--gap-us US] "
                             "[--previous handler|none] [--paced 0|1] [--split 0|1]\n", argv[0]);
        return 2;
    }
    if (o.cpu >= 0) {
        // Every thread of the process on one CPU (they inherit it): the round trip then
        // measures the path's own cost, not whether the scheduler put the receiver on an
        // idle CPU that needs waking first (on a VM, a halted vCPU: +10..20 us).
        // N counts the CPUs this process may use (a container may not offer CPU 0).
        cpu_set_t allowed;
        CPU_ZERO(&allowed);
        sched_getaffinity(0, sizeof allowed, &allowed);
        const int usable = CPU_COUNT(&allowed);
        int wanted = usable > 0 ? int(o.cpu % usable) : 0;
        int chosen = 0;
        for (int c = 0; c < CPU_SETSIZE; ++c) {
            if (CPU_ISSET(c, &allowed) && wanted-- == 0) {
                chosen = c;
                break;
            }
        }
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(chosen, &set);
        if (sched_setaffinity(0, sizeof set, &set) != 0) {
            std::printf("error=sched_setaffinity: %s\n", std::strerror(errno));
            return 2;
        }
    }
    const bool realtime = o.mode == "rtburst";
    const int sig = realtime ? SIGRTMIN : SIGUSR1;

    // The handler that was there before the contender: it must come back afterwards, and
    // a library that keeps calling it (chaining) pays for that on every arrival. Without
    // one (--previous none) SIGUSR1 has its default action, as in most programs.
    if (o.previous) {
        struct sigaction mark {};
        mark.sa_sigaction = marker;
        mark.sa_flags = SA_SIGINFO | SA_RESTART;
        sigemptyset(&mark.sa_mask);
        sigaction(SIGUSR1, &mark, nullptr);
    }

    // Blocked here before any thread exists: the harness thread inherits the mask and
    // never takes a bench signal; the main thread unblocks below unless told otherwise.
    sigset_t benchSignals;
    sigemptyset(&benchSignals);
    sigaddset(&benchSignals, SIGUSR1);
    sigaddset(&benchSignals, SIGRTMIN);
    pthread_sigmask(SIG_BLOCK, &benchSignals, nullptr);

    std::vector<std::atomic<std::uint8_t>> seen(realtime ? std::size_t(o.count) : 0);
    g_seen = &seen;
    sem_init(&g_got, 0, 0);
    sem_init(&g_start, 0, 0);
    sem_init(&g_mainDone, 0, 0);

    g_mainTid = syscall(SYS_gettid);
    std::unique_ptr<Contender> contender = found->second();
    int fdBase = 0;       // written before g_start is posted, read after
    int threadBase = 0;
    std::thread harness([&] {
        while (!waitSem(&g_start, 100000)) {
        }
        if (o.mode == "latency")
            measureLatency(o, sig, fdBase, threadBase);
        else if (o.mode == "idle")
            measureIdle(o);
        else
            measureBurst(o, sig, realtime);
        std::fflush(stdout);
        contender->stop();
        // The loop must come back: a handler blocked on a full socket never does.
        if (!waitSem(&g_mainDone, 3000)) {
            std::printf("deadlock=1\ndeadlock_wchan=%s\n", mainThreadWaitChannel().c_str());
            std::fflush(stdout);
            _exit(3);
        }
    });
    // The baseline: the harness thread and the contender's loop exist, nothing watches.
    contender->createLoop();
    fdBase = countEntries("/proc/self/fd");
    threadBase = countEntries("/proc/self/task");

    std::string error;
    if (!contender->watch(sig, &error)) {
        std::printf("error=%s\n", error.c_str());
        std::fflush(stdout);
        _exit(2);
    }
    if (!contender->keepsBlockedInMainThread(sig)) {
        sigset_t one;
        sigemptyset(&one);
        sigaddset(&one, sig);
        pthread_sigmask(SIG_UNBLOCK, &one, nullptr);
    }
    if (o.split) {
        // Over the contender's handler, in the main thread before the loop runs; only
        // where there is one (sigwaitinfo and signalfd have none).
        // The bench's own marker (--previous handler) is not the contender's: sigwaitinfo
        // and signalfd leave it there and never run it (outside breaker: garbage stamps).
        sigaction(sig, nullptr, &g_inner);
        const bool hasHandler = (g_inner.sa_flags & SA_SIGINFO)
            ? g_inner.sa_sigaction != nullptr && g_inner.sa_sigaction != marker
            : (g_inner.sa_handler != SIG_DFL && g_inner.sa_handler != SIG_IGN);
        if (o.mode != "latency" || !hasHandler) {
            std::printf("error=--split needs a latency run of a contender with a handler\n");
            std::fflush(stdout);
            _exit(2);
        }
        struct sigaction outer = g_inner;
        outer.sa_sigaction = stampThenInner;
        outer.sa_flags |= SA_SIGINFO;
        sigaction(sig, &outer, nullptr);
    }
    sem_post(&g_start);
    contender->run();
    // The contender's handler back in place before it lets go: a library that restores the
    // previous action only over its own would otherwise leave ours, and "restored" would
    // blame it (outside breaker).
    if (o.split)
        sigaction(sig, &g_inner, nullptr);
    contender->unwatch();
    sem_post(&g_mainDone);
    harness.join();

    if (o.previous && sig == SIGUSR1) {
        struct sigaction now {};
        sigaction(SIGUSR1, nullptr, &now);
        const bool restored = (now.sa_flags & SA_SIGINFO) && now.sa_sigaction == marker;
        std::printf("restored=%d\n", restored ? 1 : 0);
    }
    std::printf("has_values=%d\ndone=1\n", contender->hasValues() ? 1 : 0);
    std::fflush(stdout);
    return g_failed ? 2 : 0;
}

} // namespace bench
