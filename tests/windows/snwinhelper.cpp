// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The second process of the Windows tests. `snwinhelper <role>`; it prints what it saw, one
// line at a time, straight to the standard output handle, and ends itself after 30 s so a
// failing test never leaves it behind.
//
//   session      watches Logoff and Shutdown (the hidden window) and reports each one
//   veto         the same, with blockSessionEnd() in force until a line "unblock" arrives
//                on stdin
//   interrupt    watches Interrupt, overriding an inherited ignore (a child started in
//                its own process group ignores Ctrl+C until it says otherwise)
//   endprocess   Signal::endProcess(): exits the way Windows' default handler does
//   raiseclose   watches Close, raises it, reports it and releases the hold
//   shutdown EVENT FILE
//                a GracefulShutdown whose one hook saves FILE with QSaveFile; then raises
//                EVENT (close, logoff, shutdown, interrupt) the way the system delivers it

#include <SignalNotifier/GracefulShutdown>
#include <SignalNotifier/SignalNotifier>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qsavefile.h>
#include <QtCore/qtimer.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <thread>

#include <windows.h>

namespace {

void say(const QString &line)
{
    const QByteArray bytes = line.toUtf8() + "\r\n";
    DWORD written = 0;
    WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), bytes.constData(), DWORD(bytes.size()), &written, nullptr);
}

QString describe(const SignalInfo &info)
{
    return QStringLiteral("got %1 held %2 code %3")
        .arg(info.signal().name())
        .arg(info.isHeld() ? 1 : 0)
        .arg(info.codeName());
}

// Reads lines from stdin on a thread of its own (an anonymous pipe cannot be waited on
// with the event loop on Windows) and hands each to the main thread.
class StdinReader : public QObject
{
public:
    explicit StdinReader(std::function<void(const QByteArray &)> onLine)
        : m_onLine(std::move(onLine))
    {
        m_thread = std::thread([this] {
            std::string line;
            char c;
            DWORD n = 0;
            while (ReadFile(GetStdHandle(STD_INPUT_HANDLE), &c, 1, &n, nullptr) && n == 1) {
                if (c == '\n') {
                    const QByteArray bytes = QByteArray::fromStdString(line).trimmed();
                    QMetaObject::invokeMethod(this, [this, bytes] { m_onLine(bytes); });
                    line.clear();
                } else {
                    line += c;
                }
            }
        });
        m_thread.detach();
    }

private:
    std::function<void(const QByteArray &)> m_onLine;
    std::thread m_thread;
};

int session(bool veto)
{
    SignalNotifier notifier({Signal::Logoff, Signal::Shutdown});
    QObject::connect(&notifier, &SignalNotifier::activated, [](const SignalInfo &info) {
        say(describe(info));
        // The shutdown is done: let the session end go on. wineboot ends us right after.
        SignalNotifier::releaseHold();
    });
    if (veto && !SignalNotifier::blockSessionEnd(QStringLiteral("snwinhelper is saving")))
        say(QStringLiteral("blockSessionEnd failed"));
    StdinReader reader([](const QByteArray &line) {
        if (line == "unblock") {
            SignalNotifier::unblockSessionEnd();
            say(QStringLiteral("unblocked"));
        } else if (line == "quit") {
            QCoreApplication::quit();
        }
    });
    say(QStringLiteral("ready"));
    return QCoreApplication::exec();
}

int interrupt()
{
    SignalNotifier notifier;
    notifier.setOverrideIgnored(true);
    notifier.setWatchedSignals({Signal::Interrupt, Signal::Break});
    QObject::connect(&notifier, &SignalNotifier::activated, [](const SignalInfo &info) {
        say(describe(info));
        QCoreApplication::exit(7);
    });
    say(QStringLiteral("ready"));
    return QCoreApplication::exec();
}

int raiseClose()
{
    qputenv("SIGNALNOTIFIER_HOLD_TIMEOUT_MS", "600000");   // only the release ends it
    SignalNotifier notifier(Signal::Close);
    QObject::connect(&notifier, &SignalNotifier::activated, [](const SignalInfo &info) {
        say(describe(info));
        say(QStringLiteral("holding %1").arg(SignalNotifier::isHolding() ? 1 : 0));
        SignalNotifier::releaseHold();
    });
    if (!Signal(Signal::Close).raise())
        return 3;
    return QCoreApplication::exec();   // ended by the system path, never returns normally
}

// The library's own shutdown helper on the Windows path: the event is held while the hook
// saves, the hold is released once the shutdown is done, and the process ends as Windows'
// default handler would (STATUS_CONTROL_C_EXIT).
int shutdown(const QString &event, const QString &path)
{
    // Far away: the system's deadline plays no part, only the shutdown's own end does.
    qputenv("SIGNALNOTIFIER_HOLD_TIMEOUT_MS", "600000");
    GracefulShutdown shutdown;
    shutdown.addHook(QStringLiteral("save"), [path] {
        say(QStringLiteral("hook holding %1").arg(SignalNotifier::isHolding() ? 1 : 0));
        QSaveFile file(path);
        const bool saved = file.open(QIODevice::WriteOnly) && file.write("saved state\n") > 0
            && file.commit();
        say(saved ? QStringLiteral("saved") : QStringLiteral("save failed"));
    });
    QObject::connect(&shutdown, &GracefulShutdown::shutdownRequested, [](const SignalInfo &info) {
        say(QStringLiteral("requested ") + describe(info));
    });
    QObject::connect(&shutdown, &GracefulShutdown::finished, [] { say(QStringLiteral("finished")); });
    const Signal signal = Signal::fromName(event);
    QTimer::singleShot(0, [signal] {
        if (!signal.raise())
            std::_Exit(3);
    });
    return shutdown.exec();   // ends the process; never returns normally
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    const QString role = args.value(1);
    QTimer::singleShot(30000, [] { std::_Exit(4); });   // never outlive a failed test
    if (role == QLatin1String("session"))
        return session(false);
    if (role == QLatin1String("veto"))
        return session(true);
    if (role == QLatin1String("interrupt"))
        return interrupt();
    if (role == QLatin1String("raiseclose"))
        return raiseClose();
    if (role == QLatin1String("shutdown") && args.size() > 3)
        return shutdown(args.at(2), args.at(3));
    if (role == QLatin1String("endprocess")) {
        std::fflush(nullptr);
        Signal(Signal::Interrupt).endProcess();
    }
    std::fprintf(stderr, "snwinhelper: unknown role\n");
    return 2;
}
