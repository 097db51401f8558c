// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// What the library does to the process's sigaction table: how it installs, chains,
// restores, respects an inherited ignore, sets dispositions, and refuses bad input.

#include <SignalNotifier/GracefulShutdown>
#include <SignalNotifier/SignalNotifier>

#include "edgeprocess.h"
#include "workerthread.h"

#include <QtCore/qloggingcategory.h>
#include <QtCore/qregularexpression.h>
#include <QtCore/qscopeguard.h>
#include <QtCore/qsemaphore.h>
#include <QtCore/qthread.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/wait.h>
#include <unistd.h>

using namespace SN;

namespace {

std::atomic<int> g_previousCalls{0};
std::atomic<int> g_previousLastValue{0};

// Runs in signal-handler context: the "someone else's handler" of these tests.
void previousHandler(int, siginfo_t *info, void *)
{
    g_previousCalls.fetch_add(1);
    g_previousLastValue.store(info->si_code == SI_QUEUE ? info->si_value.sival_int : -1);
}

// Counts the nohup note ("... was ignored when watching began (nohup?) ..."), from any
// thread (GracefulShutdown watches from a thread of its own); passes everything else on.
std::atomic<int> g_nohupNotes{0};
QtMessageHandler g_previousMessageHandler = nullptr;
void countNohupNotes(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (message.contains(QLatin1String("was ignored when watching began (nohup?)")))
        g_nohupNotes.fetch_add(1);
    else if (g_previousMessageHandler)
        g_previousMessageHandler(type, context, message);
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

// ---- handlers of "another library" for the foreign-handler tests ----

struct sigaction g_savedInt;
std::atomic<int> g_chainerCalls{0};

// Runs in signal-handler context: a foreign handler that chains to what was there.
void chainingHandler(int sig, siginfo_t *info, void *context)
{
    g_chainerCalls.fetch_add(1);
    if (g_savedInt.sa_flags & SA_SIGINFO)
        g_savedInt.sa_sigaction(sig, info, context);
    else if (g_savedInt.sa_handler != SIG_DFL && g_savedInt.sa_handler != SIG_IGN)
        g_savedInt.sa_handler(sig);
}

std::atomic<int> g_childStopped{0};
std::atomic<int> g_childContinued{0};
std::atomic<int> g_childExited{0};

// Runs in signal-handler context.
void childHandler(int, siginfo_t *info, void *)
{
    if (info->si_code == CLD_STOPPED)
        g_childStopped.fetch_add(1);
    else if (info->si_code == CLD_CONTINUED)
        g_childContinued.fetch_add(1);
    else if (info->si_code == CLD_EXITED)
        g_childExited.fetch_add(1);
}

std::atomic<int> g_resetCalls{0};
// Runs in signal-handler context.
void resetHandler(int)
{
    g_resetCalls.fetch_add(1);
}

std::atomic<int> g_maskCalls{0};
std::atomic<int> g_maskSelf{-1};
std::atomic<int> g_maskMember{-1};
std::atomic<int> g_maskOther{-1};
// Runs in signal-handler context: what the mask is while the previous handler runs.
void maskHandler(int sig)
{
    sigset_t now;
    ::pthread_sigmask(SIG_BLOCK, nullptr, &now);
    g_maskSelf = sigismember(&now, sig);
    g_maskMember = sigismember(&now, SIGWINCH);
    g_maskOther = sigismember(&now, SIGURG);
    g_maskCalls.fetch_add(1);
}

std::atomic<quintptr> g_stackAddress{0};
// Runs in signal-handler context: where its stack is.
void stackHandler(int)
{
    volatile char local = 0;
    g_stackAddress = quintptr(&local);
}

QStringList lines(std::initializer_list<QString> l)
{
    return QStringList(l);
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
    void foreignRestoringOursActsAsBefore_data();
    void foreignRestoringOursActsAsBefore();
    void previousNoCldStopIsHonoured();
    void previousResetHandIsHonoured();
    void previousMaskAndNoDeferAreHonoured_data();
    void previousMaskAndNoDeferAreHonoured();
    void previousOnStackIsHonoured();
    void nohupWaitLeavesHangupIgnored_data();
    void nohupWaitLeavesHangupIgnored();
    void nohupOverriderGoesIgnoreComesBack();
    void nohupGracefulShutdownSurvivesHangup();
    void nohupNoteSaidOncePerSignal();
    void foreignHandlerChainingBackIsNotReentered();   // last: a failure here may crash
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
        QCOMPARE(n.error(), Error::NoError);
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
    QTest::newRow("KILL ignored") << Signal::fromNumber(SIGKILL) << int(Signal::Ignored) << int(Error::ForbiddenSignal);
    QTest::newRow("STOP default") << Signal::fromNumber(SIGSTOP) << int(Signal::Default) << int(Error::ForbiddenSignal);
    QTest::newRow("SEGV ignored") << Signal::fromNumber(SIGSEGV) << int(Signal::Ignored) << int(Error::ForbiddenSignal);
    QTest::newRow("USR1 watched") << Signal(Signal::User1) << int(Signal::Watched) << int(Error::InvalidArgument);
    QTest::newRow("invalid") << Signal() << int(Signal::Default) << int(Error::UnknownSignal);
    QTest::newRow("Logoff") << Signal(Signal::Logoff) << int(Signal::Ignored) << int(Error::UnsupportedSignal);
}

void tst_Handler::dispositionsRefused()
{
    QFETCH(Signal, signal);
    QFETCH(int, disposition);
    QFETCH(int, error);
    Error text;
    QVERIFY(!signal.setDisposition(Signal::Disposition(disposition), &text));
    QCOMPARE(text.code(), Error::Code(error));
    QVERIFY(!text.text().isEmpty());
    QCOMPARE(Signal(Signal::User1).disposition(), Signal::Default);
}

void tst_Handler::refusedInputChangesNothing_data()
{
    QTest::addColumn<QList<Signal>>("watched");
    QTest::addColumn<int>("error");
    QTest::newRow("KILL") << QList<Signal>{Signal::fromNumber(SIGKILL)} << int(Error::ForbiddenSignal);
    QTest::newRow("STOP") << QList<Signal>{Signal::fromNumber(SIGSTOP)} << int(Error::ForbiddenSignal);
    QTest::newRow("SEGV") << QList<Signal>{Signal::fromNumber(SIGSEGV)} << int(Error::ForbiddenSignal);
    QTest::newRow("BUS") << QList<Signal>{Signal::fromNumber(SIGBUS)} << int(Error::ForbiddenSignal);
    QTest::newRow("ILL") << QList<Signal>{Signal::fromNumber(SIGILL)} << int(Error::ForbiddenSignal);
    QTest::newRow("FPE") << QList<Signal>{Signal::fromNumber(SIGFPE)} << int(Error::ForbiddenSignal);
    QTest::newRow("invalid") << QList<Signal>{Signal()} << int(Error::UnknownSignal);
    QTest::newRow("out of range") << QList<Signal>{Signal::fromNumber(200)} << int(Error::UnknownSignal);
    QTest::newRow("USR1 then KILL") << QList<Signal>{Signal::User1, Signal::fromNumber(SIGKILL)}
                                    << int(Error::ForbiddenSignal);
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
    QCOMPARE(n.error(), Error::NoError);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("cannot be watched|unknown signal")));
    QVERIFY(!n.setWatchedSignals(watched));
    QCOMPARE(n.watchedSignals(), QList<Signal>{Signal::User1});   // kept what it had
    // unwatch() refuses what watch() refuses, with the same code, instead of "done".
    const struct sigaction watching = current(SIGUSR1);
    QSignalSpy errors(&n, &SignalNotifier::errorOccurred);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("cannot be watched|unknown signal")));
    QVERIFY(!n.unwatch(watched.last()));
    QCOMPARE(int(n.error()), error);
    QVERIFY(!n.errorString().isEmpty());
    QCOMPARE(errors.size(), 1);
    QCOMPARE(n.watchedSignals(), QList<Signal>{Signal::User1});
    QVERIFY(sameAction(current(SIGUSR1), watching));
    QCOMPARE(Signal(Signal::User1).disposition(), Signal::Watched);
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

