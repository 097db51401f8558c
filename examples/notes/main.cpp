// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// notes: a Qt Quick note editor that keeps its text as a draft when it is terminated,
// the terminal hangs up or the session ends, and brings it back on the next start.
//
//   notes [--draft FILE] [--insert TEXT]
//
// The draft is notes.draft in the current directory unless --draft says otherwise.
// --insert adds TEXT as if typed (for scripts and tests that cannot type into a window).
//
// The lesson: the shutdown is declared in QML (Main.qml: a GracefulShutdown with a
// JavaScript hook), and main() runs the loop through it, so that the process ends the
// way the request asks: killed by SIGTERM after a `kill`, as a supervisor expects.

#include <SignalNotifier/GracefulShutdown>

#include <QtCore/qcommandlineparser.h>
#include <QtGui/qguiapplication.h>
#include <QtQml/qqmlapplicationengine.h>

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("A note editor that keeps its text as a draft when it is stopped."));
    parser.addHelpOption();
    const QCommandLineOption draftOption(QStringLiteral("draft"),
        QStringLiteral("Where the text is kept (default: notes.draft)."), QStringLiteral("file"),
        QStringLiteral("notes.draft"));
    const QCommandLineOption insertOption(QStringLiteral("insert"),
        QStringLiteral("Text to add as if typed."), QStringLiteral("text"));
    parser.addOptions({draftOption, insertOption});
    parser.process(app);

    QQmlApplicationEngine engine;
    engine.setInitialProperties({{QStringLiteral("draftPath"), parser.value(draftOption)},
                                 {QStringLiteral("inserted"), parser.value(insertOption)}});
    engine.load(QStringLiteral("qrc:/Notes/Main.qml"));
    auto *shutdown = engine.rootObjects().isEmpty()
        ? nullptr : engine.rootObjects().constFirst()->findChild<SN::GracefulShutdown *>();
    if (!shutdown)
        return 1;   // the engine has said what went wrong
    // Main.qml's GracefulShutdown runs the loop (QGuiApplication::exec) and then ends the
    // process as the request asks. With app.exec() the loop would just quit, and a
    // SIGTERM would end with status 0.
    return shutdown->exec(QGuiApplication::exec);
}
