// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The sigwatch tool, driven as a user drives it: started with QProcess, signals sent
// with kill() and sigqueue() to its pid, its lines and exit status checked. Every wait
// is for a condition (a line, the end of a process) and has a bound; nothing sleeps.

#include "sanitizers.h"

#include <SignalNotifier/Signal>

#include <QtCore/qdeadlinetimer.h>
#include <QtCore/qdir.h>
#include <QtCore/qfileinfo.h>
#include <QtCore/qregularexpression.h>
#include <QtCore/qfile.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qprocess.h>
#include <QtCore/qstandardpaths.h>
#include <QtCore/qdatetime.h>
#include <QtTest/qtest.h>

#include "childsignals.h"

#include <csignal>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace SN;

namespace {

constexpr int Timeout = 10000;   // ms; any wait longer than this is a failure

const QString SigwatchPath = QStringLiteral(SIGWATCH_PATH);

// Runs in the child between fork() and exec(). Marks every inherited descriptor
// above stderr close-on-exec, so that what sigwatch has open is what it opened.
void closeInheritedDescriptors()
{
#ifdef SYS_close_range
    // CLOSE_RANGE_CLOEXEC (Linux 5.11); older kernels fall through to the loop.
    if (::syscall(SYS_close_range, 3u, ~0u, 4u /* CLOSE_RANGE_CLOEXEC */) == 0)
        return;
#endif
    struct rlimit limit;
    int last = 65536;
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < rlim_t(last))
        last = int(limit.rlim_cur);
    for (int fd = 3; fd < last; ++fd) {
        const int flags = ::fcntl(fd, F_GETFD);
        if (flags >= 0 && !(flags & FD_CLOEXEC))
            ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
    }
}

QJsonObject jsonOf(const QString &line)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(line.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return QJsonObject();
    return doc.object();
}

QStringList linesOf(const QByteArray &output)
{
    return QString::fromUtf8(output).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

QStringList defaultNames()
{
    return {QStringLiteral("SIGHUP"), QStringLiteral("SIGINT"), QStringLiteral("SIGQUIT"),
            QStringLiteral("SIGTERM"), QStringLiteral("SIGUSR1"), QStringLiteral("SIGUSR2"),
            QStringLiteral("SIGWINCH")};
}

// A process whose stdout is read line by line; killed if still running at the end.
class Child
{
public:
    explicit Child(const std::function<void()> &modifier = resetSignals)
    {
        process.setChildProcessModifier(modifier);
    }
    ~Child()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(Timeout);
        }
    }
    Q_DISABLE_COPY(Child)

    bool start(const QString &program, const QStringList &arguments)
    {
        process.start(program, arguments);
        return process.waitForStarted(Timeout);
    }

    // Waits until `count` whole lines have come, or the process ends, or the bound.
    bool waitForLines(qsizetype count)
    {
        const QDeadlineTimer deadline(Timeout);
        for (;;) {
            takeLines();
            if (lines.size() >= count)
                return true;
            if (process.state() == QProcess::NotRunning || deadline.hasExpired())
                return false;
            process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
        }
    }

    bool waitForFinished()
    {
        const bool finished = process.waitForFinished(Timeout);
        takeLines();
        return finished;
    }

    qint64 pid() const { return process.processId(); }
    QJsonObject json(qsizetype i) const { return i < lines.size() ? jsonOf(lines.at(i)) : QJsonObject(); }

    QProcess process;
    QStringList lines;

private:
    void takeLines()
    {
        m_partial += process.readAllStandardOutput();
        qsizetype newline;
        while ((newline = m_partial.indexOf('\n')) >= 0) {
            lines.append(QString::fromUtf8(m_partial.left(newline)));
            m_partial.remove(0, newline + 1);
        }
    }
    QByteArray m_partial;
};

// A running `sigwatch ARGS`, past its ready line.
class Sigwatch : public Child
{
public:
    explicit Sigwatch(const std::function<void()> &modifier = resetSignals) : Child(modifier) {}

    bool start(const QStringList &arguments)
    {
        return Child::start(SigwatchPath, arguments) && waitForLines(1);
    }
};

struct Finished
{
    bool finished = false;
    QProcess::ExitStatus status = QProcess::CrashExit;
    int code = -1;
    QByteArray out;
    QByteArray err;
};

// Runs `sigwatch ARGS` to its end.
Finished runSigwatch(const QStringList &arguments)
{
    QProcess p;
    p.setChildProcessModifier(resetSignals);
    p.start(SigwatchPath, arguments);
    Finished f;
    f.finished = p.waitForFinished(Timeout);
    if (!f.finished) {
        p.kill();
        p.waitForFinished(Timeout);
    }
    f.status = p.exitStatus();
    f.code = p.exitCode();
    f.out = p.readAllStandardOutput();
    f.err = p.readAllStandardError();
    return f;
}

// A pid that no process has: pids are always below pid_max.
qint64 unusedPid()
{
    QFile f(QStringLiteral("/proc/sys/kernel/pid_max"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    return f.readAll().trimmed().toLongLong();
}

// `sigwatch --list --json` prints one document: {"processes":[{..,"signals":[..]},..]}.
QJsonArray processesOf(const QByteArray &output)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(output, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return QJsonArray();
    return doc.object().value(QLatin1String("processes")).toArray();
}

QHash<QString, QJsonObject> bySignal(const QJsonObject &process)
{
    QHash<QString, QJsonObject> out;
    for (const QJsonValue &v : process.value(QLatin1String("signals")).toArray()) {
        const QJsonObject o = v.toObject();
        out.insert(o.value(QLatin1String("signal")).toString(), o);
    }
    return out;
}

QStringList signalNames(const QJsonObject &process)
{
    QStringList names;
    for (const QJsonValue &v : process.value(QLatin1String("signals")).toArray())
        names.append(v.toObject().value(QLatin1String("signal")).toString());
    return names;
}

// What the kernel calls process `pid` (/proc/PID/comm), as sigwatch should print it.
QString commOf(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/comm").arg(pid));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll().trimmed()) : QString();
}

const QString ThreadmasksPath = QStringLiteral(THREADMASKS_PATH);

// threadmasks (see threadmasks.cpp), past its ready line.
class Threadmasks : public Child
{
public:
    bool start()
    {
        if (!Child::start(ThreadmasksPath, {}) || !waitForLines(1))
            return false;
        blockerTid = lines.at(0).section(QLatin1Char(' '), 1).toLongLong();
        return lines.at(0).startsWith(QLatin1String("ready ")) && blockerTid > 0;
    }
    qint64 blockerTid = 0;
};

} // namespace

class tst_Sigwatch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readyLine_data();
    void readyLine();
    void plainOutput();
    void killedWithUser1();
    void sigqueueValue();
    void realtimeValuesInOrder();
    void endsBySignal_data();
    void endsBySignal();
    void shellSeesStatus_data();
    void shellSeesStatus();
    void countExits();
    void listSelf();
    void listOtherProcess();
    void noSuchProcess_data();
    void noSuchProcess();
    void sendToWatcher_data();
    void sendToWatcher();
    void badInput_data();
    void badInput();
    void descriptorsAreCloexec();
    void nohupKeepsHangupIgnored();
    void version();
    void listIsOneJsonDocument();
    void listJsonForPython();
    void listSeveralProcesses();
    void listFilters_data();
    void listFilters();
    void perThreadMasks();
    void perThreadMasksText();
    void timestamps();
    void senderName();
    void shortOptions_data();
    void shortOptions();
    void sendShortOptions();
    void manPageMatchesHelp();
    void sendNonAsciiNameSendsNothing_data();
    void sendNonAsciiNameSendsNothing();
};

