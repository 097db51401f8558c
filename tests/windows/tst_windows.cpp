// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The Windows backend, run under Wine in CI. Real: Ctrl+C generated with
// GenerateConsoleCtrlEvent, session end with `wineboot --end-session` (and its veto),
// child processes in their own group. By calling the registered console handler routine
// on a spare thread, exactly as the system does: CTRL_BREAK, CTRL_CLOSE, CTRL_LOGOFF and
// CTRL_SHUTDOWN, which Wine never generates, including the hold until releaseHold() and
// its deadline. (`kill -INT` of the Wine process is tests/windows/kill-int.sh.)

#include <SignalNotifier/ProcessStopper>
#include <SignalNotifier/SignalNotifier>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qdir.h>
#include <QtCore/qfile.h>
#include <QtCore/qprocess.h>
#include <QtCore/qthread.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

#include <atomic>
#include <memory>

#include <windows.h>

namespace {

using Routine = BOOL(WINAPI *)(DWORD);

// The routine the backend gave to SetConsoleCtrlHandler, through its private test hook.
Routine consoleRoutine()
{
    HMODULE library = nullptr;
    GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                       reinterpret_cast<LPCWSTR>(&SignalNotifier::releaseHold), &library);
    using Hook = Routine (*)();
    const auto hook = reinterpret_cast<Hook>(
        reinterpret_cast<void *>(GetProcAddress(library, "signalnotifier_private_consoleRoutine")));
    return hook ? hook() : nullptr;
}

// Calls the routine on a thread of its own, as the system does for each console event.
struct SystemThread {
    std::atomic<bool> returned{false};
    std::atomic<BOOL> result{FALSE};
    std::unique_ptr<QThread> thread;

    SystemThread(Routine routine, DWORD ctrl)
    {
        thread.reset(QThread::create([this, routine, ctrl] {
            result = routine(ctrl);
            returned = true;
        }));
        thread->start();
    }
    ~SystemThread() { thread->wait(); }
};

bool underWine()
{
    return GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "wine_get_version") != nullptr;
}

QString helperPath()
{
    return QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral(SNWINHELPER_PATH));
}

// Waits for one line from a helper (through the event loop: QProcess on Windows needs it).
QByteArray readLine(QProcess *process)
{
    static_cast<void>(QTest::qWaitFor([process] {
        return process->canReadLine() || process->state() == QProcess::NotRunning;
    }, 20000));
    return process->readLine().trimmed();
}

// Console children of a console process share its console: keep Qt from starting them
// with CREATE_NO_WINDOW (which it does when our console has no window, as under Wine).
void shareConsole(QProcess *process)
{
    const auto earlier = process->createProcessArgumentsModifier();
    process->setCreateProcessArgumentsModifier([earlier](QProcess::CreateProcessArguments *args) {
        if (earlier)
            earlier(args);
        args->flags &= ~DWORD(CREATE_NO_WINDOW);
    });
}

int runWineboot()
{
    QProcess wineboot;
    QSignalSpy finished(&wineboot, &QProcess::finished);
    wineboot.start(QStringLiteral("wineboot.exe"), {QStringLiteral("--end-session")});
    if (!wineboot.waitForStarted(20000))
        return -1;
    // Not waitForFinished(): it does not pump window messages, and session end is a round
    // of SendMessage calls to every top-level window.
    if (!finished.wait(60000))
        return -2;
    return wineboot.exitCode();
}

} // namespace

class tst_Windows : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void table_data();
    void table();
    void posixOnlyIsAClearError_data();
    void posixOnlyIsAClearError();
    void unsupportedOperations();
    void ctrlCGenerated();
    void raiseDelivers_data();
    void raiseDelivers();
    void breakByTheSystemPath();
    void holdUntilReleased_data();
    void holdUntilReleased();
    void holdGivesUpAtTheDeadline();
    void unwatchedReturnsFalse_data();
    void unwatchedReturnsFalse();
    void ignoredBreak();
    void waitForAny();
    void sessionWindowOnlyWhileNeeded();
    void sessionEnd();
    void sessionEndVeto();
    void childInItsOwnGroup();
    void endProcessStatus();
    void raisedCloseEndsTheProcessAfterRelease();
    void gracefulShutdownReleasesTheHold_data();
    void gracefulShutdownReleasesTheHold();

