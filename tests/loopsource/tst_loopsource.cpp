// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The channel as a glib source of Qt's glib dispatcher (src/loopsource_p.h), driven for
// real:
// - A signal that interrupts the loop's poll(2) is read in the same loop iteration: glib
//   returns from an iteration whose poll failed with EINTR, and before the source (and the
//   retrying poll function before it) every such signal cost a second whole iteration. A
//   thread that blocks SIGUSR1 (so the kernel hands it to the main thread) waits until the
//   main thread is asleep in poll(2) — /proc/self/task/TID/syscall names the system call
//   a sleeping thread is in (proc(5)) — then kill(2)s the process. A GSource of the test's
//   own counts the iterations (glib calls every source's prepare once per iteration).
// - A signal whose handler runs on the loop's own thread while that thread runs needs no
//   wake-up: the channel's eventfd counter (/proc/self/fdinfo) stays 0, and the loop still
//   delivers it.
// - Nor does one that interrupts the loop's poll, where the library's poll function is the
//   context's (Linux x86-64, not under ThreadSanitizer: SignalBackend::loopPoll()): a
//   handler of the test's own, which ours chains to, finds the eventfd not readable. One
//   that lands between the loop's look at the channel and its poll (a glib source of the
//   test's own raises it in its prepare, after ours) still wakes it.
// - The source is in Qt's context, not in one the program pushed; it goes with the last
//   notifier; another poll function is left alone.

#include <SignalNotifier/SignalNotifier>

#include "descriptors.h"
#include "threadqueue.h"
#include "workerthread.h"

#include <QtCore/qabstracteventdispatcher.h>
#include <QtCore/qdeadlinetimer.h>
#include <QtCore/qeventloop.h>
#include <QtCore/qfile.h>
#include <QtCore/qscopeguard.h>
#include <QtCore/qsemaphore.h>
#include <QtCore/qthread.h>
#include <QtTest/qtest.h>

#include <glib.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <poll.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <thread>
#include <unistd.h>

using namespace SN;

namespace {

struct CountingSource
{
    GSource source;
    std::atomic<int> *iterations;
};

gboolean countPrepare(GSource *source, gint *timeout)
{
    *timeout = -1;
    reinterpret_cast<CountingSource *>(source)->iterations->fetch_add(1);
    return FALSE;
}

gboolean never(GSource *)
{
    return FALSE;
}

gboolean noDispatch(GSource *, GSourceFunc, gpointer)
{
    return TRUE;
}

GSourceFuncs countingFuncs = {countPrepare, never, noDispatch, nullptr, nullptr, nullptr};

// Counts the iterations of `context` while it lives.
class IterationCounter
{
public:
    explicit IterationCounter(GMainContext *context)
        : m_source(reinterpret_cast<CountingSource *>(g_source_new(&countingFuncs, sizeof(CountingSource))))
    {
        m_source->iterations = &m_count;
        g_source_attach(&m_source->source, context);
    }
    ~IterationCounter()
    {
        g_source_destroy(&m_source->source);
        g_source_unref(&m_source->source);
    }
    int count() const { return m_count.load(); }

private:
    std::atomic<int> m_count{0};
    CountingSource *m_source;
};

// Whether thread `tid` of this process sleeps in poll(2) right now.
bool asleepInPoll(pid_t tid)
{
    QFile f(QStringLiteral("/proc/self/task/%1/syscall").arg(tid));
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray first = f.readAll().split(' ').value(0);
    bool ok = false;
    const long number = first.trimmed().toLong(&ok);
    return ok && (number == SYS_poll || number == SYS_ppoll);
}

// Runs a loop on the main thread (one that sleeps in poll: QTRY_* and qWait sleep
// elsewhere) while another thread sends `count` SIGUSR1 to the process, each once the
// main thread is asleep in poll(2), so that it interrupts it, and the one before was
// delivered (the slot releases `delivered`). The sender blocks SIGUSR1: the main thread
// takes it. False when the loop never slept or a signal never came.
bool interruptMainLoopWithUsr1(int count, QSemaphore &delivered)
{
    const pid_t mainTid = static_cast<pid_t>(syscall(SYS_gettid));
    std::atomic<bool> ok{false};
    QEventLoop loop;
    std::thread sender([&] {
        sigset_t usr1;
        sigemptyset(&usr1);
        sigaddset(&usr1, SIGUSR1);
        pthread_sigmask(SIG_BLOCK, &usr1, nullptr);
        const auto send = [&] {
            for (int i = 0; i < count; ++i) {
                QDeadlineTimer asleep(10000);
                while (!asleepInPoll(mainTid)) {
                    if (asleep.hasExpired())
                        return false;
                    std::this_thread::yield();
                }
                if (kill(getpid(), SIGUSR1) != 0 || !delivered.tryAcquire(1, 10000))
                    return false;
            }
            return true;
        };
        ok = send();
        QMetaObject::invokeMethod(&loop, &QEventLoop::quit, Qt::QueuedConnection);
    });
    loop.exec();
    sender.join();
    return ok.load();
}

gint customPoll(GPollFD *fds, guint count, gint timeout)
{
    return g_poll(fds, count, timeout);
}

// Whether the library waits in a poll of its own whose interruption the handler
// recognises (platform/posix/linux.cpp, SignalBackend::loopPoll(): the same condition).
#if defined(__linux__) && defined(__x86_64__) && !defined(__SANITIZE_THREAD__)
constexpr bool RecognisedPoll = true;
#else
constexpr bool RecognisedPoll = false;
#endif

// The handler the library finds installed and chains to, after it has put the record in
// the channel and woken the loop or not: counts the arrivals that found the channel's
// eventfd readable (poll(2) with no wait: async-signal-safe, and it reads nothing).
std::atomic<int> g_probedFd{-1};
std::atomic<int> g_probed{0};
std::atomic<int> g_foundReadable{0};
void probeWakeUp(int, siginfo_t *, void *)
{
    const int fd = g_probedFd.load();
    if (fd < 0)
        return;
    g_probed.fetch_add(1);
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 0) == 1)
        g_foundReadable.fetch_add(1);
}

