// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// What the examples need and do not teach: a file written atomically, a number of
// milliseconds from the command line, the lines of standard input. Kept here so that each
// example's main.cpp is about the library.
//
// The examples log with Qt's own logging, one category each ("daemon", "journal", ...):
// Qt's default message pattern prefixes a line with its category, QT_LOGGING_RULES filters
// them, and QT_MESSAGE_PATTERN changes the format. Qt sends them elsewhere when stderr is
// no console: to the systemd journal where Qt was built for it, to the debugger
// (OutputDebugString) on Windows; QT_FORCE_STDERR_LOGGING=1 keeps them on stderr.

#pragma once

#include <SignalNotifier/Signal>

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qfile.h>
#include <QtCore/qmetaobject.h>
#include <QtCore/qsavefile.h>
#include <QtCore/qstring.h>

#include <functional>
#include <thread>

namespace examples {

// Writes `content` to `path` with QSaveFile: afterwards the file is either the old one or
// the new one, never a mix, also when the process is killed while writing.
inline bool saveFile(const QString &path, const QByteArray &content, QString *error)
{
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(content);
    if (file.commit())
        return true;
    *error = path + QStringLiteral(": ") + file.errorString();
    return false;
}

// The value of an option that takes milliseconds; -1 when it is not a whole number >= 0.
inline int milliseconds(const QCommandLineParser &parser, const QCommandLineOption &option)
{
    bool ok = false;
    const int value = parser.value(option).toInt(&ok);
    return ok && value >= 0 ? value : -1;
}

// Calls onLine(line) for each line of standard input, without its line end, then onEnd()
// at the end of input, both in `context`'s thread. The input is read on a thread of its
// own, because a blocking read works the same on every platform; that thread is left to
// end with the process. It reads the descriptor, not std::cin: a thread blocked inside
// stdio holds the stream's lock, and whatever flushes every stream at exit would wait.
//
// The reader starts with the stop requests blocked (POSIX; a thread inherits its
// creator's mask), so the kernel hands them to a thread that runs an event loop. Without
// a sanitizer that makes no difference: the library's handler runs in whichever thread
// took the signal. Under ThreadSanitizer it does: TSan holds a signal until the thread
// that took it makes a call TSan treats as blocking, and read() is not one (GCC 12's
// libtsan), so a request taken by a thread sitting in read() would never be acted on.
// SIGTTIN stays unblocked: a background job's read() of the terminal must stop the job,
// not fail with EIO (termios(3)).
inline void readStandardInput(QObject *context, std::function<void(const QString &)> onLine,
                              std::function<void()> onEnd)
{
    QList<SN::Signal> blockedNow;   // those this thread did not block already
    for (SN::Signal s : {SN::Signal::Interrupt, SN::Signal::Terminate, SN::Signal::Hangup}) {
        if (!s.isBlockedInThisThread())
            blockedNow.append(s);
    }
    SN::Signal::setBlockedInThisThread(blockedNow, true);   // Error::Unsupported on Windows
    std::thread([context, onLine = std::move(onLine), onEnd = std::move(onEnd)] {
        QFile input;
        if (input.open(0, QIODevice::ReadOnly | QIODevice::Unbuffered)) {
            for (QByteArray line = input.readLine(); !line.isEmpty(); line = input.readLine()) {
                while (line.endsWith('\n') || line.endsWith('\r'))
                    line.chop(1);
                QMetaObject::invokeMethod(context, [onLine, text = QString::fromUtf8(line)] { onLine(text); });
            }
        }
        QMetaObject::invokeMethod(context, onEnd);
    }).detach();
    SN::Signal::setBlockedInThisThread(blockedNow, false);
}

} // namespace examples
