// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API.
//
// LoopMonitor runs on a thread of its own, and only while some thread with notifiers has
// not yet run its event loop (a QThread whose run() never calls exec(), a program that
// never makes QCoreApplication, or one that simply has not reached exec() yet). Such a
// thread's channel fills and nobody reads it; the monitor notices an arrival that has
// waited a few seconds there and says so once, naming the thread and its signals, so
// that a signal nobody will ever read is never eaten in silence. A thread whose loop has
// turned once leaves the monitor, and the monitor's thread ends when none is left: a
// program whose loops run has no monitor thread and no wake-up from it.
//
// Threads: add() and remove() from any thread (a dispatcher's own thread, or whoever
// deletes it); the checks on the monitor's thread. Everything shared is under one mutex,
// and remove() returns only once the monitor no longer looks at that channel.

#pragma once

#include "channels_p.h"

#include <QtCore/qstring.h>

#include <functional>

namespace SN {

namespace LoopMonitor {

// Watch `channel` until remove(key). `describe` names what waits there ("SIGUSR1 in
// thread 'worker'"); it is called on the monitor's thread, with the monitor's lock held.
void add(const void *key, const SignalBackend::Channel &channel, std::function<QString()> describe);
// Returns whether it was still watched: its loop never turned and nothing was said yet.
bool remove(const void *key);

// How long an arrival may wait unread before it is reported; tests shorten it with
// SIGNALNOTIFIER_UNREAD_WARNING_MS (100 to 60000; anything else keeps the default).
int unreadLimitMs();

} // namespace LoopMonitor

} // namespace SN
