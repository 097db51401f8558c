// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The second process of the multi-process tests. `snhelper <role> ...`; it prints what
// it saw, one line at a time, flushed, and ends itself after 30 s (alarm) so a failing
// test never leaves it behind.

#include <SignalNotifier/SignalNotifier>

#include "say.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qdir.h>
#include <QtCore/qfile.h>
#include <QtCore/qthread.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace SN;

namespace {

QList<int> openFds()
{
    QList<int> fds;
    for (const QString &fd : QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System))
        fds.append(fd.toInt());
    return fds;
}

QString joined(const QList<int> &fds)
{
    QStringList parts;
    for (int fd : fds)
        parts.append(QString::number(fd));
    return parts.join(u',');
}

// A notifier on USR1 is made before QCoreApplication exists and USR1 arrives then;
// it must still be delivered once the loop runs.
int early(int argc, char **argv)
{
    SignalNotifier notifier(Signal::User1);
    Signal(Signal::User1).raise();
    QCoreApplication app(argc, argv);
    QObject::connect(&notifier, &SignalNotifier::activated, &app, [](const SignalInfo &info) {
        say(QStringLiteral("activated %1 count %2").arg(info.signal().name()).arg(info.count()));
        QCoreApplication::quit();
    });
    return app.exec();
}

// After fork() the child must not reach the parent's notifier, and must behave as if the
// library were not there (USR1's default action ends it).
int forked(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    SignalNotifier notifier({Signal::User1, Signal::User2});
    int usr1 = 0;
    QObject::connect(&notifier, &SignalNotifier::activated, &app, [&](const SignalInfo &info) {
        if (info.signal() == Signal::User1)
            ++usr1;
        if (info.signal() == Signal::User2) {
            say(QStringLiteral("parent usr1 %1").arg(usr1));
            QCoreApplication::quit();
        }
    });
    const pid_t child = ::fork();
    if (child == 0) {
        ::kill(::getpid(), SIGUSR1);
        std::_Exit(0);   // reached only if USR1 did not take its default action
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    say(QStringLiteral("child %1 %2")
            .arg(WIFSIGNALED(status) ? QStringLiteral("signaled") : QStringLiteral("exited"))
            .arg(WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status)));
    Signal(Signal::User2).raise();
    return app.exec();
}

// exec() with live notifiers: the new program must hold none of our descriptors.
int execs(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QList<int> before = openFds();
    SignalNotifier notifier({Signal::User1, Signal::Terminate});
    QList<int> ours;
    for (int fd : openFds()) {
        if (!before.contains(fd))
            ours.append(fd);
    }
    say(QStringLiteral("ours %1").arg(joined(ours)));
    ::execl(argv[0], argv[0], "listfds", static_cast<char *>(nullptr));
    return 4;
}

int listfds()
{
    say(QStringLiteral("open %1").arg(joined(openFds())));
    return 0;
}

// Out of descriptors: the notifier says so and leaves the process as it was.
int nofd(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // UBSan checks a class's type once and caches it, but the check needs a pipe of its
    // own: make that first check happen while there are descriptors.
    delete new SignalNotifier;
    struct rlimit old;
    ::getrlimit(RLIMIT_NOFILE, &old);
    struct rlimit tight = old;
    const QList<int> open = openFds();
    int lowestFree = 0;
    while (open.contains(lowestFree))
        ++lowestFree;
    tight.rlim_cur = rlim_t(lowestFree);   // no room for one more descriptor
    ::setrlimit(RLIMIT_NOFILE, &tight);
    {
        SignalNotifier notifier(Signal::User1);
        say(QStringLiteral("error %1 disposition %2 message %3")
                .arg(int(notifier.error()))
                .arg(int(Signal(Signal::User1).disposition()))
                .arg(notifier.errorString()));
    }
    ::setrlimit(RLIMIT_NOFILE, &old);
    SignalNotifier again(Signal::User1);
    QObject::connect(&again, &SignalNotifier::activated, &app, [] {
        say(QStringLiteral("recovered"));
        QCoreApplication::quit();
    });
    say(QStringLiteral("again %1").arg(int(again.error())));
    Signal(Signal::User1).raise();
    return app.exec();
}

