// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Stand-ins for the reader's own objects in the shutdown examples (uses=journal):
// declared only, since snippets are compiled, not linked.

#pragma once

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

extern Journal journal;
extern Uploader uploader;
