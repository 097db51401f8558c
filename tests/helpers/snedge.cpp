// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The second process of the tests for outside inputs (issue 10): fork children running
// the inherited loop, full queues behind a busy main thread, the queue capacity from the
// environment, a replaced application, threads without a loop, foreign handlers that
// restore ours, nohup, waits on blocked signals. `snedge <role> ...`; it prints what it
// saw, one line at a time (warnings as "log <category>: <text>"), and ends itself after
// 60 s (alarm) so a failing test never leaves it behind.

#include <SignalNotifier/GracefulShutdown>
#include <SignalNotifier/SignalNotifier>

#include "say.h"
#include "threadqueue.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qdir.h>
#include <QtCore/qelapsedtimer.h>
#include <QtCore/qfile.h>
#include <QtCore/qsemaphore.h>
#include <QtCore/qthread.h>
#include <QtCore/qtimer.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>
#include <sys/wait.h>
#include <unistd.h>

using namespace SN;

namespace {

void logToStdout(QtMsgType type, const QMessageLogContext &context, const QString &text)
{
    if (type == QtDebugMsg || type == QtInfoMsg)
        return;
    say(QStringLiteral("log %1: %2").arg(QString::fromLatin1(context.category ? context.category : "default"), text));
}

int openFdCount()
{
    return int(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System).size());
}

// The kernel's view of this process: is `sig` ignored / pending (process or thread)?
bool statusHas(const char *field, int sig)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return false;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(field)) {
            bool ok = false;
            const quint64 mask = line.mid(int(std::strlen(field))).trimmed().toULongLong(&ok, 16);
            return ok && (mask & (quint64(1) << (sig - 1)));
        }
    }
    return false;
}

bool pendingHere(int sig)
{
    sigset_t set;
    sigemptyset(&set);
    ::sigpending(&set);
    return sigismember(&set, sig) == 1;
}

bool blockedHere(int sig)
{
    sigset_t set;
    ::pthread_sigmask(SIG_BLOCK, nullptr, &set);
    return sigismember(&set, sig) == 1;
}

std::atomic<int> g_foreignCalls{0};

// Runs in signal-handler context: "another library's" handler.
void foreignHandler(int)
{
    g_foreignCalls.fetch_add(1);
}

// ---- fork --------------------------------------------------------------------------

// Issue 10, fault 1. The loop has run once when the process forks; the child runs the
// inherited loop (and a notifier of its own on USR2) while the test sends USR1 to the
// parent one at a time. The parent must see every one; the child none. The parent then
// sends USR2 to the child, whose own notifier must get it.
int forkSteal(int argc, char **argv)
{
    const int expected = std::atoi(argv[2]);
    QCoreApplication app(argc, argv);
    SignalNotifier inherited(Signal::User1);
    quint64 usr1 = 0;
    bool isChild = false;
    pid_t child = -1;
    QObject::connect(&inherited, &SignalNotifier::activated, &app, [&](const SignalInfo &info) {
        usr1 += info.count();
        if (isChild) {
            say(QStringLiteral("child got usr1 %1").arg(usr1));
            return;
        }
        say(QStringLiteral("parent usr1 %1").arg(usr1));
        if (usr1 < quint64(expected))
            return;
        ::kill(child, SIGUSR2);
        int status = 0;
        ::waitpid(child, &status, 0);
        say(QStringLiteral("child %1 %2")
                .arg(WIFSIGNALED(status) ? QStringLiteral("signaled") : QStringLiteral("exited"))
                .arg(WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status)));
        QCoreApplication::quit();
    });
    QTimer::singleShot(0, &app, [&] {
        // The child says (one byte on this pipe) when its own notifier is in place; only
        // then is the parent ready, so the USR2 sent at the end never precedes it.
        int childReady[2];
        if (::pipe(childReady) != 0)
            std::_Exit(5);
        child = ::fork();
        if (child < 0)
            std::_Exit(5);
        if (child > 0) {
            ::close(childReady[1]);
            char byte = 0;
            while (::read(childReady[0], &byte, 1) < 0 && errno == EINTR) {
            }
            ::close(childReady[0]);
            say(QStringLiteral("ready %1").arg(::getpid()));
            return;
        }
        ::alarm(60);
        ::close(childReady[0]);
        isChild = true;
        auto *own = new SignalNotifier(Signal::User2, &app);
        if (own->error() != Error::NoError)
            say(QStringLiteral("child error %1").arg(own->errorString()));
        QObject::connect(own, &SignalNotifier::activated, &app, [&] {
            say(QStringLiteral("child own usr2, inherited usr1 %1").arg(usr1));
            std::_Exit(0);
        });
        const char byte = 1;
        if (::write(childReady[1], &byte, 1) != 1)
            std::_Exit(5);
        ::close(childReady[1]);
    });
    return app.exec();
}

