// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API. The library's own environment variables that hold a number
// (SIGNALNOTIFIER_QUEUE_CAPACITY, SIGNALNOTIFIER_UNREAD_WARNING_MS), read one way and
// quoted one way when a value cannot be used. Any thread.

#pragma once

#include "common/text_p.h"

#include <QtCore/qbytearray.h>
#include <QtCore/qdebug.h>
#include <QtCore/qstring.h>

#include <cstdint>

namespace SN::Environment {

struct Number
{
    enum State { Unset, Fits, TooLarge, NotANumber };
    State state = Unset;
    uint64_t value = 0;    // when it Fits
    QByteArray text;       // as set
};

// The variable `name` as a whole decimal number: digits only, as many as there are
// (SignalBackend::Text::parseDecimal()). Absent or empty: Unset, as most programs take
// an empty variable.
inline Number number(const char *name)
{
    Number n;
    n.text = qgetenv(name);
    if (n.text.isEmpty())
        return n;
    switch (SignalBackend::Text::parseDecimal({n.text.constData(), std::size_t(n.text.size())}, &n.value)) {
    case SignalBackend::Text::Decimal::Fits:
        n.state = Number::Fits;
        break;
    case SignalBackend::Text::Decimal::TooLarge:
        n.state = Number::TooLarge;
        break;
    case SignalBackend::Text::Decimal::Invalid:
        n.state = Number::NotANumber;
        break;
    }
    return n;
}

// `text` as a warning shows it: in quotes, escaped as QDebug escapes a string (any bytes,
// controls and invalid UTF-8 included), and cut after 40 characters.
inline QString quoted(const QByteArray &text)
{
    constexpr qsizetype Shown = 40;
    const QString value = QString::fromLocal8Bit(text);
    QString out;
    QDebug(&out).nospace() << (value.size() > Shown ? value.left(Shown) + QStringLiteral("...") : value);
    return out;
}

} // namespace SN::Environment
