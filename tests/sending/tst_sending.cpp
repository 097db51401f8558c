// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Sending (kill, sigqueue, raise, pidfd), waiting with a deadline, and the state of a
// process's signals.

#include <SignalNotifier/ProcessStopper>
#include <SignalNotifier/Session>
#include <SignalNotifier/SignalNotifier>

#include "edgeprocess.h"
#include "workerthread.h"

#include <QtCore/qfile.h>
#include <QtCore/qmetaobject.h>
#include <QtCore/qprocess.h>
#include <QtCore/qscopeguard.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

#include <atomic>
#include <csignal>
#include <pthread.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace SN;

namespace {

// A child that has exited and been reaped: its pid names nobody now.
pid_t deadPid()
{
    const pid_t child = ::fork();
    if (child == 0)
        ::_exit(0);
    int status = 0;
    ::waitpid(child, &status, 0);
    return child;
}

// The calling thread's mask as the kernel reports it: SigBlk in /proc/self/task/<tid>/status
// (proc(5)), a hexadecimal bit set, bit n-1 for signal n. Independent of the library.
quint64 kernelBlockedMask()
{
    QFile status(QStringLiteral("/proc/self/task/%1/status").arg(long(::syscall(SYS_gettid))));
    if (!status.open(QIODevice::ReadOnly))
        return ~quint64(0);
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("SigBlk:"))
            return line.mid(7).trimmed().toULongLong(nullptr, 16);
    }
    return ~quint64(0);
}

// The same mask through pthread_sigmask(3), as a bit set of the same form.
quint64 threadBlockedMask()
{
    sigset_t set;
    ::pthread_sigmask(SIG_BLOCK, nullptr, &set);
    quint64 bits = 0;
    for (int n = 1; n < NSIG && n <= 64; ++n) {
        if (sigismember(&set, n) == 1)
            bits |= quint64(1) << (n - 1);
    }
    return bits;
}

quint64 bitsOf(const QList<int> &numbers)
{
    quint64 bits = 0;
    for (int n : numbers)
        bits |= quint64(1) << (n - 1);
    return bits;
}

} // namespace

class tst_Sending : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sendAndRaise();
    void processHandle();
    void refusedTargets_data();
    void refusedTargets();
    void waitTimesOut();
    void waitReceivesWithoutStealing();
    void waitRefusesBadInput();
    void waitTakesSignalBlockedInEveryThread_data();
    void waitTakesSignalBlockedInEveryThread();
    void waitTakesPendingBlockedSignalOnly();
    void waitTakingAPendingSignalStealsNothing();
    void stateOfThisProcess();
    void stateOfAnotherProcess();
    void maskChangesAllOrNothing_data();
    void maskChangesAllOrNothing();
    void stopChildGracefully();
    void stopChildRefusesBadSignal_data();
    void stopChildRefusesBadSignal();
    void nothingIsHeldOnPosix();
    void noRestartOnPosix();
    void restartFlagsHaveNames();
};

void tst_Sending::sendAndRaise()
{
    SignalNotifier n({Signal::User1, Signal::realtime(4)});
    QSignalSpy spy(&n, &SignalNotifier::activated);
    Error error;
    QVERIFY2(Signal(Signal::User1).send(::getpid(), &error), qPrintable(error.text()));
    QTRY_COMPARE(spy.size(), 1);
    QVERIFY(Signal::realtime(4).sendValue(::getpid(), 77, &error));
    QTRY_COMPARE(spy.size(), 2);
    QCOMPARE(spy.at(1).at(0).value<SignalInfo>().value(), 77);
    QVERIFY(Signal(Signal::User1).raise(&error));
    QTRY_COMPARE(spy.size(), 3);
    QCOMPARE(spy.at(2).at(0).value<SignalInfo>().codeName(), QStringLiteral("SI_TKILL"));
    QVERIFY(!error.isError());
}

