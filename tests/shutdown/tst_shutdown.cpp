// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// GracefulShutdown, driven from outside as a supervisor would: real signals sent to a
// real process (shutdownhelper), exit statuses read from QProcess, saved files compared,
// and systemd's notifications read from a real AF_UNIX datagram socket.

#include <SignalNotifier/GracefulShutdown>

#include "lineprocess.h"
#include "notifysocket.h"
#include "sanitizers.h"

#include <QtCore/qfile.h>
#include <QtCore/qmetaobject.h>
#include <QtCore/qprocess.h>
#include <QtCore/qregularexpression.h>
#include <QtCore/qtemporarydir.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

#include <csignal>
#include <thread>
#include <unistd.h>

using namespace SN;

namespace {

// The shutdownhelper process: stdout and stderr merged, read line by line.
class Helper : public LineProcess
{
public:
    explicit Helper(const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
        : LineProcess(QStringLiteral(SHUTDOWNHELPER_PATH), args, env) {}

    // Waits until a line matching `pattern` has been printed (LineProcess::waitFor()).
    bool waitFor(const QString &pattern) { return !LineProcess::waitFor(pattern).isEmpty(); }
    bool waitReady() { return waitFor(QStringLiteral("^ready ")); }

    // The helper's own report lines (not Qt's warnings).
    QStringList steps()
    {
        QStringList out;
        for (const QString &line : lines()) {
            if (!line.startsWith(QLatin1String("signalnotifier.")) && !line.startsWith(QLatin1String("ready "))
                && !line.startsWith(QLatin1String("application ")))
                out.append(line);
        }
        return out;
    }
};

QString hook(const QString &name, const char *kind, int order = 0, int timeoutMs = 5000)
{
    return QStringLiteral("%1:%2:%3:%4").arg(name, QLatin1String(kind)).arg(order).arg(timeoutMs);
}

// What shutdownhelper's save hook writes (same recipe).
QByteArray content(qsizetype bytes)
{
    QByteArray data;
    data.reserve(bytes);
    for (qsizetype i = 0; data.size() < bytes; ++i)
        data += QByteArray::number(i) + '\n';
    data.truncate(bytes);
    return data;
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QByteArrayLiteral("<missing>");
    return f.readAll();
}

} // namespace

// Compares the helper's steps, showing all it printed (warnings too) when they differ.
#define SN_COMPARE_STEPS(helper, ...)                                  \
    do {                                                               \
        const QStringList expectedSteps = __VA_ARGS__;                 \
        if ((helper).steps() != expectedSteps)                         \
            qWarning().noquote() << "helper output:\n" << (helper).output(); \
        QCOMPARE((helper).steps(), expectedSteps);                     \
    } while (false)

// Compares the helper's exit (see Helper::finish), showing its output when it differs.
#define SN_COMPARE_EXIT(helper, expected)                              \
    do {                                                               \
        const int exitResult = (helper).finish();                      \
        if (exitResult != (expected))                                  \
            qWarning().noquote() << "helper output:\n" << (helper).output(); \
        QCOMPARE(exitResult, (expected));                              \
    } while (false)

class tst_Shutdown : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void hooksRunInOrder();
    void asyncHookCompletesFromAnotherThread();
    void asyncHookOverdueIsReportedByNameAndSkipped();
    void syncHookOverdueIsReportedWhileItRuns_data();
    void syncHookOverdueIsReportedWhileItRuns();
    void deadlineForcesExitWhileHookIsStuck_data();
    void deadlineForcesExitWhileHookIsStuck();
    void deadlineForcesExitFromTheLoop();
    void inhibitorPostponesTheHooks();
    void inhibitorCannotOutlastTheDeadline();
    void secondSignalForcesExitWhileHookIsStuck();
    void secondSignalForcesExitFromTheLoop();
    void secondSignalDuringSaveKeepsTheOldFile();
    void twoRequestsInARowForceExit();
    void requestBeforeTheLoopRuns();
    void stdioWrittenByHooksIsFlushed();
    void threadReadingStdinDoesNotBlockTheEnd();
    void exitStatus_data();
    void exitStatus();
    void requestShutdownThenSignalForcesBySignal();
    void systemdNotifications_data();
    void systemdNotifications();
    void systemdUnreachable_data();
    void systemdUnreachable();
    void everyKindOfApplication_data();
    void everyKindOfApplication();
    void misuseIsReportedNotFatal();
    void deletedDuringItsSequence_data();
    void deletedDuringItsSequence();
    void hooksAddedDuringTheSequenceRun_data();
    void hooksAddedDuringTheSequenceRun();
    void outOfResourcesIsAClearError_data();
    void outOfResourcesIsAClearError();
    void execTwiceReturnsAtOnce();
    void withoutApplicationIsAClearError();
    void handlesOutliveTheShutdown();
    void propertiesSetThroughTheMetaObject();
    void propertiesNotifyOnlyOnChange();
    void removeHookBeforeTheSequence();
    void removeHookDuringTheSequence();
    void removeHookReturnsWhetherOneWasThere();
    void contextHookRunsInItsContextsThread();
    void contextDestroyedBeforeTheSequenceDropsTheHook();
    void contextDestroyedWhileItsCallWaitsDropsTheHook();
    void contextHookOverdueInABusyThreadNeverStartsLate();
    void contextDestroyedWhileItsAsyncHookRunsChangesNothing();
    // Last: its finish() quits the main thread's loops until QCoreApplication::exec().
    void inProcessWithWorkerThreads();
};