void tst_Handler::foreignRestoringOursActsAsBefore_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<int>("exit");   // -signal: killed by it
    QTest::newRow("default: dies by INT (issue 10: Ctrl-C swallowed)")
        << QStringLiteral("default") << lines({QStringLiteral("disposition %1").arg(int(Signal::Default))}) << -SIGINT;
    QTest::newRow("ignored: survives")
        << QStringLiteral("ignore")
        << lines({QStringLiteral("disposition %1").arg(int(Signal::Ignored)), QStringLiteral("survived calls 0")}) << 0;
    QTest::newRow("a handler: it runs once")
        << QStringLiteral("handler")
        << lines({QStringLiteral("disposition %1").arg(int(Signal::Handled)), QStringLiteral("survived calls 1")}) << 0;
}

void tst_Handler::foreignRestoringOursActsAsBefore()
{
    // Issue 10, fault 5b: another library saved our INT action, we stopped watching
    // (theirs stayed), it put ours back. Our handler, with nobody watching, must act as
    // the action before us, and disposition() must say that action, not Watched.
    QFETCH(QString, before);
    QFETCH(QStringList, expected);
    QFETCH(int, exit);
    EdgeProcess helper;
    QVERIFY(helper.start({QStringLiteral("foreignrestore"), before}));
    QCOMPARE(helper.finish(), exit);
    QCOMPARE(helper.lines(), expected);
}

