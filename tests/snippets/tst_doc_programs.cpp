// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The programs that README.md and docs/getting-started.md show, extracted exactly as
// written (docs/snippets/extract.py, program=NAME), built, and run as a user runs them:
// a real process, real signals from this one, its output and exit status read here.
// Above all the SIGHUP trap: a program that reloads on SIGHUP must not stop on it.

#include "exampleprocess.h"

#include <QtTest/qtest.h>

#include <csignal>

#include <unistd.h>

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
};

QTEST_GUILESS_MAIN(tst_DocPrograms)
#include "tst_doc_programs.moc"
