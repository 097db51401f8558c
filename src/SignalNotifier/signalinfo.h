// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#pragma once

#include <SignalNotifier/signal.h>

#include <QtCore/qshareddata.h>

namespace SN {

class SignalInfoData;

class SIGNALNOTIFIER_EXPORT SignalInfo
{
    Q_GADGET
    Q_PROPERTY(bool valid READ isValid)
    Q_PROPERTY(SN::Signal signal READ signal)
    Q_PROPERTY(int code READ code)
    Q_PROPERTY(QString codeName READ codeName)
    Q_PROPERTY(bool hasSender READ hasSender)
    Q_PROPERTY(qint64 senderPid READ senderPid)
    Q_PROPERTY(qint64 senderUid READ senderUid)
    Q_PROPERTY(bool hasValue READ hasValue)
    Q_PROPERTY(int value READ value)
    Q_PROPERTY(bool hasChildStatus READ hasChildStatus)
    Q_PROPERTY(int childStatus READ childStatus)
    Q_PROPERTY(quint64 count READ count)
    Q_PROPERTY(bool overflow READ isOverflow)
    Q_PROPERTY(bool held READ isHeld)
    Q_PROPERTY(bool hasSessionEnd READ hasSessionEnd)
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

    SignalInfo() noexcept;
    SignalInfo(const SignalInfo &other) noexcept;
    SignalInfo(SignalInfo &&other) noexcept;
    SignalInfo &operator=(const SignalInfo &other) noexcept;
    SignalInfo &operator=(SignalInfo &&other) noexcept;
    ~SignalInfo();
    void swap(SignalInfo &other) noexcept { d.swap(other.d); }

    bool isValid() const noexcept;
    Signal signal() const noexcept;
    int code() const noexcept;
    QString codeName() const;
    bool hasSender() const noexcept;
    qint64 senderPid() const noexcept;
    qint64 senderUid() const noexcept;
    bool hasValue() const noexcept;
    int value() const noexcept;
    bool hasChildStatus() const noexcept;
    int childStatus() const noexcept;
    quint64 count() const noexcept;
    bool isOverflow() const noexcept;
    bool isHeld() const noexcept;
    bool hasSessionEnd() const noexcept;
    SessionEndFlags sessionEndFlags() const noexcept;

    friend SIGNALNOTIFIER_EXPORT bool operator==(const SignalInfo &a, const SignalInfo &b) noexcept;
    friend bool operator!=(const SignalInfo &a, const SignalInfo &b) noexcept { return !(a == b); }

private:
    // Implicitly shared, so that a field added after 1.0 does not change the size of
    // SignalInfo in the user's binaries. Built by the library only (SignalInfoPrivate,
    // src/signalinfo_p.h): there are no public setters.
    friend class SignalInfoPrivate;
    QSharedDataPointer<SignalInfoData> d;
};

inline void swap(SignalInfo &a, SignalInfo &b) noexcept { a.swap(b); }

Q_DECLARE_OPERATORS_FOR_FLAGS(SignalInfo::SessionEndFlags)

SIGNALNOTIFIER_EXPORT QDebug operator<<(QDebug debug, const SignalInfo &info);

} // namespace SN

Q_DECLARE_TYPEINFO(SN::SignalInfo, Q_RELOCATABLE_TYPE);
Q_DECLARE_METATYPE(SN::SignalInfo)
