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
#include <QtCore/qfile.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qprocess.h>
#include <QtTest/qtest.h>

#include "childsignals.h"

#include <csignal>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

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

QHash<QString, QJsonObject> bySignal(const QStringList &lines)
{
    QHash<QString, QJsonObject> out;
    for (const QString &line : lines) {
        const QJsonObject o = jsonOf(line);
        out.insert(o.value(QLatin1String("signal")).toString(), o);
    }
    return out;
}

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
    QCOMPARE(w.lines.at(1), QStringLiteral("SIGUSR1 (%1) from pid %2 uid %3 code SI_USER")
                                .arg(SIGUSR1).arg(::getpid()).arg(::getuid()));
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
    const QStringList lines = linesOf(f.out);
    const QList<Signal> valid = Signal::validSignals();
    QCOMPARE(lines.size(), valid.size());
    const QStringList actions{QStringLiteral("default"), QStringLiteral("ignored"),
                              QStringLiteral("watched"), QStringLiteral("handled")};
    qint64 pid = 0;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QJsonObject o = jsonOf(lines.at(i));
        QVERIFY2(!o.isEmpty(), qPrintable(lines.at(i)));
        QCOMPARE(o.value(QLatin1String("number")).toInt(), valid.at(i).number());
        QCOMPARE(o.value(QLatin1String("signal")).toString(), valid.at(i).name());
        QVERIFY2(actions.contains(o.value(QLatin1String("action")).toString()), qPrintable(lines.at(i)));
        QVERIFY(o.value(QLatin1String("blocked")).isBool());
        QVERIFY(o.value(QLatin1String("pending")).isBool());
        QVERIFY(!o.value(QLatin1String("description")).toString().isEmpty());
        if (i == 0)
            pid = o.value(QLatin1String("pid")).toInteger();
        QCOMPARE(o.value(QLatin1String("pid")).toInteger(), pid);
    }
    QVERIFY(pid > 0);
    const QJsonObject kill = bySignal(lines).value(QStringLiteral("SIGKILL"));
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
    const QStringList lines = linesOf(f.out);
    QCOMPARE(lines.size(), Signal::validSignals().size());
    const QHash<QString, QJsonObject> states = bySignal(lines);
    QCOMPARE(states.value(QStringLiteral("SIGUSR1")).value(QLatin1String("action")).toString(), QStringLiteral("ignored"));
    QCOMPARE(states.value(QStringLiteral("SIGUSR2")).value(QLatin1String("action")).toString(), QStringLiteral("caught"));
    QCOMPARE(states.value(QStringLiteral("SIGKILL")).value(QLatin1String("action")).toString(), QStringLiteral("default"));
    QCOMPARE(states.value(QStringLiteral("SIGUSR1")).value(QLatin1String("pid")).toInteger(), sh.pid());

    sh.process.closeWriteChannel();   // `read` sees the end of its input
    QVERIFY(sh.waitForFinished());
    QCOMPARE(sh.process.exitStatus(), QProcess::NormalExit);
}

void tst_Sigwatch::noSuchProcess_data()
{
    const QString pid = QString::number(unusedPid());
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("pid");
    QTest::newRow("--list") << QStringList{QStringLiteral("--list"), pid} << pid;
    QTest::newRow("--list --json") << QStringList{QStringLiteral("--list"), QStringLiteral("--json"), pid} << pid;
    QTest::newRow("--send") << QStringList{QStringLiteral("--send"), QStringLiteral("USR1"), pid} << pid;
    QTest::newRow("--send --value")
        << QStringList{QStringLiteral("--send"), QStringLiteral("USR1"), pid, QStringLiteral("--value"),
                       QStringLiteral("1")}
        << pid;
}

void tst_Sigwatch::noSuchProcess()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, pid);
    QVERIFY(pid.toLongLong() > 0);
    const Finished f = runSigwatch(arguments);
    QVERIFY(f.finished);
    QCOMPARE(f.status, QProcess::NormalExit);
    QCOMPARE(f.code, 1);
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
    row("--count 0", {QStringLiteral("--count"), QStringLiteral("0")}, QStringLiteral("'0'"));
    row("--count missing", {QStringLiteral("--count")}, QStringLiteral("--count"));
    row("--list abc", {QStringLiteral("--list"), QStringLiteral("abc")}, QStringLiteral("'abc'"));
    row("unknown option", {QStringLiteral("--frobnicate")}, QStringLiteral("'--frobnicate'"));
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
    int pipes = 0;
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
        if (target.contains(QLatin1String("pipe:"))) {
            ++pipes;
            QVERIFY2(flags & O_NONBLOCK, what.constData());
        }
    }
    QVERIFY2(pipes >= 2, qPrintable(QString::number(pipes)));   // the library's channel
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
    const QHash<QString, QJsonObject> states = bySignal(linesOf(list.out));
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
