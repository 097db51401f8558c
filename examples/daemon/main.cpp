// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// daemon: a service that reloads its configuration on SIGHUP and stops cleanly on
// SIGTERM or Ctrl-C, ending by that signal (systemd sees "killed by SIGTERM", a clean
// stop for it; a shell sees 143 or 130).
//
//   daemon --config FILE [--state FILE]
//
// The configuration is "key = value" lines ('#' starts a comment):
//     name = greeter        # what the daemon calls itself
//     interval = 1000       # milliseconds between two pieces of work
// A configuration that does not read is refused with the line and the reason; on start
// the daemon exits 1, on reload it keeps the one it has. On stop it writes its state
// (work done, reloads) to the state file, atomically. daemon.service beside this file is
// a systemd unit for it.

#include <SignalNotifier/GracefulShutdown>
#include <SignalNotifier/SignalNotifier>

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qcoreapplication.h>
#include <QtCore/qfile.h>
#include <QtCore/qsavefile.h>
#include <QtCore/qtimer.h>

#include <cstdio>

using namespace SN;

namespace {

void say(const QString &line)
{
    // One write per line: stderr is unbuffered, and a child may share the stream.
    std::fputs((line + QLatin1Char('\n')).toLocal8Bit().constData(), stdout);
    std::fflush(stdout);
}

void complain(const QString &line)
{
    // One write per line: stderr is unbuffered, and a child may share the stream.
    std::fputs(((QStringLiteral("daemon: ") + line) + QLatin1Char('\n')).toLocal8Bit().constData(), stderr);
    std::fflush(stderr);
}

struct Config
{
    QString name = QStringLiteral("daemon");
    int interval = 1000;

    QString describe() const { return QStringLiteral("name=%1 interval=%2").arg(name).arg(interval); }
};

// Reads `path`; on failure says which line and why, and leaves `config` untouched.
bool readConfig(const QString &path, Config *config, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        *error = path + QStringLiteral(": ") + file.errorString();
        return false;
    }
    Config read;
    int lineNumber = 0;
    while (!file.atEnd()) {
        ++lineNumber;
        QString line = QString::fromUtf8(file.readLine());
        line = line.left(line.indexOf(QLatin1Char('#'))).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype equals = line.indexOf(QLatin1Char('='));
        const QString key = line.left(equals).trimmed();
        const QString value = line.mid(equals + 1).trimmed();
        auto bad = [&](const QString &why) {
            *error = QStringLiteral("%1:%2: %3").arg(path).arg(lineNumber).arg(why);
            return false;
        };
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
    *config = read;
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("daemon"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "A service: reloads its configuration on SIGHUP, stops cleanly on SIGTERM."));
    parser.addHelpOption();
    const QCommandLineOption configOption(QStringLiteral("config"),
        QStringLiteral("The configuration file."), QStringLiteral("file"));
    const QCommandLineOption stateOption(QStringLiteral("state"),
        QStringLiteral("Where to write the state when stopping."), QStringLiteral("file"));
    parser.addOptions({configOption, stateOption});
    parser.process(app);
    if (!parser.isSet(configOption) || !parser.positionalArguments().isEmpty()) {
        complain(QStringLiteral("usage: daemon --config FILE [--state FILE]"));
        return 2;
    }
    const QString configPath = parser.value(configOption);
    const QString statePath = parser.value(stateOption);

    Config config;
    QString error;
    if (!readConfig(configPath, &config, &error)) {
        complain(error);
        return 1;
    }

    qint64 work = 0;
    int reloads = 0;
    QTimer worker;
    worker.setInterval(config.interval);
    QObject::connect(&worker, &QTimer::timeout, &app, [&work] { ++work; });
    worker.start();

    // Hangup means "reload" here, so the shutdown watches the other requests only.
    GracefulShutdown shutdown({Signal::Interrupt, Signal::Terminate, Signal::Logoff, Signal::Shutdown});
    shutdown.addHook(QStringLiteral("stop work"), [&worker] { worker.stop(); }, std::chrono::seconds(1), 0);
    shutdown.addHook(QStringLiteral("write state"), [&] {
        if (statePath.isEmpty())
            return;
        QSaveFile state(statePath);
        if (state.open(QIODevice::WriteOnly)) {
            state.write(QStringLiteral("name=%1\nwork=%2\nreloads=%3\n")
                            .arg(config.name).arg(work).arg(reloads).toUtf8());
        }
        if (!state.commit())
            complain(QStringLiteral("cannot write %1: %2").arg(statePath, state.errorString()));
    }, std::chrono::seconds(2), 1);
    QObject::connect(&shutdown, &GracefulShutdown::shutdownRequested, &app,
        [](const SignalInfo &request) {
            say(QStringLiteral("stopping on %1 from pid %2")
                    .arg(request.signal().name()).arg(request.senderPid()));
        });
    QObject::connect(&shutdown, &GracefulShutdown::finished, &app,
                     [] { say(QStringLiteral("stopped")); });

    // A daemon started with nohup inherits an ignored SIGHUP; here it means "reload", so
    // this one notifier takes it over explicitly.
    SignalNotifier reload;
    reload.setOverrideIgnored(true);
    if (!reload.watch(Signal::Hangup))
        complain(QStringLiteral("cannot watch SIGHUP, no reloads: ") + reload.errorString());
    QObject::connect(&reload, &SignalNotifier::activated, &app, [&](const SignalInfo &) {
        if (shutdown.isShuttingDown())
            return;
        Config fresh = config;
        QString why;
        if (!readConfig(configPath, &fresh, &why)) {
            complain(QStringLiteral("reload refused: %1; keeping %2").arg(why, config.describe()));
            return;
        }
        config = fresh;
        ++reloads;
        worker.setInterval(config.interval);
        say(QStringLiteral("reloaded: ") + config.describe());
    });

    say(QStringLiteral("ready: ") + config.describe());
    return shutdown.exec();
}
