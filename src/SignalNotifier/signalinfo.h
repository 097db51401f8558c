// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#pragma once

#include <SignalNotifier/signal.h>

namespace SN {

class SIGNALNOTIFIER_EXPORT SignalInfo
{
    Q_GADGET
    Q_PROPERTY(Signal signal READ signal)
    Q_PROPERTY(int code READ code)
    Q_PROPERTY(QString codeName READ codeName)
    Q_PROPERTY(qint64 senderPid READ senderPid)
    Q_PROPERTY(qint64 senderUid READ senderUid)
    Q_PROPERTY(bool hasValue READ hasValue)
    Q_PROPERTY(int value READ value)
    Q_PROPERTY(int childStatus READ childStatus)
    Q_PROPERTY(quint64 count READ count)
    Q_PROPERTY(bool overflow READ isOverflow)
    Q_PROPERTY(bool held READ isHeld)
    Q_PROPERTY(SessionEndFlags sessionEndFlags READ sessionEndFlags)
public:
    // What the system said when it ended the session or closed the application (Windows:
    // WM_ENDSESSION's lParam). Values match SignalBackend::SessionEndBit.
    enum SessionEndFlag {
        NoSessionEndFlags = 0,
        SessionLogoff = 1,     // ENDSESSION_LOGOFF: the user logs off
        SessionCloseApp = 2,   // ENDSESSION_CLOSEAPP: the Restart Manager closes this application
        SessionCritical = 4,   // ENDSESSION_CRITICAL: the end is forced
    };
    Q_DECLARE_FLAGS(SessionEndFlags, SessionEndFlag)
    Q_FLAG(SessionEndFlags)

    SignalInfo() = default;

    bool isValid() const { return m_signal.isValid(); }
    Signal signal() const { return m_signal; }
    int code() const { return m_code; }
    QString codeName() const;
    bool hasSender() const { return m_flags & HasSenderFlag; }
    qint64 senderPid() const { return hasSender() ? m_pid : -1; }
    qint64 senderUid() const { return hasSender() ? m_uid : -1; }
    bool hasValue() const { return m_flags & HasValueFlag; }
    int value() const { return m_value; }
    bool hasChildStatus() const { return m_flags & HasStatusFlag; }
    int childStatus() const { return m_status; }
    quint64 count() const { return m_count; }
    bool isOverflow() const { return m_flags & OverflowFlag; }
    bool isHeld() const { return m_flags & HeldFlag; }
    bool hasSessionEnd() const { return m_flags & SessionEndFlag_; }
    SessionEndFlags sessionEndFlags() const { return SessionEndFlags(int(m_sessionEnd)); }

    // Building one; used by the library and by tests that feed a notifier by hand.
    static SignalInfo make(Signal signal, int code, qint64 pid, qint64 uid);
    void setValue(int value);
    void setChildStatus(int status);
    void setCount(quint64 count);
    void setOverflow(bool overflow);
    void setHeld(bool held);
    void setSessionEndFlags(SessionEndFlags flags);

    friend SIGNALNOTIFIER_EXPORT bool operator==(const SignalInfo &a, const SignalInfo &b);
    friend bool operator!=(const SignalInfo &a, const SignalInfo &b) { return !(a == b); }

private:
    enum Flag : quint8 { HasSenderFlag = 1, HasValueFlag = 2, HasStatusFlag = 4, OverflowFlag = 8, HeldFlag = 16,
                         SessionEndFlag_ = 32 };
    Signal m_signal;
    int m_code = 0;
    qint64 m_pid = -1;
    qint64 m_uid = -1;
    int m_value = 0;
    int m_status = 0;
    quint64 m_count = 1;
    quint8 m_flags = 0;
    quint8 m_sessionEnd = 0;
};

Q_DECLARE_OPERATORS_FOR_FLAGS(SignalInfo::SessionEndFlags)

SIGNALNOTIFIER_EXPORT QDebug operator<<(QDebug debug, const SignalInfo &info);

} // namespace SN

Q_DECLARE_METATYPE(SN::SignalInfo)