void tst_Handler::previousNoCldStopIsHonoured()
{
    // Issue 10, fault 5c: a SIGCHLD handler installed before us with SA_NOCLDSTOP is not
    // called for a child's stop and continue, only for its exit.
    struct sigaction theirs = {};
    theirs.sa_sigaction = childHandler;
    theirs.sa_flags = SA_SIGINFO | SA_NOCLDSTOP | SA_RESTART;
    sigemptyset(&theirs.sa_mask);
    struct sigaction old;
    QCOMPARE(::sigaction(SIGCHLD, &theirs, &old), 0);
    g_childStopped = g_childContinued = g_childExited = 0;
    {
        SignalNotifier n(Signal::Child);
        QList<int> codes;
        connect(&n, &SignalNotifier::activated, this, [&](const SignalInfo &i) { codes.append(i.code()); });
        // The child exits only when told: a SIGCHLD still pending would merge its
        // CLD_CONTINUED with the CLD_EXITED (standard signals coalesce).
        int go[2];
        QCOMPARE(::pipe(go), 0);
        const pid_t child = ::fork();
        if (child == 0) {
            ::close(go[1]);
            ::raise(SIGSTOP);
            char c;
            while (::read(go[0], &c, 1) < 0 && errno == EINTR) {
            }
            ::_exit(0);
        }
        ::close(go[0]);
        int status = 0;
        QCOMPARE(::waitpid(child, &status, WUNTRACED), child);
        QVERIFY(WIFSTOPPED(status));
        QTRY_VERIFY(codes.contains(CLD_STOPPED));   // our notifier sees it (our flags)
        QCOMPARE(::kill(child, SIGCONT), 0);
        QTRY_VERIFY(codes.contains(CLD_CONTINUED));
        ::close(go[1]);   // now exit
        QCOMPARE(::waitpid(child, &status, 0), child);
        QTRY_VERIFY(codes.contains(CLD_EXITED));
        QTRY_COMPARE(g_childExited.load(), 1);
        QCOMPARE(g_childStopped.load(), 0);
        QCOMPARE(g_childContinued.load(), 0);
    }
    ::sigaction(SIGCHLD, &old, nullptr);
}

