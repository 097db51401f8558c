// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// A signal sent to one thread (Signal::sendToThread, Python's pthread_kill) and whether it
// interrupts the blocking call it lands in (SignalNotifier::interruptsBlockingCalls,
// Python's siginterrupt): a worker QThread blocked in a real read() on a pipe, a real
// signal sent to that thread, the read's outcome seen by the worker.

#include <SignalNotifier/SignalNotifier>

#include <QtCore/qfile.h>
#include <QtCore/qthread.h>
#include <QtCore/qscopeguard.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <memory>
#include <pthread.h>
#include <thread>
#include <unistd.h>
#if defined(__linux__)
#  include <sys/syscall.h>
#endif

using namespace SN;

namespace {

// A worker QThread that makes one blocking read() on a pipe and keeps what it returned.
class Reader : public QThread
{
public:
    Reader()
    {
        QVERIFY(::pipe2(fds, O_CLOEXEC) == 0);
    }
    ~Reader() override
    {
        if (isRunning()) {
            // Unblocks a read that a failed test left waiting.
            const char c = 'x';
            (void)!::write(fds[1], &c, 1);
        }
        wait();
        ::close(fds[0]);
        ::close(fds[1]);
    }

    std::atomic<Qt::HANDLE> id{nullptr};
    std::atomic<bool> idIsPthread{false};
    std::atomic<long> kernelId{0};
    std::atomic<long> result{0};
    std::atomic<int> error{0};
    char buffer[16] = {};
    int fds[2] = {-1, -1};

    // The worker is in read() now: the system call it sleeps in, from proc(5)'s
    // /proc/PID/task/TID/syscall (its first field is the call's number).
    bool blockedInRead() const
    {
#if defined(__linux__)
        if (kernelId.load() == 0)
            return false;
        QFile f(QStringLiteral("/proc/self/task/%1/syscall").arg(kernelId.load()));
        if (!f.open(QIODevice::ReadOnly))
            return false;
        return f.readAll().split(' ').value(0).toLong() == SYS_read;
#else
        return false;
#endif
    }

    bool feed(const QByteArray &data) { return ::write(fds[1], data.constData(), data.size()) == data.size(); }

protected:
    void run() override
    {
        idIsPthread = ::pthread_equal(pthread_t(reinterpret_cast<std::uintptr_t>(QThread::currentThreadId())),
                                      ::pthread_self()) != 0;
#if defined(__linux__)
        kernelId = long(::syscall(SYS_gettid));
#endif
        id = QThread::currentThreadId();
        // One read, no retry: EINTR is what the test looks for.
        const ssize_t n = ::read(fds[0], buffer, sizeof buffer - 1);
        error = n < 0 ? errno : 0;
        result = long(n);
    }
};

// The flags the signal's action has now (sigaction(2)).
int actionFlags(int native)
{
    struct sigaction a = {};
    ::sigaction(native, nullptr, &a);
    return a.sa_flags;
}

std::atomic<int> g_foreignCalls{0};
// Runs in signal-handler context: one atomic increment.
void foreignHandler(int) { g_foreignCalls.fetch_add(1); }

} // namespace

#define SKIP_WITHOUT_PROC_SYSCALL()                                                         \
    do {                                                                                    \
        if (!QFile::exists(QStringLiteral("/proc/self/syscall")))                           \
            QSKIP("needs /proc/PID/task/TID/syscall (Linux) to see the worker inside read()"); \
    } while (false)

class tst_ThreadSignals : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void qtThreadIdIsThePthread();
    void interruptsOrRestarts_data();
    void interruptsOrRestarts();
    void flagFollowsWatchers();
    void chainsToPreviousHandler();
    void previousHandlersRestartChoiceIsKept_data();
    void previousHandlersRestartChoiceIsKept();
    void sendsToOwnThread();
    void refusesHostileInput_data();
    void refusesHostileInput();
    void endedThreadIsHarmless();
    void propertyHasNotifySignal();
};

// The id sendToThread() takes is QThread::currentThreadId(): on this platform that is the
// thread's pthread_t, in the main thread and in a QThread.
void tst_ThreadSignals::qtThreadIdIsThePthread()
{
    QCOMPARE(pthread_t(reinterpret_cast<std::uintptr_t>(QThread::currentThreadId())), ::pthread_self());
    Reader reader;
    reader.start();
    QTRY_VERIFY(reader.id.load() != nullptr);
    QVERIFY(reader.idIsPthread.load());
    QVERIFY(reader.feed("x"));
    QVERIFY(reader.wait());
}

