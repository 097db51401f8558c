// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#include "SignalNotifier/signal.h"
#include "SignalNotifier/signalinfo.h"

#include "channels_p.h"
#include "dispositions_p.h"
#include "names_p.h"
#include "process_p.h"
#include "sending_p.h"
#include "signalconvert_p.h"

#include <QtCore/qdebug.h>
#include <QtCore/qmetaobject.h>

namespace SN {

using SignalBackend::Id;

// The portable enum is the backend's, shifted by IdShift (see Signal::Id).
constexpr int IdShift = 256;
static_assert(int(Signal::Interrupt) == int(Id::Interrupt) + IdShift);
static_assert(int(Signal::FloatingPointError) == int(Id::FloatingPointError) + IdShift);
static_assert(int(Signal::Logoff) == int(Id::Logoff) + IdShift);
static_assert(int(Signal::Other) == int(Id::Other) + IdShift);
static_assert(int(Signal::Invalid) == int(Id::Invalid));

static Id toBackendId(Signal::Id id)
{
    return id == Signal::Invalid ? Id::Invalid : static_cast<Id>(int(id) - IdShift);
}

static Signal::Id fromBackendId(Id id)
{
    return id == Id::Invalid ? Signal::Invalid : static_cast<Signal::Id>(int(id) + IdShift);
}
static_assert(int(Error::SystemError) == int(SignalBackend::Error::SystemError));
static_assert(int(Signal::Unavailable) == int(SignalBackend::Disposition::Unavailable));

/*!
    \class Signal
    \brief A signal or console event: portable identity, platform number, name.

    A Signal is a small value. Build it from the portable enum (\c Signal::Interrupt),
    from the platform's number (\c fromNumber(SIGUSR1)), from a realtime offset
    (\c realtime(3) is SIGRTMIN+3) or from text (\c fromName(u"RTMIN+3")). Portable
    events that this platform never produces (Logoff and Shutdown on POSIX) are valid
    Signals with no number.

    \code
    Signal hup = Signal::fromName(u"HUP");
    qDebug() << hup.name() << hup.number() << hup.description();
    hup.setDisposition(Signal::Ignored);   // what it does when nobody watches
    Signal(Signal::User1).send(otherPid);
    \endcode
*/

/*!
    \property Signal::id
    \brief The portable identity: id().
*/

/*!
    \property Signal::number
    \brief The platform's number, -1 where it has none: number().
*/

/*!
    \property Signal::name
    \brief The platform's name, such as SIGINT or CTRL_C_EVENT: name().
*/

/*!
    \enum Signal::Id
    \brief The portable identity of a signal or console event.

    The same name means the same event on every platform; a platform that lacks one
    never produces it (see existsOnThisPlatform()). The POSIX signal is given first,
    then the Windows console event where there is one.

    \value Invalid            not a signal (a default-constructed Signal)
    \value Interrupt          SIGINT; Windows CTRL_C_EVENT. Ctrl-C in a terminal.
    \value Terminate          SIGTERM: kill, systemctl stop, a container stop.
    \value Hangup             SIGHUP, the terminal went away; Windows CTRL_CLOSE_EVENT
                              (alias Close): the console window is being closed.
    \value Quit               SIGQUIT (Ctrl-\); Windows CTRL_BREAK_EVENT (alias Break).
    \value User1              SIGUSR1
    \value User2              SIGUSR2
    \value Child              SIGCHLD: a child stopped, continued or ended.
    \value WindowChanged      SIGWINCH: the terminal's size changed.
    \value Alarm              SIGALRM
    \value VirtualAlarm       SIGVTALRM
    \value ProfilingTimer     SIGPROF
    \value Pipe               SIGPIPE
    \value Continue           SIGCONT
    \value TerminalStop       SIGTSTP (Ctrl-Z)
    \value TerminalInput      SIGTTIN
    \value TerminalOutput     SIGTTOU
    \value Urgent             SIGURG
    \value CpuTimeLimit       SIGXCPU
    \value FileSizeLimit      SIGXFSZ
    \value IoPossible         SIGIO / SIGPOLL
    \value PowerFailure       SIGPWR
    \value BadSystemCall      SIGSYS
    \value Trap               SIGTRAP
    \value Abort              SIGABRT
    \value StackFault         SIGSTKFLT
    \value Kill               SIGKILL: cannot be watched.
    \value Stop               SIGSTOP: cannot be watched.
    \value SegmentationFault  SIGSEGV: a synchronous fault, cannot be watched.
    \value BusError           SIGBUS: a synchronous fault, cannot be watched.
    \value IllegalInstruction SIGILL: a synchronous fault, cannot be watched.
    \value FloatingPointError SIGFPE: a synchronous fault, cannot be watched.
    \value Logoff             Windows CTRL_LOGOFF_EVENT and WM_ENDSESSION for a logoff;
                              never fires on POSIX.
    \value Shutdown           Windows CTRL_SHUTDOWN_EVENT and WM_ENDSESSION; never fires
                              on POSIX.
    \value Realtime           one of SIGRTMIN..SIGRTMAX (see realtime()).
    \value Other              a platform signal with no portable name.
    \value Break              the Windows name of Quit.
    \value Close              the Windows name of Hangup.
*/

/*!
    \enum Signal::Disposition
    \brief What a signal does in a process when it arrives (Python's getsignal()).

    \value Default      the system's default action (end, stop, ignore, core dump)
    \value Ignored      ignored (SIG_IGN)
    \value Watched      handled by this library for its notifiers
    \value Handled      handled by some other handler (or, for another process, by it)
    \value Unavailable  not a signal of this platform
*/

/*!
    \fn Signal::Signal()
    Makes an invalid Signal: isValid() is false.
*/

/*!
    \fn bool Signal::isValid() const
    Whether this is a signal at all: false for a default-constructed Signal and for
    the result of a failed fromNumber(), fromName() or realtime().
*/

/*!
    \fn bool operator==(Signal a, Signal b)
    \relates Signal
    Whether \a a and \a b are the same signal.
*/

/*!
    \fn bool operator!=(Signal a, Signal b)
    \relates Signal
    Whether \a a and \a b are different signals.
*/

/*!
    \fn bool operator<(Signal a, Signal b)
    \relates Signal
    An order for sorted containers: whether \a a comes before \a b.
*/

/*!
    \fn size_t qHash(Signal s, size_t seed)
    \relates Signal
    The hash of \a s with \a seed, for QHash and QSet.
*/

/*!
    \struct SignalState
    \brief One signal's state in a process, as Signal::processState() reads it.

    \var SignalState::signal
    The signal.
    \var SignalState::disposition
    What it does when it arrives.
    \var SignalState::blocked
    Whether it is blocked (for this process: in the calling thread).
    \var SignalState::pending
    Whether one is pending: arrived while blocked, not yet taken.
*/

/*! Makes the Signal for a portable \a id. */
Signal::Signal(Id id) noexcept
{
    if (id < Interrupt || id >= Realtime)
        return;   // Invalid, Realtime/Other (no single signal), or not an Id at all
    const SignalBackend::Id backendId = toBackendId(id);
    const int native = SignalBackend::nativeNumber(backendId);
    m_code = native > 0 ? native : -int(backendId);
}

/*! The Signal of platform number \a number; invalid when it is not one. */
Signal Signal::fromNumber(int number)
{
    Signal s;
    if (number > 0 && SignalBackend::idOf(number) != SignalBackend::Id::Invalid)
        s.m_code = number;
    return s;
}

/*! SIGRTMIN + \a offset; invalid when out of the realtime range or on Windows. */
Signal Signal::realtime(int offset)
{
    const int min = SignalBackend::realtimeMin();
    if (offset < 0 || min <= 0 || min + offset > SignalBackend::realtimeMax())
        return Signal();
    return fromNumber(min + offset);
}

/*!
    Parses \a text: "SIGINT", "INT", "int", "2", "RTMIN+3", "SIGRTMAX-1", or a portable
    name ("Interrupt", "logoff"). Returns an invalid Signal when it is none of these.
*/
Signal Signal::fromName(QStringView text)
{
    // Signal names are ASCII. Anything else is no name at all: Unicode case folding
    // would otherwise read U+212A KELVIN SIGN + "ill" as "Kill". Only ASCII blanks are
    // trimmed, for the same reason.
    qsizetype first = 0;
    qsizetype last = text.size();
    while (first < last && (text[first] == u' ' || text[first] == u'\t'))
        ++first;
    while (last > first && (text[last - 1] == u' ' || text[last - 1] == u'\t'))
        --last;
    const QStringView core = text.mid(first, last - first);
    for (QChar c : core) {
        if (c.unicode() < 0x21 || c.unicode() > 0x7e)
            return Signal();
    }
    const QString trimmed = core.toString();
    if (trimmed.isEmpty())
        return Signal();
    if (const int n = SignalBackend::parseNative(trimmed.toStdString()))
        return fromNumber(n);
    const QMetaEnum e = QMetaEnum::fromType<Id>();
    for (int i = 0; i < e.keyCount(); ++i) {
        const Id id = static_cast<Id>(e.value(i));
        if (id == Invalid || id == Realtime || id == Other)
            continue;
        // ASCII-only by the check above, so this case-insensitive compare is ASCII's.
        if (trimmed.compare(QLatin1String(e.key(i)), Qt::CaseInsensitive) == 0)
            return Signal(id);
    }
    return Signal();
}

/*! The portable identity; Realtime or Other for numbers without one. */
Signal::Id Signal::id() const
{
    if (m_code < 0)
        return fromBackendId(static_cast<SignalBackend::Id>(-m_code));
    if (m_code == 0)
        return Invalid;
    return fromBackendId(SignalBackend::idOf(m_code));
}

/*! The platform's number, or -1 when this platform has none for it. */
int Signal::number() const
{
    return m_code > 0 ? m_code : -1;
}

/*! True when the platform has this signal (it can arrive and be sent). */
bool Signal::existsOnThisPlatform() const
{
    return m_code > 0;
}

/*! True for SIGRTMIN..SIGRTMAX. */
bool Signal::isRealtime() const
{
    return id() == Realtime;
}

/*!
    An Error that says NoError when a notifier may watch this signal; otherwise why not,
    in a text that names the signal: UnknownSignal, ForbiddenSignal (KILL, STOP,
    synchronous faults) or UnsupportedSignal (a platform-only event asked for on another
    platform). Any thread.
*/
Error Signal::watchability() const
{
    Error::Code code = Error::UnknownSignal;
    if (m_code > 0)
        code = toCode(SignalBackend::checkWatchable(m_code));
    else if (m_code < 0)
        code = toCode(SignalBackend::checkPortable(static_cast<SignalBackend::Id>(-m_code)));
    return code == Error::NoError ? Error() : Error(code, errorTextFor(code, *this));
}

/*! "SIGINT", "SIGRTMIN+3"; the portable name ("Logoff") where there is no number. */
QString Signal::name() const
{
    if (m_code > 0)
        return QString::fromStdString(SignalBackend::nameOf(m_code));
    if (m_code < 0)
        return QString::fromLatin1(QMetaEnum::fromType<Id>().valueToKey(int(id())));
    return QString();
}

/*! The name without the "SIG" prefix: "INT", "RTMIN+3". */
QString Signal::shortName() const
{
    QString n = name();
    if (n.startsWith(QLatin1String("SIG")))
        n.remove(0, 3);
    return n;
}

/*! A fixed English description (thread-safe, unlike strsignal()). */
QString Signal::description() const
{
    if (m_code > 0)
        return QString::fromStdString(SignalBackend::descriptionOf(m_code));
    switch (id()) {
    case Logoff: return QStringLiteral("The user is logging off (Windows only)");
    case Shutdown: return QStringLiteral("The system is shutting down (Windows only)");
    default: return QString();
    }
}

/*! Every signal of this platform, by number (Python's signal.valid_signals()). */
QList<Signal> Signal::validSignals()
{
    QList<Signal> out;
    for (int n : SignalBackend::validNumbers())
        out.append(fromNumber(n));
    return out;
}

/*!
    The requests to end the program: Interrupt, Terminate, Hangup (Close on Windows),
    Logoff and Shutdown, and on Windows also Break (Ctrl+Break, which Windows' own default
    handler ends a console program for, and which ProcessStopper sends; Go and .NET stop
    on it too). On Windows Terminate is WM_CLOSE (taskkill without /F,
    QProcess::terminate(), the Restart Manager). Watching them is the one line most
    programs need; the events that do not exist here are watched harmlessly and never fire.
*/
QList<Signal> Signal::terminationRequests()
{
    QList<Signal> out;
    for (SignalBackend::Id id : SignalBackend::terminationRequestIds())
        out.append(Signal(fromBackendId(id)));
    return out;
}

/*!
    The requests to stop a daemon that reloads on SIGHUP: terminationRequests() without
    the POSIX Hangup. That is Interrupt (Ctrl-C in the foreground), Terminate
    (\c{systemctl stop}, \c{kill}, a container's stop), Logoff and Shutdown; on Windows,
    where Hangup is the console closing (CTRL_CLOSE_EVENT) and no one sends it to reload,
    Close and Break stay, so the list equals terminationRequests() there.

    Use it for GracefulShutdown in any program that also watches Hangup, e.g. for a
    configuration reload (systemd's \c{ExecReload=kill -HUP $MAINPID}, or
    \c{Type=notify-reload}, whose default reload signal is SIGHUP: systemd.service(5)):
    \code
    SN::GracefulShutdown shutdown(SN::Signal::serviceStopRequests());
    SN::SignalNotifier reload(SN::Signal::Hangup);
    \endcode
    A process that watches Hangup both as a stop request and for something else gets a
    warning naming this function. Any thread.
*/
QList<Signal> Signal::serviceStopRequests()
{
    QList<Signal> out;
    for (SignalBackend::Id id : SignalBackend::serviceStopRequestIds())
        out.append(Signal(fromBackendId(id)));
    return out;
}

/*! SIGRTMIN: the number of realtime(0), the lowest realtime signal. */
int Signal::realtimeMinimum() { return SignalBackend::realtimeMin(); }
/*! SIGRTMAX: the number of the highest realtime signal. */
int Signal::realtimeMaximum() { return SignalBackend::realtimeMax(); }

/*! What the signal does in this process now (Python's getsignal()). */
Signal::Disposition Signal::disposition() const
{
    if (m_code <= 0)
        return Unavailable;
    return static_cast<Disposition>(SignalBackend::disposition(m_code, nullptr));
}

/*! While Watched: what it would do without this library. Otherwise disposition(). */
Signal::Disposition Signal::underlyingDisposition() const
{
    if (m_code <= 0)
        return Unavailable;
    SignalBackend::Disposition under;
    SignalBackend::disposition(m_code, &under);
    return static_cast<Disposition>(under);
}

/*!
    Sets what the signal does when no notifier watches it: Default or Ignored
    (Python's signal(sig, SIG_DFL / SIG_IGN)). Notifiers that watch it keep receiving;
    this is what comes back when the last one stops.
*/
bool Signal::setDisposition(Disposition disposition, Error *error) const
{
    if (m_code <= 0)
        return fail(Error::UnknownSignal, *this, error);
    return check(SignalBackend::setDisposition(m_code, static_cast<SignalBackend::Disposition>(disposition)),
                 *this, error);
}

/*! Sends the signal to process \a pid (kill). \a pid must name one process (> 0). */
bool Signal::send(qint64 pid, Error *error) const
{
    if (m_code <= 0)
        return fail(Error::UnknownSignal, *this, error);
    return check(SignalBackend::send(pid, m_code), *this, error);
}

/*! Sends the signal with \a value to process \a pid (sigqueue). */
bool Signal::sendValue(qint64 pid, int value, Error *error) const
{
    if (m_code <= 0)
        return fail(Error::UnknownSignal, *this, error);
    return check(SignalBackend::sendValue(pid, m_code, value), *this, error);
}

/*! Sends the signal to the calling thread (raise). */
bool Signal::raise(Error *error) const
{
    if (m_code <= 0)
        return fail(Error::UnknownSignal, *this, error);
    return check(SignalBackend::raiseSignal(m_code), *this, error);
}

/*!
    Ends the process the way this signal's default action would, so that whoever waits
    for it reads the right status: on POSIX the signal is raised with its default action
    (a shell sees 130 for Interrupt and 143 for Terminate; systemd sees "killed by
    SIGTERM" and treats a stop as clean); a signal whose default action does not end the
    process exits with 128 + its number. On Windows the process exits with
    STATUS_CONTROL_C_EXIT, as Windows' own console handler does.

    Call it last, after state is saved: no destructors and no atexit handlers run.
    Portable events with no number here (Logoff, Shutdown on POSIX) end as Terminate.
*/
void Signal::endProcess() const
{
    SignalBackend::endProcessBy(toBackendId(id()), m_code > 0 ? m_code : 0);
}

/*!
    Opens a handle that names process \a pid for its whole life (a pidfd on Linux 5.3+),
    close-on-exec. Returns -1 on error, with the reason in \a error. Close it with
    \c close().
*/
int Signal::openProcessHandle(qint64 pid, Error *error)
{
    int handle = -1;
    if (!check(SignalBackend::openProcessHandle(pid, &handle), Signal(), error))
        return -1;
    return handle;
}

/*! Sends the signal through a handle from openProcessHandle(): never a reused pid. */
bool Signal::sendToHandle(int processHandle, Error *error) const
{
    if (m_code <= 0)
        return fail(Error::UnknownSignal, *this, error);
    return check(SignalBackend::sendToHandle(processHandle, m_code), *this, error);
}

/*! Whether the signal is blocked in the calling thread. */
bool Signal::isBlockedInThisThread() const
{
    return m_code > 0 && SignalBackend::isBlockedInThisThread(m_code);
}

/*!
    Blocks or unblocks \a set in the calling thread only (Python's pthread_sigmask()).
    A blocked signal waits, pending, until a thread that does not block it takes it.

    Threads inherit the mask of the thread that starts them. That is the recipe for
    strict order of realtime values in a program with several threads: block the
    realtime signals at the top of main(), before any thread starts, then unblock them
    in the one thread that should take them. When several threads may take a signal,
    two arrivals taken by two threads at the same instant may be recorded in either
    order; with one taking thread they are recorded in the kernel's order.
*/
bool Signal::setBlockedInThisThread(const QList<Signal> &set, bool blocked, Error *error)
{
    std::vector<int> natives;
    for (Signal s : set) {
        if (s.m_code <= 0)
            return fail(Error::UnknownSignal, s, error);
        natives.push_back(s.m_code);
    }
    return check(SignalBackend::setBlockedInThisThread(natives, blocked), Signal(), error);
}

/*!
    The state of every signal in process \a pid (0 or our own pid: this process, with
    blocked and pending as seen from the calling thread): what it does, whether it is
    blocked, whether one is pending. For another process this reads /proc/PID/status on
    Linux, which cannot tell a notifier from any other handler: both read as Handled.
*/
QList<SignalState> Signal::processState(qint64 pid, Error *error)
{
    std::vector<SignalBackend::ProcessSignalState> states;
    if (!check(SignalBackend::processState(pid, &states), Signal(), error))
        return {};
    QList<SignalState> out;
    for (const auto &s : states)
        out.append({fromNumber(s.native), static_cast<Disposition>(s.disposition), s.blocked, s.pending});
    return out;
}

/*!
    Blocks until one of \a set arrives or \a deadline passes (Python's sigtimedwait()).
    Notifiers that watch the same signals still get their copy. Returns the arrival,
    or std::nullopt on timeout (\a error then says NoError) or error (\a error says which).
*/
std::optional<SignalInfo> Signal::waitForAny(const QList<Signal> &set, QDeadlineTimer deadline,
                                             Error *error)
{
    if (error)
        *error = Error();
    std::vector<int> natives;
    for (Signal s : set) {
        if (s.m_code <= 0)
            return fail(s.m_code < 0 ? Error::UnsupportedSignal : Error::UnknownSignal, s, error), std::nullopt;
        natives.push_back(s.m_code);
    }
    // In whole milliseconds, rounded up, so the wait never ends before the deadline.
    const qint64 leftNs = deadline.remainingTimeNSecs();
    const qint64 leftMs = leftNs < 0 ? -1 : (leftNs + 999999) / 1000000;
    const int timeout = leftMs < 0 ? -1 : int(qMin<qint64>(leftMs, std::numeric_limits<int>::max()));
    SignalBackend::Record got;
    if (!check(SignalBackend::wait(natives, timeout, &got), Signal(), error))
        return std::nullopt;
    if (got.signal == 0)
        return std::nullopt;
    return infoOf(got);
}

// The message for \a code about \a signal: Error::codeText() with the signal's name.
QString errorTextFor(Error::Code code, Signal signal)
{
    const QString what = signal.isValid() ? signal.name() : QStringLiteral("the signal");
    switch (code) {
    case Error::ForbiddenSignal:
        return QStringLiteral("%1 cannot be watched: the system does not let a process catch it safely").arg(what);
    case Error::UnsupportedSignal: return QStringLiteral("%1 does not exist on this platform").arg(what);
    default: return Error::codeText(code);
    }
}

/*!
    \relates SN::SignalState
    Writes \a state to \a debug: `SignalState(Signal(SIGINT, 2), Watched, blocked, pending)`.
*/
QDebug operator<<(QDebug debug, const SignalState &state)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "SignalState(" << state.signal << ", " << state.disposition;
    if (state.blocked)
        debug << ", blocked";
    if (state.pending)
        debug << ", pending";
    return debug << ')';
}

