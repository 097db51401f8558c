// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// SN::ServiceManager, the Qt side of the one place that speaks "service manager"
// (platform/servicemanager_p.h): the messages and the watchdog on the main thread here,
// the Windows service entry point at the end; what each says to its manager, each
// platform says in platform/<name>/servicemanager.cpp.

#include "SignalNotifier/servicemanager.h"

#include "servicemanager_p.h"
#include "timerinterval_p.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qloggingcategory.h>
#include <QtCore/qmetaobject.h>
#include <QtCore/qpointer.h>
#include <QtCore/qtimer.h>

#include <atomic>

Q_LOGGING_CATEGORY(lcServiceManager, "signalnotifier.servicemanager")

namespace SN {
namespace {

// Two kinds of failure, each named once in the process's life, each in its own words, so
// that one never uses up the other:
// - the manager cannot be reached (nothing at NOTIFY_SOCKET, a malformed address, a vsock
//   connect that timed out): a service that lost its manager would otherwise say so at
//   every watchdog ping;
// - a message was lost while the manager is there (its queue is full: EAGAIN, ENOBUFS; the
//   process is out of descriptors or memory): passing, and frequent on a busy manager.
// Every call still returns whether its own message was handed over, so calls return true
// again as soon as the manager takes messages again. Nothing else changes when one fails.
std::atomic<bool> g_warnedUnreachable{false};
std::atomic<bool> g_warnedLost{false};

QString reasonOf(const SignalBackend::Result &r)
{
    using SignalBackend::Error;
    switch (r.error) {
    case Error::InvalidArgument:
        return QStringLiteral("not an address the protocol knows (an absolute path, @name, "
                              "or vsock:CID:PORT)");
    case Error::Unsupported:
        return QStringLiteral("this system cannot reach such an address");
    default:
        break;
    }
    if (r.systemErrno != 0)
        return QString::fromStdString(SignalBackend::systemErrorText(r.systemErrno));
    return QStringLiteral("error %1").arg(int(r.error));
}

QString managerAt()
{
    const QString address = QString::fromStdString(SignalBackend::serviceManagerAddress());
    return address.isEmpty() ? QString() : QStringLiteral(" at NOTIFY_SOCKET=") + address;
}

// Whether the message reached the manager; a failure is said as above, where a manager
// exists to fail (no manager at all is the ordinary case of a program run by hand).
bool told(const SignalBackend::Result &r, const char *message)
{
    if (r)
        return true;
    // No manager; or one that has no such message (Windows' SCM: no status text, no
    // reload, no watchdog), which is Unsupported without a system error behind it.
    if (!SignalBackend::serviceManaged() || (r.error == SignalBackend::Error::Unsupported && r.systemErrno == 0))
        return false;
    if (r.error == SignalBackend::Error::OutOfResources) {
        if (!g_warnedLost.exchange(true))
            qCWarning(lcServiceManager,
                      "the service manager%ls did not take a message: %ls (%s lost). The manager is there, "
                      "but its queue is full or this process is short of resources; later messages are sent "
                      "as usual, and further losses like this one are not reported",
                      qUtf16Printable(managerAt()), qUtf16Printable(reasonOf(r)), message);
        return false;
    }
    if (!g_warnedUnreachable.exchange(true)) {
        qCWarning(lcServiceManager,
                  "cannot notify the service manager%ls: %ls (%s not sent; later failures to reach it are "
                  "not reported, each call returns whether its message was sent, and the program goes on "
                  "as if it had been)",
                  qUtf16Printable(managerAt()), qUtf16Printable(reasonOf(r)), message);
    }
    return false;
}

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

// ---- The watchdog, on the main thread -------------------------------------------------
//
// Pinged by a QTimer of the application's own thread: a ping proves that the main event
// loop turns, so a loop stuck in a long computation or a deadlock stops the pings and
// the manager acts (WatchdogSec=, systemd.service(5)). Started with every QCoreApplication
// (a pre-routine, registered when the library loads) and deleted with it (a post-routine).

QPointer<QTimer> g_watchdog;   // the application's thread only

void ping()
{
    told(SignalBackend::pingServiceWatchdog(), "WATCHDOG=1");
}

void stopWatchdog()
{
    delete g_watchdog.data();
}

// The QTimer's interval for a watchdog interval: whole milliseconds, rounded down (a ping
// early is harmless, one late is a restart), except that an interval under 1 ms becomes
// 1 ms rather than 0 (which would be a busy loop) or none at all; and at most what a
// QTimer counts (timerinterval_p.h: about 24.8 days, for a WATCHDOG_USEC of 49.7 days or
// more, which then gets its pings more often than it asks).
std::chrono::milliseconds pingInterval(std::chrono::microseconds interval)
{
    using namespace std::chrono;
    return timerInterval(std::max(milliseconds(1), duration_cast<milliseconds>(interval)));
}

void startWatchdog()
{
    if (g_watchdog || !QCoreApplication::instance())
        return;
    const std::chrono::microseconds interval = ServiceManager::watchdogInterval();
    if (interval.count() <= 0)
        return;
    const std::chrono::milliseconds ms = pingInterval(interval);
    auto *timer = new QTimer;
    timer->setTimerType(Qt::PreciseTimer);   // half the timeout leaves no room for 5 % slack
    QObject::connect(timer, &QTimer::timeout, timer, ping);
    timer->start(ms);
    g_watchdog = timer;
    qAddPostRoutine(stopWatchdog);
    // The first ping on the loop's first turn: the manager hears at once that it runs.
    QTimer::singleShot(0, timer, ping);
    qCDebug(lcServiceManager, "watchdog: pinging every %lld ms from the main event loop "
            "(WATCHDOG_USEC=%llu)", static_cast<long long>(ms.count()),
            static_cast<unsigned long long>(SignalBackend::serviceWatchdogUsec()));
}

} // namespace

/*!
    \class ServiceManager servicemanager.h <SignalNotifier/ServiceManager>
    \brief What a service tells the service manager that started it: ready, reloading,
    stopping, a status line, more time; and the watchdog, automatically.

    On Linux this is systemd's notification protocol (sd_notify(3), systemd.service(5)):
    one datagram per message to the socket named by \c NOTIFY_SOCKET, which may be a path,
    an abstract socket (\c @name) or \c vsock:CID:PORT. On Windows it is the service
    control manager, once runAsWindowsService() has made the process a service: Ready is
    \c SERVICE_RUNNING, Stopping and extendTimeout() are \c SERVICE_STOP_PENDING with a
    checkpoint and a wait hint; the SCM has no status text, no reload and no watchdog, so
    setStatus() and notifyReloading() return false there. Where no manager waits (isManaged() is
    false: a program started by hand, a \c Type=simple unit), every call returns false and
    does nothing else, so a program calls them unconditionally:

    \code
    int main(int argc, char **argv)
    {
        QCoreApplication app(argc, argv);
        GracefulShutdown shutdown(Signal::serviceStopRequests());   // tells STOPPING=1 itself
        SignalNotifier reload(Signal::Hangup);        // Type=notify-reload sends SIGHUP
        QObject::connect(&reload, &SignalNotifier::activated, [&] {
            SN::ServiceManager::notifyReloading();
            readConfiguration();
            SN::ServiceManager::notifyReady();        // the reload is done
        });
        readConfiguration();
        SN::ServiceManager::notifyReady();            // Type=notify: start-up is done
        return shutdown.exec();
    }
    \endcode

    Each call returns whether its own message was handed to the manager. Failures are
    named in the \c signalnotifier.servicemanager logging category, each kind once in the
    process's life: a manager that cannot be reached (nobody listens at \c NOTIFY_SOCKET,
    a malformed address, a vsock connect that timed out) in a warning that begins "cannot
    notify the service manager"; a message lost while the manager is there (its queue is
    full, \c EAGAIN: it reads more slowly than the service writes; \c ENOBUFS; no
    descriptor left) in a warning that begins "the service manager ... did not take a
    message". The one does not use up the other. Later calls are made as usual and return
    true again once the manager takes messages again; the program goes on unchanged either
    way. No call ever waits for the manager: a manager that does not read loses a message,
    never stalls the service. (The one bounded wait: a \c vsock address on a hypervisor
    without vsock datagrams needs a connection, which may take up to 100 ms; after such a
    connect timed out, the same address is not tried again for a back-off of 1 s, doubling
    up to a minute, and messages meanwhile fail at once.)

    All functions may be called from any thread.

    GracefulShutdown tells the manager \c STOPPING=1 and extends the stop timeout through
    this class; a program that uses it need not call notifyStopping() or extendTimeout().

    <b>The watchdog.</b> When the manager asks for keep-alive pings (\c WatchdogSec= in the unit, which sets
    \c WATCHDOG_USEC and \c WATCHDOG_PID), the library sends \c WATCHDOG=1 from the main
    thread's event loop, at half the manager's timeout (watchdogInterval()), from the
    moment the QCoreApplication exists. The pings come from a QTimer of the main thread on
    purpose: a main loop that hangs stops them, and the manager then restarts or ends the
    service as its unit says. Nothing is pinged when \c WATCHDOG_PID names another process
    (a child that inherited the environment). In a static build of the library the
    watchdog starts with the first use of ServiceManager or GracefulShutdown.

    \sa GracefulShutdown
*/

/*!
    Whether a service manager waits to hear from this process: on Linux, \c NOTIFY_SOCKET
    is set and not empty (read at every call, so a program may unset it to keep it from
    its children). Windows: the process runs as a service.
*/
bool ServiceManager::isManaged()
{
    return SignalBackend::serviceManaged();
}

/*!
    Tells the manager that start-up is complete, or that a reload begun with
    notifyReloading() is complete (\c READY=1). A unit with \c Type=notify or
    \c Type=notify-reload is "active" from this call on; until then \c systemctl start
    waits. Returns whether the message was handed to the manager.
*/
bool ServiceManager::notifyReady()
{
    startWatchdog();   // static builds: the pre-routine may have been left out
    return told(SignalBackend::notifyServiceState(SignalBackend::ServiceState::Ready), "READY=1");
}

/*!
    Sets the one-line status the manager shows (\c STATUS=; <tt>systemctl status</tt> prints
    it). Line breaks in \a text become spaces: the protocol reads a new line as a new
    assignment. Returns whether the message was handed to the manager.

    systemd drops a notification longer than 4096 bytes (\c PIPE_BUF) whole, so a text
    longer than 4089 bytes of UTF-8 (what \c STATUS= leaves of them) is cut to that length
    at a character boundary, never inside a UTF-8 sequence, and the rest is not sent.
    A text that holds a NUL character (U+0000) is refused: systemd drops such a message
    whole, and cutting at the NUL would hide a fault of the caller's. setStatus() then
    returns false with a warning in the \c signalnotifier.servicemanager logging category,
    and sends nothing. (Source: systemd's \c manager_dispatch_notify_fd() in
    \c src/core/manager.c, "Received notify message exceeded maximum size" and
    "Received notify message with embedded NUL bytes".)
*/
bool ServiceManager::setStatus(const QString &text)
{
    if (text.contains(QChar(u'\0'))) {
        qCWarning(lcServiceManager, "ServiceManager::setStatus: the text holds a NUL character, which "
                  "the service manager refuses with the whole message: not sent");
        return false;
    }
    QString line = text;
    line.replace(QLatin1Char('\r'), QLatin1Char(' ')).replace(QLatin1Char('\n'), QLatin1Char(' '));
    QByteArray utf8 = line.toUtf8();
    if (std::size_t(utf8.size()) > SignalBackend::ServiceStatusMaxBytes) {
        // Back to the first byte of the character that would be cut (no 10xxxxxx byte).
        qsizetype cut = qsizetype(SignalBackend::ServiceStatusMaxBytes);
        while (cut > 0 && (uchar(utf8.at(cut)) & 0xC0) == 0x80)
            --cut;
        qCDebug(lcServiceManager, "ServiceManager::setStatus: %lld bytes of UTF-8 cut to %lld, what the "
                "manager takes", static_cast<long long>(utf8.size()), static_cast<long long>(cut));
        utf8.truncate(cut);
    }
    return told(SignalBackend::notifyServiceStatus(utf8.toStdString()), "STATUS=");
}

/*!
    Tells the manager that a reload of the configuration begins (\c RELOADING=1, with
    \c MONOTONIC_USEC= set to \c CLOCK_MONOTONIC now). Call notifyReady() when the reload
    is done, also when it failed and the old configuration stays.

    With \c Type=notify-reload (systemd 253 and later) systemd sends the unit's
    \c ReloadSignal= (SIGHUP by default) for <tt>systemctl reload</tt> and waits for these two
    messages; the timestamp tells it that this reload answers its signal, not an earlier
    one. Returns whether the message was handed to the manager.
*/
bool ServiceManager::notifyReloading()
{
    return told(SignalBackend::notifyServiceState(SignalBackend::ServiceState::Reloading), "RELOADING=1");
}

/*!
    Tells the manager that the service begins to stop (\c STOPPING=1). GracefulShutdown
    calls it when its sequence starts. Returns whether the message was handed to the
    manager.
*/
bool ServiceManager::notifyStopping()
{
    return told(SignalBackend::notifyServiceState(SignalBackend::ServiceState::Stopping), "STOPPING=1");
}

/*!
    Asks the manager for more time in its current state (start, reload or stop): the
    next message comes within \a time (\c EXTEND_TIMEOUT_USEC=). systemd applies it only
    beyond the unit's own \c TimeoutStartSec= / \c TimeoutStopSec=. GracefulShutdown
    calls it before each hook so that the stop timeout covers what is left of its
    deadline. A negative \a time is refused with a warning. A \a time too long to count
    in microseconds in 63 bits (over about 292,000 years) is sent as the longest that is
    (9223372036854775807 µs). Returns whether the message was handed to the manager.
*/
bool ServiceManager::extendTimeout(std::chrono::milliseconds time)
{
    if (time.count() < 0) {
        qCWarning(lcServiceManager, "ServiceManager::extendTimeout: a negative time (%lld ms) extends nothing",
                  static_cast<long long>(time.count()));
        return false;
    }
    // milliseconds to microseconds would overflow past INT64_MAX / 1000 ms.
    constexpr auto longest = std::chrono::microseconds::max();
    const auto usec = time > std::chrono::duration_cast<std::chrono::milliseconds>(longest)
        ? longest : std::chrono::duration_cast<std::chrono::microseconds>(time);
    return told(SignalBackend::extendServiceTimeout(uint64_t(usec.count())), "EXTEND_TIMEOUT_USEC=");
}

/*!
    How often the library pings the manager's watchdog from the main event loop: half of
    \c WATCHDOG_USEC, as sd_watchdog_enabled(3) recommends, rounded up to a whole
    microsecond (so \c WATCHDOG_USEC=1 gives 1, not 0). Zero when no watchdog is asked
    of this process: \c WATCHDOG_USEC unset or not a positive number, \c WATCHDOG_PID
    naming another process, no \c NOTIFY_SOCKET to send the pings to, or Windows.

    The pings come from a QTimer, which counts whole milliseconds in an \c int: an
    interval under 1 ms is pinged every millisecond, and one over \c INT_MAX ms (about
    24.8 days, for a \c WATCHDOG_USEC of 49.7 days or more) every \c INT_MAX ms, earlier
    than asked, which a watchdog takes as well.
*/
std::chrono::microseconds ServiceManager::watchdogInterval()
{
    if (!SignalBackend::serviceManaged())
        return std::chrono::microseconds(0);
    const uint64_t usec = SignalBackend::serviceWatchdogUsec();   // below UINT64_MAX
    return std::chrono::microseconds(int64_t(usec / 2 + usec % 2));
}

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

// Every QCoreApplication starts the watchdog in its constructor, on its own thread.
static void startServiceWatchdog()
{
    SN::startWatchdog();
}
Q_COREAPP_STARTUP_FUNCTION(startServiceWatchdog)