void tst_Sigwatch::readyLine_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("names");
    QTest::newRow("default") << QStringList() << defaultNames();
    QTest::newRow("named")
        << QStringList{QStringLiteral("usr1"), QStringLiteral("RTMIN+3"), QStringLiteral("2"),
                       QStringLiteral("SIGUSR1"), QStringLiteral("SIGRTMAX-1")}
        << QStringList{QStringLiteral("SIGUSR1"), Signal::realtime(3).name(), QStringLiteral("SIGINT"),
                       Signal::fromNumber(Signal::realtimeMaximum() - 1).name()};
}

void tst_Sigwatch::readyLine()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, names);
    Sigwatch w;
    QVERIFY(w.start(QStringList{QStringLiteral("--json")} + arguments));
    const QJsonObject ready = w.json(0);
    QVERIFY2(!ready.isEmpty(), qPrintable(w.lines.value(0)));
    QCOMPARE(ready.value(QLatin1String("event")).toString(), QStringLiteral("ready"));
    QCOMPARE(ready.value(QLatin1String("pid")).toInteger(), w.pid());
    QCOMPARE(ready.value(QLatin1String("signals")).toArray(), QJsonArray::fromStringList(names));
    QCOMPARE(ready.value(QLatin1String("keptIgnored")).toArray(), QJsonArray());
    QVERIFY(!ready.value(QLatin1String("version")).toString().isEmpty());
}

void tst_Sigwatch::plainOutput()
{
    Sigwatch w;
    QVERIFY(w.start({}));
    QCOMPARE(w.lines.at(0),
             QStringLiteral("sigwatch: watching %1 in pid %2 (Ctrl-C or kill -TERM %2 to stop)")
                 .arg(defaultNames().join(QLatin1Char(' ')))
                 .arg(w.pid()));
    QCOMPARE(::kill(pid_t(w.pid()), SIGUSR1), 0);
    QVERIFY(w.waitForLines(2));
    QCOMPARE(w.lines.at(1), QStringLiteral("SIGUSR1 (%1) from pid %2 (%3) uid %4 code SI_USER")
                                .arg(SIGUSR1).arg(::getpid()).arg(commOf(::getpid())).arg(::getuid()));
}

void tst_Sigwatch::killedWithUser1()
{
    Sigwatch w;
    QVERIFY(w.start({QStringLiteral("--json")}));
    QCOMPARE(::kill(pid_t(w.pid()), SIGUSR1), 0);
    QVERIFY(w.waitForLines(2));
    const QJsonObject o = w.json(1);
    QVERIFY2(!o.isEmpty(), qPrintable(w.lines.at(1)));
    QCOMPARE(o.value(QLatin1String("event")).toString(), QStringLiteral("signal"));
    QCOMPARE(o.value(QLatin1String("signal")).toString(), QStringLiteral("SIGUSR1"));
    QCOMPARE(o.value(QLatin1String("number")).toInt(), SIGUSR1);
    QCOMPARE(o.value(QLatin1String("code")).toString(), QStringLiteral("SI_USER"));
    QCOMPARE(o.value(QLatin1String("pid")).toInteger(), qint64(::getpid()));
    QCOMPARE(o.value(QLatin1String("uid")).toInteger(), qint64(::getuid()));
    QCOMPARE(o.value(QLatin1String("senderName")).toString(), commOf(::getpid()));
    QVERIFY(o.value(QLatin1String("time")).isNull());   // no --timestamp
    QVERIFY(o.value(QLatin1String("value")).isNull());
    QCOMPARE(o.value(QLatin1String("count")).toInteger(), 1);
    QCOMPARE(o.value(QLatin1String("overflow")).toBool(true), false);
}

void tst_Sigwatch::sigqueueValue()
{
    Sigwatch w;
    QVERIFY(w.start({QStringLiteral("--json")}));
    union sigval v;
    v.sival_ptr = nullptr;
    v.sival_int = 42;
    QCOMPARE(::sigqueue(pid_t(w.pid()), SIGUSR1, v), 0);
    QVERIFY(w.waitForLines(2));
    const QJsonObject o = w.json(1);
    QCOMPARE(o.value(QLatin1String("signal")).toString(), QStringLiteral("SIGUSR1"));
    QCOMPARE(o.value(QLatin1String("code")).toString(), QStringLiteral("SI_QUEUE"));
    QCOMPARE(o.value(QLatin1String("value")).toInt(), 42);
    QCOMPARE(o.value(QLatin1String("pid")).toInteger(), qint64(::getpid()));
}

void tst_Sigwatch::realtimeValuesInOrder()
{
    SN_SKIP_UNDER_TSAN();
    const Signal rt = Signal::realtime(1);
    QVERIFY(rt.isValid());
    Sigwatch w;
    QVERIFY(w.start({QStringLiteral("--json"), QStringLiteral("RTMIN+1")}));
    constexpr int Sent = 100;
    for (int i = 0; i < Sent; ++i) {
        union sigval v;
        v.sival_ptr = nullptr;
        v.sival_int = 1000 + i;
        QCOMPARE(::sigqueue(pid_t(w.pid()), rt.number(), v), 0);
    }
    QVERIFY2(w.waitForLines(1 + Sent), qPrintable(QString::number(w.lines.size())));
    QCOMPARE(w.lines.size(), 1 + Sent);
    for (int i = 0; i < Sent; ++i) {
        const QJsonObject o = w.json(1 + i);
        QCOMPARE(o.value(QLatin1String("signal")).toString(), rt.name());
        QCOMPARE(o.value(QLatin1String("number")).toInt(), rt.number());
        QCOMPARE(o.value(QLatin1String("code")).toString(), QStringLiteral("SI_QUEUE"));
        QCOMPARE(o.value(QLatin1String("value")).toInt(), 1000 + i);
        QCOMPARE(o.value(QLatin1String("count")).toInteger(), 1);
    }
}

void tst_Sigwatch::endsBySignal_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("signo");
    QTest::addColumn<QString>("name");
    QTest::newRow("INT") << QStringList() << SIGINT << QStringLiteral("SIGINT");
    QTest::newRow("TERM") << QStringList() << SIGTERM << QStringLiteral("SIGTERM");
    // --count does not change it: INT ends sigwatch by the signal before N is reached.
    QTest::newRow("INT with --count") << QStringList{QStringLiteral("--count"), QStringLiteral("5")}
                                      << SIGINT << QStringLiteral("SIGINT");
    QTest::newRow("TERM with others watched")
        << QStringList{QStringLiteral("USR1"), QStringLiteral("TERM"), QStringLiteral("HUP")}
        << SIGTERM << QStringLiteral("SIGTERM");
}