void tst_Shutdown::hooksRunInOrder()
{
    // Ascending order, then insertion; sync and async alike, one at a time.
    Helper h({QStringLiteral("--hook"), hook(QStringLiteral("c"), "sync", 2),
              QStringLiteral("--hook"), hook(QStringLiteral("a"), "sync", 0),
              QStringLiteral("--hook"), hook(QStringLiteral("d"), "async", 1),
              QStringLiteral("--hook"), hook(QStringLiteral("b"), "async", 0),
              QStringLiteral("--hook"), hook(QStringLiteral("e"), "sync", -1)});
    QVERIFY(h.waitReady());
    h.send(SIGTERM);
    SN_COMPARE_EXIT(h, -SIGTERM);
    SN_COMPARE_STEPS(h, (QStringList{QStringLiteral("requested SIGTERM"),
                                     QStringLiteral("started e"), QStringLiteral("finished e"),
                                     QStringLiteral("started a"), QStringLiteral("finished a"),
                                     QStringLiteral("started b"), QStringLiteral("finished b"),
                                     QStringLiteral("started d"), QStringLiteral("finished d"),
                                     QStringLiteral("started c"), QStringLiteral("finished c"),
                                     QStringLiteral("finished")}));
}

void tst_Shutdown::asyncHookCompletesFromAnotherThread()
{
    Helper h({QStringLiteral("--hook"), hook(QStringLiteral("upload"), "asyncwait"),
              QStringLiteral("--hook"), hook(QStringLiteral("after"), "sync", 1)});
    QVERIFY(h.waitReady());
    h.send(SIGINT);
    QVERIFY(h.waitFor(QStringLiteral("^started upload$")));
    h.tell("go");
    SN_COMPARE_EXIT(h, -SIGINT);
    SN_COMPARE_STEPS(h, (QStringList{QStringLiteral("requested SIGINT"),
                                     QStringLiteral("started upload"),
                                     QStringLiteral("done from a worker thread"),
                                     QStringLiteral("finished upload"),
                                     QStringLiteral("started after"), QStringLiteral("finished after"),
                                     QStringLiteral("finished")}));
}

void tst_Shutdown::asyncHookOverdueIsReportedByNameAndSkipped()
{
    Helper h({QStringLiteral("--hook"), hook(QStringLiteral("flush cache"), "never", 0, 200),
              QStringLiteral("--hook"), hook(QStringLiteral("next"), "sync", 1)});
    QVERIFY(h.waitReady());
    h.send(SIGTERM);
    SN_COMPARE_EXIT(h, -SIGTERM);
    SN_COMPARE_STEPS(h, (QStringList{QStringLiteral("requested SIGTERM"),
                                     QStringLiteral("started flush cache"),
                                     QStringLiteral("overdue flush cache"),
                                     QStringLiteral("started next"), QStringLiteral("finished next"),
                                     QStringLiteral("finished")}));
    QVERIFY2(h.output().contains(QLatin1String("hook \"flush cache\" is overdue")), qPrintable(h.output()));
}

void tst_Shutdown::syncHookOverdueIsReportedWhileItRuns_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("no context") << QStringLiteral("wait");
    // A context in the GracefulShutdown's own thread: the hook runs as one without.
    QTest::newRow("context in its own thread") << QStringLiteral("inmainwait");
}

void tst_Shutdown::syncHookOverdueIsReportedWhileItRuns()
{
    QFETCH(QString, kind);
    Helper h({QStringLiteral("--hook"), hook(QStringLiteral("slow save"), kind.toLatin1().constData(), 0, 200),
              QStringLiteral("--hook"), hook(QStringLiteral("next"), "sync", 1)});
    QVERIFY(h.waitReady());
    h.send(SIGTERM);
    // The hook blocks until told; the warning naming it must come while it still does.
    QVERIFY2(h.waitFor(QStringLiteral("hook \"slow save\" is overdue: still running")), qPrintable(h.output()));
    h.tell("go");
    SN_COMPARE_EXIT(h, -SIGTERM);
    SN_COMPARE_STEPS(h, (QStringList{QStringLiteral("requested SIGTERM"),
                                     QStringLiteral("started slow save"),
                                     QStringLiteral("overdue slow save"),
                                     QStringLiteral("finished slow save"),
                                     QStringLiteral("started next"), QStringLiteral("finished next"),
                                     QStringLiteral("finished")}));
}

void tst_Shutdown::deadlineForcesExitWhileHookIsStuck_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("before");
    // The deadline counts from the request, and the hook must have started before it
    // passes: 2 s leave room for a loaded machine (ThreadSanitizer, two cores shared),
    // where 300 ms did not always.
    const QString stuck = hook(QStringLiteral("stuck"), "wait", 0, 10000);
    QTest::newRow("setDeadline()")
        << QStringList{QStringLiteral("--deadline"), QStringLiteral("2000"), QStringLiteral("--hook"), stuck}
        << QStringList();
    QTest::newRow("the deadline property, through the meta-object")
        << QStringList{QStringLiteral("--property"), QStringLiteral("deadline=2000"), QStringLiteral("--hook"), stuck}
        << QStringList{QStringLiteral("deadlineChanged 2000")};
    QTest::newRow("a hook whose context is in its own thread")
        << QStringList{QStringLiteral("--deadline"), QStringLiteral("2000"), QStringLiteral("--hook"),
                       hook(QStringLiteral("stuck"), "inmainwait", 0, 10000)}
        << QStringList();
}

void tst_Shutdown::deadlineForcesExitWhileHookIsStuck()
{
    QFETCH(QStringList, args);
    QFETCH(QStringList, before);
    Helper h(args);
    QVERIFY(h.waitReady());
    h.send(SIGTERM);
    SN_COMPARE_EXIT(h, -SIGTERM);
    QVERIFY2(h.output().contains(QLatin1String(
                 "forcing exit: the shutdown deadline (2000 ms) passed while hook \"stuck\" was running")),
             qPrintable(h.output()));
    SN_COMPARE_STEPS(h, before + QStringList{QStringLiteral("requested SIGTERM"), QStringLiteral("started stuck")});
}

