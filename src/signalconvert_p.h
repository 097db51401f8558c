// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API. Conversions between the backend's plain types and the Qt layer.

#pragma once

#include "SignalNotifier/signal.h"
#include "SignalNotifier/signalinfo.h"
#include "signalbackend_p.h"

namespace SN {

inline Signal::Error toError(SignalBackend::Error e)
{
    return static_cast<Signal::Error>(e);
}

// The message for a failed call, with the system's own words when it gave some.
inline QString messageOf(SignalBackend::Result r, Signal signal)
{
    QString text = Signal::errorText(toError(r.error), signal);
    if (r.systemErrno != 0
        && (r.error == SignalBackend::Error::SystemError || SignalBackend::isDetailCode(r.systemErrno)))
        text += QStringLiteral(": ") + QString::fromStdString(SignalBackend::systemErrorText(r.systemErrno));
    return text;
}

inline bool fail(Signal::Error e, Signal signal, QString *errorString)
{
    if (errorString)
        *errorString = Signal::errorText(e, signal);
    return false;
}

inline bool check(SignalBackend::Result r, Signal signal, QString *errorString)
{
    if (errorString)
        *errorString = r ? QString() : messageOf(r, signal);
    return bool(r);
}

inline SignalInfo infoOf(const SignalBackend::Record &r)
{
    using namespace SignalBackend;
    SignalInfo info = SignalInfo::make(Signal::fromNumber(r.signal), r.code,
                                       (r.flags & HasSender) ? qint64(r.pid) : -1,
                                       (r.flags & HasSender) ? qint64(r.uid) : -1);
    if (r.flags & HasValue)
        info.setValue(int(r.value));
    if (r.flags & HasStatus)
        info.setChildStatus(r.status);
    if (r.flags & Held)
        info.setHeld(true);
    if (r.flags & HasSessionEnd)
        info.setSessionEndFlags(SignalInfo::SessionEndFlags(int(r.status)));
    return info;
}

} // namespace SN
