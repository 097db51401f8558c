// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The service tst_servicemanager drives: a QCoreApplication that calls SN::ServiceManager
// on command, with the environment (NOTIFY_SOCKET, WATCHDOG_USEC, WATCHDOG_PID) the test
// gave it, as a service manager would.
//
// Prints "ready interval=<watchdogInterval() in µs> managed=<0|1>" once its loop runs.
// Commands on stdin, one per line; each prints "<command> <result>":
//   ready | reloading | stopping | status <text> | status2 (a two-line text) |
//   extend <ms> | flood <n> (n STATUS messages as fast as it can: "flood sent=S failed=F")
//   ticks <n>: a worker thread (its own event loop, its own QTimer) sends n messages
//       "STATUS=tick <k>", one per watchdog interval (100 ms without a watchdog), then
//       "STATUS=ticks done", while the main loop goes on as it was
//   hang <n>: the main thread sends "STATUS=hung", starts the n ticks above, and then
//       blocks in read(2) on stdin, inside an event handler, until the line "wake" comes;
//       then prints "awake"
//   quit
// Ends itself after 60 s, so it never outlives a failed test.

#include <SignalNotifier/ServiceManager>

#include "say.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qsocketnotifier.h>
#include <QtCore/qthread.h>
#include <QtCore/qtimer.h>

#include <cstdlib>
#include <unistd.h>

namespace {

// One line from stdin, read with plain read(2): blocking, byte by byte, so nothing is
// read ahead of the line.
QByteArray readLine()
{
    QByteArray line;
    char c;
    while (::read(STDIN_FILENO, &c, 1) == 1) {
        if (c == '\n')
            return line;
        line += c;
    }
    std::_Exit(0);   // the test went away
}

// Sends `count` status ticks from a thread of its own, one per `interval`.
class Ticker : public QThread
{
public:
    Ticker(int count, std::chrono::milliseconds interval) : m_count(count), m_interval(interval) {}

protected:
    void run() override
    {
        QTimer timer;
        int sent = 0;
        QObject::connect(&timer, &QTimer::timeout, [&] {
            SN::ServiceManager::setStatus(QStringLiteral("tick %1").arg(++sent));
            if (sent == m_count) {
                SN::ServiceManager::setStatus(QStringLiteral("ticks done"));
                quit();
            }
        });
        timer.start(m_interval);
        exec();
    }

private:
    const int m_count;
    const std::chrono::milliseconds m_interval;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTimer::singleShot(60000, [] { std::_Exit(4); });

    Ticker *ticker = nullptr;
    auto startTicks = [&ticker](int count) {
        if (ticker)
            return;
        const auto interval = SN::ServiceManager::watchdogInterval();
        ticker = new Ticker(count, interval.count() > 0
                                ? std::chrono::duration_cast<std::chrono::milliseconds>(interval)
                                : std::chrono::milliseconds(100));
        ticker->start();
    };
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&] {
        const QByteArray line = readLine();
        const qsizetype space = line.indexOf(' ');
        const QByteArray command = space < 0 ? line : line.left(space);
        const QByteArray argument = space < 0 ? QByteArray() : line.mid(space + 1);
        auto report = [&command](bool ok) { say(command + (ok ? " 1" : " 0")); };
        if (command == "ready") {
            report(SN::ServiceManager::notifyReady());
        } else if (command == "reloading") {
            report(SN::ServiceManager::notifyReloading());
        } else if (command == "stopping") {
            report(SN::ServiceManager::notifyStopping());
        } else if (command == "status") {
            report(SN::ServiceManager::setStatus(QString::fromUtf8(argument)));
        } else if (command == "status2") {
            report(SN::ServiceManager::setStatus(QStringLiteral("line one\nline two\r\nthree")));
        } else if (command == "extend") {
            report(SN::ServiceManager::extendTimeout(std::chrono::milliseconds(argument.toLongLong())));
        } else if (command == "flood") {
            int sent = 0;
            int failed = 0;
            for (int i = argument.toInt(); i > 0; --i)
                (SN::ServiceManager::setStatus(QStringLiteral("flood %1").arg(i)) ? sent : failed)++;
            say("flood sent=" + QByteArray::number(sent) + " failed=" + QByteArray::number(failed));
        } else if (command == "ticks") {
            startTicks(argument.toInt());
            say("ticks started");
        } else if (command == "hang") {
            SN::ServiceManager::setStatus(QStringLiteral("hung"));
            startTicks(argument.toInt());
            say("hanging");
            // The main loop is stuck here, as a deadlocked or busy one would be.
            while (readLine() != "wake") {
            }
            say("awake");
        } else if (command == "quit") {
            QCoreApplication::quit();
        } else {
            say("unknown " + command);
        }
    });

    QTimer::singleShot(0, [] {
        say("ready interval=" + QByteArray::number(qint64(SN::ServiceManager::watchdogInterval().count()))
            + " managed=" + (SN::ServiceManager::isManaged() ? "1" : "0"));
    });
    const int code = app.exec();
    if (ticker) {
        ticker->wait();
        delete ticker;
    }
    return code;
}