void tst_Shutdown::deadlineForcesExitFromTheLoop()
{
    // The loop is free (an asynchronous hook never completes): forcingExit() is emitted.
    Helper h({QStringLiteral("--deadline"), QStringLiteral("300"),
              QStringLiteral("--hook"), hook(QStringLiteral("never"), "never", 0, 10000)});
    QVERIFY(h.waitReady());
    h.send(SIGINT);
    SN_COMPARE_EXIT(h, -SIGINT);
    // The deadline counts from the request: on a loaded machine (ThreadSanitizer, two
    // cores shared) it may pass before the first hook has started. The loop is free in
    // both cases, and forcingExit() must come in both.
    QStringList steps = h.steps();
    steps.removeAll(QStringLiteral("started never"));
    if (steps != QStringList{QStringLiteral("requested SIGINT"), QStringLiteral("forcing DeadlinePassed")})
        QFAIL(qPrintable(h.output()));
    QVERIFY2(h.output().contains(QLatin1String("forcing exit: the shutdown deadline")), qPrintable(h.output()));
}

void tst_Shutdown::inhibitorPostponesTheHooks()
{
    Helper h({QStringLiteral("--inhibit"), QStringLiteral("--hook"), hook(QStringLiteral("save"), "sync")});
    QVERIFY(h.waitReady());
    h.send(SIGTERM);
    // The sequence says what it waits for; only then is the work done.
    QVERIFY2(h.waitFor(QStringLiteral("waiting for: test work$")), qPrintable(h.output()));
    h.tell("release");
    SN_COMPARE_EXIT(h, -SIGTERM);
    // Had the inhibitor not held the sequence back, the hook would have run before it was
    // released.
    SN_COMPARE_STEPS(h, (QStringList{QStringLiteral("requested SIGTERM"), QStringLiteral("releasing"),
                                     QStringLiteral("started save"), QStringLiteral("finished save"),
                                     QStringLiteral("finished")}));
}

void tst_Shutdown::inhibitorCannotOutlastTheDeadline()
{
    Helper h({QStringLiteral("--deadline"), QStringLiteral("300"), QStringLiteral("--inhibit"),
              QStringLiteral("--hook"), hook(QStringLiteral("save"), "sync")});
    QVERIFY(h.waitReady());
    h.send(SIGTERM);
    SN_COMPARE_EXIT(h, -SIGTERM);
    SN_COMPARE_STEPS(h, (QStringList{QStringLiteral("requested SIGTERM"), QStringLiteral("forcing DeadlinePassed")}));
}

void tst_Shutdown::secondSignalForcesExitWhileHookIsStuck()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("state"));
    Helper h({QStringLiteral("--hook"), hook(QStringLiteral("save state"), "save", 0) + QStringLiteral(":%1:%2").arg(path).arg(300000),
              QStringLiteral("--hook"), hook(QStringLiteral("stuck"), "wait", 1)});
    QVERIFY(h.waitReady());
    h.send(SIGINT);
    QVERIFY(h.waitFor(QStringLiteral("^started stuck$")));
    h.send(SIGINT);
    SN_COMPARE_EXIT(h, -SIGINT);   // a shell sees 130
    QVERIFY2(h.output().contains(QLatin1String(
                 "forcing exit: a second termination request arrived while hook \"stuck\" was running")),
             qPrintable(h.output()));
    SN_COMPARE_STEPS(h, (QStringList{QStringLiteral("requested SIGINT"), QStringLiteral("started save state"),
                                     QStringLiteral("saved"), QStringLiteral("finished save state"),
                                     QStringLiteral("started stuck")}));
    // What the hook saved before the forced exit is all there.
    QCOMPARE(readFile(path), content(300000));
}

void tst_Shutdown::secondSignalForcesExitFromTheLoop()
{
    Helper h({QStringLiteral("--hook"), hook(QStringLiteral("never"), "never", 0, 10000)});
    QVERIFY(h.waitReady());
    h.send(SIGTERM);
    QVERIFY(h.waitFor(QStringLiteral("^started never$")));
    h.send(SIGINT);
    // The request's own signal decides the status, not the one that forced it.
    SN_COMPARE_EXIT(h, -SIGTERM);
    SN_COMPARE_STEPS(h, (QStringList{QStringLiteral("requested SIGTERM"), QStringLiteral("started never"),
                                     QStringLiteral("forcing SecondRequest")}));
}

void tst_Shutdown::secondSignalDuringSaveKeepsTheOldFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("state"));
    {
        QFile old(path);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("the previous state\n");
    }
    Helper h({QStringLiteral("--hook"), hook(QStringLiteral("save state"), "savewait") + QStringLiteral(":%1:%2").arg(path).arg(300000)});
    QVERIFY(h.waitReady());
    h.send(SIGINT);
    QVERIFY(h.waitFor(QStringLiteral("^saving$")));   // half written, not committed
    h.send(SIGINT);
    SN_COMPARE_EXIT(h, -SIGINT);
    // Cut off half-way: the previous state is intact, never a torn mix.
    QCOMPARE(readFile(path), QByteArray("the previous state\n"));
}

void tst_Shutdown::twoRequestsInARowForceExit()
{
    // The second right behind the first, as the sequence starts. (Not two kill() calls
    // back to back: the kernel keeps one pending standard signal per number, so two sent
    // before the process runs are one signal; what the library sees twice, it counts.)
    Helper h({QStringLiteral("--hook"), hook(QStringLiteral("slow"), "wait")});
    QVERIFY(h.waitReady());
    h.send(SIGINT);
    QVERIFY(h.waitFor(QStringLiteral("^requested SIGINT$")));
    h.send(SIGINT);
    SN_COMPARE_EXIT(h, -SIGINT);
    QVERIFY2(h.output().contains(QLatin1String("forcing exit: a second termination request arrived")),
             qPrintable(h.output()));
    QVERIFY2(!h.steps().contains(QStringLiteral("finished")), qPrintable(h.output()));
}

void tst_Shutdown::requestBeforeTheLoopRuns()
{
    Helper h({QStringLiteral("--raise-early"), QStringLiteral("--hook"), hook(QStringLiteral("save"), "sync")});
    SN_COMPARE_EXIT(h, -SIGTERM);
    SN_COMPARE_STEPS(h, (QStringList{QStringLiteral("requested SIGTERM"), QStringLiteral("started save"),
                                     QStringLiteral("finished save"), QStringLiteral("finished")}));
}

