// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// examples/daemon driven as a service manager drives it: SIGHUP after the configuration
// changed, SIGTERM (or Ctrl-C) to stop; the exit status read as systemd reads it
// (killed by SIGTERM is a clean stop) and the state it leaves compared.

#include "exampleprocess.h"
#include "notifysocket.h"

#include <QtTest/qtest.h>


#include <ctime>

#include <unistd.h>

using namespace examples;

namespace {

const QString DaemonPath = QStringLiteral(DAEMON_PATH);

// Runs in the child between fork() and exec(): starts the daemon as nohup would.
void likeNohup()
{
    resetSignals();
    struct sigaction ignore = {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    ::sigaction(SIGHUP, &ignore, nullptr);
}

} // namespace

class tst_Daemon : public QObject
{
    Q_OBJECT

private:
    QString config() const { return m_dir.filePath(QStringLiteral("daemon.conf")); }
    QString state() const { return m_dir.filePath(QStringLiteral("daemon.state")); }
    QStringList arguments() const
    {
        return {QStringLiteral("--config"), config(), QStringLiteral("--state"), state()};
    }

    QTemporaryDir m_dir;

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        QFile::remove(state());
        QVERIFY(writeFile(config(), "# the greeter\nname = first\ninterval = 50\n"));
    }

    // Reload on SIGHUP, a bad configuration refused on reload (the old one kept), then
    // SIGTERM: the state is written and the daemon ends by SIGTERM.
    void reloadsThenStops()
    {
        ExampleProcess p;
        QVERIFY(p.start(DaemonPath, arguments()));
        QVERIFY(p.waitForLine(QStringLiteral("ready: name=first interval=50")));

        QVERIFY(writeFile(config(), "name = second\ninterval = 20   # faster\n"));
        QVERIFY(p.send(SIGHUP));
        QVERIFY(p.waitForLine(QStringLiteral("reloaded: name=second interval=20")));

        QVERIFY(writeFile(config(), "name = third\ninterval = -3\n"));
        QVERIFY(p.send(SIGHUP));
        QVERIFY(p.waitForLine(QStringLiteral("reload refused: %1:2: interval must be a positive number")
                                  .arg(config())));
        EXAMPLE_VERIFY(p, p.hasLine(QStringLiteral("keeping name=second interval=20")));

        QVERIFY(p.send(SIGTERM));
        EXAMPLE_VERIFY(p, p.waitForFinished());
        EXAMPLE_VERIFY(p, p.endedBy(SIGTERM));
        EXAMPLE_VERIFY(p, p.hasLine(QStringLiteral("stopping on SIGTERM from pid %1").arg(::getpid())));
        EXAMPLE_VERIFY(p, p.hasLine(QStringLiteral("stopped")));
        const QByteArray written = readFile(state());
        QVERIFY2(written.startsWith("name=second\nwork=") && written.endsWith("\nreloads=1\n"),
                 written.constData());
    }

    // Ctrl-C in a terminal: same clean stop, ends by SIGINT (a shell sees 130).
    void stopsOnInterrupt()
    {
        ExampleProcess p;
        QVERIFY(p.start(DaemonPath, arguments()));
        QVERIFY(p.waitForLine(QStringLiteral("ready:")));
        QVERIFY(p.send(SIGINT));
        EXAMPLE_VERIFY(p, p.waitForFinished());
        EXAMPLE_VERIFY(p, p.endedBy(SIGINT));
        QVERIFY(readFile(state()).startsWith("name=first\n"));
    }

    // Started with nohup (SIGHUP ignored): SIGHUP still reloads, it does not kill.
    void reloadsUnderNohup()
    {
        ExampleProcess p(likeNohup);
        QVERIFY(p.start(DaemonPath, arguments()));
        QVERIFY(p.waitForLine(QStringLiteral("ready:")));
        QVERIFY(writeFile(config(), "name = renamed\n"));
        QVERIFY(p.send(SIGHUP));
        QVERIFY(p.waitForLine(QStringLiteral("reloaded: name=renamed interval=1000")));
        QVERIFY(p.send(SIGTERM));
        EXAMPLE_VERIFY(p, p.waitForFinished());
        EXAMPLE_VERIFY(p, p.endedBy(SIGTERM));
    }

