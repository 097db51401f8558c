// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#include "output.h"

#include <QtCore/qjsondocument.h>

namespace {

// An activation made only from an overflow count carries code 0, which reads as
// SI_USER; no process sent it as far as anyone knows, so its code is not shown.
bool codeKnown(const SignalInfo &info)
{
    return !(info.isOverflow() && !info.hasSender() && info.code() == 0);
}

} // namespace

bool writeOut(const QString &line)
{
    return writeAll(StandardOutput, (line + QLatin1Char('\n')).toUtf8());
}

void writeError(const QString &message)
{
    writeAll(StandardError, (QStringLiteral("sigwatch: ") + message + QLatin1Char('\n')).toUtf8());
}

QString describe(const Activation &activation)
{
    const SignalInfo &info = activation.info;
    const Signal signal = info.signal();
    QString line;
    if (activation.time.isValid()) {
        // Local time with its offset, so that lines from two zones still compare.
        const QDateTime local = activation.time.toLocalTime();
        line = local.toOffsetFromUtc(local.offsetFromUtc()).toString(Qt::ISODateWithMs) + QLatin1Char(' ');
    }
    line += signal.name();
    if (signal.number() > 0)
        line += QStringLiteral(" (%1)").arg(signal.number());
    if (info.hasSender()) {
        line += QStringLiteral(" from pid %1").arg(info.senderPid());
        if (activation.senderName)
            line += QStringLiteral(" (%1)").arg(*activation.senderName);
        line += QStringLiteral(" uid %1").arg(info.senderUid());
    }
    if (codeKnown(info))
        line += QStringLiteral(" code ") + info.codeName();
    if (info.hasValue())
        line += QStringLiteral(" value %1").arg(info.value());
    if (info.hasChildStatus())
        line += QStringLiteral(" status %1").arg(info.childStatus());
    if (info.count() > 1)
        line += QStringLiteral(" count %1").arg(info.count());
    if (info.isOverflow())
        line += QStringLiteral(" overflow");
    return line;
}

QJsonObject toJson(const Activation &activation)
{
    const SignalInfo &info = activation.info;
    const QJsonValue null(QJsonValue::Null);
    QJsonObject o;
    o.insert(QStringLiteral("event"), QStringLiteral("signal"));
    o.insert(QStringLiteral("signal"), info.signal().name());
    o.insert(QStringLiteral("number"), info.signal().number());
    o.insert(QStringLiteral("code"), codeKnown(info) ? QJsonValue(info.codeName()) : null);
    o.insert(QStringLiteral("pid"), info.hasSender() ? QJsonValue(info.senderPid()) : null);
    o.insert(QStringLiteral("senderName"), info.hasSender() && activation.senderName
                                               ? QJsonValue(*activation.senderName) : null);
    o.insert(QStringLiteral("uid"), info.hasSender() ? QJsonValue(info.senderUid()) : null);
    o.insert(QStringLiteral("value"), info.hasValue() ? QJsonValue(info.value()) : null);
    o.insert(QStringLiteral("status"), info.hasChildStatus() ? QJsonValue(info.childStatus()) : null);
    o.insert(QStringLiteral("count"), QJsonValue(qint64(info.count())));
    o.insert(QStringLiteral("overflow"), info.isOverflow());
    o.insert(QStringLiteral("time"), activation.time.isValid()
                                         ? QJsonValue(activation.time.toUTC().toString(Qt::ISODateWithMs))
                                         : null);
    return o;
}

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}
