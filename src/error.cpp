// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#include "SignalNotifier/error.h"

#include <QtCore/qdebug.h>

namespace SN {

// Implicitly shared, so that a field added after 1.0 does not change the size of Error
// in the user's binaries; an Error that says NoError allocates nothing.
class ErrorPrivate : public QSharedData
{
public:
    Error::Code code = Error::NoError;
    int nativeCode = 0;
    QString text;
};

/*!
    \class SN::Error error.h <SignalNotifier/Error>
    \brief What went wrong in a call of this library: a code to act on and a text to show.

    Every fallible call takes an optional \c{SN::Error *error} and fills it in, success
    included (then code() is NoError), so that a caller tells PermissionDenied from
    NoSuchProcess without reading text. Objects (SignalNotifier, GracefulShutdown) keep
    Qt's pair \c error() (the Code) and \c errorString() (the text), with the same codes.

    Error converts to \c true when it holds an error:
    \code
    SN::Error error;
    if (!SN::Signal(SN::Signal::Terminate).send(pid, &error)
        && error.code() == SN::Error::NoSuchProcess)
        forget(pid);
    \endcode

    Error is an implicitly shared value type; copies are cheap, and any thread may use
    its own copy. It is a Qt metatype (it travels in queued connections and QVariant), its
    properties (code, text, nativeCode) are readable through QMetaObject, and qDebug()
    prints it.

    \sa SignalNotifier::error(), GracefulShutdown::error()
*/

/*!
    \property Error::code
    \brief Why the call failed, NoError when it did not: code().
*/

/*!
    \property Error::text
    \brief A one-line English message, empty for NoError: text().
*/

/*!
    \property Error::nativeCode
    \brief The system's own error number (\c errno, \c GetLastError()), 0 when none: nativeCode().
*/

/*!
    \enum Error::Code
    \brief Why a call failed; codeText() spells each one.

    \value NoError            nothing went wrong
    \value UnknownSignal      not a signal of this platform, or out of range
    \value ForbiddenSignal    SIGKILL, SIGSTOP or a synchronous fault: cannot be watched
    \value UnsupportedSignal  a portable event this platform does not have
    \value NoEventLoop        the thread has no Qt event loop, or no QCoreApplication exists
    \value OutOfResources     no descriptors, threads or notifier channels left
    \value PermissionDenied   the system refused (another user's process, say)
    \value NoSuchProcess      the process does not exist (any more)
    \value Unsupported        the system cannot do this (no pidfd, no /proc)
    \value InvalidArgument    a bad argument: a pid that names no single process, say
    \value SystemError        any other error from the system; nativeCode() has its number
*/

/*! Constructs an Error that says NoError. Allocates nothing. */
Error::Error() noexcept = default;

/*!
    Constructs an Error with \a code, the message \a text (codeText(code) when empty) and
    the system's own number \a nativeCode (\c errno on POSIX, \c GetLastError() on
    Windows; 0 when the system gave none).
*/
Error::Error(Code code, const QString &text, int nativeCode)
{
    if (code == NoError)
        return;
    d = new ErrorPrivate;
    d->code = code;
    d->nativeCode = nativeCode;
    d->text = text.isEmpty() ? codeText(code) : text;
}

/*! Constructs a copy of \a other; they share their data until one changes. */
Error::Error(const Error &other) noexcept = default;
/*! Takes over \a other's contents; \a other then says NoError. */
Error::Error(Error &&other) noexcept = default;
/*! Makes this a copy of \a other and returns a reference to it. */
Error &Error::operator=(const Error &other) noexcept = default;
/*! Takes over \a other's contents and returns a reference to this Error. */
Error &Error::operator=(Error &&other) noexcept = default;
/*! Destroys the Error. */
Error::~Error() = default;

/*!
    \fn bool Error::isError() const
    Whether something went wrong: code() is not NoError.
*/

/*!
    \fn Error::operator bool() const
    The same as isError(): \c{if (error)} reads "if something went wrong".
*/

/*!
    \fn void Error::swap(Error &other)
    Swaps this Error with \a other. Never fails.
*/

/*!
    \fn void swap(Error &a, Error &b)
    \relatesalso SN::Error
    Swaps \a a and \a b (for std::swap and the standard algorithms). Never fails.
*/

/*!
    \fn bool Error::operator==(const Error &a, Code b)
    Whether \a a has the code \a b: \c{error == SN::Error::NoSuchProcess}.
*/

/*!
    \fn bool Error::operator!=(const Error &a, Code b)
    Whether \a a's code is not \a b.
*/

/*!
    \fn bool Error::operator==(Code a, const Error &b)
    Whether \a b has the code \a a.
*/

/*!
    \fn bool Error::operator!=(Code a, const Error &b)
    Whether \a b's code is not \a a.
*/

/*! The code; NoError when nothing went wrong. */
Error::Code Error::code() const noexcept
{
    return d ? d->code : NoError;
}

/*!
    A one-line English message naming what failed and, where the system said why, its
    words; empty for NoError.
*/
QString Error::text() const
{
    return d ? d->text : QString();
}

/*!
    The system's own error number behind code(): \c errno on POSIX, \c GetLastError() on
    Windows; 0 when the failure was the library's own finding (a forbidden signal, say).
    On Windows a refusal the library finds itself while sending a console event (a pid
    that leads no process group, Ctrl+C to a group, a child on a console of its own) has a
    code of the library's own, with bit 29 set: the bit Microsoft reserves for
    application-defined codes (Microsoft documentation "SetLastError function"); text() says
    what it means.
*/
int Error::nativeCode() const noexcept
{
    return d ? d->nativeCode : 0;
}

/*!
    A one-line English message for \a code, without the details of one failure (which
    signal, the system's words): what text() says when the failing call had nothing to
    add. Empty for NoError. Any thread.
*/
QString Error::codeText(Code code)
{
    switch (code) {
    case NoError: return QString();
    case UnknownSignal:
        return QStringLiteral("unknown signal: not a signal of this platform (a platform number "
                              "becomes a Signal through Signal::fromNumber(), never a cast to Signal::Id)");
    case ForbiddenSignal:
        return QStringLiteral("the signal cannot be watched: the system does not let a process catch it safely");
    case UnsupportedSignal: return QStringLiteral("the signal does not exist on this platform");
    case NoEventLoop:
        return QStringLiteral("this thread has no Qt event loop (it was not started by QThread)");
    case OutOfResources: return QStringLiteral("out of resources (descriptors, threads or notifier channels)");
    case PermissionDenied: return QStringLiteral("permission denied");
    case NoSuchProcess: return QStringLiteral("no such process");
    case Unsupported: return QStringLiteral("not supported on this system");
    case InvalidArgument: return QStringLiteral("invalid argument");
    case SystemError: return QStringLiteral("system error");
    }
    return QString();
}

/*!
    \relatesalso SN::Error
    Writes \a error to \a debug: `SN::Error(PermissionDenied, "permission denied", 1)`,
    or `SN::Error(NoError)`.
*/
QDebug operator<<(QDebug debug, const Error &error)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "SN::Error(" << error.code();
    if (error.isError())
        debug << ", " << error.text() << ", " << error.nativeCode();
    return debug << ')';
}

} // namespace SN