void tst_Sigwatch::endsBySignal()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, signo);
    QFETCH(QString, name);
    Sigwatch w;
    QVERIFY(w.start(QStringList{QStringLiteral("--json")} + arguments));
    // HUP is only printed: the process lives on to receive the next one.
    QCOMPARE(::kill(pid_t(w.pid()), SIGHUP), 0);
    QVERIFY(w.waitForLines(2));
    QCOMPARE(w.json(1).value(QLatin1String("signal")).toString(), QStringLiteral("SIGHUP"));
    QCOMPARE(::kill(pid_t(w.pid()), signo), 0);
    QVERIFY(w.waitForFinished());
    QCOMPARE(w.lines.size(), 3);
    QCOMPARE(w.json(2).value(QLatin1String("signal")).toString(), name);
    QCOMPARE(w.json(2).value(QLatin1String("pid")).toInteger(), qint64(::getpid()));
    // QProcess reports a death by signal as CrashExit with the signal as exit code.
    QCOMPARE(w.process.exitStatus(), QProcess::CrashExit);
    QCOMPARE(w.process.exitCode(), signo);
}

void tst_Sigwatch::shellSeesStatus_data()
{
    QTest::addColumn<int>("signo");
    QTest::addColumn<int>("status");
    QTest::newRow("INT") << SIGINT << 130;
    QTest::newRow("TERM") << SIGTERM << 143;
}

void tst_Sigwatch::shellSeesStatus()
{
    QFETCH(int, signo);
    QFETCH(int, status);
    // sigwatch in the foreground of a shell (a background job would have INT ignored):
    // the shell's own wait() decides what $? says.
    Child sh;
    QVERIFY(sh.start(QStringLiteral("/bin/sh"),
                     {QStringLiteral("-c"), QStringLiteral("\"$0\" --json; echo \"status $?\""),
                      SigwatchPath}));
    QVERIFY(sh.waitForLines(1));
    const qint64 pid = sh.json(0).value(QLatin1String("pid")).toInteger();
    QVERIFY2(pid > 0 && pid != sh.pid(), qPrintable(sh.lines.at(0)));
    QCOMPARE(::kill(pid_t(pid), signo), 0);
    QVERIFY(sh.waitForFinished());
    QCOMPARE(sh.lines.size(), 3);
    QCOMPARE(sh.json(1).value(QLatin1String("number")).toInt(), signo);
    QCOMPARE(sh.lines.at(2), QStringLiteral("status %1").arg(status));
    QCOMPARE(sh.process.exitStatus(), QProcess::NormalExit);
}

void tst_Sigwatch::countExits()
{
    Sigwatch w;
    QVERIFY(w.start({QStringLiteral("--json"), QStringLiteral("--count"), QStringLiteral("3"),
                     QStringLiteral("USR1"), QStringLiteral("USR2"), QStringLiteral("INT")}));
    // One at a time: two USR1 pending together would be merged into one activation.
    const int sent[] = {SIGUSR1, SIGUSR2, SIGUSR1};
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(::kill(pid_t(w.pid()), sent[i]), 0);
        QVERIFY(w.waitForLines(2 + i));
        QCOMPARE(w.json(1 + i).value(QLatin1String("number")).toInt(), sent[i]);
    }
    QVERIFY(w.waitForFinished());
    QCOMPARE(w.process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(w.process.exitCode(), 0);
    QCOMPARE(w.lines.size(), 4);
}

void tst_Sigwatch::listSelf()
{
    const Finished f = runSigwatch({QStringLiteral("--list"), QStringLiteral("--json")});
    QVERIFY(f.finished);
    QCOMPARE(f.status, QProcess::NormalExit);
    QCOMPARE(f.code, 0);
    QVERIFY2(f.err.isEmpty(), f.err.constData());
    const QJsonArray processes = processesOf(f.out);
    QCOMPARE(processes.size(), 1);
    const QJsonObject self = processes.at(0).toObject();
    QVERIFY(self.value(QLatin1String("pid")).toInteger() > 0);
    QCOMPARE(self.value(QLatin1String("name")).toString(), QStringLiteral("sigwatch"));
    QCOMPARE(self.value(QLatin1String("threadsDiffer")).toBool(true), false);
    QVERIFY(self.value(QLatin1String("threads")).isArray());
    const QJsonArray signalList = self.value(QLatin1String("signals")).toArray();
    const QList<Signal> valid = Signal::validSignals();
    QCOMPARE(signalList.size(), valid.size());
    const QStringList actions{QStringLiteral("default"), QStringLiteral("ignored"),
                              QStringLiteral("watched"), QStringLiteral("handled")};
    for (qsizetype i = 0; i < signalList.size(); ++i) {
        const QJsonObject o = signalList.at(i).toObject();
        const QByteArray what = QJsonDocument(o).toJson(QJsonDocument::Compact);
        QCOMPARE(o.value(QLatin1String("number")).toInt(), valid.at(i).number());
        QCOMPARE(o.value(QLatin1String("signal")).toString(), valid.at(i).name());
        QVERIFY2(actions.contains(o.value(QLatin1String("action")).toString()), what.constData());
        QCOMPARE(o.value(QLatin1String("blocked")).toString(), QStringLiteral("no"));
        QVERIFY(o.value(QLatin1String("pending")).isBool());
        QVERIFY(!o.value(QLatin1String("description")).toString().isEmpty());
    }
    const QJsonObject kill = bySignal(self).value(QStringLiteral("SIGKILL"));
    QCOMPARE(kill.value(QLatin1String("number")).toInt(), SIGKILL);
    QCOMPARE(kill.value(QLatin1String("action")).toString(), QStringLiteral("default"));
}

void tst_Sigwatch::listOtherProcess()
{
    Child sh;
    QVERIFY(sh.start(QStringLiteral("/bin/sh"),
                     {QStringLiteral("-c"),
                      QStringLiteral("trap '' USR1; trap 'echo x' USR2; echo ready; read line")}));
    QVERIFY(sh.waitForLines(1));
    QCOMPARE(sh.lines.at(0), QStringLiteral("ready"));

    const Finished f = runSigwatch({QStringLiteral("--list"), QStringLiteral("--json"),
                                    QString::number(sh.pid())});
    QVERIFY(f.finished);
    QCOMPARE(f.code, 0);
    const QJsonArray processes = processesOf(f.out);
    QCOMPARE(processes.size(), 1);
    const QJsonObject process = processes.at(0).toObject();
    QCOMPARE(process.value(QLatin1String("pid")).toInteger(), sh.pid());
    QCOMPARE(process.value(QLatin1String("name")).toString(), commOf(sh.pid()));
    QCOMPARE(process.value(QLatin1String("signals")).toArray().size(), Signal::validSignals().size());
    const QHash<QString, QJsonObject> states = bySignal(process);
    QCOMPARE(states.value(QStringLiteral("SIGUSR1")).value(QLatin1String("action")).toString(), QStringLiteral("ignored"));
    QCOMPARE(states.value(QStringLiteral("SIGUSR2")).value(QLatin1String("action")).toString(), QStringLiteral("caught"));
    QCOMPARE(states.value(QStringLiteral("SIGKILL")).value(QLatin1String("action")).toString(), QStringLiteral("default"));

    // For people: the process's name, the table, and no thread table for one thread.
    const Finished text = runSigwatch({QStringLiteral("-l"), QString::number(sh.pid())});
    QCOMPARE(text.code, 0);
    const QStringList lines = linesOf(text.out);
    QCOMPARE(lines.value(0), QStringLiteral("pid %1 (%2)").arg(sh.pid()).arg(commOf(sh.pid())));
    QVERIFY2(lines.value(1).startsWith(QLatin1String("  # NAME")), qPrintable(lines.value(1)));
    QCOMPARE(lines.size(), 2 + Signal::validSignals().size());
    QVERIFY(!text.out.contains("threads"));

    sh.process.closeWriteChannel();   // `read` sees the end of its input
    QVERIFY(sh.waitForFinished());
    QCOMPARE(sh.process.exitStatus(), QProcess::NormalExit);
}

