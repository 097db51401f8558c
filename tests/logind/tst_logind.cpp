// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Shutdown from systemd-logind, against a real D-Bus broker: each test starts its own
// dbus-daemon, hands it to the processes as their system bus (DBUS_SYSTEM_BUS_ADDRESS),
// runs mocklogind.py on it in logind's place, and drives logindhelper, an application
// built on the library. The mock keeps the other end of every lock it hands out and
// reports when the application's end is closed, so each test sees from logind's side
// when the machine would go on with its shutdown.

#include "lineprocess.h"

#include <QtCore/qstandardpaths.h>
#include <QtTest/qtest.h>

#include <csignal>
#include <memory>

namespace {

const QString HelperPath = QStringLiteral(LOGINDHELPER_PATH);
const QString MockPath = QStringLiteral(MOCKLOGIND_PATH);
const QString Python = QStringLiteral(PYTHON3_PATH);

// A private bus, as dbus-daemon --session makes one; the test's stand-in for the system bus.
class Bus
{
public:
    Bus()
    {
        m_daemon.setProgram(QStandardPaths::findExecutable(QStringLiteral("dbus-daemon")));
        m_daemon.setArguments({QStringLiteral("--session"), QStringLiteral("--nofork"),
                               QStringLiteral("--print-address=1")});
        m_daemon.setProcessChannelMode(QProcess::SeparateChannels);
        m_daemon.start();
        if (!m_daemon.waitForStarted())
            return;
        while (!m_daemon.canReadLine() && m_daemon.waitForReadyRead(30000)) {
        }
        m_address = QString::fromUtf8(m_daemon.readLine()).trimmed();
    }
    ~Bus() { kill(); }
    bool isRunning() const { return !m_address.isEmpty(); }
    QString address() const { return m_address; }
    void kill()
    {
        if (m_daemon.state() != QProcess::NotRunning) {
            m_daemon.kill();
            m_daemon.waitForFinished();
        }
    }

private:
    QProcess m_daemon;
    QString m_address;
};

QProcessEnvironment onBus(const QString &address)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DBUS_SYSTEM_BUS_ADDRESS"), address);
    env.remove(QStringLiteral("QT_LOGGING_RULES"));
    return env;
}

std::unique_ptr<LineProcess> startMock(const Bus &bus, const QStringList &options = {})
{
    auto mock = std::make_unique<LineProcess>(Python, QStringList{MockPath} + options, onBus(bus.address()));
    if (mock->waitFor(QStringLiteral("^ready$")).isEmpty())
        qWarning("mocklogind did not start: %s", qPrintable(mock->output()));
    return mock;
}

// `debug`: the library's debug messages about logind too ("took a shutdown delay lock").
std::unique_ptr<LineProcess> startHelper(const QString &busAddress, const char *mode, bool debug = false)
{
    QProcessEnvironment env = onBus(busAddress);
    if (debug)
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("signalnotifier.logind.debug=true"));
    auto helper = std::make_unique<LineProcess>(HelperPath, QStringList{QLatin1String(mode)}, env);
    if (helper->waitFor(QStringLiteral("^ready$")).isEmpty())
        qWarning("logindhelper did not start: %s", qPrintable(helper->output()));
    return helper;
}

} // namespace

#define VERIFY_LINE(process, pattern) \
    QVERIFY2(!(process)->waitFor(pattern).isEmpty(), qPrintable((process)->output()))

class tst_Logind : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void lockIsKeptWhileShutdownIsWatched();
    void gracefulShutdownSavesBeforeTheLockIsReleased();
    void releaseHoldClosesTheLock();
    void holdEndsAtLogindsDeadline();
    void cancelledShutdownTakesANewLock();
    void forkChildDoesNotKeepTheLock();
    void refusedLockIsWarnedOnceAndNothingElseChanges();
    void noSystemBus();
    void logindAppearsLater();
    void brokerDiesMidway();
    void brokerDiesDuringTheHold();
};

