// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API. Conversions between the backend's plain types and the Qt layer.

#pragma once

#include "SignalNotifier/signal.h"
#include "SignalNotifier/signalinfo.h"
#include "channels_p.h"
#include "signalinfo_p.h"

namespace SN {

// The portable enum is the backend's, shifted by IdShift (see Signal::Id; checked in
// signal.cpp).
constexpr int IdShift = 256;

inline SignalBackend::Id toBackendId(Signal::Id id)
{
    return id == Signal::Invalid ? SignalBackend::Id::Invalid : static_cast<SignalBackend::Id>(int(id) - IdShift);
}

inline Signal::Id fromBackendId(SignalBackend::Id id)
{
    return id == SignalBackend::Id::Invalid ? Signal::Invalid : static_cast<Signal::Id>(int(id) + IdShift);
}

inline Error::Code toCode(SignalBackend::Error e)
{
    return static_cast<Error::Code>(e);
}

// The message for \a code about \a signal (codeText() names no signal).
QString errorTextFor(Error::Code code, Signal signal);

// An Error about \a signal; the system's own words added when it gave some that say more
// than the code.
inline Error errorOf(SignalBackend::Result r, Signal signal)
{
    if (r)
        return Error();
    QString text = errorTextFor(toCode(r.error), signal);
    if (r.systemErrno != 0
        && (r.error == SignalBackend::Error::SystemError || SignalBackend::isDetailCode(r.systemErrno)))
        text += QStringLiteral(": ") + QString::fromStdString(SignalBackend::systemErrorText(r.systemErrno));
    return Error(toCode(r.error), text, r.systemErrno);
}

// Stores the outcome in *error (NoError on success) when the caller asked; returns
// whether it succeeded.
inline bool report(const Error &outcome, Error *error)
{
    if (error)
        *error = outcome;
    return !outcome.isError();
}

inline bool fail(Error::Code code, Signal signal, Error *error)
{
    // A portable event this platform lacks (Logoff on Linux) is a known signal: said as
    // watchability() says it, not "unknown" with advice about casts (issue 15's breaker
    // found sendToThread and waitForAny disagreeing on it).
    if (code == Error::UnknownSignal && signal.isValid() && !signal.existsOnThisPlatform())
        code = Error::UnsupportedSignal;
    return report(Error(code, errorTextFor(code, signal)), error);
}

inline bool check(SignalBackend::Result r, Signal signal, Error *error)
{
    return report(errorOf(r, signal), error);
}

// What record \a r tells, built in \a spare's data when it has some.
inline SignalInfo infoOf(const SignalBackend::Record &r, SignalInfoSpare *spare = nullptr)
{
    using namespace SignalBackend;
    SignalInfo info = SignalInfoPrivate::make(Signal::fromNumber(r.signal), r.code,
                                       (r.flags & HasSender) ? qint64(r.pid) : -1,
                                       (r.flags & HasSender) ? qint64(r.uid) : -1, spare);
    if (r.flags & HasValue)
        SignalInfoPrivate::setValue(info, int(r.value));
    if (r.flags & HasStatus)
        SignalInfoPrivate::setChildStatus(info, r.status);
    if (r.flags & Held)
        SignalInfoPrivate::setHeld(info, true);
    if (r.flags & HasSessionEnd)
        SignalInfoPrivate::setSessionEndFlags(info, SignalInfo::SessionEndFlags(int(r.status)));
    return info;
}

} // namespace SN
