// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// journal: a console program that records the lines typed on its standard input, saves
// them when it is stopped (Ctrl-C, kill, terminal hangup) and resumes from the saved file
// on its next start.
//
//   journal [--file PATH] [--save-delay MS] [--deadline MS]
//
// Typed lines are entries; "!checkpoint" saves now, "!quit" (or end of input) stops.
// --save-delay makes saving slow on purpose, so that a signal can come while it saves.
//
// The lesson: GracefulShutdown with an asynchronous hook (the save runs in the event loop
// and says when it is done), an overall deadline, an inhibitor that holds a stop off while
// a checkpoint is written, and a second Ctrl-C that forces exit. The journal file itself
// is in journal.cpp.

#include "journal.h"

#include "examplesupport.h"

#include <SignalNotifier/GracefulShutdown>

#include <QtCore/qcoreapplication.h>

using namespace SN;

Q_LOGGING_CATEGORY(lcJournal, "journal")

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const Options options = Options::parse(app);
    Journal journal(options.path, options.saveDelay);
    QString error;
    if (!journal.load(&error)) {
        qCCritical(lcJournal).noquote() << error << "(the file is left as it is)";
        return 1;
    }

    // Ctrl-C, kill, terminal hangup (and console close, logoff, shutdown on Windows).
    GracefulShutdown shutdown;
    shutdown.setDeadline(std::chrono::milliseconds(options.deadline));
    shutdown.addAsyncHook(QStringLiteral("save journal"), [&journal](GracefulShutdown::Completion completion) {
        journal.save([completion](bool) { completion.done(); });
    }, std::chrono::milliseconds(options.deadline));
    QObject::connect(&shutdown, &GracefulShutdown::shutdownRequested, &app, [](const SignalInfo &request) {
        if (request.isValid())
            qCInfo(lcJournal).noquote() << "stopping on" << request.signal().name();
        else   // requestShutdown(): "!quit" or the end of input
            qCInfo(lcJournal) << "stopping";
    });
    // A second request, or the deadline: the process ends now, and QSaveFile leaves the
    // last complete journal in place.
    QObject::connect(&shutdown, &GracefulShutdown::forcingExit, &app, [](GracefulShutdown::ForceReason reason) {
        qCWarning(lcJournal, "%s: exit forced, the last saved journal stays",
                  reason == GracefulShutdown::SecondRequest ? "second request" : "deadline passed");
    });

    examples::readStandardInput(&app, [&](const QString &text) {
        if (shutdown.isShuttingDown()) {
            qCWarning(lcJournal).noquote() << "stopping: not recorded:" << text;
        } else if (text == QLatin1String("!quit")) {
            shutdown.requestShutdown();
        } else if (text == QLatin1String("!checkpoint")) {
            // The shutdown does not start its hooks while an inhibitor is held.
            auto inhibitor = std::make_shared<GracefulShutdown::Inhibitor>(shutdown.inhibit(QStringLiteral("checkpoint")));
            journal.save([inhibitor](bool) { inhibitor->release(); });
        } else {
            journal.append(text);
        }
    }, [&shutdown] { shutdown.requestShutdown(); });   // end of input (Ctrl-D): stop, status 0

    qCInfo(lcJournal) << journal.size() << "entries, type a line to record it";
    return shutdown.exec();
}
