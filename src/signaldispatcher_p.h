// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API.
//
// One SignalDispatcher per thread that has notifiers. It owns that thread's backend
// channel and watches its descriptor with a QSocketNotifier, so arrivals wake exactly
// the threads that watch them, each through its own event loop: one hop from the
// handler to the slot, and a blocked main thread never holds up a worker.
//
// Touched only from its own thread (notifiers attach and detach in the thread they
// live in); the thread-local pointer finds it.

#pragma once

#include "SignalNotifier/signal.h"
#include "signalbackend_p.h"

#include <QtCore/qlist.h>
#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>

class QSocketNotifier;
class SignalNotifier;

class SignalDispatcher : public QObject
{
public:
    // The current thread's dispatcher, made on first use; nullptr with *error set when
    // it cannot be (no channel slot or descriptor left).
    static SignalDispatcher *forCurrentThread(Signal::Error *error);

    void attach(SignalNotifier *notifier);
    void detach(SignalNotifier *notifier);   // may delete the dispatcher
    void addInterest(int native);
    void removeInterest(int native);
    std::size_t capacity() const;

protected:
    bool event(QEvent *event) override;

private:
    explicit SignalDispatcher(const SignalBackend::Channel &channel);
    ~SignalDispatcher() override;
    void startWhenLoopExists();
    void drain();
    void deliver(const SignalInfo &info);

    SignalBackend::Channel m_channel;
    QSocketNotifier *m_socket = nullptr;
    QList<QPointer<SignalNotifier>> m_notifiers;
    int m_draining = 0;
    bool m_deleteWhenIdle = false;
};
