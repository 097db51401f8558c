// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// How sigwatch writes: whole lines, straight to the descriptor, so each line is out
// the moment it is made, even when stdout is a pipe read by another program.

#pragma once

#include <SignalNotifier/SignalInfo>

#include <QtCore/qdatetime.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qstring.h>

#include <optional>

using namespace SN;

enum Stream { StandardOutput, StandardError };
// Writes all of `bytes` to the stream, unbuffered; false when it is gone. One per
// platform: write_posix.cpp, write_windows.cpp.
bool writeAll(Stream stream, const QByteArray &bytes);

// Writes `line` and a newline to stdout. False when stdout is gone.
bool writeOut(const QString &line);
// Writes "sigwatch: " + `message` and a newline to stderr.
void writeError(const QString &message);

// One activation and what sigwatch found out about it when it came.
struct Activation
{
    SignalInfo info;
    std::optional<QString> senderName;   // the sender's process name, best effort
    QDateTime time;                      // invalid: no timestamp asked for
};

// One activation, for people:
// "[TIME ]SIGUSR1 (10) from pid 123 (bash) uid 1000 code SI_USER value 7".
QString describe(const Activation &activation);
// One activation as a JSON object (see --help for its fields).
QJsonObject toJson(const Activation &activation);
// A JSON object on one line.
QString compact(const QJsonObject &object);