void tst_Shutdown::stdioWrittenByHooksIsFlushed()
{
    // Ending by the signal runs no atexit handlers; what a hook left in stdio's buffer
    // (stdout is a pipe here: fully buffered) must still come out.
    Helper h({QStringLiteral("--hook"), hook(QStringLiteral("print"), "printf")});
    QVERIFY(h.waitReady());
    h.send(SIGTERM);
    SN_COMPARE_EXIT(h, -SIGTERM);
    QVERIFY2(h.steps().contains(QStringLiteral("printed by printf")), qPrintable(h.output()));
}

void tst_Shutdown::threadReadingStdinDoesNotBlockTheEnd()
{
    // A thread blocked in fgets(stdin) holds stdin's lock: flushing every stream at the
    // end would wait for it forever. Only the output streams are flushed.
    Helper h({QStringLiteral("--stdio-stdin"), QStringLiteral("--hook"), hook(QStringLiteral("print"), "printf")});
    QVERIFY(h.waitReady());
    h.send(SIGTERM);
    SN_COMPARE_EXIT(h, -SIGTERM);
    QVERIFY2(h.steps().contains(QStringLiteral("printed by printf")), qPrintable(h.output()));
}

void tst_Shutdown::exitStatus_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("signal");     // 0: requestShutdown()
    QTest::addColumn<int>("expected");   // negative: killed by that signal
    QTest::newRow("INT: a shell sees 130") << QStringList() << int(SIGINT) << -SIGINT;
    QTest::newRow("TERM: systemd sees killed by SIGTERM") << QStringList() << int(SIGTERM) << -SIGTERM;
    QTest::newRow("HUP") << QStringList() << int(SIGHUP) << -SIGHUP;
    QTest::newRow("TERM, ExitNormally: 0")
        << QStringList{QStringLiteral("--exit"), QStringLiteral("normal")} << int(SIGTERM) << 0;
    QTest::newRow("TERM, ExitNormally, code 7")
        << QStringList{QStringLiteral("--exit"), QStringLiteral("normal"), QStringLiteral("--code"), QStringLiteral("7")}
        << int(SIGTERM) << 7;
    QTest::newRow("requestShutdown: 0") << QStringList() << 0 << 0;
    QTest::newRow("requestShutdown, code 5")
        << QStringList{QStringLiteral("--code"), QStringLiteral("5")} << 0 << 5;
}

void tst_Shutdown::exitStatus()
{
    QFETCH(QStringList, args);
    QFETCH(int, signal);
    QFETCH(int, expected);
    Helper h(args + QStringList{QStringLiteral("--hook"), hook(QStringLiteral("a"), "sync")});
    QVERIFY(h.waitReady());
    if (signal)
        h.send(signal);
    else
        h.tell("request");
    SN_COMPARE_EXIT(h, expected);
    QVERIFY2(h.steps().contains(QStringLiteral("finished")), qPrintable(h.output()));
    // A normal exit returns from exec() and main(), destructors and all.
    QCOMPARE(h.steps().contains(QStringLiteral("exec returned %1").arg(expected)), expected >= 0);
}

void tst_Shutdown::requestShutdownThenSignalForcesBySignal()
{
    Helper h({QStringLiteral("--hook"), hook(QStringLiteral("stuck"), "wait")});
    QVERIFY(h.waitReady());
    h.tell("request");
    QVERIFY(h.waitFor(QStringLiteral("^started stuck$")));
    h.send(SIGINT);
    SN_COMPARE_EXIT(h, -SIGINT);
    SN_COMPARE_STEPS(h, (QStringList{QStringLiteral("requested -"), QStringLiteral("started stuck")}));
}

void tst_Shutdown::systemdNotifications_data()
{
    QTest::addColumn<bool>("abstract");
    QTest::newRow("path") << false;
    QTest::newRow("abstract (@)") << true;
}

void tst_Shutdown::systemdNotifications()
{
    QFETCH(bool, abstract);
    QTemporaryDir dir;
    const QString name = abstract
        ? QStringLiteral("@signalnotifier-test-%1-%2").arg(::getpid()).arg(quintptr(&dir))
        : dir.filePath(QStringLiteral("notify"));
    NotifySocket socket(name);
    QVERIFY(socket.isBound());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("NOTIFY_SOCKET"), name);
    Helper h({QStringLiteral("--deadline"), QStringLiteral("4000"),
              QStringLiteral("--hook"), hook(QStringLiteral("a"), "sync"),
              QStringLiteral("--hook"), hook(QStringLiteral("b"), "async")}, env);
    QVERIFY(h.waitReady());
    QCOMPARE(socket.messages(), QByteArrayList());   // nothing before the shutdown
    h.send(SIGTERM);
    SN_COMPARE_EXIT(h, -SIGTERM);
    const QByteArrayList messages = socket.messages();
    QCOMPARE(messages.size(), 4);
    QCOMPARE(messages.at(0), QByteArrayLiteral("STOPPING=1"));
    // One extension at the start and one per hook, covering what is left of the 4 s
    // deadline (plus a margin so that our own forced exit comes before systemd's SIGKILL).
    qint64 previous = 5000000;
    for (int i = 1; i < 4; ++i) {
        QVERIFY2(messages.at(i).startsWith("EXTEND_TIMEOUT_USEC="), messages.at(i).constData());
        const qint64 usec = messages.at(i).mid(20).toLongLong();
        QVERIFY2(usec > 1000000 && usec <= previous, messages.join(' ').constData());
        previous = usec;
    }
}

void tst_Shutdown::systemdUnreachable_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("error");
    QTest::newRow("nobody listens") << QStringLiteral("/nonexistent/notify") << QStringLiteral("cannot notify the service manager");
    QTest::newRow("not an address") << QStringLiteral("relative/notify") << QStringLiteral("cannot notify the service manager");
}

