// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The machine's shutdown as an event on Linux: systemd-logind over the system D-Bus, with
// Qt D-Bus. The session source of sessionevents_p.h; CMake builds it where Qt6::DBus is
// found on Linux (src/sessionsource_none.cpp elsewhere).
//
// What logind offers (org.freedesktop.login1(5), systemd-inhibit(1)):
// - Manager.Inhibit("shutdown", who, why, "delay") returns a descriptor: a delay lock.
//   Before the machine shuts down, logind emits PrepareForShutdown(true) and then waits
//   until every delay lock is closed, or InhibitDelayMaxUSec (InhibitDelayMaxSec= in
//   logind.conf, 5 s by default) has passed. PrepareForShutdown(false) says a shutdown
//   was cancelled; the locks must then be taken again.
// - Nothing here waits for logind: Inhibit and the property are asked asynchronously, and
//   PrepareForShutdown(true) is delivered as it arrives, also while our Inhibit call is
//   unanswered (a slow or hung logind); the hold then begins without its descriptor,
//   which joins it when the answer comes (sessionend_p.h, holdComingDelayLock). A second
//   PrepareForShutdown(true) for the same shutdown is not delivered again.
// - So while some notifier watches Shutdown, a delay lock is kept; PrepareForShutdown(true)
//   becomes a Shutdown activation with SignalInfo::isHeld(), and the lock is the hold:
//   releaseHold() (GracefulShutdown does it when its sequence is done) closes it, and so
//   does this file when the deadline (InhibitDelayMaxUSec minus a margin) passes.
// - Logoff is NOT delivered: logind announces no end of the caller's own session that
//   comes before the caller's end. Stopping a session emits no signal and no
//   PropertiesChanged for the session's State ("closing" is only seen by polling); with
//   KillUserProcesses=yes the session's scope is stopped, which sends SIGTERM (Terminate)
//   to every process in it; with the default KillUserProcesses=no the processes stay
//   and the session stays "closing" until they are gone; SessionRemoved comes only
//   after that. See the README, "Shutdown and logoff on Linux".
//
// Which thread does what: one thread of its own ("SignalNotifier logind", every signal
// blocked), started with the first watcher of Shutdown once a QCoreApplication exists,
// runs the Client and its private bus connection; a blocked main thread never delays a
// shutdown that a worker thread's notifier could handle. It ends with the application.
// `runtime()` holds what other threads touch, under its mutex.

#include "../sessionevents_p.h"
#include "../signalinfo_p.h"
#include "../signalmask_p.h"

#include "process_p.h"
#include "sessionend_p.h"
#include "../timerinterval_p.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qdeadlinetimer.h>
#include <QtCore/qloggingcategory.h>
#include <QtCore/qmutex.h>
#include <QtCore/qthread.h>
#include <QtCore/qtimer.h>
#include <QtDBus/qdbusconnection.h>
#include <QtDBus/qdbuserror.h>
#include <QtDBus/qdbusmessage.h>
#include <QtDBus/qdbuspendingcall.h>
#include <QtDBus/qdbuspendingreply.h>
#include <QtDBus/qdbusservicewatcher.h>
#include <QtDBus/qdbusunixfiledescriptor.h>
#include <QtDBus/qdbusextratypes.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstring>
#include <future>
#include <memory>

#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

// Debug messages (the bus or logind is absent: the ordinary case in a container) are off
// unless asked for with QT_LOGGING_RULES="signalnotifier.logind.debug=true".
Q_LOGGING_CATEGORY(lcLogind, "signalnotifier.logind", QtInfoMsg)

using namespace std::chrono_literals;

namespace SN {
namespace {

const QString Service = QStringLiteral("org.freedesktop.login1");
const QString ManagerPath = QStringLiteral("/org/freedesktop/login1");
const QString ManagerInterface = QStringLiteral("org.freedesktop.login1.Manager");
const QString PropertiesInterface = QStringLiteral("org.freedesktop.DBus.Properties");
// A connection of our own: the application's QDBusConnection::systemBus() is left alone.
const QString ConnectionName = QStringLiteral("signalnotifier-logind");

// logind's InhibitDelayMaxSec= default, used until the property is read.
constexpr std::chrono::milliseconds DefaultDelayMax = 5000ms;
// Our hold ends this much before logind stops waiting, as on Windows: the application's
// last steps (releasing the lock, leaving the process) fit in it. A logind that waits
// less than twice as long keeps half of its wait as the margin (holdBudget()).
constexpr std::chrono::milliseconds Margin = 500ms;

bool isAbsent(const QDBusError &error)
{
    return error.type() == QDBusError::ServiceUnknown || error.type() == QDBusError::Disconnected
        || error.type() == QDBusError::NoServer
        || error.name() == QLatin1String("org.freedesktop.DBus.Error.NameHasNoOwner");
}

class Client : public QObject
{
    Q_OBJECT
public:
    Client()
    {
        m_deadline.setSingleShot(true);
        m_deadline.setTimerType(Qt::PreciseTimer);
        connect(&m_deadline, &QTimer::timeout, this, &Client::holdExpired);
    }
    ~Client() override
    {
        dropLock();
        if (m_bus.isConnected())
            QDBusConnection::disconnectFromBus(ConnectionName);
    }

