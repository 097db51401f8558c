// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// POSIX signals never end the process behind the application's back, there is no
// session-end query to answer, and no system restarts a program it closed. What can be
// held here is the system's own shutdown: systemd-logind waits, before it shuts the
// machine down, until every delay inhibitor lock is closed or InhibitDelayMaxSec passes
// (org.freedesktop.login1(5), "Inhibit"). src/logind/ takes such a lock and hands its
// descriptor to the delay lock below; while logind waits for it, that is the hold. See
// sessionend_p.h.
//
// Who may touch what: DelayLock only with its mutex held; pthread_atfork takes the mutex
// around fork(), so that the child finds it free and closes its copy of the lock (the
// system must not wait for a child that knows nothing of the shutdown).
//
// Claims (sessionend_p.h): only a Shutdown is ever held here, and a release asked for
// while a claim claims is remembered as the number of the lock it was for, so that it
// never closes a lock taken afterwards (after a cancelled shutdown, for the next one).

#include "../sessionend_p.h"
#include "../common/holdclaims_p.h"

#include <chrono>
#include <mutex>
#include <type_traits>
#include <pthread.h>
#include <unistd.h>

namespace SignalBackend {
namespace {

using Clock = std::chrono::steady_clock;

struct DelayLock {
    std::mutex mutex;
    int fd = -1;
    uint64_t id = 0;          // of the lock kept now; 0 when none
    uint64_t lastId = 0;
    bool held = false;        // logind waits for it now
    Clock::time_point deadline;
    HoldClaims claims;
    uint64_t releaseAsked = 0;   // the held lock whose release waits for the claims; 0: none
};

DelayLock &delayLock()
{
    static DelayLock *const lock = new DelayLock;   // never destroyed: usable during exit
    return *lock;
}

// With the mutex held.
void closeLocked(DelayLock &lock)
{
    if (lock.fd >= 0)
        ::close(lock.fd);
    lock.fd = -1;
    lock.id = 0;
    lock.held = false;
    lock.releaseAsked = 0;
}

void atforkPrepare()
{
    delayLock().mutex.lock();
}

void atforkParent()
{
    delayLock().mutex.unlock();
}

void atforkChild()
{
    DelayLock &lock = delayLock();
    closeLocked(lock);
    lock.claims.clear();   // the parent's sequences, not the child's
    lock.mutex.unlock();
}

// Before the process first keeps a descriptor.
void registerAtfork()
{
    static std::once_flag registered;
    std::call_once(registered, [] { ::pthread_atfork(atforkPrepare, atforkParent, atforkChild); });
}

} // namespace

bool holdActive()
{
    DelayLock &lock = delayLock();
    std::lock_guard<std::mutex> guard(lock.mutex);
    return lock.held;
}

std::chrono::steady_clock::time_point holdEnd()
{
    static_assert(std::is_same_v<Clock, std::chrono::steady_clock>);
    DelayLock &lock = delayLock();
    std::lock_guard<std::mutex> guard(lock.mutex);
    return lock.held ? lock.deadline : Clock::time_point::max();
}

void releaseHold()
{
    DelayLock &lock = delayLock();
    std::lock_guard<std::mutex> guard(lock.mutex);
    if (!lock.held)
        return;
    if (lock.claims.claimed()) {
        lock.releaseAsked = lock.id;   // a GracefulShutdown still saves: its end closes it
        return;
    }
    closeLocked(lock);   // logind goes on with the shutdown
}

uint64_t addHoldClaim(const std::vector<Id> &events)
{
    DelayLock &lock = delayLock();
    std::lock_guard<std::mutex> guard(lock.mutex);
    return lock.claims.add(events);
}

void claimHold(uint64_t claim)
{
    DelayLock &lock = delayLock();
    std::lock_guard<std::mutex> guard(lock.mutex);
    lock.claims.claim(claim);
}

void endHoldClaim(uint64_t claim, bool release)
{
    DelayLock &lock = delayLock();
    std::lock_guard<std::mutex> guard(lock.mutex);
    lock.claims.remove(claim);
    if (!lock.held)
        return;
    if (lock.claims.claimed()) {
        if (release)
            lock.releaseAsked = lock.id;
        return;
    }
    if (release || lock.releaseAsked == lock.id)
        closeLocked(lock);
}

uint64_t setDelayLock(int fd)
{
    registerAtfork();
    DelayLock &lock = delayLock();
    std::lock_guard<std::mutex> guard(lock.mutex);
    closeLocked(lock);
    lock.fd = fd;
    lock.id = ++lock.lastId;
    return lock.id;
}

uint64_t holdComingDelayLock(int64_t budgetMs)
{
    DelayLock &lock = delayLock();
    std::lock_guard<std::mutex> guard(lock.mutex);
    closeLocked(lock);
    lock.id = ++lock.lastId;
    lock.held = true;
    lock.deadline = Clock::now() + std::chrono::milliseconds(budgetMs > 0 ? budgetMs : 0);
    lock.claims.holdBegins(Id::Shutdown);
    return lock.id;
}

uint64_t completeDelayLock(uint64_t id, int fd)
{
    registerAtfork();
    DelayLock &lock = delayLock();
    std::lock_guard<std::mutex> guard(lock.mutex);
    if (id == 0 || lock.id != id || lock.fd >= 0) {
        ::close(fd);   // its hold is over: the system must not wait for it
        return 0;
    }
    lock.fd = fd;
    return id;
}

bool holdDelayLock(uint64_t id, int64_t budgetMs)
{
    DelayLock &lock = delayLock();
    std::lock_guard<std::mutex> guard(lock.mutex);
    if (id == 0 || lock.id != id)
        return false;
    lock.held = true;
    lock.deadline = Clock::now() + std::chrono::milliseconds(budgetMs > 0 ? budgetMs : 0);
    lock.claims.holdBegins(Id::Shutdown);   // before the Shutdown is posted to anybody
    return true;
}

void dropDelayLock(uint64_t id)
{
    DelayLock &lock = delayLock();
    std::lock_guard<std::mutex> guard(lock.mutex);
    if (id != 0 && lock.id == id)
        closeLocked(lock);
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