void tst_Handler::previousResetHandIsHonoured()
{
    // A previous handler with SA_RESETHAND is called for the first arrival only; the
    // action is the default afterwards, and that is what comes back.
    struct sigaction theirs = {};
    theirs.sa_handler = resetHandler;
    theirs.sa_flags = SA_RESETHAND;
    sigemptyset(&theirs.sa_mask);
    QCOMPARE(::sigaction(SIGWINCH, &theirs, nullptr), 0);
    g_resetCalls = 0;
    {
        SignalNotifier n(Signal::WindowChanged);
        QSignalSpy spy(&n, &SignalNotifier::activated);
        QVERIFY(Signal(Signal::WindowChanged).raise());
        QTRY_COMPARE(spy.size(), 1);
        QVERIFY(Signal(Signal::WindowChanged).raise());
        QTRY_COMPARE(spy.size(), 2);
        QCOMPARE(g_resetCalls.load(), 1);
    }
    QVERIFY(current(SIGWINCH).sa_handler == SIG_DFL);
    QVERIFY(Signal(Signal::WindowChanged).raise());   // default for WINCH: nothing
    QCOMPARE(g_resetCalls.load(), 1);
}

void tst_Handler::previousMaskAndNoDeferAreHonoured_data()
{
    QTest::addColumn<bool>("noDefer");
    QTest::newRow("plain: the signal itself is blocked") << false;
    QTest::newRow("SA_NODEFER: it is not") << true;
}

void tst_Handler::previousMaskAndNoDeferAreHonoured()
{
    // While the previous handler runs, the mask is what the kernel would have given it:
    // its sa_mask (WINCH), the signal itself unless SA_NODEFER, and nothing else added
    // (URG stays unblocked), not our full mask.
    QFETCH(bool, noDefer);
    QVERIFY2(!Signal(Signal::Urgent).isBlockedInThisThread(), "URG must be unblocked here to tell");
    struct sigaction theirs = {};
    theirs.sa_handler = maskHandler;
    theirs.sa_flags = noDefer ? SA_NODEFER : 0;
    sigemptyset(&theirs.sa_mask);
    sigaddset(&theirs.sa_mask, SIGWINCH);
    QCOMPARE(::sigaction(SIGUSR2, &theirs, nullptr), 0);
    g_maskCalls = 0;
    SignalNotifier n(Signal::User2);
    QSignalSpy spy(&n, &SignalNotifier::activated);
    QVERIFY(Signal(Signal::User2).raise());
    QTRY_COMPARE(spy.size(), 1);
    QCOMPARE(g_maskCalls.load(), 1);
    QCOMPARE(g_maskSelf.load(), noDefer ? 0 : 1);
    QCOMPARE(g_maskMember.load(), 1);
    QCOMPARE(g_maskOther.load(), 0);
}

void tst_Handler::previousOnStackIsHonoured()
{
    // A previous handler with SA_ONSTACK runs on the thread's alternate stack.
    std::vector<char> stack(256 * 1024);
    stack_t alt = {};
    alt.ss_sp = stack.data();
    alt.ss_size = stack.size();
    stack_t oldAlt = {};
    QCOMPARE(::sigaltstack(&alt, &oldAlt), 0);
    struct sigaction theirs = {};
    theirs.sa_handler = stackHandler;
    theirs.sa_flags = SA_ONSTACK;
    sigemptyset(&theirs.sa_mask);
    QCOMPARE(::sigaction(SIGUSR2, &theirs, nullptr), 0);
    g_stackAddress = 0;
    {
        SignalNotifier n(Signal::User2);
        QSignalSpy spy(&n, &SignalNotifier::activated);
        QVERIFY(Signal(Signal::User2).raise());   // taken by this thread
        QTRY_COMPARE(spy.size(), 1);
    }
    ::sigaltstack(&oldAlt, nullptr);
    const quintptr at = g_stackAddress.load();
    const quintptr low = quintptr(stack.data());
    QVERIFY2(at >= low && at < low + stack.size(),
             qPrintable(QStringLiteral("handler's local at %1, alternate stack %2..%3")
                            .arg(at, 0, 16).arg(low, 0, 16).arg(low + stack.size(), 0, 16)));
}

void tst_Handler::nohupWaitLeavesHangupIgnored_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("wait");
    QTest::newRow("the wait times out (issue 10)") << QStringLiteral("timeout") << QStringLiteral("wait none");
    QTest::newRow("the wait takes HUP") << QStringLiteral("taken") << QStringLiteral("wait SIGHUP");
}

