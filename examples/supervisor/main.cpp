// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// supervisor: runs one program, passes Ctrl-C and kill on to it, and stops it gracefully,
// then by force after a grace period.
//
//   supervisor [--grace MS] [--] PROGRAM [ARGUMENT...]
//
// The child gets the supervisor's standard input, output and error, and its own process
// group (ProcessStopper::prepare), so a Ctrl-C or kill sent to the supervisor's group
// reaches only the supervisor, which decides what the child gets. At a terminal the child
// is run as a shell runs a job: in the foreground it has the terminal (it reads what is
// typed, and Ctrl-C / Ctrl-Z go to it), in the background it does not take it, and when it
// stops at the terminal the supervisor stops with it until `fg` or `bg`. Exit status:
//   the child's own status   the child ended by itself (128+N when signal N ended it)
//   ends by the signal        a stop was asked (INT, TERM, HUP) and the child stopped within
//                             the grace period: the supervisor ends by the same signal, so
//                             a shell sees 130 / 143 and systemd a clean stop. The same when
//                             the request reached the child directly (the terminal's Ctrl-C
//                             while it has the terminal, a kill sent to it) and it ended by
//                             INT, TERM or HUP: to the shell it is one job that was stopped
//   124                       the child did not stop in time (or a second request came)
//                             and was killed
//   127                       the program could not be started
//   2                         bad arguments

#include <SignalNotifier/ProcessStopper>
#include <SignalNotifier/SignalNotifier>

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qcoreapplication.h>
#include <QtCore/qprocess.h>
#include <QtCore/qtimer.h>

#include <cstdio>

using namespace SN;

namespace {

constexpr int KilledStatus = 124;
constexpr int CannotStartStatus = 127;

void say(const QString &line)
{
    // One write per line: stderr is unbuffered, and a child may share the stream.
    std::fputs(((QStringLiteral("supervisor: ") + line) + QLatin1Char('\n')).toLocal8Bit().constData(), stderr);
    std::fflush(stderr);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("supervisor"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs PROGRAM; on Ctrl-C or kill asks it to stop, kills it after the grace period."));
    parser.addHelpOption();
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    const QCommandLineOption graceOption(QStringLiteral("grace"),
        QStringLiteral("How long the child may take to stop (default: 5000)."),
        QStringLiteral("ms"), QStringLiteral("5000"));
    parser.addOption(graceOption);
    parser.addPositionalArgument(QStringLiteral("program"), QStringLiteral("The program and its arguments."),
                                 QStringLiteral("PROGRAM [ARGUMENT...]"));
    parser.process(app);
    bool graceOk = false;
    const int grace = parser.value(graceOption).toInt(&graceOk);
    QStringList command = parser.positionalArguments();
    if (!graceOk || grace < 0 || command.isEmpty()) {
        say(QStringLiteral("usage: supervisor [--grace MS] [--] PROGRAM [ARGUMENT...]"));
        return 2;
    }

    // Watch before the child starts: a request that comes while it starts is not lost.
    SignalNotifier requests({Signal::Interrupt, Signal::Terminate, Signal::Hangup});

    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedChannels);
    child.setInputChannelMode(QProcess::ForwardedInputChannel);
    ProcessStopper::prepare(&child);

    Signal stopRequest;   // the first request, once one came
    bool killed = false;
    QTimer graceTimer;
    graceTimer.setSingleShot(true);
    graceTimer.setInterval(grace);

    auto killChild = [&](const QString &why) {
        if (killed || child.state() == QProcess::NotRunning)
            return;
        killed = true;
        say(why + QStringLiteral(": killing pid %1").arg(child.processId()));
        child.kill();
    };
    QObject::connect(&graceTimer, &QTimer::timeout, &app, [&] {
        killChild(QStringLiteral("the child did not stop within %1 ms").arg(grace));
    });

    QObject::connect(&requests, &SignalNotifier::activated, &app, [&](const SignalInfo &info) {
        if (child.state() == QProcess::NotRunning)
            return;
        if (stopRequest.isValid()) {
            killChild(QStringLiteral("second request (%1)").arg(info.signal().name()));
            return;
        }
        stopRequest = info.signal();
        Error error;
        if (!ProcessStopper::requestStop(&child, stopRequest, &error)) {
            killChild(QStringLiteral("cannot ask the child to stop (%1)").arg(error.text()));
            return;
        }
        say(QStringLiteral("%1: asked pid %2 to stop, grace period %3 ms")
                .arg(info.signal().name()).arg(child.processId()).arg(grace));
        graceTimer.start();
    });

    QObject::connect(&child, &QProcess::errorOccurred, &app, [&](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            say(QStringLiteral("cannot start %1: %2").arg(child.program(), child.errorString()));
            QCoreApplication::exit(CannotStartStatus);
        }
    });

    int status = 0;
    QObject::connect(&child, &QProcess::finished, &app, [&](int code, QProcess::ExitStatus how) {
        graceTimer.stop();
        const bool bySignal = how == QProcess::CrashExit;
        say(QStringLiteral("child %1 %2").arg(bySignal ? QStringLiteral("ended by signal")
                                                       : QStringLiteral("exited with"))
                .arg(code));
        const Signal endedBy = bySignal ? Signal::fromNumber(code) : Signal();
        if (killed) {
            status = KilledStatus;
        } else if (stopRequest.isValid()) {
            status = -1;   // stopped as asked: end by the same signal
        } else if (endedBy == Signal::Interrupt || endedBy == Signal::Terminate || endedBy == Signal::Hangup) {
            // A stop request that went to the child itself: the terminal sends Ctrl-C to
            // the foreground group, which is the child's while it has the terminal. A shell
            // must see this job interrupted (130, and a script running it stops too).
            stopRequest = endedBy;
            status = -1;
        } else {
            status = bySignal ? 128 + code : code;
        }
        QCoreApplication::exit(0);
    });

    const QString program = command.takeFirst();
    child.start(program, command);
    if (!child.waitForStarted(-1)) {
        // errorOccurred already told why.
        return CannotStartStatus;
    }
    say(QStringLiteral("started %1 as pid %2").arg(program).arg(child.processId()));

    const int loop = QCoreApplication::exec();
    if (loop != 0)
        return loop;
    if (status == -1)
        stopRequest.endProcess();   // after cleanup: the default action of that signal
    return status;
}