void tst_Logind::initTestCase()
{
    // scripts/test.sh installs them (dbus-daemon python3-dbus python3-gi): missing ones
    // are a broken setup, not a platform that cannot.
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("dbus-daemon")).isEmpty(),
             "dbus-daemon not found (Debian: dbus-daemon)");
    QProcess probe;
    probe.start(Python, {QStringLiteral("-c"), QStringLiteral("import dbus, dbus.mainloop.glib, gi.repository.GLib")});
    QVERIFY(probe.waitForFinished());
    QVERIFY2(probe.exitStatus() == QProcess::NormalExit && probe.exitCode() == 0,
             qPrintable(QStringLiteral("%1 cannot import dbus and GLib (Debian: python3-dbus python3-gi): %2")
                            .arg(Python, QString::fromUtf8(probe.readAllStandardError()))));
}

// A delay lock on "shutdown" exists exactly while a notifier watches Shutdown.
void tst_Logind::lockIsKeptWhileShutdownIsWatched()
{
    Bus bus;
    QVERIFY(bus.isRunning());
    auto mock = startMock(bus);
    auto helper = startHelper(bus.address(), "--watch");
    VERIFY_LINE(mock, QStringLiteral("^inhibit 1 shutdown logindhelper \\S+ delay$"));
    helper->tell("unwatch");
    VERIFY_LINE(helper, QStringLiteral("^unwatched$"));
    VERIFY_LINE(mock, QStringLiteral("^closed 1$"));
    helper->tell("watch");
    VERIFY_LINE(mock, QStringLiteral("^inhibit 2 shutdown logindhelper \\S+ delay$"));
    helper->tell("quit");
    QCOMPARE(helper->finish(), 0);
    VERIFY_LINE(mock, QStringLiteral("^closed 2$"));
}

// The machine is about to shut down: GracefulShutdown starts with a held Shutdown, runs
// its hook while logind waits (the lock is still open), and the lock is closed when the
// sequence is done; the process ends as a shutdown ends it (SIGTERM's default action).
void tst_Logind::gracefulShutdownSavesBeforeTheLockIsReleased()
{
    Bus bus;
    QVERIFY(bus.isRunning());
    auto mock = startMock(bus);
    auto helper = startHelper(bus.address(), "--graceful");
    VERIFY_LINE(mock, QStringLiteral("^inhibit 1 shutdown "));
    mock->tell("prepare true");
    VERIFY_LINE(helper, QStringLiteral("^requested Shutdown held=1 holding=1 remaining=\\d+$"));
    VERIFY_LINE(helper, QStringLiteral("^hook started$"));
    mock->tell("state 1");
    VERIFY_LINE(mock, QStringLiteral("^open 1$"));   // logind still waits while the hook runs
    helper->tell("go");
    VERIFY_LINE(helper, QStringLiteral("^finished$"));
    VERIFY_LINE(mock, QStringLiteral("^closed 1$"));
    QCOMPARE(helper->finish(), -SIGTERM);
}

// A plain notifier's slot says when it is done: SN::Session::releaseHold().
void tst_Logind::releaseHoldClosesTheLock()
{
    Bus bus;
    QVERIFY(bus.isRunning());
    auto mock = startMock(bus);
    auto helper = startHelper(bus.address(), "--watch");
    VERIFY_LINE(mock, QStringLiteral("^inhibit 1 shutdown "));
    mock->tell("prepare true");
    VERIFY_LINE(helper, QStringLiteral("^activated Shutdown held=1 holding=1 "));
    mock->tell("state 1");
    VERIFY_LINE(mock, QStringLiteral("^open 1$"));
    helper->tell("release");
    VERIFY_LINE(helper, QStringLiteral("^released$"));
    VERIFY_LINE(mock, QStringLiteral("^closed 1$"));
    helper->tell("holding");
    VERIFY_LINE(helper, QStringLiteral("^holding 0$"));
    QVERIFY(helper->isRunning());
}

