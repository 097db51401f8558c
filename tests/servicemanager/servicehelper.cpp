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
//   status-repeat <n> <text> (the text n times) | status-nul (a text with a NUL inside) |
//   extend <ms> | flood <n> (n STATUS messages as fast as it can: "flood sent=S failed=F")
//   ticks <n>: a worker thread (its own event loop, its own QTimer) sends n messages
//       "STATUS=tick <k>", one per watchdog interval (100 ms without a watchdog, or with
//       one under 1 ms or over 1 s), then
//       "STATUS=ticks done", while the main loop goes on as it was
//   hang <n>: the main thread sends "STATUS=hung", starts the n ticks above, and then
//       blocks in read(2) on stdin, inside an event handler, until the line "wake" comes;
//       then prints "awake"
//   quit
// Ends itself after 60 s, so it never outlives a failed test.

#include "helperio.h"

#include <SignalNotifier/ServiceManager>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qthread.h>
#include <QtCore/qtimer.h>


namespace {

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

// One tick per watchdog interval, so that the ticks span several of them; 100 ms where
// that interval is none, under a millisecond, or longer than a test waits.
std::chrono::milliseconds tickInterval()
{
    using namespace std::chrono;
    const auto interval = duration_cast<milliseconds>(SN::ServiceManager::watchdogInterval());
    return interval >= 1ms && interval <= 1s ? interval : 100ms;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);

    Ticker *ticker = nullptr;
    auto startTicks = [&ticker](int count) {
        if (ticker)
            return;
        ticker = new Ticker(count, tickInterval());
        ticker->start();
    };
    const HelperIo::Commands commands([&](const HelperIo::Command &c) {
        auto report = [&c](bool ok) { say(c.name + (ok ? " 1" : " 0")); };
        if (c.name == "ready") {
            report(SN::ServiceManager::notifyReady());
        } else if (c.name == "reloading") {
            report(SN::ServiceManager::notifyReloading());
        } else if (c.name == "stopping") {
            report(SN::ServiceManager::notifyStopping());
        } else if (c.name == "status") {
            report(SN::ServiceManager::setStatus(QString::fromUtf8(c.argument)));
        } else if (c.name == "status2") {
            report(SN::ServiceManager::setStatus(QStringLiteral("line one\nline two\r\nthree")));
        } else if (c.name == "status-repeat") {
            const HelperIo::Command times = HelperIo::parse(c.argument);
            report(SN::ServiceManager::setStatus(QString::fromUtf8(times.argument).repeated(times.name.toInt())));
        } else if (c.name == "status-nul") {
            report(SN::ServiceManager::setStatus(QStringLiteral("before") + QChar(u'\0') + QStringLiteral("after")));
        } else if (c.name == "extend") {
            report(SN::ServiceManager::extendTimeout(std::chrono::milliseconds(c.argument.toLongLong())));
        } else if (c.name == "flood") {
            int sent = 0;
            int failed = 0;
            for (int i = c.argument.toInt(); i > 0; --i)
                (SN::ServiceManager::setStatus(QStringLiteral("flood %1").arg(i)) ? sent : failed)++;
            say("flood sent=" + QByteArray::number(sent) + " failed=" + QByteArray::number(failed));
        } else if (c.name == "ticks") {
            startTicks(c.argument.toInt());
            say("ticks started");
        } else if (c.name == "hang") {
            SN::ServiceManager::setStatus(QStringLiteral("hung"));
            startTicks(c.argument.toInt());
            say("hanging");
            // The main loop is stuck here, as a deadlocked or busy one would be.
            while (HelperIo::readLine() != "wake") {
            }
            say("awake");
        } else if (c.name == "quit") {
            QCoreApplication::quit();
        } else {
            say("unknown " + c.name);
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
