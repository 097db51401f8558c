// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Names, numbers, descriptions, the valid-signal list and what may be watched.

#include <SignalNotifier/Signal>
#include <SignalNotifier/SignalInfo>
#include <SignalNotifier/SignalNotifier>

#include <QtCore/qthread.h>
#include <QtTest/qtest.h>

#include <QtTest/qsignalspy.h>

#include <QtCore/qdatastream.h>

#include <csignal>
#include <pthread.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace SN;

class tst_Names : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
    void rejects_data();
    void rejects();
    void everySignalHasNameAndDescription();
    void validSignalsAreOrderedAndComplete();
    void portableIds_data();
    void portableIds();
    void watchability_data();
    void watchability();
    void terminationRequests();
    void serviceStopRequests();
    void castNumberIsRefused();
    void convertsThroughQVariant();
    void debugStreams();
    void namesAreThreadSafe();
    void codeNames();
};

void tst_Names::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("number");
    QTest::newRow("SIGINT") << "SIGINT" << SIGINT;
    QTest::newRow("INT") << "INT" << SIGINT;
    QTest::newRow("int") << "int" << SIGINT;
    QTest::newRow("2") << "2" << SIGINT;
    QTest::newRow(" term ") << " term " << SIGTERM;
    QTest::newRow("sigusr1") << "sigusr1" << SIGUSR1;
    QTest::newRow("RTMIN") << "RTMIN" << SIGRTMIN;
    QTest::newRow("RTMIN+3") << "RTMIN+3" << SIGRTMIN + 3;
    // A number is read as one number everywhere in the library: leading zeros are no limit.
    QTest::newRow("0000000000002") << "0000000000002" << SIGINT;
    QTest::newRow("RTMIN+0000000000003") << "RTMIN+0000000000003" << SIGRTMIN + 3;
    QTest::newRow("SIGRTMIN+3") << "SIGRTMIN+3" << SIGRTMIN + 3;
    QTest::newRow("sigrtmax-1") << "sigrtmax-1" << SIGRTMAX - 1;
    QTest::newRow("RTMAX") << "RTMAX" << SIGRTMAX;
    QTest::newRow("IOT alias") << "IOT" << SIGABRT;
    QTest::newRow("CLD alias") << "SIGCLD" << SIGCHLD;
    QTest::newRow("portable Interrupt") << "Interrupt" << SIGINT;
    QTest::newRow("portable windowchanged") << "windowchanged" << SIGWINCH;
    QTest::newRow("portable Break") << "Break" << SIGQUIT;
    QTest::newRow("KILL parses") << "KILL" << SIGKILL;   // a name, even if never watchable
}

void tst_Names::parse()
{
    QFETCH(QString, text);
    QFETCH(int, number);
    const Signal s = Signal::fromName(text);
    QVERIFY(s.isValid());
    QCOMPARE(s.number(), number);
    QCOMPARE(Signal::fromNumber(number), s);
}

