// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The QML module (qml/), driven for real:
// - in this process, a QQmlEngine imports SignalNotifier from the build tree; signals
//   given by name and by enum are raised to this process, and onActivated's SignalInfo is
//   read as properties; bad signals are refused with the library's error and warning;
// - every ```qml block of README.md and docs/*.md is loaded the same way, so the pages
//   cannot show QML that does not load;
// - qmlhost runs hooks.qml in a child process: this test sends it SIGTERM and reads the
//   order of its hooks (a JavaScript function, a QML signal, an asynchronous one, one that
//   throws), the inhibitor it holds, and its exit status.

#include "exampleprocess.h"

#include <SignalNotifier/GracefulShutdown>
#include <SignalNotifier/SignalNotifier>

#include <QtCore/qdiriterator.h>
#include <QtCore/qregularexpression.h>
#include <QtQml/qqmlcomponent.h>
#include <QtQml/qqmlengine.h>
#include <QtTest/qtest.h>

#include <unistd.h>

using namespace examples;

class tst_Qml : public QObject
{
    Q_OBJECT

private:
    // Creates `qml` in a fresh engine that imports from the build tree; null on errors.
    QObject *create(const QByteArray &qml, const QUrl &url = QUrl(QStringLiteral("inline.qml")))
    {
        m_engine.reset(new QQmlEngine);
        m_engine->addImportPath(QStringLiteral(SIGNALNOTIFIER_QML_DIR));
        QQmlComponent component(m_engine.get());
        component.setData(qml, url);
        QObject *object = component.create();
        if (!object)
            qWarning().noquote() << component.errorString();
        else
            object->setParent(m_engine.get());
        return object;
    }

    std::unique_ptr<QQmlEngine> m_engine;

private Q_SLOTS:
    void cleanup() { m_engine.reset(); }

    // Names and enum values in one list; onActivated gets the SignalInfo as properties.
    void notifierByNameAndEnum()
    {
        QObject *object = create(R"(
            import QtQml
            import SignalNotifier
            SignalNotifier {
                watchedSignals: ["USR1", Signal.User2]
                property var got: []
                onActivated: (info) => got.push({ name: info.signal.name, isUser2: info.signal.id === Signal.User2,
                                                  pid: info.senderPid, uid: info.senderUid, count: info.count })
            }
        )");
        QVERIFY(object);
        auto *notifier = qobject_cast<SN::SignalNotifier *>(object);
        QVERIFY(notifier);
        QCOMPARE(notifier->watchedSignals(), (QList<SN::Signal>{SN::Signal::User1, SN::Signal::User2}));
        QCOMPARE(object->property("watchedSignals").toStringList(),
                 (QStringList{QStringLiteral("SIGUSR1"), QStringLiteral("SIGUSR2")}));
        QCOMPARE(notifier->error(), SN::Error::NoError);

        QCOMPARE(::kill(::getpid(), SIGUSR2), 0);
        QTRY_COMPARE_WITH_TIMEOUT(object->property("got").toList().size(), 1, Timeout);
        const QVariantMap first = object->property("got").toList().constFirst().toMap();
        QCOMPARE(first.value(QStringLiteral("name")).toString(), QStringLiteral("SIGUSR2"));
        QCOMPARE(first.value(QStringLiteral("isUser2")).toBool(), true);
        QCOMPARE(first.value(QStringLiteral("pid")).toLongLong(), qint64(::getpid()));
        QCOMPARE(first.value(QStringLiteral("uid")).toLongLong(), qint64(::getuid()));
        QCOMPARE(first.value(QStringLiteral("count")).toULongLong(), 1u);

        QCOMPARE(::raise(SIGUSR1), 0);
        QTRY_COMPARE_WITH_TIMEOUT(object->property("got").toList().size(), 2, Timeout);
        QCOMPARE(object->property("got").toList().at(1).toMap().value(QStringLiteral("name")).toString(),
                 QStringLiteral("SIGUSR1"));

        // watch() and unwatch() take a name or an enum value too.
        QVERIFY(QMetaObject::invokeMethod(object, "unwatch", Q_ARG(QVariant, QVariant(QStringLiteral("SIGUSR1")))));
        QCOMPARE(notifier->watchedSignals(), QList<SN::Signal>{SN::Signal::User2});
    }

