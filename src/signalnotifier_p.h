// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API.

#pragma once

#include "SignalNotifier/signalnotifier.h"
#include "channels_p.h"

#include <QtCore/qlist.h>
#include <QtCore/qhash.h>

namespace SN {

class SignalDispatcher;

class SignalNotifierPrivate
{
public:
    explicit SignalNotifierPrivate(SignalNotifier *owner) : q(owner) {}
    static SignalNotifierPrivate *get(SignalNotifier *notifier) { return notifier->d.get(); }

    bool apply(const QList<Signal> &wanted, bool enabled, bool overrideIgnored);
    void stop();
    void noteHangupWatch(bool watching);
    static bool noteKeptIgnored(int native, bool kept);
    bool setError(Error::Code error, const QString &text);
    void clearError();
    // From the dispatcher of its thread, or forwarded by one of a thread it moved away
    // from; each numbered arrival comes from one of them only (SignalDispatcher::Part).
    void deliver(const SignalInfo &info);
    QList<int> natives() const;   // the numbers behind `tickets`
    // QEvent::ThreadChange, in the old thread; and the three events that finish a move in
    // the new one.
    void leaveThread();
    void rearm();
    void handoverDone(const SignalDispatcher *from, uint32_t releaseFrom);
    void leaveAllPrevious();

    SignalNotifier *const q;
    QList<Signal> watched;
    QList<SignalBackend::WatchTicket> tickets;   // one per watched signal with a number
    SignalDispatcher *dispatcher = nullptr;      // of the thread it lives in
    // Dispatchers of threads it moved away from, still forwarding what arrived there
    // before its new channel had interest.
    QList<SignalDispatcher *> leaving;
    QHash<SignalDispatcher *, uint32_t> releaseRequested;   // of `leaving`: from which arrival
    bool enabled = true;
    bool active = false;          // started: tickets held, dispatcher attached
    bool singleShot = false;
    bool overrideIgnored = false;
    // Asked of the backend with each ticket (SignalBackend::watch's `interrupting`).
    bool interruptsBlockingCalls = false;
    quint64 overflowCount = 0;
    // GracefulShutdown's own notifier (its watchdog's), marked before it starts watching:
    // it watches the stop requests, so a Hangup it watches while another notifier watches
    // Hangup for something else (a reload) is the SIGHUP trap the dispatcher warns about.
    bool isStopRequestWatcher = false;
    Error::Code error = Error::NoError;
    QString errorString;
};

// Signal::setDisposition() changed `native`: the next nohup note about it is said again.
void forgetKeptIgnoredNote(int native);

} // namespace SN
