// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// SN::ServiceManager against a real manager's socket: the test binds the AF_UNIX datagram
// socket systemd would, starts servicehelper with NOTIFY_SOCKET (and WATCHDOG_USEC,
// WATCHDOG_PID) pointing at it, and reads every datagram the helper sends, in order.

#include "lineprocess.h"
#include "notifysocket.h"

#include <SignalNotifier/ServiceManager>

#include <QtCore/qtemporarydir.h>
#include <QtTest/qtest.h>

#include <ctime>
#include <memory>

#include <poll.h>

#include <linux/vm_sockets.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

const QString HelperPath = QStringLiteral(SERVICEHELPER_PATH);

quint64 monotonicUsec()
{
    timespec now = {};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return quint64(now.tv_sec) * 1000000u + quint64(now.tv_nsec) / 1000u;
}

QProcessEnvironment managedBy(const QString &socket)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("WATCHDOG_USEC"));
    env.remove(QStringLiteral("WATCHDOG_PID"));
    if (socket.isNull())
        env.remove(QStringLiteral("NOTIFY_SOCKET"));
    else
        env.insert(QStringLiteral("NOTIFY_SOCKET"), socket);
    return env;
}

// The helper started the way systemd starts a main process with a watchdog: WATCHDOG_PID
// is the pid of the process itself (the shell's $$, kept across exec).
QStringList withOwnPid()
{
    return {QStringLiteral("-c"), QStringLiteral("WATCHDOG_PID=$$; export WATCHDOG_PID; exec \"$0\""), HelperPath};
}

bool isPing(const QByteArray &m) { return m == "WATCHDOG=1"; }

} // namespace

class tst_ServiceManager : public QObject
{
    Q_OBJECT

private:
    QString socketName(bool abstract) const
    {
        return abstract ? QStringLiteral("@signalnotifier-tst-%1-%2").arg(::getpid()).arg(++m_sockets)
                        : m_dir.filePath(QStringLiteral("notify-%1").arg(++m_sockets));
    }

    QTemporaryDir m_dir;
    mutable int m_sockets = 0;

private Q_SLOTS:
    void unmanagedDoesNothing();
    void everyMessage_data();
    void everyMessage();
    void reloadIsStampedWithTheMonotonicClock();
    void statusIsCutToWhatTheManagerTakes_data();
    void statusIsCutToWhatTheManagerTakes();
    void statusWithANulIsRefused();
    void unreachableManagerIsNamedOnce_data();
    void unreachableManagerIsNamedOnce();
    void aManagerThatDoesNotReadNeverBlocks();
    void vsockManager();
    void vsockConnectThatTimesOutIsNotRetriedAtEveryMessage();
    void watchdogInterval_data();
    void watchdogInterval();
    void watchdogPingsComeFromTheMainLoop();
    void negativeExtensionIsRefused();
};

// A program run by hand: every call says "no manager" and sends nothing, without a word.
void tst_ServiceManager::unmanagedDoesNothing()
{
    LineProcess p(HelperPath, {}, managedBy(QString()));
    QVERIFY(!p.waitFor(QStringLiteral("^ready interval=0 managed=0$")).isEmpty());
    for (const char *command : {"ready", "reloading", "stopping", "status x", "extend 100"}) {
        p.tell(command);
        const QByteArray name = QByteArray(command).split(' ').first();
        QVERIFY2(!p.waitFor(QStringLiteral("^%1 0$").arg(QLatin1String(name))).isEmpty(), qPrintable(p.output()));
    }
    p.tell("quit");
    QCOMPARE(p.finish(), 0);
    QVERIFY2(!p.output().contains(QLatin1String("signalnotifier")), qPrintable(p.output()));
}

void tst_ServiceManager::everyMessage_data()
{
    QTest::addColumn<bool>("abstract");
    QTest::newRow("path") << false;
    QTest::newRow("abstract (@)") << true;
}

