// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// What the library does to the process's sigaction table: how it installs, chains,
// restores, respects an inherited ignore, sets dispositions, and refuses bad input.

#include <SignalNotifier/SignalNotifier>

#include "workerthread.h"

#include <QtCore/qregularexpression.h>
#include <QtCore/qsemaphore.h>
#include <QtCore/qthread.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <unistd.h>

namespace {

std::atomic<int> g_previousCalls{0};
std::atomic<int> g_previousLastValue{0};

// Runs in signal-handler context: the "someone else's handler" of these tests.
void previousHandler(int, siginfo_t *info, void *)
{
    g_previousCalls.fetch_add(1);
    g_previousLastValue.store(info->si_code == SI_QUEUE ? info->si_value.sival_int : -1);
}

struct sigaction current(int sig)
{
    struct sigaction a;
    ::sigaction(sig, nullptr, &a);
    return a;
}

void setPlain(int sig, void (*what)(int))
{
    struct sigaction a = {};
    a.sa_handler = what;
    sigemptyset(&a.sa_mask);
    ::sigaction(sig, &a, nullptr);
}

bool sameAction(const struct sigaction &a, const struct sigaction &b)
{
    if (a.sa_flags != b.sa_flags)
        return false;
    if ((a.sa_flags & SA_SIGINFO) ? a.sa_sigaction != b.sa_sigaction : a.sa_handler != b.sa_handler)
        return false;
    for (int s = 1; s < NSIG; ++s) {
        if (sigismember(&a.sa_mask, s) != sigismember(&b.sa_mask, s))
            return false;
    }
    return true;
}

} // namespace

class tst_Handler : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void installsWithSigaction();
    void chainsAndRestoresExactly();
    void othersReplacementIsLeftAlone();
    void inheritedIgnoreStays();
    void overrideIgnored();
    void unignoringLetsWatchersIn();
    void dispositionsWhileWatched();
    void dispositionsRefused_data();
    void dispositionsRefused();
    void refusedInputChangesNothing_data();
    void refusedInputChangesNothing();
    void errnoPreserved();
};

void tst_Handler::init()
{
    for (int sig : {SIGUSR1, SIGUSR2, SIGHUP, SIGWINCH})
        setPlain(sig, SIG_DFL);
}

void tst_Handler::installsWithSigaction()
{
    const struct sigaction before = current(SIGUSR1);
    {
        SignalNotifier n(Signal::User1);
        const struct sigaction a = current(SIGUSR1);
        QVERIFY(a.sa_flags & SA_SIGINFO);
        QVERIFY(a.sa_flags & SA_RESTART);
        for (int s = 1; s < NSIG; ++s) {
            if (s != SIGKILL && s != SIGSTOP && s != 32 && s != 33)
                QVERIFY2(sigismember(&a.sa_mask, s) == 1, qPrintable(QString::number(s)));
        }
        QCOMPARE(Signal(Signal::User1).disposition(), Signal::Watched);
        QCOMPARE(Signal(Signal::User1).underlyingDisposition(), Signal::Default);
    }
    QVERIFY(sameAction(current(SIGUSR1), before));
    QCOMPARE(Signal(Signal::User1).disposition(), Signal::Default);
}

void tst_Handler::chainsAndRestoresExactly()
{
    struct sigaction theirs = {};
    theirs.sa_sigaction = previousHandler;
    theirs.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&theirs.sa_mask);
    sigaddset(&theirs.sa_mask, SIGWINCH);
    QCOMPARE(::sigaction(SIGUSR2, &theirs, nullptr), 0);
    const struct sigaction installed = current(SIGUSR2);
    g_previousCalls = 0;

    QCOMPARE(Signal(Signal::User2).disposition(), Signal::Handled);
    {
        SignalNotifier a(Signal::User2);
        SignalNotifier b(Signal::User2);
        QSignalSpy spy(&a, &SignalNotifier::activated);
        QCOMPARE(Signal(Signal::User2).disposition(), Signal::Watched);
        QCOMPARE(Signal(Signal::User2).underlyingDisposition(), Signal::Handled);
        QVERIFY(Signal(Signal::User2).sendValue(::getpid(), 99));
        QTRY_COMPARE(spy.size(), 1);
        QCOMPARE(g_previousCalls.load(), 1);           // theirs still ran, once
        QCOMPARE(g_previousLastValue.load(), 99);      // with the real siginfo
        QCOMPARE(spy.at(0).at(0).value<SignalInfo>().value(), 99);
    }
    // The last watcher gone: exactly their action is back, flags and mask included.
    QVERIFY(sameAction(current(SIGUSR2), installed));
    QVERIFY(Signal(Signal::User2).raise());
    QCOMPARE(g_previousCalls.load(), 2);
}

