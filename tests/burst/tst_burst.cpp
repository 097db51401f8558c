// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Bursts: where the Qt docs pattern and KSignalHandler freeze (a blocking socket written
// from the handler), we must deliver everything, in order, or count what did not fit.

#include <SignalNotifier/SignalNotifier>

#include "edgeprocess.h"
#include "sanitizers.h"
#include "threadqueue.h"
#include "workerthread.h"

#include <QtCore/qprocess.h>
#include <QtCore/qeventloop.h>
#include <QtCore/qsemaphore.h>
#include <QtCore/qtimer.h>
#include <QtCore/qthread.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

#include <csignal>
#include <memory>
#include <optional>
#include <vector>
#include <unistd.h>
#include <pthread.h>
#include <thread>

using namespace SN;

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

bool runHelper(QProcess &p, const QStringList &args)
{
    p.start(QStringLiteral(SNHELPER_PATH), args);
    return p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

// The largest capacity a channel is given (README "The bounded queue"): 2^20 records.
qsizetype largestCapacity()
{
    return qsizetype(1) << 20;
}

// The documented default (README "The bounded queue").
qsizetype defaultCapacity()
{
    return 32768;
}

} // namespace

class tst_Burst : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void realtimeFromAnotherProcess_data();
    void realtimeFromAnotherProcess();
    void realtimeToSelfBeforeTheLoopRuns();
    void realtimeOrderWithANestedLoopInASlot_data();
    void realtimeOrderWithANestedLoopInASlot();
    void realtimeOrderForEachNotifierWithANestedLoop();
    void aSignalFromAnotherThreadReachesANestedLoop();
    void whatTheOuterTurnReadReachesANestedLoop_data();
    void whatTheOuterTurnReadReachesANestedLoop();
    void whatTheOuterTurnReadReachesANestedLoopInANestedLoop();
    void aNotifierMadeAfterAnArrivalDoesNotGetIt();
    void aSignalAddedToANotifierCountsFromThen();
    void plainBurstThenOneMore();
    void fullQueueCountsAndNeverBlocks();
    void busyReceiverFloodThenOneMore_data();
    void busyReceiverFloodThenOneMore();
    void capacityFromEnvironment_data();
    void capacityFromEnvironment();
    void capacityRecordsReallyFit_data();
    void capacityRecordsReallyFit();
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
        QVERIFY(queueToThisThread(Signal::realtime(3).number(), i));
    }
    QCOMPARE(c.activations, 0);
    QTRY_COMPARE_WITH_TIMEOUT(c.arrivals, quint64(Burst), 30000);
    QVERIFY(c.inOrder);
    QCOMPARE(c.activations, Burst);
}

void tst_Burst::realtimeOrderWithANestedLoopInASlot_data()
{
    QTest::addColumn<bool>("eventLoop");
    QTest::newRow("processEvents()") << false;
    QTest::newRow("a nested QEventLoop (a modal dialog's)") << true;
}

// One thread takes every value, so they come in the kernel's order, even when a slot
// runs a nested loop: 0..4 wait before the loop runs; the slot of 0 queues 10..12 and
// runs a nested loop, which must hand over 1..4 (read already by the outer turn) before
// 10..12. The outside breaker of issue 14 saw 0 10 11 12 1 2 3 4.
void tst_Burst::realtimeOrderWithANestedLoopInASlot()
{
    SN_SKIP_UNDER_TSAN();   // five values queued at once: TSan keeps one of them
    QFETCH(bool, eventLoop);
    const Signal rt = Signal::realtime(5);
    SignalNotifier n(rt);
    QList<int> got;
    QEventLoop nested;
    connect(&n, &SignalNotifier::activated, this, [&](const SignalInfo &i) {
        got.append(i.value());
        if (i.value() == 0) {
            for (int v = 10; v <= 12; ++v)
                QVERIFY(queueToThisThread(rt.number(), v));
            if (eventLoop)
                nested.exec();
            else
                QCoreApplication::processEvents();
        } else if (i.value() == 12 && nested.isRunning()) {
            nested.quit();
        }
    });
    for (int v = 0; v <= 4; ++v)
        QVERIFY(queueToThisThread(rt.number(), v));
    QTRY_COMPARE(got.size(), 8);
    QCOMPARE(got, (QList<int>{0, 1, 2, 3, 4, 10, 11, 12}));
}