void tst_Sending::processHandle()
{
    Error error;
    const int handle = Signal::openProcessHandle(::getpid(), &error);
    if (handle < 0 && error.code() == Error::Unsupported)
        QSKIP("this kernel has no pidfd");
    QVERIFY2(handle >= 0, qPrintable(error.text()));
    SignalNotifier n(Signal::User2);
    QSignalSpy spy(&n, &SignalNotifier::activated);
    QVERIFY2(Signal(Signal::User2).sendToHandle(handle, &error), qPrintable(error.text()));
    QTRY_COMPARE(spy.size(), 1);
    ::close(handle);

    // A handle outlives the pid: once the process is gone, the handle says so, even if
    // the number were reused by now.
    const pid_t child = ::fork();
    if (child == 0) {
        ::pause();
        ::_exit(0);
    }
    const int childHandle = Signal::openProcessHandle(child, &error);
    QVERIFY(childHandle >= 0);
    ::kill(child, SIGKILL);
    int status = 0;
    QCOMPARE(::waitpid(child, &status, 0), child);
    QVERIFY(!Signal(Signal::User1).sendToHandle(childHandle, &error));
    QCOMPARE(error.code(), Error::NoSuchProcess);
    ::close(childHandle);
}

void tst_Sending::refusedTargets_data()
{
    QTest::addColumn<qint64>("pid");
    QTest::addColumn<int>("error");
    // 0 and negative pids would reach a whole process group or every process.
    QTest::newRow("0") << qint64(0) << int(Error::InvalidArgument);
    QTest::newRow("-1") << qint64(-1) << int(Error::InvalidArgument);
    QTest::newRow("-pgid") << -qint64(::getpgrp()) << int(Error::InvalidArgument);
    QTest::newRow("beyond pid_t") << (qint64(1) << 40) << int(Error::InvalidArgument);
    QTest::newRow("dead") << qint64(deadPid()) << int(Error::NoSuchProcess);
}

void tst_Sending::refusedTargets()
{
    QFETCH(qint64, pid);
    QFETCH(int, error);
    Error text;
    QVERIFY(!Signal(Signal::User1).send(pid, &text));
    QCOMPARE(text.code(), Error::Code(error));
    QVERIFY(!Signal(Signal::User1).sendValue(pid, 1, &text));
    QCOMPARE(text.code(), Error::Code(error));
    // An invalid signal is refused before any target is looked at.
    QVERIFY(!Signal().send(::getpid(), &text));
    QCOMPARE(text.code(), Error::UnknownSignal);
}

void tst_Sending::waitTimesOut()
{
    Error error;
    QDeadlineTimer deadline(50);
    const auto got = Signal::waitForAny({Signal::User1}, deadline, &error);
    QVERIFY(!got);
    QVERIFY(!error.isError());            // a timeout is no error
    QVERIFY(deadline.hasExpired());      // and it did wait until the deadline
    QCOMPARE(Signal(Signal::User1).disposition(), Signal::Default);   // left as it was
}

void tst_Sending::waitReceivesWithoutStealing()
{
    // A notifier in this thread watches USR2 too; a worker keeps sending until the wait
    // has returned (the wait may start after the first sends).
    SignalNotifier n(Signal::User2);
    QSignalSpy spy(&n, &SignalNotifier::activated);
    std::atomic<bool> stop{false};
    WorkerThread sender;
    sender.post([&stop] {
        while (!stop.load()) {
            ::kill(::getpid(), SIGUSR2);
            QThread::yieldCurrentThread();
        }
    });
    Error error;
    const auto got = Signal::waitForAny({Signal::User1, Signal::User2}, QDeadlineTimer(10000), &error);
    stop = true;
    QVERIFY2(got.has_value(), qPrintable(error.text()));
    QCOMPARE(got->signal(), Signal(Signal::User2));
    QCOMPARE(got->senderPid(), qint64(::getpid()));
    QTRY_VERIFY(!spy.isEmpty());   // the notifier got its copy
    QCOMPARE(Signal(Signal::User1).disposition(), Signal::Default);
    QCOMPARE(Signal(Signal::User2).disposition(), Signal::Watched);
}

void tst_Sending::waitRefusesBadInput()
{
    Error error;
    QVERIFY(!Signal::waitForAny({Signal::fromNumber(SIGKILL)}, QDeadlineTimer(10), &error));
    QCOMPARE(error.code(), Error::ForbiddenSignal);
    QVERIFY(!Signal::waitForAny({}, QDeadlineTimer(10), &error));
    QCOMPARE(error.code(), Error::InvalidArgument);
    QVERIFY(!Signal::waitForAny({Signal()}, QDeadlineTimer(10), &error));
    QVERIFY(error.isError());
}

