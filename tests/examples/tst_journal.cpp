// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// examples/journal driven as a user drives it: lines typed on its standard input, Ctrl-C,
// kill and hangup sent to its pid, at awkward moments too (while it saves, twice in a row,
// past its deadline). The saved file is compared byte for byte and must always be a
// complete journal: the new one, or the previous one when exit was forced.

#include "exampleprocess.h"

#include <QtTest/qtest.h>

using namespace examples;

namespace {

const QString JournalPath = QStringLiteral(JOURNAL_PATH);

// What the journal writes for these entries.
QByteArray journalOf(const QStringList &entries)
{
    QByteArray out = "journal 1\n";
    for (qsizetype i = 0; i < entries.size(); ++i)
        out += QByteArray::number(i + 1) + ' ' + entries.at(i).toUtf8() + '\n';
    return out + "end " + QByteArray::number(entries.size()) + '\n';
}

} // namespace

class tst_Journal : public QObject
{
    Q_OBJECT

private:
    QString file() const { return m_dir.filePath(QStringLiteral("journal.txt")); }

    // Starts the journal on file() and waits for its greeting.
    bool start(ExampleProcess &p, qsizetype expectedEntries, const QStringList &extra = {})
    {
        return p.start(JournalPath, QStringList{QStringLiteral("--file"), file()} + extra)
            && p.waitForLine(QStringLiteral("journal: %1 entries").arg(expectedEntries));
    }

    // Types the entries; each is confirmed before the next.
    bool type(ExampleProcess &p, const QStringList &entries, qsizetype first)
    {
        for (qsizetype i = 0; i < entries.size(); ++i) {
            p.writeLine(entries.at(i));
            if (!p.waitForLine(QStringLiteral("recorded %1: %2").arg(first + i).arg(entries.at(i))))
                return false;
        }
        return true;
    }

    // Leaves a saved journal with these entries, made by the journal itself.
    bool prepare(const QStringList &entries)
    {
        ExampleProcess p;
        if (!start(p, 0) || !type(p, entries, 1))
            return false;
        p.process.closeWriteChannel();   // end of input: save and exit 0
        return p.waitForFinished() && p.exitedWith(0) && readFile(file()) == journalOf(entries);
    }

    // Nothing but the journal in the directory: a cut save leaves no temporary file.
    QStringList leftovers() const
    {
        QStringList names = QDir(m_dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::System);
        names.removeAll(QStringLiteral("journal.txt"));
        return names;
    }

    QTemporaryDir m_dir;

private Q_SLOTS:
    void init()
    {
        QFile::remove(file());
        QVERIFY(m_dir.isValid());
    }

    void savesWhenStopped_data()
    {
        QTest::addColumn<int>("signal");
        QTest::newRow("Ctrl-C") << SIGINT;
        QTest::newRow("kill") << SIGTERM;
        QTest::newRow("hangup") << SIGHUP;
    }

    // Saves on the request, ends by that signal (a shell sees 128+N), resumes next time.
    void savesWhenStopped()
    {
        QFETCH(int, signal);
        const QStringList entries = {QStringLiteral("first"), QStringLiteral("a second, longer entry"),
                                     QStringLiteral("third: äöü")};
        {
            ExampleProcess p;
            QVERIFY(start(p, 0));
            QVERIFY(type(p, entries, 1));
            QVERIFY(p.send(signal));
            EXAMPLE_VERIFY(p, p.waitForFinished());
            EXAMPLE_VERIFY(p, p.endedBy(signal));
            EXAMPLE_VERIFY(p, p.hasLine(QStringLiteral("saved 3 entries")));
            QCOMPARE(readFile(file()), journalOf(entries));
        }
        ExampleProcess again;
        EXAMPLE_VERIFY(again, start(again, 3));
        QVERIFY(type(again, {QStringLiteral("fourth")}, 4));
        again.writeLine(QStringLiteral("!quit"));
        EXAMPLE_VERIFY(again, again.waitForFinished());
        EXAMPLE_VERIFY(again, again.exitedWith(0));
        QCOMPARE(readFile(file()), journalOf(entries + QStringList{QStringLiteral("fourth")}));
        QCOMPARE(leftovers(), QStringList());
    }

    // A second Ctrl-C while the save is under way forces exit: the save is cut short and
    // the previous complete journal stays, untouched; the next start resumes from it.
    void secondRequestWhileSaving()
    {
        const QStringList saved = {QStringLiteral("kept one"), QStringLiteral("kept two")};
        QVERIFY(prepare(saved));
        const QByteArray before = readFile(file());
        {
            ExampleProcess p;
            QVERIFY(start(p, 2, {QStringLiteral("--save-delay"), QStringLiteral("500")}));
            QVERIFY(type(p, {QStringLiteral("lost three"), QStringLiteral("lost four")}, 3));
            QVERIFY(p.send(SIGINT));
            // Four entries at 500 ms each: the save is surely still running.
            QVERIFY(p.waitForLine(QStringLiteral("saving 4 entries")));
            QVERIFY(p.send(SIGINT));
            EXAMPLE_VERIFY(p, p.waitForFinished());
            EXAMPLE_VERIFY(p, p.endedBy(SIGINT));
            EXAMPLE_VERIFY(p, p.hasLine(QStringLiteral("second request")));
            EXAMPLE_VERIFY(p, !p.hasLine(QStringLiteral("saved 4 entries")));
        }
        QCOMPARE(readFile(file()), before);
        QCOMPARE(leftovers(), QStringList());
        ExampleProcess again;
        EXAMPLE_VERIFY(again, start(again, 2));
    }

