// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The application tst_logind drives, on the system bus at DBUS_SYSTEM_BUS_ADDRESS.
//
//   logindhelper --graceful   a GracefulShutdown (the termination requests, Shutdown among
//                             them) with one hook "save" that finishes on "go"
//   logindhelper --watch      a SignalNotifier watching Shutdown, which never releases
//                             the hold by itself
//   logindhelper --idle       the SignalNotifier, watching nothing until "watch"
//   logindhelper --idle --early-short
//                             also another SignalNotifier watching Shutdown, made before
//                             the QCoreApplication, which is made with room for only a few
//                             more descriptors (the limit put back afterwards): the library
//                             cannot start its thread for logind with the application
//                             ("early activated <...>" when it comes)
//   logindhelper --new-application
//                             a SignalNotifier watching Shutdown, made under a first
//                             QCoreApplication that "next" destroys; a second one is made
//                             and the notifier, which outlived the first, goes on watching
//                             ("ready again" once that loop runs; "release" and "quit" as
//                             below)
//   logindhelper --fork-child-watches
//                             a SignalNotifier watching Shutdown; "fork" ends the loop
//                             and makes a child in which that notifier stops watching it
//                             ("child unwatched") and another watches it ("child watch
//                             ok=<0|1> error=<code> text=<errorString>"),
//                             runs the loop for 200 ms ("child loop ended"), destroys the
//                             QCoreApplication and ends with _exit(0); the parent waits for
//                             it ("child ended <wait status>") and runs its loop again
// All but the last two also watch SIGUSR1 ("usr1" when it comes), to show the rest goes on
// as usual.
// With --graceful also:
//   --release-in-slot         a second SignalNotifier watching Shutdown, whose slot calls
//                             Session::releaseHold() for a held one ("other released"), as
//                             Session's documentation shows a program without a
//                             GracefulShutdown doing
//   --own-loop                main runs QCoreApplication::exec() (again after it returns,
//                             saying "loop ended"), not GracefulShutdown::exec(), so that
//                             the process lives on when the GracefulShutdown is destroyed
//
// Prints "ready" once its loop runs; "requested <name> held=<0|1> holding=<0|1>
// remaining=<ms> code=<codeName> forced=<ms> deadline=<ms> instants=<ns>,<ns>,<ns>" when
// GracefulShutdown starts (forced: forcedExitDeadline()'s remaining time; deadline:
// deadline(); instants: holdDeadline() twice and forcedExitDeadline(), deadlineNSecs());
// "hook started",
// "forcing exit", "finished"; "activated <name> held=<0|1> holding=<0|1> remaining=<ms>
// code=<codeName>" for the notifier.
// Lines on stdin: "go", "release" (Session::releaseHold()), "destroy" (deletes the
// GracefulShutdown: "destroyed"), "watch", "unwatch",
// "watch-short fds" / "watch-short threads" / "watch-short thread" / "watch-short
// two-threads" (watch() while the process has room for only two more descriptors / no more
// threads / one more thread / two, the limit put back afterwards: "watch-short ok=<0|1>
// error=<code> watching=<names> text=<errorString> qtdbus=<0|1>", qtdbus: whether Qt
// D-Bus's thread, QDBusConnectionManager, exists by now),
// "holding" (prints "holding <0|1>"), "fork" (a child that lives until this process
// ends, doing nothing: "forked"), "quit". Ends itself after 60 s.

#include "helperio.h"
#include "procthreads.h"

#include <SignalNotifier/GracefulShutdown>
#include <SignalNotifier/Session>
#include <SignalNotifier/SignalNotifier>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qdeadlinetimer.h>
#include <QtCore/qthread.h>
#include <QtCore/qtimer.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace SN;

