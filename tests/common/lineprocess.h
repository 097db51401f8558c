// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// A child process the test talks to line by line: commands on its stdin, reports on its
// stdout (stderr merged, so Qt's warnings are lines too).

#pragma once

#include <QtCore/qdeadlinetimer.h>
#include <QtCore/qprocess.h>
#include <QtCore/qregularexpression.h>
#include <QtCore/qstringlist.h>

#include <algorithm>
#include <csignal>

class LineProcess
{
public:
    explicit LineProcess(const QString &program, const QStringList &args,
                         const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
    {
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.setProcessEnvironment(env);
        m_process.start(program, args);
    }
    ~LineProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished();
        }
    }
    LineProcess(const LineProcess &) = delete;
    LineProcess &operator=(const LineProcess &) = delete;

    // Waits until a line matching `pattern` comes after the last one matched (`limitMs`,
    // 30 s by default, at most: a hang guard). Returns the line's captures (the whole line
    // first), or an empty list.
    QStringList waitFor(const QString &pattern, int limitMs = 30000)
    {
        const QRegularExpression re(pattern);
        const QDeadlineTimer deadline(limitMs);
        for (;;) {
            for (qsizetype i = m_checked; i < m_lines.size(); ++i) {
                const QRegularExpressionMatch m = re.match(m_lines.at(i));
                if (m.hasMatch()) {
                    m_checked = i + 1;
                    return m.capturedTexts();
                }
            }
            m_checked = m_lines.size();
            if (deadline.hasExpired() || !m_process.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())))) {
                readAll();
                if (m_checked == m_lines.size())
                    return {};
            }
            readAll();
        }
    }
    // The same, but a line before the last one matched counts too (a line the process may
    // print before or after the one a test waited for). Later waitFor() calls go on after
    // whichever of the two lines came later.
    QStringList waitForAnywhere(const QString &pattern)
    {
        const qsizetype kept = m_checked;
        m_checked = 0;
        const QStringList found = waitFor(pattern);
        m_checked = std::max(kept, m_checked);
        return found;
    }
    void tell(const QByteArray &line)
    {
        m_process.write(line + '\n');
        m_process.waitForBytesWritten();
    }
    qint64 pid() const { return m_process.processId(); }
    void send(int sig) { ::kill(pid_t(m_process.processId()), sig); }
    // Waits for the end (30 s at most); -signal when a signal ended it, else the exit
    // code; 1000 when it did not end.
    int finish()
    {
        if (m_process.state() != QProcess::NotRunning && !m_process.waitForFinished(30000))
            return 1000;
        readAll();
        return m_process.exitStatus() == QProcess::CrashExit ? -m_process.exitCode() : m_process.exitCode();
    }
    bool isRunning() const { return m_process.state() == QProcess::Running; }
    // Every line so far.
    QStringList lines()
    {
        readAll();
        return m_lines;
    }
    QString output() { return lines().join(u'\n'); }
    qsizetype count(const QString &text)
    {
        readAll();
        qsizetype n = 0;
        for (const QString &line : std::as_const(m_lines))
            n += line.count(text);
        return n;
    }

private:
    void readAll()
    {
        m_partial += m_process.readAll();
        qsizetype eol;
        while ((eol = m_partial.indexOf('\n')) >= 0) {
            m_lines.append(QString::fromUtf8(m_partial.left(eol)));
            m_partial.remove(0, eol + 1);
        }
    }

    QProcess m_process;
    QStringList m_lines;
    QByteArray m_partial;
    qsizetype m_checked = 0;
};
