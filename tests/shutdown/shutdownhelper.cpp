// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The process tst_shutdown drives: a program with a GracefulShutdown, built from its
// arguments, that reports every step on stdout, one line at a time, unbuffered.
//
//   shutdownhelper [--app core|gui|widgets] [--deadline MS] [--exit signal|normal] [--code N] [--inhibit]
//                  [--hook NAME:KIND:ORDER:TIMEOUT_MS[:PATH:BYTES]]...
//
// KIND: sync (returns), async (done() at once), asyncwait (a worker thread calls done()
// after "go"), never (async, never done), wait (sync, blocks until "go"), save (sync,
// writes BYTES to PATH with QSaveFile), savewait (as save, but stops half-way until "go"),
// printf (sync, prints through stdio's buffer, which a pipe does not flush by itself).
// KIND also: delete (sync: deletes the GracefulShutdown from inside the hook), add (sync:
// adds a sync hook "late" with order 0 during the sequence).
// --delete-on SIGNAL: a slot of its own signal deletes the GracefulShutdown (requested,
// started, hookfinished, finished).
// --add-on-requested: a slot of shutdownRequested adds a sync hook "late".
// --no-fds / --no-threads: the GracefulShutdown is made with no descriptor / no thread
// left (RLIMIT_NOFILE / RLIMIT_NPROC), then the limit is put back; prints "error N TEXT".
// --one-fd: the same with exactly one descriptor left (a channel's eventfd fits in it).
// --exec-twice: exec() is called again after it returned.
// --no-app: no QCoreApplication at all; exec() is called.
// --property NAME=VALUE: setProperty() (deadline in ms, exitMode by name, exitCode), with
// the NOTIFY signals printed ("deadlineChanged 300").
// --remove NAME: removeHook(NAME) before the loop runs; prints "removed NAME true|false".
// Hooks with a context (addHook/addAsyncHook with a QObject): KIND inworker (sync, context
// in a worker thread with its own loop; prints which thread it ran in), inworkerasync
// (the same, async, done at once), inmain (sync, context: the application object), inmainwait
// (as wait, context: the application object), gone (sync, its context deleted before the
// loop runs), workerdeletes (async in the worker: deleteLater() of its own context, done()
// from another thread after "go"). KIND remove (sync): removeHook(PATH) during the sequence.
// --block-worker: the worker's loop is busy from the start until "free" (prints "worker
// free"); --delete-context-on-free: then deletes the worker's context object, in its thread.
// --raise-early: the process sends itself SIGTERM before the event loop runs.
// --stdio-stdin: the command thread reads stdin through stdio (fgets), holding its lock.
// Lines on stdin: "go" (one waiting hook goes on), "release" (the inhibitor is released),
// "request" (requestShutdown()), "free" (the blocked worker goes on), "ping" (the worker
// prints "worker idle" once it has handled everything queued to it before). Ends itself
// after 30 s (alarm) so it never outlives a test.

#include <SignalNotifier/GracefulShutdown>
#include <SignalNotifier/SignalNotifier>

#include "procthreads.h"
#include "say.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qdeadlinetimer.h>
#include <QtCore/qmetaobject.h>
#include <QtCore/qpointer.h>
#include <QtCore/qsavefile.h>
#include <QtCore/qthread.h>
#if SN_HELPER_WIDGETS
#include <QtWidgets/qapplication.h>
#endif

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>
#include <sys/resource.h>
#include <fcntl.h>
#include <unistd.h>

using namespace SN;

namespace {

// Whether a thread of this process has the library's loop monitor's name.
bool loopMonitorRuns()
{
    return threadsOfThisProcess("SN loop monitor") > 0;
}

// Waits up to 10 s for the loop monitor to run. Polling a condition: the thread is the
// library's, detached, with nothing to wait on. Not QTest::qWaitFor(): it processes
// events, and the main loop's first turn is what ends the monitor this keeps alive.
bool awaitLoopMonitor()
{
    const QDeadlineTimer deadline(10000);
    while (!loopMonitorRuns()) {
        if (deadline.hasExpired())
            return false;
        QThread::msleep(1);
    }
    return true;
}

// Released by "go". A mutex and condition variable rather than QSemaphore: ThreadSanitizer
// delivers a signal to a thread only at a call it intercepts, and it does not see into
// Qt's futex, so a thread stuck in a QSemaphore would sit on a signal it received.
class Gate
{
public:
    void release()
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        ++m_count;
        m_changed.notify_all();
    }
    void acquire()
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_changed.wait(lock, [this] { return m_count > 0; });
        --m_count;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    int m_count = 0;
};