// Each call is one datagram, in the order of the calls, worded as sd_notify(3) says.
void tst_ServiceManager::everyMessage()
{
    QFETCH(bool, abstract);
    const QString name = socketName(abstract);
    NotifySocket manager(name);
    QVERIFY(manager.isBound());
    LineProcess p(HelperPath, {}, managedBy(name));
    QVERIFY(!p.waitFor(QStringLiteral("^ready interval=0 managed=1$")).isEmpty());
    const QList<QPair<QByteArray, QByteArray>> calls = {
        {"ready", "READY=1"},
        {"status starting the engines", "STATUS=starting the engines"},
        {"status2", "STATUS=line one line two  three"},
        {"extend 1500", "EXTEND_TIMEOUT_USEC=1500000"},
        // The longest that counts in microseconds, and past it (INT64_MAX ms): no overflow.
        {"extend 9223372036854775", "EXTEND_TIMEOUT_USEC=9223372036854775000"},
        {"extend 9223372036854775807", "EXTEND_TIMEOUT_USEC=9223372036854775807"},
        {"stopping", "STOPPING=1"},
    };
    for (const auto &call : calls) {
        p.tell(call.first);
        const QString command = QString::fromLatin1(call.first.split(' ').first());
        QVERIFY2(!p.waitFor(QStringLiteral("^%1 1$").arg(command)).isEmpty(), qPrintable(p.output()));
    }
    p.tell("quit");
    QCOMPARE(p.finish(), 0);
    QByteArrayList expected;
    for (const auto &call : calls)
        expected.append(call.second);
    QCOMPARE(manager.messages(), expected);
}

// Type=notify-reload: RELOADING=1 carries CLOCK_MONOTONIC from when the message was made,
// so systemd can tell that it answers the reload signal it sent before; READY=1 ends it.
void tst_ServiceManager::reloadIsStampedWithTheMonotonicClock()
{
    const QString name = socketName(false);
    NotifySocket manager(name);
    QVERIFY(manager.isBound());
    LineProcess p(HelperPath, {}, managedBy(name));
    QVERIFY(!p.waitFor(QStringLiteral("^ready ")).isEmpty());
    const quint64 before = monotonicUsec();
    p.tell("reloading");
    QVERIFY(!p.waitFor(QStringLiteral("^reloading 1$")).isEmpty());
    const quint64 after = monotonicUsec();
    p.tell("ready");
    QVERIFY(!p.waitFor(QStringLiteral("^ready 1$")).isEmpty());
    QCOMPARE(manager.waitFor("READY=1"), 1);
    const QByteArrayList lines = manager.messages().first().split('\n');
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0), QByteArray("RELOADING=1"));
    QVERIFY2(lines.at(1).startsWith("MONOTONIC_USEC="), lines.at(1).constData());
    bool ok = false;
    const quint64 stamp = lines.at(1).mid(15).toULongLong(&ok);
    QVERIFY(ok);
    QVERIFY2(before <= stamp && stamp <= after,
             qPrintable(QStringLiteral("%1 <= %2 <= %3").arg(before).arg(stamp).arg(after)));
}

void tst_ServiceManager::statusIsCutToWhatTheManagerTakes_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("text");   // sent `count` times over
    QTest::addColumn<int>("kept");       // how many of them come, whole
    // systemd takes a datagram of 4096 bytes (PIPE_BUF) at most: "STATUS=" + 4089.
    QTest::newRow("fits exactly") << 4089 << QStringLiteral("a") << 4089;
    QTest::newRow("one byte over") << 4090 << QStringLiteral("a") << 4089;
    QTest::newRow("two-byte characters") << 3000 << QStringLiteral("\u00e9") << 2044;
    QTest::newRow("three-byte characters") << 2000 << QStringLiteral("\u20ac") << 1363;
    QTest::newRow("four-byte characters") << 2000 << QStringLiteral("\U0001F600") << 1022;
}

// A status longer than the manager takes is cut to its limit, at a character boundary,
// rather than sent whole and dropped by systemd ("exceeded maximum size").
void tst_ServiceManager::statusIsCutToWhatTheManagerTakes()
{
    QFETCH(int, count);
    QFETCH(QString, text);
    QFETCH(int, kept);
    const QString name = socketName(false);
    NotifySocket manager(name);
    QVERIFY(manager.isBound());
    LineProcess p(HelperPath, {}, managedBy(name));
    QVERIFY(!p.waitFor(QStringLiteral("^ready ")).isEmpty());
    p.tell("status-repeat " + QByteArray::number(count) + ' ' + text.toUtf8());
    QVERIFY2(!p.waitFor(QStringLiteral("^status-repeat 1$")).isEmpty(), qPrintable(p.output()));
    p.tell("quit");
    QCOMPARE(p.finish(), 0);
    QCOMPARE(manager.messages().size(), 1);
    const QByteArray datagram = manager.messages().first();
    QVERIFY2(datagram.size() <= 4096, QByteArray::number(datagram.size()).constData());
    QCOMPARE(datagram, "STATUS=" + text.repeated(kept).toUtf8());
}