// Nobody releases: the lock is closed when logind's InhibitDelayMaxUSec (read from logind,
// here 1.5 s) less the margin has passed, while the application still runs.
void tst_Logind::holdEndsAtLogindsDeadline()
{
    Bus bus;
    QVERIFY(bus.isRunning());
    auto mock = startMock(bus, {QStringLiteral("--delay-usec"), QStringLiteral("1500000")});
    auto helper = startHelper(bus.address(), "--watch");
    VERIFY_LINE(mock, QStringLiteral("^inhibit 1 shutdown "));
    mock->tell("prepare true");
    const QStringList activated = helper->waitFor(QStringLiteral("^activated Shutdown held=1 holding=1 remaining=(\\d+)$"));
    QVERIFY2(!activated.isEmpty(), qPrintable(helper->output()));
    QVERIFY2(activated.at(1).toLongLong() <= 1000, qPrintable(activated.at(0)));   // 1.5 s - 0.5 s margin
    VERIFY_LINE(mock, QStringLiteral("^closed 1$"));
    QVERIFY(helper->isRunning());
    helper->tell("holding");
    VERIFY_LINE(helper, QStringLiteral("^holding 0$"));
}

// PrepareForShutdown(false): the shutdown was cancelled; the old lock goes, a new one is
// taken for the next.
void tst_Logind::cancelledShutdownTakesANewLock()
{
    Bus bus;
    QVERIFY(bus.isRunning());
    auto mock = startMock(bus);
    auto helper = startHelper(bus.address(), "--watch");
    VERIFY_LINE(mock, QStringLiteral("^inhibit 1 shutdown "));
    mock->tell("prepare true");
    VERIFY_LINE(helper, QStringLiteral("^activated Shutdown held=1 holding=1 "));
    mock->tell("prepare false");
    VERIFY_LINE(mock, QStringLiteral("^closed 1$"));
    VERIFY_LINE(mock, QStringLiteral("^inhibit 2 shutdown "));
    helper->tell("holding");
    VERIFY_LINE(helper, QStringLiteral("^holding 0$"));
    // And the next shutdown is held again.
    mock->tell("prepare true");
    VERIFY_LINE(helper, QStringLiteral("^activated Shutdown held=1 holding=1 "));
}

// A fork() child inherits the lock's descriptor; it must not keep logind waiting.
void tst_Logind::forkChildDoesNotKeepTheLock()
{
    Bus bus;
    QVERIFY(bus.isRunning());
    auto mock = startMock(bus);
    auto helper = startHelper(bus.address(), "--watch", true);
    VERIFY_LINE(mock, QStringLiteral("^inhibit 1 shutdown "));
    VERIFY_LINE(helper, QStringLiteral("took a shutdown delay lock"));   // the lock is in the process now
    helper->tell("fork");
    VERIFY_LINE(helper, QStringLiteral("^forked \\d+$"));
    helper->tell("unwatch");
    VERIFY_LINE(helper, QStringLiteral("^unwatched$"));
    VERIFY_LINE(mock, QStringLiteral("^closed 1$"));   // the child, still alive, holds no copy
}

// logind says no (polkit, a policy): one clear warning; Shutdown is still delivered, not
// held, and the rest of the application works as before.
void tst_Logind::refusedLockIsWarnedOnceAndNothingElseChanges()
{
    Bus bus;
    QVERIFY(bus.isRunning());
    auto mock = startMock(bus, {QStringLiteral("--refuse")});
    auto helper = startHelper(bus.address(), "--watch");
    VERIFY_LINE(mock, QStringLiteral("^refused$"));
    VERIFY_LINE(helper, QStringLiteral("systemd-logind refused a shutdown delay lock \\(org.freedesktop.DBus.Error.AccessDenied"));
    helper->tell("unwatch");
    helper->tell("watch");
    VERIFY_LINE(helper, QStringLiteral("^watching$"));
    VERIFY_LINE(mock, QStringLiteral("^refused$"));
    mock->tell("prepare true");
    VERIFY_LINE(helper, QStringLiteral("^activated Shutdown held=0 holding=0 remaining=-1$"));
    helper->send(SIGUSR1);
    VERIFY_LINE(helper, QStringLiteral("^usr1$"));
    QCOMPARE(helper->count(QStringLiteral("refused a shutdown delay lock")), 1);
}