    // Does what the watchers want now: a lock while Shutdown is watched, none otherwise.
    void update()
    {
        if (!SessionEvents::isWatched(Signal::Shutdown)) {
            // Nobody saves anything on a shutdown: logind need not wait for us. A hold that
            // is running ends with its release or its deadline.
            if (!SignalBackend::holdActive())
                dropLock();
            return;
        }
        if (!connectToBus())
            return;
        // Whether a shutdown is under way is asked first, once per logind (connected, or
        // appeared since): the announcement of one that began before we listened never
        // comes (outside breaker: the first watcher, made while logind waited for the
        // delay locks, took a lock, and logind waited its whole delay for nobody).
        if (m_preparing != Preparing::Known) {
            askPreparing();
            return;
        }
        // During a shutdown already announced a new lock would make logind wait for a
        // watcher that missed the announcement: the next is taken when it is cancelled.
        if (!m_announced)
            takeLock();
    }

private Q_SLOTS:
    // Nothing on this path waits for logind: every call to it is asynchronous, and the
    // announcement is delivered as it comes, whatever is still unanswered.
    void prepareForShutdown(bool starting)
    {
        if (!starting) {
            // Cancelled: logind no longer waits. A lock that was let go for this shutdown
            // (its hold ended or ends now) is taken again for the next; one that was kept
            // (the shutdown was not held) stays as it is.
            qCDebug(lcLogind, "PrepareForShutdown(false): the shutdown was cancelled");
            m_announced = false;
            if (std::exchange(m_heldThisShutdown, false))
                dropLock();
            update();
            return;
        }
        if (m_announced) {
            // logind says it again for the shutdown under way (another poweroff request while
            // it waits for the delay locks). A second Shutdown would be a second termination
            // request, which makes GracefulShutdown force the exit and cut its hooks short;
            // the Windows service path drops a second stop notice the same way.
            qCDebug(lcLogind, "PrepareForShutdown(true) again for the shutdown under way: not delivered again");
            return;
        }
        m_announced = true;
        const std::chrono::milliseconds budget = holdBudget();
        bool held = false;
        if (budget.count() <= 0) {
            // logind does not wait (InhibitDelayMaxUSec 0): delivered unheld, as without a lock.
        } else if (m_lock != 0) {
            // The hold begins before the activation is posted, so that a release that
            // follows the delivery always finds it.
            held = SignalBackend::holdDelayLock(m_lock, budget.count());
            if (!held)
                m_lock = 0;   // let go already (releaseHold())
        } else if (m_taking) {
            // Our Inhibit call is unanswered (a slow or silent logind): logind may count the
            // lock it made for us already. Held now, the deadline counted from now; the
            // descriptor joins the hold when the answer comes, or is closed at once if the
            // hold is over by then.
            m_lock = m_coming = SignalBackend::holdComingDelayLock(budget.count());
            held = true;
        }
        if (held) {
            m_heldThisShutdown = true;
            m_deadline.start(budget);
        }
        SignalInfo info = SignalInfoPrivate::make(Signal(Signal::Shutdown), 0, -1, -1);
        SignalInfoPrivate::setHeld(info, held);
        SignalInfoPrivate::setEventName(info, QStringLiteral("PrepareForShutdown"));
        const int reached = SessionEvents::post(info);
        qCDebug(lcLogind, "PrepareForShutdown(true): Shutdown%s posted to %d notifier(s)",
                held ? qPrintable(QStringLiteral(" held for %1 ms").arg(budget.count())) : "", reached);
        if (reached == 0 && held)
            dropLock();   // the last watcher went away meanwhile: nobody to wait for
    }

