// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The second process of the Windows tests. `snwinhelper <role>`; it prints what it saw, one
// line at a time, straight to the standard output handle, and ends itself after 30 s so a
// failing test never leaves it behind.
//
//   session      watches Logoff and Shutdown (the hidden window) and reports each one
//   veto         the same, with Session::blockEnd() in force until a line "unblock" arrives
//                on stdin
//   interrupt    watches Interrupt, overriding an inherited ignore (a child started in
//                its own process group ignores Ctrl+C until it says otherwise)
//   endprocess   Signal::endProcess(): exits the way Windows' default handler does
//   raiseclose   watches Close, raises it, reports it and releases the hold
//   shutdown EVENT FILE
//                a GracefulShutdown whose one hook saves FILE with QSaveFile; then raises
//                EVENT (close, logoff, shutdown, interrupt, break) the way the system
//                delivers it; EVENT "none" raises nothing and waits (for WM_CLOSE)
//   vetosave FILE
//                a GracefulShutdown with an inhibitor held (so session end is vetoed); when
//                the shutdown is requested the inhibitor is released and the hook saves
//   loopquits FILE
//                a GracefulShutdown whose loop is quit by the application itself while a
//                session end is held, as Qt's Windows plugin does on WM_ENDSESSION
//   flags        watches the termination requests; reports each with its session-end flags
//   console      reports whether its parent is on its console ("shares 1")
//   raiseignored Interrupt set Ignored, then raised: must do nothing
//   consoleswitch
//                watches Interrupt, loses the console routine the way Windows drops the
//                handler list on a console switch (removed by hand: Wine keeps the list),
//                frees its console and allocates a new one, watches again, and generates
//                Ctrl+C there: must report it
//   stopchild    prepares and starts a child ("interrupt"), asks it to stop with
//                ProcessStopper::requestStop() and reports "stop 1" or "stop 0 <why>"
//                (started without a console by the test: the child has its own)
//   stress SECONDS
//                console-lock stress: Ctrl+C generated every 2 ms while threads create and
//                destroy notifiers and loop waitForAny({Interrupt}, 200 ms)
//   bigflush     a GracefulShutdown whose hook leaves 512 KiB in stdout's buffer, ended
//                by a held CLOSE: every byte must come out

#include <SignalNotifier/GracefulShutdown>
#include <SignalNotifier/ProcessStopper>
#include <SignalNotifier/Session>
#include <SignalNotifier/SignalNotifier>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qprocess.h>
#include <QtCore/qsavefile.h>
#include <QtCore/qthread.h>
#include <QtCore/qtimer.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include <windows.h>

using namespace SN;

namespace {

void say(const QString &line)
{
    const QByteArray bytes = line.toUtf8() + "\r\n";
    DWORD written = 0;
    WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), bytes.constData(), DWORD(bytes.size()), &written, nullptr);
}

QString describe(const SignalInfo &info)
{
    QString text = QStringLiteral("got %1 held %2 code %3")
        .arg(info.signal().name())
        .arg(info.isHeld() ? 1 : 0)
        .arg(info.codeName());
    if (info.hasSessionEnd())
        text += QStringLiteral(" flags %1").arg(info.sessionEndFlags().toInt());
    return text;
}