namespace {

QByteArray describe(const SignalInfo &info)
{
    const qint64 remaining = Session::holdDeadline().remainingTime();
    return info.signal().name().toUtf8() + " held=" + (info.isHeld() ? "1" : "0")
        + " holding=" + (Session::isHolding() ? "1" : "0")
        + " remaining=" + QByteArray::number(remaining) + " code=" + info.codeName().toUtf8();
}

int lowestFreeDescriptor()
{
    int lowestFree = 0;
    while (::fcntl(lowestFree, F_GETFD) != -1 || errno != EBADF)
        ++lowestFree;
    return lowestFree;
}

enum class Short { Descriptors, Threads, OneThread, TwoThreads };

// watcher.watch(Signal::Shutdown) while the process is short of descriptors (room for two
// more: the library's thread for logind needs eight), of threads (none), or has room for
// one thread only (the library needs two: its own and Qt D-Bus's) or two, the limit put back
// afterwards. For threads as root, who is exempt from RLIMIT_NPROC (setrlimit(2)): the
// real and effective user become nobody, alone in its count with this process's threads,
// with root kept as the saved user to come back to (setresuid(2)). The kernel counts a
// new thread against the limit with the new one (kernel/fork.c: over the limit when the
// count, it included, exceeds it): a limit of this process's threads plus n leaves room
// for exactly n.
bool watchShort(SignalNotifier &watcher, Short what)
{
    const bool threads = what != Short::Descriptors;
    if (threads) {
        // The only other thread here is the library's loop monitor, which ends by itself
        // within a second or so of the loops' first turn; ending inside the window, it
        // would leave room for one thread more than counted (seen with both CPUs busy:
        // "one thread" accepted, the monitor not even named yet when looked for by name).
        // Polled: it has no signal to wait for.
        const QDeadlineTimer patience(10000);
        while (threadsOfThisProcess() > 1 && !patience.hasExpired())
            QThread::msleep(10);
    }
    const int resource = threads ? RLIMIT_NPROC : RLIMIT_NOFILE;
    struct rlimit old = {};
    if (::getrlimit(resource, &old) != 0)
        std::_Exit(5);
    struct rlimit tight = old;
    const bool asRoot = threads && ::geteuid() == 0;
    if (what == Short::Descriptors)
        tight.rlim_cur = rlim_t(lowestFreeDescriptor() + 2);
    else
        tight.rlim_cur = what == Short::Threads ? 1 : rlim_t(threadsOfThisProcess() + (what == Short::OneThread ? 1 : 2));
    if (asRoot && ::setresuid(65534, 65534, 0) != 0)
        std::_Exit(5);
    if (::setrlimit(resource, &tight) != 0)
        std::_Exit(5);
    const bool ok = watcher.watch(Signal::Shutdown);
    if (::setrlimit(resource, &old) != 0)
        std::_Exit(5);
    if (asRoot && ::setresuid(0, 0, 0) != 0)
        std::_Exit(5);
    return ok;
}

bool wants(int argc, char **argv, const char *option)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], option) == 0)
            return true;
    }
    return false;
}

// --early-short: the notifier made before the application, and the application made with
// room for `room` more descriptors, too few for the library's logind thread (eight).
struct EarlyShort {
    explicit EarlyShort(int &argc, char **argv)
    {
        wanted = wants(argc, argv, "--early-short");
        if (!wanted)
            return;
        notifier.emplace(Signal::Shutdown);
        if (::getrlimit(RLIMIT_NOFILE, &old) != 0)
            std::_Exit(5);
        struct rlimit tight = old;
        tight.rlim_cur = rlim_t(lowestFreeDescriptor() + 4);
        if (::setrlimit(RLIMIT_NOFILE, &tight) != 0)
            std::_Exit(5);
    }
    // Once the QCoreApplication is made.
    void putLimitBack()
    {
        if (wanted && ::setrlimit(RLIMIT_NOFILE, &old) != 0)
            std::_Exit(5);
    }
    bool wanted = false;
    struct rlimit old = {};
    std::optional<SignalNotifier> notifier;
};

void sayActivated(SignalNotifier &notifier)
{
    QObject::connect(&notifier, &SignalNotifier::activated,
                     [](const SignalInfo &info) { say("activated " + describe(info)); });
}

// --new-application
int newApplication(int argc, char **argv)
{
    std::optional<SignalNotifier> watcher;
    for (const char *ready : {"ready", "ready again"}) {
        QCoreApplication app(argc, argv);
        if (!watcher) {
            watcher.emplace(Signal::Shutdown);
            sayActivated(*watcher);
        }
        const HelperIo::Commands commands([](const HelperIo::Command &c) {
            if (c.name == "release") {
                Session::releaseHold();
                say("released");
            } else if (c.name == "next" || c.name == "quit") {
                QCoreApplication::quit();
            }
        });
        QTimer::singleShot(0, [ready] { say(ready); });
        app.exec();
    }
    return 0;
}

// --fork-child-watches
int forkChildWatches(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    SignalNotifier watcher(Signal::Shutdown);
    sayActivated(watcher);
    bool forkNext = false;
    const HelperIo::Commands commands([&forkNext](const HelperIo::Command &c) {
        forkNext = c.name == "fork";
        if (forkNext || c.name == "quit")
            QCoreApplication::quit();
    });
    QTimer::singleShot(0, [] { say("ready"); });
    app.exec();
    if (!forkNext)
        return 0;
    const pid_t child = ::fork();
    if (child == 0) {
        {
            // The parent's watcher, inherited, stops watching first: nothing to say yet.
            watcher.unwatch(Signal::Shutdown);
            say("child unwatched");
            SignalNotifier own;
            const bool ok = own.watch(Signal::Shutdown);
            say("child watch ok=" + QByteArray(ok ? "1" : "0") + " error=" + QByteArray::number(int(own.error()))
                + " text=" + own.errorString().toUtf8());
            QTimer::singleShot(200, [] { QCoreApplication::quit(); });
            app.exec();
            say("child loop ended");
        }
        // What the library does when the QCoreApplication goes (its post routines), as at
        // the end of main; then _exit(), as the docs ask of such a child: exit() would wait
        // in Qt D-Bus's exit handler for the parent's Qt D-Bus thread for ever.
        app.~QCoreApplication();
        ::_exit(0);
    }
    int status = 0;
    if (child < 0 || ::waitpid(child, &status, 0) != child)
        std::_Exit(5);
    say("child ended " + QByteArray::number(status));
    return app.exec();   // until "quit"
}

} // namespace

