// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Bursts: where the Qt docs pattern and KSignalHandler freeze (a blocking socket written
// from the handler), we must deliver everything, in order, or count what did not fit.

#include <SignalNotifier/SignalNotifier>

#include "sanitizers.h"
#include "workerthread.h"

#include <QtCore/qprocess.h>
#include <QtCore/qsemaphore.h>
#include <QtCore/qthread.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

#include <csignal>
#include <sys/syscall.h>
#include <unistd.h>

namespace {

constexpr int Burst = 10000;

// Collects activations of one notifier; checks realtime values come in order.
struct Collector
{
    quint64 arrivals = 0;        // sum of count()
    quint64 overflowed = 0;
    qsizetype activations = 0;
    int nextValue = 0;
    bool inOrder = true;

    void take(const SignalInfo &info)
    {
        ++activations;
        arrivals += info.count();
        if (info.isOverflow()) {
            overflowed += info.count();
            return;
        }
        if (info.hasValue()) {
            if (info.value() != nextValue && inOrder) {
                inOrder = false;
                qWarning("out of order: %d after %d", info.value(), nextValue - 1);
            }
            nextValue = info.value() + 1;
        }
    }
};

// Queues a realtime value to this very thread: in a process with several threads
// (QTest has a watchdog), only a thread-directed signal has a known taker.
bool queueToThisThread(Signal sig, int value)
{
    siginfo_t info = {};
    info.si_signo = sig.number();
    info.si_code = SI_QUEUE;
    info.si_pid = ::getpid();
    info.si_uid = ::getuid();
    info.si_value.sival_int = value;
    return ::syscall(SYS_rt_tgsigqueueinfo, ::getpid(), ::gettid(), info.si_signo, &info) == 0;
}

bool runHelper(QProcess &p, const QStringList &args)
{
    p.start(QStringLiteral(SNHELPER_PATH), args);
    return p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

} // namespace

class tst_Burst : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void realtimeFromAnotherProcess_data();
    void realtimeFromAnotherProcess();
    void realtimeToSelfBeforeTheLoopRuns();
    void plainBurstThenOneMore();
    void fullQueueCountsAndNeverBlocks();
};

void tst_Burst::realtimeFromAnotherProcess_data()
{
    QTest::addColumn<QString>("role");
    QTest::newRow("one thread") << QStringLiteral("rtreceive");
    QTest::newRow("two threads, strict recipe") << QStringLiteral("rtreceive-strict");
}

void tst_Burst::realtimeFromAnotherProcess()
{
    // The receiver is a process of its own: QTest's watchdog thread would otherwise be
    // a second thread that may take signals (see Signal::setBlockedInThisThread()).
    SN_SKIP_UNDER_TSAN();
    QFETCH(QString, role);
    QProcess receiver;
    receiver.start(QStringLiteral(SNHELPER_PATH), {role, QString::number(Burst)});
    QVERIFY(receiver.waitForReadyRead(10000));
    const QByteArray ready = receiver.readLine().trimmed();
    QVERIFY2(ready.startsWith("ready "), ready.constData());
    QProcess sender;
    QVERIFY(runHelper(sender, {QStringLiteral("sigqueue"), QStringLiteral("RTMIN"),
                               QString::fromLatin1(ready.mid(6)), QString::number(Burst)}));
    QVERIFY(receiver.waitForFinished(30000));
    QCOMPARE(receiver.exitCode(), 0);
    const QStringList lines = QString::fromUtf8(receiver.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.value(0), QStringLiteral("received %1 inorder 1 overflow 0").arg(Burst));
    if (role.endsWith(QLatin1String("strict")))
        QCOMPARE(lines.value(1), QStringLiteral("worker %1 inorder 1").arg(Burst));
}