void tst_Handler::nohupWaitLeavesHangupIgnored()
{
    // Issue 10, fault 6: under nohup, a plain Hangup notifier and a wait on Hangup.
    // Afterwards HUP is ignored by the kernel again, and the plain notifier never gets it.
    QFETCH(QString, mode);
    QFETCH(QString, wait);
    EdgeProcess helper(true);
    QVERIFY(helper.start({QStringLiteral("nohupwait"), mode}));
    QCOMPARE(helper.finish(), 0);
    QCOMPARE(helper.lines(), lines({QStringLiteral("keptIgnored 1"), wait,
                                    QStringLiteral("after sigign 1 disposition %1").arg(int(Signal::Ignored)),
                                    QStringLiteral("plain hups 0")}));
}

void tst_Handler::nohupOverriderGoesIgnoreComesBack()
{
    // Issue 10, fault 6: only the overriding watcher receives HUP; once it goes, HUP is
    // ignored by the kernel again.
    EdgeProcess helper(true);
    QVERIFY(helper.start({QStringLiteral("nohupoverride")}));
    QCOMPARE(helper.finish(), 0);
    QCOMPARE(helper.lines(), lines({QStringLiteral("overridden sigign 0 disposition %1").arg(int(Signal::Watched)),
                                    QStringLiteral("rc 0 overrider 1 plain 0"),
                                    QStringLiteral("after sigign 1 disposition %1").arg(int(Signal::Ignored)),
                                    QStringLiteral("plain 0")}));
}

void tst_Handler::nohupGracefulShutdownSurvivesHangup()
{
    // Issue 10, fault 6: a GracefulShutdown program under nohup, after a wait on Hangup,
    // was killed by a HUP (129). HUP stays ignored; USR1 then ends it normally.
    EdgeProcess helper(true);
    QVERIFY(helper.start({QStringLiteral("nohupgraceful")}));
    const QString pid = helper.waitForLine(QStringLiteral("pid "));
    QVERIFY2(!pid.isEmpty(), qPrintable(helper.all()));
    QVERIFY2(helper.lines().contains(QStringLiteral("ready sigign 1 disposition %1").arg(int(Signal::Ignored))),
             qPrintable(helper.all()));
    QCOMPARE(::kill(pid_t(pid.mid(4).toInt()), SIGHUP), 0);
    QCOMPARE(::kill(pid_t(pid.mid(4).toInt()), SIGUSR1), 0);
    QCOMPARE(helper.finish(), 0);
    QVERIFY2(helper.lines().contains(QStringLiteral("alive")), qPrintable(helper.all()));
    QVERIFY2(helper.linesStartingWith(QStringLiteral("shutdown requested")).isEmpty(), qPrintable(helper.all()));
}