    void busDisconnected()
    {
        if (!m_warnedLost) {
            m_warnedLost = true;
            qCWarning(lcLogind, "lost the connection to the system bus: Shutdown is no longer announced "
                      "by systemd-logind (a shutdown that is under way still ends as it would have)");
        }
        if (!SignalBackend::holdActive())
            dropLock();   // logind, which lives on the same bus, is gone with it
    }

private:
    bool connectToBus()
    {
        if (m_bus.isConnected())
            return true;
        // Qt D-Bus starts a thread of its own with the first connection, whose event loop
        // Qt aborts the process for when it cannot get its descriptors (glib: "Creating
        // pipes for GWakeup"), and the connection needs its socket. This thread was
        // started when there were enough (startLocked()), but connects later, when the
        // process may be at its limit: ask again right before. Another thread can still
        // take the last ones in between (gdb showed exactly that under ThreadSanitizer:
        // tst_shutdown's helper tightened RLIMIT_NOFILE while Qt D-Bus's thread was
        // starting, and glib aborted in that thread).
        constexpr int DescriptorsNeeded = 4;
        if (const SignalBackend::Result probe = SignalBackend::probeDescriptors(DescriptorsNeeded); !probe) {
            qCWarning(lcLogind, "out of descriptors (Qt D-Bus needs %d to connect to the system bus): "
                      "Shutdown is not announced by systemd-logind until a watcher of it comes again",
                      DescriptorsNeeded);
            return false;
        }
        // A failed or lost connection stays registered under its name until removed.
        QDBusConnection::disconnectFromBus(ConnectionName);
        m_bus = QDBusConnection::connectToBus(QDBusConnection::SystemBus, ConnectionName);
        if (!m_bus.isConnected()) {
            qCDebug(lcLogind, "no system bus (%ls): Shutdown is not announced on this system",
                    qUtf16Printable(m_bus.lastError().message()));
            return false;
        }
        if (!(m_bus.connectionCapabilities() & QDBusConnection::UnixFileDescriptorPassing))
            qCWarning(lcLogind, "the system bus passes no descriptors: no shutdown delay lock can be taken");
        m_bus.connect(Service, ManagerPath, ManagerInterface, QStringLiteral("PrepareForShutdown"),
                      this, SLOT(prepareForShutdown(bool)));
        // libdbus says a lost connection with this local signal (dbus_connection_set_exit_on_disconnect).
        m_bus.connect(QString(), QStringLiteral("/org/freedesktop/DBus/Local"),
                      QStringLiteral("org.freedesktop.DBus.Local"), QStringLiteral("Disconnected"),
                      this, SLOT(busDisconnected()));
        auto *watcher = new QDBusServiceWatcher(Service, m_bus, QDBusServiceWatcher::WatchForOwnerChange, this);
        connect(watcher, &QDBusServiceWatcher::serviceOwnerChanged, this, &Client::logindChanged);
        m_warnedLost = false;
        m_preparing = Preparing::Unknown;
        readDelay();
        return true;
    }

    // logind went away, came, or both (a restart): what the old one knew is gone with it.
    // Its locks mean nothing to the new one (outside breaker: after a restart no lock was
    // taken, and the next Shutdown was delivered held while logind waited for nobody);
    // nor does its announcement, and a hold under way ends, as when a shutdown is
    // cancelled: the logind that waited for it is gone (outside breaker, second round: kept
    // through a restart, the old lock stood in for a new one). Answers still on their way
    // from the old logind are dropped when they come (m_logind).
    void logindChanged(const QString &, const QString &oldOwner, const QString &newOwner)
    {
        ++m_logind;
        // An Inhibit call still unanswered is forgotten now, not when its answer comes (it
        // is dropped then): a logind that gave up its name without leaving the bus may
        // answer late or never, and the new one would have no lock meanwhile (third
        // breaker: a Shutdown from the new one delivered held while it had none of our
        // locks). One sent while nobody owned the name is asked again too.
        m_taking = false;
        if (!oldOwner.isEmpty()) {
            qCDebug(lcLogind, "systemd-logind left the system bus: its lock, its announcement and any hold are void");
            m_announced = false;
            m_heldThisShutdown = false;
            dropLock();
            m_coming = 0;
        }
        if (!newOwner.isEmpty()) {
            qCDebug(lcLogind, "systemd-logind appeared on the system bus");
            m_preparing = Preparing::Unknown;
            readDelay();
            update();
        }
    }

