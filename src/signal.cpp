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
#include "signalnotifier_p.h"

#include <QtCore/qdatastream.h>
#include <QtCore/qdebug.h>
#include <QtCore/qmetaobject.h>

namespace SN {

using SignalBackend::Id;

// The portable enum is the backend's, shifted by IdShift (signalconvert_p.h).
static_assert(int(Signal::Interrupt) == int(Id::Interrupt) + IdShift);
static_assert(int(Signal::FloatingPointError) == int(Id::FloatingPointError) + IdShift);
static_assert(int(Signal::Logoff) == int(Id::Logoff) + IdShift);
static_assert(int(Signal::Other) == int(Id::Other) + IdShift);
static_assert(int(Signal::Invalid) == int(Id::Invalid));

static_assert(int(Error::SystemError) == int(SignalBackend::Error::SystemError));
static_assert(int(Signal::Unavailable) == int(SignalBackend::Disposition::Unavailable));

/*!
    \class Signal signal.h <SignalNotifier/Signal>
    \brief A signal or console event: portable identity, platform number, name.

    A Signal is a small value (one \c int; copy it freely, in any thread). Build it from the portable enum (\c Signal::Interrupt),
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

    A platform number becomes a Signal only through fromNumber(): \c{Signal(SIGHUP)},
    \c{watch(SIGHUP)} and every other call that takes a Signal refuse an \c int or any
    other number at compile time, with a message that names fromNumber(). A cast to Id is
    no way around it: the Id values lie above the signal numbers of every C library, so
    \c{static_cast<Signal::Id>(SIGHUP)} names no signal and makes an invalid Signal.

    Everything here may be called from any thread. The functions that act on this process
    (setDisposition(), raise(), the blocking and waiting ones) act on the whole process or
    on the calling thread, as each says. The calls that can fail take an optional
    \c{Error *error}, set on success too (NoError), and return false on failure (-1, an
    empty list or \c std::nullopt where they return something else). Where a POSIX call
    is named (\c kill, \c sigqueue, \c sigaction, ...), its manual page says what the
    system does; Windows' equivalents are named in Microsoft's documentation pages of the
    same name.

    A Signal converts to and from its name through QVariant (\c "SIGHUP", \c "HUP",
    \c "Hangup" are read; name() is written), so it works in properties set by name, in
    QSettings and in QML. qDebug() prints it as `Signal(SIGINT, 2)`.
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
                              never fires on POSIX (logind announces no end of the
                              caller's own session before the caller's end).
    \value Shutdown           Windows CTRL_SHUTDOWN_EVENT and WM_ENDSESSION; Linux
                              systemd-logind's PrepareForShutdown, held (a build with Qt
                              D-Bus; see SN::ServiceManager's page); never fires on other
                              POSIX systems.
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
    \fn Signal::Signal(Number)
    Not a constructor to call: a number given where a Signal is expected
    (\c{Signal(SIGHUP)}, \c{notifier.watch(SIGHUP)}) stops the compiler here, with a
    message that names fromNumber(). A POSIX number is not an Id, and a cast to Id would
    name another signal or none; write \c{Signal::fromNumber(SIGHUP)} for a platform
    number, or the portable name (\c{Signal::Hangup}). Comparing a Signal::Id with a
    number (\c{info.signal().id() == SIGHUP}, which would always be false) stops the
    compiler the same way: compare Signals or numbers(), not an Id with a number.
*/

/*!
    \fn bool Signal::isValid() const
    Whether this is a signal at all: false for a default-constructed Signal and for
    the result of a failed fromNumber(), fromName() or realtime().
*/

/*!
    \fn bool Signal::operator==(Signal a, Signal b)
    Whether \a a and \a b are the same signal. Two Signals made from the same event are
    equal however they were made (\c{Signal::Interrupt}, \c{fromNumber(SIGINT)},
    \c{fromName(u"INT")}).
*/

/*!
    \fn bool Signal::operator!=(Signal a, Signal b)
    Whether \a a and \a b are different signals.
*/

/*!
    \fn bool Signal::operator<(Signal a, Signal b)
    An order for sorted containers: whether \a a comes before \a b. The order is stable
    within a process, not meaningful across platforms.
*/

/*!
    \fn size_t Signal::qHash(Signal s, size_t seed)
    The hash of \a s with \a seed, for QHash and QSet.
*/

/*!
    \struct SignalState signal.h <SignalNotifier/Signal>
    \brief One signal's state in a process, as Signal::processState() reads it.

    A plain struct of values; any thread may use its own copy, and qDebug() prints it.

    \var SignalState::signal
    The signal.
    \var SignalState::disposition
    What it does when it arrives.
    \var SignalState::blocked
    Whether it is blocked (for this process: in the calling thread).
    \var SignalState::pending
    Whether one is pending: arrived while blocked, not yet taken.
*/

/*!
    Makes the Signal for a portable \a id; implicit, so \c{Signal s = Signal::Interrupt;}
    and a plain Id work wherever a Signal is expected. Realtime, Other and Invalid make an
    invalid Signal (they name no single signal; realtime() makes a realtime one). An event
    this platform lacks (Logoff on POSIX) makes a valid Signal with no number().
*/
Signal::Signal(Id id) noexcept
{
    if (id < Interrupt || id >= Realtime)
        return;   // Invalid, Realtime/Other (no single signal), or not an Id at all
    const SignalBackend::Id backendId = toBackendId(id);
    const int native = SignalBackend::nativeNumber(backendId);
    m_code = native > 0 ? native : -int(backendId);
}

/*!
    The Signal of platform number \a number: a POSIX signal number (\c SIGHUP,
    \c{SIGRTMIN + 2}); on Windows the C runtime's \c SIGINT, \c SIGTERM and \c SIGBREAK,
    and 256 + the \c CTRL_*_EVENT value for Close, Logoff and Shutdown, which the C runtime
    has no number for (number() gives the same). Invalid when it is not a signal of this
    platform. The only way from an \c int to a Signal.
*/
Signal Signal::fromNumber(int number)
{
    Signal s;
    if (number > 0 && SignalBackend::idOf(number) != SignalBackend::Id::Invalid)
        s.m_code = number;
    return s;
}

/*!
    SIGRTMIN + \a offset (\a offset from 0 to realtimeMaximum() - realtimeMinimum());
    invalid when out of that range, and always on Windows, which has no realtime signals.
    SIGRTMIN is read at run time: the C library keeps some realtime signals for itself
    (signal(7)).
*/
Signal Signal::realtime(int offset)
{
    const int min = SignalBackend::realtimeMin();
    if (offset < 0 || min <= 0 || min + offset > SignalBackend::realtimeMax())
        return Signal();
    return fromNumber(min + offset);
}

/*!
    Parses \a text: "SIGINT", "INT", "int", "2", "RTMIN+3", "SIGRTMAX-1", or a portable
    name ("Interrupt", "logoff"). Case does not matter; blanks (spaces and tabs, as
    isblank(3) has them) around it are ignored, around a number too; a number is decimal
    digits only, however many (leading zeros too), with no sign or base prefix.
    Returns an invalid Signal when it is none of these (any character outside printable
    ASCII makes it none: signal names are ASCII).
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

/*!
    True when the platform has this signal (it can arrive and be sent): number() is
    positive. False for the portable events another platform has (Logoff and Shutdown on
    POSIX), which may still be watched harmlessly, and for an invalid Signal.
*/
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

/*!
    A fixed English sentence: "Interrupt from the keyboard (Ctrl-C)" for SIGINT, "Realtime
    signal 3 (queued, delivered one by one with its value)" for SIGRTMIN+3; empty for an
    invalid Signal. Unlike strsignal(3) it does not depend on the locale and may be called
    from any thread.
*/
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

