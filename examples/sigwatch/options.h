// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// sigwatch's command line: what the user asked for, fully checked before anything is
// installed or sent.

#pragma once

#include <SignalNotifier/Signal>

#include <QtCore/qlist.h>
#include <QtCore/qstring.h>
#include <QtCore/qstringlist.h>

#include <optional>

struct Options
{
    enum Mode { Watch, List, Send, Help, Version };

    Mode mode = Watch;
    bool json = false;
    QList<Signal> watched;          // Watch: every one of them watchable, no duplicates
    std::optional<quint64> count;   // Watch: exit 0 after this many activations
    Signal signal;                  // Send: exists on this platform
    qint64 pid = 0;                 // List: 0 for sigwatch itself; Send: the target
    std::optional<int> value;       // Send: sent with sigqueue when set
};

// Exit statuses. A run that ends by INT or TERM ends by that signal instead.
enum ExitCode { ExitSuccess = 0, ExitFailure = 1, ExitUsage = 2 };

// Parses `arguments` (without the program name). On bad input returns false and sets
// *error to one line that names the offending argument, without the "sigwatch: " prefix.
bool parseArguments(const QStringList &arguments, Options *options, QString *error);

// The signals watched when none are named.
QList<Signal> defaultWatchedSignals();

// The text of --help.
QString usageText();