void tst_Sending::waitTakesSignalBlockedInEveryThread_data()
{
    QTest::addColumn<QString>("threads");
    QTest::newRow("one thread") << QString();
    QTest::newRow("a worker thread too") << QStringLiteral("thread");
}

void tst_Sending::waitTakesSignalBlockedInEveryThread()
{
    // Issue 10, fault 7: USR1 blocked in every thread (the README's recipe for strict
    // realtime order), a wait on USR1, one USR1 from this process. It timed out, USR1
    // stayed pending and its default action came back. The wait must take it, leave it
    // neither pending nor unblocked, and unblocking afterwards must be harmless.
    QFETCH(QString, threads);
    EdgeProcess helper;
    QStringList args{QStringLiteral("blockedwait")};
    if (!threads.isEmpty())
        args.append(threads);
    QVERIFY(helper.start(args));
    const QString waiting = helper.waitForLine(QStringLiteral("waiting "));
    QVERIFY2(!waiting.isEmpty(), qPrintable(helper.all()));
    QCOMPARE(::kill(pid_t(waiting.mid(8).toInt()), SIGUSR1), 0);
    QCOMPARE(helper.finish(), 0);
    QCOMPARE(helper.lines(), (QStringList{waiting, QStringLiteral("got SIGUSR1 from %1").arg(::getpid()),
                                          QStringLiteral("pending 0 blocked 1 disposition %1").arg(int(Signal::Default)),
                                          QStringLiteral("alive")}));
}

void tst_Sending::waitTakingAPendingSignalStealsNothing()
{
    // Found by issue 15's breaker: a signal already pending (blocked in this thread)
    // when the wait starts is taken with sigtimedwait(), which runs no handler, and the
    // notifiers that watched it got nothing. They get their copy, value included: one
    // notifier here, one in a worker.
    const Signal rt = Signal::realtime(2);
    SignalNotifier here(rt);
    QSignalSpy hereSpy(&here, &SignalNotifier::activated);
    WorkerThread worker;
    SignalNotifier there(rt);
    there.moveToThread(worker.thread());
    QSignalSpy thereSpy(&there, &SignalNotifier::activated);
    QVERIFY(Signal::setBlockedInThisThread({rt}, true));
    const auto unblock = qScopeGuard([rt] { Signal::setBlockedInThisThread({rt}, false); });
    // This thread's own arrival: pending here, and only here, until the wait takes it.
    sigval value;
    value.sival_int = 4242;
    QCOMPARE(::pthread_sigqueue(::pthread_self(), rt.number(), value), 0);
    Error error;
    const auto got = Signal::waitForAny({rt}, QDeadlineTimer(5000), &error);
    QVERIFY2(got.has_value(), qPrintable(error.text()));
    QCOMPARE(got->value(), 4242);
    QTRY_COMPARE(hereSpy.count(), 1);
    QTRY_COMPARE(thereSpy.count(), 1);
    QCOMPARE(hereSpy.at(0).at(0).value<SignalInfo>().value(), 4242);
    QCOMPARE(thereSpy.at(0).at(0).value<SignalInfo>().value(), 4242);
    QMetaObject::invokeMethod(&there, [&there] { there.moveToThread(qApp->thread()); },
                              Qt::BlockingQueuedConnection);
}

void tst_Sending::waitTakesPendingBlockedSignalOnly()
{
    // USR2 and USR1 are pending, blocked in this thread, before a wait on USR2: the wait
    // takes USR2 (as sigtimedwait does), leaves USR1 pending, and the mask as it was.
    QVERIFY(Signal::setBlockedInThisThread({Signal::User1, Signal::User2}, true));
    QCOMPARE(::pthread_kill(::pthread_self(), SIGUSR2), 0);
    QCOMPARE(::pthread_kill(::pthread_self(), SIGUSR1), 0);
    Error error;
    const auto got = Signal::waitForAny({Signal::User2}, QDeadlineTimer(5000), &error);
    sigset_t pending;
    sigemptyset(&pending);
    ::sigpending(&pending);
    const bool usr1Pending = sigismember(&pending, SIGUSR1) == 1;
    const bool usr2Pending = sigismember(&pending, SIGUSR2) == 1;
    const bool usr1Blocked = Signal(Signal::User1).isBlockedInThisThread();
    const bool usr2Blocked = Signal(Signal::User2).isBlockedInThisThread();
    // Clean up before checking: take what is left, then unblock.
    sigset_t both;
    sigemptyset(&both);
    sigaddset(&both, SIGUSR1);
    sigaddset(&both, SIGUSR2);
    const timespec zero = {0, 0};
    while (::sigtimedwait(&both, nullptr, &zero) > 0) {
    }
    Signal::setBlockedInThisThread({Signal::User1, Signal::User2}, false);
    QVERIFY2(got.has_value(), qPrintable(error.text()));
    QCOMPARE(got->signal(), Signal(Signal::User2));
    QCOMPARE(got->senderPid(), qint64(::getpid()));
    QVERIFY(!usr2Pending);
    QVERIFY(usr1Pending);
    QVERIFY(usr1Blocked);
    QVERIFY(usr2Blocked);
}