// The same with two notifiers of the signal in the thread: the one whose slot does not
// nest must get 0 before the nested loop's values too. The outside breaker of issue 14
// saw B: 0-9 11-199 10 when A's slot ran a nested loop on 10 (glib dispatcher).
void tst_Burst::realtimeOrderForEachNotifierWithANestedLoop()
{
    SN_SKIP_UNDER_TSAN();   // five values queued at once: TSan keeps one of them
    const Signal rt = Signal::realtime(6);
    SignalNotifier a(rt);
    SignalNotifier b(rt);
    QList<int> gotA;
    QList<int> gotB;
    QEventLoop nested;
    connect(&a, &SignalNotifier::activated, this, [&](const SignalInfo &i) {
        gotA.append(i.value());
        if (i.value() == 0) {
            for (int v = 10; v <= 12; ++v)
                QVERIFY(queueToThisThread(rt.number(), v));
            nested.exec();
        }
    });
    connect(&b, &SignalNotifier::activated, this, [&](const SignalInfo &i) {
        gotB.append(i.value());
        if (i.value() == 12 && nested.isRunning())
            nested.quit();
    });
    for (int v = 0; v <= 4; ++v)
        QVERIFY(queueToThisThread(rt.number(), v));
    QTRY_COMPARE(gotB.size(), 8);
    QTRY_COMPARE(gotA.size(), 8);
    const QList<int> expected{0, 1, 2, 3, 4, 10, 11, 12};
    QCOMPARE(gotA, expected);
    QCOMPARE(gotB, expected);
}

// A slot that runs a nested loop (a modal dialog) still gets what arrives meanwhile, also
// when the handler runs on another thread and must wake this one (the burst_qtpoll run:
// a QSocketNotifier on the eventfd). The wake-up must not wait for the outer turn's end.
void tst_Burst::aSignalFromAnotherThreadReachesANestedLoop()
{
    const Signal rt = Signal::realtime(7);
    SignalNotifier n(rt);
    QEventLoop nested;
    bool insideNested = false;
    bool gotOneInside = false;
    std::thread other;
    connect(&n, &SignalNotifier::activated, this, [&](const SignalInfo &i) {
        if (i.value() == 0) {
            // Another thread takes the next one: its handler must wake this thread.
            other = std::thread([&] {
                sigset_t all;
                sigfillset(&all);
                sigdelset(&all, rt.number());
                pthread_sigmask(SIG_SETMASK, &all, nullptr);
                queueToThisThread(rt.number(), 1);
            });
            insideNested = true;
            QTimer::singleShot(10000, &nested, &QEventLoop::quit);   // a failure's way out
            nested.exec();
            insideNested = false;
        } else if (i.value() == 1) {
            gotOneInside = insideNested;
            nested.quit();
        }
    });
    // The thread's dispatcher has started: value 0 wakes the loop the usual way.
    QCoreApplication::processEvents();
    QVERIFY(queueToThisThread(rt.number(), 0));
    QTRY_VERIFY(other.joinable());
    QTRY_VERIFY(!insideNested);
    other.join();
    QVERIFY2(gotOneInside, "the nested loop was not woken for an arrival from another thread");
}

void tst_Burst::whatTheOuterTurnReadReachesANestedLoop_data()
{
    QTest::addColumn<QString>("held");
    // Read with SIGUSR1 in one turn: SIGUSR2's activation waits while SIGUSR1's slot runs.
    QTest::newRow("a standard signal merged in the same turn") << QStringLiteral("merged");
    // Read with value 0 in one turn: value 1 waits in what the turn read.
    QTest::newRow("a realtime value read in the same turn") << QStringLiteral("read");
    // The same arrival for a second notifier, which the first one's slot waits for.
    QTest::newRow("the same arrival for another notifier") << QStringLiteral("notifier");
}

