// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Delivery: what an activation carries, which thread it comes in, several notifiers,
// single-shot, enabling, moving between threads, and the slots that delete things.

#include <SignalNotifier/SignalNotifier>

#include "workerthread.h"

#include <QtCore/qsemaphore.h>
#include <QtCore/qthread.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

#include <csignal>
#include <memory>
#include <thread>
#include <sys/wait.h>
#include <unistd.h>

namespace {

// A thread with its own event loop and a notifier living in it.
struct Worker
{
    WorkerThread thread;
    SignalNotifier *notifier = nullptr;

    explicit Worker(const QList<Signal> &watched)
    {
        thread.run([this, watched] { notifier = new SignalNotifier(watched); });
    }
    ~Worker()
    {
        thread.run([this] { delete notifier; });
    }
};

SignalInfo infoAt(const QSignalSpy &spy, qsizetype i)
{
    return spy.at(i).at(0).value<SignalInfo>();
}

} // namespace

class tst_Notifier : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void carriesSenderAndCode();
    void carriesQueuedValue();
    void carriesChildStatus();
    void notDeliveredSynchronously();
    void severalNotifiersOneSignal();
    void severalThreads();
    void workerReceivesWhileMainBlocked();
    void twoSignalsWhileBlocked();
    void singleShot();
    void disableAndEnable();
    void watchUnwatchAndProperties();
    void moveToThread();
    void deleteInSlot();
    void deleteOtherInSlot();
    void allRealtimeSignals();
    void noEventLoopIsAnError();
};

void tst_Notifier::carriesSenderAndCode()
{
    SignalNotifier n(Signal::User1);
    QSignalSpy spy(&n, &SignalNotifier::activated);
    QVERIFY(Signal(Signal::User1).send(::getpid()));
    QTRY_COMPARE(spy.size(), 1);
    const SignalInfo info = infoAt(spy, 0);
    QCOMPARE(info.signal(), Signal(Signal::User1));
    QCOMPARE(info.code(), SI_USER);
    QCOMPARE(info.codeName(), QStringLiteral("SI_USER"));
    QVERIFY(info.hasSender());
    QCOMPARE(info.senderPid(), qint64(::getpid()));
    QCOMPARE(info.senderUid(), qint64(::getuid()));
    QVERIFY(!info.hasValue());
    QCOMPARE(info.count(), 1u);
    QVERIFY(!info.isOverflow());
}

void tst_Notifier::carriesQueuedValue()
{
    SignalNotifier n(Signal::realtime(2));
    QSignalSpy spy(&n, &SignalNotifier::activated);
    QVERIFY(Signal::realtime(2).sendValue(::getpid(), -12345));
    QTRY_COMPARE(spy.size(), 1);
    const SignalInfo info = infoAt(spy, 0);
    QCOMPARE(info.code(), SI_QUEUE);
    QVERIFY(info.hasValue());
    QCOMPARE(info.value(), -12345);
    QCOMPARE(info.senderPid(), qint64(::getpid()));
}

void tst_Notifier::carriesChildStatus()
{
    SignalNotifier n(Signal::Child);
    QSignalSpy spy(&n, &SignalNotifier::activated);
    const pid_t child = ::fork();
    if (child == 0)
        ::_exit(7);
    QTRY_VERIFY(!spy.isEmpty());
    const SignalInfo info = infoAt(spy, spy.size() - 1);
    QCOMPARE(info.code(), CLD_EXITED);
    QCOMPARE(info.senderPid(), qint64(child));
    QVERIFY(info.hasChildStatus());
    QCOMPARE(info.childStatus(), 7);
    int status = 0;
    QCOMPARE(::waitpid(child, &status, 0), child);
}

void tst_Notifier::notDeliveredSynchronously()
{
    // Delivery is through the event loop, never from inside the handler.
    SignalNotifier n(Signal::User2);
    QSignalSpy spy(&n, &SignalNotifier::activated);
    QVERIFY(Signal(Signal::User2).raise());
    QCOMPARE(spy.size(), 0);
    QTRY_COMPARE(spy.size(), 1);
}

void tst_Notifier::severalNotifiersOneSignal()
{
    SignalNotifier a(Signal::User1), b(Signal::User1), c({Signal::User2, Signal::User1});
    QSignalSpy sa(&a, &SignalNotifier::activated), sb(&b, &SignalNotifier::activated),
        sc(&c, &SignalNotifier::activated);
    QVERIFY(Signal(Signal::User1).raise());
    QTRY_COMPARE(sa.size(), 1);
    QTRY_COMPARE(sb.size(), 1);
    QTRY_COMPARE(sc.size(), 1);
    // Each gets exactly its own activation, not the others'.
    QVERIFY(Signal(Signal::User2).raise());
    QTRY_COMPARE(sc.size(), 2);
    QCOMPARE(sa.size(), 1);
    QCOMPARE(sb.size(), 1);
}

