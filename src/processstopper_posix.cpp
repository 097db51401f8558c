// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// ProcessStopper::prepare() on POSIX: the child leads its own process group.

#include "SignalNotifier/processstopper.h"

#include <QtCore/qprocess.h>

#include <functional>

#include <unistd.h>

/*!
    Call before \a process is started: the child will lead its own process group, so that
    requestStop() reaches it and its children, and a Ctrl-C typed into the terminal
    reaches only this process. Keeps a child-process modifier set earlier and runs it
    first.
*/
void ProcessStopper::prepare(QProcess *process)
{
    if (!process)
        return;
    const std::function<void()> earlier = process->childProcessModifier();
    process->setChildProcessModifier([earlier] {
        // Runs in the child between fork and exec: async-signal-safe calls only.
        if (earlier)
            earlier();
        ::setpgid(0, 0);
    });
}
