// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API.

#pragma once

#include "SignalNotifier/signalnotifier.h"
#include "signalbackend_p.h"

#include <QtCore/qlist.h>

class SignalDispatcher;

class SignalNotifierPrivate
{
public:
    explicit SignalNotifierPrivate(SignalNotifier *owner) : q(owner) {}

    bool apply(const QList<Signal> &wanted, bool enabled, bool overrideIgnored);
    bool start();
    void stop();
    bool setError(Signal::Error error, const QString &text);
    void clearError();
    void deliver(const SignalInfo &info);

    SignalNotifier *const q;
    QList<Signal> watched;
    QList<SignalBackend::WatchTicket> tickets;   // one per watched signal with a number
    QList<Signal> keptIgnored;
    SignalDispatcher *dispatcher = nullptr;
    bool enabled = true;
    bool active = false;          // started: tickets held, dispatcher attached
    bool singleShot = false;
    bool overrideIgnored = false;
    quint64 overflowCount = 0;
    Signal::Error error = Signal::NoError;
    QString errorString;
};