    // Under systemd with Type=notify-reload and a watchdog: READY=1 once started; on SIGHUP
    // RELOADING=1 stamped with CLOCK_MONOTONIC after the signal, then READY=1, also when
    // the new configuration is refused; WATCHDOG=1 pings; on SIGTERM STOPPING=1 and the
    // stop timeout extended while the stop hooks run. Read from the NOTIFY_SOCKET datagram
    // socket systemd would bind, here bound by this test.
    void tellsSystemdEachState()
    {
        NotifySocket manager(m_dir.filePath(QStringLiteral("notify.sock")));
        QVERIFY(manager.isBound());
        ExampleProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("NOTIFY_SOCKET"), m_dir.filePath(QStringLiteral("notify.sock")));
        env.insert(QStringLiteral("WATCHDOG_USEC"), QStringLiteral("2000000"));
        env.remove(QStringLiteral("WATCHDOG_PID"));
        p.process.setProcessEnvironment(env);
        QVERIFY(p.start(DaemonPath, arguments()));
        qsizetype at = manager.waitFor("READY=1");
        QVERIFY2(at >= 0, manager.messages().join('|').constData());

        auto reload = [&](const char *content) {
            if (!writeFile(config(), content))
                return false;
            timespec now = {};
            ::clock_gettime(CLOCK_MONOTONIC, &now);
            const quint64 sent = quint64(now.tv_sec) * 1000000u + quint64(now.tv_nsec) / 1000u;
            if (!p.send(SIGHUP))
                return false;
            const qsizetype reloading = manager.waitFor(
                [](const QByteArray &m) { return m.startsWith("RELOADING=1\nMONOTONIC_USEC="); }, at + 1);
            if (reloading < 0)
                return false;
            const quint64 stamp = manager.messages().at(reloading).mid(27).toULongLong();
            at = manager.waitFor("READY=1", reloading + 1);
            return stamp >= sent && at >= 0;
        };
        QVERIFY2(reload("name = second\n"), manager.messages().join('|').constData());
        QVERIFY(p.waitForLine(QStringLiteral("reloaded: name=second")));
        QVERIFY2(reload("name = third\ninterval = -3\n"), manager.messages().join('|').constData());
        QVERIFY(p.waitForLine(QStringLiteral("reload refused:")));

        QVERIFY(p.send(SIGTERM));
        EXAMPLE_VERIFY(p, p.waitForFinished());
        EXAMPLE_VERIFY(p, p.endedBy(SIGTERM));
        const qsizetype stopping = manager.waitFor("STOPPING=1", at + 1);
        QVERIFY2(stopping >= 0, manager.messages().join('|').constData());
        QVERIFY2(manager.waitFor([](const QByteArray &m) { return m.startsWith("EXTEND_TIMEOUT_USEC="); },
                                 stopping + 1) >= 0,
                 manager.messages().join('|').constData());
        QVERIFY2(manager.messages().contains("WATCHDOG=1"), manager.messages().join('|').constData());
    }

    void refusesABadConfiguration_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown key") << QByteArray("name = x\ncolour = red\n") << QStringLiteral(":2: unknown key \"colour\"");
        QTest::newRow("no equals") << QByteArray("name\n") << QStringLiteral(":1: expected \"key = value\"");
        QTest::newRow("bad interval") << QByteArray("interval = soon\n") << QStringLiteral(":1: interval must be");
    }

    void refusesABadConfiguration()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        QVERIFY(writeFile(config(), content));
        ExampleProcess p;
        QVERIFY(p.start(DaemonPath, arguments()));
        EXAMPLE_VERIFY(p, p.waitForFinished());
        EXAMPLE_VERIFY(p, p.exitedWith(1));
        EXAMPLE_VERIFY(p, p.hasLine(config() + message));
        QVERIFY(!QFile::exists(state()));
    }

    void refusesAMissingConfiguration()
    {
        ExampleProcess p;
        QVERIFY(p.start(DaemonPath, {QStringLiteral("--config"), m_dir.filePath(QStringLiteral("none.conf"))}));
        EXAMPLE_VERIFY(p, p.waitForFinished());
        EXAMPLE_VERIFY(p, p.exitedWith(1));
        ExampleProcess q;
        QVERIFY(q.start(DaemonPath, {}));
        QVERIFY(q.waitForFinished());
        EXAMPLE_VERIFY(q, q.exitedWith(2));
    }
};

QTEST_GUILESS_MAIN(tst_Daemon)
#include "tst_daemon.moc"
