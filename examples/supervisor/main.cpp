// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// supervisor: runs one program, passes Ctrl-C, kill and hangup on to it as a request to
// stop, and kills it when it has not stopped within a grace period.
//
//   supervisor [--grace MS] [--] PROGRAM [ARGUMENT...]
//
// The lesson: ProcessStopper::prepare() gives the child its own process group (and, at a
// terminal, runs it as a shell runs a job), so a Ctrl-C or kill meant for the supervisor
// reaches only the supervisor, which decides what the child gets: requestStop(), which is
// SIGTERM-or-the-request to its group on POSIX and CTRL_BREAK on Windows, where
// QProcess::terminate() only posts WM_CLOSE. Exit status:
//   the child's own status   it ended by itself (128+N when signal N ended it)
//   ends by the signal        a stop was asked (or reached the child directly, as the
//                             terminal's Ctrl-C does) and the child stopped in time: to a
//                             shell it is one job that was stopped (130 / 143)
//   124                       the child was killed (grace period passed, second request)
//   127                       the program could not be started
//   2                         bad arguments

#include "examplesupport.h"

#include <SignalNotifier/ProcessStopper>
#include <SignalNotifier/SignalNotifier>

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qcoreapplication.h>
#include <QtCore/qloggingcategory.h>
#include <QtCore/qprocess.h>
#include <QtCore/qtimer.h>

using namespace SN;

Q_LOGGING_CATEGORY(lcSupervisor, "supervisor")

namespace {

constexpr int KilledStatus = 124;
constexpr int CannotStartStatus = 127;

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs PROGRAM; on Ctrl-C or kill asks it to stop, kills it after the grace period."));
    parser.addHelpOption();
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    const QCommandLineOption graceOption(QStringLiteral("grace"),
        QStringLiteral("How long the child may take to stop (default: 5000)."), QStringLiteral("ms"),
        QStringLiteral("5000"));
    parser.addOption(graceOption);
    parser.addPositionalArgument(QStringLiteral("program"), QStringLiteral("The program and its arguments."),
                                 QStringLiteral("PROGRAM [ARGUMENT...]"));
    parser.process(app);
    const int grace = examples::milliseconds(parser, graceOption);
    QStringList command = parser.positionalArguments();
    if (grace < 0 || command.isEmpty()) {
        qCCritical(lcSupervisor, "usage: supervisor [--grace MS] [--] PROGRAM [ARGUMENT...]");
        return 2;
    }

    // Watched before the child starts: a request that comes while it starts is not lost.
    SignalNotifier requests(Signal::terminationRequests());

    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedChannels);
    child.setInputChannelMode(QProcess::ForwardedInputChannel);
    ProcessStopper::prepare(&child);

    Signal stopRequest;   // the first request, once one came
    bool killed = false;
    auto kill = [&](const QString &why) {
        if (killed || child.state() == QProcess::NotRunning)
            return;
        killed = true;
        qCWarning(lcSupervisor).noquote() << QStringLiteral("%1: killing pid %2").arg(why).arg(child.processId());
        child.kill();
    };

    QObject::connect(&requests, &SignalNotifier::activated, &app, [&](const SignalInfo &info) {
        if (child.state() == QProcess::NotRunning)
            return;
        if (stopRequest.isValid()) {
            kill(QStringLiteral("second request (%1)").arg(info.signal().name()));
            return;
        }
        stopRequest = info.signal();
        Error error;
        if (!ProcessStopper::requestStop(&child, stopRequest, &error)) {
            kill(QStringLiteral("cannot ask the child to stop (%1)").arg(error.text()));
            return;
        }
        qCInfo(lcSupervisor).noquote() << QStringLiteral("%1: asked pid %2 to stop, grace period %3 ms")
                                              .arg(info.signal().name()).arg(child.processId()).arg(grace);
        QTimer::singleShot(grace, &child, [&] {   // does nothing once the child has ended
            kill(QStringLiteral("the child did not stop within %1 ms").arg(grace));
        });
    });

    int status = 0;
    QObject::connect(&child, &QProcess::finished, &app, [&](int code, QProcess::ExitStatus how) {
        const Signal endedBy = how == QProcess::CrashExit ? Signal::fromNumber(code) : Signal();
        qCInfo(lcSupervisor) << "child" << (endedBy.isValid() ? "ended by signal" : "exited with") << code;
        // A request that reached the child directly (the terminal sends Ctrl-C to the
        // foreground group, which is the child's while it has the terminal) counts as one
        // for the supervisor: a shell must see this job interrupted.
        if (!stopRequest.isValid() && Signal::terminationRequests().contains(endedBy))
            stopRequest = endedBy;
        status = killed ? KilledStatus : endedBy.isValid() ? 128 + code : code;
        QCoreApplication::quit();
    });

    const QString program = command.takeFirst();
    child.start(program, command);
    if (!child.waitForStarted(-1)) {
        qCCritical(lcSupervisor).noquote() << QStringLiteral("cannot start %1: %2").arg(program, child.errorString());
        return CannotStartStatus;
    }
    qCInfo(lcSupervisor).noquote() << "started" << program << "as pid" << child.processId();

    QCoreApplication::exec();
    if (stopRequest.isValid() && !killed)
        stopRequest.endProcess();   // after cleanup: the default action of that signal
    return status;
}
