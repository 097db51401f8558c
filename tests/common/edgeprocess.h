// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Runs tests/helpers/snedge (or snhelper) and reads what it says, line by line.

#pragma once

#include "childsignals.h"

#include <QtCore/qdeadlinetimer.h>
#include <QtCore/qprocess.h>
#include <QtCore/qstringlist.h>

#include <csignal>
#include <thread>

// Waits until `done()` holds or `ms` pass, WITHOUT running this thread's event loop: for
// what must happen whether or not anyone's loop runs (a thread's teardown). Polls.
template <typename F>
bool pollUntil(F done, int ms = 5000)
{
    QDeadlineTimer deadline(ms);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

class EdgeProcess
{
public:
    // `hupIgnored`: start it as nohup would (SIGHUP ignored, inherited across exec).
    explicit EdgeProcess(bool hupIgnored = false)
    {
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.setChildProcessModifier(hupIgnored ? [] {
            resetSignals();
            ::signal(SIGHUP, SIG_IGN);
        } : std::function<void()>(resetSignals));
    }
    ~EdgeProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    void setEnvironment(const QStringList &vars)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &v : vars) {
            const qsizetype eq = v.indexOf(u'=');
            env.insert(v.left(eq), v.mid(eq + 1));
        }
        m_process.setProcessEnvironment(env);
    }
    bool start(const QStringList &args, const QString &program = QStringLiteral(SNEDGE_PATH))
    {
        m_process.start(program, args);
        return m_process.waitForStarted(10000);
    }
    // The next line that starts with `prefix` (earlier lines are kept in lines()), or an
    // empty string after `ms` or once the process has ended without saying it.
    QString waitForLine(const QString &prefix, int ms = 20000)
    {
        QDeadlineTimer deadline(ms);
        for (;;) {
            while (m_process.canReadLine()) {
                const QString line = QString::fromUtf8(m_process.readLine()).trimmed();
                m_lines.append(line);
                if (line.startsWith(prefix))
                    return line;
            }
            if (deadline.hasExpired())
                return QString();
            if (m_process.state() == QProcess::NotRunning) {
                // Ended: what is left may lack its newline.
                const QString rest = QString::fromUtf8(m_process.readAllStandardOutput()).trimmed();
                if (!rest.isEmpty())
                    m_lines.append(rest);
                return rest.startsWith(prefix) ? rest : QString();
            }
            m_process.waitForReadyRead(int(qBound(qint64(1), deadline.remainingTime(), qint64(200))));
        }
    }
    // Waits for the end; the rest of stdout goes to lines(). Exit code, or -signal.
    int finish(int ms = 30000)
    {
        if (!m_process.waitForFinished(ms)) {
            m_process.kill();
            m_process.waitForFinished(5000);
            m_lines.append(QStringLiteral("TIMEOUT"));
            return -1000;
        }
        for (const QByteArray &l : m_process.readAllStandardOutput().split('\n')) {
            if (!l.trimmed().isEmpty())
                m_lines.append(QString::fromUtf8(l.trimmed()));
        }
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -m_process.exitCode();
    }
    void write(const QByteArray &bytes) { m_process.write(bytes); m_process.waitForBytesWritten(5000); }
    qint64 pid() const { return m_process.processId(); }
    const QStringList &lines() const { return m_lines; }
    QStringList linesStartingWith(const QString &prefix) const
    {
        QStringList out;
        for (const QString &l : m_lines) {
            if (l.startsWith(prefix))
                out.append(l);
        }
        return out;
    }
    QString all() const { return m_lines.join(QLatin1String(" | ")); }
    QByteArray stderrText() { return m_process.readAllStandardError(); }

private:
    QProcess m_process;
    QStringList m_lines;
};
