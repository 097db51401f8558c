// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// sigwatch: watch signals and print them, list what each signal does in a process,
// send one. See usageText() in options.cpp for the behaviour, exit codes and formats.

#include "options.h"
#include "output.h"

#include <SignalNotifier/Signal>
#include <SignalNotifier/SignalInfo>
#include <SignalNotifier/SignalNotifier>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsonobject.h>

#include <algorithm>
#include <cstdio>
#include <memory>

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
    // A blocked mask survives exec(): a parent that blocked these would hide them.
    const QList<Signal> watchedHere = existing(options.watched);
    Signal::setBlockedInThisThread(watchedHere, false);

    auto notifier = std::make_unique<SignalNotifier>();
    if (!notifier->setWatchedSignals(options.watched)) {
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
        if (!writeOut(options.json ? compact(toJson(info)) : describe(info))) {
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

QString actionName(Signal::Disposition disposition, bool otherProcess)
{
    switch (disposition) {
    case Signal::Default: return QStringLiteral("default");
    case Signal::Ignored: return QStringLiteral("ignored");
    case Signal::Watched: return QStringLiteral("watched");
    case Signal::Handled: return otherProcess ? QStringLiteral("caught") : QStringLiteral("handled");
    case Signal::Unavailable: break;
    }
    return QStringLiteral("unavailable");
}

int runList(const Options &options)
{
    const qint64 self = QCoreApplication::applicationPid();
    const bool other = options.pid != 0 && options.pid != self;
    const qint64 pid = other ? options.pid : self;
    QString error;
    const QList<SignalState> states = Signal::processState(other ? pid : 0, &error);
    if (states.isEmpty()) {
        if (error == Signal::errorText(Signal::NoSuchProcess))
            writeError(QStringLiteral("no process with pid %1").arg(pid));
        else
            writeError(QStringLiteral("cannot list the signals of pid %1: %2").arg(pid, 0).arg(error));
        return ExitFailure;
    }

    // Wide enough for the longest name (Windows: CTRL_SHUTDOWN_EVENT), at least 12.
    int nameWidth = 12;
    for (const SignalState &state : states)
        nameWidth = std::max(nameWidth, int(state.signal.name().size()) + 1);
    if (!options.json) {
        writeOut(QStringLiteral("%1 %2 %3 %4 %5 %6")
                     .arg(QStringLiteral("#"), 3)
                     .arg(QStringLiteral("NAME"), -nameWidth)
                     .arg(QStringLiteral("ACTION"), -8)
                     .arg(QStringLiteral("BLOCKED"), -7)
                     .arg(QStringLiteral("PENDING"), -7)
                     .arg(QStringLiteral("DESCRIPTION")));
    }
    auto yesNo = [](bool b) { return b ? QStringLiteral("yes") : QStringLiteral("no"); };
    for (const SignalState &state : states) {
        const QString action = actionName(state.disposition, other);
        bool written;
        if (options.json) {
            QJsonObject o;
            o.insert(QStringLiteral("pid"), pid);
            o.insert(QStringLiteral("number"), state.signal.number());
            o.insert(QStringLiteral("signal"), state.signal.name());
            o.insert(QStringLiteral("action"), action);
            o.insert(QStringLiteral("blocked"), state.blocked);
            o.insert(QStringLiteral("pending"), state.pending);
            o.insert(QStringLiteral("description"), state.signal.description());
            written = writeOut(compact(o));
        } else {
            written = writeOut(QStringLiteral("%1 %2 %3 %4 %5 %6")
                                   .arg(state.signal.number(), 3)
                                   .arg(state.signal.name(), -nameWidth)
                                   .arg(action, -8)
                                   .arg(yesNo(state.blocked), -7)
                                   .arg(yesNo(state.pending), -7)
                                   .arg(state.signal.description()));
        }
        if (!written)
            return ExitFailure;
    }
    return ExitSuccess;
}

int runSend(const Options &options)
{
    QString error;
    const bool sent = options.value ? options.signal.sendValue(options.pid, *options.value, &error)
                                    : options.signal.send(options.pid, &error);
    if (!sent) {
        writeError(QStringLiteral("cannot send %1 to pid %2: %3")
                       .arg(options.signal.name()).arg(options.pid).arg(error));
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
