// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API.
//
// Portable events that are no signal on this platform and come from the session manager
// instead (Linux: Shutdown, from systemd-logind over D-Bus). A notifier that watches one
// registers here while it is active and enabled; the platform's session source learns
// when watching starts and stops, and posts each arrival to every such notifier, which
// receives it in its own thread, like a signal forwarded by a dispatcher.
//
// Which thread does what: every function here may be called from any thread. One mutex
// guards the registry; a notifier is registered under it by its own apply()/stop(), so a
// notifier found registered is alive while the mutex is held (its destructor stops first).

#pragma once

#include "SignalNotifier/signal.h"
#include "signalbackend_p.h"

#include <QtCore/qlist.h>
#include <QtCore/qstring.h>

namespace SN {

class SignalInfo;
class SignalNotifier;

namespace SessionEvents {

// `notifier` watches `events` from now on (empty: nothing). Only those with no number on
// this platform are kept; the others are the signal path's.
void setWatched(SignalNotifier *notifier, const QList<Signal> &events);
// Whether any notifier watches `id` now.
bool isWatched(Signal::Id id);
// Delivers `info` to every notifier watching info.signal(), each through its own thread's
// event loop. Returns how many notifiers it was posted to.
int post(const SignalInfo &info);

} // namespace SessionEvents

// What the platform's session source provides: src/logind/ (systemd-logind over Qt D-Bus)
// where CMake builds it, src/sessionsource_none.cpp elsewhere. Called by SessionEvents,
// never with its mutex held.
namespace SessionSource {

// The set of watched events changed (SessionEvents::isWatched() tells what it is now).
void watchedChanged();

// Called by a notifier about to watch `events` (all it will watch, signals among them),
// while it can still refuse: whether the source can deliver those of them that are its
// own. Fails with OutOfResources and says why in *why (for errorString()) when the source
// cannot start now (no thread or no descriptors for it). Before QCoreApplication exists
// it succeeds: the source starts with the application and can then only log.
SignalBackend::Result prepare(const QList<Signal> &events, QString *why);

} // namespace SessionSource

} // namespace SN