void tst_Names::rejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << "";
    QTest::newRow("garbage") << "FOO";
    QTest::newRow("SIG") << "SIG";
    QTest::newRow("0") << "0";
    QTest::newRow("-1") << "-1";
    QTest::newRow("65") << "65";
    QTest::newRow("99") << "99";
    QTest::newRow("huge") << "99999999999999999999";
    QTest::newRow("2^32 + 2") << "4294967298";
    QTest::newRow("RTMIN+2^32") << "RTMIN+4294967296";
    QTest::newRow("+2") << "+2";
    QTest::newRow("0x2") << "0x2";
    QTest::newRow("glibc reserved 32") << "32";
    QTest::newRow("RTMIN+100") << "RTMIN+100";
    QTest::newRow("RTMAX+1") << "RTMAX+1";
    QTest::newRow("RTMIN+") << "RTMIN+";
    QTest::newRow("RTMIN+x") << "RTMIN+x";
    QTest::newRow("Realtime is no name") << "Realtime";
    QTest::newRow("Invalid is no name") << "Invalid";
    // Issue 10, fault 8: names are ASCII; Unicode case folding must not make a name.
    QTest::newRow("KELVIN SIGN ill") << QStringLiteral("\u212Aill");
    QTest::newRow("SIG + KELVIN SIGN ILL") << QStringLiteral("SIG\u212AILL");
    QTest::newRow("LONG S igkill") << QStringLiteral("\u017Figkill");
    QTest::newRow("dotless i nt") << QStringLiteral("\u0131nt");
    QTest::newRow("dotted I NT") << QStringLiteral("\u0130NT");
    QTest::newRow("fullwidth KILL") << QStringLiteral("\uFF2B\uFF29\uFF2C\uFF2C");
    QTest::newRow("fullwidth digit 2") << QStringLiteral("\uFF12");
    QTest::newRow("arabic-indic digit 2") << QStringLiteral("\u0662");
    QTest::newRow("RTMIN+ fullwidth 1") << QStringLiteral("RTMIN+\uFF11");
    QTest::newRow("NO-BREAK SPACE around TERM") << QStringLiteral("\u00A0TERM\u00A0");
    QTest::newRow("EM SPACE before TERM") << QStringLiteral("\u2003TERM");
    QTest::newRow("IDEOGRAPHIC SPACE after TERM") << QStringLiteral("TERM\u3000");
    QTest::newRow("combining acute in TERM") << QStringLiteral("TE\u0301RM");
    QTest::newRow("combining mark after USR1") << QStringLiteral("USR1\u0301");
    QTest::newRow("zero-width space in USR1") << QStringLiteral("USR\u200B1");
    QTest::newRow("NUL inside") << QString(QStringLiteral("INT") + QChar(0));
    QTest::newRow("tab-free control char") << QString(QChar(0x7f) + QStringLiteral("INT"));
}

void tst_Names::rejects()
{
    QFETCH(QString, text);
    QVERIFY(!Signal::fromName(text).isValid());
}

void tst_Names::everySignalHasNameAndDescription()
{
    for (Signal s : Signal::validSignals()) {
        QVERIFY2(!s.name().isEmpty(), qPrintable(QString::number(s.number())));
        QVERIFY2(s.name().startsWith(QLatin1String("SIG")), qPrintable(s.name()));
        QVERIFY2(!s.description().isEmpty(), qPrintable(s.name()));
        QCOMPARE(Signal::fromName(s.name()), s);        // round trip, long form
        QCOMPARE(Signal::fromName(s.shortName()), s);   // and short form
        QCOMPARE(Signal::fromName(QString::number(s.number())), s);
        QVERIFY(s.existsOnThisPlatform());
        QVERIFY(s.id() != Signal::Invalid);
    }
}

void tst_Names::validSignalsAreOrderedAndComplete()
{
    const QList<Signal> all = Signal::validSignals();
    QVERIFY(all.size() > 40);
    for (qsizetype i = 1; i < all.size(); ++i)
        QVERIFY(all.at(i - 1).number() < all.at(i).number());
    for (int n = SIGRTMIN; n <= SIGRTMAX; ++n) {
        QVERIFY(all.contains(Signal::fromNumber(n)));
        QVERIFY(Signal::fromNumber(n).isRealtime());
    }
    for (int n : {SIGHUP, SIGINT, SIGQUIT, SIGKILL, SIGTERM, SIGCHLD, SIGWINCH, SIGSTOP})
        QVERIFY(all.contains(Signal::fromNumber(n)));
    QVERIFY(!all.contains(Signal::fromNumber(SIGRTMIN - 1)));   // reserved by the C library
    QCOMPARE(Signal::realtimeMinimum(), SIGRTMIN);
    QCOMPARE(Signal::realtimeMaximum(), SIGRTMAX);
    QCOMPARE(Signal::realtime(0).number(), SIGRTMIN);
    QCOMPARE(Signal::realtime(SIGRTMAX - SIGRTMIN).number(), SIGRTMAX);
    QVERIFY(!Signal::realtime(SIGRTMAX - SIGRTMIN + 1).isValid());
    QVERIFY(!Signal::realtime(-1).isValid());
}

void tst_Names::portableIds_data()
{
    QTest::addColumn<int>("id");
    QTest::addColumn<int>("number");
    QTest::newRow("Interrupt") << int(Signal::Interrupt) << SIGINT;
    QTest::newRow("Terminate") << int(Signal::Terminate) << SIGTERM;
    QTest::newRow("Hangup") << int(Signal::Hangup) << SIGHUP;
    QTest::newRow("Quit") << int(Signal::Quit) << SIGQUIT;
    QTest::newRow("User1") << int(Signal::User1) << SIGUSR1;
    QTest::newRow("User2") << int(Signal::User2) << SIGUSR2;
    QTest::newRow("Child") << int(Signal::Child) << SIGCHLD;
    QTest::newRow("WindowChanged") << int(Signal::WindowChanged) << SIGWINCH;
    QTest::newRow("Logoff") << int(Signal::Logoff) << -1;
    QTest::newRow("Shutdown") << int(Signal::Shutdown) << -1;
}