// A NUL would make systemd drop the whole message: refused, with a warning, and nothing
// is sent; the next message goes as usual.
void tst_ServiceManager::statusWithANulIsRefused()
{
    const QString name = socketName(false);
    NotifySocket manager(name);
    QVERIFY(manager.isBound());
    LineProcess p(HelperPath, {}, managedBy(name));
    QVERIFY(!p.waitFor(QStringLiteral("^ready ")).isEmpty());
    p.tell("status-nul");
    QVERIFY2(!p.waitFor(QStringLiteral("^status-nul 0$")).isEmpty(), qPrintable(p.output()));
    p.tell("ready");
    QVERIFY2(!p.waitFor(QStringLiteral("^ready 1$")).isEmpty(), qPrintable(p.output()));
    p.tell("quit");
    QCOMPARE(p.finish(), 0);
    QCOMPARE(p.count(QStringLiteral("ServiceManager::setStatus: the text holds a NUL character")), 1);
    QCOMPARE(manager.messages(), QByteArrayList{"READY=1"});
}

void tst_ServiceManager::unreachableManagerIsNamedOnce_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("reason");
    QTest::newRow("nobody listens") << QStringLiteral("/nonexistent/notify") << QStringLiteral("No such file");
    QTest::newRow("relative path") << QStringLiteral("relative/notify") << QStringLiteral("not an address");
    QTest::newRow("path too long") << QStringLiteral("/") + QString(200, u'x') << QStringLiteral("not an address");
    QTest::newRow("vsock without port") << QStringLiteral("vsock:2") << QStringLiteral("not an address");
    QTest::newRow("vsock, CID not a number") << QStringLiteral("vsock:host:1234") << QStringLiteral("not an address");
    QTest::newRow("vsock, CID any") << QStringLiteral("vsock:4294967295:1234") << QStringLiteral("not an address");
    QTest::newRow("vsock, port too big") << QStringLiteral("vsock:2:4294967296") << QStringLiteral("not an address");
    QTest::newRow("vsock, nobody listens") << QStringLiteral("vsock:1:1") << QString();
}

// A manager that cannot be told is named once, with the address and why; every call then
// says false, and the program goes on unchanged.
void tst_ServiceManager::unreachableManagerIsNamedOnce()
{
    QFETCH(QString, address);
    QFETCH(QString, reason);
    LineProcess p(HelperPath, {}, managedBy(address));
    QVERIFY(!p.waitFor(QStringLiteral("^ready interval=0 managed=1$")).isEmpty());
    for (const char *command : {"ready", "status x", "reloading", "extend 10", "stopping"}) {
        p.tell(command);
        const QString name = QString::fromLatin1(QByteArray(command).split(' ').first());
        QVERIFY2(!p.waitFor(QStringLiteral("^%1 0$").arg(name)).isEmpty(), qPrintable(p.output()));
    }
    p.tell("quit");
    QCOMPARE(p.finish(), 0);
    const QString warning = QStringLiteral("cannot notify the service manager at NOTIFY_SOCKET=") + address + QStringLiteral(": ");
    QVERIFY2(p.count(warning) == 1, qPrintable(p.output()));
    QVERIFY2(p.output().contains(QLatin1String("READY=1 not sent")), qPrintable(p.output()));
    if (!reason.isEmpty())
        QVERIFY2(p.output().contains(reason), qPrintable(p.output()));
}

