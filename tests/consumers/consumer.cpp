// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// A program of a library user: watches SIGUSR1, sends it to itself, exits 0 when the
// activation arrives with this process as the sender. Built by each consumer project
// (find_package, add_subdirectory, FetchContent, pkg-config) against the library.

#include <SignalNotifier/SignalNotifier>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qtimer.h>

#include <cstdio>

using namespace SN;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);

    SignalNotifier notifier(Signal::User1);
    if (notifier.error() != Error::NoError) {
        std::fprintf(stderr, "consumer: %s\n", qUtf8Printable(notifier.errorString()));
        return 1;
    }

    int status = 1;
    QObject::connect(&notifier, &SignalNotifier::activated, &app, [&](const SignalInfo &info) {
        const bool fromUs = info.senderPid() == QCoreApplication::applicationPid();
        std::printf("consumer: %s from pid %lld%s\n", qUtf8Printable(info.signal().name()),
                    static_cast<long long>(info.senderPid()), fromUs ? "" : " (not us)");
        status = (info.signal() == Signal::User1 && fromUs) ? 0 : 1;
        QCoreApplication::quit();
    });

    QTimer::singleShot(0, &app, [] {
        Error error;
        if (!Signal(Signal::User1).send(QCoreApplication::applicationPid(), &error)) {
            std::fprintf(stderr, "consumer: send failed: %s\n", qUtf8Printable(error.text()));
            QCoreApplication::exit(1);
        }
    });
    // Not a synchronisation: a broken build must end as a failure, never hang CI.
    QTimer::singleShot(60000, &app, [] {
        std::fprintf(stderr, "consumer: no activation within 60 s\n");
        QCoreApplication::exit(1);
    });

    app.exec();
    return status;
}
