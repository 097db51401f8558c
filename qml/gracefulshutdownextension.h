// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#pragma once

#include <SignalNotifier/GracefulShutdown>

#include <QtCore/qobject.h>
#include <QtQml/qjsvalue.h>
#include <QtQml/qqml.h>

namespace SNQml {

// Handed to an asynchronous hook's function: call done() once the work has finished.
// A QObject, because a GracefulShutdown::Completion is no QML type; owned by JavaScript.
class ShutdownCompletion : public QObject
{
    Q_OBJECT
    QML_ANONYMOUS
public:
    explicit ShutdownCompletion(SN::GracefulShutdown::Completion completion)
        : m_completion(std::move(completion)) {}
    Q_INVOKABLE void done() const { m_completion.done(); }

private:
    SN::GracefulShutdown::Completion m_completion;
};

// What inhibit() returns: the shutdown waits while it is active. Call release() when the
// work is done; the garbage collector releases it too, but at a time nobody can tell.
class ShutdownInhibitor : public QObject
{
    Q_OBJECT
    QML_ANONYMOUS
    Q_PROPERTY(bool active READ isActive NOTIFY activeChanged)
public:
    explicit ShutdownInhibitor(SN::GracefulShutdown::Inhibitor inhibitor)
        : m_inhibitor(std::move(inhibitor)) {}
    bool isActive() const { return m_inhibitor.isActive(); }
    Q_INVOKABLE void release();

Q_SIGNALS:
    void activeChanged();

private:
    SN::GracefulShutdown::Inhibitor m_inhibitor;
};

// What QML adds to SN::GracefulShutdown (its QML_EXTENDED object; lives and dies with it):
// hooks as JavaScript functions (a QML signal is one too), inhibitors, the deadline in
// milliseconds, and the state as properties.
//
// Every hook is added with this object as its context, so it runs in this object's
// thread, which is the QML engine's: JavaScript is never called from another thread, and
// the engine's thread is busy only as long as the hook's own function is.
class GracefulShutdownExtension : public QObject
{
    Q_OBJECT
    QML_ANONYMOUS
    // Redeclared: std::chrono::milliseconds is no QML type. A JavaScript number, not an
    // int: QML turns a number beyond int into a wrapped int (30 days became 0 ms).
    Q_PROPERTY(double deadline READ deadline WRITE setDeadline NOTIFY deadlineChanged)
    Q_PROPERTY(bool shuttingDown READ isShuttingDown NOTIFY shuttingDownChanged)
    Q_PROPERTY(SN::SignalInfo request READ request NOTIFY shuttingDownChanged)
    Q_PROPERTY(SN::Error::Code error READ error CONSTANT)
    Q_PROPERTY(QString errorString READ errorString CONSTANT)
public:
    explicit GracefulShutdownExtension(QObject *parent);

    double deadline() const;
    void setDeadline(double milliseconds);
    bool isShuttingDown() const;
    SN::SignalInfo request() const;
    SN::Error::Code error() const;
    QString errorString() const;

    Q_INVOKABLE void addHook(const QString &name, const QJSValue &function,
                             double timeout = 5000, double order = 0);
    Q_INVOKABLE void addAsyncHook(const QString &name, const QJSValue &function,
                                  double timeout = 5000, double order = 0);
    Q_INVOKABLE bool removeHook(const QString &name);
    Q_INVOKABLE SNQml::ShutdownInhibitor *inhibit(const QString &why);

Q_SIGNALS:
    void deadlineChanged();
    void shuttingDownChanged();

private:
    bool checkHook(const QString &name, const QJSValue &function, const char *method) const;
    bool checkDuration(double milliseconds, const char *what) const;
    void reportError(const QString &name, const QJSValue &result) const;

    SN::GracefulShutdown *m_shutdown;
};

} // namespace SNQml