void tst_Shutdown::systemdUnreachable()
{
    // The manager cannot be told: said once, and the shutdown goes on as usual.
    QFETCH(QString, name);
    QFETCH(QString, error);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("NOTIFY_SOCKET"), name);
    Helper h({QStringLiteral("--hook"), hook(QStringLiteral("a"), "sync"), QStringLiteral("--hook"), hook(QStringLiteral("b"), "sync")}, env);
    QVERIFY(h.waitReady());
    h.send(SIGTERM);
    SN_COMPARE_EXIT(h, -SIGTERM);
    SN_COMPARE_STEPS(h, (QStringList{QStringLiteral("requested SIGTERM"), QStringLiteral("started a"),
                                     QStringLiteral("finished a"), QStringLiteral("started b"),
                                     QStringLiteral("finished b"), QStringLiteral("finished")}));
    QCOMPARE(h.output().count(error), 1);
}

void tst_Shutdown::everyKindOfApplication_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("className");
    QTest::newRow("QCoreApplication") << QStringLiteral("core") << QStringLiteral("QCoreApplication");
    QTest::newRow("QGuiApplication") << QStringLiteral("gui") << QStringLiteral("QGuiApplication");
    QTest::newRow("QApplication") << QStringLiteral("widgets") << QStringLiteral("QApplication");
}

void tst_Shutdown::everyKindOfApplication()
{
    QFETCH(QString, kind);
    QFETCH(QString, className);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    QTemporaryDir runtime;   // private (0700), as Qt wants it, so it does not complain
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime.path());
    Helper h({QStringLiteral("--app"), kind, QStringLiteral("--hook"), hook(QStringLiteral("save"), "async")}, env);
    if (!h.waitReady()) {
        if (h.output().contains(QLatin1String("built without Qt Widgets")))
            QSKIP("the helper was built without Qt Widgets");
        QFAIL(qPrintable(h.output()));
    }
    QVERIFY2(h.output().contains(QStringLiteral("application ") + className), qPrintable(h.output()));
    h.send(SIGTERM);
    SN_COMPARE_EXIT(h, -SIGTERM);
    SN_COMPARE_STEPS(h, (QStringList{QStringLiteral("requested SIGTERM"), QStringLiteral("started save"),
                                     QStringLiteral("finished save"), QStringLiteral("finished")}));
}

void tst_Shutdown::misuseIsReportedNotFatal()
{
    {
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^SIGKILL cannot be watched")));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("cannot watch the termination requests: .*SIGKILL")));
        GracefulShutdown shutdown({Signal::Terminate, Signal::Kill});
        QVERIFY(!shutdown.isShuttingDown());
    }
    GracefulShutdown shutdown;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("hook \"nothing\" is empty")));
    shutdown.addHook(QStringLiteral("nothing"), GracefulShutdown::Hook());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("hook \"nothing either\" is empty")));
    shutdown.addAsyncHook(QStringLiteral("nothing either"), GracefulShutdown::AsyncHook());
    shutdown.setDeadline(std::chrono::milliseconds(-5));
    QCOMPARE(shutdown.deadline(), std::chrono::milliseconds(0));
    QVERIFY(!shutdown.request().isValid());
}

void tst_Shutdown::deletedDuringItsSequence_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("steps");
    const QString deleter = hook(QStringLiteral("deleter"), "delete", 0);
    const QString after = hook(QStringLiteral("after"), "sync", 1);
    QTest::newRow("in its own hook")
        << QStringList{QStringLiteral("--hook"), deleter, QStringLiteral("--hook"), after}
        << QStringList{QStringLiteral("requested SIGINT"), QStringLiteral("started deleter"),
                       QStringLiteral("deleting"), QStringLiteral("deleted")};
    QTest::newRow("from shutdownRequested")
        << QStringList{QStringLiteral("--delete-on"), QStringLiteral("requested"), QStringLiteral("--hook"), after}
        << QStringList{QStringLiteral("deleting"), QStringLiteral("deleted")};
    QTest::newRow("from hookStarted")
        << QStringList{QStringLiteral("--delete-on"), QStringLiteral("started"), QStringLiteral("--hook"), after}
        << QStringList{QStringLiteral("requested SIGINT"), QStringLiteral("deleting"), QStringLiteral("deleted")};
    QTest::newRow("from hookFinished")
        << QStringList{QStringLiteral("--delete-on"), QStringLiteral("hookfinished"), QStringLiteral("--hook"), after}
        << QStringList{QStringLiteral("requested SIGINT"), QStringLiteral("started after"),
                       QStringLiteral("deleting"), QStringLiteral("deleted")};
    QTest::newRow("from finished")
        << QStringList{QStringLiteral("--delete-on"), QStringLiteral("finished"), QStringLiteral("--hook"), after}
        << QStringList{QStringLiteral("requested SIGINT"), QStringLiteral("started after"),
                       QStringLiteral("finished after"), QStringLiteral("deleting"), QStringLiteral("deleted")};
}

// Deleting the GracefulShutdown while its sequence runs (from a hook, from a slot of its
// own signals) abandons the rest of the sequence with a warning; the process still ends
// as the request asked (exec() was running the loop), never with a crash.
void tst_Shutdown::deletedDuringItsSequence()
{
    QFETCH(QStringList, args);
    QFETCH(QStringList, steps);
    Helper h(args);
    QVERIFY(h.waitReady());
    h.send(SIGINT);
    SN_COMPARE_EXIT(h, -SIGINT);
    SN_COMPARE_STEPS(h, steps);
}

void tst_Shutdown::hooksAddedDuringTheSequenceRun_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("steps");
    QTest::newRow("from a hook: by its order among those still to run")
        << QStringList{QStringLiteral("--hook"), hook(QStringLiteral("adder"), "add", 0),
                       QStringLiteral("--hook"), hook(QStringLiteral("b"), "sync", 1)}
        << QStringList{QStringLiteral("requested SIGTERM"),
                       QStringLiteral("started adder"), QStringLiteral("finished adder"),
                       QStringLiteral("started late"), QStringLiteral("finished late"),
                       QStringLiteral("started b"), QStringLiteral("finished b"), QStringLiteral("finished")};
    QTest::newRow("from shutdownRequested: a hook like any other")
        << QStringList{QStringLiteral("--add-on-requested"), QStringLiteral("--hook"), hook(QStringLiteral("b"), "sync", 0)}
        << QStringList{QStringLiteral("requested SIGTERM"),
                       QStringLiteral("started b"), QStringLiteral("finished b"),
                       QStringLiteral("started late"), QStringLiteral("finished late"), QStringLiteral("finished")};
}