// The last outside breaker of issue 14: a slot that runs a nested loop (a modal dialog)
// until the next signal comes waited, until some unrelated event, for one that the outer
// turn had read already: the channel was empty, so nothing told the nested loop that
// there was something to deliver. Both arrive before the loop runs (handlers on this
// thread), so one turn reads both, every time. Each row failed on the old code, on
// Qt's glib dispatcher and with QT_NO_GLIB=1 (burst_qtpoll).
void tst_Burst::whatTheOuterTurnReadReachesANestedLoop()
{
    QFETCH(QString, held);
    if (held == QLatin1String("read"))
        SN_SKIP_UNDER_TSAN();   // two values queued at once: TSan keeps one of them
    const Signal rt = Signal::realtime(8);
    const Signal first = held == QLatin1String("merged") ? Signal(Signal::User1)
                       : held == QLatin1String("read") ? rt : Signal(Signal::User2);
    SignalNotifier a(first);
    std::optional<SignalNotifier> b;
    if (held == QLatin1String("merged"))
        b.emplace(Signal::User2);
    else if (held == QLatin1String("notifier"))
        b.emplace(Signal::User2);   // attached after `a`: `a` is called first
    QEventLoop nested;
    bool insideNested = false;
    bool gotItInside = false;
    bool nestedRan = false;
    const auto waitInside = [&] {
        nestedRan = true;
        insideNested = true;
        QTimer::singleShot(10000, &nested, &QEventLoop::quit);   // a failure's way out
        nested.exec();
        insideNested = false;
    };
    const auto arrived = [&] {
        gotItInside = insideNested;
        if (insideNested)
            nested.quit();
    };
    connect(&a, &SignalNotifier::activated, this, [&](const SignalInfo &i) {
        if (held == QLatin1String("read") && i.value() == 1)
            arrived();
        else if (!nestedRan)
            waitInside();
    });
    if (b)
        connect(&*b, &SignalNotifier::activated, this, arrived);
    QCoreApplication::processEvents();   // the thread's dispatcher has started
    if (held == QLatin1String("merged")) {
        QVERIFY(Signal(Signal::User1).raise());
        QVERIFY(Signal(Signal::User2).raise());
    } else if (held == QLatin1String("read")) {
        QVERIFY(queueToThisThread(rt.number(), 0));
        QVERIFY(queueToThisThread(rt.number(), 1));
    } else {
        QVERIFY(Signal(Signal::User2).raise());
    }
    QTRY_VERIFY(nestedRan);
    QTRY_VERIFY(!insideNested);
    QVERIFY2(gotItInside, "the nested loop did not get what the outer turn had read");
}

// One level deeper (the second outside breaker of issue 14's fixes, with QT_NO_GLIB=1):
// three signals read in one turn; the slot of each but the last runs a nested loop until
// the next one comes, so the second one's slot runs its loop inside the first one's.
void tst_Burst::whatTheOuterTurnReadReachesANestedLoopInANestedLoop()
{
    const QList<Signal> signals{Signal::User1, Signal::User2, Signal::Hangup};
    std::vector<std::unique_ptr<SignalNotifier>> notifiers;
    QList<int> order;
    QList<QEventLoop *> waiting;
    bool timedOut = false;
    for (int k = 0; k < signals.size(); ++k) {
        notifiers.push_back(std::make_unique<SignalNotifier>(signals[k]));
        connect(notifiers.back().get(), &SignalNotifier::activated, this, [&, k] {
            order.append(k);
            if (!waiting.isEmpty())
                waiting.last()->quit();   // the loop that waited for this one
            if (k + 1 < signals.size()) {
                QEventLoop nested;
                waiting.append(&nested);
                QTimer::singleShot(10000, &nested, [&] {   // a failure's way out
                    timedOut = true;
                    nested.quit();
                });
                nested.exec();
                waiting.removeLast();
            }
        });
    }
    QCoreApplication::processEvents();   // the thread's dispatcher has started
    for (const Signal &s : signals)
        QVERIFY(s.raise());
    QTRY_COMPARE(order.size(), 3);
    QTRY_VERIFY(waiting.isEmpty());
    QCOMPARE(order, (QList<int>{0, 1, 2}));
    QVERIFY2(!timedOut, "a nested loop waited for what the outer turn had read");
}

// The second outside breaker of issue 14's fixes: B, made after an arrival that A had
// not read yet, got it too ("records arrivals from the moment it is made").
void tst_Burst::aNotifierMadeAfterAnArrivalDoesNotGetIt()
{
    SignalNotifier a(Signal::User1);
    int gotA = 0;
    int gotB = 0;
    connect(&a, &SignalNotifier::activated, this, [&] { ++gotA; });
    QCoreApplication::processEvents();   // the thread's dispatcher has started
    QVERIFY(Signal(Signal::User1).raise());   // in the channel, not read yet
    SignalNotifier b(Signal::User1);
    connect(&b, &SignalNotifier::activated, this, [&] { ++gotB; });
    QTRY_COMPARE(gotA, 1);
    QVERIFY(Signal(Signal::User1).raise());   // after B was made: both
    QTRY_COMPARE(gotB, 1);
    QTRY_COMPARE(gotA, 2);
    QCoreApplication::processEvents();
    QCOMPARE(gotB, 1);
}

