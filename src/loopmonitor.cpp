// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#include "loopmonitor_p.h"

#include "environment_p.h"
#include "process_p.h"
#include "signalmask_p.h"

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qloggingcategory.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__linux__)
#  include <pthread.h>
#endif

namespace SN {

Q_DECLARE_LOGGING_CATEGORY(lcSignalNotifier)

namespace LoopMonitor {
namespace {

struct Entry {
    const void *key = nullptr;
    SignalBackend::Channel channel;
    std::function<QString()> describe;
    qint64 unreadSinceMs = -1;   // when the monitor first saw something unread
};

// Made once and never destroyed: the monitor's thread may still be looking at it while
// static destructors run at exit.
struct State {
    std::mutex mutex;
    std::condition_variable wake;
    std::vector<Entry> entries;
    bool running = false;
    QElapsedTimer clock;
};

void forkPrepare();
void forkParent();
void forkChild();

State &state()
{
    static State *const s = [] {
        auto *made = new State;
        SignalBackend::atFork(forkPrepare, forkParent, forkChild);
        return made;
    }();
    return *s;
}

// fork(): the monitor's thread does not come along, and its lock must not be held by a
// thread that does not exist in the child. The child starts with nothing to watch (its
// inherited channels are the parent's) and starts its own monitor when it needs one.
void forkPrepare() { state().mutex.lock(); }
void forkParent() { state().mutex.unlock(); }
void forkChild()
{
    State &s = state();
    s.entries.clear();
    s.running = false;
    s.mutex.unlock();
}

// The monitor's thread: one look per second while entries exist, then it ends.
void run()
{
    // This thread never takes a signal (add() starts it with all of them blocked): a
    // process-directed one goes to a thread of the application, and one that would land
    // here just before this thread ends (it ends by itself) cannot be held up in it (as
    // ThreadSanitizer's deferred delivery would).
#if defined(__linux__)
    // Named, as the library's QThreads are, for ps -L, top -H and gdb (pthread_setname_np(3):
    // at most 15 bytes on Linux). A std::thread cannot take a QThread's objectName.
    ::pthread_setname_np(::pthread_self(), "SN loop monitor");
#endif
    State &s = state();
    std::unique_lock<std::mutex> lock(s.mutex);
    const int limit = unreadLimitMs();
    // At least three looks per limit, at most a second apart, and whole ones: `looks`
    // periods make the limit or a little more (rounded up), so the warning comes between
    // the limit and the limit plus one period after the arrival. (Before, 500 ms looked
    // every 166 ms and needed a fourth look: up to 832 ms, outside breaker.)
    const int looks = std::max(3, (limit + 999) / 1000);
    const auto period = std::chrono::milliseconds((limit + looks - 1) / looks);
    while (!s.entries.empty()) {
        s.wake.wait_for(lock, period);
        const qint64 now = s.clock.elapsed();
        for (auto it = s.entries.begin(); it != s.entries.end();) {
            if (SignalBackend::channelEmpty(it->channel)) {
                it->unreadSinceMs = -1;
                ++it;
                continue;
            }
            if (it->unreadSinceMs < 0)
                it->unreadSinceMs = now;
            if (now - it->unreadSinceMs < limit) {
                ++it;
                continue;
            }
            // Seen unread at this look and at the one `limit` before: it has waited at
            // least that long (up to one look period more).
            qCWarning(lcSignalNotifier,
                      "%ls has waited unread for at least %lld ms: that thread has not run its "
                      "event loop since the notifier was made (QThread::run() without exec()? "
                      "no QCoreApplication, or exec() never reached?). Said once.",
                      qUtf16Printable(it->describe()), static_cast<long long>(now - it->unreadSinceMs));
            it = s.entries.erase(it);
        }
    }
    s.running = false;
}

} // namespace

int unreadLimitMs()
{
    constexpr int Default = 3000;
    const char *const name = "SIGNALNOTIFIER_UNREAD_WARNING_MS";
    // Environment::number(): digits only, however many (Qt's own parsing took "0x64" and
    // "0144" with a base from the prefix, outside breaker; a later one saw "000100"
    // refused for its length). Absent or empty: the default, without a word.
    const Environment::Number n = Environment::number(name);
    if (n.state == Environment::Number::Unset)
        return Default;
    if (n.state == Environment::Number::Fits && n.value >= 100 && n.value <= 60000)
        return int(n.value);
    // Set but not usable: said once per process (the monitor asks each time it starts).
    static std::atomic<bool> warned{false};
    if (!warned.exchange(true)) {
        qCWarning(lcSignalNotifier, "%s=%ls is not a whole decimal number of milliseconds from 100 to 60000: %d is used",
                  name, qUtf16Printable(Environment::quoted(n.text)), Default);
    }
    return Default;
}

void add(const void *key, const SignalBackend::Channel &channel, std::function<QString()> describe)
{
    State &s = state();
    std::lock_guard<std::mutex> lock(s.mutex);
    if (!s.clock.isValid())
        s.clock.start();
    s.entries.push_back({key, channel, std::move(describe), -1});
    if (!s.running) {
        // A std::thread rather than a QThread: it needs no event loop, and must work
        // before QCoreApplication exists. Detached: it ends by itself when nothing is left.
        // Made with every signal blocked, so that it never takes one, not even before its
        // first instruction.
        const AllSignalsBlocked blocked;
        try {
            std::thread(run).detach();
            s.running = true;
        } catch (const std::system_error &) {
            // No thread to be had: the warning is lost, nothing else is.
            s.entries.pop_back();
        }
    }
}

bool remove(const void *key)
{
    State &s = state();
    std::lock_guard<std::mutex> lock(s.mutex);
    bool watched = false;
    for (auto it = s.entries.begin(); it != s.entries.end(); ++it) {
        if (it->key == key) {
            s.entries.erase(it);
            watched = true;
            break;
        }
    }
    if (s.entries.empty())
        s.wake.notify_all();
    return watched;
}

} // namespace LoopMonitor

} // namespace SN
