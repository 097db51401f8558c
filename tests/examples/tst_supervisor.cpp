// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// examples/supervisor driven as a user drives it: started with a real child program,
// Ctrl-C and kill sent to the supervisor only, its exit status read here. The child is
// the journal example (stops gracefully and saves) or a shell that ignores the requests
// (must be killed).

#include "exampleprocess.h"

#include <QtCore/qelapsedtimer.h>
#include <QtTest/qtest.h>

#include <unistd.h>

using namespace examples;

namespace {

const QString SupervisorPath = QStringLiteral(SUPERVISOR_PATH);
const QString JournalPath = QStringLiteral(JOURNAL_PATH);
const QString TerminalJobPath = QStringLiteral(TERMINALJOB_PATH);

// A child that ignores INT and TERM (ignored dispositions survive exec) and waits on
// its standard input, which the supervisor passes on from us.
const QStringList Stubborn = {QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                              QStringLiteral("trap '' INT TERM HUP; echo stubborn ready; exec cat")};

bool processExists(qint64 pid)
{
    return ::kill(pid_t(pid), 0) == 0;
}

// The child's pid, from the supervisor's "started" line.
qint64 childPid(ExampleProcess &p)
{
    if (!p.waitForLineAnywhere(QStringLiteral("supervisor: started")))
        return -1;
    for (const QString &line : std::as_const(p.lines)) {
        const qsizetype at = line.indexOf(QLatin1String(" as pid "));
        if (line.startsWith(QLatin1String("supervisor: started")) && at > 0)
            return line.mid(at + 8).toLongLong();
    }
    return -1;
}

// The state letter of /proc/PID/stat: 'T' for a stopped process.
char processState(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return '?';
    const QByteArray line = stat.readAll();
    const qsizetype at = line.lastIndexOf(')') + 2;
    return at >= 2 && at < line.size() ? line.at(at) : '?';
}

// Runs in the child between fork() and exec(): the supervisor leads its own process
// group, as a shell's foreground job does, so the test can signal the group like a
// terminal's Ctrl-C.
void asForegroundJob()
{
    resetSignals();
    ::setpgid(0, 0);
}

} // namespace

