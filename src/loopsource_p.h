// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API.
//
// A thread's channel as a source of its Qt loop's own glib context, where Qt's loop is
// glib's (QEventDispatcherGlib, the default on Linux). Without it the channel's descriptor
// is a QSocketNotifier like any other. With it (issue 14):
// - The source looks at the channel's ring in prepare() and check(), so a record a
//   handler put there while this thread was running needs no wake-up at all (no write()
//   in the handler, no read() here: SignalBackend::setLoopChecksChannel()), and a signal
//   that interrupts the loop's poll(2) (EINTR: poll is never restarted, signal(7)) is
//   dispatched in the same iteration, by check(). glib returns from an iteration whose
//   poll failed; before, Qt then ran a whole new iteration over its sources, or we had to
//   repeat the poll (the retrying poll function this file replaces).
// - Delivery no longer goes through QSocketNotifier's event and Qt's socket-notifier
//   source. QEventLoop::ExcludeSocketNotifiers holds signals back no more than before:
//   Qt 6.4's glib dispatcher does not hold a QSocketNotifier back for it either (tried:
//   a readable pipe's notifier fires under processEvents(ExcludeSocketNotifiers) there,
//   and not with QT_NO_GLIB=1, where the channel is still a QSocketNotifier).
//
// Which context: Qt does not say which GMainContext its dispatcher runs, and the thread's
// default context is not always it (a program may push one of its own, as GIO code
// does). acquire() is called while Qt's loop delivers a posted event, so the source being
// dispatched (g_main_current_source) belongs to Qt's context. Called outside a glib
// dispatch (the program ran QCoreApplication::sendPostedEvents() itself), it changes
// nothing and the QSocketNotifier stays, until its first wake-up, which is dispatched by
// Qt's loop and tries again.
//
// The window in which a handler must still wake the loop: from prepare() (before it
// looks at the ring) to check() (after the poll), the loop may be about to sleep or
// asleep; the source says so with mayWait(true/false). glib calls prepare() of every
// source before a poll that may block, and check() after it (GMainContext, GLib
// Reference Manual: "prepare", "check"); when it skips ours (a source of higher priority
// was ready), the poll does not block, and the window stays open, which only costs a
// wake-up.
//
// Thread rules: acquire() on the loop's own thread, inside a dispatch of its loop;
// release() from any thread, never while the source is dispatching on another one.

#pragma once

class QAbstractEventDispatcher;

namespace SN::LoopSource {

// What the source calls, all on the loop's thread.
struct Hooks
{
    void *data = nullptr;
    int fd = -1;                                  // the channel's wake-up descriptor
    bool (*ready)(void *data) = nullptr;          // something to read without waiting
    // The window above opens / closes; opening, whether the wait is glib's own call of
    // SignalBackend::loopPoll() (setLoopMayWait()).
    void (*mayWait)(void *data, bool open, bool pollIsLoopPoll) = nullptr;
    void (*woken)(void *data, bool readable) = nullptr;   // before dispatch: reset the descriptor
    void (*dispatch)(void *data) = nullptr;       // read the channel
};

// Opaque: what release() needs; nullptr when nothing was attached.
struct Token;

// Whether this dispatcher's loop can have one (the build has glib and the dispatcher is
// Qt's glib one).
bool applies(const QAbstractEventDispatcher *dispatcher);
Token *acquire(QAbstractEventDispatcher *dispatcher, const Hooks &hooks);
void release(Token *token);

} // namespace SN::LoopSource
