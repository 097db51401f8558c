// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// ProcessStopper::prepare() on Windows: the child starts in its own process group, on this
// process's console, and the backend is told it leads that group.

#include "SignalNotifier/processstopper.h"

#include "children_p.h"

#include <QtCore/qprocess.h>

#include <memory>

#include <windows.h>

namespace SN {

namespace {

// Whether this process is attached to a console (GetConsoleProcessList fails without one).
bool haveConsole()
{
    DWORD list[1];
    return GetConsoleProcessList(list, 1) != 0;
}

} // namespace

// Documented in processstopper_posix.cpp (one definition per platform). Here: the child
// starts with CREATE_NEW_PROCESS_GROUP, so that requestStop() can send its group
// CTRL_BREAK_EVENT and a Ctrl+C typed into the console reaches only this process. QProcess
// adds CREATE_NO_WINDOW when this process's console has no window (a GUI program, a
// service, a CI agent, Wine on a terminal): the child would then get a console of its own,
// which no console event from here can reach. When this process has a console, the flag is
// taken off so the child shares it; when it has none, the child keeps its own console and
// requestStop() says Unsupported. A create-process-arguments modifier set earlier is kept
// and runs first.
void ProcessStopper::prepare(QProcess *process)
{
    if (!process)
        return;
    struct Child {
        bool sharesConsole = false;
        qint64 pid = 0;
    };
    const auto child = std::make_shared<Child>();
    const QProcess::CreateProcessArgumentModifier earlier = process->createProcessArgumentsModifier();
    process->setCreateProcessArgumentsModifier([earlier, child](QProcess::CreateProcessArguments *args) {
        if (earlier)
            earlier(args);
        args->flags |= CREATE_NEW_PROCESS_GROUP;
        const bool console = haveConsole();
        if (console)
            args->flags &= ~DWORD(CREATE_NO_WINDOW);
        child->sharesConsole = console
            && !(args->flags & (CREATE_NO_WINDOW | CREATE_NEW_CONSOLE | DETACHED_PROCESS));
    });
    // The backend sends group events only to pids it knows lead a group (anything else
    // would reach every process on the console): known from start to end.
    QObject::connect(process, &QProcess::started, process, [process, child] {
        child->pid = process->processId();
        SignalBackend::noteGroupLeader(child->pid, child->sharesConsole);
    });
    QObject::connect(process, &QProcess::stateChanged, process, [child](QProcess::ProcessState state) {
        if (state == QProcess::NotRunning && child->pid != 0) {
            SignalBackend::forgetGroupLeader(child->pid);
            child->pid = 0;
        }
    });
}

} // namespace SN