// A manager that stops reading: its queue fills, the sender is refused (EAGAIN) and goes
// on; it never waits for room. The helper answering at all shows it did not block. A full
// queue is a lost message, said once in its own words; it does not use up the warning for
// a manager that cannot be reached, which still comes when the manager goes away.
void tst_ServiceManager::aManagerThatDoesNotReadNeverBlocks()
{
    const QString name = socketName(false);
    auto manager = std::make_unique<NotifySocket>(name);
    QVERIFY(manager->isBound());
    LineProcess p(HelperPath, {}, managedBy(name));
    QVERIFY(!p.waitFor(QStringLiteral("^ready ")).isEmpty());
    p.tell("flood 5000");
    const QStringList result = p.waitFor(QStringLiteral("^flood sent=(\\d+) failed=(\\d+)$"));
    QVERIFY2(!result.isEmpty(), qPrintable(p.output()));
    QVERIFY2(result.at(2).toInt() > 0, "the queue never filled: the test proves nothing");
    QCOMPARE(p.count(QStringLiteral("did not take a message: Resource temporarily unavailable (STATUS= lost)")), 1);
    QCOMPARE(p.count(QStringLiteral("cannot notify the service manager")), 0);
    p.tell("flood 5000");
    QVERIFY(!p.waitFor(QStringLiteral("^flood sent=\\d+ failed=5000$")).isEmpty());
    QCOMPARE(manager->messages().size(), result.at(1).toInt());
    QCOMPARE(p.count(QStringLiteral("did not take a message")), 1);

    // The manager goes away: a real failure, named.
    manager.reset();
    p.tell("ready");
    QVERIFY(!p.waitFor(QStringLiteral("^ready 0$")).isEmpty());
    p.tell("quit");
    QCOMPARE(p.finish(), 0);
    QCOMPARE(p.count(QStringLiteral("cannot notify the service manager at NOTIFY_SOCKET=") + name
                     + QStringLiteral(": Connection refused (READY=1 not sent")), 1);
}

// vsock:CID:PORT, as a VM tells its host. Needs a vsock transport that loops back to this
// machine (the vsock_loopback module); without one, the address is still parsed and the
// failure named (unreachableManagerIsNamedOnce).
void tst_ServiceManager::vsockManager()
{
    int type = SOCK_SEQPACKET;
    int fd = ::socket(AF_VSOCK, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd >= 0)
        type = SOCK_DGRAM;
    else
        fd = ::socket(AF_VSOCK, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    if (fd < 0)
        QSKIP("no AF_VSOCK on this machine");
    sockaddr_vm address = {};
    address.svm_family = AF_VSOCK;
    address.svm_cid = VMADDR_CID_LOCAL;
    address.svm_port = VMADDR_PORT_ANY;
    socklen_t length = sizeof address;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0
        || ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0
        || (type != SOCK_DGRAM && ::listen(fd, 1) != 0)) {
        ::close(fd);
        QSKIP("no vsock transport loops back to this machine (vsock_loopback)");
    }
    const QString name = QStringLiteral("vsock:%1:%2").arg(VMADDR_CID_LOCAL).arg(address.svm_port);
    LineProcess p(HelperPath, {}, managedBy(name));
    QVERIFY(!p.waitFor(QStringLiteral("^ready ")).isEmpty());
    p.tell("ready");
    QVERIFY2(!p.waitFor(QStringLiteral("^ready 1$")).isEmpty(), qPrintable(p.output()));
    int from = fd;
    if (type != SOCK_DGRAM)
        from = ::accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
    QVERIFY(from >= 0);
    char buffer[256];
    const ssize_t n = ::recv(from, buffer, sizeof buffer, 0);
    if (from != fd)
        ::close(from);
    ::close(fd);
    QCOMPARE(QByteArray(buffer, int(std::max<ssize_t>(0, n))), QByteArray("READY=1"));
}