// No system bus at all (a container): Shutdown is watched harmlessly, without a word.
void tst_Logind::noSystemBus()
{
    auto helper = startHelper(QStringLiteral("unix:path=/nonexistent/system_bus_socket"), "--graceful");
    helper->send(SIGUSR1);
    VERIFY_LINE(helper, QStringLiteral("^usr1$"));
    helper->send(SIGTERM);
    VERIFY_LINE(helper, QStringLiteral("^requested SIGTERM held=0 holding=0 remaining=-1$"));
    VERIFY_LINE(helper, QStringLiteral("^hook started$"));
    helper->tell("go");
    QCOMPARE(helper->finish(), -SIGTERM);
    QVERIFY2(!helper->output().contains(QLatin1String("signalnotifier.")), qPrintable(helper->output()));
}

// A bus without logind yet: nothing is said; once logind appears, the lock is taken.
void tst_Logind::logindAppearsLater()
{
    Bus bus;
    QVERIFY(bus.isRunning());
    auto helper = startHelper(bus.address(), "--watch");
    helper->send(SIGUSR1);
    VERIFY_LINE(helper, QStringLiteral("^usr1$"));
    auto mock = startMock(bus);
    VERIFY_LINE(mock, QStringLiteral("^inhibit 1 shutdown "));
    QVERIFY2(!helper->output().contains(QLatin1String("signalnotifier.")), qPrintable(helper->output()));
}

// The broker goes away: said once; the application goes on, its signals and its own
// shutdown work as before.
void tst_Logind::brokerDiesMidway()
{
    Bus bus;
    QVERIFY(bus.isRunning());
    auto mock = startMock(bus);
    auto helper = startHelper(bus.address(), "--graceful");
    VERIFY_LINE(mock, QStringLiteral("^inhibit 1 shutdown "));
    bus.kill();
    VERIFY_LINE(helper, QStringLiteral("lost the connection to the system bus"));
    helper->send(SIGUSR1);
    VERIFY_LINE(helper, QStringLiteral("^usr1$"));
    helper->send(SIGTERM);
    VERIFY_LINE(helper, QStringLiteral("^requested SIGTERM held=0 holding=0 remaining=-1$"));
    helper->tell("go");
    QCOMPARE(helper->finish(), -SIGTERM);
    QCOMPARE(helper->count(QStringLiteral("lost the connection to the system bus")), 1);
}

// The broker goes away while logind waits for the application: the shutdown sequence runs
// to its end as it would have.
void tst_Logind::brokerDiesDuringTheHold()
{
    Bus bus;
    QVERIFY(bus.isRunning());
    auto mock = startMock(bus);
    auto helper = startHelper(bus.address(), "--graceful");
    VERIFY_LINE(mock, QStringLiteral("^inhibit 1 shutdown "));
    mock->tell("prepare true");
    VERIFY_LINE(helper, QStringLiteral("^requested Shutdown held=1 holding=1 "));
    VERIFY_LINE(helper, QStringLiteral("^hook started$"));
    bus.kill();
    VERIFY_LINE(helper, QStringLiteral("lost the connection to the system bus"));
    helper->tell("go");
    VERIFY_LINE(helper, QStringLiteral("^finished$"));
    QCOMPARE(helper->finish(), -SIGTERM);
}

QTEST_GUILESS_MAIN(tst_Logind)
#include "tst_logind.moc"
