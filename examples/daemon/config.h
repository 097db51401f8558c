// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The daemon's command line, configuration file and state file: what main.cpp needs and
// does not teach.

#pragma once

#include <QtCore/qloggingcategory.h>
#include <QtCore/qstring.h>

class QCoreApplication;

Q_DECLARE_LOGGING_CATEGORY(lcDaemon)

// daemon --config FILE [--state FILE]; exits 2 with a usage line when that is not what
// was given.
struct Options
{
    QString configPath;
    QString statePath;   // empty: no state is written

    static Options parse(const QCoreApplication &app);
};

// The configuration: "key = value" lines, '#' starts a comment.
//     name = greeter        # what the daemon calls itself
//     interval = 1000       # milliseconds between two pieces of work
struct Config
{
    QString name = QStringLiteral("daemon");
    int interval = 1000;

    // Reads `path`; on failure leaves this untouched and says which line and why.
    bool read(const QString &path, QString *error);
    QString describe() const;
};

// Writes what the daemon did to `path` (none: nothing), atomically; says why on failure.
void writeState(const QString &path, const Config &config, qint64 work, int reloads);