    // What is no signal is refused with the library's own error and its one warning, and
    // the notifier keeps what it watched.
    void refusedSignals_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<int>("error");
        QTest::newRow("unknown name") << QByteArray(R"(["NOPE"])") << int(SN::Error::UnknownSignal);
        QTest::newRow("unknown, with a good one") << QByteArray(R"(["TERM", "NOPE"])") << int(SN::Error::UnknownSignal);
        // A POSIX number is not portable, as in C++: a name or Signal.Terminate says it.
        QTest::newRow("number") << QByteArray("[15]") << int(SN::Error::UnknownSignal);
        QTest::newRow("forbidden") << QByteArray(R"(["KILL"])") << int(SN::Error::ForbiddenSignal);
        QTest::newRow("forbidden enum") << QByteArray("[Signal.SegmentationFault]") << int(SN::Error::ForbiddenSignal);
        QTest::newRow("another enum's value") << QByteArray("[SignalError.UnknownSignal]") << int(SN::Error::UnknownSignal);
        // Found by issue 15's breaker: a number in a string was taken, null and undefined
        // emptied the list.
        QTest::newRow("number as a string") << QByteArray(R"(["15"])") << int(SN::Error::UnknownSignal);
        QTest::newRow("null") << QByteArray("null") << int(SN::Error::UnknownSignal);
        QTest::newRow("undefined") << QByteArray("undefined") << int(SN::Error::UnknownSignal);
    }

    // unwatch() refuses what watch() refuses, instead of saying it was done.
    void unwatchRefusesWhatWatchRefuses()
    {
        QObject *object = create(R"(
            import QtQml
            import SignalNotifier
            SignalNotifier { watchedSignals: "HUP" }
        )");
        QVERIFY(object);
        for (const QVariant &bad : {QVariant(QStringLiteral("FOO")), QVariant(10), QVariant(QStringLiteral("KILL")),
                                    QVariant(QStringLiteral("1"))}) {
            QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("unwatch")));
            bool done = true;
            QVERIFY(QMetaObject::invokeMethod(object, "unwatch", Q_RETURN_ARG(bool, done), Q_ARG(QVariant, bad)));
            QVERIFY2(!done, qPrintable(bad.toString()));
        }
        QCOMPARE(qobject_cast<SN::SignalNotifier *>(object)->watchedSignals(), QList<SN::Signal>{SN::Signal::Hangup});
    }

    // A deadline or hook timeout beyond an int is kept (QML wrapped 30 days to 0 ms, and
    // the process was killed at once on a request); a negative one is refused.
    void longDurationsAreKept()
    {
        QObject *object = create(R"(
            import QtQml
            import SignalNotifier
            GracefulShutdown {
                deadline: 30 * 24 * 3600 * 1000
                function negative() { deadline = -1 }
            }
        )");
        QVERIFY(object);
        auto *shutdown = qobject_cast<SN::GracefulShutdown *>(object);
        QVERIFY(shutdown);
        QCOMPARE(qint64(shutdown->deadline().count()), qint64(30) * 24 * 3600 * 1000);
        QCOMPARE(object->property("deadline").toDouble(), 30.0 * 24 * 3600 * 1000);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("deadline must be")));
        QVERIFY(QMetaObject::invokeMethod(object, "negative"));
        QCOMPARE(qint64(shutdown->deadline().count()), qint64(30) * 24 * 3600 * 1000);
    }

    void refusedSignals()
    {
        QFETCH(QByteArray, value);
        QFETCH(int, error);
        QObject *object = create(QByteArray(R"(
            import QtQml
            import SignalNotifier
            SignalNotifier {
                watchedSignals: "HUP"
                function set() { watchedSignals = )") + value + R"( }
            }
        )");
        QVERIFY(object);
        auto *notifier = qobject_cast<SN::SignalNotifier *>(object);
        QCOMPARE(notifier->watchedSignals(), QList<SN::Signal>{SN::Signal::Hangup});
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral(".+")));
        QVERIFY(QMetaObject::invokeMethod(object, "set"));
        QCOMPARE(int(notifier->error()), error);
        QCOMPARE(object->property("error").toInt(), error);
        QVERIFY(!object->property("errorString").toString().isEmpty());
        QCOMPARE(notifier->watchedSignals(), QList<SN::Signal>{SN::Signal::Hangup});
    }

    // Every ```qml block of the pages loads, and what it declares is what it says.
    void documentationBlocks()
    {
        QStringList pages{QStringLiteral(SOURCE_DIR "/README.md")};
        QDirIterator it(QStringLiteral(SOURCE_DIR "/docs"), {QStringLiteral("*.md")});
        while (it.hasNext())
            pages.append(it.next());
        static const QRegularExpression block(QStringLiteral("^```qml\\n(.*?)^```$"),
                                              QRegularExpression::MultilineOption
                                                  | QRegularExpression::DotMatchesEverythingOption);
        int blocks = 0;
        for (const QString &page : std::as_const(pages)) {
            const QString text = QString::fromUtf8(readFile(page));
            for (auto match = block.globalMatch(text); match.hasNext();) {
                const QRegularExpressionMatch m = match.next();
                const int line = int(text.left(m.capturedStart()).count(QLatin1Char('\n'))) + 1;
                const QString where = QStringLiteral("%1:%2").arg(page).arg(line);
                QObject *object = create(m.captured(1).toUtf8(), QUrl::fromLocalFile(page));
                QVERIFY2(object, qPrintable(where));
                // Each block shows a SignalNotifier or a GracefulShutdown that works.
                const auto notifiers = object->findChildren<SN::SignalNotifier *>()
                                       + QList<SN::SignalNotifier *>{qobject_cast<SN::SignalNotifier *>(object)};
                for (SN::SignalNotifier *n : notifiers) {
                    if (n)
                        QVERIFY2(n->error() == SN::Error::NoError && !n->watchedSignals().isEmpty(), qPrintable(where));
                }
                ++blocks;
                m_engine.reset();
            }
        }
        QVERIFY2(blocks > 0, "README.md shows no ```qml block");
    }

    // The hooks QML can give run in their order after a real SIGTERM, once the inhibitor
    // is released; the process ends as the request asks, or as QML set it to.
    void hooksOnRealSignal_data()
    {
        QTest::addColumn<bool>("exitNormally");
        QTest::newRow("killed by SIGTERM") << false;
        QTest::newRow("ExitNormally, exitCode 7") << true;
    }

    void hooksOnRealSignal()
    {
        QFETCH(bool, exitNormally);
        ExampleProcess p;
        QVERIFY(p.start(QStringLiteral(QMLHOST_PATH), {QStringLiteral(HOOKS_QML)}));
        EXAMPLE_VERIFY(p, p.waitForLine(QStringLiteral("is not a function (42); ignored")));
        EXAMPLE_VERIFY(p, p.waitForLine(QStringLiteral("ready, deadline 15000, shuttingDown false, error true")));
        EXAMPLE_VERIFY(p, p.hasLine(QStringLiteral("removeHook true")));
        if (exitNormally) {
            p.writeLine(QStringLiteral("exit normally"));
            EXAMPLE_VERIFY(p, p.waitForLine(QStringLiteral("exit mode 1")));
        }

        QVERIFY(p.send(SIGTERM));
        EXAMPLE_VERIFY(p, p.waitForLine(QStringLiteral("requested by SIGTERM from pid %1, shuttingDown true, "
                                                       "request SIGTERM").arg(::getpid())));
        EXAMPLE_VERIFY(p, p.waitForLine(QStringLiteral("waiting for: the test holds it")));
        EXAMPLE_VERIFY(p, !p.hasLine(QStringLiteral("started")));   // held: no hook yet

        p.writeLine(QStringLiteral("release"));
        for (const char *line : {"releasing, active true", "released, active false",
                                 "started function", "hook: function",
                                 "started signal", "hook: signal",
                                 "started async", "hook: async done",
                                 "started throws", "hook \"throws\" threw Error: boom",
                                 "started after the throw", "hook: after the throw",
                                 "finished"}) {
            EXAMPLE_VERIFY(p, p.waitForLine(QString::fromLatin1(line)));
        }
        EXAMPLE_VERIFY(p, p.waitForFinished());
        EXAMPLE_VERIFY(p, exitNormally ? p.exitedWith(7) : p.endedBy(SIGTERM));
        EXAMPLE_VERIFY(p, !p.hasLine(QStringLiteral("hook: removed")));
    }
};

QTEST_MAIN(tst_Qml)
#include "tst_qml.moc"