void tst_Shutdown::hooksAddedDuringTheSequenceRun()
{
    QFETCH(QStringList, args);
    QFETCH(QStringList, steps);
    Helper h(args);
    QVERIFY(h.waitReady());
    h.send(SIGTERM);
    SN_COMPARE_EXIT(h, -SIGTERM);
    SN_COMPARE_STEPS(h, steps);
}

void tst_Shutdown::outOfResourcesIsAClearError_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("message");
    QTest::newRow("no descriptor left") << QStringLiteral("--no-fds") << QStringLiteral("descriptors");
    // The thread's channel fits (one eventfd), the rest does not: a clear error still.
    QTest::newRow("one descriptor left") << QStringLiteral("--one-fd") << QStringLiteral("descriptors");
    QTest::newRow("no thread left") << QStringLiteral("--no-threads") << QStringLiteral("thread");
}

// Made with no descriptor or no thread left: error() and errorString() say so, and it
// watches nothing, so a request takes its default action; no abort, no hang.
void tst_Shutdown::outOfResourcesIsAClearError()
{
    QFETCH(QString, option);
    QFETCH(QString, message);
    Helper h({option});
    QVERIFY2(h.waitFor(QStringLiteral("^error %1 .*%2").arg(int(Error::OutOfResources)).arg(message)),
             qPrintable(h.output()));
    QVERIFY(h.waitReady());
    h.send(SIGTERM);
    SN_COMPARE_EXIT(h, -SIGTERM);
}

// exec() after the sequence has finished and exec() returned: returns exitCode() at once,
// with a warning, instead of running a loop nothing will quit.
void tst_Shutdown::execTwiceReturnsAtOnce()
{
    Helper h({QStringLiteral("--exit"), QStringLiteral("normal"), QStringLiteral("--code"), QStringLiteral("5"),
              QStringLiteral("--exec-twice")});
    QVERIFY(h.waitReady());
    h.tell("request");
    SN_COMPARE_EXIT(h, 5);
    SN_COMPARE_STEPS(h, (QStringList{QStringLiteral("requested -"), QStringLiteral("finished"),
                                     QStringLiteral("exec returned 5"), QStringLiteral("exec again returned 5")}));
    QVERIFY2(h.output().contains(QLatin1String("exec() called again")), qPrintable(h.output()));
}

// No QCoreApplication: exec() says so and returns -1.
void tst_Shutdown::withoutApplicationIsAClearError()
{
    Helper h({QStringLiteral("--no-app")});
    SN_COMPARE_EXIT(h, 0);
    SN_COMPARE_STEPS(h, (QStringList{QStringLiteral("made"), QStringLiteral("forced exit deadline forever"),
                                     QStringLiteral("exec returned -1")}));
    QVERIFY2(h.output().contains(QLatin1String("no QCoreApplication")), qPrintable(h.output()));
}

void tst_Shutdown::handlesOutliveTheShutdown()
{
    GracefulShutdown::Completion unused;
    unused.done();   // never handed out: nothing to complete
    GracefulShutdown::Inhibitor empty;
    QVERIFY(!empty.isActive());
    empty.release();
    GracefulShutdown::Inhibitor kept;
    {
        GracefulShutdown shutdown;
        GracefulShutdown::Inhibitor first = shutdown.inhibit(QStringLiteral("first"));
        QVERIFY(first.isActive());
        kept = std::move(first);
        QVERIFY(!first.isActive());
        QVERIFY(kept.isActive());
    }
    kept.release();   // its GracefulShutdown is gone: harmless
    QVERIFY(!kept.isActive());
}

// The settings through QObject::setProperty (by name, as QML or a settings loader would):
// each NOTIFY signal says so, and the exit a supervisor sees follows them.
void tst_Shutdown::propertiesSetThroughTheMetaObject()
{
    Helper h({QStringLiteral("--property"), QStringLiteral("exitMode=ExitNormally"),
              QStringLiteral("--property"), QStringLiteral("exitCode=9"),
              QStringLiteral("--hook"), hook(QStringLiteral("a"), "sync")});
    QVERIFY(h.waitReady());
    h.send(SIGTERM);
    SN_COMPARE_EXIT(h, 9);
    SN_COMPARE_STEPS(h, (QStringList{QStringLiteral("exitModeChanged ExitNormally"), QStringLiteral("exitCodeChanged 9"),
                                     QStringLiteral("requested SIGTERM"), QStringLiteral("started a"),
                                     QStringLiteral("finished a"), QStringLiteral("finished"),
                                     QStringLiteral("exec returned 9")}));
}

