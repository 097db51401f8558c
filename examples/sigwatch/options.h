// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// sigwatch's command line: what the user asked for, fully checked before anything is
// installed, read or sent.

#pragma once

#include <SignalNotifier/Signal>

#include <QtCore/qlist.h>
#include <QtCore/qstring.h>
#include <QtCore/qstringlist.h>

#include <optional>

using namespace SN;

struct Options
{
    enum Mode { Watch, List, Send, Help, Version };

    Mode mode = Watch;
    bool json = false;
    bool timestamps = false;        // Watch: each activation with the time sigwatch got it
    QList<Signal> watched;          // Watch: every one of them watchable, no duplicates
    std::optional<quint64> count;   // Watch: exit 0 after this many activations
    Signal signal;                  // Send: exists on this platform
    qint64 pid = 0;                 // Send: the target
    QList<qint64> pids;             // List: empty for sigwatch itself; no duplicates
    std::optional<int> value;       // Send: sent with sigqueue when set

    // List: which signals to show. A signal is shown when it has one of the states asked
    // for (none asked: any state) and, when names are given, is one of them.
    bool caught = false;
    bool ignored = false;
    bool blocked = false;
    bool pending = false;
    QList<Signal> only;
};

// Exit statuses. A run that ends by INT or TERM ends by that signal instead.
enum ExitCode { ExitSuccess = 0, ExitFailure = 1, ExitUsage = 2 };

// Parses `arguments` (without the program name). On bad input returns false and sets
// *error to one line that names the offending argument, without the "sigwatch: " prefix.
bool parseArguments(const QStringList &arguments, Options *options, QString *error);

// The signals watched when none are named.
QList<Signal> defaultWatchedSignals();

// The text of --help, which is also the man page's source (help2man reads it).
QString usageText();
