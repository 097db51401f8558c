// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#include "signalnotifierextension.h"

#include <SignalNotifier/SignalNotifier>

#include <QtCore/qmetaobject.h>
#include <QtQml/qjsvalue.h>
#include <QtQml/qqmlinfo.h>

#include <cmath>

namespace SNQml {

SignalNotifierExtension::SignalNotifierExtension(QObject *parent)
    : QObject(parent), m_notifier(qobject_cast<SN::SignalNotifier *>(parent))
{
    Q_ASSERT(m_notifier);
    connect(m_notifier, &SN::SignalNotifier::watchedSignalsChanged,
            this, &SignalNotifierExtension::watchedSignalsChanged);
    connect(m_notifier, &SN::SignalNotifier::errorOccurred,
            this, &SignalNotifierExtension::errorStringChanged);
    connect(m_notifier, &SN::SignalNotifier::watchedSignalsChanged,
            this, &SignalNotifierExtension::errorStringChanged);   // a success clears it
}

SN::Signal SignalNotifierExtension::toSignal(const QVariant &value)
{
    if (value.metaType() == QMetaType::fromType<SN::Signal>())
        return value.value<SN::Signal>();
    if (value.metaType() == QMetaType::fromType<SN::Signal::Id>())
        return SN::Signal(value.value<SN::Signal::Id>());
    if (value.metaType() == QMetaType::fromType<QString>()) {
        // "15" is a number too: Signal::fromName() takes one, QML refuses it as it refuses 15.
        const QString name = value.toString().trimmed();
        bool isNumber = false;
        name.toLongLong(&isNumber);
        return isNumber ? SN::Signal() : SN::Signal::fromName(name);
    }
    if (value.metaType() == QMetaType::fromType<QJSValue>())
        return toSignal(value.value<QJSValue>().toVariant());
    bool ok = false;
    const double number = value.toDouble(&ok);
    const QMetaEnum ids = QMetaEnum::fromType<SN::Signal::Id>();
    if (ok && number == std::trunc(number) && std::abs(number) < 1e9
        && ids.valueToKey(int(number)) && int(number) != int(SN::Signal::Invalid)) {
        return SN::Signal(static_cast<SN::Signal::Id>(int(number)));
    }
    return SN::Signal();
}

QList<SN::Signal> SignalNotifierExtension::toSignals(const QVariant &value)
{
    if (value.metaType() == QMetaType::fromType<QJSValue>())
        return toSignals(value.value<QJSValue>().toVariant());
    if (value.metaType() == QMetaType::fromType<QList<SN::Signal>>())
        return value.value<QList<SN::Signal>>();
    QList<SN::Signal> out;
    if (value.metaType() == QMetaType::fromType<QVariantList>()
        || value.metaType() == QMetaType::fromType<QStringList>()) {
        const QVariantList list = value.toList();
        for (const QVariant &v : list)
            out.append(toSignal(v));
    } else if (value.isValid() && !value.isNull()) {
        out.append(toSignal(value));   // one signal: watchedSignals: "TERM"
    }
    return out;
}

// Names, as Signal::name() gives them: what a QML reader compares and prints.
QVariant SignalNotifierExtension::watchedSignals() const
{
    QStringList names;
    const QList<SN::Signal> watched = m_notifier->watchedSignals();
    for (SN::Signal s : watched)
        names.append(s.name());
    return names;
}

void SignalNotifierExtension::setWatchedSignals(const QVariant &value)
{
    // null or undefined names no signal: refused as an unknown one (the set stays), not
    // taken for an empty list. An empty list ([]) is how to watch nothing.
    const QVariant plain = value.metaType() == QMetaType::fromType<QJSValue>()
        ? value.value<QJSValue>().toVariant() : value;
    if (!plain.isValid() || plain.isNull()) {
        m_notifier->setWatchedSignals({SN::Signal()});
        return;
    }
    m_notifier->setWatchedSignals(toSignals(plain));
}

QString SignalNotifierExtension::errorString() const
{
    return m_notifier->errorString();
}

bool SignalNotifierExtension::watch(const QVariant &signal)
{
    return m_notifier->watch(toSignal(signal));
}

bool SignalNotifierExtension::unwatch(const QVariant &signal)
{
    // What watch() refuses is refused here too, with a warning, instead of "done".
    const SN::Signal s = toSignal(signal);
    if (!s.isValid() || s.watchability().isError()) {
        qmlWarning(m_notifier) << "SignalNotifier.unwatch: " << signal.toString()
                               << " is no signal a notifier watches";
        return false;
    }
    return m_notifier->unwatch(s);
}

} // namespace SNQml