// vsock-stream: to a transport that neither accepts nor refuses (here: AF_VSOCK without a
// loopback transport, where the connect stays "in progress"): the first message waits the
// connect's 100 ms and fails with ETIMEDOUT, named once; the messages after it fail at once
// during the back-off instead of waiting again. 1000 messages at 100 ms each would take
// 100 s, past LineProcess's 30 s hang guard.
void tst_ServiceManager::vsockConnectThatTimesOutIsNotRetriedAtEveryMessage()
{
    const int probe = ::socket(AF_VSOCK, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (probe < 0)
        QSKIP("no AF_VSOCK on this machine");
    sockaddr_vm address = {};
    address.svm_family = AF_VSOCK;
    address.svm_cid = VMADDR_CID_LOCAL;
    address.svm_port = 1;
    const bool inProgress = ::connect(probe, reinterpret_cast<sockaddr *>(&address), sizeof address) < 0
        && errno == EINPROGRESS;
    pollfd writable = {probe, POLLOUT, 0};
    const bool hangs = inProgress && ::poll(&writable, 1, 500) == 0;
    ::close(probe);
    if (!hangs)
        QSKIP("this machine's vsock transport answers a connect at once: no timeout to avoid");
    const QString name = QStringLiteral("vsock-stream:%1:1").arg(VMADDR_CID_LOCAL);
    LineProcess p(HelperPath, {}, managedBy(name));
    QVERIFY(!p.waitFor(QStringLiteral("^ready ")).isEmpty());
    p.tell("flood 1000");
    QVERIFY2(!p.waitFor(QStringLiteral("^flood sent=0 failed=1000$")).isEmpty(), qPrintable(p.output()));
    p.tell("quit");
    QCOMPARE(p.finish(), 0);
    QCOMPARE(p.count(QStringLiteral("cannot notify the service manager at NOTIFY_SOCKET=") + name
                     + QStringLiteral(": Connection timed out")), 1);
}

void tst_ServiceManager::watchdogInterval_data()
{
    QTest::addColumn<QString>("usec");
    QTest::addColumn<QString>("pid");   // "own", "none", or a pid
    QTest::addColumn<bool>("socket");
    QTest::addColumn<qint64>("interval");
    QTest::addColumn<qint64>("timerMs");   // the QTimer's interval; 0: no watchdog
    QTest::addColumn<int>("pings");        // while the ticks run: 0 none, 1 exactly one, 2 two or more
    QTest::newRow("WATCHDOG_PID ours") << QStringLiteral("400000") << QStringLiteral("own") << true << qint64(200000) << qint64(200) << 2;
    QTest::newRow("no WATCHDOG_PID") << QStringLiteral("300000") << QStringLiteral("none") << true << qint64(150000) << qint64(150) << 2;
    QTest::newRow("WATCHDOG_PID of another process") << QStringLiteral("400000") << QStringLiteral("1") << true << qint64(0) << qint64(0) << 0;
    QTest::newRow("WATCHDOG_PID not a number") << QStringLiteral("400000") << QStringLiteral("me") << true << qint64(0) << qint64(0) << 0;
    QTest::newRow("WATCHDOG_USEC not a number") << QStringLiteral("soon") << QStringLiteral("own") << true << qint64(0) << qint64(0) << 0;
    QTest::newRow("WATCHDOG_USEC zero") << QStringLiteral("0") << QStringLiteral("own") << true << qint64(0) << qint64(0) << 0;
    QTest::newRow("WATCHDOG_USEC infinity") << QStringLiteral("18446744073709551615") << QStringLiteral("own") << true << qint64(0) << qint64(0) << 0;
    QTest::newRow("no NOTIFY_SOCKET") << QStringLiteral("400000") << QStringLiteral("own") << false << qint64(0) << qint64(0) << 0;
    // Half a microsecond: pinged every millisecond, the shortest a QTimer counts.
    QTest::newRow("WATCHDOG_USEC 1") << QStringLiteral("1") << QStringLiteral("own") << true << qint64(1) << qint64(1) << 2;
    QTest::newRow("WATCHDOG_USEC 1999") << QStringLiteral("1999") << QStringLiteral("own") << true << qint64(1000) << qint64(1) << 2;
    // Half of it over INT_MAX ms: pinged every INT_MAX ms (the first ping at once, the next
    // 24.8 days later), never a wrap to a negative or a short interval.
    QTest::newRow("WATCHDOG_USEC 50 days") << QStringLiteral("4320000000000") << QStringLiteral("own") << true << qint64(2160000000000) << qint64(2147483647) << 1;
    QTest::newRow("WATCHDOG_USEC 99 days") << QStringLiteral("8553600000000") << QStringLiteral("own") << true << qint64(4276800000000) << qint64(2147483647) << 1;
}

// The library pings at half of WATCHDOG_USEC, and only when the watchdog is for this
// process; otherwise nothing is ever pinged (checked over the helper's own ticks, which
// span several of the intervals it would have pinged at).
void tst_ServiceManager::watchdogInterval()
{
    QFETCH(QString, usec);
    QFETCH(QString, pid);
    QFETCH(bool, socket);
    QFETCH(qint64, interval);
    QFETCH(qint64, timerMs);
    QFETCH(int, pings);
    const QString name = socketName(false);
    NotifySocket manager(name);
    QVERIFY(manager.isBound());
    QProcessEnvironment env = managedBy(socket ? name : QString());
    env.insert(QStringLiteral("WATCHDOG_USEC"), usec);
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("signalnotifier.servicemanager.debug=true"));
    if (pid != QLatin1String("own") && pid != QLatin1String("none"))
        env.insert(QStringLiteral("WATCHDOG_PID"), pid);
    const bool own = pid == QLatin1String("own");
    LineProcess p(own ? QStringLiteral("/bin/sh") : HelperPath, own ? withOwnPid() : QStringList(), env);
    QVERIFY2(!p.waitFor(QStringLiteral("^ready interval=%1 ").arg(interval)).isEmpty(), qPrintable(p.output()));
    p.tell("ticks 5");
    QVERIFY(!p.waitFor(QStringLiteral("^ticks started$")).isEmpty());
    if (!socket) {
        p.tell("quit");
        QCOMPARE(p.finish(), 0);
        QVERIFY(manager.messages().isEmpty());
        return;
    }
    const qsizetype done = manager.waitFor("STATUS=ticks done");
    QVERIFY2(done >= 0, manager.messages().join('|').constData());
    const QByteArrayList seen = manager.messages().mid(0, done);
    const qsizetype counted = std::count_if(seen.cbegin(), seen.cend(), isPing);
    if (pings < 2)
        QCOMPARE(counted, qsizetype(pings));
    else
        QVERIFY2(counted >= 2, seen.join('|').constData());
    p.tell("quit");
    QCOMPARE(p.finish(), 0);
    const QString output = p.output();
    QVERIFY2(!output.contains(QLatin1String("Timers cannot")), qPrintable(output));
    if (timerMs > 0)
        QCOMPARE(p.count(QStringLiteral("watchdog: pinging every %1 ms from the main event loop").arg(timerMs)), 1);
    else
        QVERIFY2(!output.contains(QLatin1String("watchdog: pinging")), qPrintable(output));
}