void tst_Names::portableIds()
{
    QFETCH(int, id);
    QFETCH(int, number);
    const Signal s{Signal::Id(id)};
    QVERIFY(s.isValid());
    QCOMPARE(int(s.id()), id);
    QCOMPARE(s.number(), number);
    QCOMPARE(s.existsOnThisPlatform(), number > 0);
    QVERIFY(!s.name().isEmpty());
    QVERIFY(!s.description().isEmpty());
    if (number < 0) {
        QCOMPARE(s.disposition(), Signal::Unavailable);
        Error error;
        QVERIFY(!s.send(::getpid(), &error));
        QVERIFY(error.isError());
    }
}

void tst_Names::watchability_data()
{
    QTest::addColumn<Signal>("signal");
    QTest::addColumn<int>("expected");
    QTest::newRow("INT") << Signal(Signal::Interrupt) << int(Error::NoError);
    QTest::newRow("RTMAX") << Signal::fromNumber(SIGRTMAX) << int(Error::NoError);
    QTest::newRow("CHLD") << Signal(Signal::Child) << int(Error::NoError);
    QTest::newRow("Logoff never fires here") << Signal(Signal::Logoff) << int(Error::NoError);
    QTest::newRow("KILL") << Signal::fromNumber(SIGKILL) << int(Error::ForbiddenSignal);
    QTest::newRow("STOP") << Signal::fromNumber(SIGSTOP) << int(Error::ForbiddenSignal);
    QTest::newRow("SEGV") << Signal::fromNumber(SIGSEGV) << int(Error::ForbiddenSignal);
    QTest::newRow("BUS") << Signal::fromNumber(SIGBUS) << int(Error::ForbiddenSignal);
    QTest::newRow("ILL") << Signal::fromNumber(SIGILL) << int(Error::ForbiddenSignal);
    QTest::newRow("FPE") << Signal::fromNumber(SIGFPE) << int(Error::ForbiddenSignal);
    QTest::newRow("invalid") << Signal() << int(Error::UnknownSignal);
    QTest::newRow("99") << Signal::fromNumber(99) << int(Error::UnknownSignal);
}

void tst_Names::watchability()
{
    QFETCH(Signal, signal);
    QFETCH(int, expected);
    const Error why = signal.watchability();
    QCOMPARE(int(why.code()), expected);
    QCOMPARE(bool(why), expected != Error::NoError);
    if (expected != Error::NoError && signal.isValid())
        QVERIFY2(why.text().contains(signal.name()), qPrintable(why.text()));
}

void tst_Names::terminationRequests()
{
    const QList<Signal> t = Signal::terminationRequests();
    for (Signal::Id id : {Signal::Interrupt, Signal::Terminate, Signal::Hangup, Signal::Logoff, Signal::Shutdown})
        QVERIFY(t.contains(Signal(id)));
    for (Signal s : t)
        QCOMPARE(s.watchability().code(), Error::NoError);
}

void tst_Names::serviceStopRequests()
{
    // A daemon's stop set: every termination request but the POSIX hangup, which
    // daemons take as "reload".
    const QList<Signal> stop = Signal::serviceStopRequests();
    QList<Signal> expected = Signal::terminationRequests();
    expected.removeAll(Signal::fromNumber(SIGHUP));
    QCOMPARE(stop, expected);
    QVERIFY(!stop.contains(Signal::Hangup));
    QVERIFY(stop.contains(Signal::Terminate));
    QVERIFY(stop.contains(Signal::Interrupt));
}