// A glib source that, once armed, has a realtime signal's handler run on the loop's
// thread in its prepare(): at a lower priority than the library's source, glib prepares
// it after ours, so the handler lands after the loop looked at the channel and before
// its poll.
struct ArmedSource
{
    GSource source;
};
std::atomic<int> g_armedInPrepare{0};
gboolean raiseInPrepare(GSource *, gint *timeout)
{
    *timeout = -1;
    if (const int sig = g_armedInPrepare.exchange(0))
        queueToThisThread(sig, 9);
    return FALSE;
}
GSourceFuncs armedFuncs = {raiseInPrepare, never, noDispatch, nullptr, nullptr, nullptr};

// A program's poll function set over the library's, calling it and calling it again on
// EINTR without returning to glib (as a retrying wrapper does): a handler that skipped
// the wake-up because it interrupted the library's poll would leave the record asleep.
GPollFunc g_wrappedPoll = nullptr;
gint retryingPoll(GPollFD *fds, guint count, gint timeout)
{
    gint r;
    do {
        r = g_wrappedPoll(fds, count, timeout);
    } while (r < 0 && errno == EINTR);
    return r;
}

// A poll function that, once armed, has a realtime signal's handler run on its own thread
// right before it polls: the handler lands after the loop looked at the channel and
// before it sleeps, the one moment a handler on the loop's own thread must still wake it.
std::atomic<int> g_armedSignal{0};
gint pollAfterASignal(GPollFD *fds, guint count, gint timeout)
{
    if (const int sig = g_armedSignal.exchange(0))
        queueToThisThread(sig, 7);
    return g_poll(fds, count, timeout);
}

} // namespace

// The eventfd a notifier made between `before` and now brought, or -1.
static int newEventfd(const QSet<int> &before)
{
    for (int fd : eventfdDescriptors()) {
        if (!before.contains(fd))
            return fd;
    }
    return -1;
}

class tst_LoopSource : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void interruptedPollIsReadInTheSameIteration_data();
    void interruptedPollIsReadInTheSameIteration();
    void aSignalThatInterruptsTheLoopsPollNeedsNoWakeUp();
    void aSignalBetweenTheLookAndThePollWakesTheLoop();
    void aProgramsPollFunctionThatRetriesOverOursIsWoken();
    void terminateEndsAThreadAsleepInItsLoop();
    void aSignalWhileTheThreadRunsNeedsNoWakeUp_data();
    void aSignalWhileTheThreadRunsNeedsNoWakeUp();
    void aPushedContextIsNotTakenForQts();
    void theSourceGoesWithTheLastNotifier();
    void anotherPollFunctionIsLeftAlone();
    void aSignalJustBeforeTheLoopSleepsWakesIt();
    void excludeSocketNotifiersDoesNotHoldSignalsBack();
};