void tst_Sigwatch::noSuchProcess_data()
{
    const QString pid = QString::number(unusedPid());
    const QString self = QString::number(::getpid());
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("pid");
    QTest::addColumn<int>("code");
    // --list checks every PID before it prints: one that is gone is a bad argument.
    QTest::newRow("--list") << QStringList{QStringLiteral("--list"), pid} << pid << 2;
    QTest::newRow("--list --json") << QStringList{QStringLiteral("--list"), QStringLiteral("--json"), pid} << pid << 2;
    QTest::newRow("--list, the last of three gone")
        << QStringList{QStringLiteral("-lJ"), self, QStringLiteral("1"), pid} << pid << 2;
    QTest::newRow("--list, the first of two gone")
        << QStringList{QStringLiteral("-l"), pid, self} << pid << 2;
    // --send: the system refused.
    QTest::newRow("--send") << QStringList{QStringLiteral("--send"), QStringLiteral("USR1"), pid} << pid << 1;
    QTest::newRow("--send --value")
        << QStringList{QStringLiteral("--send"), QStringLiteral("USR1"), pid, QStringLiteral("--value"),
                       QStringLiteral("1")}
        << pid << 1;
}

void tst_Sigwatch::noSuchProcess()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, pid);
    QFETCH(int, code);
    QVERIFY(pid.toLongLong() > 0);
    const Finished f = runSigwatch(arguments);
    QVERIFY(f.finished);
    QCOMPARE(f.status, QProcess::NormalExit);
    QCOMPARE(f.code, code);
    QCOMPARE(f.out, QByteArray());
    QCOMPARE(f.err.count('\n'), 1);
    QVERIFY(f.err.endsWith('\n'));
    QVERIFY2(f.err.contains(pid.toUtf8()), f.err.constData());
}

void tst_Sigwatch::sendToWatcher_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QJsonValue>("value");
    QTest::newRow("kill") << QStringList() << QStringLiteral("SI_USER") << QJsonValue(QJsonValue::Null);
    QTest::newRow("--value 42") << QStringList{QStringLiteral("--value"), QStringLiteral("42")}
                                << QStringLiteral("SI_QUEUE") << QJsonValue(42);
    QTest::newRow("--value=-7") << QStringList{QStringLiteral("--value=-7")}
                                << QStringLiteral("SI_QUEUE") << QJsonValue(-7);
}

void tst_Sigwatch::sendToWatcher()
{
    QFETCH(QStringList, extra);
    QFETCH(QString, code);
    QFETCH(QJsonValue, value);
    Sigwatch w;
    QVERIFY(w.start({QStringLiteral("--json")}));

    QProcess sender;
    sender.start(SigwatchPath, QStringList{QStringLiteral("--send"), QStringLiteral("USR1"),
                                           QString::number(w.pid())} + extra);
    QVERIFY(sender.waitForStarted(Timeout));
    const qint64 senderPid = sender.processId();
    QVERIFY(sender.waitForFinished(Timeout));
    QCOMPARE(sender.exitStatus(), QProcess::NormalExit);
    QCOMPARE(sender.exitCode(), 0);
    QCOMPARE(sender.readAllStandardOutput(), QByteArray());
    QCOMPARE(sender.readAllStandardError(), QByteArray());

    QVERIFY(w.waitForLines(2));
    const QJsonObject o = w.json(1);
    QCOMPARE(o.value(QLatin1String("signal")).toString(), QStringLiteral("SIGUSR1"));
    QCOMPARE(o.value(QLatin1String("code")).toString(), code);
    QCOMPARE(o.value(QLatin1String("value")), value);
    QCOMPARE(o.value(QLatin1String("pid")).toInteger(), senderPid);
}

void tst_Sigwatch::badInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("offending");
    auto row = [](const char *name, const QStringList &arguments, const QString &offending) {
        QTest::newRow(name) << arguments << offending;
    };
    row("unknown name", {QStringLiteral("FOO")}, QStringLiteral("'FOO'"));
    row("unknown among good", {QStringLiteral("USR1"), QStringLiteral("RTMIN+999")}, QStringLiteral("RTMIN+999"));
    row("KILL", {QStringLiteral("KILL")}, QStringLiteral("SIGKILL"));
    row("STOP", {QStringLiteral("STOP")}, QStringLiteral("SIGSTOP"));
    row("SEGV", {QStringLiteral("SEGV")}, QStringLiteral("SIGSEGV"));
    row("9", {QStringLiteral("9")}, QStringLiteral("'9'"));
    row("99", {QStringLiteral("99")}, QStringLiteral("99"));
    row("0", {QStringLiteral("0")}, QStringLiteral("number 0"));
    row("-1", {QStringLiteral("-1")}, QStringLiteral("-1"));
    row("--send without pid", {QStringLiteral("--send"), QStringLiteral("USR1")}, QStringLiteral("--send"));
    row("--send abc", {QStringLiteral("--send"), QStringLiteral("USR1"), QStringLiteral("abc")}, QStringLiteral("'abc'"));
    row("--send to pid 0", {QStringLiteral("--send"), QStringLiteral("USR1"), QStringLiteral("0")}, QStringLiteral("'0'"));
    row("--send FOO", {QStringLiteral("--send"), QStringLiteral("FOO"), QStringLiteral("1")}, QStringLiteral("'FOO'"));
    row("--value x", {QStringLiteral("--send"), QStringLiteral("USR1"), QStringLiteral("1"),
                      QStringLiteral("--value"), QStringLiteral("x")}, QStringLiteral("'x'"));
    row("--count x", {QStringLiteral("--count"), QStringLiteral("x")}, QStringLiteral("'x'"));
    // Numbers as the library reads them: digits only, no blank (QString's own parsing takes
    // blanks around them), a sign only for --value.
    row("--count ' 5'", {QStringLiteral("--count"), QStringLiteral(" 5")}, QStringLiteral("' 5'"));
    row("--count +5", {QStringLiteral("--count"), QStringLiteral("+5")}, QStringLiteral("'+5'"));
    row("--value ' 5'", {QStringLiteral("--send"), QStringLiteral("USR1"), QStringLiteral("1"),
                         QStringLiteral("--value"), QStringLiteral(" 5")}, QStringLiteral("' 5'"));
    row("--value 0x5", {QStringLiteral("--send"), QStringLiteral("USR1"), QStringLiteral("1"),
                        QStringLiteral("--value"), QStringLiteral("0x5")}, QStringLiteral("'0x5'"));
    row("--send to pid ' 1'", {QStringLiteral("--send"), QStringLiteral("USR1"), QStringLiteral(" 1")}, QStringLiteral("' 1'"));
    row("+2", {QStringLiteral("+2")}, QStringLiteral("+2 has a sign"));
    row("--count 0", {QStringLiteral("--count"), QStringLiteral("0")}, QStringLiteral("'0'"));
    row("--count missing", {QStringLiteral("--count")}, QStringLiteral("--count"));
    row("--list abc", {QStringLiteral("--list"), QStringLiteral("abc")}, QStringLiteral("'abc'"));
    row("unknown option", {QStringLiteral("--frobnicate")}, QStringLiteral("'--frobnicate'"));
    row("unknown short option", {QStringLiteral("-x")}, QStringLiteral("'-x'"));
    row("unknown in a bundle", {QStringLiteral("-lxJ")}, QStringLiteral("'-x'"));
    row("kill's -9 habit", {QStringLiteral("-s"), QStringLiteral("-9"), QStringLiteral("1")}, QStringLiteral("'-9'"));
    row("non-ASCII signal", {QStringLiteral("\u212Aill")}, QStringLiteral("'\u212Aill'"));
    row("non-ASCII --signals", {QStringLiteral("-l"), QStringLiteral("--signals"), QStringLiteral("HUP,\u212Aill")},
        QStringLiteral("'\u212Aill'"));
    row("--signals FOO", {QStringLiteral("-l"), QStringLiteral("--signals=USR1,FOO")}, QStringLiteral("'FOO'"));
    row("--signals empty", {QStringLiteral("-l"), QStringLiteral("--signals"), QStringLiteral(",")}, QStringLiteral("--signals"));
    row("--list good and bad pid", {QStringLiteral("--list"), QStringLiteral("1"), QStringLiteral("x1")}, QStringLiteral("'x1'"));
    row("--list pid 0", {QStringLiteral("--list"), QStringLiteral("0")}, QStringLiteral("'0'"));
    row("--caught without --list", {QStringLiteral("--caught")}, QStringLiteral("--caught"));
    row("--pending with --send", {QStringLiteral("-s"), QStringLiteral("USR1"), QStringLiteral("1"),
                                  QStringLiteral("--pending")}, QStringLiteral("--pending"));
    row("--timestamp with --list", {QStringLiteral("-lt")}, QStringLiteral("--timestamp"));
    row("--json with a value", {QStringLiteral("--json=yes")}, QStringLiteral("--json"));
    row("-c without a value", {QStringLiteral("USR1"), QStringLiteral("-c")}, QStringLiteral("-c"));
}

