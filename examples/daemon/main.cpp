// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// daemon: a service that reloads its configuration on SIGHUP and stops cleanly on
// SIGTERM or Ctrl-C, ending by that signal (systemd sees "killed by SIGTERM", a clean
// stop for it; a shell sees 143 or 130).
//
//   daemon --config FILE [--state FILE]
//
// The lesson: SIGHUP means "reload" here, so it must not also mean "stop". The shutdown
// watches Signal::serviceStopRequests(), which leaves SIGHUP out; terminationRequests()
// has it, and every reload would stop the daemon (exit 129).
// The files it reads and writes are in config.cpp; daemon.service is a systemd unit for it:
// Type=notify-reload (READY=1 once started, RELOADING=1 and READY=1 around a reload), with a
// watchdog that the library feeds from the main event loop.

#include "config.h"

#include <SignalNotifier/GracefulShutdown>
#include <SignalNotifier/ServiceManager>
#include <SignalNotifier/SignalNotifier>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qtimer.h>

using namespace SN;

Q_LOGGING_CATEGORY(lcDaemon, "daemon")

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const Options options = Options::parse(app);
    Config config;
    QString error;
    if (!config.read(options.configPath, &error)) {
        qCCritical(lcDaemon).noquote() << error;
        return 1;
    }

    qint64 work = 0;
    int reloads = 0;
    QTimer worker;
    QObject::connect(&worker, &QTimer::timeout, &app, [&work] { ++work; });
    worker.start(config.interval);

    // Ctrl-C, SIGTERM (and on Windows the console closing, logoff, shutdown), not SIGHUP.
    GracefulShutdown shutdown(Signal::serviceStopRequests());
    shutdown.addHook(QStringLiteral("stop work"), [&worker] { worker.stop(); }, std::chrono::seconds(1), 0);
    shutdown.addHook(QStringLiteral("write state"), [&] {
        writeState(options.statePath, config, work, reloads);
    }, std::chrono::seconds(2), 1);
    QObject::connect(&shutdown, &GracefulShutdown::shutdownRequested, &app, [](const SignalInfo &request) {
        qCInfo(lcDaemon).noquote() << "stopping on" << request.signal().name() << "from pid" << request.senderPid();
    });
    QObject::connect(&shutdown, &GracefulShutdown::finished, &app, [] { qCInfo(lcDaemon) << "stopped"; });

    // Started with nohup, the daemon inherits an ignored SIGHUP. Here it means "reload",
    // so this one notifier takes it over explicitly.
    SignalNotifier reload;
    reload.setOverrideIgnored(true);
    if (!reload.watch(Signal::Hangup))
        qCWarning(lcDaemon).noquote() << "cannot watch SIGHUP, no reloads:" << reload.errorString();
    QObject::connect(&reload, &SignalNotifier::activated, &app, [&](const SignalInfo &) {
        if (shutdown.isShuttingDown())
            return;
        // Type=notify-reload: systemd sent SIGHUP and waits for RELOADING=1, then READY=1.
        ServiceManager::notifyReloading();
        Config fresh;
        QString why;
        if (fresh.read(options.configPath, &why)) {
            config = fresh;
            ++reloads;
            worker.setInterval(config.interval);
            qCInfo(lcDaemon).noquote() << "reloaded:" << config.describe();
        } else {
            qCWarning(lcDaemon).noquote() << "reload refused:" << why << "- keeping" << config.describe();
        }
        ServiceManager::notifyReady();
    });

    qCInfo(lcDaemon).noquote() << "ready:" << config.describe();
    ServiceManager::notifyReady();   // Type=notify: start-up is done
    return shutdown.exec();
}