void tst_LoopSource::initTestCase()
{
    // Qt's default on Linux; ctest does not set QT_NO_GLIB.
    QVERIFY2(QAbstractEventDispatcher::instance()->inherits("QEventDispatcherGlib"),
             "this test is about Qt's glib dispatcher: run it without QT_NO_GLIB");
}

void tst_LoopSource::interruptedPollIsReadInTheSameIteration_data()
{
    QTest::addColumn<bool>("pushed");
    QTest::newRow("Qt's context") << false;
    // GIO's pattern: the program pushes a context of its own as the thread's default.
    // Qt's loop still runs its own, and that is the one the source must be in (were it in
    // the pushed one, nothing would deliver: the socket notifier is off while it exists).
    QTest::newRow("a context of the program's own pushed first") << true;
}

void tst_LoopSource::interruptedPollIsReadInTheSameIteration()
{
    QFETCH(bool, pushed);
    constexpr int Signals = 200;
    GMainContext *own = pushed ? g_main_context_new() : nullptr;
    if (own)
        g_main_context_push_thread_default(own);
    const auto popOwn = qScopeGuard([own] {
        if (own) {
            g_main_context_pop_thread_default(own);
            g_main_context_unref(own);
        }
    });
    SignalNotifier notifier(Signal::User1);
    QSemaphore delivered;
    connect(&notifier, &SignalNotifier::activated, this, [&] { delivered.release(); });
    IterationCounter counter(g_main_context_default());

    const int before = counter.count();
    QVERIFY(interruptMainLoopWithUsr1(Signals, delivered));
    // One iteration per signal (plus a few: the slot's own turn may end in a separate
    // one when the sender is slow to see the loop asleep). Read through a socket
    // notifier, each signal takes two: the interrupted one, which dispatches nothing, and
    // the next.
    const int iterations = counter.count() - before;
    QVERIFY2(iterations < Signals * 3 / 2,
             qPrintable(QStringLiteral("%1 loop iterations for %2 signals that interrupted poll")
                            .arg(iterations).arg(Signals)));
}

// The main thread's loop asleep in poll, a real kill(2) from another thread: the handler
// runs on the main thread, in the interrupted poll.
void tst_LoopSource::aSignalThatInterruptsTheLoopsPollNeedsNoWakeUp()
{
    constexpr int Signals = 100;
    // Ours chains to the handler it finds: installed first, and put back at the end.
    struct sigaction probe {};
    probe.sa_sigaction = probeWakeUp;
    probe.sa_flags = SA_SIGINFO;
    sigemptyset(&probe.sa_mask);
    struct sigaction before {};
    QCOMPARE(sigaction(SIGUSR1, &probe, &before), 0);
    const auto restore = qScopeGuard([&] {
        g_probedFd = -1;
        sigaction(SIGUSR1, &before, nullptr);
    });
    QCoreApplication::sendPostedEvents();   // an earlier test's dispatcher goes (a channel of its own)
    const QSet<int> descriptors = eventfdDescriptors();
    auto *notifier = new SignalNotifier(Signal::User1);
    const auto drop = qScopeGuard([notifier] { delete notifier; });
    const int fd = newEventfd(descriptors);
    QVERIFY2(fd >= 0, "the notifier's thread has no eventfd");
    QSemaphore delivered;
    connect(notifier, &SignalNotifier::activated, this, [&] { delivered.release(); });
    QCoreApplication::processEvents();   // the source (and the poll function) attached
    GMainContext *context = g_main_context_default();
    QCOMPARE(g_main_context_get_poll_func(context) != g_poll, RecognisedPoll);
    g_probed = 0;
    g_foundReadable = 0;
    g_probedFd = fd;

    QVERIFY(interruptMainLoopWithUsr1(Signals, delivered));
    QCOMPARE(g_probed.load(), Signals);
    // Recognised: no arrival wrote the eventfd. Otherwise each one did.
    QCOMPARE(g_foundReadable.load(), RecognisedPoll ? 0 : Signals);
}