    // Two requests back to back, before the first could be acted on. Whether the kernel
    // merges them or the second forces exit, the file is a complete journal (the new
    // one or the previous one) and the status is the request's.
    void twoRequestsInARow()
    {
        const QStringList saved = {QStringLiteral("one")};
        QVERIFY(prepare(saved));
        const QStringList added = {QStringLiteral("two"), QStringLiteral("three")};
        {
            ExampleProcess p;
            QVERIFY(start(p, 1));
            QVERIFY(type(p, added, 2));
            QVERIFY(p.send(SIGTERM));
            QVERIFY(p.send(SIGTERM));
            EXAMPLE_VERIFY(p, p.waitForFinished());
            EXAMPLE_VERIFY(p, p.endedBy(SIGTERM));
        }
        const QByteArray after = readFile(file());
        QVERIFY2(after == journalOf(saved) || after == journalOf(saved + added), after.constData());
        QCOMPARE(leftovers(), QStringList());
        ExampleProcess again;
        const qsizetype expected = after == journalOf(saved) ? 1 : 3;
        EXAMPLE_VERIFY(again, start(again, expected));
    }

    // A save slower than the deadline is cut off at the deadline; the previous journal
    // stays and the process still ends by the request's signal.
    void saveSlowerThanTheDeadline()
    {
        const QStringList saved = {QStringLiteral("first")};
        QVERIFY(prepare(saved));
        const QByteArray before = readFile(file());
        ExampleProcess p;
        QVERIFY(start(p, 1, {QStringLiteral("--save-delay"), QStringLiteral("2000"),
                             QStringLiteral("--deadline"), QStringLiteral("1000")}));
        QVERIFY(type(p, {QStringLiteral("second")}, 2));
        QVERIFY(p.send(SIGTERM));
        QVERIFY(p.waitForLine(QStringLiteral("saving 2 entries")));
        EXAMPLE_VERIFY(p, p.waitForFinished());
        EXAMPLE_VERIFY(p, p.endedBy(SIGTERM));
        EXAMPLE_VERIFY(p, !p.hasLine(QStringLiteral("saved 2 entries")));
        QCOMPARE(readFile(file()), before);
        QCOMPARE(leftovers(), QStringList());
    }

    // A checkpoint in progress holds the stop (an inhibitor): the request waits for it,
    // then the shutdown saves again; nothing typed before the request is lost.
    void stopDuringCheckpoint()
    {
        const QStringList entries = {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
        ExampleProcess p;
        QVERIFY(start(p, 0, {QStringLiteral("--save-delay"), QStringLiteral("300")}));
        QVERIFY(type(p, entries, 1));
        p.writeLine(QStringLiteral("!checkpoint"));
        QVERIFY(p.waitForLine(QStringLiteral("saving 3 entries")));
        QVERIFY(p.send(SIGTERM));
        QVERIFY(p.waitForLine(QStringLiteral("stopping on SIGTERM")));
        QVERIFY(p.waitForLine(QStringLiteral("saved 3 entries")));
        EXAMPLE_VERIFY(p, p.waitForFinished());
        EXAMPLE_VERIFY(p, p.endedBy(SIGTERM));
        QCOMPARE(readFile(file()), journalOf(entries));
        QCOMPARE(leftovers(), QStringList());
    }

    // A damaged journal is refused with the line and the reason, and left as it is.
    void refusesADamagedJournal_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("why");
        QTest::newRow("cut short") << QByteArray("journal 1\n1 a\n2 b\n") << QStringLiteral(":4: cut short: no end line");
        QTest::newRow("end line cut") << QByteArray("journal 1\n1 a\nend 1") << QStringLiteral(":3: cut short");
        QTest::newRow("text after end") << QByteArray("journal 1\nend 0\nmore\n") << QStringLiteral(":3: text after");
        QTest::newRow("wrong count") << QByteArray("journal 1\n1 a\nend 2\n") << QStringLiteral(":3: the end line");
        QTest::newRow("not a journal") << QByteArray("hello\n") << QStringLiteral(":1: not a journal");
        QTest::newRow("gap") << QByteArray("journal 1\n1 a\n3 c\nend 2\n") << QStringLiteral(":3: expected entry 2");
    }

    void refusesADamagedJournal()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, why);
        QVERIFY(writeFile(file(), content));
        ExampleProcess p;
        QVERIFY(p.start(JournalPath, {QStringLiteral("--file"), file()}));
        EXAMPLE_VERIFY(p, p.waitForFinished());
        EXAMPLE_VERIFY(p, p.exitedWith(1));
        EXAMPLE_VERIFY(p, p.hasLine(why));
        QCOMPARE(readFile(file()), content);
    }

    void refusesBadArguments()
    {
        ExampleProcess p;
        QVERIFY(p.start(JournalPath, {QStringLiteral("--save-delay"), QStringLiteral("soon")}));
        EXAMPLE_VERIFY(p, p.waitForFinished());
        EXAMPLE_VERIFY(p, p.exitedWith(2));
        EXAMPLE_VERIFY(p, p.hasLine(QStringLiteral("bad arguments")));
    }
};

QTEST_GUILESS_MAIN(tst_Journal)
#include "tst_journal.moc"