void tst_ThreadSignals::interruptsOrRestarts_data()
{
    QTest::addColumn<int>("interrupting");   // notifiers watching with the property set
    QTest::addColumn<int>("restarting");     // ... and without
    QTest::addColumn<bool>("toggle");        // set and cleared again while watching
    QTest::addColumn<bool>("expectEintr");
    QTest::newRow("default: restarted") << 0 << 1 << false << false;
    QTest::newRow("set: EINTR") << 1 << 0 << false << true;
    QTest::newRow("one of two set: EINTR") << 1 << 1 << false << true;
    QTest::newRow("set, then cleared: restarted") << 1 << 0 << true << false;
}

// The worker is inside read() (the kernel says so), the signal is sent to that thread.
// With the property the read fails with EINTR; without it the read goes on and ends with
// the data written afterwards (one read(), no retry: an EINTR would show). Every notifier
// is activated either way.
void tst_ThreadSignals::interruptsOrRestarts()
{
    SKIP_WITHOUT_PROC_SYSCALL();
    QFETCH(int, interrupting);
    QFETCH(int, restarting);
    QFETCH(bool, toggle);
    QFETCH(bool, expectEintr);

    std::vector<std::unique_ptr<SignalNotifier>> notifiers;
    std::vector<std::unique_ptr<QSignalSpy>> spies;
    for (int i = 0; i < interrupting + restarting; ++i) {
        auto n = std::make_unique<SignalNotifier>(Signal::User1);
        if (i < interrupting) {
            n->setInterruptsBlockingCalls(true);
            QVERIFY(n->interruptsBlockingCalls());
        }
        QCOMPARE(n->error(), Error::NoError);
        spies.push_back(std::make_unique<QSignalSpy>(n.get(), &SignalNotifier::activated));
        notifiers.push_back(std::move(n));
    }
    if (toggle) {
        for (auto &n : notifiers)
            n->setInterruptsBlockingCalls(false);
    }
    QCOMPARE(bool(actionFlags(SIGUSR1) & SA_RESTART), !expectEintr);

    Reader reader;
    reader.start();
    QTRY_VERIFY(reader.blockedInRead());
    Error error;
    QVERIFY2(Signal(Signal::User1).sendToThread(reader.id.load(), &error), qPrintable(error.text()));
    QCOMPARE(error.code(), Error::NoError);
    if (expectEintr) {
        QVERIFY(reader.wait(30000));
        QCOMPARE(reader.result.load(), -1L);
        QCOMPARE(reader.error.load(), EINTR);
    } else {
        // Restarted: the one read() the worker makes is still waiting, and ends with data.
        QVERIFY(reader.feed("data"));
        QVERIFY(reader.wait(30000));
        QCOMPARE(reader.error.load(), 0);
        QCOMPARE(reader.result.load(), 4L);
        QCOMPARE(QByteArray(reader.buffer), QByteArray("data"));
    }
    // Activated either way. Checked last: ThreadSanitizer runs a handler only once the call
    // it landed in returns (sanitizers.h), so there the restarted read must end first.
    for (auto &spy : spies) {
        QTRY_COMPARE(spy->size(), 1);
        QCOMPARE(spy->at(0).at(0).value<SignalInfo>().signal(), Signal(Signal::User1));
        QCOMPARE(spy->at(0).at(0).value<SignalInfo>().senderPid(), qint64(::getpid()));
    }
}

// SA_RESTART is the OR over the watchers, put back as they come and go, and the exact
// previous action (here SIG_DFL) returns with the last one.
void tst_ThreadSignals::flagFollowsWatchers()
{
    QCOMPARE(Signal(Signal::User2).disposition(), Signal::Default);
    {
        SignalNotifier plain(Signal::User2);
        QVERIFY(actionFlags(SIGUSR2) & SA_RESTART);
        {
            SignalNotifier interrupting(Signal::User2);
            QSignalSpy changed(&interrupting, &SignalNotifier::interruptsBlockingCallsChanged);
            interrupting.setInterruptsBlockingCalls(true);
            QCOMPARE(changed.size(), 1);
            QCOMPARE(changed.at(0).at(0).toBool(), true);
            interrupting.setInterruptsBlockingCalls(true);   // no change, no signal
            QCOMPARE(changed.size(), 1);
            QVERIFY(!(actionFlags(SIGUSR2) & SA_RESTART));
            interrupting.setEnabled(false);
            QVERIFY(actionFlags(SIGUSR2) & SA_RESTART);
            interrupting.setEnabled(true);
            QVERIFY(!(actionFlags(SIGUSR2) & SA_RESTART));
            QVERIFY(interrupting.unwatch(Signal::User2));
            QVERIFY(actionFlags(SIGUSR2) & SA_RESTART);
            QVERIFY(interrupting.watch(Signal::User2));
            QVERIFY(!(actionFlags(SIGUSR2) & SA_RESTART));
        }
        // The interrupting one is gone: restarted again, still ours.
        QVERIFY(actionFlags(SIGUSR2) & SA_RESTART);
        QCOMPARE(Signal(Signal::User2).disposition(), Signal::Watched);
        // Set before watching starts: it applies from the first install.
        SignalNotifier later;
        later.setInterruptsBlockingCalls(true);
        QVERIFY(actionFlags(SIGUSR2) & SA_RESTART);
        QVERIFY(later.watch(Signal::User2));
        QVERIFY(!(actionFlags(SIGUSR2) & SA_RESTART));
    }
    struct sigaction a = {};
    QVERIFY(::sigaction(SIGUSR2, nullptr, &a) == 0);
    QVERIFY(a.sa_handler == SIG_DFL);
    QCOMPARE(Signal(Signal::User2).disposition(), Signal::Default);
}