// In a fork child, a signal the parent watched acts as its previous action did:
// argv[2] "default" (USR2 ends the child), "ignore" (survives), "handler" (called once).
int forkPrevious(int argc, char **argv)
{
    const QByteArray mode = argv[2];
    struct sigaction prev = {};
    sigemptyset(&prev.sa_mask);
    prev.sa_handler = mode == "ignore" ? SIG_IGN : mode == "handler" ? foreignHandler : SIG_DFL;
    ::sigaction(SIGUSR2, &prev, nullptr);
    QCoreApplication app(argc, argv);
    SignalNotifier notifier;
    notifier.setOverrideIgnored(true);
    notifier.setWatchedSignals({Signal::User2});
    int parentGot = 0;
    QObject::connect(&notifier, &SignalNotifier::activated, &app, [&] { ++parentGot; });
    QTimer::singleShot(0, &app, [&] {
        const pid_t child = ::fork();
        if (child == 0) {
            ::alarm(60);
            ::raise(SIGUSR2);
            say(QStringLiteral("child survived calls %1 disposition %2")
                    .arg(g_foreignCalls.load())
                    .arg(int(Signal(Signal::User2).disposition())));
            std::_Exit(0);
        }
        int status = 0;
        ::waitpid(child, &status, 0);
        say(QStringLiteral("child %1 %2")
                .arg(WIFSIGNALED(status) ? QStringLiteral("signaled") : QStringLiteral("exited"))
                .arg(WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status)));
        ::raise(SIGUSR2);   // and the parent still receives
    });
    QObject::connect(&notifier, &SignalNotifier::activated, &app, [&] {
        say(QStringLiteral("parent usr2 %1").arg(parentGot));
        QCoreApplication::quit();
    });
    return app.exec();
}