    // Reads PreparingForShutdown (org.freedesktop.login1(5): true while logind waits for
    // the delay locks), then does what update() would. Sent before any Inhibit on this
    // connection, so answered before it. An error (no logind; a logind that cannot say)
    // counts as no shutdown under way: the lock is then taken, and a shutdown that was in
    // fact under way waits up to logind's delay for nothing, rather than a later one going
    // on without waiting for the application's save.
    void askPreparing()
    {
        if (m_preparing == Preparing::Asking)
            return;
        m_preparing = Preparing::Asking;
        QDBusMessage get = QDBusMessage::createMethodCall(Service, ManagerPath, PropertiesInterface,
                                                          QStringLiteral("Get"));
        get << ManagerInterface << QStringLiteral("PreparingForShutdown");
        auto *call = new QDBusPendingCallWatcher(m_bus.asyncCall(get), this);
        connect(call, &QDBusPendingCallWatcher::finished, this, [this, logind = m_logind](QDBusPendingCallWatcher *done) {
            done->deleteLater();
            if (logind != m_logind || m_preparing != Preparing::Asking)
                return;   // from a logind that is gone, or asked again since
            m_preparing = Preparing::Known;
            const QDBusPendingReply<QDBusVariant> reply = *done;
            if (reply.isError()) {
                qCDebug(lcLogind, "cannot read PreparingForShutdown (%ls): taken as no shutdown under way",
                        qUtf16Printable(reply.error().name()));
            } else if (reply.value().variant().toBool() && !m_announced) {
                // Missed: not delivered, and no lock until it is cancelled.
                qCDebug(lcLogind, "a shutdown is under way, announced before this application listened: "
                        "no Shutdown for it, and no delay lock until it is cancelled");
                m_announced = true;
            }
            update();
        });
    }

    void takeLock()
    {
        if (m_lock != 0 || m_taking)
            return;
        m_taking = true;
        const QString who = QCoreApplication::applicationName();
        QDBusMessage inhibit = QDBusMessage::createMethodCall(Service, ManagerPath, ManagerInterface,
                                                              QStringLiteral("Inhibit"));
        inhibit << QStringLiteral("shutdown") << (who.isEmpty() ? QStringLiteral("Qt application") : who)
                << QStringLiteral("Saves its state before the machine shuts down") << QStringLiteral("delay");
        auto *call = new QDBusPendingCallWatcher(m_bus.asyncCall(inhibit), this);
        connect(call, &QDBusPendingCallWatcher::finished, this, [this, logind = m_logind](QDBusPendingCallWatcher *done) {
            done->deleteLater();
            if (logind != m_logind) {
                // Asked of a logind that has gone since: its lock, if it came, is void and
                // closes with the reply; the call was forgotten when it went, and the one
                // there now is asked (or will be when it comes) by logindChanged().
                return;
            }
            m_taking = false;
            const uint64_t coming = std::exchange(m_coming, 0);
            int fd = -1;
            QDBusError error;
            {
                const QDBusPendingReply<QDBusUnixFileDescriptor> reply = *done;
                if (reply.isError()) {
                    error = reply.error();
                } else {
                    // Our own copy, close-on-exec, for the backend to keep; the reply closes its own.
                    fd = ::fcntl(reply.value().fileDescriptor(), F_DUPFD_CLOEXEC, 3);
                    if (fd < 0)
                        error = QDBusError(QDBusError::Failed, QString::fromLocal8Bit(std::strerror(errno)));
                }
            }
            if (fd < 0) {
                if (coming != 0) {
                    // Held while we asked, but logind gave no lock: it does not wait for us.
                    // Ended before the warning, so that whoever reads it finds it ended.
                    SignalBackend::dropDelayLock(coming);
                    m_deadline.stop();
                }
                m_lock = 0;
                inhibitFailed(error);
                return;
            }
            m_lock = coming != 0 ? SignalBackend::completeDelayLock(coming, fd) : SignalBackend::setDelayLock(fd);
            if (m_lock != 0) {
                // Asked again after each lock: besides a fresh budget, its answer comes after
                // the Inhibit reply (and Qt's and libdbus's copies of the descriptor in it)
                // has been freed, so "took" is said when the backend's copy is the only one.
                readDelay(coming != 0 ? LockTaken::ForTheShutdownUnderWay : LockTaken::Yes);
            } else {
                qCDebug(lcLogind, "the shutdown delay lock came after its hold had ended: closed");
            }
            if (m_lock != 0 && !SessionEvents::isWatched(Signal::Shutdown) && !SignalBackend::holdActive())
                dropLock();   // the last watcher went away while we asked
            else if (m_lock == 0 && !m_announced)
                update();     // the shutdown it came for was cancelled: one for the next
        });
    }

    enum class LockTaken { No, Yes, ForTheShutdownUnderWay };

