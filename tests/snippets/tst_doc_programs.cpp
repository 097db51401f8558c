// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The programs that README.md, docs/getting-started.md and docs/python-signal.md show,
// extracted exactly as written (docs/snippets/extract.py, program=NAME), built, and run as
// a user runs them: a real process, real signals from this one, its output and exit status
// read here. Above all the SIGHUP trap: a program that reloads on SIGHUP must not stop on
// it. And Ctrl-C breaking a worker out of a blocking read().

#include "exampleprocess.h"

#include <QtTest/qtest.h>

#include <csignal>

#include <QtCore/qdir.h>

#include <unistd.h>
#if defined(__linux__)
#  include <sys/syscall.h>
#endif

using namespace examples;

namespace {

// The signals a process catches, from the SigCgt line of /proc/PID/status (proc(5)).
quint64 caughtSignals(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (QByteArray line = status.readLine(); !line.isEmpty(); line = status.readLine()) {
        if (line.startsWith("SigCgt:"))
            return line.mid(7).trimmed().toULongLong(nullptr, 16);
    }
    return 0;
}

bool catches(qint64 pid, const QList<int> &numbers)
{
    const quint64 caught = caughtSignals(pid);
    for (int signal : numbers) {
        if (!(caught & (quint64(1) << (signal - 1))))
            return false;
    }
    return true;
}

// Whether a thread of process `pid` sleeps in read() on its standard input: the system
// call it is in, from proc(5)'s /proc/PID/task/TID/syscall (number, then the arguments).
bool readsStandardInput(qint64 pid)
{
#if defined(__linux__)
    const QDir tasks(QStringLiteral("/proc/%1/task").arg(pid));
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile f(tasks.filePath(tid + QStringLiteral("/syscall")));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> fields = f.readAll().split(' ');
        if (fields.size() > 1 && fields.at(0).toLong() == SYS_read && fields.at(1) == "0x0")
            return true;
    }
#else
    Q_UNUSED(pid);
#endif
    return false;
}

} // namespace

class tst_DocPrograms : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reloadsOnHangupStopsOnRequest_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QString>("mark");
        QTest::addColumn<bool>("takesJobs");
        QTest::addColumn<int>("stop");
        const QString readme = QStringLiteral(DOC_README_USAGE_PATH);
        const QString gettingStarted = QStringLiteral(DOC_GETTING_STARTED_PATH);
        QTest::newRow("README usage, kill") << readme << QStringLiteral("README.md program=readme_usage") << true << SIGTERM;
        QTest::newRow("README usage, Ctrl-C") << readme << QStringLiteral("README.md program=readme_usage") << true << SIGINT;
        QTest::newRow("getting started, kill") << gettingStarted
                                               << QStringLiteral("docs/getting-started.md program=getting_started")
                                               << false << SIGTERM;
    }

    // SIGHUP: "reloading", and the program goes on (it still takes a sigqueue job after
    // it, where it has a job notifier). Then a stop request: it says who sent it, and
    // exec() returns, so the process exits with 0, as the pages say.
    void reloadsOnHangupStopsOnRequest()
    {
        QFETCH(QString, program);
        QFETCH(QString, mark);
        QFETCH(bool, takesJobs);
        QFETCH(int, stop);
        QVERIFY2(!program.isEmpty(), qPrintable(QStringLiteral("no block marked %1").arg(mark)));

        ExampleProcess p;
        QVERIFY(p.start(program, {}));
        // The pages' programs print nothing when they are ready: they are once their
        // handlers are in place (a notifier made before exec() loses nothing).
        QList<int> watched = {SIGHUP, SIGINT, SIGTERM};
        if (takesJobs)
            watched.append(SIGRTMIN + 2);
        QTRY_VERIFY_WITH_TIMEOUT(catches(p.process.processId(), watched), Timeout);

        QVERIFY(p.send(SIGHUP));
        EXAMPLE_VERIFY(p, p.waitForLine(QStringLiteral("reloading")));
        if (takesJobs) {
            QVERIFY(::sigqueue(pid_t(p.process.processId()), SIGRTMIN + 2, sigval{7}) == 0);
            EXAMPLE_VERIFY(p, p.waitForLine(QStringLiteral("job 7")));
        }
        EXAMPLE_VERIFY(p, p.process.state() == QProcess::Running);
        EXAMPLE_VERIFY(p, !p.hasLine(QStringLiteral("stopping")));

        QVERIFY(p.send(stop));
        EXAMPLE_VERIFY(p, p.waitForFinished());
        EXAMPLE_VERIFY(p, p.exitedWith(0));
        const QString name = stop == SIGINT ? QStringLiteral("SIGINT") : QStringLiteral("SIGTERM");
        EXAMPLE_VERIFY(p, p.hasLine(QStringLiteral("stopping on \"%1\" from pid %2").arg(name).arg(::getpid())));
        EXAMPLE_VERIFY(p, p.lines.filter(QStringLiteral("stopping")).size() == 1);
    }

    // docs/python-signal.md's Ctrl-C recipe: its reader thread sleeps in read() on standard
    // input (an open pipe nobody writes to), the kernel says so, then a real SIGINT to the
    // process. The reader's read() fails with EINTR, the main thread's notifier reports
    // Ctrl-C, and the program exits with 0, as the page says.
    void ctrlCBreaksReaderOutOfRead()
    {
        const QString program = QStringLiteral(DOC_PYTHON_CTRL_C_PATH);
        QVERIFY2(!program.isEmpty(), "no block marked docs/python-signal.md program=python_ctrl_c");
        if (!QFile::exists(QStringLiteral("/proc/self/syscall")))
            QSKIP("needs /proc/PID/task/TID/syscall (Linux) to see the reader inside read()");

        ExampleProcess p;
        QVERIFY(p.start(program, {}));
        QTRY_VERIFY_WITH_TIMEOUT(readsStandardInput(p.process.processId()), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(catches(p.process.processId(), {SIGINT}), Timeout);
        QVERIFY(p.send(SIGINT));
        EXAMPLE_VERIFY(p, p.waitForFinished());
        EXAMPLE_VERIFY(p, p.exitedWith(0));
        EXAMPLE_VERIFY(p, p.hasLine(QStringLiteral("main: Ctrl-C (SIGINT)")));
        EXAMPLE_VERIFY(p, p.hasLine(QStringLiteral("reader: interrupted by Ctrl-C")));
    }
};

QTEST_GUILESS_MAIN(tst_DocPrograms)
#include "tst_doc_programs.moc"
