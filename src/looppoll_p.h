// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API.
//
// How a thread's event loop waits, where that costs a signal time. A signal whose
// handler runs on a thread asleep in poll(2) makes that poll fail with EINTR (poll is
// never restarted, whatever SA_RESTART says: signal(7), "Interruption of system calls").
// Qt's own dispatcher retries the poll at once (qt_safe_poll). Qt's glib dispatcher, the
// default on Linux, returns from g_main_context_iteration() instead and Qt starts a whole
// new iteration over its four sources before our descriptor is seen: about 1,000
// instructions per signal (callgrind, README "Benchmark"). The main thread is where the
// kernel sends a process-directed signal first, so every main-thread notifier paid it.
//
// Each SignalDispatcher asks for a retrying poll for its thread's loop while it exists.
// With glib (found at build time, Qt's dispatcher a QEventDispatcherGlib, and the
// context still polling with glib's own g_poll) an interrupted poll is repeated once with
// no wait: what the handler made readable is seen in the same iteration; when nothing is
// ready, the EINTR is passed on as before. Otherwise nothing changes.
//
// Which context: Qt does not say which GMainContext its dispatcher runs, and the thread's
// default context is not always it (a program may push one of its own, as GIO code
// does). acquire() is called while Qt's loop delivers a posted event, so the source being
// dispatched (g_main_current_source) belongs to Qt's context. Called outside a glib
// dispatch, it changes nothing.
//
// Limit: glib offers no compare-and-swap for a context's poll function. Another thread
// that sets its own on this thread's context at the very moment our last notifier there
// goes can have it replaced by g_poll (we put g_poll back only if ours is still set, but
// the check and the set are two calls). A context's poll function is the business of the
// thread that runs it; setting it from elsewhere is already a race within glib's API.
//
// Thread rules: acquire() on the loop's own thread, inside a dispatch of its loop;
// release() from any thread.

#pragma once

class QAbstractEventDispatcher;

namespace SN::LoopPoll {

// Opaque: what release() needs; nullptr when nothing was changed.
struct Token;

Token *acquire(QAbstractEventDispatcher *dispatcher);
void release(Token *token);

} // namespace SN::LoopPoll
