// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API. What a SignalInfo holds, and the only way to build one: the public
// type has no setters (issue 12), so that a field added after 1.0 is filled in here and
// nowhere in a user's binary. Any thread: a SignalInfo being built is the builder's own.

#pragma once

#include "SignalNotifier/signalinfo.h"

#include <QtCore/qshareddata.h>

namespace SN {

class SignalInfoData : public QSharedData
{
public:
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

class SignalInfoPrivate
{
public:
    // An arrival of `signal` with `code`, sent by process `pid` of user `uid` (a negative
    // pid: the sender is unknown).
    static SignalInfo make(Signal signal, int code, qint64 pid, qint64 uid);
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
