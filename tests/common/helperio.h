// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The other end of LineProcess (lineprocess.h), for a helper program a test drives: lines
// to stdout, commands ("<name> <argument>") from stdin, read by the main event loop, and a
// self-timeout so that a helper never outlives a failed test.

#pragma once

#include "say.h"

#include <QtCore/qbytearray.h>
#include <QtCore/qobject.h>
#include <QtCore/qsocketnotifier.h>
#include <QtCore/qtimer.h>

#include <chrono>
#include <cstdlib>
#include <functional>

#include <unistd.h>

namespace HelperIo {

using ::say;   // say.h: one line to stdout

// One line from stdin, read with plain read(2): blocking, byte by byte, so nothing is read
// ahead of the line (a helper may block in it on purpose). End of file: the test went
// away, and so does the helper.
inline QByteArray readLine()
{
    QByteArray line;
    char c;
    while (::read(STDIN_FILENO, &c, 1) == 1) {
        if (c == '\n')
            return line;
        line += c;
    }
    std::_Exit(0);
}

struct Command {
    QByteArray name;       // the first word
    QByteArray argument;   // the rest after one space, or empty
};

inline Command parse(const QByteArray &line)
{
    const qsizetype space = line.indexOf(' ');
    return space < 0 ? Command{line, QByteArray()} : Command{line.left(space), line.mid(space + 1)};
}

// From the event loop of the calling thread, each line on stdin goes to `handle`; the
// process ends itself with status 4 after `limit`. Keep the returned object alive.
class Commands
{
public:
    Commands(std::function<void(const Command &)> handle, std::chrono::milliseconds limit = std::chrono::seconds(60))
        : m_input(STDIN_FILENO, QSocketNotifier::Read)
    {
        QObject::connect(&m_input, &QSocketNotifier::activated, [handle] { handle(parse(readLine())); });
        QTimer::singleShot(limit, [] { std::_Exit(4); });
    }

private:
    QSocketNotifier m_input;
};

} // namespace HelperIo