void tst_Sigwatch::badInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, offending);
    const Finished f = runSigwatch(arguments);
    QVERIFY(f.finished);
    QCOMPARE(f.status, QProcess::NormalExit);
    QCOMPARE(f.code, 2);
    QCOMPARE(f.out, QByteArray());   // no ready line: nothing was installed
    QCOMPARE(f.err.count('\n'), 1);
    QVERIFY(f.err.endsWith('\n'));
    QVERIFY2(f.err.startsWith("sigwatch: "), f.err.constData());
    QVERIFY2(f.err.contains(offending.toUtf8()), f.err.constData());
}

void tst_Sigwatch::descriptorsAreCloexec()
{
    // What the test runner leaked to us is not sigwatch's doing: mark it close-on-exec.
    Sigwatch w([] {
        resetSignals();
        closeInheritedDescriptors();
    });
    QVERIFY(w.start({QStringLiteral("--json")}));
    const QString proc = QStringLiteral("/proc/%1/").arg(w.pid());
    const QStringList fds = QDir(proc + QStringLiteral("fdinfo")).entryList(QDir::Files);
    int wakers = 0;   // pipes and eventfds
    for (const QString &fd : fds) {
        if (fd.toInt() <= 2)
            continue;
        QFile info(proc + QStringLiteral("fdinfo/") + fd);
        if (!info.open(QIODevice::ReadOnly))
            continue;   // closed meanwhile
        // "flags:\t02004002": octal open flags of the descriptor, O_CLOEXEC included.
        qlonglong flags = -1;
        for (const QByteArray &line : info.readAll().split('\n')) {
            if (line.startsWith("flags:"))
                flags = line.mid(6).trimmed().toLongLong(nullptr, 8);
        }
        const QString target = QFile::symLinkTarget(proc + QStringLiteral("fd/") + fd);
        const QByteArray what = QStringLiteral("fd %1 -> %2 flags 0%3").arg(fd, target).arg(flags, 0, 8).toUtf8();
        QVERIFY2(flags >= 0, what.constData());
        QVERIFY2(flags & O_CLOEXEC, what.constData());
        if (target.contains(QLatin1String("pipe:")) || target.contains(QLatin1String("[eventfd]"))) {
            ++wakers;
            QVERIFY2(flags & O_NONBLOCK, what.constData());
        }
    }
    QVERIFY2(wakers >= 1, qPrintable(QString::number(wakers)));   // the library's channel: an eventfd
}

void tst_Sigwatch::nohupKeepsHangupIgnored()
{
    // As nohup starts a program: HUP ignored before exec.
    Sigwatch w([] {
        resetSignals();
        struct sigaction ignore = {};
        ignore.sa_handler = SIG_IGN;
        sigemptyset(&ignore.sa_mask);
        ::sigaction(SIGHUP, &ignore, nullptr);
    });
    QVERIFY(w.start({QStringLiteral("--json"), QStringLiteral("HUP"), QStringLiteral("USR1"),
                     QStringLiteral("TERM")}));
    QCOMPARE(w.json(0).value(QLatin1String("keptIgnored")).toArray(),
             QJsonArray{QStringLiteral("SIGHUP")});

    // HUP first, then USR1: had HUP been caught, its line would come first (sent first,
    // and the lower number when both are pending).
    QCOMPARE(::kill(pid_t(w.pid()), SIGHUP), 0);
    QCOMPARE(::kill(pid_t(w.pid()), SIGUSR1), 0);
    QVERIFY(w.waitForLines(2));
    QCOMPARE(w.json(1).value(QLatin1String("signal")).toString(), QStringLiteral("SIGUSR1"));
    QCOMPARE(w.process.state(), QProcess::Running);

    const Finished list = runSigwatch({QStringLiteral("--list"), QStringLiteral("--json"),
                                       QString::number(w.pid())});
    QVERIFY(list.finished);
    QCOMPARE(list.code, 0);
    const QHash<QString, QJsonObject> states = bySignal(processesOf(list.out).at(0).toObject());
    QCOMPARE(states.value(QStringLiteral("SIGHUP")).value(QLatin1String("action")).toString(), QStringLiteral("ignored"));
    QCOMPARE(states.value(QStringLiteral("SIGUSR1")).value(QLatin1String("action")).toString(), QStringLiteral("caught"));

    QCOMPARE(::kill(pid_t(w.pid()), SIGTERM), 0);
    QVERIFY(w.waitForFinished());
    QCOMPARE(w.lines.size(), 3);   // ready, USR1, TERM: never a HUP
    QCOMPARE(w.json(2).value(QLatin1String("signal")).toString(), QStringLiteral("SIGTERM"));
    QCOMPARE(w.process.exitStatus(), QProcess::CrashExit);
    QCOMPARE(w.process.exitCode(), SIGTERM);
}

void tst_Sigwatch::version()
{
    const Finished f = runSigwatch({QStringLiteral("--version")});
    QVERIFY(f.finished);
    QCOMPARE(f.code, 0);
    const QString line = QString::fromUtf8(f.out).trimmed();
    QVERIFY2(line.startsWith(QLatin1String("sigwatch ")), qPrintable(line));

    Sigwatch w;
    QVERIFY(w.start({QStringLiteral("--json")}));
    QCOMPARE(QStringLiteral("sigwatch ") + w.json(0).value(QLatin1String("version")).toString(), line);

    const Finished help = runSigwatch({QStringLiteral("--help")});
    QCOMPARE(help.code, 0);
    QVERIFY(help.out.startsWith("Usage:"));
    QCOMPARE(help.err, QByteArray());

    // Short forms, util-linux style.
    QCOMPARE(runSigwatch({QStringLiteral("-V")}).out, f.out);
    QCOMPARE(runSigwatch({QStringLiteral("-h")}).out, help.out);
}