// The usual hooks of these helpers: say what was requested, save FILE, say it is finished.
void addSaveHook(GracefulShutdown *shutdown, const QString &path)
{
    shutdown->addHook(QStringLiteral("save"), [path] {
        say(QStringLiteral("hook holding %1").arg(Session::isHolding() ? 1 : 0));
        QSaveFile file(path);
        const bool saved = file.open(QIODevice::WriteOnly) && file.write("saved state\n") > 0
            && file.commit();
        say(saved ? QStringLiteral("saved") : QStringLiteral("save failed"));
    });
    QObject::connect(shutdown, &GracefulShutdown::shutdownRequested, [](const SignalInfo &info) {
        say(QStringLiteral("requested ") + describe(info));
    });
    QObject::connect(shutdown, &GracefulShutdown::finished, [] { say(QStringLiteral("finished")); });
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
        Session::releaseHold();
    });
    if (veto && !Session::blockEnd(QStringLiteral("snwinhelper is saving")))
        say(QStringLiteral("Session::blockEnd failed"));
    StdinReader reader([](const QByteArray &line) {
        if (line == "unblock") {
            Session::unblockEnd();
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
        say(QStringLiteral("holding %1").arg(Session::isHolding() ? 1 : 0));
        Session::releaseHold();
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
    addSaveHook(&shutdown, path);
    if (event == QLatin1String("none")) {
        QTimer::singleShot(0, [] { say(QStringLiteral("ready")); });
    } else {
        const Signal signal = Signal::fromName(event);
        QTimer::singleShot(0, [signal] {
            if (!signal.raise())
                std::_Exit(3);
        });
    }
    return shutdown.exec();   // ends the process; never returns normally
}

int vetoSave(const QString &path)
{
    qputenv("SIGNALNOTIFIER_HOLD_TIMEOUT_MS", "600000");
    GracefulShutdown shutdown;
    shutdown.setDeadline(std::chrono::seconds(8));
    addSaveHook(&shutdown, path);
    // Work in progress: the inhibitor vetoes session end (Session::blockEnd) until released.
    auto busy = std::make_shared<GracefulShutdown::Inhibitor>(shutdown.inhibit(QStringLiteral("writing the journal")));
    QObject::connect(&shutdown, &GracefulShutdown::shutdownRequested, [busy] {
        busy->release();   // the work is done: session end may go on, the hooks run
    });
    QTimer::singleShot(0, [] { say(QStringLiteral("ready")); });   // after the veto is in force
    return shutdown.exec();
}

int loopQuits(const QString &path)
{
    qputenv("SIGNALNOTIFIER_HOLD_TIMEOUT_MS", "600000");
    GracefulShutdown shutdown;
    addSaveHook(&shutdown, path);
    QTimer::singleShot(0, [&shutdown] {
        say(QStringLiteral("ready"));
        // Qt's Windows plugin quits the application when WM_ENDSESSION reaches its own
        // windows: here the loop is quit once our held session end has been taken as a
        // request, before the shutdown's first step could run in this thread.
        const auto giveUp = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (!(Session::isHolding() && shutdown.isShuttingDown())) {
            if (std::chrono::steady_clock::now() > giveUp)
                std::_Exit(4);
            QThread::yieldCurrentThread();
        }
        QCoreApplication::quit();
    });
    return shutdown.exec();
}

int flags()
{
    SignalNotifier notifier(Signal::terminationRequests());
    QObject::connect(&notifier, &SignalNotifier::activated, [](const SignalInfo &info) {
        say(describe(info));
        Session::releaseHold();
    });
    say(QStringLiteral("ready"));
    return QCoreApplication::exec();
}

int console()
{
    DWORD list[64];
    const DWORD n = GetConsoleProcessList(list, 64);
    DWORD parent = 0;
    const QStringList args = QCoreApplication::arguments();
    parent = DWORD(args.value(2).toULong());
    bool shares = false;
    for (DWORD i = 0; i < n && i < 64; ++i)
        shares = shares || list[i] == parent;
    say(QStringLiteral("shares %1").arg(shares ? 1 : 0));
    return 0;
}

int consoleSwitch()
{
    SignalNotifier before(Signal::Interrupt);   // watched all along: the library believes it installed
    HMODULE library = nullptr;
    GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                       reinterpret_cast<LPCWSTR>(&Session::releaseHold), &library);
    using Hook = PHANDLER_ROUTINE (*)();
    const auto hook = reinterpret_cast<Hook>(reinterpret_cast<void *>(
        GetProcAddress(library, "signalnotifier_private_consoleRoutine")));
    if (!hook || !SetConsoleCtrlHandler(hook(), FALSE)) {
        say(QStringLiteral("cannot remove the routine"));
        return 3;
    }
    FreeConsole();
    if (!AllocConsole()) {
        say(QStringLiteral("AllocConsole failed"));
        return 3;
    }
    SignalNotifier after(Signal::Interrupt);
    QObject::connect(&after, &SignalNotifier::activated, [](const SignalInfo &info) {
        say(describe(info));
        QCoreApplication::exit(0);
    });
    if (!GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0)) {
        say(QStringLiteral("GenerateConsoleCtrlEvent failed"));
        return 3;
    }
    return QCoreApplication::exec();
}

int stopChild()
{
    QProcess child;
    ProcessStopper::prepare(&child);
    child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("interrupt")});
    if (!child.waitForStarted(20000) || !child.waitForReadyRead(20000)) {
        say(QStringLiteral("child did not start"));
        return 3;
    }
    Error error;
    const bool ok = ProcessStopper::requestStop(&child, Signal::Terminate, &error);
    say(ok ? QStringLiteral("stop 1") : QStringLiteral("stop 0 ") + error.text());
    child.kill();
    child.waitForFinished(20000);
    return 0;
}