void tst_Sending::stateOfThisProcess()
{
    SignalNotifier n(Signal::User1);
    const struct sigaction ignore = [] {
        struct sigaction a = {};
        a.sa_handler = SIG_IGN;
        return a;
    }();
    struct sigaction old;
    ::sigaction(SIGWINCH, &ignore, &old);
    QVERIFY(Signal::setBlockedInThisThread({Signal::User2}, true));
    QVERIFY(Signal(Signal::User2).isBlockedInThisThread());
    QVERIFY(Signal(Signal::User2).raise());   // stays pending while blocked

    Error error;
    const QList<SignalState> states = Signal::processState(0, &error);
    QVERIFY2(!states.isEmpty(), qPrintable(error.text()));
    QCOMPARE(states.size(), Signal::validSignals().size());
    auto find = [&](int number) {
        for (const SignalState &s : states) {
            if (s.signal.number() == number)
                return s;
        }
        return SignalState();
    };
    QCOMPARE(find(SIGUSR1).disposition, Signal::Watched);
    QCOMPARE(find(SIGWINCH).disposition, Signal::Ignored);
    QCOMPARE(find(SIGKILL).disposition, Signal::Default);
    QVERIFY(find(SIGUSR2).blocked);
    QVERIFY(find(SIGUSR2).pending);

    // Unblocking delivers it to a watcher, or its default action would end the test.
    SignalNotifier catcher(Signal::User2);
    QSignalSpy spy(&catcher, &SignalNotifier::activated);
    QVERIFY(Signal::setBlockedInThisThread({Signal::User2}, false));
    QTRY_COMPARE(spy.size(), 1);
    ::sigaction(SIGWINCH, &old, nullptr);
}

void tst_Sending::stateOfAnotherProcess()
{
    QProcess child;
    child.setChildProcessModifier([] {
        struct sigaction a = {};
        a.sa_handler = SIG_IGN;
        ::sigaction(SIGUSR1, &a, nullptr);
    });
    child.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"),
                                            QStringLiteral("trap 'echo usr2' USR2; echo ready; read line")});
    QVERIFY(child.waitForReadyRead(10000));
    QCOMPARE(child.readLine().trimmed(), QByteArray("ready"));
    Error error;
    const QList<SignalState> states = Signal::processState(child.processId(), &error);
    QVERIFY2(!states.isEmpty(), qPrintable(error.text()));
    for (const SignalState &s : states) {
        if (s.signal == Signal::User1)
            QCOMPARE(s.disposition, Signal::Ignored);
        if (s.signal == Signal::User2)
            QCOMPARE(s.disposition, Signal::Handled);
    }
    child.closeWriteChannel();
    QVERIFY(child.waitForFinished(10000));
    QVERIFY(Signal::processState(deadPid(), &error).isEmpty());
    QCOMPARE(error.code(), Error::NoSuchProcess);
}