// The pings come from the main event loop: while it hangs, none comes, though another
// thread of the process keeps running and talking to the manager; once it turns again,
// they come again. That is what lets systemd's watchdog catch a hung service.
void tst_ServiceManager::watchdogPingsComeFromTheMainLoop()
{
    const QString name = socketName(true);
    NotifySocket manager(name);
    QVERIFY(manager.isBound());
    QProcessEnvironment env = managedBy(name);
    env.insert(QStringLiteral("WATCHDOG_USEC"), QStringLiteral("200000"));
    LineProcess p(QStringLiteral("/bin/sh"), withOwnPid(), env);
    QVERIFY(!p.waitFor(QStringLiteral("^ready interval=100000 ")).isEmpty());
    // Alive: it pings, the first one at once.
    QVERIFY(manager.waitFor(isPing) >= 0);
    QVERIFY(manager.waitFor(isPing, manager.waitFor(isPing) + 1) >= 0);

    // Hung: the main thread says so, starts a worker thread that sends 5 ticks, one per
    // ping interval, and blocks. Nothing the main loop sends can come between "hung" and
    // the last tick; a pinger on any other thread would have pinged about five times.
    p.tell("hang 5");
    QVERIFY(!p.waitFor(QStringLiteral("^hanging$")).isEmpty());
    const qsizetype hung = manager.waitFor("STATUS=hung");
    QVERIFY(hung >= 0);
    const qsizetype done = manager.waitFor("STATUS=ticks done", hung);
    QVERIFY2(done >= 0, manager.messages().join('|').constData());
    const QByteArrayList during = manager.messages().mid(hung + 1, done - hung - 1);
    QVERIFY2(std::none_of(during.cbegin(), during.cend(), isPing), during.join('|').constData());

    // Turning again: the pings come back.
    p.tell("wake");
    QVERIFY(!p.waitFor(QStringLiteral("^awake$")).isEmpty());
    QVERIFY2(manager.waitFor(isPing, done) >= 0, manager.messages().join('|').constData());
    p.tell("quit");
    QCOMPARE(p.finish(), 0);
}

void tst_ServiceManager::negativeExtensionIsRefused()
{
    QTest::ignoreMessage(QtWarningMsg, "ServiceManager::extendTimeout: a negative time (-5 ms) extends nothing");
    QVERIFY(!SN::ServiceManager::extendTimeout(std::chrono::milliseconds(-5)));
}

QTEST_GUILESS_MAIN(tst_ServiceManager)
#include "tst_servicemanager.moc"
