// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#include "gracefulshutdownextension.h"

#include <QtQml/qjsengine.h>
#include <QtQml/qqmlinfo.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace SNQml {

void ShutdownInhibitor::release()
{
    if (!m_inhibitor.isActive())
        return;
    m_inhibitor.release();
    Q_EMIT activeChanged();
}

GracefulShutdownExtension::GracefulShutdownExtension(QObject *parent)
    : QObject(parent), m_shutdown(qobject_cast<SN::GracefulShutdown *>(parent))
{
    Q_ASSERT(m_shutdown);
    connect(m_shutdown, &SN::GracefulShutdown::deadlineChanged,
            this, &GracefulShutdownExtension::deadlineChanged);
    connect(m_shutdown, &SN::GracefulShutdown::shutdownRequested,
            this, &GracefulShutdownExtension::shuttingDownChanged);
}

namespace {

// A JavaScript number of milliseconds as C++ takes it: whole, and no larger than a
// std::chrono::milliseconds holds (GracefulShutdown caps what it times at a QTimer's
// limit, about 24.8 days, itself). Checked by checkDuration() first.
std::chrono::milliseconds toMilliseconds(double milliseconds)
{
    constexpr double most = 9.0e15;   // about 285,000 years; exact in a double
    return std::chrono::milliseconds(qint64(std::ceil(std::min(milliseconds, most))));
}

// A hook's place: only the comparison matters, so numbers beyond int keep their side.
int toOrder(double order)
{
    if (std::isnan(order))
        return 0;
    return int(std::clamp(order, double(std::numeric_limits<int>::min()),
                          double(std::numeric_limits<int>::max())));
}

} // namespace

double GracefulShutdownExtension::deadline() const
{
    return double(m_shutdown->deadline().count());
}

void GracefulShutdownExtension::setDeadline(double milliseconds)
{
    if (!checkDuration(milliseconds, "deadline"))
        return;
    m_shutdown->setDeadline(toMilliseconds(milliseconds));
}

// A negative or not-a-number duration is refused with a warning, and nothing changes.
bool GracefulShutdownExtension::checkDuration(double milliseconds, const char *what) const
{
    if (milliseconds >= 0)
        return true;
    qmlWarning(m_shutdown) << "GracefulShutdown: " << what << " must be a number of milliseconds "
                           << "from 0 up, not " << milliseconds;
    return false;
}

bool GracefulShutdownExtension::isShuttingDown() const
{
    return m_shutdown->isShuttingDown();
}

SN::SignalInfo GracefulShutdownExtension::request() const
{
    return m_shutdown->request();
}

SN::Error::Code GracefulShutdownExtension::error() const
{
    return m_shutdown->error();
}

QString GracefulShutdownExtension::errorString() const
{
    return m_shutdown->errorString();
}

bool GracefulShutdownExtension::checkHook(const QString &name, const QJSValue &function,
                                          const char *method) const
{
    if (function.isCallable())
        return true;
    qmlWarning(m_shutdown) << "GracefulShutdown." << method << ": hook \"" << name
                           << "\" is not a function (" << function.toString() << "); ignored";
    return false;
}

// A function that throws is done (its work will not happen by waiting): the exception is
// reported with its file and line, and the sequence goes on.
void GracefulShutdownExtension::reportError(const QString &name, const QJSValue &result) const
{
    if (!result.isError())
        return;
    qmlWarning(m_shutdown) << "GracefulShutdown: hook \"" << name << "\" threw "
                           << result.toString() << " at "
                           << result.property(QStringLiteral("fileName")).toString() << ':'
                           << result.property(QStringLiteral("lineNumber")).toInt();
}

void GracefulShutdownExtension::addHook(const QString &name, const QJSValue &function,
                                        double timeout, double order)
{
    if (!checkHook(name, function, "addHook") || !checkDuration(timeout, "a hook's timeout"))
        return;
    m_shutdown->addHook(name, this, [this, name, function] {
        reportError(name, QJSValue(function).call());
    }, toMilliseconds(timeout), toOrder(order));
}

void GracefulShutdownExtension::addAsyncHook(const QString &name, const QJSValue &function,
                                             double timeout, double order)
{
    if (!checkHook(name, function, "addAsyncHook") || !checkDuration(timeout, "a hook's timeout"))
        return;
    m_shutdown->addAsyncHook(name, this, [this, name, function](SN::GracefulShutdown::Completion done) {
        QJSEngine *engine = qjsEngine(m_shutdown);
        if (!engine) {   // the engine went first: nothing left to run the function
            done.done();
            return;
        }
        const QJSValue result = QJSValue(function).call({engine->newQObject(new ShutdownCompletion(done))});
        if (result.isError()) {
            reportError(name, result);
            done.done();
        }
    }, toMilliseconds(timeout), toOrder(order));
}

bool GracefulShutdownExtension::removeHook(const QString &name)
{
    return m_shutdown->removeHook(name);
}

ShutdownInhibitor *GracefulShutdownExtension::inhibit(const QString &why)
{
    // Returned to JavaScript without a parent: the engine owns it (QJSEngine::ObjectOwnership).
    return new ShutdownInhibitor(m_shutdown->inhibit(why));
}

} // namespace SNQml