void tst_Notifier::severalThreads()
{
    Worker w1({Signal::User1}), w2({Signal::User1});
    SignalNotifier here(Signal::User1);
    QAtomicPointer<QThread> seen1, seen2;
    QAtomicInt n1 = 0, n2 = 0;
    connect(w1.notifier, &SignalNotifier::activated, w1.notifier, [&] { seen1 = QThread::currentThread(); n1.ref(); });
    connect(w2.notifier, &SignalNotifier::activated, w2.notifier, [&] { seen2 = QThread::currentThread(); n2.ref(); });
    QSignalSpy spy(&here, &SignalNotifier::activated);
    QVERIFY(Signal(Signal::User1).send(::getpid()));
    QTRY_COMPARE(spy.size(), 1);
    QTRY_COMPARE(n1.loadRelaxed(), 1);
    QTRY_COMPARE(n2.loadRelaxed(), 1);
    QCOMPARE(seen1.loadRelaxed(), w1.thread.thread());   // emitted in the thread it lives in
    QCOMPARE(seen2.loadRelaxed(), w2.thread.thread());
}

void tst_Notifier::workerReceivesWhileMainBlocked()
{
    Worker worker({Signal::User2});
    QSemaphore received;
    connect(worker.notifier, &SignalNotifier::activated, worker.notifier, [&] { received.release(); },
            Qt::DirectConnection);
    QVERIFY(Signal(Signal::User2).send(::getpid()));
    // The main thread does not return to its loop here: only the worker's loop runs.
    QVERIFY(received.tryAcquire(1, 10000));
}

void tst_Notifier::twoSignalsWhileBlocked()
{
    SignalNotifier n({Signal::User1, Signal::User2});
    QSignalSpy spy(&n, &SignalNotifier::activated);
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGUSR2);
    QCOMPARE(pthread_sigmask(SIG_BLOCK, &set, &old), 0);
    QVERIFY(Signal(Signal::User1).raise());   // thread-directed: pending on this thread
    QVERIFY(Signal(Signal::User2).raise());
    QCoreApplication::processEvents();
    QCOMPARE(spy.size(), 0);
    QCOMPARE(pthread_sigmask(SIG_SETMASK, &old, nullptr), 0);
    QTRY_COMPARE(spy.size(), 2);
    QSet<int> got{infoAt(spy, 0).signal().number(), infoAt(spy, 1).signal().number()};
    QCOMPARE(got, (QSet<int>{SIGUSR1, SIGUSR2}));
}

void tst_Notifier::singleShot()
{
    SignalNotifier n(Signal::User1);
    n.setSingleShot(true);
    QSignalSpy spy(&n, &SignalNotifier::activated);
    QSignalSpy enabled(&n, &SignalNotifier::enabledChanged);
    SignalNotifier other(Signal::User2);   // a marker that the loop went round
    QSignalSpy marker(&other, &SignalNotifier::activated);

    QVERIFY(Signal(Signal::User1).raise());
    QTRY_COMPARE(spy.size(), 1);
    QVERIFY(!n.isEnabled());
    QCOMPARE(enabled.size(), 1);
    // Let go: USR1 is back to its default action... which would end the test. Instead
    // check the disposition, then watch again to prove the next one is delivered anew.
    QCOMPARE(Signal(Signal::User1).disposition(), Signal::Default);
    n.setEnabled(true);
    QCOMPARE(Signal(Signal::User1).disposition(), Signal::Watched);
    QVERIFY(Signal(Signal::User1).raise());
    QVERIFY(Signal(Signal::User2).raise());
    QTRY_COMPARE(marker.size(), 1);
    QCOMPARE(spy.size(), 2);
}

void tst_Notifier::disableAndEnable()
{
    SignalNotifier keep(Signal::User2);   // keeps the loop honest: proves rounds happened
    QSignalSpy marker(&keep, &SignalNotifier::activated);
    SignalNotifier n({Signal::User1, Signal::User2});
    QSignalSpy spy(&n, &SignalNotifier::activated);
    QCOMPARE(Signal(Signal::User1).disposition(), Signal::Watched);
    n.setEnabled(false);
    QVERIFY(!n.isEnabled());
    QCOMPARE(Signal(Signal::User1).disposition(), Signal::Default);   // let go
    QCOMPARE(Signal(Signal::User2).disposition(), Signal::Watched);   // still held by `keep`
    QVERIFY(Signal(Signal::User2).raise());
    QTRY_COMPARE(marker.size(), 1);
    QCOMPARE(spy.size(), 0);   // a disabled notifier is not activated
    n.setEnabled(true);
    QVERIFY(Signal(Signal::User1).raise());
    QTRY_COMPARE(spy.size(), 1);
}