// Sends `count` signals to `pid`, with values 0..count-1 when `queue`; retries while the
// receiver's queue is full (sigqueue EAGAIN), so every one is sent.
int sender(bool queue, int argc, char **argv)
{
    if (argc < 5)
        return 2;
    const Signal sig = Signal::fromName(QString::fromLocal8Bit(argv[2]));
    const pid_t pid = pid_t(std::atoi(argv[3]));
    const int count = std::atoi(argv[4]);
    for (int i = 0; i < count; ++i) {
        for (;;) {
            const int rc = queue ? ::sigqueue(pid, sig.number(), sigval{i}) : ::kill(pid, sig.number());
            if (rc == 0)
                break;
            if (errno != EAGAIN) {
                say(QStringLiteral("error %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
                return 1;
            }
            sched_yield();
        }
    }
    say(QStringLiteral("sent %1").arg(count));
    return 0;
}

// Receives `count` values of RTMIN and reports whether they came complete and in order.
// "strict": the recipe for several threads (README): RTMIN blocked before any thread
// starts, then unblocked in the main thread only; a worker thread watches it too.
int rtreceive(int argc, char **argv, bool strict)
{
    const Signal rt = Signal::realtime(0);
    if (strict)
        Signal::setBlockedInThisThread({rt}, true);
    QCoreApplication app(argc, argv);
    const int count = argc > 2 ? std::atoi(argv[2]) : 0;
    struct Tally
    {
        int received = 0;
        int next = 0;
        bool inOrder = true;
        quint64 overflow = 0;
        void take(const SignalInfo &info)
        {
            if (info.isOverflow()) {
                overflow += info.count();
                return;
            }
            inOrder = inOrder && info.value() == next;
            next = info.value() + 1;
            ++received;
        }
    };
    Tally mainTally;
    QAtomicInt workerReceived = 0;
    QAtomicInt workerInOrder = 1;
    QThread worker;
    std::atomic<SignalNotifier *> workerNotifier{nullptr};
    if (strict) {
        worker.start();   // inherits the blocked mask
        QObject context;
        context.moveToThread(&worker);
        QMetaObject::invokeMethod(&context, [&] {
            auto *n = new SignalNotifier(rt);
            workerNotifier = n;
            QObject::connect(n, &SignalNotifier::activated, n,
                             [&, next = 0](const SignalInfo &info) mutable {
                                 if (info.value() != next)
                                     workerInOrder = 0;
                                 next = info.value() + 1;
                                 workerReceived.ref();
                             });
        }, Qt::BlockingQueuedConnection);
        context.moveToThread(nullptr);
    }
    SignalNotifier notifier(rt);
    QObject::connect(&notifier, &SignalNotifier::activated, &app, [&](const SignalInfo &info) {
        mainTally.take(info);
        if (mainTally.received + int(mainTally.overflow) < count)
            return;
        if (strict) {
            // The worker drains its own channel; wait until it has all of them too.
            while (workerReceived.loadRelaxed() < count)
                QThread::yieldCurrentThread();
        }
        QCoreApplication::quit();
    });
    if (strict)
        Signal::setBlockedInThisThread({rt}, false);
    say(QStringLiteral("ready %1").arg(::getpid()));
    app.exec();
    say(QStringLiteral("received %1 inorder %2 overflow %3")
            .arg(mainTally.received).arg(int(mainTally.inOrder)).arg(mainTally.overflow));
    if (strict) {
        say(QStringLiteral("worker %1 inorder %2").arg(workerReceived.loadRelaxed()).arg(workerInOrder.loadRelaxed()));
        SignalNotifier *n = workerNotifier.load();
        QMetaObject::invokeMethod(n, [n] { delete n; }, Qt::BlockingQueuedConnection);
        worker.quit();
        worker.wait();
    }
    return 0;
}

// Watches the signal named in argv[2], sends it to itself, and on its activation ends
// the way a supervisor expects (Signal::endProcess), with the library's handler still in.
int endby(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const Signal signal = Signal::fromName(QString::fromLatin1(argv[2]));
    SignalNotifier notifier(signal);
    QObject::connect(&notifier, &SignalNotifier::activated, [](const SignalInfo &info) {
        info.signal().endProcess();
    });
    signal.send(::getpid());
    return app.exec();   // not reached: endProcess() does not return
}

} // namespace

int main(int argc, char **argv)
{
    ::alarm(30);   // self-timeout: SIGALRM's default action ends a stuck helper
    const QByteArray role = argc > 1 ? QByteArray(argv[1]) : QByteArray();
    if (role == "early")
        return early(argc, argv);
    if (role == "fork")
        return forked(argc, argv);
    if (role == "exec")
        return execs(argc, argv);
    if (role == "listfds")
        return listfds();
    if (role == "nofd")
        return nofd(argc, argv);
    if (role == "rtreceive")
        return rtreceive(argc, argv, false);
    if (role == "rtreceive-strict")
        return rtreceive(argc, argv, true);
    if (role == "endby" && argc > 2)
        return endby(argc, argv);
    if (role == "kill")
        return sender(false, argc, argv);
    if (role == "sigqueue")
        return sender(true, argc, argv);
    std::fprintf(stderr, "snhelper: unknown role\n");
    return 2;
}