// QVariant conversions, so that a Signal is written and read as its name where Qt speaks
// strings: QObject::setProperty("watchedSignals", QStringList{"HUP", "TERM"}), QSettings,
// QML. A name that names no signal becomes an invalid Signal, which the notifier then
// refuses with UnknownSignal (Qt 6.4's converters cannot report a failure themselves).
static void registerConversions()
{
    QMetaType::registerConverter<Signal, QString>(&Signal::name);
    QMetaType::registerConverter<QString, Signal>([](const QString &text) { return Signal::fromName(text); });
    QMetaType::registerConverter<QList<Signal>, QStringList>([](const QList<Signal> &list) {
        QStringList out;
        out.reserve(list.size());
        for (Signal s : list)
            out.append(s.name());
        return out;
    });
    QMetaType::registerConverter<QStringList, QList<Signal>>([](const QStringList &names) {
        QList<Signal> out;
        out.reserve(names.size());
        for (const QString &name : names)
            out.append(Signal::fromName(name));
        return out;
    });
}
Q_CONSTRUCTOR_FUNCTION(registerConversions)

/*!
    \relates Signal
    Writes \a signal to \a debug: `Signal(SIGINT, 2)`.
*/
QDebug operator<<(QDebug debug, Signal signal)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "Signal(" << (signal.isValid() ? signal.name() : QStringLiteral("invalid"));
    if (signal.number() > 0)
        debug << ", " << signal.number();
    return debug << ')';
}

} // namespace SN