// Stress: `children` fork children run the inherited loop while the parent queues
// `values` realtime values to itself from its loop, a batch per turn. The parent must
// get every one (delivered or counted); the children must get none, then each gets USR2
// through a notifier of its own and exits 0.
int forkStress(int argc, char **argv)
{
    const int children = std::atoi(argv[2]);
    const int values = std::atoi(argv[3]);
    QCoreApplication app(argc, argv);
    const int fdsBefore = openFdCount();
    const Signal rt = Signal::realtime(2);
    auto *inherited = new SignalNotifier(rt);
    bool isChild = false;
    quint64 got = 0;
    quint64 counted = 0;
    QObject::connect(inherited, &SignalNotifier::activated, &app, [&](const SignalInfo &info) {
        if (isChild) {
            say(QStringLiteral("child %1 stole a record").arg(::getpid()));
            std::_Exit(1);
        }
        if (info.isOverflow())
            counted += info.count();
        else
            ++got;
        if (got + counted == quint64(values))
            QCoreApplication::quit();
    });
    std::vector<pid_t> kids;
    int sent = 0;
    QTimer sender;
    QObject::connect(&sender, &QTimer::timeout, &app, [&] {
        for (int i = 0; i < 200 && sent < values; ++i, ++sent) {
            while (::sigqueue(::getpid(), rt.number(), sigval{sent}) != 0) {
                if (errno != EAGAIN)
                    std::_Exit(6);
                QCoreApplication::processEvents();
            }
        }
        if (sent == values)
            sender.stop();
    });
    QTimer::singleShot(0, &app, [&] {
        for (int c = 0; c < children; ++c) {
            const pid_t pid = ::fork();
            if (pid < 0)
                std::_Exit(5);
            if (pid == 0) {
                ::alarm(60);
                isChild = true;
                sender.stop();
                auto *own = new SignalNotifier(Signal::User2, &app);
                QObject::connect(own, &SignalNotifier::activated, &app, [] { std::_Exit(0); });
                if (own->error() != Error::NoError)
                    std::_Exit(7);
                return;
            }
            kids.push_back(pid);
        }
        sender.start(0);
    });
    app.exec();
    int bad = 0;
    for (pid_t pid : kids) {
        ::kill(pid, SIGUSR2);
        int status = 0;
        ::waitpid(pid, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            ++bad;
    }
    delete inherited;
    say(QStringLiteral("parent got %1 counted %2 children bad %3 fds %4")
            .arg(got).arg(counted).arg(bad).arg(openFdCount() - fdsBefore));
    return 0;
}

// ---- full queues and the capacity ----------------------------------------------------

// Issue 10, fault 2. The main thread is busy (blocked reading stdin) while the test
// floods RTMIN values and sends one TERM; when stdin gives a line the loop runs. Every
// value must be delivered or counted, and the TERM must come without further help.
int busyFlood(int argc, char **argv)
{
    const quint64 expected = quint64(std::atoll(argv[2]));
    QCoreApplication app(argc, argv);
    const int fdsBefore = openFdCount();
    auto *notifier = new SignalNotifier({Signal::realtime(0), Signal::Terminate});
    if (notifier->error() != Error::NoError)
        say(QStringLiteral("error %1").arg(notifier->errorString()));
    quint64 delivered = 0;
    quint64 counted = 0;
    quint64 terms = 0;
    std::vector<char> seen(size_t(expected), 0);
    quint64 duplicates = 0;
    auto report = [&](const QString &how) {
        say(QStringLiteral("%1 delivered %2 counted %3 duplicates %4 term %5")
                .arg(how).arg(delivered).arg(counted).arg(duplicates).arg(terms));
    };
    QObject::connect(notifier, &SignalNotifier::activated, &app, [&](const SignalInfo &info) {
        if (info.signal() == Signal::Terminate) {
            terms += info.count();
        } else if (info.isOverflow()) {
            counted += info.count();
        } else {
            ++delivered;
            const int v = info.value();
            if (v >= 0 && quint64(v) < expected) {
                if (seen[size_t(v)])
                    ++duplicates;
                seen[size_t(v)] = 1;
            }
        }
        if (terms > 0 && delivered + counted >= expected)
            QCoreApplication::quit();
    });
    say(QStringLiteral("ready %1 capacity %2").arg(::getpid()).arg(SignalNotifier::queueCapacity()));
    char line[64];
    while (::read(STDIN_FILENO, line, sizeof line) < 0 && errno == EINTR) {
    }
    QTimer::singleShot(20000, &app, [&] {
        report(QStringLiteral("stuck"));
        std::_Exit(1);
    });
    app.exec();
    report(QStringLiteral("done"));
    delete notifier;
    say(QStringLiteral("fds %1").arg(openFdCount() - fdsBefore));
    return 0;
}

// Issue 10, fault 9: the capacity the environment asked for, and that that many records
// really fit: capacity + 10 values queued to this thread before the loop runs come as
// `capacity` values and 10 counted.
int capacity(int argc, char **argv)
{
    qInstallMessageHandler(logToStdout);
    QCoreApplication app(argc, argv);
    const Signal rt = Signal::realtime(1);
    SignalNotifier notifier(rt);
    const qsizetype cap = SignalNotifier::queueCapacity();
    say(QStringLiteral("capacity %1").arg(cap));
    if (argc < 3 || QByteArray(argv[2]) != "fit")
        return 0;
    quint64 delivered = 0;
    quint64 counted = 0;
    QObject::connect(&notifier, &SignalNotifier::activated, &app, [&](const SignalInfo &info) {
        if (info.isOverflow())
            counted += info.count();
        else
            ++delivered;
        if (delivered + counted == quint64(cap) + 10)
            QCoreApplication::quit();
    });
    for (int i = 0; i < int(cap) + 10; ++i) {
        if (!queueToThisThread(rt.number(), i))
            return 4;
    }
    app.exec();
    say(QStringLiteral("delivered %1 counted %2").arg(delivered).arg(counted));
    return 0;
}

// ---- the loop changes or never runs ---------------------------------------------------

// Issue 10, fault 3: the application is replaced; a main-thread notifier keeps working,
// and a signal that arrives while there is no application is delivered by the next one.
// argv[2] "before": the notifier is made before the first application, "under": while
// the first one exists.
int newApp(int argc, char **argv)
{
    std::unique_ptr<SignalNotifier> made;
    if (QByteArray(argv[2]) == "before")
        made = std::make_unique<SignalNotifier>(Signal::User1);
    int got = 0;
    for (int round = 0; round < 3; ++round) {
        QCoreApplication app(argc, argv);
        if (!made)
            made = std::make_unique<SignalNotifier>(Signal::User1);
        SignalNotifier &notifier = *made;
        if (round == 1)
            ::raise(SIGUSR1);   // arrives between two applications, before exec
        QMetaObject::Connection c = QObject::connect(&notifier, &SignalNotifier::activated, &app, [&] {
            ++got;
            QCoreApplication::quit();
        });
        if (round != 1)
            QTimer::singleShot(0, &app, [] { ::raise(SIGUSR1); });
        QTimer::singleShot(3000, &app, [] { QCoreApplication::exit(1); });   // stuck: rc 1
        const int rc = app.exec();
        QObject::disconnect(c);
        say(QStringLiteral("round %1 rc %2 got %3").arg(round).arg(rc).arg(got));
    }
    return 0;
}

// Issue 10, fault 10: a notifier made in a std::thread (no Qt event loop), before or
// after the application exists.
int stdThread(int argc, char **argv)
{
    const bool before = QByteArray(argv[2]) == "before";
    std::unique_ptr<QCoreApplication> app;
    if (!before)
        app = std::make_unique<QCoreApplication>(argc, argv);
    std::thread plain([&] {
        SignalNotifier n(Signal::User1);
        say(QStringLiteral("error %1 disposition %2").arg(int(n.error())).arg(int(Signal(Signal::User1).disposition())));
    });
    plain.join();
    return 0;
}

// Issue 10, fault 10: a QThread whose run() never calls exec() makes a notifier; USR1
// arrives. One warning must name the thread and the signal (after
// SIGNALNOTIFIER_UNREAD_WARNING_MS), once, even if more arrive.
class NoLoopThread : public QThread
{
public:
    QSemaphore made;
    QSemaphore release;
    int error = -1;
protected:
    void run() override
    {
        auto *n = new SignalNotifier(Signal::User1);
        error = int(n->error());
        made.release();
        release.acquire();
        delete n;
    }
};

int noExec(int argc, char **argv)
{
    qInstallMessageHandler(logToStdout);
    QCoreApplication app(argc, argv);
    NoLoopThread thread;
    thread.setObjectName(QStringLiteral("NoLoopWorker"));
    thread.start();
    thread.made.acquire();
    say(QStringLiteral("error %1").arg(thread.error));
    QElapsedTimer sinceArrival;
    sinceArrival.start();
    ::raise(SIGUSR1);
    const qint64 warnAfter = qEnvironmentVariableIntValue("SIGNALNOTIFIER_UNREAD_WARNING_MS");
    // The warning comes from the library's own thread; give it ten times its delay, and
    // send more in between: the warning must still be said once.
    QTimer more;
    QObject::connect(&more, &QTimer::timeout, &app, [] { ::raise(SIGUSR1); });
    more.start(int(warnAfter / 4));
    QTimer::singleShot(int(warnAfter * 10), &app, [&] { QCoreApplication::quit(); });
    app.exec();
    say(QStringLiteral("released after %1").arg(sinceArrival.elapsed()));
    thread.release.release();
    thread.wait();
    return 0;
}

// Issue 12, trap 3: a program that forgets QCoreApplication. Its notifier is made and
// says NoError (it may legitimately come before the application), but the arrival that
// nobody can read must be named, with what is missing. The helper ends when the warning
// is logged (or after ten times its delay, as "no warning").
QSemaphore g_warned;

void logAndRelease(QtMsgType type, const QMessageLogContext &context, const QString &text)
{
    logToStdout(type, context, text);
    if (type == QtWarningMsg)
        g_warned.release();
}

int noApplication(bool shortLived)
{
    qInstallMessageHandler(logAndRelease);
    if (shortLived) {
        // Ends long before the monitor would speak: what was never read is said when the
        // notifier goes.
        {
            SignalNotifier notifier(Signal::User1);
            say(QStringLiteral("error %1").arg(int(notifier.error())));
            ::raise(SIGUSR1);
        }
        say(QStringLiteral("gone"));
        return 0;
    }
    SignalNotifier notifier(Signal::User1);
    say(QStringLiteral("error %1").arg(int(notifier.error())));
    ::raise(SIGUSR1);
    const int warnAfter = qEnvironmentVariableIntValue("SIGNALNOTIFIER_UNREAD_WARNING_MS");
    say(g_warned.tryAcquire(1, warnAfter * 10) ? QStringLiteral("warned") : QStringLiteral("no warning"));
    return 0;
}

// A SIGNALNOTIFIER_UNREAD_WARNING_MS that is no usable number: one warning, said when the
// loop monitor starts (with the first notifier, whose loop has not turned yet), and the
// signal still comes. A usable one: the warning about the signal, raised before the loop
// runs, left unread for that long. Prints the library's lines, "warned" after the first
// (or "no warning" after 30 s), then "usr1".
int unreadEnv(int argc, char **argv)
{
    qInstallMessageHandler(logAndRelease);
    QCoreApplication app(argc, argv);
    SignalNotifier notifier(Signal::User1);
    ::raise(SIGUSR1);
    say(g_warned.tryAcquire(1, 30000) ? QStringLiteral("warned") : QStringLiteral("no warning"));
    QObject::connect(&notifier, &SignalNotifier::activated, &app, [] {
        say(QStringLiteral("usr1"));
        QCoreApplication::quit();
    });
    return app.exec();
}

// Issue 12, trap 1: Hangup both a stop request and watched for a reload. argv[2]:
// "readme" (0.1's README: a notifier on terminationRequests() and one on Hangup),
// "graceful" (a default GracefulShutdown and a Hangup notifier), "daemon" (a
// GracefulShutdown on serviceStopRequests() and a Hangup notifier: no warning), "alone"
// (a GracefulShutdown only: no warning). Logs what the library said, then "done".
int hangupTrap(int argc, char **argv)
{
    qInstallMessageHandler(logToStdout);
    QCoreApplication app(argc, argv);
    const QByteArray mode = argv[2];
    std::unique_ptr<SignalNotifier> stop;
    std::unique_ptr<GracefulShutdown> shutdown;
    if (mode == "readme")
        stop = std::make_unique<SignalNotifier>(Signal::terminationRequests());
    else if (mode == "daemon")
        shutdown = std::make_unique<GracefulShutdown>(Signal::serviceStopRequests());
    else
        shutdown = std::make_unique<GracefulShutdown>();
    std::unique_ptr<SignalNotifier> reload;
    if (mode != "alone")
        reload = std::make_unique<SignalNotifier>(Signal::Hangup);
    // A second reloader: the warning is said once.
    std::unique_ptr<SignalNotifier> again;
    if (mode != "alone")
        again = std::make_unique<SignalNotifier>(Signal::Hangup);
    say(QStringLiteral("done"));
    return 0;
}

// ---- foreign handlers ---------------------------------------------------------------

// Issue 10, fault 5b: another library saves our INT action, we stop watching (theirs
// stays), it puts ours back. INT must then act as the action before us: argv[2]
// "default" (dies by INT), "ignore" (survives), "handler" (that handler runs once).
int foreignRestore(int argc, char **argv)
{
    const QByteArray mode = argv[2];
    struct sigaction before = {};
    sigemptyset(&before.sa_mask);
    before.sa_handler = mode == "ignore" ? SIG_IGN : mode == "handler" ? foreignHandler : SIG_DFL;
    ::sigaction(SIGINT, &before, nullptr);
    QCoreApplication app(argc, argv);
    auto *notifier = new SignalNotifier;
    notifier->setOverrideIgnored(true);
    notifier->setWatchedSignals({Signal::Interrupt});
    struct sigaction theirs = {};
    sigemptyset(&theirs.sa_mask);
    theirs.sa_handler = foreignHandler;
    struct sigaction saved = {};
    ::sigaction(SIGINT, &theirs, &saved);   // the other library, saving ours
    delete notifier;                         // theirs stays
    ::sigaction(SIGINT, &saved, nullptr);    // it puts ours back
    g_foreignCalls = 0;
    say(QStringLiteral("disposition %1").arg(int(Signal(Signal::Interrupt).disposition())));
    ::raise(SIGINT);
    say(QStringLiteral("survived calls %1").arg(g_foreignCalls.load()));
    return 0;
}

// ---- nohup: started with HUP ignored ----------------------------------------------------

int hupState(const char *label)
{
    say(QStringLiteral("%1 sigign %2 disposition %3")
            .arg(QString::fromLatin1(label))
            .arg(int(statusHas("SigIgn:", SIGHUP)))
            .arg(int(Signal(Signal::Hangup).disposition())));
    return 0;
}

// Issue 10, fault 6: a plain Hangup notifier and a wait on Hangup (argv[2] "timeout":
// the wait times out; "taken": HUP arrives during the wait and the wait takes it).
// Afterwards HUP is ignored by the kernel again and the plain notifier never gets it.
int nohupWait(int argc, char **argv)
{
    const bool taken = QByteArray(argv[2]) == "taken";
    QCoreApplication app(argc, argv);
    SignalNotifier plain(Signal::Hangup);
    SignalNotifier marker(Signal::User1);
    int hups = 0;
    QObject::connect(&plain, &SignalNotifier::activated, &app, [&] { ++hups; });
    say(QStringLiteral("keptIgnored %1").arg(int(plain.keptIgnored().contains(Signal::Hangup))));
    std::atomic<bool> stop{false};
    std::thread sender;
    if (taken) {
        sender = std::thread([&] {
            while (!stop.load()) {
                ::kill(::getpid(), SIGHUP);
                std::this_thread::yield();
            }
        });
    }
    Error error;
    const auto got = Signal::waitForAny({Signal::Hangup}, QDeadlineTimer(taken ? 10000 : 200), &error);
    stop = true;
    if (sender.joinable())
        sender.join();
    say(QStringLiteral("wait %1").arg(got ? got->signal().name() : QStringLiteral("none")));
    hupState("after");
    ::raise(SIGHUP);
    ::raise(SIGUSR1);
    QObject::connect(&marker, &SignalNotifier::activated, &app, [&] {
        QTimer::singleShot(0, &app, [] { QCoreApplication::quit(); });
    });
    app.exec();
    say(QStringLiteral("plain hups %1").arg(hups));
    return 0;
}

// Issue 10, fault 6: an overriding notifier gets HUP, the plain one never; once the
// overrider goes, HUP is ignored by the kernel again.
int nohupOverride(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    SignalNotifier plain(Signal::Hangup);
    auto *overrider = new SignalNotifier;
    overrider->setOverrideIgnored(true);
    overrider->setWatchedSignals({Signal::Hangup});
    int plainHups = 0;
    int overriderHups = 0;
    QObject::connect(&plain, &SignalNotifier::activated, &app, [&] { ++plainHups; });
    QObject::connect(overrider, &SignalNotifier::activated, &app, [&] {
        ++overriderHups;
        QTimer::singleShot(0, &app, [] { QCoreApplication::quit(); });
    });
    hupState("overridden");
    ::raise(SIGHUP);
    QTimer::singleShot(10000, &app, [] { QCoreApplication::exit(1); });
    const int rc = app.exec();
    say(QStringLiteral("rc %1 overrider %2 plain %3").arg(rc).arg(overriderHups).arg(plainHups));
    delete overrider;
    hupState("after");
    ::raise(SIGHUP);
    SignalNotifier marker(Signal::User1);
    QObject::connect(&marker, &SignalNotifier::activated, &app, [&] {
        QTimer::singleShot(0, &app, [] { QCoreApplication::quit(); });
    });
    ::raise(SIGUSR1);
    app.exec();
    say(QStringLiteral("plain %1").arg(plainHups));
    return 0;
}

// Issue 10, fault 6: GracefulShutdown under nohup, after a wait on Hangup, survives a
// HUP from outside; USR1 then ends it normally.
int nohupGraceful(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    GracefulShutdown shutdown;
    QObject::connect(&shutdown, &GracefulShutdown::shutdownRequested, &app, [](const SignalInfo &info) {
        say(QStringLiteral("shutdown requested by %1").arg(info.signal().name()));
    });
    Signal::waitForAny({Signal::Hangup}, QDeadlineTimer(100));
    SignalNotifier marker(Signal::User1);
    QObject::connect(&marker, &SignalNotifier::activated, &app, [] {
        say(QStringLiteral("alive"));
        QCoreApplication::quit();
    });
    hupState("ready");
    say(QStringLiteral("pid %1").arg(::getpid()));
    return app.exec();
}

// ---- waits on blocked signals ----------------------------------------------------------

// Issue 10, fault 7: USR1 blocked in every thread (argv[2] "thread": a worker started
// after blocking inherits it), then a wait on USR1; the test sends one USR1. The wait
// takes it, nothing stays pending, the mask is as before, and unblocking is harmless.
int blockedWait(int argc, char **argv)
{
    Signal::setBlockedInThisThread({Signal::User1}, true);
    QCoreApplication app(argc, argv);
    QThread worker;
    if (argc > 2 && QByteArray(argv[2]) == "thread")
        worker.start();
    say(QStringLiteral("waiting %1").arg(::getpid()));
    Error error;
    const auto got = Signal::waitForAny({Signal::User1}, QDeadlineTimer(10000), &error);
    if (got) {
        say(QStringLiteral("got %1 from %2").arg(got->signal().name()).arg(got->senderPid()));
    } else {
        say(QStringLiteral("none %1").arg(error.text()));
    }
    say(QStringLiteral("pending %1 blocked %2 disposition %3")
            .arg(int(pendingHere(SIGUSR1) || statusHas("ShdPnd:", SIGUSR1)))
            .arg(int(blockedHere(SIGUSR1)))
            .arg(int(Signal(Signal::User1).disposition())));
    worker.quit();
    worker.wait();
    Signal::setBlockedInThisThread({Signal::User1}, false);
    say(QStringLiteral("alive"));
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    ::alarm(60);   // self-timeout: SIGALRM's default action ends a stuck helper
    const QByteArray role = argc > 1 ? QByteArray(argv[1]) : QByteArray();
    if (role == "forksteal" && argc > 2)
        return forkSteal(argc, argv);
    if (role == "forkprevious" && argc > 2)
        return forkPrevious(argc, argv);
    if (role == "forkstress" && argc > 3)
        return forkStress(argc, argv);
    if (role == "busyflood" && argc > 2)
        return busyFlood(argc, argv);
    if (role == "capacity")
        return capacity(argc, argv);
    if (role == "newapp" && argc > 2)
        return newApp(argc, argv);
    if (role == "stdthread" && argc > 2)
        return stdThread(argc, argv);
    if (role == "noexec")
        return noExec(argc, argv);
    if (role == "noapp")
        return noApplication(argc > 2 && QByteArray(argv[2]) == "short");
    if (role == "unreadenv")
        return unreadEnv(argc, argv);
    if (role == "huptrap" && argc > 2)
        return hangupTrap(argc, argv);
    if (role == "foreignrestore" && argc > 2)
        return foreignRestore(argc, argv);
    if (role == "nohupwait" && argc > 2)
        return nohupWait(argc, argv);
    if (role == "nohupoverride")
        return nohupOverride(argc, argv);
    if (role == "nohupgraceful")
        return nohupGraceful(argc, argv);
    if (role == "blockedwait")
        return blockedWait(argc, argv);
    std::fprintf(stderr, "snedge: unknown role\n");
    return 2;
}
