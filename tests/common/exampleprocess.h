// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Runs an example as a user would: a real process, its output read line by line, real
// signals sent to its pid, its exit status read by this parent. Every wait is for a
// condition (a line, the end of the process) with a bound; nothing sleeps.

#pragma once

#include <QtCore/qdeadlinetimer.h>
#include <QtCore/qdir.h>
#include <QtCore/qfile.h>
#include <QtCore/qprocess.h>
#include <QtCore/qtemporarydir.h>
#include <QtTest/qtest.h>

#include "childsignals.h"

#include <csignal>
#include <cstdio>
#include <functional>

namespace examples {

constexpr int Timeout = 20000;   // ms; any wait longer than this is a failure

inline QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<missing>");
}

inline bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) == content.size();
}

// An example program with its output (stdout and stderr merged, as on a terminal) read
// line by line; killed if still running at the end of the test.
class ExampleProcess
{
public:
    explicit ExampleProcess(const std::function<void()> &modifier = resetSignals)
    {
        process.setChildProcessModifier(modifier);
        process.setProcessChannelMode(QProcess::MergedChannels);
    }
    ~ExampleProcess()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(Timeout);
        }
    }
    Q_DISABLE_COPY(ExampleProcess)

    bool start(const QString &program, const QStringList &arguments)
    {
        // The examples write their lines through Qt's logging: keep its default format and
        // every line on stderr, whatever the environment this test runs in says.
        QProcessEnvironment env = process.processEnvironment();
        if (env.isEmpty())
            env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_FORCE_STDERR_LOGGING"), QStringLiteral("1"));
        for (const char *name : {"QT_MESSAGE_PATTERN", "QT_LOGGING_RULES", "QT_LOGGING_CONF"})
            env.remove(QString::fromLatin1(name));
        process.setProcessEnvironment(env);
        process.start(program, arguments);
        return process.waitForStarted(Timeout);
    }

    // Waits for a line containing `text` that comes after the last line matched so far.
    bool waitForLine(const QString &text) { return waitFor(text, true); }

    // Waits for a line containing `text` anywhere in the output; the order of lines
    // written by two processes (the example and its child) is not fixed.
    bool waitForLineAnywhere(const QString &text) { return waitFor(text, false); }

    bool waitFor(const QString &text, bool inOrder)
    {
        const QDeadlineTimer deadline(Timeout);
        for (;;) {
            takeLines();
            for (qsizetype i = inOrder ? m_matched : 0; i < lines.size(); ++i) {
                if (lines.at(i).contains(text)) {
                    if (inOrder)
                        m_matched = i + 1;
                    return true;
                }
            }
            if (process.state() == QProcess::NotRunning || deadline.hasExpired())
                return false;
            process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
        }
    }

    bool hasLine(const QString &text)
    {
        takeLines();
        for (const QString &line : std::as_const(lines)) {
            if (line.contains(text))
                return true;
        }
        return false;
    }

    void writeLine(const QString &line) { process.write(line.toUtf8() + '\n'); }

    bool send(int signal) const { return ::kill(pid_t(process.processId()), signal) == 0; }

    bool waitForFinished()
    {
        const bool finished = process.waitForFinished(Timeout);
        takeLines();
        return finished;
    }

    // Ended by `signal` with its default action, as a parent (a shell, systemd) sees it.
    bool endedBy(int signal) const
    {
        return process.exitStatus() == QProcess::CrashExit && process.exitCode() == signal;
    }
    bool exitedWith(int code) const
    {
        return process.exitStatus() == QProcess::NormalExit && process.exitCode() == code;
    }
    QString status() const
    {
        return process.exitStatus() == QProcess::CrashExit
            ? QStringLiteral("ended by signal %1").arg(process.exitCode())
            : QStringLiteral("exited with %1").arg(process.exitCode());
    }
    QString output() const { return lines.join(QLatin1Char('\n')); }

    QProcess process;
    QStringList lines;

private:
    void takeLines()
    {
        m_partial += process.readAll();
        qsizetype newline;
        while ((newline = m_partial.indexOf('\n')) >= 0) {
            lines.append(QString::fromUtf8(m_partial.left(newline)));
            m_partial.remove(0, newline + 1);
        }
    }
    QByteArray m_partial;
    qsizetype m_matched = 0;
};

} // namespace examples

// QVERIFY with the example's output. Written whole to stderr before the failure: QtTest
// cuts a failure message short, which cut a sanitizer's report off at its first line in
// a CI run (tst_qml, exit status 1 and no reason shown).
#define EXAMPLE_VERIFY(p, condition)                                                              \
    do {                                                                                          \
        if (!(condition)) {                                                                       \
            std::fprintf(stderr, "%s\n--- whole output (%s):\n%s\n--- end of output\n", #condition,   \
                         qPrintable((p).status()), qPrintable((p).output()));                     \
            QFAIL(#condition " (the example's whole output is above)");                           \
        }                                                                                         \
    } while (false)
