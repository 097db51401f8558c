// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// editor: a Qt Widgets editor that keeps unsaved text as a draft when it is terminated,
// the terminal it was started from hangs up, or the session ends, and offers it back on
// the next start.
//
//   editor [--draft FILE] [--insert TEXT] DOCUMENT
//
// The draft is DOCUMENT.draft unless --draft says otherwise. --insert puts TEXT into the
// editor as if typed (for scripts and tests that cannot type into a window).
//
// The lesson: a GUI program uses GracefulShutdown as a console one does, and runs its
// loop through it with QApplication::exec. Here a hangup is a reason to stop (the
// terminal is gone), so the default set, Signal::terminationRequests(), is the right one.
// The window is in editorwindow.cpp.

#include "editorwindow.h"

#include <SignalNotifier/GracefulShutdown>

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qtimer.h>
#include <QtGui/qsessionmanager.h>
#include <QtWidgets/qapplication.h>

using namespace SN;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "A text editor that keeps unsaved text as a draft when it is stopped."));
    parser.addHelpOption();
    const QCommandLineOption draftOption(QStringLiteral("draft"),
        QStringLiteral("Where unsaved text is kept (default: DOCUMENT.draft)."), QStringLiteral("file"));
    const QCommandLineOption insertOption(QStringLiteral("insert"),
        QStringLiteral("Text to insert as if typed."), QStringLiteral("text"));
    parser.addOptions({draftOption, insertOption});
    parser.addPositionalArgument(QStringLiteral("document"), QStringLiteral("The file to edit."));
    parser.process(app);
    if (parser.positionalArguments().size() != 1) {
        qCCritical(lcEditor, "usage: editor [--draft FILE] [--insert TEXT] DOCUMENT");
        return 2;
    }
    const QString document = parser.positionalArguments().constFirst();
    EditorWindow window(document, parser.isSet(draftOption) ? parser.value(draftOption)
                                                            : document + QStringLiteral(".draft"));

    // Terminated, hung up, or on Windows the console closed, the user logs off or the
    // machine shuts down: save the draft, then end the way the request asks.
    GracefulShutdown shutdown;
    shutdown.addHook(QStringLiteral("save draft"), [&window] { window.saveDraft(); });
    // X11 and Wayland session managers ask through Qt instead of a signal.
    QObject::connect(&app, &QGuiApplication::commitDataRequest, &window,
                     [&window](QSessionManager &) { window.saveDraft(); });

    window.show();
    window.offerDraft();
    if (parser.isSet(insertOption))
        window.insertText(parser.value(insertOption));
    QTimer::singleShot(0, &window, [&window] {
        window.activateWindow();
        qCInfo(lcEditor) << "ready";
    });
    // QApplication::exec runs the loop, so what it adds to QCoreApplication::exec stays,
    // while the library itself needs only Qt Core.
    return shutdown.exec(QApplication::exec);
}