void tst_Sigwatch::listIsOneJsonDocument()
{
    // Several processes, one document: parsed as a whole, not line by line.
    Threadmasks t;
    QVERIFY(t.start());
    const Finished f = runSigwatch({QStringLiteral("--list"), QStringLiteral("--json"),
                                    QString::number(::getpid()), QString::number(t.pid())});
    QVERIFY(f.finished);
    QCOMPARE(f.code, 0);
    QVERIFY2(f.err.isEmpty(), f.err.constData());
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(f.out, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QVERIFY(doc.isObject());
    QCOMPARE(doc.object().keys(), QStringList{QStringLiteral("processes")});
    QVERIFY2(f.out.count('\n') > 2, "indented for people, one document for programs");
}

void tst_Sigwatch::listJsonForPython()
{
    // python3 is installed by scripts/test.sh (scripts/deps.sh python3).
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (python.isEmpty())
        QSKIP("python3 is not installed (scripts/test.sh installs it)");
    QProcess p;
    p.setStandardInputFile(QProcess::nullDevice());
    p.start(QStringLiteral("/bin/sh"),
            {QStringLiteral("-c"), QStringLiteral("\"$0\" -lJ 1 $$ | \"$1\" -m json.tool"), SigwatchPath, python});
    QVERIFY(p.waitForFinished(Timeout));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    const QByteArray err = p.readAllStandardError();
    QVERIFY2(p.exitCode() == 0, err.constData());
    QCOMPARE(processesOf(p.readAllStandardOutput()).size(), 2);
}

void tst_Sigwatch::listSeveralProcesses()
{
    Child a;
    QVERIFY(a.start(QStringLiteral("/bin/sh"),
                    {QStringLiteral("-c"), QStringLiteral("trap '' USR1; echo ready; read line")}));
    QVERIFY(a.waitForLines(1));
    Threadmasks b;
    QVERIFY(b.start());

    // In the order given, a duplicate once.
    const Finished f = runSigwatch({QStringLiteral("-lJ"), QString::number(b.pid()), QString::number(a.pid()),
                                    QString::number(b.pid())});
    QCOMPARE(f.code, 0);
    const QJsonArray processes = processesOf(f.out);
    QCOMPARE(processes.size(), 2);
    const QJsonObject first = processes.at(0).toObject();
    const QJsonObject second = processes.at(1).toObject();
    QCOMPARE(first.value(QLatin1String("pid")).toInteger(), b.pid());
    QCOMPARE(first.value(QLatin1String("name")).toString(), QStringLiteral("threadmasks"));
    QCOMPARE(second.value(QLatin1String("pid")).toInteger(), a.pid());
    QCOMPARE(second.value(QLatin1String("name")).toString(), commOf(a.pid()));
    QCOMPARE(bySignal(first).value(QStringLiteral("SIGHUP")).value(QLatin1String("action")).toString(), QStringLiteral("ignored"));
    QCOMPARE(bySignal(first).value(QStringLiteral("SIGUSR1")).value(QLatin1String("action")).toString(), QStringLiteral("default"));
    QCOMPARE(bySignal(second).value(QStringLiteral("SIGUSR1")).value(QLatin1String("action")).toString(), QStringLiteral("ignored"));

    // For people: one block per process, a blank line between.
    const Finished text = runSigwatch({QStringLiteral("--list"), QString::number(a.pid()), QString::number(b.pid())});
    QCOMPARE(text.code, 0);
    const QStringList lines = QString::fromUtf8(text.out).split(QLatin1Char('\n'));
    QCOMPARE(lines.at(0), QStringLiteral("pid %1 (%2)").arg(a.pid()).arg(commOf(a.pid())));
    const qsizetype blank = lines.indexOf(QString());
    QVERIFY(blank > 0);
    QCOMPARE(lines.value(blank + 1), QStringLiteral("pid %1 (threadmasks)").arg(b.pid()));
}

void tst_Sigwatch::listFilters_data()
{
    // threadmasks: HUP ignored, TERM caught; PROF blocked in every thread and pending for
    // the process; USR1 and USR2 blocked in one thread, USR1 pending there.
    QTest::addColumn<QStringList>("filters");
    QTest::addColumn<QStringList>("expected");
    const QString hup = QStringLiteral("SIGHUP"), term = QStringLiteral("SIGTERM"), usr1 = QStringLiteral("SIGUSR1"),
                  usr2 = QStringLiteral("SIGUSR2"), prof = QStringLiteral("SIGPROF");
    QTest::newRow("--caught") << QStringList{QStringLiteral("--caught")} << QStringList{term};
    QTest::newRow("--ignored") << QStringList{QStringLiteral("--ignored")} << QStringList{hup};
    QTest::newRow("--blocked") << QStringList{QStringLiteral("--blocked")} << QStringList{usr1, usr2, prof};
    QTest::newRow("--pending") << QStringList{QStringLiteral("--pending")} << QStringList{usr1, prof};
    QTest::newRow("--caught --ignored") << QStringList{QStringLiteral("--caught"), QStringLiteral("--ignored")}
                                        << QStringList{hup, term};
    QTest::newRow("--signals") << QStringList{QStringLiteral("--signals"), QStringLiteral("term,1, 10")}
                               << QStringList{hup, usr1, term};
    QTest::newRow("--signals twice") << QStringList{QStringLiteral("--signals=HUP"), QStringLiteral("--signals=USR2")}
                                     << QStringList{hup, usr2};
    QTest::newRow("--blocked --signals") << QStringList{QStringLiteral("--blocked"), QStringLiteral("--signals=USR2,HUP,PROF")}
                                         << QStringList{usr2, prof};
    QTest::newRow("--caught --signals, none") << QStringList{QStringLiteral("--caught"), QStringLiteral("--signals=HUP")}
                                              << QStringList();
}

void tst_Sigwatch::listFilters()
{
    QFETCH(QStringList, filters);
    QFETCH(QStringList, expected);
    Threadmasks t;
    QVERIFY(t.start());
    const Finished f = runSigwatch(QStringList{QStringLiteral("-lJ")} + filters + QStringList{QString::number(t.pid())});
    QVERIFY2(f.code == 0, f.err.constData());
    const QJsonArray processes = processesOf(f.out);
    QCOMPARE(processes.size(), 1);
    QCOMPARE(signalNames(processes.at(0).toObject()), expected);

    // The same rows for people.
    const Finished text = runSigwatch(QStringList{QStringLiteral("-l")} + filters + QStringList{QString::number(t.pid())});
    QCOMPARE(text.code, 0);
    QStringList names;
    for (const QString &line : linesOf(text.out)) {
        const QStringList fields = line.simplified().split(QLatin1Char(' '));
        if (fields.size() > 2 && fields.at(1).startsWith(QLatin1String("SIG")))
            names.append(fields.at(1));
    }
    QCOMPARE(names, expected);
}

void tst_Sigwatch::perThreadMasks()
{
    Threadmasks t;
    QVERIFY(t.start());
    const Finished f = runSigwatch({QStringLiteral("--list"), QStringLiteral("--json"), QString::number(t.pid())});
    QCOMPARE(f.code, 0);
    const QJsonObject process = processesOf(f.out).at(0).toObject();
    QCOMPARE(process.value(QLatin1String("threadsDiffer")).toBool(), true);
    const QJsonArray threads = process.value(QLatin1String("threads")).toArray();
    QCOMPARE(threads.size(), 2);
    const QJsonObject main = threads.at(0).toObject();
    const QJsonObject blocker = threads.at(1).toObject();
    QCOMPARE(main.value(QLatin1String("tid")).toInteger(), t.pid());
    QCOMPARE(main.value(QLatin1String("name")).toString(), QStringLiteral("threadmasks"));
    QCOMPARE(main.value(QLatin1String("blocked")).toArray(), QJsonArray{QStringLiteral("SIGPROF")});
    QCOMPARE(main.value(QLatin1String("pending")).toArray(), QJsonArray());
    QCOMPARE(blocker.value(QLatin1String("tid")).toInteger(), t.blockerTid);
    QCOMPARE(blocker.value(QLatin1String("name")).toString(), QStringLiteral("blocker"));
    QCOMPARE(blocker.value(QLatin1String("blocked")).toArray(),
             (QJsonArray{QStringLiteral("SIGUSR1"), QStringLiteral("SIGUSR2"), QStringLiteral("SIGPROF")}));
    QCOMPARE(blocker.value(QLatin1String("pending")).toArray(), QJsonArray{QStringLiteral("SIGUSR1")});

    const QHash<QString, QJsonObject> states = bySignal(process);
    auto blocked = [&](const char *name) {
        return states.value(QLatin1String(name)).value(QLatin1String("blocked")).toString();
    };
    auto pending = [&](const char *name) {
        return states.value(QLatin1String(name)).value(QLatin1String("pending")).toBool();
    };
    QCOMPARE(blocked("SIGPROF"), QStringLiteral("yes"));   // every thread
    QCOMPARE(blocked("SIGUSR1"), QStringLiteral("some"));  // the blocker only
    QCOMPARE(blocked("SIGUSR2"), QStringLiteral("some"));
    QCOMPARE(blocked("SIGHUP"), QStringLiteral("no"));
    QCOMPARE(pending("SIGPROF"), true);    // the process's pending set
    QCOMPARE(pending("SIGUSR1"), true);    // the blocker's own
    QCOMPARE(pending("SIGUSR2"), false);
}

void tst_Sigwatch::perThreadMasksText()
{
    Threadmasks t;
    QVERIFY(t.start());
    const Finished f = runSigwatch({QStringLiteral("--list"), QStringLiteral("--signals=USR1,PROF"),
                                    QString::number(t.pid())});
    QCOMPARE(f.code, 0);
    const QStringList lines = linesOf(f.out);
    QCOMPARE(lines.size(), 7);
    QCOMPARE(lines.at(2).simplified().section(QLatin1Char(' '), 0, 4), QStringLiteral("%1 SIGUSR1 default some yes").arg(SIGUSR1));
    QCOMPARE(lines.at(3).simplified().section(QLatin1Char(' '), 0, 4), QStringLiteral("%1 SIGPROF default yes yes").arg(SIGPROF));
    QCOMPARE(lines.at(4), QStringLiteral("threads (their masks differ):"));
    QCOMPARE(lines.at(5).trimmed(), QStringLiteral("%1 threadmasks: blocked PROF; pending none").arg(t.pid()));
    QCOMPARE(lines.at(6).trimmed(), QStringLiteral("%1 blocker: blocked USR1 USR2 PROF; pending USR1").arg(t.blockerTid));
}

void tst_Sigwatch::timestamps()
{
    const QDateTime before = QDateTime::currentDateTimeUtc();
    Sigwatch json;
    QVERIFY(json.start({QStringLiteral("--json"), QStringLiteral("--timestamp"), QStringLiteral("USR1")}));
    QCOMPARE(::kill(pid_t(json.pid()), SIGUSR1), 0);
    QVERIFY(json.waitForLines(2));
    const QString time = json.json(1).value(QLatin1String("time")).toString();
    QVERIFY2(time.endsWith(QLatin1Char('Z')), qPrintable(time));   // UTC
    const QDateTime at = QDateTime::fromString(time, Qt::ISODateWithMs);
    QVERIFY2(at.isValid(), qPrintable(time));
    QVERIFY2(at >= before.addMSecs(-1) && at <= QDateTime::currentDateTimeUtc(), qPrintable(time));

    Sigwatch text;
    QVERIFY(text.start({QStringLiteral("-t"), QStringLiteral("USR1")}));
    QCOMPARE(::kill(pid_t(text.pid()), SIGUSR1), 0);
    QVERIFY(text.waitForLines(2));
    // "2026-01-31T12:00:00.123+01:00 SIGUSR1 (10) from ...": local time with its offset.
    const QString stamp = text.lines.at(1).section(QLatin1Char(' '), 0, 0);
    const QDateTime local = QDateTime::fromString(stamp, Qt::ISODateWithMs);
    QVERIFY2(local.isValid() && stamp.contains(QLatin1Char('.')), qPrintable(text.lines.at(1)));
    QVERIFY2(local >= before.addMSecs(-1) && local <= QDateTime::currentDateTimeUtc(), qPrintable(stamp));
    QVERIFY2(text.lines.at(1).section(QLatin1Char(' '), 1).startsWith(QLatin1String("SIGUSR1 (")), qPrintable(text.lines.at(1)));
    // Only the activations: the ready line is as without -t.
    QVERIFY(text.lines.at(0).startsWith(QLatin1String("sigwatch: watching SIGUSR1")));
}

void tst_Sigwatch::senderName()
{
    Sigwatch w;
    QVERIFY(w.start({QStringLiteral("--json"), QStringLiteral("USR1")}));
    // A sender that is another program, alive until we have read the line.
    Child sh;
    QVERIFY(sh.start(QStringLiteral("/bin/sh"),
                     {QStringLiteral("-c"), QStringLiteral("kill -USR1 %1; echo sent; read line").arg(w.pid())}));
    QVERIFY(sh.waitForLines(1));
    QVERIFY(w.waitForLines(2));
    const QJsonObject o = w.json(1);
    QCOMPARE(o.value(QLatin1String("pid")).toInteger(), sh.pid());
    QCOMPARE(o.value(QLatin1String("senderName")).toString(), commOf(sh.pid()));
    QVERIFY(!commOf(sh.pid()).isEmpty());
    sh.process.closeWriteChannel();
    QVERIFY(sh.waitForFinished());
}

void tst_Sigwatch::shortOptions_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("activations");
    QTest::newRow("-J -c 1") << QStringList{QStringLiteral("-J"), QStringLiteral("-c"), QStringLiteral("1")} << 1;
    QTest::newRow("-Jc2") << QStringList{QStringLiteral("-Jc2")} << 2;
    QTest::newRow("-tJc 1") << QStringList{QStringLiteral("-tJc"), QStringLiteral("1")} << 1;
    QTest::newRow("--json --count=2") << QStringList{QStringLiteral("--json"), QStringLiteral("--count=2")} << 2;
}