// The one place where a handler on the loop's own thread must still wake it, with the
// library's poll function in place: after the look, before the poll. Were the handler to
// skip the wake-up there too, the worker's loop would sleep with the record unread.
void tst_LoopSource::aSignalBetweenTheLookAndThePollWakesTheLoop()
{
    const Signal rt = Signal::realtime(5);
    WorkerThread worker;
    SignalNotifier *notifier = nullptr;
    GSource *armed = nullptr;
    GMainContext *context = nullptr;
    QSemaphore delivered;
    std::atomic<int> value{-1};
    worker.run([&] {
        notifier = new SignalNotifier(rt);
        connect(notifier, &SignalNotifier::activated, notifier, [&](const SignalInfo &info) {
            value = info.value();
            delivered.release();
        });
        context = g_main_context_ref_thread_default();
        armed = g_source_new(&armedFuncs, sizeof(ArmedSource));
        g_source_set_priority(armed, G_PRIORITY_LOW);
        g_source_attach(armed, context);
    });
    worker.run([] {});   // the library's source and poll function are attached
    QCOMPARE(g_main_context_get_poll_func(context) != g_poll, RecognisedPoll);
    // The worker's next iteration, which would sleep: the handler runs in its prepare.
    worker.post([] { g_armedInPrepare = Signal::realtime(5).number(); });
    QVERIFY(delivered.tryAcquire(1, 10000));
    QCOMPARE(value.load(), 9);
    worker.run([&] {
        g_source_destroy(armed);
        g_source_unref(armed);
        delete notifier;
        QCoreApplication::sendPostedEvents();   // the dispatcher goes, and its poll function
    });
    QTRY_VERIFY(g_main_context_get_poll_func(context) == g_poll);
    g_main_context_unref(context);
}

void tst_LoopSource::aProgramsPollFunctionThatRetriesOverOursIsWoken()
{
    constexpr int Signals = 20;
    QCoreApplication::sendPostedEvents();   // an earlier test's dispatcher goes
    SignalNotifier notifier(Signal::User1);
    QSemaphore delivered;
    connect(&notifier, &SignalNotifier::activated, this, [&] { delivered.release(); });
    QCoreApplication::processEvents();   // the source (and the poll function) attached
    GMainContext *context = g_main_context_default();
    g_wrappedPoll = g_main_context_get_poll_func(context);
    g_main_context_set_poll_func(context, retryingPoll);
    const auto putBack = qScopeGuard([&] { g_main_context_set_poll_func(context, g_wrappedPoll); });

    QVERIFY2(interruptMainLoopWithUsr1(Signals, delivered),
             "a signal that interrupted the wrapped poll was not delivered");
}

// QThread::terminate() (pthread_cancel(), deferred) ends a thread asleep in its loop's
// poll, as it does without a notifier: the library's poll is a cancellation point like
// glibc's. The last outside breaker of issue 14 saw wait() time out: the thread slept on
// until some event woke it.
void tst_LoopSource::terminateEndsAThreadAsleepInItsLoop()
{
    QThread thread;
    pid_t tid = 0;
    QObject context;
    context.moveToThread(&thread);
    thread.start();
    SignalNotifier *notifier = nullptr;
    QMetaObject::invokeMethod(&context, [&] {
        tid = pid_t(syscall(SYS_gettid));
        notifier = new SignalNotifier(Signal::User2);   // stays: the thread is terminated
    }, Qt::BlockingQueuedConnection);
    QMetaObject::invokeMethod(&context, [] {}, Qt::BlockingQueuedConnection);   // the source is attached
    QTRY_VERIFY(asleepInPoll(tid));
    thread.terminate();
    QVERIFY2(thread.wait(QDeadlineTimer(10000)), "a terminated thread with a notifier did not end");
    Q_UNUSED(notifier);   // lives in a thread that ended: never deleted, as Qt leaves its objects
}

void tst_LoopSource::aSignalWhileTheThreadRunsNeedsNoWakeUp_data()
{
    QTest::addColumn<bool>("worker");
    QTest::addColumn<bool>("startedOutsideTheLoop");
    QTest::newRow("main thread") << false << false;
    QTest::newRow("worker thread") << true << false;
    // The program reads the dispatcher's first event itself, outside Qt's loop
    // (QCoreApplication::sendPostedEvents() before exec()): the source comes with the
    // first wake-up the loop dispatches instead.
    QTest::newRow("main thread, first event read outside the loop") << false << true;
}