void tst_Handler::othersReplacementIsLeftAlone()
{
    auto *n = new SignalNotifier(Signal::User1);
    // Another library installs its own handler over ours while we watch...
    struct sigaction theirs = {};
    theirs.sa_sigaction = previousHandler;
    theirs.sa_flags = SA_SIGINFO;
    sigemptyset(&theirs.sa_mask);
    QCOMPARE(::sigaction(SIGUSR1, &theirs, nullptr), 0);
    const struct sigaction installed = current(SIGUSR1);   // as the kernel keeps it
    delete n;
    // ...so going away must not clobber it with what was there before us.
    QVERIFY(sameAction(current(SIGUSR1), installed));
}

void tst_Handler::inheritedIgnoreStays()
{
    setPlain(SIGHUP, SIG_IGN);   // as under nohup
    {
        SignalNotifier n({Signal::Hangup, Signal::User1});
        QSignalSpy spy(&n, &SignalNotifier::activated);
        QCOMPARE(n.error(), Signal::NoError);
        QCOMPARE(n.keptIgnored(), QList<Signal>{Signal::Hangup});
        QCOMPARE(Signal(Signal::Hangup).disposition(), Signal::Ignored);
        QVERIFY(Signal(Signal::Hangup).raise());   // ignored by the kernel: no record
        QVERIFY(Signal(Signal::User1).raise());
        QTRY_COMPARE(spy.size(), 1);
        QCOMPARE(spy.at(0).at(0).value<SignalInfo>().signal(), Signal(Signal::User1));
    }
    QVERIFY(current(SIGHUP).sa_handler == SIG_IGN);
}

void tst_Handler::overrideIgnored()
{
    setPlain(SIGHUP, SIG_IGN);
    {
        SignalNotifier n;
        n.setOverrideIgnored(true);
        QVERIFY(n.setWatchedSignals({Signal::Hangup}));
        QVERIFY(n.keptIgnored().isEmpty());
        QSignalSpy spy(&n, &SignalNotifier::activated);
        QCOMPARE(Signal(Signal::Hangup).disposition(), Signal::Watched);
        QCOMPARE(Signal(Signal::Hangup).underlyingDisposition(), Signal::Ignored);
        QVERIFY(Signal(Signal::Hangup).raise());
        QTRY_COMPARE(spy.size(), 1);
    }
    QVERIFY(current(SIGHUP).sa_handler == SIG_IGN);   // and the ignore comes back
}

void tst_Handler::unignoringLetsWatchersIn()
{
    setPlain(SIGHUP, SIG_IGN);
    SignalNotifier n(Signal::Hangup);
    QSignalSpy spy(&n, &SignalNotifier::activated);
    QCOMPARE(Signal(Signal::Hangup).disposition(), Signal::Ignored);
    // The program says explicitly that HUP should do its default: the watcher gets it.
    QVERIFY(Signal(Signal::Hangup).setDisposition(Signal::Default));
    QCOMPARE(Signal(Signal::Hangup).disposition(), Signal::Watched);
    QVERIFY(Signal(Signal::Hangup).raise());
    QTRY_COMPARE(spy.size(), 1);
}

void tst_Handler::dispositionsWhileWatched()
{
    {
        SignalNotifier n(Signal::WindowChanged);
        QSignalSpy spy(&n, &SignalNotifier::activated);
        QVERIFY(Signal(Signal::WindowChanged).setDisposition(Signal::Ignored));
        QCOMPARE(Signal(Signal::WindowChanged).disposition(), Signal::Watched);
        QCOMPARE(Signal(Signal::WindowChanged).underlyingDisposition(), Signal::Ignored);
        QVERIFY(Signal(Signal::WindowChanged).raise());   // the watcher still receives
        QTRY_COMPARE(spy.size(), 1);
    }
    QCOMPARE(Signal(Signal::WindowChanged).disposition(), Signal::Ignored);
    QVERIFY(Signal(Signal::WindowChanged).setDisposition(Signal::Default));
    QVERIFY(current(SIGWINCH).sa_handler == SIG_DFL);
}

