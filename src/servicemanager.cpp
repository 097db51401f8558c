// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// SN::ServiceManager, the Qt side of the one place that speaks "service manager"
// (platform/servicemanager_p.h). This file holds the Windows entry point; what it says to
// the manager afterwards, each platform says in platform/<name>/servicemanager.cpp.

#include "SignalNotifier/servicemanager.h"

#include "servicemanager_p.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qloggingcategory.h>

Q_LOGGING_CATEGORY(lcServiceManager, "signalnotifier.servicemanager")

namespace SN {

namespace {

// What the backend's service code has to say (an unknown control, a stop nobody watches),
// on the thread the control arrived on. qCWarning may be called from any thread.
void logFromBackend(SignalBackend::ServiceLogLevel level, const std::string &messageUtf8)
{
    if (level == SignalBackend::ServiceLogLevel::Warning)
        qCWarning(lcServiceManager, "ServiceManager: %s", messageUtf8.c_str());
    else
        qCInfo(lcServiceManager, "ServiceManager: %s", messageUtf8.c_str());
}

// QCoreApplication's destructor: the application ended without saying how (no
// GracefulShutdown::exec()). A service that got this far ended normally; the SCM hears it
// before the process ends, instead of counting the end as a crash. Nothing when the status
// was reported already.
void reportStoppedAtExit()
{
    SignalBackend::notifyServiceStopped(0);
}

} // namespace

/*!
    \class ServiceManager servicemanager.h <SignalNotifier/ServiceManager>
    \brief What a service tells the service manager that started it: systemd on Linux, the
    service control manager (SCM) on Windows.

    All members are static and may be called from any thread.
*/

/*!
    Makes this process the Windows service \a name, and returns true once the service
    control manager (SCM) has started it: the service has registered its control handler
    and reported \c SERVICE_START_PENDING. \a name is the name the service was installed
    under (`sc create <name> ...`); it is compared without regard to case, and an empty
    \a name accepts whatever name the SCM started the process as (one program installed
    several times). Call it once, early in \c main(), before the event loop runs: the SCM
    kills a service process that does not connect within its \c ServicesPipeTimeout
    (30 seconds by default).

    A Qt console program becomes a service with these lines:

    \code
    int main(int argc, char *argv[])
    {
        QCoreApplication app(argc, argv);
        SN::GracefulShutdown shutdown;                      // stops on SERVICE_CONTROL_STOP too
        shutdown.addHook(QStringLiteral("save"), [&] { state.save(); });
        SN::Error why;
        if (!SN::ServiceManager::runAsWindowsService(QStringLiteral("MyService"), &why))
            qInfo("not a service (%s): running in the console", qPrintable(why.text()));
        return shutdown.exec();                             // SERVICE_STOPPED, then the exit
    }
    \endcode

    What the service then does, and who does it:

    \list
    \li \c SERVICE_RUNNING is reported when the main thread's event loop first runs
        (events posted to the QCoreApplication are then handled), or at once when no
        QCoreApplication exists. Until then the SCM sees \c SERVICE_START_PENDING.
    \li \c SERVICE_CONTROL_STOP (`sc stop`, `net stop`, the Services console) arrives
        as Signal::Terminate with SignalInfo::codeName() \c SERVICE_CONTROL_STOP: the
        Windows twin of `systemctl stop`'s SIGTERM, in Signal::terminationRequests().
        \c SERVICE_CONTROL_PRESHUTDOWN and \c SERVICE_CONTROL_SHUTDOWN (the machine shuts
        down) arrive as Signal::Shutdown, held (SignalInfo::isHeld()) with the same
        contract as \c CTRL_SHUTDOWN_EVENT: Session::holdDeadline() is the service's
        preshutdown time-out (\c SERVICE_PRESHUTDOWN_INFO) or the system's
        \c WaitToKillServiceTimeout, minus half a second; when the hold runs out, the
        library reports \c SERVICE_STOPPED with \c ERROR_SERVICE_REQUEST_TIMEOUT and ends
        the process, as Windows would. On each, the library reports
        \c SERVICE_STOP_PENDING at once; a request nobody watches stops the service and
        ends the process, as the request's default action.
    \li While GracefulShutdown runs its hooks, each step reports \c SERVICE_STOP_PENDING
        with the next checkpoint and a wait hint of what is left of its deadline (the
        SCM's counterpart of systemd's \c EXTEND_TIMEOUT_USEC).
    \li \c SERVICE_STOPPED carries the exit status (\c SERVICE_STATUS documentation):
        \c NO_ERROR for 0, else \c ERROR_SERVICE_SPECIFIC_ERROR with the status as
        \c dwServiceSpecificExitCode. GracefulShutdown::exec() reports it as the last thing
        before it returns or ends the process by the request's signal: its exitCode() (0
        unless set) in both cases; a forced exit reports 1. A program without GracefulShutdown reports 0 when its
        QCoreApplication is destroyed. The SCM may end the process any time after
        \c SERVICE_STOPPED, so save state in the hooks, not in destructors after exec().
    \li Any other control (`ControlService` with a code of 128 to 255, for example) is
        answered \c ERROR_CALL_NOT_IMPLEMENTED with a warning in the
        "signalnotifier.servicemanager" logging category; nothing else changes.
    \endlist

    Threads: \c StartServiceCtrlDispatcherW blocks its caller until the service stops, so
    the library calls it from a thread of its own, and the main thread goes on running the
    QCoreApplication. The SCM's controls are handled on that thread (under Wine on one of
    the dispatcher's own) and reach watchers through their own threads' event loops, like
    console events. This function may be called from any thread; it blocks until the SCM
    has started the service or failed to, which takes milliseconds.

    Returns false, with the reason in \a error (Error::text(); Error::nativeCode() is the
    Windows error code where there is one) and a warning in the
    "signalnotifier.servicemanager" logging category except for the first case, and nothing else
    changes, when:
    \list
    \li the process was not started by the SCM (run from a console:
        \c ERROR_FAILED_SERVICE_CONTROLLER_CONNECT), or the platform is not Windows;
    \li the SCM started it as another service than \a name: the SCM is told
        \c SERVICE_STOPPED with \c ERROR_SERVICE_DOES_NOT_EXIST, so that `sc query` shows
        why;
    \li it already runs as another service, or an earlier call failed (a process
        connects once);
    \li the SCM did not start the service within 30 seconds, or refused its control
        handler.
    \endlist
    Calling it again for the service it runs as returns true.

    Only services of their own process (\c SERVICE_WIN32_OWN_PROCESS, what `sc create`
    installs) are supported. Microsoft documentation: "StartServiceCtrlDispatcherW
    function", "RegisterServiceCtrlHandlerExW function", "LPHANDLER_FUNCTION_EX callback
    function" (HandlerEx), "SetServiceStatus function", "SERVICE_STATUS structure",
    "SERVICE_PRESHUTDOWN_INFO structure".
*/
bool ServiceManager::runAsWindowsService(const QString &name, Error *error)
{
    std::string why;
    const SignalBackend::Result r = SignalBackend::runAsWindowsService(name.toStdString(), &logFromBackend, &why);
    if (!r) {
        QString text = QString::fromStdString(why);
        if (r.systemErrno != 0)
            text += QStringLiteral(" (%1)").arg(QString::fromStdString(SignalBackend::systemErrorText(r.systemErrno)));
        if (r.error != SignalBackend::Error::Unsupported)
            qCWarning(lcServiceManager, "ServiceManager::runAsWindowsService(\"%s\"): %s", qPrintable(name), qPrintable(text));
        if (error)
            *error = Error(static_cast<Error::Code>(r.error), text, r.systemErrno);
        return false;
    }
    static const bool registered = [] {
        qAddPostRoutine(reportStoppedAtExit);
        return true;
    }();
    Q_UNUSED(registered);
    // SERVICE_RUNNING once the event loop runs: the application has started by then.
    if (QCoreApplication *app = QCoreApplication::instance()) {
        QMetaObject::invokeMethod(app, [] {
            SignalBackend::notifyServiceState(SignalBackend::ServiceState::Ready);
        }, Qt::QueuedConnection);
    } else {
        SignalBackend::notifyServiceState(SignalBackend::ServiceState::Ready);
    }
    if (error)
        *error = Error();
    return true;
}

} // namespace SN
