// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#include "config.h"

#include "examplesupport.h"

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qcoreapplication.h>
#include <QtCore/qfile.h>

#include <cstdlib>

Options Options::parse(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "A service: reloads its configuration on SIGHUP, stops cleanly on SIGTERM."));
    parser.addHelpOption();
    const QCommandLineOption config(QStringLiteral("config"), QStringLiteral("The configuration file."),
                                    QStringLiteral("file"));
    const QCommandLineOption state(QStringLiteral("state"),
                                   QStringLiteral("Where to write the state when stopping."),
                                   QStringLiteral("file"));
    parser.addOptions({config, state});
    parser.process(app);
    if (!parser.isSet(config) || !parser.positionalArguments().isEmpty()) {
        qCCritical(lcDaemon, "usage: daemon --config FILE [--state FILE]");
        std::exit(2);
    }
    return {parser.value(config), parser.value(state)};
}

bool Config::read(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        *error = path + QStringLiteral(": ") + file.errorString();
        return false;
    }
    Config read;
    int lineNumber = 0;
    auto bad = [&](const QString &why) {
        *error = QStringLiteral("%1:%2: %3").arg(path).arg(lineNumber).arg(why);
        return false;
    };
    while (!file.atEnd()) {
        ++lineNumber;
        QString line = QString::fromUtf8(file.readLine());
        line = line.left(line.indexOf(QLatin1Char('#'))).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype equals = line.indexOf(QLatin1Char('='));
        const QString key = line.left(equals).trimmed();
        const QString value = line.mid(equals + 1).trimmed();
        if (equals < 0)
            return bad(QStringLiteral("expected \"key = value\""));
        if (key == QLatin1String("name")) {
            if (value.isEmpty())
                return bad(QStringLiteral("name is empty"));
            read.name = value;
        } else if (key == QLatin1String("interval")) {
            bool ok = false;
            read.interval = value.toInt(&ok);
            if (!ok || read.interval <= 0)
                return bad(QStringLiteral("interval must be a positive number of milliseconds"));
        } else {
            return bad(QStringLiteral("unknown key \"%1\"").arg(key));
        }
    }
    *this = read;
    return true;
}

QString Config::describe() const
{
    return QStringLiteral("name=%1 interval=%2").arg(name).arg(interval);
}

void writeState(const QString &path, const Config &config, qint64 work, int reloads)
{
    if (path.isEmpty())
        return;
    const QString state = QStringLiteral("name=%1\nwork=%2\nreloads=%3\n").arg(config.name).arg(work).arg(reloads);
    QString error;
    if (!examples::saveFile(path, state.toUtf8(), &error))
        qCWarning(lcDaemon).noquote() << "cannot write the state:" << error;
}
