// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The Windows service of tst_winservice: installed with `sc create`, started and stopped by
// the real service control manager (Wine's services.exe in CI). It writes what it sees to
// a log file the test reads, one line each, and waits for the test where a step must be
// observed from outside (named events, "Global\<id>-<what>").
//
//   snservice --log FILE --id ID [options]
//     --name NAME          runAsWindowsService(NAME); default ID ("-" passes an empty name)
//     --hooks N            a GracefulShutdown with N hooks; hook k logs "hook k begins",
//                          waits for the event go-k, logs "hook k ends"
//     --exit-code N        the GracefulShutdown ends with ExitNormally and exitCode N
//     --deadline-ms N      the GracefulShutdown's overall deadline (default 90 s)
//     --bare               no GracefulShutdown and nothing watched: runs the loop only
//     --watch-only         no GracefulShutdown: a SignalNotifier watches Terminate and
//                          Shutdown, logs each activation and never releases a hold
//     --probe              logs runAsWindowsService's answer and returns 0 at once
//     --delay-loop         waits for the event "loop" before running the event loop
//     --trigger C[,C...]   when the event "trigger" is set, calls the library's control
//                          handler (a test build's export) with each control C in turn,
//                          on a spare thread, as the dispatcher does: Wine's SCM never
//                          sends SERVICE_CONTROL_PRESHUTDOWN or SERVICE_CONTROL_SHUTDOWN
//
// Every wait for the test ends after 60 s, and the program itself after 150 s, so a failing
// test never leaves a service behind.

#include <SignalNotifier/GracefulShutdown>
#include <SignalNotifier/ServiceManager>
#include <SignalNotifier/Session>
#include <SignalNotifier/SignalNotifier>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qfile.h>
#include <QtCore/qmetaobject.h>
#include <QtCore/qstringlist.h>
#include <QtCore/qtimer.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <thread>

#include <windows.h>

using namespace SN;

namespace {

QString g_logPath;
QString g_id;
std::mutex g_logMutex;

void note(const QString &line)
{
    std::lock_guard<std::mutex> lock(g_logMutex);
    QFile file(g_logPath);
    if (file.open(QIODevice::Append | QIODevice::Text))
        file.write(line.toUtf8() + '\n');
}

void logMessage(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    note(QStringLiteral("qt %1: %2").arg(QString::fromLatin1(context.category ? context.category : "default"), message));
}

HANDLE openEvent(const QString &what)
{
    const QString name = QStringLiteral("Global\\%1-%2").arg(g_id, what);
    return CreateEventW(nullptr, TRUE, FALSE, reinterpret_cast<const wchar_t *>(name.utf16()));
}

// Waits for the test to set the event `what`; false after 60 s.
bool waitFor(const QString &what)
{
    const HANDLE event = openEvent(what);
    const bool set = event && WaitForSingleObject(event, 60000) == WAIT_OBJECT_0;
    if (event)
        CloseHandle(event);
    return set;
}

// The library's HandlerEx, from a test build's export.
LPHANDLER_FUNCTION_EX libraryHandler()
{
    HMODULE library = nullptr;
    GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                       reinterpret_cast<LPCWSTR>(&ServiceManager::runAsWindowsService), &library);
    using Export = LPHANDLER_FUNCTION_EX (*)();
    const auto get = reinterpret_cast<Export>(
        reinterpret_cast<void *>(GetProcAddress(library, "signalnotifier_private_serviceHandler")));
    return get ? get() : nullptr;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    auto value = [&](const QString &option, const QString &fallback = QString()) {
        const int i = args.indexOf(option);
        return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : fallback;
    };
    g_logPath = value(QStringLiteral("--log"));
    g_id = value(QStringLiteral("--id"));
    if (g_logPath.isEmpty() || g_id.isEmpty())
        return 2;
    qInstallMessageHandler(logMessage);
    QTimer::singleShot(150000, [] {
        note(QStringLiteral("self-timeout"));
        std::_Exit(97);
    });
    note(QStringLiteral("pid %1").arg(GetCurrentProcessId()));