void tst_Burst::realtimeToSelfBeforeTheLoopRuns()
{
    // All 10,000 arrive while the loop does not run: the queue holds them.
    SN_SKIP_UNDER_TSAN();
    QVERIFY(SignalNotifier::queueCapacity() >= Burst);
    SignalNotifier n(Signal::realtime(3));
    Collector c;
    connect(&n, &SignalNotifier::activated, this, [&](const SignalInfo &i) { c.take(i); });
    for (int i = 0; i < Burst; ++i) {
        QVERIFY(queueToThisThread(Signal::realtime(3), i));
    }
    QCOMPARE(c.activations, 0);
    QTRY_COMPARE_WITH_TIMEOUT(c.arrivals, quint64(Burst), 30000);
    QVERIFY(c.inOrder);
    QCOMPARE(c.activations, Burst);
}

void tst_Burst::plainBurstThenOneMore()
{
    SignalNotifier n({Signal::User1, Signal::User2});
    quint64 usr1 = 0;
    int usr2 = 0;
    connect(&n, &SignalNotifier::activated, this, [&](const SignalInfo &i) {
        if (i.signal() == Signal::User1)
            usr1 += i.count();
        else
            ++usr2;
    });
    QProcess sender;
    QVERIFY(runHelper(sender, {QStringLiteral("kill"), QStringLiteral("USR1"),
                               QString::number(::getpid()), QString::number(Burst)}));
    QVERIFY(Signal(Signal::User2).send(::getpid()));   // the one more
    QTRY_COMPARE(usr2, 1);
    // Standard signals coalesce in the kernel; what we saw is counted, at least one.
    QVERIFY(usr1 >= 1);
    QVERIFY(usr1 <= quint64(Burst));
}

void tst_Burst::fullQueueCountsAndNeverBlocks()
{
    // A worker with a tiny queue is kept from draining while 10,000 realtime signals
    // and one USR2 arrive. The handler must not block (the test would hang), and every
    // arrival must be delivered or counted.
    SN_SKIP_UNDER_TSAN();
    qputenv("SIGNALNOTIFIER_QUEUE_CAPACITY", "128");
    WorkerThread thread;
    SignalNotifier *n = nullptr;
    Collector c;
    int usr2 = 0;
    quint64 usr2Overflowed = 0;
    QSemaphore done;
    thread.run([&] {
        n = new SignalNotifier({Signal::realtime(1), Signal::User2});
        connect(n, &SignalNotifier::activated, n, [&](const SignalInfo &i) {
            if (i.signal() == Signal::User2) {
                ++usr2;
                usr2Overflowed += i.isOverflow() ? i.count() : 0;
                done.release();
            } else {
                c.take(i);
            }
        });
    });
    qunsetenv("SIGNALNOTIFIER_QUEUE_CAPACITY");
    qsizetype capacity = 0;
    thread.run([&] { capacity = SignalNotifier::queueCapacity(); });
    QVERIFY(capacity < Burst);

    QSemaphore gate;
    thread.post([&] { gate.acquire(); });   // the worker's loop is held
    for (int i = 0; i < Burst; ++i) {
        // Thread-directed to the main thread, one at a time: each handler run appends.
        QVERIFY(queueToThisThread(Signal::realtime(1), i));
    }
    QVERIFY(Signal(Signal::User2).raise());
    gate.release();
    QVERIFY(done.tryAcquire(1, 30000));
    thread.run([] {});   // let it finish the turn

    QCOMPARE(usr2, 1);
    QCOMPARE(c.arrivals, quint64(Burst));     // delivered + counted == sent
    QVERIFY(c.overflowed > 0);
    QVERIFY(c.inOrder);                        // what was delivered came in order
    QCOMPARE(quint64(c.nextValue) + c.overflowed, quint64(Burst));
    quint64 reported = 0;
    thread.run([&] { reported = n->overflowCount(); delete n; });
    QCOMPARE(reported, c.overflowed + usr2Overflowed);   // USR2 found the queue full too
}

QTEST_GUILESS_MAIN(tst_Burst)
#include "tst_burst.moc"