// A handler installed before ours keeps being called when ours is put in again without
// SA_RESTART, and comes back exactly (its own flags) when the last notifier goes.
void tst_ThreadSignals::chainsToPreviousHandler()
{
    struct sigaction foreign = {};
    foreign.sa_handler = foreignHandler;
    sigemptyset(&foreign.sa_mask);
    foreign.sa_flags = SA_RESTART;
    struct sigaction saved = {};
    QVERIFY(::sigaction(SIGURG, &foreign, &saved) == 0);
    g_foreignCalls = 0;
    {
        SignalNotifier n(Signal::Urgent);
        QSignalSpy spy(&n, &SignalNotifier::activated);
        n.setInterruptsBlockingCalls(true);
        QVERIFY(!(actionFlags(SIGURG) & SA_RESTART));
        QVERIFY(Signal(Signal::Urgent).sendToThread(QThread::currentThreadId()));
        QTRY_COMPARE(spy.size(), 1);
        QCOMPARE(g_foreignCalls.load(), 1);
    }
    struct sigaction back = {};
    QVERIFY(::sigaction(SIGURG, &saved, &back) == 0);
    QVERIFY(back.sa_handler == foreignHandler);
    QCOMPARE(back.sa_flags & (SA_RESTART | SA_SIGINFO), SA_RESTART);
}

void tst_ThreadSignals::previousHandlersRestartChoiceIsKept_data()
{
    QTest::addColumn<bool>("previousRestarts");
    QTest::newRow("previous handler with SA_RESTART") << true;
    QTest::newRow("previous handler without SA_RESTART") << false;
}

// Found by issue 15's breaker: a program's handler installed without SA_RESTART made its
// blocking calls fail with EINTR, and a plain notifier (interruptsBlockingCalls unset)
// that put ours over it changed that: its read() restarted. Ours keeps the previous
// handler's choice; a worker blocked in a real read() shows it.
void tst_ThreadSignals::previousHandlersRestartChoiceIsKept()
{
    SKIP_WITHOUT_PROC_SYSCALL();
    QFETCH(bool, previousRestarts);
    struct sigaction foreign = {};
    foreign.sa_handler = foreignHandler;
    sigemptyset(&foreign.sa_mask);
    foreign.sa_flags = previousRestarts ? SA_RESTART : 0;
    struct sigaction saved = {};
    QVERIFY(::sigaction(SIGURG, &foreign, &saved) == 0);
    const auto restore = qScopeGuard([&saved] { ::sigaction(SIGURG, &saved, nullptr); });
    g_foreignCalls = 0;
    {
        SignalNotifier n(Signal::Urgent);
        QSignalSpy spy(&n, &SignalNotifier::activated);
        QVERIFY(!n.interruptsBlockingCalls());
        QCOMPARE(bool(actionFlags(SIGURG) & SA_RESTART), previousRestarts);
        Reader reader;
        reader.start();
        QTRY_VERIFY(reader.blockedInRead());
        QVERIFY(Signal(Signal::Urgent).sendToThread(reader.id.load()));
        if (previousRestarts)
            QVERIFY(reader.feed("data"));
        QVERIFY(reader.wait(30000));
        QCOMPARE(reader.error.load(), previousRestarts ? 0 : EINTR);
        QTRY_COMPARE(spy.size(), 1);
        QCOMPARE(g_foreignCalls.load(), 1);
    }
    struct sigaction back = {};
    QVERIFY(::sigaction(SIGURG, nullptr, &back) == 0);
    QVERIFY(back.sa_handler == foreignHandler);
    QCOMPARE(bool(back.sa_flags & SA_RESTART), previousRestarts);
}

