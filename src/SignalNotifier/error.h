// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#pragma once

#include <SignalNotifier/signalnotifier_export.h>

#include <QtCore/qmetatype.h>
#include <QtCore/qobjectdefs.h>
#include <QtCore/qshareddata.h>
#include <QtCore/qstring.h>

class QDebug;

namespace SN {

class ErrorPrivate;

class SIGNALNOTIFIER_EXPORT Error
{
    Q_GADGET
    Q_PROPERTY(Code code READ code)
    Q_PROPERTY(QString text READ text)
    Q_PROPERTY(int nativeCode READ nativeCode)
public:
    enum Code {
        NoError = 0,
        UnknownSignal,
        ForbiddenSignal,
        UnsupportedSignal,
        NoEventLoop,
        OutOfResources,
        PermissionDenied,
        NoSuchProcess,
        Unsupported,
        InvalidArgument,
        SystemError,
    };
    Q_ENUM(Code)

    Error() noexcept;
    Error(Code code, const QString &text = QString(), int nativeCode = 0);
    Error(const Error &other) noexcept;
    Error(Error &&other) noexcept;
    Error &operator=(const Error &other) noexcept;
    Error &operator=(Error &&other) noexcept;
    ~Error();

    Code code() const noexcept;
    QString text() const;
    int nativeCode() const noexcept;
    bool isError() const noexcept { return code() != NoError; }
    explicit operator bool() const noexcept { return isError(); }

    static QString codeText(Code code);

    void swap(Error &other) noexcept { d.swap(other.d); }

    friend bool operator==(const Error &a, Code b) noexcept { return a.code() == b; }
    friend bool operator!=(const Error &a, Code b) noexcept { return a.code() != b; }
    friend bool operator==(Code a, const Error &b) noexcept { return a == b.code(); }
    friend bool operator!=(Code a, const Error &b) noexcept { return a != b.code(); }

private:
    QSharedDataPointer<ErrorPrivate> d;
};

inline void swap(Error &a, Error &b) noexcept { a.swap(b); }

SIGNALNOTIFIER_EXPORT QDebug operator<<(QDebug debug, const Error &error);

} // namespace SN

Q_DECLARE_TYPEINFO(SN::Error, Q_RELOCATABLE_TYPE);
Q_DECLARE_METATYPE(SN::Error)
