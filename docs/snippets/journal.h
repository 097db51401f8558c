// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Stand-ins for the reader's own objects in the shutdown examples (uses=journal):
// declared only, since snippets are compiled, not linked.

#pragma once

#include <QtCore/qobject.h>

#include <functional>

class Journal
{
public:
    void save();
};

class Uploader
{
public:
    void flush(std::function<void()> whenDone);
};

// A QObject that lives in a worker thread of its own.
class Database : public QObject
{
public:
    void close();
};

extern Journal journal;
extern Uploader uploader;