// The note that a watched signal stays ignored (nohup) is said once per signal per
// process, not once per notifier: a QML Loader toggling a GracefulShutdown said it 1906
// times. Again only when the situation changed: found not ignored, or set, in between.
void tst_Handler::nohupNoteSaidOncePerSignal()
{
    QLoggingCategory::setFilterRules(QStringLiteral("signalnotifier.info=true"));
    g_nohupNotes.store(0);
    g_previousMessageHandler = qInstallMessageHandler(countNohupNotes);
    const auto restore = qScopeGuard([] {
        qInstallMessageHandler(g_previousMessageHandler);
        QLoggingCategory::setFilterRules(QString());
        setPlain(SIGHUP, SIG_DFL);
    });
    // A real SIG_IGN before watching. Set through the library, so that a note an earlier
    // test caused does not count here: setting it is a new situation.
    QVERIFY(Signal(Signal::Hangup).setDisposition(Signal::Ignored));
    QVERIFY(current(SIGHUP).sa_handler == SIG_IGN);
    for (int i = 0; i < 100; ++i) {
        SignalNotifier n({Signal::Hangup, Signal::User1});
        QCOMPARE(n.keptIgnored(), QList<Signal>{Signal::Hangup});
        n.setEnabled(false);
        n.setEnabled(true);   // watches again: the same ignore, no news
        QCOMPARE(n.keptIgnored(), QList<Signal>{Signal::Hangup});
    }
    for (int i = 0; i < 20; ++i) {
        GracefulShutdown shutdown;   // watches Hangup among the requests
        QCOMPARE(shutdown.error(), Error::NoError);
    }
    QCOMPARE(g_nohupNotes.load(), 1);
    QVERIFY(current(SIGHUP).sa_handler == SIG_IGN);

    // A notifier that overrides the ignore changes nothing for the others: no news.
    {
        SignalNotifier overriding;
        overriding.setOverrideIgnored(true);
        QVERIFY(overriding.setWatchedSignals({Signal::Hangup}));
    }
    {
        SignalNotifier n(Signal::Hangup);
        QCOMPARE(n.keptIgnored(), QList<Signal>{Signal::Hangup});
    }
    QCOMPARE(g_nohupNotes.load(), 1);

    // Changed behind the library's back: a watcher finds it not ignored, then it is
    // ignored again. Said again, once.
    setPlain(SIGHUP, SIG_DFL);
    {
        SignalNotifier n(Signal::Hangup);
        QVERIFY(n.keptIgnored().isEmpty());
    }
    setPlain(SIGHUP, SIG_IGN);
    for (int i = 0; i < 10; ++i) {
        SignalNotifier n(Signal::Hangup);
        QCOMPARE(n.keptIgnored(), QList<Signal>{Signal::Hangup});
    }
    QCOMPARE(g_nohupNotes.load(), 2);

    // Set through the library while nobody watches: said again, once.
    QVERIFY(Signal(Signal::Hangup).setDisposition(Signal::Ignored));
    for (int i = 0; i < 10; ++i) {
        SignalNotifier n(Signal::Hangup);
        QCOMPARE(n.keptIgnored(), QList<Signal>{Signal::Hangup});
    }
    QCOMPARE(g_nohupNotes.load(), 3);

    // Another signal is its own news.
    QVERIFY(Signal(Signal::WindowChanged).setDisposition(Signal::Ignored));
    for (int i = 0; i < 10; ++i) {
        SignalNotifier n({Signal::Hangup, Signal::WindowChanged});
        QCOMPARE(n.keptIgnored().size(), 2);
    }
    QCOMPARE(g_nohupNotes.load(), 4);
    QVERIFY(Signal(Signal::WindowChanged).setDisposition(Signal::Default));
}

void tst_Handler::foreignHandlerChainingBackIsNotReentered()
{
    // Issue 10, fault 5a: another library installs an INT handler that chains to what
    // was there (ours) after our notifier exists; then a second notifier is made and
    // INT raised. It recursed until SIGSEGV. Each notifier must get it once, the
    // foreign handler must run once.
    setPlain(SIGINT, SIG_DFL);
    g_chainerCalls = 0;
    auto *a = new SignalNotifier(Signal::Interrupt);
    QSignalSpy spyA(a, &SignalNotifier::activated);
    struct sigaction theirs = {};
    theirs.sa_sigaction = chainingHandler;
    theirs.sa_flags = SA_SIGINFO;
    sigemptyset(&theirs.sa_mask);
    QCOMPARE(::sigaction(SIGINT, &theirs, &g_savedInt), 0);
    auto *b = new SignalNotifier(Signal::Interrupt);
    QSignalSpy spyB(b, &SignalNotifier::activated);
    QVERIFY(Signal(Signal::Interrupt).raise());
    QTRY_COMPARE(spyA.size(), 1);
    QTRY_COMPARE(spyB.size(), 1);
    QCOMPARE(g_chainerCalls.load(), 1);
    QCOMPARE(spyA.at(0).at(0).value<SignalInfo>().count(), 1u);
    delete b;
    delete a;
    setPlain(SIGINT, SIG_DFL);
}

QTEST_GUILESS_MAIN(tst_Handler)
#include "tst_handler.moc"