class tst_Supervisor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void forwardsAndStopsGracefully_data()
    {
        QTest::addColumn<int>("signal");
        QTest::newRow("Ctrl-C") << SIGINT;
        QTest::newRow("kill") << SIGTERM;
    }

    // The request reaches the child through the supervisor; the child saves; the
    // supervisor ends by the same signal.
    void forwardsAndStopsGracefully()
    {
        QFETCH(int, signal);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString journal = dir.filePath(QStringLiteral("journal.txt"));
        ExampleProcess p;
        QVERIFY(p.start(SupervisorPath, {QStringLiteral("--grace"), QStringLiteral("10000"),
                                         QStringLiteral("--"), JournalPath,
                                         QStringLiteral("--file"), journal}));
        QVERIFY(p.waitForLine(QStringLiteral("journal: 0 entries")));
        p.writeLine(QStringLiteral("through the supervisor"));
        QVERIFY(p.waitForLine(QStringLiteral("recorded 1: through the supervisor")));
        const qint64 child = childPid(p);
        QVERIFY(child > 0);

        QVERIFY(p.send(signal));
        EXAMPLE_VERIFY(p, p.waitForFinished());
        EXAMPLE_VERIFY(p, p.endedBy(signal));
        EXAMPLE_VERIFY(p, p.hasLine(QStringLiteral("asked pid %1 to stop").arg(child)));
        EXAMPLE_VERIFY(p, p.hasLine(QStringLiteral("saved 1 entries")));
        EXAMPLE_VERIFY(p, p.hasLine(QStringLiteral("child ended by signal %1").arg(signal)));
        EXAMPLE_VERIFY(p, !p.hasLine(QStringLiteral("killing")));
        QCOMPARE(readFile(journal), QByteArray("journal 1\n1 through the supervisor\nend 1\n"));
        QVERIFY(!processExists(child));
    }

    // A terminal's Ctrl-C goes to its whole foreground process group. The child has its
    // own group (ProcessStopper::prepare), so it gets the request from the supervisor
    // only, and saves.
    void terminalCtrlCGoesThroughTheSupervisor()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString journal = dir.filePath(QStringLiteral("journal.txt"));
        ExampleProcess p(asForegroundJob);
        QVERIFY(p.start(SupervisorPath, {JournalPath, QStringLiteral("--file"), journal,
                                         QStringLiteral("--save-delay"), QStringLiteral("100")}));
        QVERIFY(p.waitForLine(QStringLiteral("journal: 0 entries")));
        p.writeLine(QStringLiteral("once"));
        QVERIFY(p.waitForLine(QStringLiteral("recorded 1: once")));
        // Both signals of a double delivery would come at once and could merge in the
        // kernel, so the group itself is checked: the child leads its own.
        const qint64 child = childPid(p);
        QVERIFY(child > 0);
        QCOMPARE(qint64(::getpgid(pid_t(child))), child);
        QCOMPARE(qint64(::getpgid(pid_t(p.process.processId()))), p.process.processId());
        QVERIFY(::kill(-pid_t(p.process.processId()), SIGINT) == 0);
        EXAMPLE_VERIFY(p, p.waitForFinished());
        EXAMPLE_VERIFY(p, p.endedBy(SIGINT));
        EXAMPLE_VERIFY(p, p.hasLine(QStringLiteral("saved 1 entries")));
        EXAMPLE_VERIFY(p, !p.hasLine(QStringLiteral("second request")));
        QCOMPARE(readFile(journal), QByteArray("journal 1\n1 once\nend 1\n"));
    }

    // A child that is stopped (kill -STOP, a debugger, Ctrl-Z) when the request comes gets
    // SIGCONT right after it, as systemd does: it saves within the grace period instead
    // of being killed at its end.
    void stoppedChildStillStopsGracefully()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString journal = dir.filePath(QStringLiteral("journal.txt"));
        ExampleProcess p;
        QVERIFY(p.start(SupervisorPath, {QStringLiteral("--grace"), QStringLiteral("10000"),
                                         QStringLiteral("--"), JournalPath,
                                         QStringLiteral("--file"), journal}));
        QVERIFY(p.waitForLine(QStringLiteral("journal: 0 entries")));
        p.writeLine(QStringLiteral("before the stop"));
        QVERIFY(p.waitForLine(QStringLiteral("recorded 1: before the stop")));
        const qint64 child = childPid(p);
        QVERIFY(child > 0);
        QVERIFY(::kill(pid_t(child), SIGSTOP) == 0);
        QTRY_COMPARE_WITH_TIMEOUT(processState(child), 'T', Timeout);

        QElapsedTimer clock;
        clock.start();
        QVERIFY(p.send(SIGTERM));
        EXAMPLE_VERIFY(p, p.waitForFinished());
        EXAMPLE_VERIFY(p, p.endedBy(SIGTERM));
        EXAMPLE_VERIFY(p, p.hasLine(QStringLiteral("saved 1 entries")));
        EXAMPLE_VERIFY(p, !p.hasLine(QStringLiteral("killing")));
        QVERIFY2(clock.elapsed() < 10000, "stopped by the grace period, not by the request");
        QCOMPARE(readFile(journal), QByteArray("journal 1\n1 before the stop\nend 1\n"));
    }

    // The README's own example on a real terminal: supervisor runs journal as a
    // foreground job of an interactive shell (terminaljob). The child gets the terminal:
    // it reads what is typed, and Ctrl-C (the terminal's SIGINT to its foreground group)
    // reaches it; it saves, and the supervisor ends by SIGINT as the child did (130).
    void terminalForegroundJob()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString journal = dir.filePath(QStringLiteral("journal.txt"));
        ExampleProcess p;
        QVERIFY(p.start(TerminalJobPath, {SupervisorPath, QStringLiteral("--grace"), QStringLiteral("3000"),
                                          QStringLiteral("--"), JournalPath, QStringLiteral("--file"), journal}));
        QVERIFY(p.waitForLine(QStringLiteral("journal: 0 entries")));
        p.writeLine(QStringLiteral("type typed at the terminal"));
        EXAMPLE_VERIFY(p, p.waitForLine(QStringLiteral("recorded 1: typed at the terminal")));
        p.writeLine(QStringLiteral("intr"));
        EXAMPLE_VERIFY(p, p.waitForLine(QStringLiteral("terminaljob: job ended by signal %1").arg(SIGINT)));
        EXAMPLE_VERIFY(p, p.hasLine(QStringLiteral("saved 1 entries")));
        EXAMPLE_VERIFY(p, !p.hasLine(QStringLiteral("killing")));
        QCOMPARE(readFile(journal), QByteArray("journal 1\n1 typed at the terminal\nend 1\n"));
    }

    // Ctrl-Z stops the child, which holds the terminal; the supervisor stops with it, so
    // the shell sees its job stopped and gets the terminal back. `fg` continues both, and
    // the child has the terminal again.
    void terminalSuspendAndForeground()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString journal = dir.filePath(QStringLiteral("journal.txt"));
        ExampleProcess p;
        QVERIFY(p.start(TerminalJobPath, {SupervisorPath, QStringLiteral("--grace"), QStringLiteral("3000"),
                                          QStringLiteral("--"), JournalPath, QStringLiteral("--file"), journal}));
        QVERIFY(p.waitForLine(QStringLiteral("journal: 0 entries")));
        p.writeLine(QStringLiteral("type one"));
        EXAMPLE_VERIFY(p, p.waitForLine(QStringLiteral("recorded 1: one")));
        p.writeLine(QStringLiteral("susp"));
        EXAMPLE_VERIFY(p, p.waitForLine(QStringLiteral("terminaljob: job stopped by %1").arg(SIGTSTP)));
        p.writeLine(QStringLiteral("foreground?"));
        EXAMPLE_VERIFY(p, p.waitForLine(QStringLiteral("terminaljob: foreground shell")));
        p.writeLine(QStringLiteral("fg"));
        p.writeLine(QStringLiteral("type two"));
        EXAMPLE_VERIFY(p, p.waitForLine(QStringLiteral("recorded 2: two")));
        p.writeLine(QStringLiteral("intr"));
        EXAMPLE_VERIFY(p, p.waitForLine(QStringLiteral("terminaljob: job ended by signal %1").arg(SIGINT)));
        EXAMPLE_VERIFY(p, p.hasLine(QStringLiteral("saved 2 entries")));
        QCOMPARE(readFile(journal), QByteArray("journal 1\n1 one\n2 two\nend 2\n"));
    }

    // `supervisor ... &`: the child must not take the terminal from the shell. When it
    // reads the terminal it is stopped (SIGTTIN), and the supervisor stops with it, as a
    // background job does; `fg` then gives the terminal to the child.
    void terminalBackgroundJobThenForeground()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString journal = dir.filePath(QStringLiteral("journal.txt"));
        ExampleProcess p;
        QVERIFY(p.start(TerminalJobPath, {QStringLiteral("--background"), SupervisorPath,
                                          QStringLiteral("--grace"), QStringLiteral("3000"), QStringLiteral("--"),
                                          JournalPath, QStringLiteral("--file"), journal}));
        EXAMPLE_VERIFY(p, p.waitForLine(QStringLiteral("terminaljob: job stopped by %1").arg(SIGTTIN)));
        p.writeLine(QStringLiteral("foreground?"));
        EXAMPLE_VERIFY(p, p.waitForLine(QStringLiteral("terminaljob: foreground shell")));
        p.writeLine(QStringLiteral("fg"));
        p.writeLine(QStringLiteral("type after fg"));
        EXAMPLE_VERIFY(p, p.waitForLine(QStringLiteral("recorded 1: after fg")));
        p.writeLine(QStringLiteral("intr"));
        EXAMPLE_VERIFY(p, p.waitForLine(QStringLiteral("terminaljob: job ended by signal %1").arg(SIGINT)));
        EXAMPLE_VERIFY(p, p.hasLine(QStringLiteral("saved 1 entries")));
        QCOMPARE(readFile(journal), QByteArray("journal 1\n1 after fg\nend 1\n"));
    }

    // A child that ignores the request is killed after the grace period: status 124.
    void killsAfterTheGracePeriod()
    {
        ExampleProcess p;
        QVERIFY(p.start(SupervisorPath, QStringList{QStringLiteral("--grace"), QStringLiteral("300")} + Stubborn));
        QVERIFY(p.waitForLine(QStringLiteral("stubborn ready")));
        p.writeLine(QStringLiteral("echoed"));
        QVERIFY(p.waitForLine(QStringLiteral("echoed")));   // cat is alive and reading
        const qint64 child = childPid(p);
        QVERIFY(child > 0);
        QVERIFY(p.send(SIGTERM));
        EXAMPLE_VERIFY(p, p.waitForFinished());
        EXAMPLE_VERIFY(p, p.exitedWith(124));
        EXAMPLE_VERIFY(p, p.hasLine(QStringLiteral("did not stop within 300 ms")));
        EXAMPLE_VERIFY(p, p.hasLine(QStringLiteral("child ended by signal %1").arg(SIGKILL)));
        QVERIFY(!processExists(child));
    }

    // A second request does not wait for the grace period: the child is killed at once.
    void secondRequestKillsAtOnce()
    {
        ExampleProcess p;
        QVERIFY(p.start(SupervisorPath, QStringList{QStringLiteral("--grace"), QStringLiteral("600000")} + Stubborn));
        QVERIFY(p.waitForLine(QStringLiteral("stubborn ready")));
        QVERIFY(p.send(SIGINT));
        QVERIFY(p.waitForLine(QStringLiteral("asked pid")));
        QVERIFY(p.send(SIGINT));
        EXAMPLE_VERIFY(p, p.waitForFinished());   // bounded well below the ten-minute grace period
        EXAMPLE_VERIFY(p, p.exitedWith(124));
        EXAMPLE_VERIFY(p, p.hasLine(QStringLiteral("second request (SIGINT)")));
    }

    // Without a request, the child's own status comes through, as a shell would show it.
    void passesTheChildsStatusOn_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<int>("expected");
        QTest::newRow("exit 0") << QStringLiteral("exit 0") << 0;
        QTest::newRow("exit 7") << QStringLiteral("exit 7") << 7;
        QTest::newRow("killed by USR1") << QStringLiteral("kill -USR1 $$") << 128 + SIGUSR1;
    }

    void passesTheChildsStatusOn()
    {
        QFETCH(QString, script);
        QFETCH(int, expected);
        ExampleProcess p;
        QVERIFY(p.start(SupervisorPath, {QStringLiteral("/bin/sh"), QStringLiteral("-c"), script}));
        EXAMPLE_VERIFY(p, p.waitForFinished());
        EXAMPLE_VERIFY(p, p.exitedWith(expected));
    }

    void refusesWhatCannotRun_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("expected");
        QTest::addColumn<QString>("message");
        QTest::newRow("no program") << QStringList() << 2 << QStringLiteral("usage:");
        QTest::newRow("bad grace") << QStringList{QStringLiteral("--grace"), QStringLiteral("-1"), QStringLiteral("/bin/true")}
                                   << 2 << QStringLiteral("usage:");
        QTest::newRow("missing program") << QStringList{QStringLiteral("/nonexistent/program")} << 127
                                         << QStringLiteral("cannot start /nonexistent/program");
    }

    void refusesWhatCannotRun()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, expected);
        QFETCH(QString, message);
        ExampleProcess p;
        QVERIFY(p.start(SupervisorPath, arguments));
        EXAMPLE_VERIFY(p, p.waitForFinished());
        EXAMPLE_VERIFY(p, p.exitedWith(expected));
        EXAMPLE_VERIFY(p, p.hasLine(message));
    }
};

QTEST_GUILESS_MAIN(tst_Supervisor)
#include "tst_supervisor.moc"