void tst_Shutdown::propertiesNotifyOnlyOnChange()
{
    GracefulShutdown shutdown;
    const QMetaObject *meta = shutdown.metaObject();
    for (const char *name : {"deadline", "exitMode", "exitCode"}) {
        const QMetaProperty property = meta->property(meta->indexOfProperty(name));
        QVERIFY2(property.isValid() && property.isWritable() && property.hasNotifySignal(), name);
    }
    QSignalSpy deadline(&shutdown, &GracefulShutdown::deadlineChanged);
    QSignalSpy exitMode(&shutdown, &GracefulShutdown::exitModeChanged);
    QSignalSpy exitCode(&shutdown, &GracefulShutdown::exitCodeChanged);

    QVERIFY(shutdown.setProperty("deadline", QVariant::fromValue(std::chrono::milliseconds(2500))));
    QCOMPARE(shutdown.deadline(), std::chrono::milliseconds(2500));
    QCOMPARE(shutdown.property("deadline").value<std::chrono::milliseconds>(), std::chrono::milliseconds(2500));
    shutdown.setDeadline(std::chrono::milliseconds(2500));   // unchanged: no signal
    shutdown.setDeadline(std::chrono::milliseconds(-1));     // clamped to 0: a change to 0
    QCOMPARE(deadline.count(), 2);
    QCOMPARE(deadline.at(0).at(0).value<std::chrono::milliseconds>(), std::chrono::milliseconds(2500));
    QCOMPARE(deadline.at(1).at(0).value<std::chrono::milliseconds>(), std::chrono::milliseconds(0));

    QVERIFY(shutdown.setProperty("exitMode", QStringLiteral("ExitNormally")));
    QCOMPARE(shutdown.exitMode(), GracefulShutdown::ExitNormally);
    shutdown.setExitMode(GracefulShutdown::ExitNormally);
    QCOMPARE(exitMode.count(), 1);
    QCOMPARE(exitMode.at(0).at(0).value<GracefulShutdown::ExitMode>(), GracefulShutdown::ExitNormally);

    QVERIFY(shutdown.setProperty("exitCode", 4));
    QCOMPARE(shutdown.property("exitCode").toInt(), 4);
    shutdown.setExitCode(4);
    QCOMPARE(exitCode.count(), 1);
    QCOMPARE(exitCode.at(0).at(0).toInt(), 4);
}

void tst_Shutdown::removeHookBeforeTheSequence()
{
    Helper h({QStringLiteral("--hook"), hook(QStringLiteral("a"), "sync", 0),
              QStringLiteral("--hook"), hook(QStringLiteral("b"), "sync", 1),
              QStringLiteral("--hook"), hook(QStringLiteral("b"), "async", 2),
              QStringLiteral("--hook"), hook(QStringLiteral("c"), "sync", 3),
              QStringLiteral("--remove"), QStringLiteral("b"), QStringLiteral("--remove"), QStringLiteral("nothing")});
    QVERIFY(h.waitReady());
    h.send(SIGTERM);
    SN_COMPARE_EXIT(h, -SIGTERM);
    SN_COMPARE_STEPS(h, (QStringList{QStringLiteral("removed b true"), QStringLiteral("removed nothing false"),
                                     QStringLiteral("requested SIGTERM"),
                                     QStringLiteral("started a"), QStringLiteral("finished a"),
                                     QStringLiteral("started c"), QStringLiteral("finished c"),
                                     QStringLiteral("finished")}));
}

void tst_Shutdown::removeHookDuringTheSequence()
{
    // A hook removes one still to run: it never runs; the sequence goes on.
    Helper h({QStringLiteral("--hook"), hook(QStringLiteral("remover"), "remove", 0) + QStringLiteral(":victim"),
              QStringLiteral("--hook"), hook(QStringLiteral("victim"), "sync", 1),
              QStringLiteral("--hook"), hook(QStringLiteral("last"), "sync", 2)});
    QVERIFY(h.waitReady());
    h.send(SIGINT);
    SN_COMPARE_EXIT(h, -SIGINT);
    SN_COMPARE_STEPS(h, (QStringList{QStringLiteral("requested SIGINT"), QStringLiteral("started remover"),
                                     QStringLiteral("removed victim true"), QStringLiteral("finished remover"),
                                     QStringLiteral("started last"), QStringLiteral("finished last"),
                                     QStringLiteral("finished")}));
}

void tst_Shutdown::removeHookReturnsWhetherOneWasThere()
{
    GracefulShutdown shutdown;
    QObject context;
    QVERIFY(!shutdown.removeHook(QStringLiteral("a")));
    shutdown.addHook(QStringLiteral("a"), [] {});
    shutdown.addAsyncHook(QStringLiteral("a"), &context, [](GracefulShutdown::Completion) {});
    shutdown.addHook(QStringLiteral("b"), [] {});
    QVERIFY(shutdown.removeHook(QStringLiteral("a")));   // both of them
    QVERIFY(!shutdown.removeHook(QStringLiteral("a")));
    QVERIFY(shutdown.removeHook(QStringLiteral("b")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("hook \"c\" has a null context object")));
    shutdown.addHook(QStringLiteral("c"), nullptr, [] {});
    QVERIFY(!shutdown.removeHook(QStringLiteral("c")));
}

// Each hook runs in its context's thread (a worker thread with its own loop, or the main
// thread), one at a time and in order: the sequence waits for the worker's.
void tst_Shutdown::contextHookRunsInItsContextsThread()
{
    Helper h({QStringLiteral("--hook"), hook(QStringLiteral("a"), "inworker", 0),
              QStringLiteral("--hook"), hook(QStringLiteral("b"), "inmain", 1),
              QStringLiteral("--hook"), hook(QStringLiteral("c"), "inworkerasync", 2),
              QStringLiteral("--hook"), hook(QStringLiteral("d"), "sync", 3)});
    QVERIFY(h.waitReady());
    h.send(SIGTERM);
    SN_COMPARE_EXIT(h, -SIGTERM);
    SN_COMPARE_STEPS(h, (QStringList{QStringLiteral("requested SIGTERM"),
                                     QStringLiteral("started a"), QStringLiteral("a ran in the worker thread"),
                                     QStringLiteral("finished a"),
                                     QStringLiteral("started b"), QStringLiteral("b ran in the main thread"),
                                     QStringLiteral("finished b"),
                                     QStringLiteral("started c"), QStringLiteral("c ran in the worker thread"),
                                     QStringLiteral("finished c"),
                                     QStringLiteral("started d"), QStringLiteral("finished d"),
                                     QStringLiteral("finished")}));
}

// Its context deleted before the request: the hook is dropped like a connection, without
// any signal for it.
void tst_Shutdown::contextDestroyedBeforeTheSequenceDropsTheHook()
{
    Helper h({QStringLiteral("--hook"), hook(QStringLiteral("orphan"), "gone", 0),
              QStringLiteral("--hook"), hook(QStringLiteral("next"), "sync", 1)});
    QVERIFY(h.waitReady());
    h.send(SIGTERM);
    SN_COMPARE_EXIT(h, -SIGTERM);
    SN_COMPARE_STEPS(h, (QStringList{QStringLiteral("requested SIGTERM"), QStringLiteral("started next"),
                                     QStringLiteral("finished next"), QStringLiteral("finished")}));
    QVERIFY2(h.output().contains(QLatin1String("hook \"orphan\" dropped: its context object was destroyed")),
             qPrintable(h.output()));
}