int main(int argc, char **argv)
{
    if (wants(argc, argv, "--new-application"))
        return newApplication(argc, argv);
    if (wants(argc, argv, "--fork-child-watches"))
        return forkChildWatches(argc, argv);
    EarlyShort early(argc, argv);
    QCoreApplication app(argc, argv);
    early.putLimitBack();
    if (early.notifier) {
        QObject::connect(&*early.notifier, &SignalNotifier::activated,
                         [](const SignalInfo &info) { say("early activated " + describe(info)); });
    }
    const bool graceful = app.arguments().contains(QStringLiteral("--graceful"));
    const bool releaseInSlot = app.arguments().contains(QStringLiteral("--release-in-slot"));
    const bool ownLoop = app.arguments().contains(QStringLiteral("--own-loop"));
    const bool idle = app.arguments().contains(QStringLiteral("--idle"));

    SignalNotifier usr1(Signal::User1);
    QObject::connect(&usr1, &SignalNotifier::activated, [] { say("usr1"); });

    std::optional<GracefulShutdown> shutdown;
    std::optional<GracefulShutdown::Completion> pending;
    SignalNotifier watcher;
    if (graceful) {
        shutdown.emplace();
        QObject::connect(&*shutdown, &GracefulShutdown::shutdownRequested,
                         [&shutdown](const SignalInfo &info) {
                             say("requested " + describe(info)
                                 + " forced=" + QByteArray::number(shutdown->forcedExitDeadline().remainingTime())
                                 + " deadline=" + QByteArray::number(qint64(shutdown->deadline().count()))
                                 + " instants=" + QByteArray::number(Session::holdDeadline().deadlineNSecs())
                                 + ',' + QByteArray::number(Session::holdDeadline().deadlineNSecs())
                                 + ',' + QByteArray::number(shutdown->forcedExitDeadline().deadlineNSecs()));
                         });
        shutdown->addAsyncHook(QStringLiteral("save"), [&pending](GracefulShutdown::Completion done) {
            say("hook started");
            pending = done;
        }, std::chrono::seconds(30));
        QObject::connect(&*shutdown, &GracefulShutdown::forcingExit, [] { say("forcing exit"); });
        QObject::connect(&*shutdown, &GracefulShutdown::finished, [] { say("finished"); });
    }
    if ((!graceful && !idle) || releaseInSlot)
        watcher.watch(Signal::Shutdown);
    QObject::connect(&watcher, &SignalNotifier::activated, [releaseInSlot](const SignalInfo &info) {
        say("activated " + describe(info));
        if (releaseInSlot && info.isHeld()) {
            Session::releaseHold();
            say("other released");
        }
    });

    const HelperIo::Commands commands([&](const HelperIo::Command &c) {
        if (c.name == "go" && pending) {
            pending->done();
        } else if (c.name == "destroy") {
            shutdown.reset();
            say("destroyed");
        } else if (c.name == "release") {
            Session::releaseHold();
            say("released");
        } else if (c.name == "watch") {
            watcher.watch(Signal::Shutdown);
            say("watching");
        } else if (c.name == "watch-short") {
            const Short what = c.argument == "fds" ? Short::Descriptors
                : c.argument == "threads"            ? Short::Threads
                : c.argument == "thread"             ? Short::OneThread
                                                     : Short::TwoThreads;
            const bool ok = watchShort(watcher, what);
            QStringList names;
            for (Signal w : watcher.watchedSignals())
                names.append(w.name());
            say("watch-short ok=" + QByteArray(ok ? "1" : "0") + " error=" + QByteArray::number(int(watcher.error()))
                + " watching=" + names.join(QLatin1Char(',')).toUtf8() + " text=" + watcher.errorString().toUtf8()
                + " qtdbus=" + (threadsOfThisProcess("QDBusConnection") > 0 ? "1" : "0"));
        } else if (c.name == "unwatch") {
            watcher.unwatch(Signal::Shutdown);
            say("unwatched");
        } else if (c.name == "holding") {
            say(QByteArray("holding ") + (Session::isHolding() ? "1" : "0"));
        } else if (c.name == "fork") {
            int gate[2];
            if (::pipe2(gate, O_CLOEXEC) != 0)
                std::_Exit(5);
            const pid_t child = ::fork();
            if (child == 0) {
                // Lives, doing nothing, until the parent ends (end of file on the gate).
                ::close(gate[1]);
                char byte;
                while (::read(gate[0], &byte, 1) > 0) {
                }
                ::_exit(0);
            }
            ::close(gate[0]);   // the write end stays open in the parent, never written
            say("forked " + QByteArray::number(child));
        } else if (c.name == "quit") {
            QCoreApplication::quit();
        }
    });

    QTimer::singleShot(0, [] { say("ready"); });
    if (ownLoop) {
        app.exec();
        say("loop ended");
        return app.exec();
    }
    return shutdown ? shutdown->exec() : app.exec();
}
