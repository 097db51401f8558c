// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// How a helper process reports to its test: one line on stdout.

#pragma once

#include <QtCore/qbytearray.h>
#include <QtCore/qstring.h>

#include <cstdlib>
#include <unistd.h>

// Writes `line` and a line end to stdout with one write(2): unbuffered, so a line is out
// before the helper goes on (a kill or _Exit loses nothing), and lines of several threads
// never mix. Ends the helper (status 3) when stdout is gone: the test went away.
inline void say(const QByteArray &line)
{
    const QByteArray bytes = line + '\n';
    if (::write(STDOUT_FILENO, bytes.constData(), size_t(bytes.size())) < 0)
        std::_Exit(3);
}

inline void say(const QString &line)
{
    say(line.toUtf8());
}

inline void say(const char *line)
{
    say(QByteArray(line));
}
