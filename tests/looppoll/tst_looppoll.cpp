// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// A signal that interrupts the poll of Qt's glib dispatcher is read in the same loop
// iteration (src/looppoll_p.h): glib returns from an iteration whose poll failed with
// EINTR, and without the retry every such signal cost a second whole iteration.
// Driven for real: a thread that blocks SIGUSR1 (so the kernel hands it to the main
// thread) waits until the main thread is asleep in poll(2) — /proc/self/task/TID/syscall
// names the system call a sleeping thread is in (proc(5)) — then kill(2)s the process.
// A GSource of the test's own counts the iterations (glib calls every source's prepare
// once per iteration).

#include <SignalNotifier/SignalNotifier>

#include "workerthread.h"

#include <QtCore/qabstracteventdispatcher.h>
#include <QtCore/qdeadlinetimer.h>
#include <QtCore/qeventloop.h>
#include <QtCore/qfile.h>
#include <QtCore/qscopeguard.h>
#include <QtCore/qsemaphore.h>
#include <QtTest/qtest.h>

#include <glib.h>

#include <atomic>
#include <csignal>
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

gint customPoll(GPollFD *fds, guint count, gint timeout)
{
    return g_poll(fds, count, timeout);
}

} // namespace

class tst_LoopPoll : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void interruptedPollIsReadInTheSameIteration_data();
    void interruptedPollIsReadInTheSameIteration();
    void aPushedContextIsNotTakenForQts();
    void glibPollIsBackWhenTheLastNotifierGoes();
    void anotherPollFunctionIsLeftAlone();
};

void tst_LoopPoll::initTestCase()
{
    // Qt's default on Linux; ctest does not set QT_NO_GLIB.
    QVERIFY2(QAbstractEventDispatcher::instance()->inherits("QEventDispatcherGlib"),
             "this test is about Qt's glib dispatcher: run it without QT_NO_GLIB");
}

void tst_LoopPoll::interruptedPollIsReadInTheSameIteration_data()
{
    QTest::addColumn<bool>("pushed");
    QTest::newRow("Qt's context") << false;
    // GIO's pattern: the program pushes a context of its own as the thread's default.
    // Qt's loop still runs its own, and that is the one that must retry.
    QTest::newRow("a context of the program's own pushed first") << true;
}

void tst_LoopPoll::interruptedPollIsReadInTheSameIteration()
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

    const pid_t mainTid = static_cast<pid_t>(syscall(SYS_gettid));
    std::atomic<bool> failed{false};
    QEventLoop loop;   // a loop that sleeps in poll (QTRY_* and qWait sleep elsewhere)
    std::thread sender([&] {
        sigset_t usr1;
        sigemptyset(&usr1);
        sigaddset(&usr1, SIGUSR1);
        pthread_sigmask(SIG_BLOCK, &usr1, nullptr);   // the main thread takes it
        const auto send = [&] {
            for (int i = 0; i < Signals; ++i) {
                // The main thread's loop is asleep in poll: this signal interrupts it.
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
        failed = !send();
        QMetaObject::invokeMethod(&loop, &QEventLoop::quit, Qt::QueuedConnection);
    });
    const int before = counter.count();
    loop.exec();
    sender.join();
    QVERIFY(!failed.load());
    // One iteration per signal (plus a few: the slot's own turn may end in a separate
    // one when the sender is slow to see the loop asleep). Without the retry each signal
    // takes two: the interrupted one, which dispatches nothing, and the next.
    const int iterations = counter.count() - before;
    QVERIFY2(iterations < Signals * 3 / 2,
             qPrintable(QStringLiteral("%1 loop iterations for %2 signals that interrupted poll")
                            .arg(iterations).arg(Signals)));
    if (own)
        QVERIFY(g_main_context_get_poll_func(own) == g_poll);
}

// The same in a worker: Qt's context there is one Qt made (g_main_context_new), and the
// one the program pushed on top keeps glib's poll and gets no reference of ours.
void tst_LoopPoll::aPushedContextIsNotTakenForQts()
{
    WorkerThread worker;
    GMainContext *qts = nullptr;
    GMainContext *own = g_main_context_new();
    SignalNotifier *notifier = nullptr;
    worker.run([&] {
        // Run by Qt's loop: the source dispatching is Qt's.
        qts = g_main_context_ref(g_source_get_context(g_main_current_source()));
        g_main_context_push_thread_default(own);
        notifier = new SignalNotifier(Signal::User2);
    });
    worker.run([] {});   // a turn of the loop: the notifier's dispatcher takes it
    QVERIFY(g_main_context_get_poll_func(qts) != g_poll);
    QVERIFY(g_main_context_get_poll_func(own) == g_poll);
    worker.run([&] {
        delete notifier;
        g_main_context_pop_thread_default(own);
    });
    worker.run([] { QCoreApplication::sendPostedEvents(); });
    QTRY_VERIFY(g_main_context_get_poll_func(qts) == g_poll);
    g_main_context_unref(own);
    g_main_context_unref(qts);
}

void tst_LoopPoll::glibPollIsBackWhenTheLastNotifierGoes()
{
    WorkerThread worker;
    GMainContext *context = nullptr;
    auto *notifier = new SignalNotifier(Signal::User2);
    notifier->moveToThread(worker.thread());
    worker.run([&] {
        context = g_main_context_ref_thread_default();
        // The dispatcher takes its loop on the first turn after it is made.
        QCoreApplication::processEvents();
        QVERIFY(g_main_context_get_poll_func(context) != g_poll);
    });
    worker.run([&] { delete notifier; });
    // The thread's dispatcher goes once the last notifier has detached (a turn later).
    worker.run([] { QCoreApplication::sendPostedEvents(); });
    QTRY_VERIFY(g_main_context_get_poll_func(context) == g_poll);
    g_main_context_unref(context);
}

void tst_LoopPoll::anotherPollFunctionIsLeftAlone()
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

QTEST_GUILESS_MAIN(tst_LoopPoll)
#include "tst_looppoll.moc"
