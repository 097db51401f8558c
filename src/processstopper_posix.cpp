// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// ProcessStopper::prepare() on POSIX: the child leads its own process group, and this
// process does for it what an interactive shell does for a job (platform/posix/
// jobcontrol.cpp says why): the child gets the terminal when this process has it, and
// when the child stops at the terminal, this process stops with it, so the shell that
// runs us sees its job stopped and can continue it.

#include "SignalNotifier/processstopper.h"
#include "SignalNotifier/signalnotifier.h"

#include "children_p.h"

#include <QtCore/qprocess.h>

#include <functional>

namespace SN {

namespace {

const QString JobControlName = QStringLiteral("SignalNotifier: ProcessStopper job control");

// The parent's half of a shell's job control for one QProcess; a child of it, in its
// thread. Everything runs in that thread's event loop.
class JobControl : public QObject
{
public:
    explicit JobControl(QProcess *process)
        : QObject(process), m_signals({Signal::Child, Signal::Continue})
    {
        setObjectName(JobControlName);
        connect(process, &QProcess::started, this, [this, process] {
            m_pid = process->processId();
            m_stoppedWithChild = false;
        });
        // stateChanged(NotRunning) comes before finished(): whoever acts on finished()
        // (ends the process, prints a prompt) has the terminal back already. It also
        // comes when exec() failed after the child took the terminal.
        connect(process, &QProcess::stateChanged, this, [this](QProcess::ProcessState state) {
            if (state == QProcess::NotRunning)
                release();
        });
        connect(&m_signals, &SignalNotifier::activated, this, [this](const SignalInfo &info) {
            if (info.signal() == Signal::Continue)
                continued();
            else
                childChanged();
        });
    }

    ~JobControl() override { release(); }

private:
    void release()
    {
        if (m_pid > 0)
            SignalBackend::takeTerminalFromChild(m_pid);
        m_pid = 0;
        m_stoppedWithChild = false;
    }

    // SIGCHLD (several may come as one activation): did the child stop?
    void childChanged()
    {
        if (m_pid <= 0)
            return;
        const Signal stop = Signal::fromNumber(SignalBackend::takeChildStop(m_pid));
        if (!stop.isValid())
            return;
        // A shell takes the terminal back from a stopped job: Ctrl-C then reaches us,
        // and our stop request (followed by SIGCONT) reaches the child.
        SignalBackend::takeTerminalFromChild(m_pid);
        // Stopped at the terminal (Ctrl-Z, or reading / writing it from the background):
        // stop as the same kind of job, so the shell shows us stopped and `fg` / `bg`
        // continue us; continued() passes that on. A SIGSTOP from someone else (a
        // debugger, an administrator) is theirs to undo: we keep running.
        if (stop != Signal::TerminalStop && stop != Signal::TerminalInput && stop != Signal::TerminalOutput)
            return;
        m_stoppedWithChild = true;
        SignalBackend::stopAsJob(stop.number());   // returns once we are continued
    }

    // We were continued (SIGCONT from the shell's fg or bg, or anyone): so is the child.
    // In the foreground it gets the terminal first; in the background (bg) it runs on
    // without it, and stops us again if it reads the terminal.
    void continued()
    {
        if (m_pid <= 0 || !m_stoppedWithChild)
            return;
        m_stoppedWithChild = false;
        SignalBackend::giveTerminalToChild(m_pid);
        SignalBackend::continueChild(m_pid);
    }

    SignalNotifier m_signals;
    qint64 m_pid = 0;
    bool m_stoppedWithChild = false;
};

} // namespace

/*!
    Call before \a process is started: the child will lead its own process group, so that
    requestStop() reaches it and its children, and a Ctrl-C sent to this process's group
    (by a supervisor, or the terminal while this process has it) reaches only this
    process. Keeps a child-process modifier set earlier and runs it first.

    At a terminal it behaves as a shell's job control: when the child's standard input is
    the controlling terminal (QProcess::ForwardedInputChannel) and this process is in the
    terminal's foreground, the child's group becomes the foreground while it runs, so it
    can read the terminal and gets the terminal's Ctrl-C and Ctrl-Z itself; the terminal
    comes back when the child ends or stops. In the background the child never takes it.
    When the child stops at the terminal (Ctrl-Z, or reading it from the background), this
    process stops the same way, so the shell sees the job stopped; when this process is
    continued (\c fg, \c bg), so is the child, with the terminal in the foreground. A child
    whose input is a pipe (QProcess's default) leaves the terminal to this process. For
    this, prepare() adds a small QObject to \a process that watches Signal::Child and
    Signal::Continue: call it in the thread \a process lives in, whose event loop runs
    (QProcess needs that loop anyway). QProcess's own SIGCHLD handling goes on unchanged.

    Windows: the child starts with \c CREATE_NEW_PROCESS_GROUP, on this process's console
    when it has one (QProcess's \c CREATE_NO_WINDOW is taken off then), so that
    requestStop() can send its group \c CTRL_BREAK_EVENT and a Ctrl+C typed into the
    console reaches only this process. A create-process-arguments modifier set earlier is
    kept and runs first. Without a console here the child gets one of its own, which no
    console event can reach: requestStop() then says Error::Unsupported.

    Does nothing for a null \a process; calling it again for the same process is harmless.
*/
void ProcessStopper::prepare(QProcess *process)
{
    if (!process)
        return;
    const std::function<void()> earlier = process->childProcessModifier();
    process->setChildProcessModifier([earlier] {
        // Runs in the child between fork and exec: async-signal-safe calls only
        // (becomeJobInChild() is, and says so).
        if (earlier)
            earlier();
        SignalBackend::becomeJobInChild();
    });
    if (!process->findChild<QObject *>(JobControlName, Qt::FindDirectChildrenOnly))
        new JobControl(process);
}

} // namespace SN
