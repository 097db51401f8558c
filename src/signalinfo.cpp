// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#include "SignalNotifier/signalinfo.h"

#include "signalbackend_p.h"

#include <QtCore/qdebug.h>

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
    kept alive until SignalNotifier::releaseHold() or SignalNotifier::holdDeadline().
*/

QString SignalInfo::codeName() const
{
    // An overflow activation stands for arrivals whose details were not kept.
    if (m_signal.number() <= 0 || isOverflow())
        return QString();
    return QString::fromStdString(SignalBackend::codeName(m_signal.number(), m_code));
}

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

void SignalInfo::setValue(int value)
{
    m_value = value;
    m_flags |= HasValueFlag;
}

void SignalInfo::setChildStatus(int status)
{
    m_status = status;
    m_flags |= HasStatusFlag;
}

void SignalInfo::setCount(quint64 count)
{
    m_count = count;
}

void SignalInfo::setOverflow(bool overflow)
{
    m_flags = overflow ? (m_flags | OverflowFlag) : (m_flags & ~OverflowFlag);
}

void SignalInfo::setHeld(bool held)
{
    m_flags = held ? (m_flags | HeldFlag) : (m_flags & ~HeldFlag);
}

bool operator==(const SignalInfo &a, const SignalInfo &b)
{
    return a.m_signal == b.m_signal && a.m_code == b.m_code && a.m_pid == b.m_pid
        && a.m_uid == b.m_uid && a.m_value == b.m_value && a.m_status == b.m_status
        && a.m_count == b.m_count && a.m_flags == b.m_flags;
}

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
    return debug << ')';
}