private:
    Routine m_routine = nullptr;
};

void tst_Windows::initTestCase()
{
    m_routine = consoleRoutine();
    QVERIFY2(m_routine, "the backend's private test hook is missing");
}

void tst_Windows::table_data()
{
    QTest::addColumn<Signal>("signal");
    QTest::addColumn<int>("number");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("spelling");
    QTest::newRow("C") << Signal(Signal::Interrupt) << 2 << "CTRL_C_EVENT" << "SIGINT";
    QTest::newRow("BREAK") << Signal(Signal::Break) << 21 << "CTRL_BREAK_EVENT" << "break";
    QTest::newRow("CLOSE") << Signal(Signal::Close) << 258 << "CTRL_CLOSE_EVENT" << "HUP";
    QTest::newRow("LOGOFF") << Signal(Signal::Logoff) << 261 << "CTRL_LOGOFF_EVENT" << "ctrl_logoff";
    QTest::newRow("SHUTDOWN") << Signal(Signal::Shutdown) << 262 << "CTRL_SHUTDOWN_EVENT" << "262";
}

void tst_Windows::table()
{
    QFETCH(Signal, signal);
    QFETCH(int, number);
    QFETCH(QString, name);
    QFETCH(QString, spelling);
    QCOMPARE(signal.number(), number);
    QVERIFY(signal.existsOnThisPlatform());
    QCOMPARE(signal.name(), name);
    QVERIFY(!signal.description().isEmpty());
    QCOMPARE(signal.watchability(), Signal::NoError);
    QCOMPARE(Signal::fromName(name), signal);
    QCOMPARE(Signal::fromName(spelling), signal);
    QCOMPARE(Signal::fromNumber(number), signal);
    QVERIFY(Signal::validSignals().contains(signal));
    QCOMPARE(Signal::validSignals().size(), 5);
    QCOMPARE(signal.disposition(), Signal::Default);
}

void tst_Windows::posixOnlyIsAClearError_data()
{
    QTest::addColumn<Signal>("signal");
    QTest::newRow("User1") << Signal(Signal::User1);
    QTest::newRow("Child") << Signal(Signal::Child);
    QTest::newRow("WindowChanged") << Signal(Signal::WindowChanged);
    QTest::newRow("Kill") << Signal(Signal::Kill);
    QTest::newRow("Alarm") << Signal(Signal::Alarm);
}

void tst_Windows::posixOnlyIsAClearError()
{
    QFETCH(Signal, signal);
    QVERIFY(!signal.existsOnThisPlatform());
    QCOMPARE(signal.watchability(), Signal::UnsupportedSignal);
    SignalNotifier notifier;
    QVERIFY(!notifier.setWatchedSignals({signal}));
    QCOMPARE(notifier.error(), Signal::UnsupportedSignal);
    QVERIFY(!notifier.errorString().isEmpty());
    QString error;
    QVERIFY(!signal.raise(&error));
    QVERIFY(!error.isEmpty());
}

