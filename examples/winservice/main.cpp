// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// winservice: a Qt console program that is also a Windows service. It counts seconds, and
// when it is asked to stop it saves how far it got, then ends the way its service manager
// expects.
//
//   winservice [STATE FILE]        (default: winservice.txt in the working directory)
//
// The lesson: one call, ServiceManager::runAsWindowsService(), makes it a service; the stop
// requests then reach the GracefulShutdown it already has (SERVICE_CONTROL_STOP as
// Terminate, a shutdown's SERVICE_CONTROL_PRESHUTDOWN as Shutdown), and exec() reports
// SERVICE_STOPPED with the exit status as its last act. Run from a console, or anywhere but
// Windows, the call says why it is not a service and the program runs on (Ctrl+C stops it).
// As a service, from an administrator's prompt:
//
//   sc create SignalNotifierExample binPath= "C:\path\to\winservice.exe C:\ProgramData\winservice.txt"
//   sc start SignalNotifierExample
//   sc stop SignalNotifierExample          (or net stop, or the Services console)
//   sc query SignalNotifierExample         (STOPPED, WIN32_EXIT_CODE 0)
//   sc delete SignalNotifierExample
//
// The state file then reads "stopped by Terminate (SERVICE_CONTROL_STOP) after N s".

#include "examplesupport.h"

#include <SignalNotifier/GracefulShutdown>
#include <SignalNotifier/ServiceManager>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qloggingcategory.h>
#include <QtCore/qtimer.h>

using namespace SN;

Q_LOGGING_CATEGORY(lcWinService, "winservice")

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QString statePath = app.arguments().value(1, QStringLiteral("winservice.txt"));

    int seconds = 0;
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, [&] { ++seconds; });
    tick.start(1000);

    GracefulShutdown shutdown;
    shutdown.addHook(QStringLiteral("save state"), [&] {
        const SignalInfo request = shutdown.request();
        const QString line = QStringLiteral("stopped by %1 (%2) after %3 s\n")
            .arg(QLatin1String(QMetaEnum::fromType<Signal::Id>().valueToKey(request.signal().id())),
                 request.codeName())
            .arg(seconds);
        QString error;
        if (!examples::saveFile(statePath, line.toUtf8(), &error))
            qCWarning(lcWinService).noquote() << error;
    });

    Error why;
    if (ServiceManager::runAsWindowsService(QStringLiteral("SignalNotifierExample"), &why))
        qCInfo(lcWinService, "running as the Windows service SignalNotifierExample");
    else
        qCInfo(lcWinService, "not a Windows service (%s): Ctrl+C stops it", qPrintable(why.text()));

    return shutdown.exec();
}
