// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#pragma once

#include <SignalNotifier/Signal>

#include <QtCore/qobject.h>
#include <QtCore/qvariant.h>
#include <QtQml/qqml.h>

namespace SN {
class SignalNotifier;
}

namespace SNQml {

// What QML adds to SN::SignalNotifier (its QML_EXTENDED object; lives and dies with it).
//
// watchedSignals is redeclared here because QML hands an enum value over as a number,
// and the library's own QVariant conversion refuses numbers on purpose (a POSIX number
// is no portable signal). Here a number that is a Signal.Id value is that signal; any
// other number stays refused.
class SignalNotifierExtension : public QObject
{
    Q_OBJECT
    QML_ANONYMOUS
    Q_PROPERTY(QVariant watchedSignals READ watchedSignals WRITE setWatchedSignals NOTIFY watchedSignalsChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorStringChanged)
public:
    explicit SignalNotifierExtension(QObject *parent);

    QVariant watchedSignals() const;
    void setWatchedSignals(const QVariant &value);
    QString errorString() const;

    Q_INVOKABLE bool watch(const QVariant &signal);
    Q_INVOKABLE bool unwatch(const QVariant &signal);

    // A name ("TERM", "SIGTERM"), a Signal value or a Signal.Id enum value as a Signal;
    // anything else as an invalid one, which the library refuses (UnknownSignal).
    static SN::Signal toSignal(const QVariant &value);
    static QList<SN::Signal> toSignals(const QVariant &value);

Q_SIGNALS:
    void watchedSignalsChanged();
    void errorStringChanged();

private:
    SN::SignalNotifier *m_notifier;
};

} // namespace SNQml
