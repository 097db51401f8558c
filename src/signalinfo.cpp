// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#include "SignalNotifier/signalinfo.h"

#include "names_p.h"
#include "signalinfo_p.h"

#include <QtCore/qdebug.h>

#include <utility>

namespace SN {

/*!
    \class SignalInfo signalinfo.h <SignalNotifier/SignalInfo>
    \brief What the platform told about one activation of a SignalNotifier.

    The signal, its \c si_code (codeName() spells it: "SI_USER", "SI_QUEUE",
    "SI_KERNEL", "CLD_EXITED"), the sending process and user where the platform knows
    them, the \c sigqueue value, the child's status for SIGCHLD, and count(): how many
    arrivals this activation stands for. Standard signals that arrive while the
    notifier's thread is busy are merged into one activation carrying the latest
    details; realtime signals are never merged. isOverflow() marks an activation for
    arrivals whose details did not fit the bounded queue: they are counted, not lost.
    isHeld() marks an event after which the platform ends the process as soon as the
    application lets it (Windows CLOSE, LOGOFF, SHUTDOWN, session end; Linux: the machine's
    shutdown, announced by systemd-logind): the process is kept alive, or the shutdown
    waits, until Session::releaseHold() or Session::holdDeadline().

    \code
    SignalNotifier children(Signal::Child);
    QObject::connect(&children, &SignalNotifier::activated, &app, [](const SignalInfo &info) {
        qInfo() << info.codeName() << "child" << info.senderPid()          // "CLD_EXITED" child 4242
                << "status" << info.childStatus() << "x" << info.count();  // status 0 x 1
    });

    SignalNotifier reload(Signal::Hangup);
    QObject::connect(&reload, &SignalNotifier::activated, &app, [](const SignalInfo &info) {
        if (info.hasSender())
            qInfo() << "reload asked by pid" << info.senderPid() << "uid" << info.senderUid();
    });
    \endcode

    SignalInfo is an implicitly shared value type: a copy is cheap, any thread may read its
    own copy, and it travels in queued connections and QVariant (a Qt metatype; its
    properties are readable through QMetaObject, e.g. from QML). Only the library makes
    one; a default-constructed SignalInfo is invalid (isValid() false) and says nothing.
    The platform facts come from \c siginfo_t on POSIX (sigaction(2)) and from the console
    control handler and WM_ENDSESSION on Windows (Microsoft documentation "HandlerRoutine
    callback function", "WM_ENDSESSION message").
*/

/*!
    \property SignalInfo::valid
    \brief Whether it describes an activation: isValid().
*/

/*!
    \property SignalInfo::signal
    \brief The signal that arrived: signal().
*/

/*!
    \property SignalInfo::code
    \brief The system's code for how it was sent (si_code on POSIX): code().
*/

/*!
    \property SignalInfo::codeName
    \brief The code's name, such as SI_USER or CTRL_C_EVENT: codeName().
*/

/*!
    \property SignalInfo::hasSender
    \brief Whether the system said who sent it: hasSender().
*/

/*!
    \property SignalInfo::senderPid
    \brief The sending process's id, -1 when the system did not say: senderPid().
*/

/*!
    \property SignalInfo::senderUid
    \brief The sending process's user id, -1 when the system did not say: senderUid().
*/

/*!
    \property SignalInfo::hasValue
    \brief Whether a sigqueue() value came with it: hasValue().
*/

/*!
    \property SignalInfo::value
    \brief The sigqueue() value: value().
*/

/*!
    \property SignalInfo::hasChildStatus
    \brief Whether childStatus is meaningful (SIGCHLD): hasChildStatus().
*/

/*!
    \property SignalInfo::childStatus
    \brief The child's status, for SIGCHLD: childStatus().
*/

/*!
    \property SignalInfo::count
    \brief How many arrivals this activation stands for: count().
*/

/*!
    \property SignalInfo::overflow
    \brief Whether it stands for arrivals that did not fit the queue: isOverflow().
*/

/*!
    \property SignalInfo::held
    \brief Whether the system waits for Session::releaseHold() before it ends the process (Windows) or shuts down (Linux, logind): isHeld().
*/

/*!
    \property SignalInfo::hasSessionEnd
    \brief Whether it came from a session end, so sessionEndFlags is meaningful (Windows): hasSessionEnd().
*/

/*!
    \property SignalInfo::sessionEndFlags
    \brief What the system said with a session end (Windows): sessionEndFlags().
*/

/*!
    Makes an invalid SignalInfo: isValid() is false.
*/
SignalInfo::SignalInfo() noexcept = default;

/*! Constructs a copy of \a other; they share their data (a copy never allocates). */
SignalInfo::SignalInfo(const SignalInfo &other) noexcept = default;
/*! Takes over \a other's contents; \a other is then invalid. */
SignalInfo::SignalInfo(SignalInfo &&other) noexcept = default;
/*! Makes this a copy of \a other and returns a reference to it. */
SignalInfo &SignalInfo::operator=(const SignalInfo &other) noexcept = default;
/*! Takes over \a other's contents and returns a reference to this SignalInfo. */
SignalInfo &SignalInfo::operator=(SignalInfo &&other) noexcept = default;
/*! Destroys the SignalInfo. */
SignalInfo::~SignalInfo() = default;

/*!
    \fn void SignalInfo::swap(SignalInfo &other)
    Swaps this SignalInfo with \a other. Never fails.
*/

/*!
    \fn void swap(SignalInfo &a, SignalInfo &b)
    \relatesalso SN::SignalInfo
    Swaps \a a and \a b (for std::swap and the standard algorithms). Never fails.
*/

/*!
    Whether this describes an activation (its signal() is valid).
*/
bool SignalInfo::isValid() const noexcept
{
    return d && d->signal.isValid();
}

/*!
    The signal that arrived.
*/
Signal SignalInfo::signal() const noexcept
{
    return d ? d->signal : Signal();
}

/*!
    The platform's \c si_code: why or by whom the signal was sent (\c SI_USER for
    \c kill, \c SI_QUEUE for \c sigqueue, \c CLD_EXITED for a child that ended...).
    codeName() spells it.
*/
int SignalInfo::code() const noexcept
{
    return d ? d->code : 0;
}

/*!
    Whether the platform told which process sent the signal (senderPid(), senderUid()).
*/
bool SignalInfo::hasSender() const noexcept
{
    return d && (d->flags & SignalInfoData::HasSender);
}

/*!
    The sending process's id, or -1 when hasSender() is false. For SIGCHLD, the child's.

    \note Trust it only as far as code() allows. For the \c kill-type codes (\c SI_USER,
    \c SI_TKILL, and the kernel's own codes such as \c SI_KERNEL and the \c CLD_* codes of
    SIGCHLD) the kernel fills it in. For the \c sigqueue-type codes (\c SI_QUEUE, and any
    other code a process chose, such as \c SI_MESGQ or a negative one) it is what the sender
    claims: any process allowed to signal this one can forge it with
    \c rt_sigqueueinfo() / \c rt_tgsigqueueinfo(). Use codeName() to tell which.
*/
qint64 SignalInfo::senderPid() const noexcept
{
    return hasSender() ? d->pid : -1;
}

/*!
    The sending process's real user id, or -1 when hasSender() is false. Like senderPid(),
    filled in by the kernel for \c kill-type codes and only claimed by the sender for
    \c sigqueue-type codes, which any process allowed to signal this one can forge.
*/
qint64 SignalInfo::senderUid() const noexcept
{
    return hasSender() ? d->uid : -1;
}

/*!
    Whether the signal carried a value: it was sent with \c sigqueue (Signal::sendValue()).
*/
bool SignalInfo::hasValue() const noexcept
{
    return d && (d->flags & SignalInfoData::HasValue);
}

/*!
    The \c sigqueue value (\c sival_int) when hasValue(); otherwise 0.
*/
int SignalInfo::value() const noexcept
{
    return hasValue() ? d->value : 0;
}

/*!
    Whether childStatus() is meaningful: the signal is SIGCHLD.
*/
bool SignalInfo::hasChildStatus() const noexcept
{
    return d && (d->flags & SignalInfoData::HasStatus);
}

/*!
    For SIGCHLD, the child's exit status or the signal that ended, stopped or continued
    it (\c si_status; code() says which).
*/
int SignalInfo::childStatus() const noexcept
{
    return hasChildStatus() ? d->status : 0;
}

/*!
    How many arrivals this activation stands for: 1, or more when standard signals were
    merged while the notifier's thread was busy, or the overflow count (isOverflow()).
*/
quint64 SignalInfo::count() const noexcept
{
    return d ? d->count : 0;
}

/*!
    Whether this activation stands for count() arrivals whose details did not fit the
    bounded queue (SignalNotifier::queueCapacity()): counted, not lost, but without
    sender, value or status.
*/
bool SignalInfo::isOverflow() const noexcept
{
    return d && (d->flags & SignalInfoData::Overflow);
}

/*!
    Whether the platform ends the process after this event as soon as the application
    lets it (Session::releaseHold()) or the deadline passes
    (Session::holdDeadline()): Windows CLOSE, LOGOFF, SHUTDOWN and session end; on
    Linux, a Shutdown from systemd-logind while the library holds its delay lock (the
    machine waits before it shuts down). Never for a POSIX signal.
*/
bool SignalInfo::isHeld() const noexcept
{
    return d && (d->flags & SignalInfoData::Held);
}

/*!
    \enum SignalInfo::SessionEndFlag
    \brief What the system said when it ended the session or closed the application.

    Windows only, from WM_ENDSESSION's \c lParam (Microsoft documentation: "WM_ENDSESSION
    message", "WM_QUERYENDSESSION message"); several may be set. Never set on POSIX.

    \value NoSessionEndFlags  a shutdown or restart of the system (\c lParam 0)
    \value SessionLogoff      \c ENDSESSION_LOGOFF: the user is logging off (signal() is Logoff)
    \value SessionCloseApp    \c ENDSESSION_CLOSEAPP: an installer closes this application
                              through the Restart Manager, to replace files in use; the rest
                              of the system goes on (signal() is Terminate). See
                              Session::registerRestart().
    \value SessionCritical    \c ENDSESSION_CRITICAL: the end is forced; the application may
                              not get another chance to save
*/

/*!
    Whether sessionEndFlags() says what the system said: true for an event delivered from
    WM_ENDSESSION on Windows (codeName() "WM_ENDSESSION"), false otherwise.
*/
bool SignalInfo::hasSessionEnd() const noexcept
{
    return d && (d->flags & SignalInfoData::HasSessionEnd);
}

/*!
    The flags the system sent with a session end (WM_ENDSESSION's \c lParam on Windows):
    logoff, close-application (the Restart Manager, for an update) and critical. Meaningful
    only when hasSessionEnd(); NoSessionEndFlags otherwise. Any thread may read it.
*/
SignalInfo::SessionEndFlags SignalInfo::sessionEndFlags() const noexcept
{
    return hasSessionEnd() ? SessionEndFlags(int(d->sessionEnd)) : SessionEndFlags();
}

/*!
    \fn bool SignalInfo::operator!=(const SignalInfo &a, const SignalInfo &b)
    Whether \a a and \a b differ in any detail.
*/

/*!
    The name of code() for this signal: "SI_USER", "SI_QUEUE", "SI_KERNEL",
    "CLD_EXITED"...; for an event that is no signal, what the system sent: Windows'
    "CTRL_SHUTDOWN_EVENT", "WM_ENDSESSION", "SERVICE_CONTROL_STOP"..., and on Linux
    "PrepareForShutdown" for Signal::Shutdown announced by systemd-logind (code() is 0
    there). Empty for an overflow activation or a platform without codes.
*/
QString SignalInfo::codeName() const
{
    if (d && !d->eventName.isEmpty())
        return d->eventName;
    // An overflow activation stands for arrivals whose details were not kept.
    if (!d || d->signal.number() <= 0 || isOverflow())
        return QString();
    return QString::fromStdString(SignalBackend::codeName(d->signal.number(), d->code));
}

/*!
    Whether \a a and \a b are the same in every detail: signal, code, sender, value, child
    status, count and flags. Two invalid SignalInfos are equal.
*/
bool operator==(const SignalInfo &a, const SignalInfo &b) noexcept
{
    if (a.d == b.d)
        return true;
    const SignalInfoData empty;
    const SignalInfoData &x = a.d ? *a.d : empty;
    const SignalInfoData &y = b.d ? *b.d : empty;
    return x.signal == y.signal && x.code == y.code && x.pid == y.pid && x.uid == y.uid
        && x.value == y.value && x.status == y.status && x.count == y.count
        && x.flags == y.flags && x.sessionEnd == y.sessionEnd && x.eventName == y.eventName;
}

// ---- SignalInfoPrivate: how the library builds one ------------------------------------

SignalInfo SignalInfoPrivate::make(Signal signal, int code, qint64 pid, qint64 uid, SignalInfoSpare *spare)
{
    SignalInfo info;
    if (SignalInfoData *reused = spare ? std::exchange(spare->m_data, nullptr) : nullptr) {
        static_cast<SignalInfoFields &>(*reused) = SignalInfoFields();
        info.d = QSharedDataPointer<SignalInfoData>(reused, QAdoptSharedDataTag());   // its count is 1
    } else {
        info.d = new SignalInfoData;
    }
    info.d->signal = signal;
    info.d->code = code;
    if (pid >= 0) {
        info.d->pid = pid;
        info.d->uid = uid;
        info.d->flags |= SignalInfoData::HasSender;
    }
    return info;
}

void SignalInfoPrivate::recycle(SignalInfo &&info, SignalInfoSpare *spare)
{
    // A count of 1 is our own reference: no other thread holds one, so none can copy it
    // or read it any more. Read with acquire: the holders that released theirs (a
    // release) are done reading the data before it is written again. (Through
    // constData(): a non-const QSharedDataPointer detaches, i.e. copies, when tested.)
    const SignalInfoData *d = info.d.constData();
    if (spare && !spare->m_data && d && d->ref.loadAcquire() == 1)
        spare->m_data = info.d.take();   // the count stays 1, now the spare's
    else
        info.d.reset();
}

SignalInfoData &SignalInfoPrivate::edit(SignalInfo &info)
{
    if (!info.d)
        info.d = new SignalInfoData;
    return *info.d;   // detaches
}

void SignalInfoPrivate::setValue(SignalInfo &info, int value)
{
    SignalInfoData &d = edit(info);
    d.value = value;
    d.flags |= SignalInfoData::HasValue;
}

void SignalInfoPrivate::setChildStatus(SignalInfo &info, int status)
{
    SignalInfoData &d = edit(info);
    d.status = status;
    d.flags |= SignalInfoData::HasStatus;
}

void SignalInfoPrivate::setCount(SignalInfo &info, quint64 count)
{
    edit(info).count = count;
}

void SignalInfoPrivate::setOverflow(SignalInfo &info, bool overflow)
{
    SignalInfoData &d = edit(info);
    d.flags = overflow ? (d.flags | SignalInfoData::Overflow) : (d.flags & ~SignalInfoData::Overflow);
}

void SignalInfoPrivate::setHeld(SignalInfo &info, bool held)
{
    SignalInfoData &d = edit(info);
    d.flags = held ? (d.flags | SignalInfoData::Held) : (d.flags & ~SignalInfoData::Held);
}

void SignalInfoPrivate::setEventName(SignalInfo &info, const QString &name)
{
    edit(info).eventName = name;
}

void SignalInfoPrivate::setSessionEndFlags(SignalInfo &info, SignalInfo::SessionEndFlags flags)
{
    SignalInfoData &d = edit(info);
    d.sessionEnd = quint8(flags.toInt());
    d.flags |= SignalInfoData::HasSessionEnd;
}

/*!
    \relatesalso SN::SignalInfo
    Writes \a info to \a debug: `SignalInfo(Signal(SIGUSR1, 10), SI_USER, pid 42, uid 1000)`.
*/
QDebug operator<<(QDebug debug, const SignalInfo &info)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "SignalInfo(" << info.signal() << ", " << info.codeName();
    if (info.hasSender())
        debug << ", pid " << info.senderPid() << ", uid " << info.senderUid();
    if (info.hasValue())
        debug << ", value " << info.value();
    if (info.hasChildStatus())
        debug << ", status " << info.childStatus();
    if (info.count() != 1)
        debug << ", count " << info.count();
    if (info.isOverflow())
        debug << ", overflow";
    if (info.hasSessionEnd())
        debug << ", " << info.sessionEndFlags();
    return debug << ')';
}

} // namespace SN