int raiseIgnored()
{
    Error error;
    if (!Signal(Signal::Interrupt).setDisposition(Signal::Ignored, &error)) {
        say(QStringLiteral("setDisposition failed: ") + error.text());
        return 3;
    }
    if (!Signal(Signal::Interrupt).raise(&error)) {
        say(QStringLiteral("raise failed: ") + error.text());
        return 3;
    }
    say(QStringLiteral("alive"));
    return 0;
}

// Defect 1 of issue 11: the console lock against our registry. Real CTRL_C_EVENTs from
// GenerateConsoleCtrlEvent (the system runs the routine holding its console lock) while
// other threads watch and unwatch and wait. Ends by itself after `seconds`, printing
// "stress done"; a deadlock shows as no such line.
int stress(int seconds)
{
    SignalNotifier keep(Signal::Interrupt);   // Ctrl+C never finds nobody watching
    std::atomic<bool> stop{false};
    std::atomic<long> generated{0}, waited{0}, caught{0}, cycles{0};
    std::atomic<long> failed{0};
    std::unique_ptr<QThread> generator(QThread::create([&] {
        while (!stop.load()) {
            if (GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0))
                ++generated;
            else
                ++failed;
            Sleep(2);   // pacing, not synchronisation
        }
    }));
    std::unique_ptr<QThread> waiter(QThread::create([&] {
        while (!stop.load()) {
            if (Signal::waitForAny({Signal::Interrupt}, QDeadlineTimer(200)))
                ++caught;
            ++waited;
        }
    }));
    std::unique_ptr<QThread> churn(QThread::create([&] {
        while (!stop.load()) {
            SignalNotifier n({Signal::Interrupt, Signal::Break});
            n.setOverrideIgnored(true);
            ++cycles;
        }
    }));
    generator->start();
    waiter->start();
    churn->start();
    QTimer::singleShot(seconds * 1000, [&] {
        stop = true;
        generator->wait();
        waiter->wait();
        churn->wait();
        say(QStringLiteral("stress done generated %1 failed %2 waits %3 caught %4 cycles %5")
                .arg(generated.load()).arg(failed.load()).arg(waited.load()).arg(caught.load())
                .arg(cycles.load()));
        QCoreApplication::exit(0);
    });
    say(QStringLiteral("ready"));
    return QCoreApplication::exec();
}

int bigFlush()
{
    qputenv("SIGNALNOTIFIER_HOLD_TIMEOUT_MS", "600000");
    static char buffer[1 << 20];
    std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
    GracefulShutdown shutdown;
    shutdown.addHook(QStringLiteral("write"), [] {
        // Stays in stdio's buffer: only the end's flush writes it.
        std::string chunk(512 * 1024, 'x');
        std::fwrite(chunk.data(), 1, chunk.size(), stdout);
        std::fputs("\nEND\n", stdout);
    });
    QTimer::singleShot(0, [] {
        if (!Signal(Signal::Close).raise())
            std::_Exit(3);
    });
    return shutdown.exec();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    const QString role = args.value(1);
    // Never outlive a failed test (the stress run gets its own length plus a margin).
    const int life = role == QLatin1String("stress") ? std::max(1, args.value(2).toInt()) * 1000 + 30000 : 30000;
    QTimer::singleShot(life, [] { std::_Exit(4); });
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
    if (role == QLatin1String("vetosave") && args.size() > 2)
        return vetoSave(args.at(2));
    if (role == QLatin1String("loopquits") && args.size() > 2)
        return loopQuits(args.at(2));
    if (role == QLatin1String("flags"))
        return flags();
    if (role == QLatin1String("console"))
        return console();
    if (role == QLatin1String("raiseignored"))
        return raiseIgnored();
    if (role == QLatin1String("consoleswitch"))
        return consoleSwitch();
    if (role == QLatin1String("stopchild"))
        return stopChild();
    if (role == QLatin1String("bigflush"))
        return bigFlush();
    if (role == QLatin1String("stress"))
        return stress(std::max(1, args.value(2).toInt()));
    if (role == QLatin1String("endprocess")) {
        std::fflush(nullptr);
        Signal(Signal::Interrupt).endProcess();
    }
    std::fprintf(stderr, "snwinhelper: unknown role\n");
    return 2;
}