void tst_Names::castNumberIsRefused()
{
    // static_cast<Signal::Id>(SIGHUP) compiled and meant SIGINT in 0.1 (SIGTERM meant
    // SIGTTIN). No platform number names an Id now: the Signal is invalid, and a
    // notifier refuses it with a text that says how to spell a number.
    for (int number = 1; number <= SIGRTMAX; ++number) {
        const Signal cast(static_cast<Signal::Id>(number));
        QVERIFY2(!cast.isValid(), qPrintable(QString::number(number)));
        QCOMPARE(cast.number(), -1);
    }
    SignalNotifier notifier;
    QVERIFY(!notifier.watch(Signal(static_cast<Signal::Id>(SIGHUP))));
    QCOMPARE(notifier.error(), Error::UnknownSignal);
    QVERIFY2(notifier.errorString().contains(QStringLiteral("fromNumber")), qPrintable(notifier.errorString()));
    QVERIFY(notifier.watchedSignals().isEmpty());
    QCOMPARE(Signal::fromNumber(SIGHUP).id(), Signal::Hangup);
    QCOMPARE(Signal::fromNumber(SIGTERM).id(), Signal::Terminate);
}

void tst_Names::convertsThroughQVariant()
{
    QCOMPARE(QVariant::fromValue(Signal(Signal::User1)).toString(), QStringLiteral("SIGUSR1"));
    QCOMPARE(QVariant(QStringLiteral("usr2")).value<Signal>(), Signal(Signal::User2));
    QVERIFY(!QVariant(QStringLiteral("NOPE")).value<Signal>().isValid());

    // setProperty with names, as QML, QSettings or a script would; then a real signal
    // (not HUP or TERM: Qt Test's own handler for those, which ours chains to, ends the run).
    SignalNotifier notifier;
    QVERIFY(notifier.setProperty("watchedSignals", QStringList{QStringLiteral("usr2"), QStringLiteral("SIGWINCH")}));
    QCOMPARE(notifier.error(), Error::NoError);
    QCOMPARE(notifier.watchedSignals(), (QList<Signal>{Signal::User2, Signal::WindowChanged}));
    QCOMPARE(notifier.property("watchedSignals").toStringList(),
             (QStringList{QStringLiteral("SIGUSR2"), QStringLiteral("SIGWINCH")}));
    QSignalSpy spy(&notifier, &SignalNotifier::activated);
    QCOMPARE(::kill(::getpid(), SIGUSR2), 0);
    QVERIFY(spy.wait(20000));
    QCOMPARE(spy.at(0).at(0).value<SignalInfo>().signal(), Signal(Signal::User2));

    // What QJsonArray::toVariantList() gives; a number in it is never a signal.
    QVERIFY(notifier.setProperty("watchedSignals", QVariantList{QStringLiteral("USR2"), QVariant::fromValue(Signal::WindowChanged)}));
    QCOMPARE(notifier.watchedSignals(), (QList<Signal>{Signal::User2, Signal::WindowChanged}));
    notifier.setProperty("watchedSignals", QVariantList{QStringLiteral("USR2"), SIGHUP});
    QCOMPARE(notifier.error(), Error::UnknownSignal);
    QCOMPARE(notifier.watchedSignals(), (QList<Signal>{Signal::User2, Signal::WindowChanged}));

    // QSettings (QDataStream) keeps a Signal and a list of them, by name.
    QByteArray bytes;
    {
        QDataStream out(&bytes, QIODevice::WriteOnly);
        out << QVariant::fromValue(Signal(Signal::Terminate))
            << QVariant::fromValue(QList<Signal>{Signal::Hangup, Signal::realtime(3)});
    }
    QDataStream in(bytes);
    QVariant one, list;
    in >> one >> list;
    QCOMPARE(in.status(), QDataStream::Ok);
    QCOMPARE(one.value<Signal>(), Signal(Signal::Terminate));
    QCOMPARE(list.value<QList<Signal>>(), (QList<Signal>{Signal::Hangup, Signal::realtime(3)}));

    // Connections by signature, as QML and SIGNAL() spell them: the types are SN::'s.
    QVERIFY(notifier.metaObject()->indexOfSignal("activated(SN::SignalInfo)") >= 0);

    // A name that names nothing is refused as an unknown signal, and the set stays.
    notifier.setProperty("watchedSignals", QStringList{QStringLiteral("USR1"), QStringLiteral("NOPE")});
    QCOMPARE(notifier.error(), Error::UnknownSignal);
    QCOMPARE(notifier.watchedSignals(), (QList<Signal>{Signal::User2, Signal::WindowChanged}));
}