// The same for a signal added to a notifier's set (watch()): its arrivals from then on.
void tst_Burst::aSignalAddedToANotifierCountsFromThen()
{
    SignalNotifier a(Signal::User1);
    SignalNotifier b(Signal::User2);
    QList<int> gotA;
    int gotB = 0;
    connect(&a, &SignalNotifier::activated, this, [&](const SignalInfo &i) { gotA.append(i.signal().number()); });
    connect(&b, &SignalNotifier::activated, this, [&] { ++gotB; });
    QCoreApplication::processEvents();
    QVERIFY(Signal(Signal::User2).raise());   // B's; A does not watch it yet
    QVERIFY(a.watch(Signal::User2));
    QTRY_COMPARE(gotB, 1);
    QCoreApplication::processEvents();
    QVERIFY(gotA.isEmpty());
    QVERIFY(Signal(Signal::User2).raise());
    QTRY_COMPARE(gotB, 2);
    QTRY_COMPARE(gotA, QList<int>{SIGUSR2});
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

    // The worker's loop is held, for sure before the first value: a worker that still
    // drained while the values came would make room again after some were counted (seen
    // with QT_NO_GLIB=1: 264 delivered after 127, 128..263 counted).
    QSemaphore held, gate;
    thread.post([&] {
        held.release();
        gate.acquire();
    });
    QVERIFY(held.tryAcquire(1, 10000));
    for (int i = 0; i < Burst; ++i) {
        // Thread-directed to the main thread, one at a time: each handler run appends.
        QVERIFY(queueToThisThread(Signal::realtime(1).number(), i));
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

void tst_Burst::busyReceiverFloodThenOneMore_data()
{
    // Capacities below, at, just around, at multiples of and above the per-wake limit
    // (4096 records); each flood is larger than the capacity.
    QTest::addColumn<int>("capacity");   // 0: the default, from no environment
    QTest::addColumn<int>("values");
    QTest::newRow("128") << 128 << 1000;
    QTest::newRow("4095 (rounded up to 4096)") << 4095 << 10000;
    QTest::newRow("4096 (the per-wake limit)") << 4096 << 10000;
    QTest::newRow("4097") << 4097 << 10000;
    QTest::newRow("8192 (2 x limit)") << 8192 << 20000;
    QTest::newRow("16384 (4 x limit)") << 16384 << 20000;
    QTest::newRow("default (issue 10: 40000 values)") << 0 << 40000;
}

void tst_Burst::busyReceiverFloodThenOneMore()
{
    // Issue 10, fault 2: the receiver's main thread is busy while more realtime values
    // arrive than its queue holds, then one TERM. Once it runs its loop again, every
    // value must be delivered or counted, and the TERM must come without further help
    // (the bug: the process never ended until an unrelated signal woke it).
    SN_SKIP_UNDER_TSAN();
    QFETCH(int, capacity);
    QFETCH(int, values);
    EdgeProcess receiver;
    if (capacity)
        receiver.setEnvironment({QStringLiteral("SIGNALNOTIFIER_QUEUE_CAPACITY=%1").arg(capacity)});
    QVERIFY(receiver.start({QStringLiteral("busyflood"), QString::number(values)}));
    const QString ready = receiver.waitForLine(QStringLiteral("ready "));
    const QStringList words = ready.split(u' ');
    QVERIFY2(words.size() == 4, qPrintable(receiver.all()));
    // Exactly what was asked for.
    const qint64 inEffect = words.at(3).toLongLong();
    QCOMPARE(inEffect, capacity ? qint64(capacity) : qint64(defaultCapacity()));
    QVERIFY(inEffect < values);
    QProcess sender;
    QVERIFY(runHelper(sender, {QStringLiteral("sigqueue"), QStringLiteral("RTMIN"), words.at(1),
                               QString::number(values)}));
    QCOMPARE(::kill(pid_t(words.at(1).toInt()), SIGTERM), 0);
    receiver.write("go\n");   // the main thread is free again
    const QString done = receiver.waitForLine(QStringLiteral("done "), 30000);
    QVERIFY2(!done.isEmpty(), qPrintable(receiver.all()));
    const QStringList got = done.split(u' ');
    // "done delivered D counted C duplicates 0 term T"
    QCOMPARE(got.size(), 9);
    const qint64 delivered = got.at(2).toLongLong();
    const qint64 counted = got.at(4).toLongLong();
    QCOMPARE(delivered + counted, qint64(values));
    QVERIFY2(counted > 0, qPrintable(done));   // the flood really overflowed
    QCOMPARE(got.at(6), QStringLiteral("0"));
    QVERIFY(got.at(8).toInt() >= 1);
    QCOMPARE(receiver.waitForLine(QStringLiteral("fds ")), QStringLiteral("fds 0"));
    QCOMPARE(receiver.finish(), 0);
}

void tst_Burst::capacityFromEnvironment_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<qsizetype>("expected");   // -1: the largest the system allows
    QTest::addColumn<bool>("warns");
    const qsizetype def = defaultCapacity();
    QTest::newRow("134217728 (issue 10: became 128)") << QStringLiteral("134217728") << qsizetype(-1) << false;
    QTest::newRow("2^32+1") << QStringLiteral("4294967297") << qsizetype(-1) << false;
    QTest::newRow("2^31") << QStringLiteral("2147483648") << qsizetype(-1) << false;
    QTest::newRow("2^64 (more than 64 bits)") << QStringLiteral("18446744073709551616") << qsizetype(-1) << false;
    QTest::newRow("10^23") << QStringLiteral("99999999999999999999999") << qsizetype(-1) << false;
    QTest::newRow("-1") << QStringLiteral("-1") << def << true;
    QTest::newRow("0") << QStringLiteral("0") << def << true;
    QTest::newRow("junk") << QStringLiteral("lots") << def << true;
    QTest::newRow("64k") << QStringLiteral("64k") << def << true;
    QTest::newRow("' 64'") << QStringLiteral(" 64") << def << true;
    QTest::newRow("+64") << QStringLiteral("+64") << def << true;
    QTest::newRow("0x40") << QStringLiteral("0x40") << def << true;
    QTest::newRow("64, zero-padded to 24 digits") << QStringLiteral("000000000000000000000064") << qsizetype(64) << false;
    QTest::newRow("empty") << QString() << def << false;
    QTest::newRow("4096") << QStringLiteral("4096") << qsizetype(4096) << false;
    QTest::newRow("8192") << QStringLiteral("8192") << qsizetype(8192) << false;
}

void tst_Burst::capacityFromEnvironment()
{
    // Issue 10, fault 9: every size from the environment is validated and clamped.
    QFETCH(QString, value);
    QFETCH(qsizetype, expected);
    QFETCH(bool, warns);
    if (expected < 0)
        expected = largestCapacity();
    EdgeProcess helper;
    helper.setEnvironment({QStringLiteral("SIGNALNOTIFIER_QUEUE_CAPACITY=") + value});
    QVERIFY(helper.start({QStringLiteral("capacity")}));
    QCOMPARE(helper.finish(), 0);
    QCOMPARE(helper.linesStartingWith(QStringLiteral("capacity ")),
             QStringList{QStringLiteral("capacity %1").arg(expected)});
    const QStringList logs = helper.linesStartingWith(QStringLiteral("log "));
    if (warns) {
        QVERIFY2(logs.size() == 1 && logs.at(0).contains(QLatin1String("SIGNALNOTIFIER_QUEUE_CAPACITY")),
                 qPrintable(helper.all()));
    } else {
        QVERIFY2(logs.filter(QStringLiteral("SIGNALNOTIFIER_QUEUE_CAPACITY")).isEmpty() || expected == largestCapacity(),
                 qPrintable(helper.all()));
    }
}

void tst_Burst::capacityRecordsReallyFit_data()
{
    QTest::addColumn<QString>("value");
    QTest::newRow("1") << QStringLiteral("1");
    QTest::newRow("64") << QStringLiteral("64");
    QTest::newRow("128") << QStringLiteral("128");
    QTest::newRow("1000") << QStringLiteral("1000");
    QTest::newRow("4096") << QStringLiteral("4096");
    QTest::newRow("default") << QString();
    QTest::newRow("too large") << QStringLiteral("134217728");
}

void tst_Burst::capacityRecordsReallyFit()
{
    // queueCapacity() is the number of records that fit: capacity + 10 values queued
    // before the loop runs come as exactly `capacity` values and 10 counted.
    SN_SKIP_UNDER_TSAN();
    QFETCH(QString, value);
    EdgeProcess helper;
    helper.setEnvironment({QStringLiteral("SIGNALNOTIFIER_QUEUE_CAPACITY=") + value});
    QVERIFY(helper.start({QStringLiteral("capacity"), QStringLiteral("fit")}));
    QCOMPARE(helper.finish(), 0);
    const QStringList cap = helper.linesStartingWith(QStringLiteral("capacity "));
    QCOMPARE(cap.size(), 1);
    const qint64 capacity = cap.at(0).mid(9).toLongLong();
    QVERIFY(capacity >= 1);
    QCOMPARE(helper.linesStartingWith(QStringLiteral("delivered ")),
             QStringList{QStringLiteral("delivered %1 counted 10").arg(capacity)});
}

QTEST_GUILESS_MAIN(tst_Burst)
#include "tst_burst.moc"
