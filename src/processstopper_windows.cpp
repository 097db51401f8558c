// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// ProcessStopper::prepare() on Windows: the child starts in its own process group.

#include "SignalNotifier/processstopper.h"

#include <QtCore/qprocess.h>

#include <windows.h>

// Documented in processstopper_posix.cpp (one definition per platform). Here: the child
// starts with CREATE_NEW_PROCESS_GROUP, so that requestStop() can send its group
// CTRL_BREAK_EVENT and a Ctrl+C typed into the console reaches only this process. A
// create-process-arguments modifier set earlier is kept and runs first.
void ProcessStopper::prepare(QProcess *process)
{
    if (!process)
        return;
    const QProcess::CreateProcessArgumentModifier earlier = process->createProcessArgumentsModifier();
    process->setCreateProcessArgumentsModifier([earlier](QProcess::CreateProcessArguments *args) {
        if (earlier)
            earlier(args);
        args->flags |= CREATE_NEW_PROCESS_GROUP;
    });
}
