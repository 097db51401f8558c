// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API: one part of the private contract (rules in signalbackend_p.h).
//
// The end of the process and of the session, as the system and a service manager see it:
// holding the process while the application shuts down, answering a session-end query,
// being started again after an update. (Telling the service manager: servicemanager_p.h.)
//   Called by  src/session.cpp (SN::Session); src/logind/ (the delay lock);
//              src/shutdownshared.cpp (GracefulShutdown's claim on the hold).
//   Defined in platform/posix/hold.cpp; platform/windows/hold.cpp, session.cpp, send.cpp.

#pragma once

#include "signalbackend_p.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace SignalBackend {

// ---- Holding the process while the application shuts down -----------------------------
//
// Some events end the process as soon as the platform's handler returns (Windows: CTRL_CLOSE,
// CTRL_LOGOFF, CTRL_SHUTDOWN, and WM_ENDSESSION in GUI processes). There the backend
// delivers the event with the Held flag and keeps its handler waiting until releaseHold()
// or a deadline just under the system's own limit. POSIX signals never end the process
// behind the application's back; there the system itself may wait for the application
// before it shuts down (systemd-logind's delay lock, below), and that wait is the hold.

// Whether an event is being held now.
bool holdActive();
// When the current hold gives up, on std::chrono::steady_clock; time_point::max() when
// nothing is held. The instant itself, not a remaining time: a deadline rebuilt from one
// moved with every call, by as long as the call took (outside breaker: by milliseconds
// when the caller was preempted, so GracefulShutdown's forced exit came after the hold's end).
std::chrono::steady_clock::time_point holdEnd();
// The application's shutdown is done: every waiting handler returns now (POSIX: the delay
// lock being held is closed). Harmless when nothing is held; an event that arrives later
// is held again. While a claim claims (below), the release is remembered instead, and
// done when the last claim ends.
void releaseHold();

// ---- Claims: a shutdown under way keeps the hold until it is done ----------------------
//
// The hold is one for the process: releasing it ends it for every watcher (Windows: the
// process ends as the handler returns; Linux: the machine goes on shutting down). A claim
// is src/'s GracefulShutdown's, whose sequence saves and then ends the process: while one
// claims, releaseHold() (anybody's, SN::Session's) does not end the hold but remembers
// that it was asked for this hold; the hold ends when the last claim ends, or at its
// deadline, which no claim delays. Without claims releaseHold() is as above. Any thread.
//
// A claim on holds that begin for any of `events`: when one does, the claim claims from
// before the held record is posted (so that no watcher's slot can release the hold
// first) until it ends. Returns the claim's number, never 0.
uint64_t addHoldClaim(const std::vector<Id> &events);
// Claim `claim` claims now, whatever the hold (a sequence that took over a hold already
// under way). Harmless for a claim that ended.
void claimHold(uint64_t claim);
// Claim `claim` ends, if it has not. `release`: its owner is done and ends the process
// next; the hold ends as releaseHold() would end it (still remembered while another
// claim claims). Without: a release that was asked for meanwhile, of a hold still going
// on, is done now unless another claim claims; otherwise the hold goes on, to the next
// releaseHold() or its deadline.
void endHoldClaim(uint64_t claim, bool release);

// A lock the system waits for before it shuts down: POSIX, systemd-logind's delay
// inhibitor lock, a descriptor that src/logind/ takes over D-Bus. The backend keeps the
// descriptor, so that releaseHold() lets it go from any thread and a fork() child never
// holds it (the child closes its copy at once). Windows: never used (its holds are the
// handler threads above).
// Takes ownership of `fd` (close-on-exec) as the lock, closing any kept before. Returns
// the lock's number, never 0.
uint64_t setDelayLock(int fd);
// The system now waits for lock `id` (logind's PrepareForShutdown(true)): a hold begins,
// which releaseHold() ends by closing the lock, or the caller at `budgetMs`
// (dropDelayLock). False when lock `id` is no longer kept.
bool holdDelayLock(uint64_t id, int64_t budgetMs);
// The system waits, and the lock is still on its way (logind announced the shutdown while
// our Inhibit call was unanswered; it may count the lock it made for us already): a hold
// begins now, without a descriptor, ended like any other. Closes any lock kept before.
// Returns the number the lock will have, never 0.
uint64_t holdComingDelayLock(int64_t budgetMs);
// The descriptor of lock `id` (from holdComingDelayLock) has come: while its hold goes
// on, the backend keeps `fd` as that lock and returns `id`; when the hold has ended
// meanwhile (released, dropped), `fd` is closed at once, since nobody waits for it, and 0
// is returned.
uint64_t completeDelayLock(uint64_t id, int fd);
// Closes lock `id` if it is still kept, ending its hold: the deadline passed, the
// shutdown was cancelled, or nobody watches any more.
void dropDelayLock(uint64_t id);

// ---- The session's end -------------------------------------------------------------------

// While blocked, a query whether the session may end (Windows GUI: WM_QUERYENDSESSION) is
// answered "not now", with `reasonUtf8` shown to the user. Returns Unsupported where the
// platform has no such query (POSIX); the state is then kept but has no effect.
Result blockSessionEnd(const std::string &reasonUtf8);
void unblockSessionEnd();

// The application's name, for what the system shows the user about this process
// (Windows: the title of the hidden session window on the "preventing shutdown" screen).
void setApplicationName(const std::string &nameUtf8);

// Asks the system to start the program again after it is closed for an update or a
// restart (Windows: RegisterApplicationRestart, with `argumentsUtf8` as its command line
// and `flags` as its RESTART_NO_* flags). Unsupported on POSIX.
Result registerApplicationRestart(const std::string &argumentsUtf8, unsigned flags);
void unregisterApplicationRestart();

// ---- Telling the service manager: see servicemanager_p.h ------------------------------

} // namespace SignalBackend
