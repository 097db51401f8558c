// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#pragma once

#include <SignalNotifier/signal.h>

class QProcess;

namespace SN {

class SIGNALNOTIFIER_EXPORT ProcessStopper
{
public:
    static void prepare(QProcess *process);
    static bool requestStop(QProcess *process, Signal how = Signal::Terminate,
                            Error *error = nullptr);

    ProcessStopper() = delete;
};

} // namespace SN
