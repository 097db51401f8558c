// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The helper of tst_pipebudget: `snpipes <uid> <threads> <burst>`, started as root. It
// becomes user <uid> (no capabilities: the pipe budget applies, pipe(7)), then says, one
// line each:
//   default N          the size of a new pipe of the user before anything
//   capacity N         queueCapacity() of each of <threads> idle notifier threads
//   fresh N            the size of a new pipe with all of them idle
//   usedup N           the size of a new pipe once the helper's own pipes used the budget up
//   usedup-capacity N  queueCapacity() of a notifier made then
//   burst delivered D counted C inorder|notinorder
//                      what one idle thread got of <burst> realtime values (0: no burst)
// Ends itself after 60 s (alarm), so a failing test never leaves it behind.

#include <SignalNotifier/SignalNotifier>

#include "pipes.h"
#include "say.h"
#include "workerthread.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qsemaphore.h>

#include <cstdlib>
#include <grp.h>
#include <memory>
#include <sys/prctl.h>
#include <vector>

using namespace SN;

namespace {

// Uses up the user's pipe budget with pipes of our own, the way many idle programs with
// large pipes would: full-size pipes until the system refuses to grow one (the budget
// would be exceeded), then default ones until a new pipe comes out small. Only the read
// ends are kept: a pipe is accounted while either end is open.
std::vector<int> useUpBudget(int defaultSize)
{
    std::vector<int> kept;
    for (int i = 0; i < 4096; ++i) {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0)
            break;
        ::close(fds[1]);
        kept.push_back(fds[0]);
        if (::fcntl(fds[0], F_SETPIPE_SZ, 1 << 20) < 0)
            break;
    }
    for (int i = 0; i < 4096 && freshPipeSize() >= defaultSize; ++i) {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0)
            break;
        ::close(fds[1]);
        kept.push_back(fds[0]);
    }
    return kept;
}

} // namespace

int main(int argc, char **argv)
{
    ::alarm(60);   // self-timeout: SIGALRM's default action ends a stuck helper
    if (argc < 4)
        return 2;
    const uid_t uid = uid_t(std::strtoul(argv[1], nullptr, 10));
    const int threads = std::atoi(argv[2]);
    const int burst = std::atoi(argv[3]);
    // Before any thread exists. Dropping root drops every capability, so the budget that
    // root is exempt from applies; dumpable again, so that sanitizers can read /proc/self.
    if (::setgroups(0, nullptr) != 0 || ::setresgid(uid, uid, uid) != 0 || ::setresuid(uid, uid, uid) != 0) {
        std::perror("snpipes: cannot become the test's user");
        return 4;
    }
    ::prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
    const int defaultSize = freshPipeSize();
    say(QStringLiteral("default %1").arg(defaultSize));

    QCoreApplication app(argc, argv);
    const Signal rt = Signal::realtime(1);
    std::vector<std::unique_ptr<WorkerThread>> workers;
    std::vector<SignalNotifier *> notifiers(size_t(threads), nullptr);
    OrderTally tally;   // of the first thread
    QSemaphore done;
    qsizetype capacity = -1;
    for (int t = 0; t < threads; ++t) {
        workers.push_back(std::make_unique<WorkerThread>());
        workers.back()->run([&, t] {
            notifiers[size_t(t)] = new SignalNotifier(rt);
            if (notifiers[size_t(t)]->error() != Error::NoError)
                say(QStringLiteral("error %1").arg(notifiers[size_t(t)]->errorString()));
            const qsizetype c = SignalNotifier::queueCapacity();
            if (capacity < 0 || c < capacity)
                capacity = c;   // the smallest of them (run one at a time)
            if (t == 0) {
                QObject::connect(notifiers[0], &SignalNotifier::activated, notifiers[0], [&](const SignalInfo &info) {
                    if (tally.take(info) == quint64(burst))
                        done.release();
                });
            }
        });
    }
    say(QStringLiteral("capacity %1").arg(capacity));
    say(QStringLiteral("fresh %1").arg(freshPipeSize()));

    const std::vector<int> kept = useUpBudget(defaultSize);
    say(QStringLiteral("usedup %1").arg(freshPipeSize()));
    {
        WorkerThread late;
        late.run([&] {
            SignalNotifier n(rt);
            say(QStringLiteral("usedup-capacity %1").arg(SignalNotifier::queueCapacity()));
        });
    }

    if (burst > 0) {
        // The first thread's loop is held while this thread's handler records the values
        // (into its ring: no pipe, so the used-up budget does not matter).
        QSemaphore held, gate;
        workers[0]->post([&] {
            held.release();
            gate.acquire();
        });
        held.acquire();
        for (int i = 0; i < burst; ++i) {
            if (!queueToThisThread(rt.number(), i))
                return 5;
        }
        gate.release();
        if (!done.tryAcquire(1, 30000))
            say(QStringLiteral("stuck"));
        QMutexLocker lock(&tally.mutex);
        say(QStringLiteral("burst delivered %1 counted %2 %3")
                .arg(tally.delivered).arg(tally.counted)
                .arg(tally.inOrder ? QStringLiteral("inorder") : QStringLiteral("notinorder")));
    }

    for (int t = 0; t < threads; ++t)
        workers[size_t(t)]->run([&, t] { delete notifiers[size_t(t)]; });
    workers.clear();
    for (int fd : kept)
        ::close(fd);
    return 0;
}