void tst_Handler::dispositionsRefused_data()
{
    QTest::addColumn<Signal>("signal");
    QTest::addColumn<int>("disposition");
    QTest::addColumn<int>("error");
    QTest::newRow("KILL ignored") << Signal::fromNumber(SIGKILL) << int(Signal::Ignored) << int(Signal::ForbiddenSignal);
    QTest::newRow("STOP default") << Signal::fromNumber(SIGSTOP) << int(Signal::Default) << int(Signal::ForbiddenSignal);
    QTest::newRow("SEGV ignored") << Signal::fromNumber(SIGSEGV) << int(Signal::Ignored) << int(Signal::ForbiddenSignal);
    QTest::newRow("USR1 watched") << Signal(Signal::User1) << int(Signal::Watched) << int(Signal::InvalidArgument);
    QTest::newRow("invalid") << Signal() << int(Signal::Default) << int(Signal::UnknownSignal);
    QTest::newRow("Logoff") << Signal(Signal::Logoff) << int(Signal::Ignored) << int(Signal::UnknownSignal);
}

void tst_Handler::dispositionsRefused()
{
    QFETCH(Signal, signal);
    QFETCH(int, disposition);
    QFETCH(int, error);
    QString text;
    QVERIFY(!signal.setDisposition(Signal::Disposition(disposition), &text));
    QCOMPARE(text, Signal::errorText(Signal::Error(error), signal));
    QCOMPARE(Signal(Signal::User1).disposition(), Signal::Default);
}

void tst_Handler::refusedInputChangesNothing_data()
{
    QTest::addColumn<QList<Signal>>("watched");
    QTest::addColumn<int>("error");
    QTest::newRow("KILL") << QList<Signal>{Signal::fromNumber(SIGKILL)} << int(Signal::ForbiddenSignal);
    QTest::newRow("STOP") << QList<Signal>{Signal::fromNumber(SIGSTOP)} << int(Signal::ForbiddenSignal);
    QTest::newRow("SEGV") << QList<Signal>{Signal::fromNumber(SIGSEGV)} << int(Signal::ForbiddenSignal);
    QTest::newRow("BUS") << QList<Signal>{Signal::fromNumber(SIGBUS)} << int(Signal::ForbiddenSignal);
    QTest::newRow("ILL") << QList<Signal>{Signal::fromNumber(SIGILL)} << int(Signal::ForbiddenSignal);
    QTest::newRow("FPE") << QList<Signal>{Signal::fromNumber(SIGFPE)} << int(Signal::ForbiddenSignal);
    QTest::newRow("invalid") << QList<Signal>{Signal()} << int(Signal::UnknownSignal);
    QTest::newRow("out of range") << QList<Signal>{Signal::fromNumber(200)} << int(Signal::UnknownSignal);
    QTest::newRow("USR1 then KILL") << QList<Signal>{Signal::User1, Signal::fromNumber(SIGKILL)}
                                    << int(Signal::ForbiddenSignal);
}

void tst_Handler::refusedInputChangesNothing()
{
    QFETCH(QList<Signal>, watched);
    QFETCH(int, error);
    const struct sigaction before = current(SIGUSR1);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("cannot be watched|unknown signal")));
    SignalNotifier n(watched);
    QCOMPARE(int(n.error()), error);
    QVERIFY(!n.errorString().isEmpty());
    QVERIFY(n.watchedSignals().isEmpty());   // all or nothing
    QVERIFY(sameAction(current(SIGUSR1), before));
    // A good set afterwards works and clears the error.
    QVERIFY(n.setWatchedSignals({Signal::User1}));
    QCOMPARE(n.error(), Signal::NoError);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("cannot be watched|unknown signal")));
    QVERIFY(!n.setWatchedSignals(watched));
    QCOMPARE(n.watchedSignals(), QList<Signal>{Signal::User1});   // kept what it had
}

void tst_Handler::errnoPreserved()
{
    // A tiny queue makes the handler's own writes fail with EAGAIN: it must still leave
    // errno as the interrupted code had it.
    qputenv("SIGNALNOTIFIER_QUEUE_CAPACITY", "1");
    WorkerThread thread;
    SignalNotifier *n = nullptr;
    thread.run([&] { n = new SignalNotifier(Signal::User1); });
    qunsetenv("SIGNALNOTIFIER_QUEUE_CAPACITY");
    QSemaphore gate;
    thread.post([&] { gate.acquire(); });   // the worker does not drain
    for (int i = 0; i < 2000; ++i) {
        errno = EDOM;
        ::raise(SIGUSR1);
        QCOMPARE(errno, EDOM);
    }
    gate.release();
    thread.run([&] { delete n; });
}

QTEST_GUILESS_MAIN(tst_Handler)
#include "tst_handler.moc"
