// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// examples/notes (Qt Quick, on Qt's offscreen platform) run as a user runs it: text
// inserted, a real signal sent from here, the draft file and the exit status checked,
// then a restart that must bring the draft back.

#include "exampleprocess.h"

#include <QtTest/qtest.h>

using namespace examples;

class tst_Notes : public QObject
{
    Q_OBJECT

private:
    QString draft() const { return m_dir.filePath(QStringLiteral("notes.draft")); }

    bool start(ExampleProcess &p, const QStringList &extra = {})
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("QML_IMPORT_PATH"), QStringLiteral(SIGNALNOTIFIER_QML_DIR));
        p.process.setProcessEnvironment(env);
        return p.start(QStringLiteral(NOTES_PATH), QStringList{QStringLiteral("--draft"), draft()} + extra);
    }

    QTemporaryDir m_dir;

private Q_SLOTS:
    void init() { QFile::remove(draft()); }

    void draftKeptWhenStopped_data()
    {
        QTest::addColumn<int>("signal");
        QTest::newRow("terminated") << SIGTERM;
        QTest::newRow("interrupted") << SIGINT;
        QTest::newRow("terminal hung up") << SIGHUP;
    }

    void draftKeptWhenStopped()
    {
        QFETCH(int, signal);
        {
            ExampleProcess p;
            QVERIFY(start(p, {QStringLiteral("--insert"), QStringLiteral("first words")}));
            EXAMPLE_VERIFY(p, p.waitForLine(QStringLiteral("11 characters, ready")));
            QVERIFY(p.send(signal));
            EXAMPLE_VERIFY(p, p.waitForLine(QStringLiteral("draft saved (11 characters)")));
            EXAMPLE_VERIFY(p, p.waitForFinished());
            EXAMPLE_VERIFY(p, p.endedBy(signal));   // what a shell or systemd expects
        }
        QCOMPARE(readFile(draft()), QByteArray("first words"));

        // The next start brings it back; more text, another stop, and the draft has both.
        ExampleProcess again;
        QVERIFY(start(again, {QStringLiteral("--insert"), QStringLiteral(", more")}));
        EXAMPLE_VERIFY(again, again.waitForLine(QStringLiteral("draft restored (11 characters)")));
        EXAMPLE_VERIFY(again, again.waitForLine(QStringLiteral("17 characters, ready")));
        QVERIFY(again.send(SIGTERM));
        EXAMPLE_VERIFY(again, again.waitForFinished());
        EXAMPLE_VERIFY(again, again.endedBy(SIGTERM));
        QCOMPARE(readFile(draft()), QByteArray("first words, more"));
    }
};

QTEST_GUILESS_MAIN(tst_Notes)
#include "tst_notes.moc"