void tst_Sigwatch::shortOptions()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, activations);
    Sigwatch w;
    QVERIFY(w.start(arguments + QStringList{QStringLiteral("USR1"), QStringLiteral("USR2")}));
    QCOMPARE(w.json(0).value(QLatin1String("event")).toString(), QStringLiteral("ready"));
    const int sent[] = {SIGUSR1, SIGUSR2};
    for (int i = 0; i < activations; ++i) {
        QCOMPARE(::kill(pid_t(w.pid()), sent[i]), 0);
        QVERIFY(w.waitForLines(2 + i));
    }
    QVERIFY(w.waitForFinished());
    QCOMPARE(w.process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(w.process.exitCode(), 0);
    QCOMPARE(w.lines.size(), 1 + activations);
    QCOMPARE(w.json(1).value(QLatin1String("number")).toInt(), SIGUSR1);
    QCOMPARE(w.json(1).value(QLatin1String("time")).isString(), arguments.first().contains(QLatin1Char('t')));
}

void tst_Sigwatch::sendShortOptions()
{
    Sigwatch w;
    QVERIFY(w.start({QStringLiteral("-J")}));
    const Finished sent = runSigwatch({QStringLiteral("-s"), QStringLiteral("USR2"), QString::number(w.pid()),
                                       QStringLiteral("-q"), QStringLiteral("-7")});
    QCOMPARE(sent.code, 0);
    QVERIFY(w.waitForLines(2));
    QCOMPARE(w.json(1).value(QLatin1String("signal")).toString(), QStringLiteral("SIGUSR2"));
    QCOMPARE(w.json(1).value(QLatin1String("code")).toString(), QStringLiteral("SI_QUEUE"));
    QCOMPARE(w.json(1).value(QLatin1String("value")).toInt(), -7);
}