    // How long logind waits for delay locks (InhibitDelayMaxUSec): the budget of a hold.
    // Asked once connected, whenever logind appears and after each lock; never waited
    // for: a shutdown announced before the first answer is held for logind's default.
    void readDelay(LockTaken taken = LockTaken::No)
    {
        QDBusMessage get = QDBusMessage::createMethodCall(Service, ManagerPath, PropertiesInterface,
                                                          QStringLiteral("Get"));
        get << ManagerInterface << QStringLiteral("InhibitDelayMaxUSec");
        auto *call = new QDBusPendingCallWatcher(m_bus.asyncCall(get), this);
        connect(call, &QDBusPendingCallWatcher::finished, this, [this, taken](QDBusPendingCallWatcher *done) {
            done->deleteLater();
            const QDBusPendingReply<QDBusVariant> reply = *done;
            bool ok = false;
            const qulonglong usec = reply.isError() ? 0 : reply.value().variant().toULongLong(&ok);
            if (ok) {
                // Kept in microseconds, as logind gives it, so that the margin is taken
                // before anything is rounded (holdBudget()); no more than a QTimer counts
                // (timerinterval_p.h): "infinity" (UINT64_MAX) and anything over 24.8 days
                // would overflow it. 0: logind does not wait for delay locks at all
                // (logind.conf(5), InhibitDelayMaxSec=), so nothing is held.
                constexpr qulonglong MaxUsec = qulonglong(INT_MAX) * 1000;
                m_delayMax = std::chrono::microseconds(qint64(std::min(usec, MaxUsec)));
                if (taken == LockTaken::No)
                    qCDebug(lcLogind, "logind waits up to %lld ms for delay locks",
                            static_cast<long long>(delayMaxMs()));
            }
            if (taken != LockTaken::No && m_lock != 0)
                qCDebug(lcLogind, "took a shutdown delay lock%s (logind waits up to %lld ms)",
                        taken == LockTaken::ForTheShutdownUnderWay ? " for the shutdown under way" : "",
                        static_cast<long long>(delayMaxMs()));
        });
    }

    // How long a hold lasts: logind's wait less the margin, or less half of it when the
    // wait is shorter than twice the margin, in whole milliseconds rounded down (never
    // more than that); 0 when that is under a millisecond, logind's wait under 2 ms
    // included: no hold. Before (breaker, issue 13 follow-up), a wait under 500 ms gave a
    // hold that had expired when it began, and GracefulShutdown forced the exit before or
    // after its hooks depending on timing; a wait of 0 was taken for logind's default of
    // 5 s. And (outside breaker, this round) the wait was rounded to milliseconds before
    // it was halved: 1000 to 1999 µs gave a hold of 1 ms, as long as logind's wait or
    // longer.
    // logind's wait in whole milliseconds, for the log.
    qint64 delayMaxMs() const { return std::chrono::duration_cast<std::chrono::milliseconds>(m_delayMax).count(); }

    std::chrono::milliseconds holdBudget() const
    {
        // Half of an odd count of microseconds rounds down: the margin is never the smaller half.
        const std::chrono::microseconds budget = m_delayMax < 2 * Margin ? m_delayMax / 2 : m_delayMax - Margin;
        return timerInterval(std::chrono::floor<std::chrono::milliseconds>(budget));
    }

    // The Inhibit call failed: why, in words that tell the cases apart.
    void inhibitFailed(const QDBusError &error)
    {
        if (isAbsent(error)) {
            qCDebug(lcLogind, "systemd-logind is not running (%ls): Shutdown is not announced",
                    qUtf16Printable(error.message()));
            return;
        }
        if (error.type() == QDBusError::NoReply || error.type() == QDBusError::Timeout
            || error.type() == QDBusError::TimedOut) {
            // Qt D-Bus's own reply timeout (25 s), or the broker's (reply_timeout).
            if (!std::exchange(m_warnedNoAnswer, true))
                qCWarning(lcLogind, "systemd-logind did not answer the request for a shutdown delay lock "
                          "(%ls: %ls): Shutdown is still delivered, but the machine may not wait for this "
                          "application to save its state",
                          qUtf16Printable(error.name()), qUtf16Printable(error.message()));
            return;
        }
        if (!std::exchange(m_warnedRefused, true))
            qCWarning(lcLogind, "systemd-logind refused a shutdown delay lock (%ls: %ls): Shutdown is still "
                      "delivered, but the machine will not wait for this application to save its state",
                      qUtf16Printable(error.name()), qUtf16Printable(error.message()));
        else
            qCDebug(lcLogind, "systemd-logind refused a shutdown delay lock again (%ls)", qUtf16Printable(error.name()));
    }