    std::unique_ptr<GracefulShutdown> shutdown;
    std::unique_ptr<SignalNotifier> watcher;
    const bool bare = args.contains(QStringLiteral("--bare"));
    const bool probe = args.contains(QStringLiteral("--probe"));
    if (args.contains(QStringLiteral("--watch-only"))) {
        watcher = std::make_unique<SignalNotifier>(QList<Signal>{Signal::Terminate, Signal::Shutdown});
        QObject::connect(watcher.get(), &SignalNotifier::activated, [](const SignalInfo &info) {
            note(QStringLiteral("activated %1 %2 held=%3")
                     .arg(QString::fromLatin1(QMetaEnum::fromType<Signal::Id>().valueToKey(info.signal().id())),
                          info.codeName())
                     .arg(info.isHeld() ? 1 : 0));
        });
    } else if (!bare && !probe) {
        shutdown = std::make_unique<GracefulShutdown>();
        // The test's handshakes take their time.
        shutdown->setDeadline(std::chrono::milliseconds(value(QStringLiteral("--deadline-ms"), QStringLiteral("90000")).toInt()));
        QObject::connect(shutdown.get(), &GracefulShutdown::shutdownRequested, [](const SignalInfo &info) {
            note(QStringLiteral("request %1 %2 held=%3 holdRemainingMs=%4")
                     .arg(QString::fromLatin1(QMetaEnum::fromType<Signal::Id>().valueToKey(info.signal().id())),
                          info.codeName())
                     .arg(info.isHeld() ? 1 : 0)
                     .arg(Session::isHolding() ? Session::holdDeadline().remainingTime() : -1));
        });
        QObject::connect(shutdown.get(), &GracefulShutdown::forcingExit, [](GracefulShutdown::ForceReason reason) {
            note(QStringLiteral("forcing exit %1").arg(int(reason)));
        });
        const int hooks = value(QStringLiteral("--hooks"), QStringLiteral("0")).toInt();
        for (int k = 1; k <= hooks; ++k) {
            shutdown->addHook(QStringLiteral("hook %1").arg(k), [k] {
                note(QStringLiteral("hook %1 begins").arg(k));
                const bool go = waitFor(QStringLiteral("go-%1").arg(k));
                note(QStringLiteral("hook %1 %2").arg(k).arg(go ? QStringLiteral("ends") : QStringLiteral("timed out")));
            }, std::chrono::seconds(80));
        }
        const QString exitCode = value(QStringLiteral("--exit-code"));
        if (!exitCode.isEmpty()) {
            shutdown->setExitMode(GracefulShutdown::ExitNormally);
            shutdown->setExitCode(exitCode.toInt());
        }
    }

    QString name = value(QStringLiteral("--name"), g_id);
    if (name == QLatin1String("-"))
        name.clear();
    Error why;
    const bool service = ServiceManager::runAsWindowsService(name, &why);
    note(QStringLiteral("runAsWindowsService %1 %2").arg(service ? 1 : 0).arg(why.text()));
    if (!service)
        note(QStringLiteral("error code %1 native %2").arg(int(why.code())).arg(why.nativeCode()));
    if (probe || !service)
        return 0;

    const QString trigger = value(QStringLiteral("--trigger"));
    if (!trigger.isEmpty()) {
        std::thread([trigger] {
            if (!waitFor(QStringLiteral("trigger")))
                return;
            const LPHANDLER_FUNCTION_EX handler = libraryHandler();
            if (!handler) {
                note(QStringLiteral("no handler export (not a test build)"));
                return;
            }
            for (const QString &control : trigger.split(QLatin1Char(','))) {
                const DWORD result = handler(DWORD(control.toUInt()), 0, nullptr, nullptr);
                note(QStringLiteral("control %1 answered %2").arg(control).arg(result));
            }
        }).detach();
    }

    if (args.contains(QStringLiteral("--delay-loop")) && !waitFor(QStringLiteral("loop")))
        note(QStringLiteral("loop event timed out"));
    note(QStringLiteral("loop runs"));
    const int code = shutdown ? shutdown->exec() : app.exec();
    note(QStringLiteral("exec returned %1").arg(code));
    return code;
}