// The words of a text, lower case, without punctuation or roff markup: what a reader
// of the man page and of --help sees, whatever the layout.
QStringList wordsOf(QString text, bool roff)
{
    if (roff) {
        QStringList kept;
        for (QString line : text.split(QLatin1Char('\n'))) {
            if (line.startsWith(QLatin1String(".\\\"")))
                continue;   // a comment
            if (line.startsWith(QLatin1Char('.')))
                line = line.section(QLatin1Char(' '), 1);   // a request's arguments
            kept.append(line);
        }
        text = kept.join(QLatin1Char('\n'));
        static const QRegularExpression escapes(QStringLiteral("\\\\f[BIRP]|\\\\[,/&]"));
        text.remove(escapes);
        text.replace(QLatin1String("\\-"), QLatin1String("-"));
    }
    static const QRegularExpression nonWords(QStringLiteral("[^a-z0-9]+"));
    return text.toLower().split(nonWords, Qt::SkipEmptyParts);
}

void tst_Sigwatch::manPageMatchesHelp()
{
#ifndef SIGWATCH_MANPAGE
    QSKIP("built with -DSIGNALNOTIFIER_MANPAGE=OFF: there is no man page");
#else
    // The build makes the page from --help (help2man) after every build of sigwatch.
    const QString path = QStringLiteral(SIGWATCH_MANPAGE);
    QFile page(path);
    QVERIFY2(page.open(QIODevice::ReadOnly), qPrintable(path));
    const QString roff = QString::fromUtf8(page.readAll());
    QVERIFY(QFileInfo(path).lastModified() >= QFileInfo(SigwatchPath).lastModified());

    const Finished version = runSigwatch({QStringLiteral("--version")});
    const QString th = roff.section(QLatin1Char('\n'), 1, 1);
    QVERIFY2(th.startsWith(QLatin1String(".TH SIGWATCH \"1\"")), qPrintable(th));
    QVERIFY2(th.contains(QString::fromUtf8(version.out).trimmed()), qPrintable(th));

    // Every word of --help, in the same order (the usage lines become the SYNOPSIS).
    const Finished help = runSigwatch({QStringLiteral("--help")});
    QStringList helpLines = QString::fromUtf8(help.out).split(QLatin1Char('\n'));
    helpLines.removeIf([](const QString &line) {
        return line.startsWith(QLatin1String("Usage:")) || line.startsWith(QLatin1String("  or:"));
    });
    const QStringList expected = wordsOf(helpLines.join(QLatin1Char('\n')), false);
    const QStringList actual = wordsOf(roff, true);
    QVERIFY(expected.size() > 300);
    qsizetype at = 0;
    for (qsizetype i = 0; i < expected.size(); ++i) {
        at = actual.indexOf(expected.at(i), at);
        QVERIFY2(at >= 0, qPrintable(QStringLiteral("word %1 of --help, '%2' after '%3', is not in %4")
                                         .arg(i).arg(expected.at(i), expected.mid(qMax(0, int(i) - 6), 6).join(QLatin1Char(' ')), path)));
        ++at;
    }
    // And the SYNOPSIS has the three forms.
    const QString synopsis = roff.section(QLatin1String(".SH SYNOPSIS"), 1).section(QLatin1String(".SH "), 0, 0);
    QVERIFY2(synopsis.count(QLatin1String(".B sigwatch")) == 3 && synopsis.contains(QLatin1String("--list"))
                 && synopsis.contains(QLatin1String("--send")),
             qPrintable(synopsis));
#endif
}

void tst_Sigwatch::sendNonAsciiNameSendsNothing_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("KELVIN SIGN ill (issue 10: sent SIGKILL)") << QStringLiteral("\u212Aill");
    QTest::newRow("KELVIN SIGN ILL") << QStringLiteral("\u212AILL");
    QTest::newRow("fullwidth USR1") << QStringLiteral("\uFF35\uFF33\uFF32\uFF11");
    QTest::newRow("fullwidth INT") << QStringLiteral("\uFF29\uFF2E\uFF34");
    QTest::newRow("LONG S: \u017Figusr1") << QStringLiteral("\u017Figusr1");
    QTest::newRow("USR1 + NO-BREAK SPACE") << QStringLiteral("USR1\u00A0");
    QTest::newRow("EM SPACE + USR1") << QStringLiteral("\u2003USR1");
    QTest::newRow("combining acute in USR1") << QStringLiteral("U\u0301SR1");
    QTest::newRow("dotless i in INT") << QStringLiteral("\u0131nt");
}

void tst_Sigwatch::sendNonAsciiNameSendsNothing()
{
    // Issue 10, fault 8: signal names are ASCII; anything else is an unknown name, and
    // --send sends nothing (a target with every default action would die of anything).
    QFETCH(QString, name);
    const pid_t target = ::fork();
    if (target == 0) {
        resetSignals();
        ::alarm(30);
        for (;;)
            ::pause();
    }
    const Finished f = runSigwatch({QStringLiteral("--send"), name, QString::number(target)});
    int status = 0;
    const pid_t reaped = ::waitpid(target, &status, WNOHANG);
    ::kill(target, SIGKILL);
    ::waitpid(target, nullptr, 0);
    QVERIFY(f.finished);
    QCOMPARE(f.status, QProcess::NormalExit);
    QCOMPARE(f.code, 2);
    QVERIFY2(f.err.startsWith("sigwatch: "), f.err.constData());
    QVERIFY2(reaped == 0, qPrintable(QStringLiteral("the target ended by signal %1").arg(WIFSIGNALED(status) ? WTERMSIG(status) : 0)));
}

QTEST_GUILESS_MAIN(tst_Sigwatch)

#include "tst_sigwatch.moc"