void tst_Sending::maskChangesAllOrNothing_data()
{
    QTest::addColumn<QList<Signal>>("set");
    QTest::addColumn<bool>("block");
    QTest::addColumn<int>("code");            // Error::Code; NoError: it succeeds
    QTest::addColumn<QList<int>>("blockedAfter");
    const int rt = Signal::realtimeMinimum();
    // What the system cannot block is refused, not reported done (sigprocmask(2) skips
    // SIGKILL and SIGSTOP silently), and a set holding one blocks none of the rest.
    QTest::newRow("block Kill") << QList<Signal>{Signal::Kill} << true << int(Error::ForbiddenSignal) << QList<int>{};
    QTest::newRow("block Stop") << QList<Signal>{Signal::Stop} << true << int(Error::ForbiddenSignal) << QList<int>{};
    QTest::newRow("block USR1 + Kill") << QList<Signal>{Signal::User1, Signal::Kill} << true
                                       << int(Error::ForbiddenSignal) << QList<int>{};
    QTest::newRow("block USR2 + Stop + RTMIN") << QList<Signal>{Signal::User2, Signal::Stop, Signal::realtime(0)}
                                               << true << int(Error::ForbiddenSignal) << QList<int>{};
    // Unblocking them is true: they are never blocked.
    QTest::newRow("unblock Kill + Stop") << QList<Signal>{Signal::Kill, Signal::Stop} << false << int(Error::NoError)
                                         << QList<int>{};
    QTest::newRow("block invalid + USR1") << QList<Signal>{Signal::User1, Signal::fromNumber(NSIG)} << true
                                          << int(Error::UnknownSignal) << QList<int>{};
    QTest::newRow("block USR1 + Logoff") << QList<Signal>{Signal::User1, Signal::Logoff} << true
                                         << int(Error::UnsupportedSignal) << QList<int>{};
    QTest::newRow("block nothing") << QList<Signal>{} << true << int(Error::NoError) << QList<int>{};
    // What the system does block, it blocks: faults (a sent one waits), job control,
    // realtime.
    QTest::newRow("block SEGV + FPE") << QList<Signal>{Signal::SegmentationFault, Signal::FloatingPointError}
                                      << true << int(Error::NoError) << QList<int>{SIGSEGV, SIGFPE};
    QTest::newRow("block CONT + TSTP") << QList<Signal>{Signal::Continue, Signal::TerminalStop} << true
                                       << int(Error::NoError) << QList<int>{SIGCONT, SIGTSTP};
    QTest::newRow("block USR1 + RTMIN") << QList<Signal>{Signal::User1, Signal::realtime(0)} << true
                                        << int(Error::NoError) << QList<int>{SIGUSR1, rt};
}

// Real calls, the mask read back from the kernel and from pthread_sigmask, before and after.
void tst_Sending::maskChangesAllOrNothing()
{
    QFETCH(QList<Signal>, set);
    QFETCH(bool, block);
    QFETCH(int, code);
    QFETCH(QList<int>, blockedAfter);
    const quint64 before = threadBlockedMask();
    QCOMPARE(kernelBlockedMask(), before);
    const auto restore = qScopeGuard([before] {
        sigset_t mask;
        sigemptyset(&mask);
        for (int n = 1; n < NSIG && n <= 64; ++n) {
            if (before & (quint64(1) << (n - 1)))
                sigaddset(&mask, n);
        }
        ::pthread_sigmask(SIG_SETMASK, &mask, nullptr);
    });
    Error error;
    const bool ok = Signal::setBlockedInThisThread(set, block, &error);
    QCOMPARE(int(error.code()), code);
    QCOMPARE(ok, code == int(Error::NoError));
    const quint64 expected = before | bitsOf(blockedAfter);
    QCOMPARE(threadBlockedMask(), expected);
    QCOMPARE(kernelBlockedMask(), expected);
    if (!ok) {
        QVERIFY(!error.text().isEmpty());
        if (code == int(Error::ForbiddenSignal))
            QVERIFY2(error.text().contains(QLatin1String("cannot be blocked")), qPrintable(error.text()));
        QVERIFY(!Signal::setBlockedInThisThread(set, block));   // no Error*: no crash
        QCOMPARE(kernelBlockedMask(), before);
    }
    for (Signal s : std::as_const(set)) {
        if (s.number() > 0)
            QCOMPARE(s.isBlockedInThisThread(), blockedAfter.contains(s.number()));
    }
}

