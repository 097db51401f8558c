// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// qmlhost FILE.qml: what a QML program's main() does with the module. Loads FILE (its
// root declares a GracefulShutdown), runs the loop through that GracefulShutdown, so the
// process ends the way the request asks, and hands each line of standard input to the
// root's command(line), so that a test can tell the QML side what to do next. A
// QCoreApplication: the module needs no GUI.

#include "examplesupport.h"

#include <SignalNotifier/GracefulShutdown>

#include <QtCore/qcoreapplication.h>
#include <QtQml/qqmlcomponent.h>
#include <QtQml/qqmlengine.h>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: qmlhost FILE.qml\n");
        return 2;
    }
    QQmlEngine engine;
    engine.addImportPath(QStringLiteral(SIGNALNOTIFIER_QML_DIR));
    QQmlComponent component(&engine, QUrl::fromLocalFile(QString::fromLocal8Bit(argv[1])));
    QObject *root = component.create();
    auto *shutdown = root ? root->findChild<SN::GracefulShutdown *>() : nullptr;
    if (!shutdown) {
        qCritical("qmlhost: %ls has no GracefulShutdown: %ls", qUtf16Printable(QString::fromLocal8Bit(argv[1])),
                  qUtf16Printable(component.errorString()));
        return 2;
    }
    // The reader thread starts with the requests blocked, so that the kernel gives them to
    // the main thread (docs/shutdown.md, "How it is tested").
    // Only those with a number here: Logoff and Shutdown have none on POSIX, and a set
    // holding one is refused whole (UnsupportedSignal), which blocked nothing at all.
    QList<SN::Signal> requests;
    for (SN::Signal s : SN::Signal::terminationRequests()) {
        if (s.existsOnThisPlatform())
            requests.append(s);
    }
    SN::Signal::setBlockedInThisThread(requests, true);
    examples::readStandardInput(root, [root](const QString &line) {
        QMetaObject::invokeMethod(root, "command", Q_ARG(QVariant, line));
    }, [] {});
    SN::Signal::setBlockedInThisThread(requests, false);
    return shutdown->exec();
}
