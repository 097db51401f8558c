// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// examples/editor run for real on an X server (a private Xvfb, or the display this test
// was given): text typed into its window with xdotool, SIGTERM / SIGHUP sent to it, the
// draft file checked, then a restart that must offer the draft back, restore it (Alt+R)
// and save it (Ctrl+S). Where xdotool is missing, the text comes from --insert instead
// and the restart checks only that the draft is offered. Skipped only when there is
// neither Xvfb nor a display.

#include "exampleprocess.h"

#include <QtCore/qstandardpaths.h>
#include <QtTest/qtest.h>

using namespace examples;

namespace {

const QString EditorPath = QStringLiteral(EDITOR_PATH);

} // namespace

class tst_Editor : public QObject
{
    Q_OBJECT

private:
    QString document() const { return m_dir.filePath(QStringLiteral("notes.txt")); }
    QString draft() const { return document() + QStringLiteral(".draft"); }

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DISPLAY"), m_display);
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
        return env;
    }

    bool startEditor(ExampleProcess &p, const QStringList &extra = {})
    {
        p.process.setProcessEnvironment(environment());
        return p.start(EditorPath, extra + QStringList{document()}) && p.waitForLine(QStringLiteral("ready"));
    }

    // Runs xdotool on the editor's display: focus the editor's window, then `actions`.
    bool xdotool(const QStringList &actions)
    {
        QProcess x;
        x.setProcessEnvironment(environment());
        x.setProcessChannelMode(QProcess::MergedChannels);
        x.start(m_xdotool, QStringList{QStringLiteral("search"), QStringLiteral("--sync"),
                                       QStringLiteral("--onlyvisible"), QStringLiteral("--name"),
                                       QStringLiteral("^Editor - notes"),
                                       QStringLiteral("windowfocus"), QStringLiteral("--sync")}
                               + actions);
        const bool ok = x.waitForFinished(Timeout) && x.exitStatus() == QProcess::NormalExit
                        && x.exitCode() == 0;
        if (!ok)
            qWarning() << "xdotool" << actions << "failed:" << x.readAll();
        return ok;
    }

    QTemporaryDir m_dir;
    QProcess m_xvfb;
    QString m_display;
    QString m_xdotool;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString xvfb = QStandardPaths::findExecutable(QStringLiteral("Xvfb"));
        if (!xvfb.isEmpty()) {
            // -displayfd: Xvfb picks a free display and writes its number once it accepts
            // connections, so there is nothing to guess and nothing to wait for blindly.
            m_xvfb.start(xvfb, {QStringLiteral("-displayfd"), QStringLiteral("1"), QStringLiteral("-nolisten"),
                                QStringLiteral("tcp"), QStringLiteral("-screen"), QStringLiteral("0"),
                                QStringLiteral("800x500x24")});
            QVERIFY2(m_xvfb.waitForStarted(Timeout), qPrintable(m_xvfb.errorString()));
            const QDeadlineTimer deadline(Timeout);
            while (!m_xvfb.canReadLine() && !deadline.hasExpired() && m_xvfb.state() == QProcess::Running)
                m_xvfb.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
            const QByteArray number = m_xvfb.readLine().trimmed();
            QVERIFY2(!number.isEmpty(), m_xvfb.readAllStandardError().constData());
            m_display = QLatin1Char(':') + QString::fromLatin1(number);
        } else if (qEnvironmentVariableIsSet("DISPLAY")) {
            m_display = qEnvironmentVariable("DISPLAY");
        } else {
            QSKIP("neither Xvfb nor a display: install xvfb (scripts/deps.sh does) to run the editor");
        }
        m_xdotool = QStandardPaths::findExecutable(QStringLiteral("xdotool"));
        if (m_xdotool.isEmpty())
            qWarning("xdotool not found: text is inserted with --insert instead of typed");
    }

    void cleanupTestCase()
    {
        if (m_xvfb.state() != QProcess::NotRunning) {
            m_xvfb.terminate();
            m_xvfb.waitForFinished(Timeout);
        }
    }

    void init()
    {
        QFile::remove(draft());
        QVERIFY(writeFile(document(), "saved line\n"));
    }

    void draftKeptWhenStopped_data()
    {
        QTest::addColumn<int>("signal");
        QTest::newRow("terminated") << SIGTERM;
        QTest::newRow("terminal hung up") << SIGHUP;
    }

    void draftKeptWhenStopped()
    {
        QFETCH(int, signal);
        const QByteArray expected = "saved line\nunsaved words";
        {
            ExampleProcess p;
            if (m_xdotool.isEmpty()) {
                QVERIFY(startEditor(p, {QStringLiteral("--insert"), QStringLiteral("unsaved words")}));
            } else {
                QVERIFY(startEditor(p));
                QVERIFY(xdotool({QStringLiteral("key"), QStringLiteral("ctrl+End"), QStringLiteral("type"),
                                 QStringLiteral("--delay"), QStringLiteral("20"), QStringLiteral("unsaved words")}));
            }
            // The status line follows every change: the whole text has arrived (with
            // --insert, before "ready").
            QVERIFY(p.waitForLineAnywhere(QStringLiteral("%1 characters").arg(expected.size())));
            QVERIFY(p.send(signal));
            EXAMPLE_VERIFY(p, p.waitForFinished());
            EXAMPLE_VERIFY(p, p.endedBy(signal));
            EXAMPLE_VERIFY(p, p.hasLine(QStringLiteral("draft saved (%1 characters)").arg(expected.size())));
        }
        QCOMPARE(readFile(draft()), expected);
        QCOMPARE(readFile(document()), QByteArray("saved line\n"));   // the document is the user's to save

        // The next start offers the draft back.
        ExampleProcess again;
        QVERIFY(startEditor(again));
        // Offered while the window opens, before "ready".
        QVERIFY(again.waitForLineAnywhere(QStringLiteral("draft offered (%1 characters)").arg(expected.size())));
        if (m_xdotool.isEmpty()) {
            QVERIFY(again.send(SIGTERM));
            EXAMPLE_VERIFY(again, again.waitForFinished());
            EXAMPLE_VERIFY(again, again.endedBy(SIGTERM));
            QCOMPARE(readFile(draft()), expected);   // offered, not taken: still kept
            return;
        }
        // Alt+R restores it, Ctrl+S saves it into the document and drops the draft.
        QVERIFY(xdotool({QStringLiteral("key"), QStringLiteral("alt+r")}));
        QVERIFY(again.waitForLine(QStringLiteral("draft restored (%1 characters)").arg(expected.size())));
        QVERIFY(xdotool({QStringLiteral("key"), QStringLiteral("ctrl+s")}));
        QVERIFY(again.waitForLine(QStringLiteral("saved ") + document()));
        QCOMPARE(readFile(document()), expected);
        QVERIFY(!QFile::exists(draft()));
        // Nothing unsaved now: stopping leaves no draft behind.
        QVERIFY(again.send(signal));
        EXAMPLE_VERIFY(again, again.waitForFinished());
        EXAMPLE_VERIFY(again, again.endedBy(signal));
        QVERIFY(!QFile::exists(draft()));
    }

    // Without unsaved text there is nothing to keep, and nothing is offered.
    void noDraftWithoutChanges()
    {
        ExampleProcess p;
        QVERIFY(startEditor(p));
        QVERIFY(p.send(SIGTERM));
        EXAMPLE_VERIFY(p, p.waitForFinished());
        EXAMPLE_VERIFY(p, p.endedBy(SIGTERM));
        EXAMPLE_VERIFY(p, !p.hasLine(QStringLiteral("draft")));
        QVERIFY(!QFile::exists(draft()));
    }
};

QTEST_GUILESS_MAIN(tst_Editor)
#include "tst_editor.moc"