    void holdExpired()
    {
        // A hold that releaseHold() ended early closed its lock then: nothing to say now
        // (outside breaker: "ran out of time: closed" logged after an early release).
        if (SignalBackend::holdActive() && m_lock != 0) {
            if (m_lock == m_coming)
                qCDebug(lcLogind, "the shutdown hold ran out of time before its delay lock came: ended");
            else
                qCDebug(lcLogind, "the shutdown delay lock ran out of time: closed");
        }
        dropLock();
    }

    void dropLock()
    {
        m_deadline.stop();
        if (m_lock != 0)
            SignalBackend::dropDelayLock(m_lock);
        m_lock = 0;
    }

    QDBusConnection m_bus{QString()};
    uint64_t m_lock = 0;          // SignalBackend's delay lock, 0 when none is kept
    uint64_t m_coming = 0;        // a lock held before its Inhibit answer came (== m_lock), or 0
    bool m_taking = false;        // an Inhibit call is on its way
    unsigned m_logind = 0;        // counts logind's comings and goings (logindChanged())
    enum class Preparing { Unknown, Asking, Known };
    Preparing m_preparing = Preparing::Unknown;   // PreparingForShutdown, for this logind
    bool m_announced = false;     // PrepareForShutdown(true) came (or was under way when we
                                  // first asked), and no (false) since
    bool m_heldThisShutdown = false;   // and it was delivered held
    bool m_warnedRefused = false;
    bool m_warnedNoAnswer = false;
    bool m_warnedLost = false;
    std::chrono::microseconds m_delayMax = DefaultDelayMax;   // logind's InhibitDelayMaxUSec
    QTimer m_deadline{this};   // a child: it moves to the client's thread with it
};

// What other threads touch, under `mutex`.
struct Runtime {
    QMutex mutex;
    QThread *thread = nullptr;
    Client *client = nullptr;
    qint64 pid = 0;               // the process the thread runs in (not a fork child)
    qint64 qtDBusPid = 0;         // the process in which Qt D-Bus's thread was made by startLocked()
    qint64 forkWarnedPid = 0;     // the fork() child that said Qt D-Bus cannot run in it
    bool preRoutine = false;
};

Runtime &runtime()
{
    static Runtime *const r = new Runtime;   // never destroyed: used until the very end
    return *r;
}

void stopClient();

// Room for one more thread in this process, kept by a thread that waits, doing nothing,
// until release(). Hand-written because nothing in Qt or Debian answers "can a thread be
// made now, and keep that room for a moment"; needed for Qt D-Bus's thread (startLocked()).
class ThreadRoom
{
public:
    // Whether a thread could be made (pthread_create(3): EAGAIN for RLIMIT_NPROC, the
    // cgroup's pids.max or kernel.threads-max; ENOMEM): its error number, 0 when made.
    int reserve()
    {
        const AllSignalsBlocked blocked;   // it never takes the application's signals
        const int error = ::pthread_create(&m_thread, nullptr, &ThreadRoom::wait, this);
        m_made = error == 0;
        return error;
    }
    // Ends the waiting thread, and returns once the kernel counts it as gone. pthread_join()
    // returns when the kernel has cleared the thread's id (CLONE_CHILD_CLEARTID, early in
    // do_exit()), which is before it lowers the user's thread count and the cgroup's
    // (release_task() in kernel/exit.c): the count the next pthread_create() meets. The
    // thread's /proc/self/task entry goes after both, so that is waited for (not seen to
    // matter in 40 runs of tst_logind twoThreadsAreEnough without it; the window is a few
    // microseconds). Bounded: without /proc, or with a tracer that has not reaped the
    // thread yet, the room is given as it is after 100 ms.
    void release()
    {
        if (!std::exchange(m_made, false))
            return;
        const pid_t tid = m_tid.get_future().get();
        m_release.set_value();
        ::pthread_join(m_thread, nullptr);
        const QByteArray entry = "/proc/self/task/" + QByteArray::number(tid);
        const QDeadlineTimer patience(100);
        while (::access(entry.constData(), F_OK) == 0 && !patience.hasExpired())
            ::sched_yield();
    }
    ~ThreadRoom() { release(); }

private:
    static void *wait(void *self)
    {
        auto *room = static_cast<ThreadRoom *>(self);
        room->m_tid.set_value(static_cast<pid_t>(::syscall(SYS_gettid)));
        room->m_release.get_future().wait();
        return nullptr;
    }