Gate go;
Gate freeWorker;

// Starts `f` on a thread that never takes the termination requests the tests send: it
// starts with them blocked (a thread inherits its creator's mask), so the kernel hands
// them to the main thread, as in a program whose own threads all block them.
// Under ThreadSanitizer this is what makes every request count: its handler defers a
// signal until the thread that took it makes a call it treats as blocking, and read() is
// not one (GCC 12's libtsan). A SIGTERM the kernel handed to the command thread, sitting
// in read() on stdin, was never acted on: about 1 signalled helper in 200, the TSan
// stage's flake, seen with /proc/PID/task/*/status (only main and the command thread
// unblocked it, main idle in poll()). Without TSan the handler runs in that thread at once.
template <typename F>
void withoutRequests(F start)
{
    const QList<Signal> requests{Signal::Interrupt, Signal::Terminate, Signal::Hangup};
    Signal::setBlockedInThisThread(requests, true);
    start();
    Signal::setBlockedInThisThread(requests, false);
}

template <typename F>
std::thread startWithoutRequests(F f)
{
    std::thread thread;
    withoutRequests([&] { thread = std::thread(std::move(f)); });
    return thread;
}

// A thread with its own event loop for the hooks with a context there: `context` is their
// context, `blocker` another object of the thread, for work that keeps its loop busy.
class Worker
{
public:
    Worker()
    {
        m_thread.setObjectName(QStringLiteral("worker"));
        context = new QObject;
        blocker = new QObject;
        context->moveToThread(&m_thread);
        blocker->moveToThread(&m_thread);
        withoutRequests([this] { m_thread.start(); });
    }
    ~Worker()
    {
        freeWorker.release();   // in case it still waits
        m_thread.quit();
        m_thread.wait();
        delete context;   // its thread has ended: safe from here
        delete blocker;
    }
    QThread *thread() { return &m_thread; }

    QPointer<QObject> context;
    QObject *blocker = nullptr;

private:
    QThread m_thread;
};

QString whereAmI(QThread *worker)
{
    if (QThread::currentThread() == worker)
        return QStringLiteral("the worker thread");
    if (QThread::currentThread() == QCoreApplication::instance()->thread())
        return QStringLiteral("the main thread");
    return QStringLiteral("another thread");
}

// The content a save hook writes: recognisable at every offset, so a torn or mixed file
// never compares equal.
QByteArray content(qsizetype bytes)
{
    QByteArray data;
    data.reserve(bytes);
    for (qsizetype i = 0; data.size() < bytes; ++i)
        data += QByteArray::number(i) + '\n';
    data.truncate(bytes);
    return data;
}

bool save(const QString &path, qsizetype bytes, bool pause)
{
    const QByteArray data = content(bytes);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    const qsizetype half = data.size() / 2;
    file.write(data.constData(), half);
    if (pause) {
        file.flush();
        say(QStringLiteral("saving"));
        go.acquire();
    }
    file.write(data.constData() + half, data.size() - half);
    return file.commit();
}

} // namespace

int main(int argc, char **argv)
{
    ::alarm(30);
    // The same program as a console, a Qt GUI and a Qt Widgets application: the library
    // itself depends on Qt Core only and must behave the same in all three.
    const char *appKind = "core";
    bool noFds = false;
    bool oneFd = false;   // --one-fd: as --no-fds, with one descriptor left
    bool noThreads = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--app") == 0 && i + 1 < argc)
            appKind = argv[i + 1];
        noFds = noFds || std::strcmp(argv[i], "--no-fds") == 0;
        oneFd = oneFd || std::strcmp(argv[i], "--one-fd") == 0;
        noThreads = noThreads || std::strcmp(argv[i], "--no-threads") == 0;
        if (std::strcmp(argv[i], "--no-app") == 0) {
            // Misuse: no application object at all. Must say so, not crash or hang.
            GracefulShutdown orphan;
            say(QStringLiteral("made"));
            // Nothing of it will end the process: no deadline to report (the second outside
            // breaker of issue 14's fixes saw the configured one, never enforced).
            orphan.setDeadline(std::chrono::milliseconds(500));
            orphan.requestShutdown();
            say(QStringLiteral("forced exit deadline %1")
                    .arg(orphan.forcedExitDeadline().isForever() ? QStringLiteral("forever")
                                                                  : QStringLiteral("set")));
            const int code = orphan.exec();
            say(QStringLiteral("exec returned %1").arg(code));
            return 0;
        }
    }
    std::unique_ptr<QCoreApplication> application;