    For interactive programs, where a hang-up means the user has gone. A daemon that
    reloads its configuration on SIGHUP uses serviceStopRequests() instead: with this list
    it would stop on every reload.
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

/*!
    SIGRTMIN: the number of realtime(0), the lowest realtime signal, as the C library
    reports it at run time (signal(7)); 0 on Windows, which has none.
*/
int Signal::realtimeMinimum() { return SignalBackend::realtimeMin(); }
/*! SIGRTMAX: the number of the highest realtime signal; -1 on Windows, which has none. */
int Signal::realtimeMaximum() { return SignalBackend::realtimeMax(); }

/*!
    What the signal does in this process now (Python's getsignal(); POSIX: the action
    sigaction(2) reports): Watched while a notifier of this library holds it, Handled for
    another library's handler. Unavailable for a signal with no number here.
*/
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
    (Python's signal(sig, SIG_DFL / SIG_IGN); POSIX sigaction(2)). Notifiers that watch it
    keep receiving; this is what comes back when the last one stops. Setting Default also
    ends an ignore inherited from the parent (nohup): every notifier receives it from then
    on. Process-wide; any thread.

    Returns false, changing nothing, with \a error set: Error::UnknownSignal for an invalid
    signal, Error::UnsupportedSignal for one with no number here (Logoff on POSIX),
    Error::InvalidArgument for a \a disposition other than Default
    or Ignored, Error::ForbiddenSignal for SIGKILL and SIGSTOP and for ignoring a
    synchronous fault (the fault would repeat forever), Error::Unsupported on Windows for
    ignoring an event after which the system ends the process anyway (Close, Logoff,
    Shutdown), Error::SystemError with \c errno when sigaction fails.
*/
bool Signal::setDisposition(Disposition disposition, Error *error) const
{
    if (m_code <= 0)
        return fail(Error::UnknownSignal, *this, error);
    if (!check(SignalBackend::setDisposition(m_code, static_cast<SignalBackend::Disposition>(disposition)),
               *this, error))
        return false;
    forgetKeptIgnoredNote(m_code);   // a new situation: a later nohup note is said again
    return true;
}

/*!
    Sends the signal to process \a pid (POSIX kill(2)). \a pid must name one process
    (> 0): process groups and "every process" are never reached by a typo. Any thread.

    Returns false with \a error set: Error::InvalidArgument for a \a pid that names no
    single process, Error::UnknownSignal for an invalid signal, Error::UnsupportedSignal
    for one with no number here (Logoff on POSIX),
    Error::NoSuchProcess (\c ESRCH), Error::PermissionDenied (\c EPERM: another user's
    process).

    On Windows, where console events go to process groups, another process can be sent
    only Break, and only when it is a child started through ProcessStopper::prepare() that
    shares this process's console (GenerateConsoleCtrlEvent; the reasons are in
    ProcessStopper's description). Any other signal gives Error::Unsupported, any other
    \a pid Error::InvalidArgument, a child on a console of its own Error::Unsupported.
    Sent to this process's own pid it is raise().
*/
bool Signal::send(qint64 pid, Error *error) const
{
    if (m_code <= 0)
        return fail(Error::UnknownSignal, *this, error);
    return check(SignalBackend::send(pid, m_code), *this, error);
}

/*!
    Sends the signal with \a value to process \a pid (POSIX sigqueue(3)); the receiver
    reads it as SignalInfo::value(). Realtime signals queue one arrival per call, each with
    its value; a standard signal may be merged with another of its kind, keeping one
    value. Any thread.

    Errors as send(), and Error::OutOfResources (\c EAGAIN) when the receiver's queue of
    pending signals is full (its \c RLIMIT_SIGPENDING). Error::Unsupported on Windows,
    whose console events carry no value.
*/
bool Signal::sendValue(qint64 pid, int value, Error *error) const
{
    if (m_code <= 0)
        return fail(Error::UnknownSignal, *this, error);
    return check(SignalBackend::sendValue(pid, m_code, value), *this, error);
}

/*!
    Sends the signal to the calling thread (POSIX raise(3)): the thread's notifiers see it
    as any other arrival (SignalInfo::code() \c SI_TKILL on Linux), and without a watcher
    its current action applies, which may end the process. Returns false with
    Error::UnknownSignal for an invalid signal, Error::UnsupportedSignal for one with no
    number here (Logoff on POSIX).

    On Windows the event is delivered the way the system delivers it, on a new thread, to
    this process only (never GenerateConsoleCtrlEvent, which would reach every process on
    the console); unwatched, Windows' default applies and the process ends with
    \c STATUS_CONTROL_C_EXIT. Terminate is delivered as WM_CLOSE: to its watchers, and
    otherwise does nothing.
*/
bool Signal::raise(Error *error) const
{
    if (m_code <= 0)
        return fail(Error::UnknownSignal, *this, error);
    return check(SignalBackend::raiseSignal(m_code), *this, error);
}

/*!
    Sends the signal to one thread of this process, the one \a threadId names (Python's
    \c{signal.pthread_kill()}; POSIX pthread_kill(3)). \a threadId is what
    QThread::currentThreadId() returns in that thread: on POSIX systems Qt's handle is the
    thread's \c pthread_t (Qt 6's qthread.h reads it from the thread control block, which
    glibc, FreeBSD and macOS make the \c pthread_t; elsewhere Qt calls pthread_self()).
    Any thread may call it.

    The signal is delivered to that thread: its handler runs there, and a blocking call
    it is in is interrupted (\c EINTR) when a notifier watching the signal has
    SignalNotifier::interruptsBlockingCalls set, restarted otherwise. Notifiers are
    activated as for any arrival, in their own threads (SignalInfo::code() \c SI_TKILL on
    Linux). Unwatched, the signal's current action applies to the whole process (the
    default action of SIGTERM ends it, whichever thread it was sent to); a thread that
    blocks the signal keeps it pending until it unblocks it. Sent to the calling thread's
    own id it is raise().

    The thread must not have ended, and must not end during the call: POSIX leaves
    pthread_kill() on an ended thread undefined, and no call can tell an ended thread
    from a live one reliably. QThread's threads are detached, so the moment run()
    returns, the id may be reused by the next thread started and the signal would reach
    that one. Take the id in the thread (QThread::currentThreadId()) and send only while
    you know it runs: before QThread::wait() has returned, or while the thread is inside
    the work you mean to interrupt. (Where the C library still knows the ended thread, as
    glibc does for a joinable thread that was not joined yet, nothing is sent: glibc 2.34
    and later return success, others \c ESRCH, which is Error::NoSuchProcess.)

    Returns false, sending nothing, with \a error set: Error::InvalidArgument for a null
    \a threadId, Error::UnknownSignal for an invalid signal, Error::UnsupportedSignal for
    one with no number here (Logoff on POSIX),
    Error::ForbiddenSignal for Kill and Stop (they act on the whole process, whichever
    thread they are sent to: send() or raise() says so honestly), Error::NoSuchProcess
    (\c ESRCH) as above. On Windows, which has no per-thread signals (a console event
    runs on a new thread the system starts), it always fails: Error::Unsupported.

    \code
    // In the worker, before its blocking call; handed to the sender with a signal:
    Q_EMIT started(QThread::currentThreadId());
    // In the sender, while the worker runs:
    Signal(Signal::User1).sendToThread(workerId, &error);
    \endcode

    \sa raise(), SignalNotifier::interruptsBlockingCalls
*/
bool Signal::sendToThread(Qt::HANDLE threadId, Error *error) const
{
    if (m_code <= 0)
        return fail(Error::UnknownSignal, *this, error);
    const SignalBackend::Result r = SignalBackend::sendToThread(threadId, m_code);
    if (r)
        return report(Error(), error);
    const QString what = name();
    switch (toCode(r.error)) {
    case Error::InvalidArgument:
        return report(Error(Error::InvalidArgument,
                            QStringLiteral("%1 not sent: a null thread id names no thread").arg(what)),
                      error);
    case Error::ForbiddenSignal:
        return report(Error(Error::ForbiddenSignal,
                            QStringLiteral("%1 cannot be sent to one thread: it acts on the whole "
                                           "process (use send() or raise())").arg(what)),
                      error);
    case Error::NoSuchProcess:
        return report(Error(Error::NoSuchProcess,
                            QStringLiteral("%1 not sent: the thread has ended").arg(what), r.systemErrno),
                      error);
    default:
        return check(r, *this, error);
    }
}

/*!
    Ends the process the way this signal's default action would, so that whoever waits
    for it reads the right status: on POSIX the signal is raised with its default action
    (a shell sees 130 for Interrupt and 143 for Terminate; systemd sees "killed by
    SIGTERM" and treats a stop as clean); a signal whose default action does not end the
    process exits with 128 + its number. On Windows the process exits with
    STATUS_CONTROL_C_EXIT, as Windows' own console handler does.

    Call it last, after state is saved: no destructors and no atexit handlers run.
    Portable events with no number here (Logoff, Shutdown on POSIX), and an invalid Signal
    (isValid() false, e.g. Signal::fromNumber(0)), end as Terminate: the call never
    returns, so it has no error to report.
*/
void Signal::endProcess() const
{
    SignalBackend::endProcessBy(toBackendId(id()), m_code > 0 ? m_code : 0);
}

/*!
    Opens a handle that names process \a pid for its whole life (a pidfd on Linux 5.3+,
    pidfd_open(2)), close-on-exec: a signal sent through it with sendToHandle() never
    reaches another process that reused the pid. Close it with \c close(). Any thread.

    Returns -1 with \a error set: Error::InvalidArgument for a \a pid that names no single
    process, Error::NoSuchProcess, Error::OutOfResources (no descriptors left),
    Error::Unsupported where the system has no such handle (Linux before 5.3, the other
    POSIX systems, Windows).
*/
int Signal::openProcessHandle(qint64 pid, Error *error)
{
    int handle = -1;
    if (!check(SignalBackend::openProcessHandle(pid, &handle), Signal(), error))
        return -1;
    return handle;
}

/*!
    Sends the signal through \a processHandle, a handle from openProcessHandle()
    (pidfd_send_signal(2)): it reaches the process the handle was opened for, or none,
    never another that reused its pid. Any thread.

    Returns false with \a error set: Error::InvalidArgument for a handle that is not one,
    Error::UnknownSignal (Error::UnsupportedSignal for a signal with no number here),
    Error::NoSuchProcess (the process has ended),
    Error::PermissionDenied, Error::Unsupported where openProcessHandle() is.
*/
bool Signal::sendToHandle(int processHandle, Error *error) const
{
    if (m_code <= 0)
        return fail(Error::UnknownSignal, *this, error);
    return check(SignalBackend::sendToHandle(processHandle, m_code), *this, error);
}

/*!
    Whether the signal is blocked in the calling thread (POSIX pthread_sigmask(3)).
    Always false on Windows, which has no signal masks.
*/
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

    Kill and Stop cannot be blocked: the system leaves them out of every mask without a
    word (sigprocmask(2): "Attempts to do so are silently ignored"), so blocking a set that
    holds one is refused instead of reporting a success that did not happen (Python's
    \c{signal.pthread_sigmask()} accepts it silently). Unblocking them succeeds: they are
    never blocked. The synchronous faults (SegmentationFault, BusError,
    IllegalInstruction, FloatingPointError) may be blocked, as the system does: a fault
    sent with send() or raise() then waits, but one the thread causes itself (a bad
    pointer) is undefined by POSIX while blocked, and ends the process on Linux.

    An empty \a set changes nothing and succeeds. Either every signal of \a set is blocked
    (or unblocked), or the call fails and the mask is as it was.

    Returns false, changing nothing, with \a error set: Error::UnknownSignal when \a set
    holds an invalid signal, Error::UnsupportedSignal when it holds one with no number
    here (Logoff on POSIX), Error::ForbiddenSignal when \a blocked is true and \a set holds
    Kill or Stop, Error::Unsupported on Windows.
*/
bool Signal::setBlockedInThisThread(const QList<Signal> &set, bool blocked, Error *error)
{
    std::vector<int> natives;
    for (Signal s : set) {
        if (s.m_code <= 0)
            return fail(Error::UnknownSignal, s, error);
        if (blocked && (s.id() == Kill || s.id() == Stop)) {
            return report(Error(Error::ForbiddenSignal,
                                QStringLiteral("%1 cannot be blocked: the system never blocks SIGKILL "
                                               "or SIGSTOP (sigprocmask(2)); nothing was blocked")
                                    .arg(s.name())),
                          error);
        }
        natives.push_back(s.m_code);
    }
    return check(SignalBackend::setBlockedInThisThread(natives, blocked), Signal(), error);
}

/*!
    The state of every signal in process \a pid (0 or our own pid: this process, with
    blocked and pending as seen from the calling thread): what it does, whether it is
    blocked, whether one is pending. For another process this reads /proc/PID/status on
    Linux (proc(5): SigBlk, SigIgn, SigCgt, SigPnd and ShdPnd), which cannot tell a
    notifier from any other handler: both read as Handled. Any thread.

    Returns an empty list with \a error set: Error::InvalidArgument for a negative
    \a pid, Error::NoSuchProcess, Error::PermissionDenied (the process exists but its
    status cannot be read), Error::Unsupported for another process where there is no
    /proc (POSIX systems other than Linux) and on Windows, where another process's
    handlers cannot be read.
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
    Blocks the calling thread until one of \a set arrives or \a deadline passes (Python's
    sigtimedwait()); \a deadline is counted in whole milliseconds, rounded up, so the wait
    never ends before it (QDeadlineTimer::Forever waits for good). Notifiers that watch
    the same signals still get their copy. A signal of \a set that this thread blocks is
    taken anyway, as sigtimedwait(2) does; one that was ignored when the process started
    is taken too (waiting for it is an explicit request). Any thread, without an event
    loop.

    Returns the arrival, or std::nullopt on timeout (\a error then says NoError) or error
    (\a error says which): Error::InvalidArgument for an empty \a set,
    Error::UnknownSignal, Error::UnsupportedSignal or Error::ForbiddenSignal for a signal
    that cannot be watched (as watchability() says), Error::OutOfResources when no
    descriptor is left for the wait.
*/
std::optional<SignalInfo> Signal::waitForAny(const QList<Signal> &set, QDeadlineTimer deadline,
                                             Error *error)
{
    if (error)
        *error = Error();
    std::vector<int> natives;
    for (Signal s : set) {
        if (s.m_code <= 0)
            return fail(Error::UnknownSignal, s, error), std::nullopt;
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
    \relatesalso SN::SignalState
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
    // What QJsonArray::toVariantList() and QML arrays give.
    QMetaType::registerConverter<QVariantList, QList<Signal>>([](const QVariantList &values) {
        QList<Signal> out;
        out.reserve(values.size());
        for (const QVariant &v : values) {
            if (v.metaType() == QMetaType::fromType<Signal>())
                out.append(v.value<Signal>());
            else if (v.metaType() == QMetaType::fromType<Signal::Id>())
                out.append(Signal(v.value<Signal::Id>()));
            else if (v.metaType() == QMetaType::fromType<QString>())
                out.append(Signal::fromName(v.toString()));
            else
                out.append(Signal());   // numbers too: refused as unknown, never a signal
        }
        return out;
    });
    QMetaType::registerConverter<Signal::Id, Signal>([](Signal::Id id) { return Signal(id); });
}
Q_CONSTRUCTOR_FUNCTION(registerConversions)

/*!
    \relatesalso SN::Signal
    Writes \a signal to \a out as its name (a QString; empty for an invalid Signal), so
    that QSettings and other QDataStream users keep it across runs and platforms.
*/
QDataStream &operator<<(QDataStream &out, Signal signal)
{
    return out << (signal.isValid() ? signal.name() : QString());
}

/*!
    \relatesalso SN::Signal
    Reads into \a signal what operator<<() wrote; a name this platform does not know
    gives an invalid Signal.
*/
QDataStream &operator>>(QDataStream &in, Signal &signal)
{
    QString name;
    in >> name;
    signal = name.isEmpty() ? Signal() : Signal::fromName(name);
    return in;
}

/*!
    \relatesalso SN::Signal
    Writes \a signal to \a debug: `Signal(SIGINT, 2)`, or `Signal(Logoff)` for an event
    with no number here, `Signal(invalid)` for an invalid one.
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