    pthread_t m_thread{};
    bool m_made = false;
    std::promise<pid_t> m_tid;
    std::promise<void> m_release;
};

// With the mutex held: the thread and its client, for this QCoreApplication. Fails with
// OutOfResources, saying why in *why, when there are no descriptors or no threads for them.
SignalBackend::Result startLocked(Runtime &r, QString *why)
{
    if (r.client && r.pid == QCoreApplication::applicationPid())
        return {};
    // A fork() child of a process that never started the client gets its own (one of a
    // process that did cannot: qtDBusLeftInParentLocked()).
    // Qt aborts the process when a new thread's event loop cannot get its descriptors
    // (glib: "Creating pipes for GWakeup"), and Qt D-Bus adds a thread and a socket of its
    // own: ask first, as the shutdown watchdog does. Without them the watcher of Shutdown
    // is refused; the next one tries again. (The TSan runs where glib aborted near the
    // descriptor limit were Qt D-Bus's own thread, made later by connectToBus(), which
    // asks again.)
    constexpr int DescriptorsNeeded = 8;
    if (const SignalBackend::Result probe = SignalBackend::probeDescriptors(DescriptorsNeeded); !probe) {
        *why = QStringLiteral("out of descriptors: the thread that speaks to systemd-logind needs %1 (%2)")
                   .arg(DescriptorsNeeded)
                   .arg(QString::fromStdString(SignalBackend::systemErrorText(probe.systemErrno)));
        return probe;
    }
    // Qt D-Bus runs every connection in a thread of its own, one per process, made with
    // its first use (QDBusConnectionManager), and connecting waits for that thread without
    // a timeout. When it cannot be made, Qt only warns, and our thread would wait in
    // QDBusConnection::connectToBus() forever, for this watcher and every later one
    // (outside breaker: one thread left, watch() succeeded and Shutdown never came). So
    // two threads are needed: room for Qt D-Bus's is kept while ours starts, and then
    // given to it here, where a refusal is still possible.
    ThreadRoom qtDBusRoom;
    const bool makeQtDBusThread = r.qtDBusPid != QCoreApplication::applicationPid();
    const QString noThread = QStringLiteral("no thread left to speak to systemd-logind (it needs two: "
                                            "its own and Qt D-Bus's; %1)");
    if (makeQtDBusThread) {
        if (const int error = qtDBusRoom.reserve(); error != 0) {
            *why = noThread.arg(QStringLiteral("pthread_create: ")
                                + QString::fromStdString(SignalBackend::systemErrorText(error)));
            return {SignalBackend::Error::OutOfResources, error};
        }
    }
    auto thread = std::make_unique<QThread>();
    thread->setObjectName(QStringLiteral("SignalNotifier logind"));
    {
        const AllSignalsBlocked blocked;   // the new thread never takes the application's signals
        thread->start();
    }
    // QThread::start() only warns when pthread_create() fails (RLIMIT_NPROC, memory), and
    // leaves the thread not running: the one way to learn it.
    if (!thread->isRunning()) {
        *why = noThread.arg(QStringLiteral("QThread::start() failed"));
        return {SignalBackend::Error::OutOfResources, EAGAIN};
    }
    r.client = new Client;
    r.client->moveToThread(thread.get());
    if (makeQtDBusThread) {
        qtDBusRoom.release();
        // Any call of Qt D-Bus's makes its thread; this one (no connection of that name
        // exists yet) does nothing else. Made from our thread, which uses it, and waited
        // for: made from the calling thread instead (GracefulShutdown's watchdog thread,
        // which ends before the process), Qt D-Bus's thread data was reported leaked by
        // LeakSanitizer in 3 of 54 runs of tst_qml. Another thread of the application that
        // makes a thread in between can still take the room (docs/services.md, "When it
        // goes wrong").
        QMetaObject::invokeMethod(
            r.client, [] { QDBusConnection::disconnectFromBus(ConnectionName); }, Qt::BlockingQueuedConnection);
        r.qtDBusPid = QCoreApplication::applicationPid();
    }
    r.thread = thread.release();
    r.pid = QCoreApplication::applicationPid();
    qAddPostRoutine(stopClient);
    return {};
}

// When QCoreApplication goes: the client ends in its thread, which then ends.
void stopClient()
{
    Runtime &r = runtime();
    QMutexLocker lock(&r.mutex);
    if (!r.client || r.pid != QCoreApplication::applicationPid())
        return;
    Client *client = std::exchange(r.client, nullptr);
    QThread *thread = std::exchange(r.thread, nullptr);
    QMetaObject::invokeMethod(client, [client] {
        delete client;
        QThread::currentThread()->quit();
    }, Qt::QueuedConnection);
    lock.unlock();
    // A connection attempt to a bus that accepts but never answers could keep it longer:
    // then it is left to the end of the process rather than waited for.
    if (thread->wait(QDeadlineTimer(5000)))
        delete thread;
}

// With the mutex held: whether this is a fork() child of a process in which startLocked()
// made Qt D-Bus's thread. Only the thread that called fork() goes on in the child (fork(2)),
// but Qt D-Bus's objects say its thread runs: connecting would wait for it for ever, and so
// does Qt D-Bus's own exit handler when the child calls exit() (known to Qt users: Murmur
// and kiwix met it). Shutdown is then accepted, as where there is no system bus, and never
// announced, with one warning that says why, once Shutdown is watched there (`watched`:
// not for a watcher that only goes, outside breaker).
bool qtDBusLeftInParentLocked(Runtime &r, bool watched)
{
    const qint64 pid = QCoreApplication::applicationPid();
    if (r.qtDBusPid == 0 || r.qtDBusPid == pid)
        return false;
    if (watched && std::exchange(r.forkWarnedPid, pid) != pid)
        qCWarning(lcLogind, "Shutdown is not announced by systemd-logind in this fork() child: Qt D-Bus's thread, "
                  "made in the parent, does not run here, and Qt D-Bus would wait for it for ever; end the child "
                  "with _exit() or an exec() (Qt D-Bus's exit handler waits for that thread too)");
    return true;
}

// Set while addPreRoutineLocked() registers startWithApplication().
thread_local bool addingPreRoutine = false;

// Every QCoreApplication: starts the client if Shutdown is watched when it is made, by a
// notifier made before it, or one that outlived the application before it (whose post
// routine, stopClient(), ended the client then).
void startWithApplication()
{
    if (!addingPreRoutine && SessionEvents::isWatched(Signal::Shutdown))
        SessionSource::watchedChanged();
}

// With the mutex held: startWithApplication() from the next QCoreApplication on (Qt keeps
// a pre-routine for every later application object: qAddPreRoutine(), "called from the
// QCoreApplication constructor"). qAddPreRoutine() also calls it at once when an
// application exists, which would take the mutex again: that call does nothing.
// (Outside breaker: a notifier watching Shutdown outlived its QCoreApplication, and under
// the next one logind was asked for nothing, with no word said, while threading.md promises
// that such a notifier receives again.)
void addPreRoutineLocked(Runtime &r)
{
    if (std::exchange(r.preRoutine, true))
        return;
    addingPreRoutine = true;
    qAddPreRoutine(startWithApplication);
    addingPreRoutine = false;
}

} // namespace

void SessionSource::watchedChanged()
{
    const bool watched = SessionEvents::isWatched(Signal::Shutdown);
    Runtime &r = runtime();
    QMutexLocker lock(&r.mutex);
    addPreRoutineLocked(r);
    if (!QCoreApplication::instance())
        return;   // Qt D-Bus needs the application object: the client starts with it
    if (qtDBusLeftInParentLocked(r, watched))
        return;
    QString why;
    if (!startLocked(r, &why)) {
        // Started with the application for a watcher made before it, or the last one left
        // while a refused one came: nobody to refuse, so it is said, once.
        static std::atomic<bool> warned{false};
        if (!warned.exchange(true))
            qCWarning(lcLogind, "%ls: Shutdown is not announced by systemd-logind until a watcher of it comes "
                      "again", qUtf16Printable(why));
        return;
    }
    QMetaObject::invokeMethod(r.client, &Client::update, Qt::QueuedConnection);
}

SignalBackend::Result SessionSource::prepare(const QList<Signal> &events, QString *why)
{
    if (!events.contains(Signal(Signal::Shutdown)))
        return {};
    Runtime &r = runtime();
    QMutexLocker lock(&r.mutex);
    addPreRoutineLocked(r);
    if (!QCoreApplication::instance())
        return {};   // Qt D-Bus needs the application object: the client starts with it
    if (qtDBusLeftInParentLocked(r, true))
        return {};
    const SignalBackend::Result started = startLocked(r, why);
    if (!started) {
        why->prepend(QStringLiteral("cannot watch Shutdown: "));
        return started;
    }
    // Every watcher that comes tries again what an earlier one could not (the thread, or
    // connecting while short of descriptors: both only warned), not only the first: the
    // client does what is watched when this arrives (update()), and nothing when that is
    // done already. Before (outside breaker), a watcher that joined a watched Shutdown
    // never reached watchedChanged(), and Shutdown stayed silent until all had left.
    QMetaObject::invokeMethod(r.client, &Client::update, Qt::QueuedConnection);
    return started;
}

} // namespace SN

#include "logind.moc"
