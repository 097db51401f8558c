// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API. What a SignalInfo holds, and the only way to build one: the public
// type has no setters (issue 12), so that a field added after 1.0 is filled in here and
// nowhere in a user's binary. Any thread: a SignalInfo being built is the builder's own.

#pragma once

#include "SignalNotifier/signalinfo.h"

#include <QtCore/qshareddata.h>

#include <utility>

namespace SN {

// The fields, apart from the reference count: what a reused SignalInfoData is reset to
// (SignalInfoSpare) is a new one's, whatever is added here later.
struct SignalInfoFields
{
    enum Flag : quint8 {
        HasSender = 1,
        HasValue = 2,
        HasStatus = 4,
        Overflow = 8,
        Held = 16,
        HasSessionEnd = 32,
    };
    Signal signal;
    int code = 0;
    qint64 pid = -1;
    qint64 uid = -1;
    int value = 0;
    int status = 0;
    quint64 count = 1;
    quint8 flags = 0;
    quint8 sessionEnd = 0;
    // The name of an event that has no native number, so no code the backend could name
    // (Linux: logind's "PrepareForShutdown"); empty otherwise.
    QString eventName;
};

class SignalInfoData : public QSharedData, public SignalInfoFields
{
};

// One SignalInfoData kept for the next arrival (issue 14): a delivery whose SignalInfo
// nobody kept afterwards leaves its data here, and the next arrival is built in it
// instead of in a new allocation. Not thread-safe: one thread at a time uses a spare
// (SignalDispatcher::drain() says how).
class SignalInfoSpare
{
public:
    SignalInfoSpare() = default;
    ~SignalInfoSpare() { delete std::exchange(m_data, nullptr); }
    Q_DISABLE_COPY_MOVE(SignalInfoSpare)

private:
    friend class SignalInfoPrivate;
    SignalInfoData *m_data = nullptr;   // owned; nobody else refers to it
};

class SignalInfoPrivate
{
public:
    // An arrival of `signal` with `code`, sent by process `pid` of user `uid` (a negative
    // pid: the sender is unknown).
    // Built in `spare`'s data when it has some, else in a new allocation.
    static SignalInfo make(Signal signal, int code, qint64 pid, qint64 uid, SignalInfoSpare *spare = nullptr);
    // Done with `info`: its data goes to `spare` when nobody else holds it (a slot that
    // kept a copy, a queued connection's or a forwarded arrival's copy) and `spare` has
    // none; otherwise it is only released. `info` is invalid afterwards.
    static void recycle(SignalInfo &&info, SignalInfoSpare *spare);
    static void setValue(SignalInfo &info, int value);
    static void setChildStatus(SignalInfo &info, int status);
    static void setCount(SignalInfo &info, quint64 count);
    static void setOverflow(SignalInfo &info, bool overflow);
    static void setHeld(SignalInfo &info, bool held);
    static void setSessionEndFlags(SignalInfo &info, SignalInfo::SessionEndFlags flags);
    // codeName() for an event that has no native number (a session source's).
    static void setEventName(SignalInfo &info, const QString &name);

private:
    static SignalInfoData &edit(SignalInfo &info);
};

} // namespace SN
