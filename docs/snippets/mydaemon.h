// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The reader's class in the migration examples (in=MyDaemon): a snippet marked so is
// the body of MyDaemon::snippet(), where `this` is a MyDaemon.

#pragma once

#include <QtCore/QObject>

class MyDaemon : public QObject
{
    Q_OBJECT
public:
    void reload();
    void snippet();
};