// The call waits in the worker's queue (its loop is busy) when the worker deletes the
// context: the queued call goes with it, the hook never runs, and the sequence goes on at
// once (hookFinished, as if it had returned) instead of waiting for its timeout.
void tst_Shutdown::contextDestroyedWhileItsCallWaitsDropsTheHook()
{
    Helper h({QStringLiteral("--block-worker"), QStringLiteral("--delete-context-on-free"),
              QStringLiteral("--hook"), hook(QStringLiteral("x"), "inworker", 0, 20000),
              QStringLiteral("--hook"), hook(QStringLiteral("next"), "sync", 1)});
    QVERIFY(h.waitReady());
    h.send(SIGTERM);
    QVERIFY(h.waitFor(QStringLiteral("^started x$")));
    h.tell("free");
    SN_COMPARE_EXIT(h, -SIGTERM);
    SN_COMPARE_STEPS(h, (QStringList{QStringLiteral("requested SIGTERM"), QStringLiteral("started x"),
                                     QStringLiteral("worker free"), QStringLiteral("finished x"),
                                     QStringLiteral("started next"), QStringLiteral("finished next"),
                                     QStringLiteral("finished")}));
    QVERIFY2(h.output().contains(QLatin1String("hook \"x\" dropped: its context object was destroyed before it was called")),
             qPrintable(h.output()));
}

// The worker's loop is busy past the hook's timeout: the hook is reported overdue and the
// sequence goes on; when the worker gets to the queued call, it no longer runs the hook.
void tst_Shutdown::contextHookOverdueInABusyThreadNeverStartsLate()
{
    Helper h({QStringLiteral("--block-worker"),
              QStringLiteral("--hook"), hook(QStringLiteral("x"), "inworker", 0, 200),
              QStringLiteral("--hook"), hook(QStringLiteral("y"), "wait", 1)});
    QVERIFY(h.waitReady());
    h.send(SIGTERM);
    QVERIFY(h.waitFor(QStringLiteral("^started y$")));
    h.tell("free");
    h.tell("ping");   // answered after the worker has handled the queued call
    QVERIFY(h.waitFor(QStringLiteral("^worker idle$")));
    h.tell("go");
    SN_COMPARE_EXIT(h, -SIGTERM);
    SN_COMPARE_STEPS(h, (QStringList{QStringLiteral("requested SIGTERM"), QStringLiteral("started x"),
                                     QStringLiteral("overdue x"), QStringLiteral("started y"),
                                     QStringLiteral("worker free"), QStringLiteral("worker idle"),
                                     QStringLiteral("finished y"), QStringLiteral("finished")}));
    QVERIFY2(h.output().contains(QLatin1String("hook \"x\" is overdue: not done after its timeout")),
             qPrintable(h.output()));
}

// An asynchronous hook deletes its own context (deleteLater) and completes from another
// thread afterwards: once called, a hook is done when its Completion says so, context or not.
void tst_Shutdown::contextDestroyedWhileItsAsyncHookRunsChangesNothing()
{
    Helper h({QStringLiteral("--hook"), hook(QStringLiteral("x"), "workerdeletes", 0, 20000),
              QStringLiteral("--hook"), hook(QStringLiteral("next"), "sync", 1)});
    QVERIFY(h.waitReady());
    h.send(SIGTERM);
    QVERIFY(h.waitFor(QStringLiteral("^context destroyed$")));
    h.tell("go");
    SN_COMPARE_EXIT(h, -SIGTERM);
    SN_COMPARE_STEPS(h, (QStringList{QStringLiteral("requested SIGTERM"), QStringLiteral("started x"),
                                     QStringLiteral("context destroyed"), QStringLiteral("finished x"),
                                     QStringLiteral("started next"), QStringLiteral("finished next"),
                                     QStringLiteral("finished")}));
}

void tst_Shutdown::inProcessWithWorkerThreads()
{
    // Completion and Inhibitor used from other threads while the sequence runs (for
    // ThreadSanitizer as much as for the result).
    GracefulShutdown shutdown;
    shutdown.setDeadline(std::chrono::seconds(60));
    std::thread worker;
    GracefulShutdown::Inhibitor inhibitor = shutdown.inhibit(QStringLiteral("worker"));
    shutdown.addAsyncHook(QStringLiteral("async"), [&worker](GracefulShutdown::Completion c) {
        worker = std::thread([c] { c.done(); });
    });
    int syncRuns = 0;
    shutdown.addHook(QStringLiteral("sync"), [&syncRuns] { ++syncRuns; }, std::chrono::seconds(5), 1);
    QSignalSpy requested(&shutdown, &GracefulShutdown::shutdownRequested);
    QSignalSpy started(&shutdown, &GracefulShutdown::hookStarted);
    QSignalSpy finishedHooks(&shutdown, &GracefulShutdown::hookFinished);
    QSignalSpy finished(&shutdown, &GracefulShutdown::finished);
    shutdown.requestShutdown();
    QVERIFY(shutdown.isShuttingDown());
    QVERIFY(requested.wait(10000));
    QVERIFY(!requested.at(0).at(0).value<SignalInfo>().isValid());
    std::thread releaser([held = std::move(inhibitor)]() mutable { held.release(); });
    QVERIFY(finished.wait(10000));
    releaser.join();
    worker.join();
    QCOMPARE(syncRuns, 1);
    QCOMPARE(started.count(), 2);
    QCOMPARE(finishedHooks.count(), 2);
    QCOMPARE(finishedHooks.at(0).at(0).toString(), QStringLiteral("async"));
}

QTEST_GUILESS_MAIN(tst_Shutdown)
#include "tst_shutdown.moc"
