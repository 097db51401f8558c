// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Across processes: before QCoreApplication, fork, exec, running out of descriptors,
// and the descriptors themselves.

#include <SignalNotifier/ProcessStopper>
#include <SignalNotifier/SignalNotifier>

#include "workerthread.h"

#include <QtCore/qdir.h>
#include <QtCore/qfile.h>
#include <QtCore/qprocess.h>
#include <QtCore/qset.h>
#include <QtCore/qthread.h>
#include <QtTest/qtest.h>

#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace {

// Runs the helper to its end and returns its stdout lines.
QStringList runHelper(const QStringList &args, int *exitCode = nullptr)
{
    QProcess p;
    p.start(QStringLiteral(SNHELPER_PATH), args);
    if (!p.waitForFinished(30000)) {
        p.kill();
        p.waitForFinished();
        return {QStringLiteral("TIMEOUT")};
    }
    if (exitCode)
        *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -p.exitCode();
    return QString::fromUtf8(p.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

QSet<int> openFds()
{
    QSet<int> fds;
    for (const QString &e : QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System))
        fds.insert(e.toInt());
    return fds;
}

} // namespace

class tst_Process : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void beforeCoreApplication();
    void forkChildNeverReachesParent();
    void execKeepsNoDescriptor();
    void outOfDescriptors();
    void descriptorsAreCloexecAndNonBlocking();
    void endProcessReportsTheSignal_data();
    void endProcessReportsTheSignal();
    void stopRequestReachesAStoppedChild();
};

void tst_Process::beforeCoreApplication()
{
    int code = -1;
    const QStringList lines = runHelper({QStringLiteral("early")}, &code);
    QCOMPARE(lines, QStringList{QStringLiteral("activated SIGUSR1 count 1")});
    QCOMPARE(code, 0);
}

void tst_Process::endProcessReportsTheSignal_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("expected");   // negative: killed by that signal
    QTest::newRow("INT: a shell sees 130") << QStringLiteral("INT") << -SIGINT;
    QTest::newRow("TERM: systemd sees killed by SIGTERM") << QStringLiteral("TERM") << -SIGTERM;
    QTest::newRow("HUP") << QStringLiteral("HUP") << -SIGHUP;
    QTest::newRow("CHLD does not end a process: 128+n") << QStringLiteral("CHLD") << 128 + SIGCHLD;
}

void tst_Process::endProcessReportsTheSignal()
{
    QFETCH(QString, name);
    QFETCH(int, expected);
    int code = 0;
    const QStringList lines = runHelper({QStringLiteral("endby"), name}, &code);
    QCOMPARE(lines, QStringList());
    QCOMPARE(code, expected);
}

void tst_Process::forkChildNeverReachesParent()
{
    int code = -1;
    const QStringList lines = runHelper({QStringLiteral("fork")}, &code);
    // The child ended by USR1's default action (library inert in it), and the parent's
    // notifier saw nothing from it.
    QCOMPARE(lines, (QStringList{QStringLiteral("child signaled %1").arg(SIGUSR1),
                                 QStringLiteral("parent usr1 0")}));
    QCOMPARE(code, 0);
}

void tst_Process::execKeepsNoDescriptor()
{
    int code = -1;
    const QStringList lines = runHelper({QStringLiteral("exec")}, &code);
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines.at(0).startsWith(QLatin1String("ours ")), qPrintable(lines.join(u'|')));
    QVERIFY2(lines.at(1).startsWith(QLatin1String("open ")), qPrintable(lines.join(u'|')));
    const QStringList ours = lines.at(0).mid(5).split(u',', Qt::SkipEmptyParts);
    const QStringList open = lines.at(1).mid(5).split(u',', Qt::SkipEmptyParts);
    QVERIFY(ours.size() >= 2);   // the channel's pipe at least
    for (const QString &fd : ours)
        QVERIFY2(!open.contains(fd), qPrintable(QStringLiteral("fd %1 survived exec").arg(fd)));
    QCOMPARE(code, 0);
}

void tst_Process::outOfDescriptors()
{
    int code = -1;
    const QStringList lines = runHelper({QStringLiteral("nofd")}, &code);
    QCOMPARE(lines.size(), 3);
    QVERIFY2(lines.at(0).startsWith(QStringLiteral("error %1 disposition %2 message ")
                                        .arg(int(Signal::OutOfResources)).arg(int(Signal::Default))),
             qPrintable(lines.at(0)));
    QCOMPARE(lines.at(1), QStringLiteral("again 0"));
    QCOMPARE(lines.at(2), QStringLiteral("recovered"));
    QCOMPARE(code, 0);
}

void tst_Process::descriptorsAreCloexecAndNonBlocking()
{
    // A fresh thread gets a fresh channel: every descriptor it adds is CLOEXEC and
    // NONBLOCK from birth.
    WorkerThread thread;
    QSet<int> before, after;
    SignalNotifier *n = nullptr;
    thread.run([&] {
        before = openFds();
        n = new SignalNotifier(Signal::User1);
        after = openFds();
    });
    const QSet<int> added = after - before;
    QVERIFY(!added.isEmpty());
    for (int fd : added) {
        QVERIFY2(::fcntl(fd, F_GETFD) & FD_CLOEXEC, qPrintable(QString::number(fd)));
        QVERIFY2(::fcntl(fd, F_GETFL) & O_NONBLOCK, qPrintable(QString::number(fd)));
    }
    thread.run([&] { delete n; });
    QCOMPARE(openFds() - before, QSet<int>{});   // and all of them go away again
}

// A child stopped (kill -STOP, a debugger, Ctrl-Z) when the stop request comes acts on it
// at once: the request is followed by SIGCONT, as systemd does after SIGTERM.
void tst_Process::stopRequestReachesAStoppedChild()
{
    QProcess child;
    ProcessStopper::prepare(&child);
    child.start(QStringLiteral("/bin/sh"),
                {QStringLiteral("-c"), QStringLiteral("trap 'echo saving; exit 3' TERM; echo ready; read line; echo no request")});
    QVERIFY(child.waitForReadyRead(10000));
    QCOMPARE(child.readLine().trimmed(), QByteArray("ready"));
    const auto state = [&child] {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(child.processId()));
        if (!stat.open(QIODevice::ReadOnly))
            return '?';
        const QByteArray line = stat.readAll();
        const qsizetype at = line.lastIndexOf(')') + 2;
    return at >= 2 && at < line.size() ? line.at(at) : '?';
    };
    QVERIFY(::kill(pid_t(child.processId()), SIGSTOP) == 0);
    QTRY_COMPARE_WITH_TIMEOUT(state(), 'T', 10000);

    QString error;
    QVERIFY2(ProcessStopper::requestStop(&child, Signal::Terminate, &error), qPrintable(error));
    QVERIFY2(child.waitForFinished(10000), "the stopped child never acted on the request");
    QCOMPARE(child.exitStatus(), QProcess::NormalExit);
    QCOMPARE(child.exitCode(), 3);
    QCOMPARE(child.readAll().trimmed(), QByteArray("saving"));
}

QTEST_GUILESS_MAIN(tst_Process)
#include "tst_process.moc"