void tst_Notifier::watchUnwatchAndProperties()
{
    SignalNotifier n;
    QSignalSpy changed(&n, &SignalNotifier::watchedSignalsChanged);
    QVERIFY(n.watchedSignals().isEmpty());
    QVERIFY(n.watch(Signal::User1));
    QVERIFY(n.watch(Signal::User1));   // already watched: no change
    QCOMPARE(changed.size(), 1);
    QVERIFY(n.watch(Signal::realtime(1)));
    QCOMPARE(n.watchedSignals(), (QList<Signal>{Signal::User1, Signal::realtime(1)}));
    QCOMPARE(n.property("watchedSignals").value<QList<Signal>>().size(), 2);
    QVERIFY(n.unwatch(Signal::User1));
    QCOMPARE(Signal(Signal::User1).disposition(), Signal::Default);
    QCOMPARE(Signal::realtime(1).disposition(), Signal::Watched);
    QVERIFY(n.setProperty("enabled", false));
    QCOMPARE(Signal::realtime(1).disposition(), Signal::Default);
    QVERIFY(n.setWatchedSignals({}));
    QVERIFY(n.watchedSignals().isEmpty());
}

void tst_Notifier::moveToThread()
{
    QThread thread;
    thread.start();
    auto *n = new SignalNotifier(Signal::User1);
    QAtomicPointer<QThread> seen;
    QSemaphore got;
    connect(n, &SignalNotifier::activated, n, [&] { seen = QThread::currentThread(); got.release(); });
    n->moveToThread(&thread);
    QCOMPARE(Signal(Signal::User1).disposition(), Signal::Watched);   // held across the move
    // Re-arming happens in the new thread's loop; keep sending until it answers.
    QVERIFY(QTest::qWaitFor([&] {
        Signal(Signal::User1).send(::getpid());
        return got.tryAcquire(1, 50);
    }, 10000));
    QCOMPARE(seen.loadRelaxed(), &thread);
    QMetaObject::invokeMethod(n, [n] { delete n; }, Qt::BlockingQueuedConnection);
    QCOMPARE(Signal(Signal::User1).disposition(), Signal::Default);
    thread.quit();
    thread.wait();
}

void tst_Notifier::deleteInSlot()
{
    auto *a = new SignalNotifier(Signal::User1);
    SignalNotifier b(Signal::User1);
    QSignalSpy sb(&b, &SignalNotifier::activated);
    connect(a, &SignalNotifier::activated, this, [a] { delete a; });
    QVERIFY(Signal(Signal::User1).raise());
    QTRY_COMPARE(sb.size(), 1);
    QVERIFY(Signal(Signal::User1).raise());   // still watched by b
    QTRY_COMPARE(sb.size(), 2);
}

void tst_Notifier::deleteOtherInSlot()
{
    // The first notifier's slot deletes the second and the last: the dispatcher must
    // survive its own last notifier going away mid-delivery.
    auto *a = new SignalNotifier(Signal::User2);
    auto *b = new SignalNotifier(Signal::User2);
    QSignalSpy sb(b, &SignalNotifier::activated);
    bool ran = false;
    connect(a, &SignalNotifier::activated, this, [&] {
        ran = true;
        delete b;
        delete a;
    });
    QVERIFY(Signal(Signal::User2).raise());
    QTRY_VERIFY(ran);
    QCOMPARE(Signal(Signal::User2).disposition(), Signal::Default);
    // A new notifier in the same thread works after its predecessor dispatcher died.
    SignalNotifier c(Signal::User2);
    QSignalSpy sc(&c, &SignalNotifier::activated);
    QVERIFY(Signal(Signal::User2).raise());
    QTRY_COMPARE(sc.size(), 1);
}

void tst_Notifier::allRealtimeSignals()
{
    QList<Signal> all;
    for (int n = Signal::realtimeMinimum(); n <= Signal::realtimeMaximum(); ++n)
        all.append(Signal::fromNumber(n));
    SignalNotifier n(all);
    QCOMPARE(n.error(), Signal::NoError);
    QSignalSpy spy(&n, &SignalNotifier::activated);
    for (qsizetype i = 0; i < all.size(); ++i)
        QVERIFY(all.at(i).sendValue(::getpid(), int(i)));
    QTRY_COMPARE(spy.size(), all.size());
    for (qsizetype i = 0; i < all.size(); ++i) {
        // The kernel delivers lower realtime numbers first; values ride along.
        QCOMPARE(infoAt(spy, i).signal(), all.at(i));
        QCOMPARE(infoAt(spy, i).value(), int(i));
    }
}

void tst_Notifier::noEventLoopIsAnError()
{
    Signal::Error error = Signal::NoError;
    QString text;
    std::thread plain([&] {
        SignalNotifier n(Signal::User1);   // a thread Qt never gave an event loop
        error = n.error();
        text = n.errorString();
    });
    plain.join();
    QCOMPARE(error, Signal::NoEventLoop);
    QVERIFY(text.contains(QLatin1String("event loop")));
    QCOMPARE(Signal(Signal::User1).disposition(), Signal::Default);
}

QTEST_GUILESS_MAIN(tst_Notifier)
#include "tst_notifier.moc"