void tst_Sending::stopChildGracefully()
{
    QProcess child;
    ProcessStopper::prepare(&child);
    // No traps anywhere: a shell that forked but has not exec'd yet would catch SIGTERM in
    // its trap and lose it. With default actions, the request ends both the shell and the
    // `sleep` it started, which shares the shell's new process group.
    child.start(QStringLiteral("/bin/sh"),
                {QStringLiteral("-c"), QStringLiteral("sleep 60 & echo ready $!; wait")});
    QVERIFY(child.waitForReadyRead(10000));
    const QList<QByteArray> ready = child.readLine().trimmed().split(' ');
    QCOMPARE(ready.value(0), QByteArray("ready"));
    const pid_t grandchild = pid_t(ready.value(1).toInt());
    QVERIFY(grandchild > 0);
    QCOMPARE(::getpgid(pid_t(child.processId())), pid_t(child.processId()));
    QCOMPARE(::getpgid(grandchild), pid_t(child.processId()));
    QCOMPARE_NE(::getpgid(pid_t(child.processId())), ::getpgrp());

    Error error;
    QVERIFY2(ProcessStopper::requestStop(&child, Signal::Terminate, &error), qPrintable(error.text()));
    QVERIFY(child.waitForFinished(10000));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);
    QCOMPARE(child.exitCode(), SIGTERM);
    // The grandchild got it too: gone, or a zombie waiting for its new parent to reap it.
    const auto ended = [grandchild] {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(grandchild));
        if (!stat.open(QIODevice::ReadOnly))
            return true;
        const QByteArray line = stat.readAll();
        return line.mid(line.lastIndexOf(')') + 2, 1) == "Z";
    };
    QTRY_VERIFY_WITH_TIMEOUT(ended(), 10000);

    // Not running any more: a clear refusal, nothing sent.
    QVERIFY(!ProcessStopper::requestStop(&child, Signal::Terminate, &error));
    QCOMPARE(error.code(), Error::NoSuchProcess);
}

void tst_Sending::stopChildRefusesBadSignal_data()
{
    QTest::addColumn<Signal>("how");
    QTest::addColumn<int>("code");
    QTest::newRow("invalid") << Signal() << int(Error::UnknownSignal);
    QTest::newRow("out of range") << Signal::fromNumber(NSIG) << int(Error::UnknownSignal);
    QTest::newRow("Logoff (none here)") << Signal(Signal::Logoff) << int(Error::UnsupportedSignal);
}

// Refused with the code that names the mistake; the child gets nothing and runs on.
void tst_Sending::stopChildRefusesBadSignal()
{
    QFETCH(Signal, how);
    QFETCH(int, code);
    QProcess child;
    ProcessStopper::prepare(&child);
    child.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), QStringLiteral("echo ready; exec sleep 60")});
    QVERIFY(child.waitForReadyRead(10000));
    const auto cleanup = qScopeGuard([&child] {
        child.kill();
        child.waitForFinished(10000);
    });
    Error error;
    QVERIFY(!ProcessStopper::requestStop(&child, how, &error));
    QCOMPARE(int(error.code()), code);
    QVERIFY(!error.text().isEmpty());
    QVERIFY(!child.waitForFinished(200));
    QCOMPARE(child.state(), QProcess::Running);
}

void tst_Sending::nothingIsHeldOnPosix()
{
    // POSIX never ends the process behind the application's back: no hold, no query.
    QVERIFY(!Session::isHolding());
    QVERIFY(Session::holdDeadline().isForever());
    Session::releaseHold();
    QVERIFY(!Session::blockEnd(QStringLiteral("saving")));
    Session::unblockEnd();
}

void tst_Sending::noRestartOnPosix()
{
    // Nothing on POSIX starts a program again after an update: a clear refusal.
    Error error;
    QVERIFY(!Session::registerRestart({QStringLiteral("--restore")}, Session::NoRestartOnCrash, &error));
    QCOMPARE(error.code(), Error::Unsupported);
    QCOMPARE(error.nativeCode(), 0);
    Session::unregisterRestart();
}

void tst_Sending::restartFlagsHaveNames()
{
    // Q_FLAG on the gadget: the flags print and parse by name (qDebug, QML, properties).
    const QMetaEnum flags = QMetaEnum::fromType<Session::RestartFlags>();
    QVERIFY(flags.isFlag());
    QCOMPARE(flags.valueToKeys(int(Session::NoRestartOnCrash | Session::NoRestartOnPatch)),
             QByteArray("NoRestartOnCrash|NoRestartOnPatch"));
    QCOMPARE(flags.keysToValue("NoRestartOnHang|NoRestartOnReboot"),
             int(Session::NoRestartOnHang | Session::NoRestartOnReboot));
}

QTEST_GUILESS_MAIN(tst_Sending)
#include "tst_sending.moc"
