// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#pragma once

#include <SignalNotifier/signal.h>
#include <SignalNotifier/signalinfo.h>

#include <QtCore/qobject.h>
#include <QtCore/qstringlist.h>

#include <memory>

namespace SN {

class SignalNotifierPrivate;

class SIGNALNOTIFIER_EXPORT SignalNotifier : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QList<SN::Signal> watchedSignals READ watchedSignals WRITE setWatchedSignals NOTIFY watchedSignalsChanged)
    Q_PROPERTY(bool enabled READ isEnabled WRITE setEnabled NOTIFY enabledChanged)
    Q_PROPERTY(bool singleShot READ isSingleShot WRITE setSingleShot NOTIFY singleShotChanged)
    Q_PROPERTY(bool overrideIgnored READ overrideIgnored WRITE setOverrideIgnored NOTIFY overrideIgnoredChanged)
    Q_PROPERTY(bool interruptsBlockingCalls READ interruptsBlockingCalls WRITE setInterruptsBlockingCalls NOTIFY interruptsBlockingCallsChanged)
    Q_PROPERTY(SN::Error::Code error READ error NOTIFY errorOccurred)
public:
    explicit SignalNotifier(QObject *parent = nullptr);
    explicit SignalNotifier(Signal signal, QObject *parent = nullptr);
    explicit SignalNotifier(const QList<Signal> &watched, QObject *parent = nullptr);
    ~SignalNotifier() override;

    QList<Signal> watchedSignals() const;
    bool setWatchedSignals(const QList<Signal> &watched);
    bool watch(Signal signal);
    bool unwatch(Signal signal);

    bool isEnabled() const;
    bool isSingleShot() const;
    void setSingleShot(bool singleShot);
    bool overrideIgnored() const;
    void setOverrideIgnored(bool override);
    bool interruptsBlockingCalls() const;
    void setInterruptsBlockingCalls(bool interrupts);

    QList<Signal> keptIgnored() const;
    quint64 overflowCount() const;
    static qsizetype queueCapacity();

    Error::Code error() const;
    QString errorString() const;

public Q_SLOTS:
    void setEnabled(bool enabled);

Q_SIGNALS:
    void activated(const SN::SignalInfo &info);
    void watchedSignalsChanged();
    void enabledChanged(bool enabled);
    void singleShotChanged(bool singleShot);
    void overrideIgnoredChanged(bool overrideIgnored);
    void interruptsBlockingCallsChanged(bool interruptsBlockingCalls);
    void errorOccurred(SN::Error::Code error);

protected:
    bool event(QEvent *event) override;

private:
    Q_DISABLE_COPY(SignalNotifier)
    friend class SignalNotifierPrivate;
    friend class SignalDispatcher;
    std::unique_ptr<SignalNotifierPrivate> d;
};

} // namespace SN
