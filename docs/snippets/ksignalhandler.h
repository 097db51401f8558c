// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// What the migration example uses of KDE's KSignalHandler (KF5 KCoreAddons,
// ksignalhandler.h), declared the same way, so that the "before" code compiles here
// without Qt 5 and KDE Frameworks (uses=ksignalhandler).

#pragma once

#include <QtCore/QObject>

class KSignalHandler : public QObject
{
    Q_OBJECT
public:
    static KSignalHandler *self();
    void watchSignal(int signal);
Q_SIGNALS:
    void signalReceived(int signal);
};