#if SN_HELPER_WIDGETS
    if (std::strcmp(appKind, "gui") == 0)
        application = std::make_unique<QGuiApplication>(argc, argv);
    else if (std::strcmp(appKind, "widgets") == 0)
        application = std::make_unique<QApplication>(argc, argv);
#endif
    if (!application && std::strcmp(appKind, "core") != 0) {
        std::fprintf(stderr, "this helper was built without Qt Widgets\n");
        return 2;
    }
    if (!application)
        application = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication &app = *application;
    say(QStringLiteral("application %1").arg(QString::fromLatin1(app.metaObject()->className())));
    // Out of descriptors or threads while it is made: the limit is set to what is in use
    // now, and put back once it is made.
    struct rlimit oldLimit = {};
    std::unique_ptr<SignalNotifier> keepLoopMonitor;
    const int resource = noThreads ? RLIMIT_NPROC : RLIMIT_NOFILE;
    noFds = noFds || oneFd;
    if (noFds || noThreads) {
        // UBSan checks a class's type once and caches it, but the check needs a pipe of
        // its own: make that first check happen while there are descriptors. Without
        // Shutdown among its requests: a watcher of Shutdown starts the thread that speaks
        // to systemd-logind, which connects to the bus a little later, and Qt D-Bus's own
        // thread, started then, found the limit below tightened and glib aborted the
        // process (gdb, under ThreadSanitizer, 2 of 4 runs): a race of this helper's,
        // not of the GracefulShutdown made under the limit.
        // A thread's first notifier also starts the library's loop monitor, a detached
        // std::thread that ends by itself once every such thread has turned its loop, and
        // UBSan checks std::thread's state as that thread starts and as it ends. The
        // warm-up's notifier lives in GracefulShutdown's own thread, whose loop turns at
        // once: the monitor ended whenever it came to it, and when that was after the limit
        // below, UBSan's check found no pipe and reported "invalid vptr" (27 of 100 ASan
        // runs at rest). A notifier of the main thread, whose loop has not turned yet,
        // keeps the monitor running from before the limit (its start checked with
        // descriptors) until it is deleted after the limit is put back (its end too).
        keepLoopMonitor = std::make_unique<SignalNotifier>(Signal::Terminate);
        if (!awaitLoopMonitor()) {
            say(QStringLiteral("the library's loop monitor did not start"));
            return 2;
        }
        delete new GracefulShutdown(QList<Signal>{Signal::Terminate});
        if (noThreads && ::getuid() == 0) {
            // root is exempt from RLIMIT_NPROC: be nobody, alone in its count.
            if (::setgid(65534) != 0 || ::setuid(65534) != 0)
                return 2;
        }
        ::getrlimit(resource, &oldLimit);
        struct rlimit tight = oldLimit;
        if (noFds) {
            // The lowest number not in use, found without opening anything: a listing of
            // /proc/self/fd counted its own descriptor as in use, which was free again
            // afterwards, room for one more. A channel needs one descriptor now (an eventfd;
            // two with the pipe), so that one was enough to make it (TSan run of the ring).
            int lowestFree = 0;
            while (::fcntl(lowestFree, F_GETFD) != -1 || errno != EBADF)
                ++lowestFree;
            tight.rlim_cur = rlim_t(lowestFree);   // no room for one more descriptor
            if (oneFd) {
                // Room for exactly one: the lowest free number and none above it.
                tight.rlim_cur = rlim_t(lowestFree + 1);
            }
        } else {
            tight.rlim_cur = 1;   // this process is all nobody may have: no new thread
        }
        ::setrlimit(resource, &tight);
    }
    auto owned = std::make_unique<GracefulShutdown>();
    GracefulShutdown &shutdown = *owned;
    if (noFds || noThreads) {
        ::setrlimit(resource, &oldLimit);
        keepLoopMonitor.reset();   // SIGTERM is the GracefulShutdown's alone again
        say(QStringLiteral("error %1 %2").arg(int(shutdown.error())).arg(shutdown.errorString()));
    }
    bool execTwice = false;
    std::unique_ptr<GracefulShutdown::Inhibitor> inhibitor;
    const std::thread::id mainThread = std::this_thread::get_id();
    std::vector<std::thread> workers;
    bool raiseEarly = false;
    bool stdioStdin = false;
    std::unique_ptr<Worker> worker;
    const auto theWorker = [&worker]() -> Worker & {
        if (!worker)
            worker = std::make_unique<Worker>();
        return *worker;
    };
    bool blockWorker = false;
    bool deleteContextOnFree = false;
    QStringList properties;
    QStringList removals;
    std::vector<std::unique_ptr<QObject>> goneContexts;

    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        const QString value = i + 1 < args.size() ? args.at(i + 1) : QString();
        if (arg == QLatin1String("--app")) {
            ++i;
        } else if (arg == QLatin1String("--deadline")) {
            shutdown.setDeadline(std::chrono::milliseconds(value.toInt()));
            ++i;
        } else if (arg == QLatin1String("--exit")) {
            shutdown.setExitMode(value == QLatin1String("normal") ? GracefulShutdown::ExitNormally
                                                                  : GracefulShutdown::ExitBySignal);
            ++i;
        } else if (arg == QLatin1String("--code")) {
            shutdown.setExitCode(value.toInt());
            ++i;
        } else if (arg == QLatin1String("--no-fds") || arg == QLatin1String("--no-threads")
                   || arg == QLatin1String("--one-fd")) {
        } else if (arg == QLatin1String("--exec-twice")) {
            execTwice = true;
        } else if (arg == QLatin1String("--add-on-requested")) {
            QObject::connect(&shutdown, &GracefulShutdown::shutdownRequested, [&shutdown] {
                shutdown.addHook(QStringLiteral("late"), [] {});
            });
        } else if (arg == QLatin1String("--delete-on")) {
            ++i;
            const auto deleteIt = [&owned] {
                say(QStringLiteral("deleting"));
                owned.reset();
                say(QStringLiteral("deleted"));
            };
            if (value == QLatin1String("requested"))
                QObject::connect(&shutdown, &GracefulShutdown::shutdownRequested, deleteIt);
            else if (value == QLatin1String("started"))
                QObject::connect(&shutdown, &GracefulShutdown::hookStarted, deleteIt);
            else if (value == QLatin1String("hookfinished"))
                QObject::connect(&shutdown, &GracefulShutdown::hookFinished, deleteIt);
            else if (value == QLatin1String("finished"))
                QObject::connect(&shutdown, &GracefulShutdown::finished, deleteIt);
            else
                return 2;
        } else if (arg == QLatin1String("--property")) {
            properties.append(value);
            ++i;
        } else if (arg == QLatin1String("--remove")) {
            removals.append(value);
            ++i;
        } else if (arg == QLatin1String("--block-worker")) {
            blockWorker = true;
        } else if (arg == QLatin1String("--delete-context-on-free")) {
            deleteContextOnFree = true;
        } else if (arg == QLatin1String("--raise-early")) {
            raiseEarly = true;
        } else if (arg == QLatin1String("--stdio-stdin")) {
            stdioStdin = true;
        } else if (arg == QLatin1String("--inhibit")) {
            inhibitor = std::make_unique<GracefulShutdown::Inhibitor>(
                shutdown.inhibit(QStringLiteral("test work")));
        } else if (arg == QLatin1String("--hook")) {
            ++i;
            const QStringList f = value.split(u':');
            if (f.size() < 4) {
                std::fprintf(stderr, "bad --hook\n");
                return 2;
            }
            const QString name = f.at(0);
            const QString kind = f.at(1);
            const int order = f.at(2).toInt();
            const auto timeout = std::chrono::milliseconds(f.at(3).toInt());
            const QString path = f.value(4);
            const qsizetype bytes = f.value(5).toLongLong();
            if (kind == QLatin1String("sync")) {
                shutdown.addHook(name, [] {}, timeout, order);
            } else if (kind == QLatin1String("delete")) {
                shutdown.addHook(name, [&owned] {
                    say(QStringLiteral("deleting"));
                    owned.reset();
                    say(QStringLiteral("deleted"));
                }, timeout, order);
            } else if (kind == QLatin1String("add")) {
                shutdown.addHook(name, [&shutdown] { shutdown.addHook(QStringLiteral("late"), [] {}); },
                                 timeout, order);
            } else if (kind == QLatin1String("wait")) {
                shutdown.addHook(name, [] { go.acquire(); }, timeout, order);
            } else if (kind == QLatin1String("inworker") || kind == QLatin1String("inmain")) {
                QThread *workerThread = theWorker().thread();
                const QObject *context = kind == QLatin1String("inmain") ? static_cast<QObject *>(&app)
                                                                         : theWorker().context.data();
                shutdown.addHook(name, context, [name, workerThread] {
                    say(name + QStringLiteral(" ran in ") + whereAmI(workerThread));
                }, timeout, order);
            } else if (kind == QLatin1String("inworkerasync")) {
                QThread *workerThread = theWorker().thread();
                shutdown.addAsyncHook(name, theWorker().context, [name, workerThread](GracefulShutdown::Completion c) {
                    say(name + QStringLiteral(" ran in ") + whereAmI(workerThread));
                    c.done();
                }, timeout, order);
            } else if (kind == QLatin1String("inmainwait")) {
                shutdown.addHook(name, &app, [] { go.acquire(); }, timeout, order);
            } else if (kind == QLatin1String("gone")) {
                goneContexts.push_back(std::make_unique<QObject>());
                shutdown.addHook(name, goneContexts.back().get(), [name] { say(name + QStringLiteral(" ran")); },
                                 timeout, order);
            } else if (kind == QLatin1String("workerdeletes")) {
                QPointer<QObject> context = theWorker().context;
                QObject::connect(context, &QObject::destroyed, [] { say(QStringLiteral("context destroyed")); });
                shutdown.addAsyncHook(name, context, [&workers, context](GracefulShutdown::Completion c) {
                    // Runs in the worker thread: the context goes once the hook has returned
                    // to the loop, long before done().
                    context->deleteLater();
                    workers.push_back(startWithoutRequests([c] {
                        go.acquire();
                        c.done();
                    }));
                }, timeout, order);
            } else if (kind == QLatin1String("remove")) {
                shutdown.addHook(name, [&shutdown, path] {
                    say(QStringLiteral("removed %1 %2").arg(path, shutdown.removeHook(path) ? QStringLiteral("true")
                                                                                              : QStringLiteral("false")));
                }, timeout, order);
            } else if (kind == QLatin1String("save") || kind == QLatin1String("savewait")) {
                const bool pause = kind == QLatin1String("savewait");
                shutdown.addHook(name, [path, bytes, pause] {
                    say(save(path, bytes, pause) ? QStringLiteral("saved") : QStringLiteral("save failed"));
                }, timeout, order);
            } else if (kind == QLatin1String("printf")) {
                shutdown.addHook(name, [] { std::printf("printed by printf\n"); }, timeout, order);
            } else if (kind == QLatin1String("async")) {
                shutdown.addAsyncHook(name, [](GracefulShutdown::Completion c) { c.done(); }, timeout, order);
            } else if (kind == QLatin1String("never")) {
                shutdown.addAsyncHook(name, [](GracefulShutdown::Completion) {}, timeout, order);
            } else if (kind == QLatin1String("asyncwait")) {
                shutdown.addAsyncHook(name, [&workers, mainThread](GracefulShutdown::Completion c) {
                    workers.push_back(startWithoutRequests([c, mainThread] {
                        go.acquire();
                        say(std::this_thread::get_id() != mainThread ? QStringLiteral("done from a worker thread")
                                                                     : QStringLiteral("done from the main thread"));
                        c.done();
                        c.done();   // later calls are ignored
                    }));
                }, timeout, order);
            } else {
                std::fprintf(stderr, "bad hook kind\n");
                return 2;
            }
        } else {
            std::fprintf(stderr, "bad argument\n");
            return 2;
        }
    }

    QObject::connect(&shutdown, &GracefulShutdown::shutdownRequested, [](const SignalInfo &info) {
        say(QStringLiteral("requested %1").arg(info.isValid() ? info.signal().name() : QStringLiteral("-")));
    });
    QObject::connect(&shutdown, &GracefulShutdown::hookStarted,
                     [](const QString &name) { say(QStringLiteral("started ") + name); });
    QObject::connect(&shutdown, &GracefulShutdown::hookFinished,
                     [](const QString &name) { say(QStringLiteral("finished ") + name); });
    QObject::connect(&shutdown, &GracefulShutdown::hookOverdue,
                     [](const QString &name) { say(QStringLiteral("overdue ") + name); });
    QObject::connect(&shutdown, &GracefulShutdown::forcingExit, [](GracefulShutdown::ForceReason reason) {
        say(QStringLiteral("forcing ") + QString::fromLatin1(QMetaEnum::fromType<GracefulShutdown::ForceReason>().valueToKey(reason)));
    });
    QObject::connect(&shutdown, &GracefulShutdown::finished, [] { say(QStringLiteral("finished")); });

    // Objects whose context is gone before the loop runs: their hooks are dropped.
    goneContexts.clear();
    for (const QString &name : std::as_const(removals)) {
        say(QStringLiteral("removed %1 %2").arg(name, shutdown.removeHook(name) ? QStringLiteral("true")
                                                                                : QStringLiteral("false")));
    }
    if (!properties.isEmpty()) {
        QObject::connect(&shutdown, &GracefulShutdown::deadlineChanged, [](std::chrono::milliseconds deadline) {
            say(QStringLiteral("deadlineChanged %1").arg(qint64(deadline.count())));
        });
        QObject::connect(&shutdown, &GracefulShutdown::exitModeChanged, [](GracefulShutdown::ExitMode mode) {
            say(QStringLiteral("exitModeChanged ")
                + QString::fromLatin1(QMetaEnum::fromType<GracefulShutdown::ExitMode>().valueToKey(mode)));
        });
        QObject::connect(&shutdown, &GracefulShutdown::exitCodeChanged,
                         [](int code) { say(QStringLiteral("exitCodeChanged %1").arg(code)); });
        for (const QString &assignment : std::as_const(properties)) {
            const QString property = assignment.section(u'=', 0, 0);
            const QString value = assignment.section(u'=', 1);
            // Through the meta-object, as QML or a settings loader would.
            const QVariant variant = property == QLatin1String("deadline")
                ? QVariant::fromValue(std::chrono::milliseconds(value.toLongLong()))
                : property == QLatin1String("exitCode") ? QVariant(value.toInt()) : QVariant(value);
            if (!shutdown.setProperty(property.toLatin1().constData(), variant)) {
                std::fprintf(stderr, "bad --property\n");
                return 2;
            }
        }
    }
    if (blockWorker) {
        Worker &w = theWorker();
        QMetaObject::invokeMethod(w.blocker, [&w, deleteContextOnFree] {
            freeWorker.acquire();
            say(QStringLiteral("worker free"));
            if (deleteContextOnFree)
                delete w.context;   // in its own thread, from another object's event
        });
    }

    // Commands from the test, read on a thread of their own; acted on in the main thread
    // except "go", which must reach a main thread that is stuck in a hook.
    startWithoutRequests([&] {
        char buffer[256];
        QByteArray pending;
        for (;;) {
            ssize_t n = 0;
            if (stdioStdin) {
                // Blocks inside stdio with stdin's lock held, as a program reading its
                // input with std::getline on a thread does.
                if (!std::fgets(buffer, sizeof buffer, stdin))
                    return;
                n = ssize_t(std::strlen(buffer));
            } else {
                n = ::read(STDIN_FILENO, buffer, sizeof buffer);
            }
            if (n <= 0)
                return;
            pending.append(buffer, n);
            for (qsizetype eol; (eol = pending.indexOf('\n')) >= 0; pending.remove(0, eol + 1)) {
                const QByteArray line = pending.left(eol);
                if (line == "go") {
                    go.release();
                } else if (line == "release") {
                    QMetaObject::invokeMethod(&app, [&] {
                        say(QStringLiteral("releasing"));
                        inhibitor.reset();
                    });
                } else if (line == "request") {
                    QMetaObject::invokeMethod(&shutdown, &GracefulShutdown::requestShutdown);
                } else if (line == "free") {
                    freeWorker.release();
                } else if (line == "ping" && worker) {
                    QMetaObject::invokeMethod(worker->blocker, [] { say(QStringLiteral("worker idle")); });
                }
            }
        }
    }).detach();

    say(QStringLiteral("ready %1").arg(::getpid()));
    if (raiseEarly)
        Signal(Signal::Terminate).raise();
    // GUI applications run their own exec (QGuiApplication::exec adds accessibility).
    int (*runLoop)() = &QCoreApplication::exec;
#if SN_HELPER_WIDGETS
    if (std::strcmp(appKind, "gui") == 0)
        runLoop = &QGuiApplication::exec;
    else if (std::strcmp(appKind, "widgets") == 0)
        runLoop = &QApplication::exec;
#endif
    const int code = runLoop == &QCoreApplication::exec ? shutdown.exec() : shutdown.exec(runLoop);
    say(QStringLiteral("exec returned %1").arg(code));
    if (execTwice && owned)
        say(QStringLiteral("exec again returned %1").arg(owned->exec()));
    for (std::thread &t : workers)
        t.join();
    worker.reset();
    return code;
}
