// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// snbench-kf5: KDE Frameworks 5's KSignalHandler (Qt 5), in its own executable because
// it cannot share a process with Qt 6. Same harness, same command line as snbench.

#include "../harness.h"

#include <KSignalHandler>

#include <QCoreApplication>

namespace {

int g_argc = 1;
char g_name[] = "snbench-kf5";
char *g_argv[] = { g_name, nullptr };

// KSignalHandler: a process-wide singleton; watchSignal() has no counterpart, so
// "unwatch" leaves its handler in place, as an application using it would.
class KSignal : public bench::Contender
{
public:
    void createLoop() override { m_app = std::make_unique<QCoreApplication>(g_argc, g_argv); }
    bool watch(int sig, std::string *) override
    {
        KSignalHandler::self()->watchSignal(sig);
        QObject::connect(KSignalHandler::self(), &KSignalHandler::signalReceived, m_app.get(),
                         [](int) { bench::arrived(0, false, 1); });
        return true;
    }
    void run() override { QCoreApplication::exec(); }
    void stop() override
    {
        QMetaObject::invokeMethod(m_app.get(), &QCoreApplication::quit, Qt::QueuedConnection);
    }
    void unwatch() override {}

private:
    std::unique_ptr<QCoreApplication> m_app;
};

std::unique_ptr<bench::Contender> make()
{
    return std::make_unique<KSignal>();
}

} // namespace

int main(int argc, char **argv)
{
    return bench::main(argc, argv, { { "ksignalhandler", make } });
}