void tst_Windows::unsupportedOperations()
{
    // Terminate is in every termination set: watched harmlessly, never fires.
    QCOMPARE(Signal(Signal::Terminate).watchability(), Signal::NoError);
    {
        SignalNotifier all(Signal::terminationRequests());
        QCOMPARE(all.error(), Signal::NoError);
        QCOMPARE(Signal(Signal::Close).disposition(), Signal::Watched);
    }

    QVERIFY(!Signal::realtime(0).isValid());
    QVERIFY(!Signal::fromName(u"SIGUSR1").isValid());
    QString error;
    QVERIFY(!Signal(Signal::Interrupt).sendValue(qint64(GetCurrentProcessId()), 1, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!Signal::setBlockedInThisThread({Signal::Interrupt}, true, &error));
    QVERIFY(!error.isEmpty());
    // The process ends after these whatever a handler returns: they cannot be ignored.
    QVERIFY(!Signal(Signal::Close).setDisposition(Signal::Ignored, &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(Signal(Signal::Close).disposition(), Signal::Default);
}

void tst_Windows::ctrlCGenerated()
{
    SignalNotifier notifier(Signal::Interrupt);
    QSignalSpy spy(&notifier, &SignalNotifier::activated);
    QCOMPARE(Signal(Signal::Interrupt).disposition(), Signal::Watched);
    // Every process on our console gets it: under the test runner that is only us.
    QVERIFY2(GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0),
             qPrintable(QStringLiteral("GenerateConsoleCtrlEvent: error %1 (no console?)").arg(GetLastError())));
    QVERIFY(spy.wait(20000));
    const auto info = spy.at(0).at(0).value<SignalInfo>();
    QCOMPARE(info.signal(), Signal(Signal::Interrupt));
    QCOMPARE(info.codeName(), QStringLiteral("CTRL_C_EVENT"));
    QVERIFY(!info.isHeld());
    QVERIFY(!info.hasSender());
}

void tst_Windows::raiseDelivers_data()
{
    QTest::addColumn<Signal>("signal");
    QTest::addColumn<QString>("code");
    QTest::newRow("Interrupt") << Signal(Signal::Interrupt) << "CTRL_C_EVENT";
    QTest::newRow("Break") << Signal(Signal::Break) << "CTRL_BREAK_EVENT";
}

void tst_Windows::raiseDelivers()
{
    QFETCH(Signal, signal);
    QFETCH(QString, code);
    SignalNotifier notifier(signal);
    QSignalSpy spy(&notifier, &SignalNotifier::activated);
    QString error;
    QVERIFY2(signal.raise(&error), qPrintable(error));
    QVERIFY(spy.wait(20000));
    const auto info = spy.at(0).at(0).value<SignalInfo>();
    QCOMPARE(info.signal(), signal);
    QCOMPARE(info.codeName(), code);
}

void tst_Windows::breakByTheSystemPath()
{
    SignalNotifier notifier(Signal::Break);
    QSignalSpy spy(&notifier, &SignalNotifier::activated);
    SystemThread system(m_routine, CTRL_BREAK_EVENT);
    QVERIFY(spy.wait(20000));
    const auto info = spy.at(0).at(0).value<SignalInfo>();
    QCOMPARE(info.signal(), Signal(Signal::Quit));   // Break is Quit's Windows name
    QCOMPARE(info.codeName(), QStringLiteral("CTRL_BREAK_EVENT"));
    QVERIFY(!info.isHeld());
    QTRY_VERIFY(system.returned.load());
    QCOMPARE(system.result.load(), TRUE);   // handled: Windows' default stays out
}

void tst_Windows::holdUntilReleased_data()
{
    QTest::addColumn<Signal>("signal");
    QTest::addColumn<uint>("ctrl");
    QTest::addColumn<QString>("code");
    QTest::newRow("CLOSE") << Signal(Signal::Close) << uint(CTRL_CLOSE_EVENT) << "CTRL_CLOSE_EVENT";
    QTest::newRow("LOGOFF") << Signal(Signal::Logoff) << uint(CTRL_LOGOFF_EVENT) << "CTRL_LOGOFF_EVENT";
    QTest::newRow("SHUTDOWN") << Signal(Signal::Shutdown) << uint(CTRL_SHUTDOWN_EVENT) << "CTRL_SHUTDOWN_EVENT";
}

void tst_Windows::holdUntilReleased()
{
    QFETCH(Signal, signal);
    QFETCH(uint, ctrl);
    QFETCH(QString, code);
    // A deadline far away, so that only releaseHold() can end this hold.
    qputenv("SIGNALNOTIFIER_HOLD_TIMEOUT_MS", "600000");
    SignalNotifier notifier(signal);
    QSignalSpy spy(&notifier, &SignalNotifier::activated);
    QVERIFY(!SignalNotifier::isHolding());
    SystemThread system(m_routine, DWORD(ctrl));
    QVERIFY(spy.wait(20000));
    const auto info = spy.at(0).at(0).value<SignalInfo>();
    QCOMPARE(info.signal(), signal);
    QCOMPARE(info.codeName(), code);
    QVERIFY(info.isHeld());
    QVERIFY(SignalNotifier::isHolding());
    QVERIFY(!SignalNotifier::holdDeadline().isForever());
    QVERIFY(!SignalNotifier::holdDeadline().hasExpired());
    // The system thread stays inside the routine: returning would end the process.
    QVERIFY(!system.returned.load());
    SignalNotifier::releaseHold();
    QTRY_VERIFY_WITH_TIMEOUT(system.returned.load(), 20000);
    QCOMPARE(system.result.load(), TRUE);
    QVERIFY(!SignalNotifier::isHolding());
    QVERIFY(SignalNotifier::holdDeadline().isForever());
    qunsetenv("SIGNALNOTIFIER_HOLD_TIMEOUT_MS");
}

void tst_Windows::holdGivesUpAtTheDeadline()
{
    qputenv("SIGNALNOTIFIER_HOLD_TIMEOUT_MS", "300");
    SignalNotifier notifier(Signal::Close);
    QSignalSpy spy(&notifier, &SignalNotifier::activated);
    SystemThread system(m_routine, CTRL_CLOSE_EVENT);
    // Nobody releases: the routine returns by itself once the deadline has passed.
    QTRY_VERIFY_WITH_TIMEOUT(system.returned.load(), 20000);
    QCOMPARE(system.result.load(), TRUE);
    QVERIFY(!SignalNotifier::isHolding());
    if (spy.isEmpty())
        QVERIFY(spy.wait(20000));
    QVERIFY(spy.at(0).at(0).value<SignalInfo>().isHeld());
    qunsetenv("SIGNALNOTIFIER_HOLD_TIMEOUT_MS");
}

void tst_Windows::unwatchedReturnsFalse_data()
{
    QTest::addColumn<uint>("ctrl");
    QTest::newRow("BREAK") << uint(CTRL_BREAK_EVENT);
    QTest::newRow("CLOSE") << uint(CTRL_CLOSE_EVENT);
    QTest::newRow("SHUTDOWN") << uint(CTRL_SHUTDOWN_EVENT);
}

void tst_Windows::unwatchedReturnsFalse()
{
    QFETCH(uint, ctrl);
    // Nobody watches: FALSE, so the next handler, and in the end Windows' default, decides.
    SystemThread system(m_routine, DWORD(ctrl));
    QTRY_VERIFY_WITH_TIMEOUT(system.returned.load(), 20000);
    QCOMPARE(system.result.load(), FALSE);
    QVERIFY(!SignalNotifier::isHolding());
}

void tst_Windows::ignoredBreak()
{
    Signal brk(Signal::Break);
    QString error;
    QVERIFY2(brk.setDisposition(Signal::Ignored, &error), qPrintable(error));
    QCOMPARE(brk.disposition(), Signal::Ignored);
    {
        SystemThread system(m_routine, CTRL_BREAK_EVENT);
        QTRY_VERIFY_WITH_TIMEOUT(system.returned.load(), 20000);
        QCOMPARE(system.result.load(), TRUE);   // swallowed
    }
    QVERIFY(brk.setDisposition(Signal::Default, &error));
    QCOMPARE(brk.disposition(), Signal::Default);
    SystemThread system(m_routine, CTRL_BREAK_EVENT);
    QTRY_VERIFY_WITH_TIMEOUT(system.returned.load(), 20000);
    QCOMPARE(system.result.load(), FALSE);
}

void tst_Windows::waitForAny()
{
    std::unique_ptr<QThread> sender(QThread::create([this] {
        // Repeats until the waiting side has seen one: no guess about when it is ready.
        while (!QThread::currentThread()->isInterruptionRequested()) {
            SystemThread system(m_routine, CTRL_BREAK_EVENT);
            QThread::yieldCurrentThread();
        }
    }));
    sender->start();
    QString error;
    const auto got = Signal::waitForAny({Signal::Break}, QDeadlineTimer(20000), &error);
    sender->requestInterruption();
    sender->wait();
    QVERIFY2(got.has_value(), qPrintable(error));
    QCOMPARE(got->signal(), Signal(Signal::Break));
    QCOMPARE(got->codeName(), QStringLiteral("CTRL_BREAK_EVENT"));
}

// Our hidden session window, if this process has one. FindWindow sees only top-level
// windows (never message-only ones), which is the kind session end reaches.
static bool haveSessionWindow()
{
    HWND hwnd = nullptr;
    while ((hwnd = FindWindowExW(nullptr, hwnd, L"SignalNotifierSessionWindow", nullptr))) {
        DWORD pid = 0;
        GetWindowThreadProcessId(hwnd, &pid);
        if (pid == GetCurrentProcessId())
            return true;
    }
    return false;
}

void tst_Windows::sessionWindowOnlyWhileNeeded()
{
    // Earlier tests watched Logoff and Shutdown: their window goes away on its own thread.
    QTRY_VERIFY_WITH_TIMEOUT(!haveSessionWindow(), 20000);
    {
        SignalNotifier notifier(Signal::Shutdown);
        QVERIFY(haveSessionWindow());
        QVERIFY(!IsWindowVisible(FindWindowW(L"SignalNotifierSessionWindow", nullptr)));
    }
    // Retired asynchronously by its own thread.
    QTRY_VERIFY_WITH_TIMEOUT(!haveSessionWindow(), 20000);
    QVERIFY(SignalNotifier::blockSessionEnd(QStringLiteral("tst_windows")));
    QVERIFY(haveSessionWindow());
    SignalNotifier::unblockSessionEnd();
    QTRY_VERIFY_WITH_TIMEOUT(!haveSessionWindow(), 20000);
    // Interrupt alone needs no window.
    SignalNotifier interrupt(Signal::Interrupt);
    QVERIFY(!haveSessionWindow());
}

void tst_Windows::sessionEnd()
{
    if (!underWine())
        QSKIP("ends the session: only under Wine, with wineboot --end-session");
    QProcess helper;
    helper.start(helperPath(), {QStringLiteral("session")});
    QVERIFY2(helper.waitForStarted(20000), qPrintable(helper.errorString()));
    QCOMPARE(readLine(&helper), QByteArray("ready"));
    QCOMPARE(runWineboot(), 0);
    // WM_QUERYENDSESSION said yes, WM_ENDSESSION(TRUE) came held; wineboot then ends it.
    QCOMPARE(readLine(&helper), QByteArray("got CTRL_SHUTDOWN_EVENT held 1 code WM_ENDSESSION"));
    QSignalSpy finished(&helper, &QProcess::finished);
    QVERIFY(helper.state() == QProcess::NotRunning || finished.wait(20000));
}

void tst_Windows::sessionEndVeto()
{
    if (!underWine())
        QSKIP("ends the session: only under Wine, with wineboot --end-session");
    QProcess helper;
    helper.start(helperPath(), {QStringLiteral("veto")});
    QVERIFY2(helper.waitForStarted(20000), qPrintable(helper.errorString()));
    QCOMPARE(readLine(&helper), QByteArray("ready"));
    // blockSessionEnd(): WM_QUERYENDSESSION answered "no", so the session does not end.
    QCOMPARE(runWineboot(), 1);
    QCOMPARE(helper.state(), QProcess::Running);
    helper.write("unblock\n");
    QCOMPARE(readLine(&helper), QByteArray("unblocked"));
    QVERIFY(helper.bytesAvailable() == 0);   // nothing was delivered for the vetoed end
    QCOMPARE(runWineboot(), 0);
    QCOMPARE(readLine(&helper), QByteArray("got CTRL_SHUTDOWN_EVENT held 1 code WM_ENDSESSION"));
    QSignalSpy finished(&helper, &QProcess::finished);
    QVERIFY(helper.state() == QProcess::NotRunning || finished.wait(20000));
}

void tst_Windows::childInItsOwnGroup()
{
    QProcess child;
    shareConsole(&child);
    ProcessStopper::prepare(&child);   // after ours: both modifiers run
    child.start(helperPath(), {QStringLiteral("interrupt")});
    QVERIFY2(child.waitForStarted(20000), qPrintable(child.errorString()));
    QCOMPARE(readLine(&child), QByteArray("ready"));
    QString error;
    if (!ProcessStopper::requestStop(&child, Signal::Terminate, &error)) {
        // The default request is CTRL_BREAK_EVENT, which Wine cannot generate (error 6).
        QVERIFY2(underWine(), qPrintable(error));
        // The system's own words, not errno's: FormatMessage text and the Windows code.
        QVERIFY2(error.contains(QStringLiteral("(error 6)")), qPrintable(error));
        // Ctrl+C to the child's group: reaches it only because it leads its own group,
        // and only because it turned Ctrl+C back on (a new group starts with it ignored).
        QVERIFY2(ProcessStopper::requestStop(&child, Signal::Interrupt, &error), qPrintable(error));
        QCOMPARE(readLine(&child), QByteArray("got CTRL_C_EVENT held 0 code CTRL_C_EVENT"));
    } else {
        QCOMPARE(readLine(&child), QByteArray("got CTRL_BREAK_EVENT held 0 code CTRL_BREAK_EVENT"));
    }
    QSignalSpy finished(&child, &QProcess::finished);
    QVERIFY(child.state() == QProcess::NotRunning || finished.wait(20000));
    QCOMPARE(child.exitCode(), 7);
}

void tst_Windows::endProcessStatus()
{
    QProcess child;
    QSignalSpy finished(&child, &QProcess::finished);
    child.start(helperPath(), {QStringLiteral("endprocess")});
    QVERIFY2(child.waitForStarted(20000), qPrintable(child.errorString()));
    QVERIFY(child.state() == QProcess::NotRunning || finished.wait(20000));
    QCOMPARE(uint(child.exitCode()), uint(0xC000013A));   // STATUS_CONTROL_C_EXIT
}

void tst_Windows::raisedCloseEndsTheProcessAfterRelease()
{
    // raise(Close) goes the way of the real event: delivered held, and once the
    // application releases the hold, the process ends as Windows would end it.
    QProcess child;
    QSignalSpy finished(&child, &QProcess::finished);
    child.start(helperPath(), {QStringLiteral("raiseclose")});
    QVERIFY2(child.waitForStarted(20000), qPrintable(child.errorString()));
    QCOMPARE(readLine(&child), QByteArray("got CTRL_CLOSE_EVENT held 1 code CTRL_CLOSE_EVENT"));
    QCOMPARE(readLine(&child), QByteArray("holding 1"));
    QVERIFY(child.state() == QProcess::NotRunning || finished.wait(20000));
    QCOMPARE(uint(child.exitCode()), uint(0xC000013A));   // STATUS_CONTROL_C_EXIT
}

void tst_Windows::gracefulShutdownReleasesTheHold_data()
{
    QTest::addColumn<QString>("event");
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<bool>("held");
    QTest::newRow("CLOSE") << QStringLiteral("close") << QByteArray("CTRL_CLOSE_EVENT") << true;
    QTest::newRow("LOGOFF") << QStringLiteral("logoff") << QByteArray("CTRL_LOGOFF_EVENT") << true;
    QTest::newRow("SHUTDOWN") << QStringLiteral("shutdown") << QByteArray("CTRL_SHUTDOWN_EVENT") << true;
    QTest::newRow("C") << QStringLiteral("interrupt") << QByteArray("CTRL_C_EVENT") << false;
}

void tst_Windows::gracefulShutdownReleasesTheHold()
{
    // GracefulShutdown on the Windows path: the process is kept alive while its hook saves
    // (for the events that end it), the file is complete, and the end is Windows' own.
    QFETCH(QString, event);
    QFETCH(QByteArray, name);
    QFETCH(bool, held);
    const QString path = QDir::current().absoluteFilePath(QStringLiteral("shutdown-%1.txt").arg(event));
    QFile::remove(path);
    QProcess child;
    QSignalSpy finished(&child, &QProcess::finished);
    child.start(helperPath(), {QStringLiteral("shutdown"), event, path});
    QVERIFY2(child.waitForStarted(20000), qPrintable(child.errorString()));
    QCOMPARE(readLine(&child), "requested got " + name + " held " + QByteArray::number(held ? 1 : 0)
                                   + " code " + name);
    QCOMPARE(readLine(&child), "hook holding " + QByteArray::number(held ? 1 : 0));
    QCOMPARE(readLine(&child), QByteArray("saved"));
    QCOMPARE(readLine(&child), QByteArray("finished"));
    QVERIFY(child.state() == QProcess::NotRunning || finished.wait(20000));
    QCOMPARE(uint(child.exitCode()), uint(0xC000013A));   // STATUS_CONTROL_C_EXIT
    QFile saved(path);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QCOMPARE(saved.readAll(), QByteArray("saved state\n"));
}

QTEST_GUILESS_MAIN(tst_Windows)
#include "tst_windows.moc"