void tst_LoopSource::aSignalWhileTheThreadRunsNeedsNoWakeUp()
{
    QFETCH(bool, worker);
    QFETCH(bool, startedOutsideTheLoop);
    const Signal rt = Signal::realtime(3);
    // The main thread's dispatcher of an earlier row goes on a later turn: let it go, so
    // that this row's notifier gets a channel of its own.
    QCoreApplication::sendPostedEvents();
    WorkerThread thread;
    const auto onLoopThread = [&](auto f) {
        if (worker)
            thread.run(f);   // run by the worker's loop, inside a dispatch of it
        else
            f();
    };
    const QSet<int> before = eventfdDescriptors();
    SignalNotifier *notifier = nullptr;
    QSemaphore delivered;
    std::atomic<int> value{-1};
    onLoopThread([&] {
        notifier = new SignalNotifier(rt);
        connect(notifier, &SignalNotifier::activated, notifier, [&](const SignalInfo &info) {
            value = info.value();
            delivered.release();
        });
    });
    const int fd = newEventfd(before);
    QVERIFY2(fd >= 0, "the notifier's thread has no eventfd");
    // The dispatcher's first event (it attaches the source when a loop runs it).
    if (worker) {
        thread.run([] { QCoreApplication::sendPostedEvents(); });
    } else if (startedOutsideTheLoop) {
        QCoreApplication::sendPostedEvents();
        // A signal from another thread: its wake-up is what Qt's loop dispatches.
        std::thread other([&] {
            sigset_t all;
            sigfillset(&all);
            sigdelset(&all, rt.number());
            pthread_sigmask(SIG_SETMASK, &all, nullptr);
            queueToThisThread(rt.number(), 1);
        });
        other.join();
        QTRY_VERIFY(delivered.available() > 0);
        delivered.acquire();
        QCOMPARE(value.load(), 1);
    } else {
        QCoreApplication::processEvents();
    }
    QTRY_COMPARE(eventfdCount(fd), qint64(0));
    qint64 countAfterHandler = -1;
    bool queued = false;
    onLoopThread([&] {
        // Runs on the loop's thread, outside its wait: the handler runs here before the
        // call returns (a thread-directed, unblocked signal) and needs no wake-up.
        queued = queueToThisThread(rt.number(), 42);
        countAfterHandler = eventfdCount(fd);
    });
    QVERIFY(queued);
    QCOMPARE(countAfterHandler, qint64(0));
    // ...and the loop, which looks at the channel before it waits, delivers it.
    if (worker) {
        QVERIFY(delivered.tryAcquire(1, 10000));
    } else {
        QTRY_VERIFY(delivered.available() > 0);
        delivered.acquire();
    }
    QCOMPARE(value.load(), 42);
    onLoopThread([&] { delete notifier; });
}

// The same in a worker: Qt's context there is one Qt made (g_main_context_new); the
// program pushes one of its own on top. The source must be in Qt's: a signal delivered
// shows it, since the socket notifier is off while the source exists.
void tst_LoopSource::aPushedContextIsNotTakenForQts()
{
    WorkerThread worker;
    GMainContext *own = g_main_context_new();
    SignalNotifier *notifier = nullptr;
    QSemaphore delivered;
    worker.run([&] {
        g_main_context_push_thread_default(own);
        notifier = new SignalNotifier(Signal::User2);
        connect(notifier, &SignalNotifier::activated, notifier, [&] { delivered.release(); });
    });
    worker.run([] {});   // a turn of the loop: the notifier's dispatcher attaches its source
    sigset_t usr2;
    sigemptyset(&usr2);
    sigaddset(&usr2, SIGUSR2);
    // Another thread takes it: the worker, or QTest's watchdog, whose handler then wakes
    // the worker through the eventfd.
    QCOMPARE(pthread_sigmask(SIG_BLOCK, &usr2, nullptr), 0);
    QCOMPARE(kill(getpid(), SIGUSR2), 0);
    const bool got = delivered.tryAcquire(1, 10000);
    QCOMPARE(pthread_sigmask(SIG_UNBLOCK, &usr2, nullptr), 0);
    QVERIFY(got);
    worker.run([&] {
        delete notifier;
        g_main_context_pop_thread_default(own);
    });
    g_main_context_unref(own);
}