// Its own thread's id: as raise().
void tst_ThreadSignals::sendsToOwnThread()
{
    SignalNotifier n(Signal::realtime(3));
    QSignalSpy spy(&n, &SignalNotifier::activated);
    Error error;
    QVERIFY2(Signal::realtime(3).sendToThread(QThread::currentThreadId(), &error), qPrintable(error.text()));
    QCOMPARE(error.code(), Error::NoError);
    QTRY_COMPARE(spy.size(), 1);
#if defined(__linux__)
    QCOMPARE(spy.at(0).at(0).value<SignalInfo>().codeName(), QStringLiteral("SI_TKILL"));
#endif
}

void tst_ThreadSignals::refusesHostileInput_data()
{
    QTest::addColumn<Signal>("signal");
    QTest::addColumn<bool>("nullThread");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("words");
    QTest::newRow("null thread") << Signal(Signal::User1) << true << int(Error::InvalidArgument)
                                 << QStringLiteral("null thread id");
    QTest::newRow("invalid signal") << Signal() << false << int(Error::UnknownSignal) << QString();
    QTest::newRow("no number here (Logoff)") << Signal(Signal::Logoff) << false << int(Error::UnsupportedSignal)
                                             << QString();
    QTest::newRow("Kill") << Signal(Signal::Kill) << false << int(Error::ForbiddenSignal)
                          << QStringLiteral("whole process");
    QTest::newRow("Stop") << Signal(Signal::Stop) << false << int(Error::ForbiddenSignal)
                          << QStringLiteral("whole process");
}

// Refused with a clear error, nothing sent: the process is still here to say so, and a
// signal sent to this thread afterwards is the only one its notifier sees.
void tst_ThreadSignals::refusesHostileInput()
{
    QFETCH(Signal, signal);
    QFETCH(bool, nullThread);
    QFETCH(int, code);
    QFETCH(QString, words);
    SignalNotifier n(Signal::User1);
    QSignalSpy spy(&n, &SignalNotifier::activated);
    Error error;
    QVERIFY(!signal.sendToThread(nullThread ? nullptr : QThread::currentThreadId(), &error));
    QCOMPARE(int(error.code()), code);
    QVERIFY2(words.isEmpty() || error.text().contains(words), qPrintable(error.text()));
    QVERIFY(!signal.sendToThread(nullThread ? nullptr : QThread::currentThreadId()));   // no Error*: no crash
    QVERIFY(Signal(Signal::User1).sendToThread(QThread::currentThreadId(), &error));
    QTRY_COMPARE(spy.size(), 1);
    QCOMPARE(spy.at(0).at(0).value<SignalInfo>().count(), 1);
}

// The one ended thread whose id stays defined: a joinable thread that returned and was not
// joined yet (POSIX leaves any other ended id undefined; see Signal::sendToThread()). The
// C library either refuses (NoSuchProcess) or sends nothing; the process goes on and the
// next signal to a live thread arrives.
void tst_ThreadSignals::endedThreadIsHarmless()
{
#if !defined(__linux__)
    QSKIP("needs /proc/self/task (Linux) to see that the thread has ended");
#else
    SignalNotifier n(Signal::User1);
    QSignalSpy spy(&n, &SignalNotifier::activated);
    std::atomic<Qt::HANDLE> id{nullptr};
    std::atomic<long> kernelId{0};
    std::thread ended([&] {
        kernelId = long(::syscall(SYS_gettid));
        id = QThread::currentThreadId();
    });
    QTRY_VERIFY(id.load() != nullptr);
    // Ended: the kernel has let go of the thread (proc(5): one directory per live thread).
    QTRY_VERIFY(!QFile::exists(QStringLiteral("/proc/self/task/%1").arg(kernelId.load())));
    Error error;
    const bool sent = Signal(Signal::User1).sendToThread(id.load(), &error);
    QVERIFY2(sent || error.code() == Error::NoSuchProcess, qPrintable(error.text()));
    if (!sent)
        QVERIFY2(error.text().contains(QStringLiteral("ended")), qPrintable(error.text()));
    ended.join();
    QVERIFY(Signal(Signal::User1).sendToThread(QThread::currentThreadId(), &error));
    QTRY_VERIFY(spy.size() >= 1);
#endif
}

void tst_ThreadSignals::propertyHasNotifySignal()
{
    const QMetaObject &mo = SignalNotifier::staticMetaObject;
    const QMetaProperty p = mo.property(mo.indexOfProperty("interruptsBlockingCalls"));
    QVERIFY(p.isValid());
    QVERIFY(p.isWritable());
    QVERIFY(p.hasNotifySignal());
    SignalNotifier n(Signal::User1);
    QVERIFY(n.setProperty("interruptsBlockingCalls", true));
    QVERIFY(n.interruptsBlockingCalls());
    QVERIFY(!(actionFlags(SIGUSR1) & SA_RESTART));
}

QTEST_GUILESS_MAIN(tst_ThreadSignals)
#include "tst_threadsignals.moc"
