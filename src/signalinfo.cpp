// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#include "SignalNotifier/signalinfo.h"

#include "names_p.h"

#include <QtCore/qdebug.h>

namespace SN {

/*!
    \class SignalInfo
    \brief What the platform told about one activation of a SignalNotifier.

    The signal, its \c si_code (codeName() spells it: "SI_USER", "SI_QUEUE",
    "SI_KERNEL", "CLD_EXITED"), the sending process and user where the platform knows
    them, the \c sigqueue value, the child's status for SIGCHLD, and count(): how many
    arrivals this activation stands for. Standard signals that arrive while the
    notifier's thread is busy are merged into one activation carrying the latest
    details; realtime signals are never merged. isOverflow() marks an activation for
    arrivals whose details did not fit the bounded queue: they are counted, not lost.
    isHeld() marks an event after which the platform ends the process as soon as the
    application lets it (Windows CLOSE, LOGOFF, SHUTDOWN, session end): the process is
    kept alive until Session::releaseHold() or Session::holdDeadline().

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
    \brief Whether the system waits for Session::releaseHold() before it ends the process (Windows): isHeld().
*/

/*!
    \property SignalInfo::sessionEndFlags
    \brief What the system said with a session end (Windows): sessionEndFlags().
*/

/*!
    \fn SignalInfo::SignalInfo()
    Makes an invalid SignalInfo: isValid() is false.
*/

/*!
    \fn bool SignalInfo::isValid() const
    Whether this describes an activation (its signal() is valid).
*/

/*!
    \fn Signal SignalInfo::signal() const
    The signal that arrived.
*/

/*!
    \fn int SignalInfo::code() const
    The platform's \c si_code: why or by whom the signal was sent (\c SI_USER for
    \c kill, \c SI_QUEUE for \c sigqueue, \c CLD_EXITED for a child that ended...).
    codeName() spells it.
*/

/*!
    \fn bool SignalInfo::hasSender() const
    Whether the platform told which process sent the signal (senderPid(), senderUid()).
*/

/*!
    \fn qint64 SignalInfo::senderPid() const
    The sending process's id, or -1 when hasSender() is false. For SIGCHLD, the child's.

    \note Trust it only as far as code() allows. For the \c kill-type codes (\c SI_USER,
    \c SI_TKILL, and the kernel's own codes such as \c SI_KERNEL and the \c CLD_* codes of
    SIGCHLD) the kernel fills it in. For the \c sigqueue-type codes (\c SI_QUEUE, and any
    other code a process chose, such as \c SI_MESGQ or a negative one) it is what the sender
    claims: any process allowed to signal this one can forge it with
    \c rt_sigqueueinfo() / \c rt_tgsigqueueinfo(). Use codeName() to tell which.
*/

/*!
    \fn qint64 SignalInfo::senderUid() const
    The sending process's real user id, or -1 when hasSender() is false. Like senderPid(),
    filled in by the kernel for \c kill-type codes and only claimed by the sender for
    \c sigqueue-type codes, which any process allowed to signal this one can forge.
*/

/*!
    \fn bool SignalInfo::hasValue() const
    Whether the signal carried a value: it was sent with \c sigqueue (Signal::sendValue()).
*/

/*!
    \fn int SignalInfo::value() const
    The \c sigqueue value (\c sival_int) when hasValue(); otherwise 0.
*/

/*!
    \fn bool SignalInfo::hasChildStatus() const
    Whether childStatus() is meaningful: the signal is SIGCHLD.
*/

/*!
    \fn int SignalInfo::childStatus() const
    For SIGCHLD, the child's exit status or the signal that ended, stopped or continued
    it (\c si_status; code() says which).
*/

/*!
    \fn quint64 SignalInfo::count() const
    How many arrivals this activation stands for: 1, or more when standard signals were
    merged while the notifier's thread was busy, or the overflow count (isOverflow()).
*/

/*!
    \fn bool SignalInfo::isOverflow() const
    Whether this activation stands for count() arrivals whose details did not fit the
    bounded queue (SignalNotifier::queueCapacity()): counted, not lost, but without
    sender, value or status.
*/

/*!
    \fn bool SignalInfo::isHeld() const
    Whether the platform ends the process after this event as soon as the application
    lets it (Session::releaseHold()) or the deadline passes
    (Session::holdDeadline()): Windows CLOSE, LOGOFF, SHUTDOWN and session end.
    Never on POSIX.
*/

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
    \fn bool SignalInfo::hasSessionEnd() const
    Whether sessionEndFlags() says what the system said: true for an event delivered from
    WM_ENDSESSION on Windows (codeName() "WM_ENDSESSION"), false otherwise.
*/

/*!
    \fn SignalInfo::SessionEndFlags SignalInfo::sessionEndFlags() const
    The flags the system sent with a session end (WM_ENDSESSION's \c lParam on Windows):
    logoff, close-application (the Restart Manager, for an update) and critical. Meaningful
    only when hasSessionEnd(); NoSessionEndFlags otherwise. Any thread may read it.
*/

/*!
    Sets the session-end \a flags; hasSessionEnd() becomes true.
*/
void SignalInfo::setSessionEndFlags(SessionEndFlags flags)
{
    m_sessionEnd = quint8(flags.toInt());
    m_flags |= SessionEndFlag_;
}

/*!
    \fn bool operator!=(const SignalInfo &a, const SignalInfo &b)
    \relates SignalInfo
    Whether \a a and \a b differ in any detail.
*/

/*!
    The name of code() for this signal: "SI_USER", "SI_QUEUE", "SI_KERNEL",
    "CLD_EXITED"...; empty for an overflow activation or a platform without codes.
*/
QString SignalInfo::codeName() const
{
    // An overflow activation stands for arrivals whose details were not kept.
    if (m_signal.number() <= 0 || isOverflow())
        return QString();
    return QString::fromStdString(SignalBackend::codeName(m_signal.number(), m_code));
}

/*!
    Builds the SignalInfo of an arrival of \a signal with \a code, sent by process
    \a pid of user \a uid (a negative \a pid: sender unknown). The library uses it;
    tests use it to feed a notifier by hand.
*/
SignalInfo SignalInfo::make(Signal signal, int code, qint64 pid, qint64 uid)
{
    SignalInfo info;
    info.m_signal = signal;
    info.m_code = code;
    if (pid >= 0) {
        info.m_pid = pid;
        info.m_uid = uid;
        info.m_flags |= HasSenderFlag;
    }
    return info;
}

/*!
    Sets the \c sigqueue \a value; hasValue() becomes true.
*/
void SignalInfo::setValue(int value)
{
    m_value = value;
    m_flags |= HasValueFlag;
}

/*!
    Sets the child's \a status; hasChildStatus() becomes true.
*/
void SignalInfo::setChildStatus(int status)
{
    m_status = status;
    m_flags |= HasStatusFlag;
}

/*!
    Sets how many arrivals this stands for to \a count.
*/
void SignalInfo::setCount(quint64 count)
{
    m_count = count;
}

/*!
    Marks this as an overflow activation, or not (\a overflow).
*/
void SignalInfo::setOverflow(bool overflow)
{
    m_flags = overflow ? (m_flags | OverflowFlag) : (m_flags & ~OverflowFlag);
}

/*!
    Marks this as a held event, or not (\a held).
*/
void SignalInfo::setHeld(bool held)
{
    m_flags = held ? (m_flags | HeldFlag) : (m_flags & ~HeldFlag);
}

/*!
    \relates SignalInfo
    Whether \a a and \a b are the same in every detail.
*/
bool operator==(const SignalInfo &a, const SignalInfo &b)
{
    return a.m_signal == b.m_signal && a.m_code == b.m_code && a.m_pid == b.m_pid
        && a.m_uid == b.m_uid && a.m_value == b.m_value && a.m_status == b.m_status
        && a.m_count == b.m_count && a.m_flags == b.m_flags && a.m_sessionEnd == b.m_sessionEnd;
}

/*!
    \relates SignalInfo
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
