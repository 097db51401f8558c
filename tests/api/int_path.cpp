// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Compiled by tests/api: with a CASE_* macro, one way of passing a POSIX number where a
// SN::Signal is expected, which must not compile; without one, the right spelling of each,
// which must.

#include <SignalNotifier/GracefulShutdown>
#include <SignalNotifier/ProcessStopper>
#include <SignalNotifier/SignalNotifier>

#include <QtCore/qprocess.h>

#include <csignal>

void intPath(SN::SignalNotifier &notifier, QProcess &process)
{
#if defined(CASE_notifier_watch)
    notifier.watch(SIGHUP);
#elif defined(CASE_notifier_constructor)
    SN::SignalNotifier other(SIGINT);
#elif defined(CASE_assignment)
    SN::Signal s = SIGTERM;
    (void)s;
#elif defined(CASE_functional_cast)
    SN::Signal(SIGUSR1).raise();
#elif defined(CASE_shutdown_list)
    SN::GracefulShutdown shutdown({SIGTERM, SIGINT});
#elif defined(CASE_stopper_request)
    SN::ProcessStopper::requestStop(&process, SIGTERM);
#elif defined(CASE_id_compare)
    if (notifier.watchedSignals().value(0).id() == SIGHUP)
        notifier.unwatch(SN::Signal::Hangup);
#else
    notifier.watch(SN::Signal::fromNumber(SIGHUP));
    SN::SignalNotifier other(SN::Signal::fromNumber(SIGINT));
    SN::Signal s = SN::Signal::fromNumber(SIGTERM);
    (void)s;
    SN::Signal::fromNumber(SIGUSR1).raise();
    SN::GracefulShutdown shutdown({SN::Signal::fromNumber(SIGTERM), SN::Signal::Interrupt});
    SN::ProcessStopper::requestStop(&process, SN::Signal::fromNumber(SIGTERM));
    if (notifier.watchedSignals().value(0).number() == SIGHUP
        || notifier.watchedSignals().value(0).id() == SN::Signal::Hangup)
        notifier.unwatch(SN::Signal::Hangup);
#endif
}
