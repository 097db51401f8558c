// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// winservice: a Qt console program that is also a Windows service. It counts seconds, and
// when it is asked to stop it saves how far it got, then ends the way its service manager
// expects. Run it in a console (Ctrl+C stops it; anywhere, not only on Windows), or install
// it as a service from an administrator's prompt:
//
//   sc create SignalNotifierExample binPath= "C:\path\to\winservice.exe C:\ProgramData\winservice.txt"
//   sc start SignalNotifierExample
//   sc stop SignalNotifierExample          (or net stop, or the Services console)
//   sc query SignalNotifierExample         (STOPPED, WIN32_EXIT_CODE 0)
//   sc delete SignalNotifierExample
//
// The state file (first argument; "winservice.txt" in the working directory by default)
// then reads "stopped by Terminate (SERVICE_CONTROL_STOP) after N s".

#include <SignalNotifier/GracefulShutdown>
#include <SignalNotifier/ServiceManager>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qmetaobject.h>
#include <QtCore/qsavefile.h>
#include <QtCore/qtimer.h>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QString statePath = app.arguments().value(1, QStringLiteral("winservice.txt"));

    int seconds = 0;
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, [&] { ++seconds; });
    tick.start(1000);

    // Stops on Ctrl+C, on `sc stop` (SERVICE_CONTROL_STOP, as Terminate) and before the
    // machine shuts down (SERVICE_CONTROL_PRESHUTDOWN, as Shutdown).
    SN::GracefulShutdown shutdown;
    shutdown.addHook(QStringLiteral("save state"), [&] {
        const SN::SignalInfo request = shutdown.request();
        const char *event = QMetaEnum::fromType<SN::Signal::Id>().valueToKey(request.signal().id());
        QSaveFile file(statePath);
        if (file.open(QIODevice::WriteOnly | QIODevice::Text)) {
            file.write(QStringLiteral("stopped by %1 (%2) after %3 s\n")
                           .arg(QLatin1String(event), request.codeName()).arg(seconds).toUtf8());
            file.commit();
        }
    });

    // The one line that makes it a service, when the service control manager started it.
    SN::Error why;
    if (!SN::ServiceManager::runAsWindowsService(QStringLiteral("SignalNotifierExample"), &why))
        qInfo("not running as a Windows service (%s): Ctrl+C stops it", qPrintable(why.text()));

    // SERVICE_STOPPED, with the exit status, is the last thing it reports.
    return shutdown.exec();
}