// With the thread's last notifier, its channel and its source go: the loop sleeps in
// poll again (a source left on a closed descriptor would make glib's poll return at once,
// POLLNVAL, forever), and the eventfd is closed.
void tst_LoopSource::theSourceGoesWithTheLastNotifier()
{
    WorkerThread worker;
    pid_t tid = 0;
    worker.run([&] { tid = pid_t(syscall(SYS_gettid)); });
    const QSet<int> before = eventfdDescriptors();
    SignalNotifier *notifier = nullptr;
    worker.run([&] { notifier = new SignalNotifier(Signal::User2); });
    worker.run([] { QCoreApplication::sendPostedEvents(); });   // the source is attached
    QVERIFY(newEventfd(before) >= 0);
    worker.run([&] { delete notifier; });
    // The thread's dispatcher goes once the last notifier has detached (a turn later).
    worker.run([] { QCoreApplication::sendPostedEvents(); });
    QTRY_COMPARE(eventfdDescriptors(), before);
    QTRY_VERIFY(asleepInPoll(tid));
}

void tst_LoopSource::anotherPollFunctionIsLeftAlone()
{
    WorkerThread worker;
    GMainContext *context = nullptr;
    SignalNotifier *notifier = nullptr;
    worker.run([&] {
        context = g_main_context_ref_thread_default();
        g_main_context_set_poll_func(context, customPoll);
        notifier = new SignalNotifier(Signal::User2);
        QCoreApplication::processEvents();
    });
    QVERIFY(g_main_context_get_poll_func(context) == customPoll);
    // And signals still arrive on that loop.
    QSemaphore delivered;
    connect(notifier, &SignalNotifier::activated, notifier, [&] { delivered.release(); },
            Qt::DirectConnection);
    QCOMPARE(kill(getpid(), SIGUSR2), 0);
    QVERIFY(delivered.tryAcquire(1, 10000));
    worker.run([&] { delete notifier; });
    QVERIFY(g_main_context_get_poll_func(context) == customPoll);
    g_main_context_unref(context);
}

void tst_LoopSource::aSignalJustBeforeTheLoopSleepsWakesIt()
{
    const Signal rt = Signal::realtime(4);
    WorkerThread worker;
    GMainContext *context = nullptr;
    SignalNotifier *notifier = nullptr;
    QSemaphore delivered;
    std::atomic<int> value{-1};
    worker.run([&] {
        context = g_main_context_ref_thread_default();
        g_main_context_set_poll_func(context, pollAfterASignal);
        notifier = new SignalNotifier(rt);
        connect(notifier, &SignalNotifier::activated, notifier, [&](const SignalInfo &info) {
            value = info.value();
            delivered.release();
        });
    });
    worker.run([] {});   // the source is attached
    // The worker's next poll, which would sleep: the handler runs first, on that thread.
    worker.post([&] { g_armedSignal = rt.number(); });
    QVERIFY(delivered.tryAcquire(1, 10000));
    QCOMPARE(value.load(), 7);
    worker.run([&] {
        delete notifier;
        g_main_context_set_poll_func(context, g_poll);
    });
    g_main_context_unref(context);
}

// As before the source (src/loopsource_p.h): Qt's glib dispatcher does not hold a
// QSocketNotifier back for processEvents(ExcludeSocketNotifiers), and the source does not
// hold signals back either.
void tst_LoopSource::excludeSocketNotifiersDoesNotHoldSignalsBack()
{
    SignalNotifier notifier(Signal::User1);
    int got = 0;
    connect(&notifier, &SignalNotifier::activated, this, [&] { ++got; });
    QCoreApplication::processEvents();   // the source is attached
    QVERIFY(Signal(Signal::User1).raise());
    QDeadlineTimer deadline(10000);
    while (got == 0 && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::ExcludeSocketNotifiers | QEventLoop::WaitForMoreEvents, 100);
    QCOMPARE(got, 1);
}

QTEST_GUILESS_MAIN(tst_LoopSource)
#include "tst_loopsource.moc"
