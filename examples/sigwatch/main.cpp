// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// sigwatch: watch signals and print them, list what each signal does in a process,
// send one. See usageText() in options.cpp for the behaviour, exit codes and formats.

#include "list.h"
#include "options.h"
#include "output.h"
#include "procinfo.h"

#include <SignalNotifier/Signal>
#include <SignalNotifier/SignalInfo>
#include <SignalNotifier/SignalNotifier>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qdatetime.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsonobject.h>

#include <cstdio>
#include <memory>

using namespace SN;

namespace {

// The watched signals this system has (Logoff and Shutdown have no number on POSIX).
QList<Signal> existing(const QList<Signal> &signalList)
{
    QList<Signal> out;
    for (Signal s : signalList) {
        if (s.existsOnThisPlatform())
            out.append(s);
    }
    return out;
}

QStringList namesOf(const QList<Signal> &signalList)
{
    QStringList names;
    for (Signal s : signalList)
        names.append(s.name());
    return names;
}

bool endsTheWatch(Signal signal)
{
    return signal == Signal::Interrupt || signal == Signal::Terminate;
}

QString readyLine(const Options &options, const QList<Signal> &keptIgnored)
{
    const qint64 pid = QCoreApplication::applicationPid();
    if (options.json) {
        QJsonObject o;
        o.insert(QStringLiteral("event"), QStringLiteral("ready"));
        o.insert(QStringLiteral("pid"), pid);
        o.insert(QStringLiteral("signals"), QJsonArray::fromStringList(namesOf(options.watched)));
        o.insert(QStringLiteral("keptIgnored"), QJsonArray::fromStringList(namesOf(keptIgnored)));
        o.insert(QStringLiteral("version"), QStringLiteral(SIGWATCH_VERSION));
        return compact(o);
    }
    // How to stop it, given what is watched: an unwatched TERM still ends it by default.
    const bool interrupt = options.watched.contains(Signal::Interrupt) && !keptIgnored.contains(Signal::Interrupt);
    const bool terminate = options.watched.contains(Signal::Terminate) && !keptIgnored.contains(Signal::Terminate);
    QString stop;
    if (interrupt && terminate)
        stop = QStringLiteral("Ctrl-C or kill -TERM %1 to stop").arg(pid);
    else if (interrupt)
        stop = QStringLiteral("Ctrl-C to stop");
    else if (terminate)
        stop = QStringLiteral("kill -TERM %1 to stop").arg(pid);
    else if (!options.watched.contains(Signal::Terminate))
        stop = QStringLiteral("kill %1 to stop").arg(pid);
    else
        stop = QStringLiteral("kill -KILL %1 to stop").arg(pid);
    if (options.count)
        stop += QStringLiteral("; exits after %1 activations").arg(*options.count);
    QString line = QStringLiteral("sigwatch: watching %1 in pid %2 (%3)")
                       .arg(namesOf(options.watched).join(QLatin1Char(' ')))
                       .arg(pid)
                       .arg(stop);
    if (!keptIgnored.isEmpty()) {
        line += QStringLiteral("; %1 stay%2 ignored, as when sigwatch started")
                    .arg(namesOf(keptIgnored).join(QLatin1Char(' ')),
                         keptIgnored.size() == 1 ? QStringLiteral("s") : QString());
    }
    return line;
}

// Ends the process the way a program killed by `signal` ends, so that whoever waits
// for it (a shell, a supervisor) sees WIFSIGNALED and knows it was interrupted.
// Called once the notifier is gone, so the library has put the previous action back.
[[noreturn]] void endBy(Signal signal)
{
    // The re-raise idiom: the parent sees "killed by SIGINT/SIGTERM" (130/143 in a shell).
    std::fflush(stdout);   // not nullptr: that would wait for stdin's lock too
    signal.endProcess();
}

int runWatch(const Options &options)
{
    const QList<Signal> watchedHere = existing(options.watched);
    auto notifier = std::make_unique<SignalNotifier>();
    const bool watching = notifier->setWatchedSignals(options.watched);
    // A blocked mask survives exec(): a parent that blocked these would hide them.
    Signal::setBlockedInThisThread(watchedHere, false);
    if (!watching) {
        writeError(QStringLiteral("cannot watch: %1").arg(notifier->errorString()));
        return ExitFailure;
    }

    quint64 activations = 0;
    bool finished = false;
    Signal ending;
    // One drain may deliver several activations; after the deciding one, print no more.
    QObject::connect(notifier.get(), &SignalNotifier::activated, notifier.get(),
                     [&](const SignalInfo &info) {
        if (finished)
            return;
        Activation activation{info, std::nullopt, QDateTime()};
        if (options.timestamps)
            activation.time = QDateTime::currentDateTimeUtc();
        // Now or never: the sender may be gone by the next line.
        if (info.hasSender())
            activation.senderName = processName(info.senderPid());
        if (!writeOut(options.json ? compact(toJson(activation)) : describe(activation))) {
            finished = true;   // nobody reads stdout any more
            QCoreApplication::exit(ExitFailure);
            return;
        }
        ++activations;
        if (endsTheWatch(info.signal())) {
            finished = true;
            ending = info.signal();
            QCoreApplication::exit(ExitSuccess);
        } else if (options.count && activations >= *options.count) {
            finished = true;
            QCoreApplication::exit(ExitSuccess);
        }
    });

    if (!writeOut(readyLine(options, notifier->keptIgnored())))
        return ExitFailure;
    const int code = QCoreApplication::exec();

    // From here on, a watched signal would meet its restored default action and end us
    // with the wrong status: hold back all but the one we end by.
    QList<Signal> holdBack = watchedHere;
    holdBack.removeAll(ending);
    Signal::setBlockedInThisThread(holdBack, true);
    notifier.reset();

    if (ending.isValid())
        endBy(ending);
    return code;
}

int runSend(const Options &options)
{
    Error error;
    const bool sent = options.value ? options.signal.sendValue(options.pid, *options.value, &error)
                                    : options.signal.send(options.pid, &error);
    if (!sent) {
        writeError(QStringLiteral("cannot send %1 to pid %2: %3")
                       .arg(options.signal.name()).arg(options.pid).arg(error.text()));
        return ExitFailure;
    }
    return ExitSuccess;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("sigwatch"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SIGWATCH_VERSION));

    QStringList arguments = QCoreApplication::arguments();
    arguments.removeFirst();
    Options options;
    QString error;
    // Everything is checked here, before any signal is touched.
    if (!parseArguments(arguments, &options, &error)) {
        writeError(error);
        return ExitUsage;
    }

    switch (options.mode) {
    case Options::Help:
        return writeOut(usageText().trimmed()) ? ExitSuccess : ExitFailure;
    case Options::Version:
        return writeOut(QStringLiteral("sigwatch " SIGWATCH_VERSION)) ? ExitSuccess : ExitFailure;
    case Options::List:
        return runList(options);
    case Options::Send:
        return runSend(options);
    case Options::Watch:
        break;
    }
    return runWatch(options);
}
