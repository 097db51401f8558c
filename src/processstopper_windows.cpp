// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// ProcessStopper::prepare() on Windows: the child starts in its own process group.

#include "SignalNotifier/processstopper.h"

#include <QtCore/qprocess.h>

#include <windows.h>

/*!
    Call before \a process is started: the child will lead its own process group
    (\c CREATE_NEW_PROCESS_GROUP), so that requestStop() can send it \c CTRL_BREAK_EVENT
    and a Ctrl+C typed into the console reaches only this process. Keeps a
    create-process-arguments modifier set earlier and runs it first.
*/
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