void tst_Names::debugStreams()
{
    // Every public value type has a qDebug form; checked through a message handler.
    static QStringList seen;
    seen.clear();
    const QtMessageHandler previous = qInstallMessageHandler(
        [](QtMsgType, const QMessageLogContext &, const QString &text) { seen.append(text); });
    qDebug() << Signal(Signal::Interrupt);
    qDebug() << Error(Error::NoSuchProcess);
    qDebug() << SignalState{Signal::Interrupt, Signal::Ignored, true, false};
    qDebug() << SignalInfo();
    qInstallMessageHandler(previous);
    QCOMPARE(seen.size(), 4);
    QVERIFY2(seen.at(0).contains(QStringLiteral("SIGINT")), qPrintable(seen.at(0)));
    QVERIFY2(seen.at(1).contains(QStringLiteral("NoSuchProcess")), qPrintable(seen.at(1)));
    QVERIFY2(seen.at(2).contains(QStringLiteral("Ignored")) && seen.at(2).contains(QStringLiteral("blocked")),
             qPrintable(seen.at(2)));
    QVERIFY2(seen.at(3).startsWith(QStringLiteral("SignalInfo(")), qPrintable(seen.at(3)));
}

void tst_Names::namesAreThreadSafe()
{
    // Several threads ask for names at once; TSan watches this one.
    QList<QThread *> threads;
    QAtomicInt mismatches = 0;
    for (int t = 0; t < 4; ++t) {
        threads.append(QThread::create([&mismatches] {
            for (int round = 0; round < 50; ++round) {
                for (Signal s : Signal::validSignals()) {
                    if (Signal::fromName(s.name()) != s || s.description().isEmpty())
                        mismatches.ref();
                }
            }
        }));
        threads.last()->start();
    }
    for (QThread *t : threads) {
        QVERIFY(t->wait(60000));
        delete t;
    }
    QCOMPARE(mismatches.loadRelaxed(), 0);
}

void tst_Names::codeNames()
{
    // Real arrivals, each sent the way its code says (SignalInfo has no public way to be
    // built by hand since 1.0, and the kernel is the better witness anyway).
    SignalNotifier notifier({Signal::User1, Signal::Alarm, Signal::Child});
    QVERIFY2(notifier.error() == Error::NoError, qPrintable(notifier.errorString()));
    QSignalSpy spy(&notifier, &SignalNotifier::activated);
    const auto next = [&spy]() -> SignalInfo {
        if (spy.isEmpty() && !spy.wait(20000))
            return SignalInfo();
        return spy.takeFirst().at(0).value<SignalInfo>();
    };

    QCOMPARE(::kill(::getpid(), SIGUSR1), 0);
    QCOMPARE(next().codeName(), QStringLiteral("SI_USER"));
    sigval value{};
    value.sival_int = 7;
    QCOMPARE(::sigqueue(::getpid(), SIGUSR1, value), 0);
    QCOMPARE(next().codeName(), QStringLiteral("SI_QUEUE"));
    QCOMPARE(::pthread_kill(::pthread_self(), SIGUSR1), 0);
    QCOMPARE(next().codeName(), QStringLiteral("SI_TKILL"));
    // A timer's expiry is the kernel's own signal.
    itimerval once{};
    once.it_value.tv_usec = 1000;
    QCOMPARE(::setitimer(ITIMER_REAL, &once, nullptr), 0);
    QCOMPARE(next().codeName(), QStringLiteral("SI_KERNEL"));

    const pid_t exits = ::fork();
    QVERIFY(exits >= 0);
    if (exits == 0)
        ::_exit(3);
    SignalInfo info = next();
    QCOMPARE(info.codeName(), QStringLiteral("CLD_EXITED"));
    QCOMPARE(info.senderPid(), qint64(exits));
    QCOMPARE(info.childStatus(), 3);
    QCOMPARE(::waitpid(exits, nullptr, 0), exits);

    const pid_t killed = ::fork();
    QVERIFY(killed >= 0);
    if (killed == 0) {
        for (;;)
            ::pause();
    }
    QCOMPARE(::kill(killed, SIGKILL), 0);
    info = next();
    QCOMPARE(info.codeName(), QStringLiteral("CLD_KILLED"));
    QCOMPARE(info.childStatus(), SIGKILL);
    QCOMPARE(::waitpid(killed, nullptr, 0), killed);
    QVERIFY(spy.isEmpty());
}

QTEST_GUILESS_MAIN(tst_Names)
#include "tst_names.moc"
