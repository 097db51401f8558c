// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Terminal job control for a child that leads its own process group: what an interactive
// shell does for a job (bash's jobs.c, sudo's exec_nopty.c do the same), so the child can
// read its terminal and the parent still looks like one job to the shell that runs it.
//
// Why it is needed: a process reads its controlling terminal only while its process group
// is the terminal's foreground group; otherwise the kernel stops it with SIGTTIN. A child
// moved into a group of its own by setpgid() is not in the foreground, even when its
// parent is, so it stops at its first read, and a stop request never reaches a stopped
// process. And the terminal's keys (Ctrl-C, Ctrl-Z) go to the foreground group only.
//
// tcsetpgrp() from a process that is not in the foreground sends it SIGTTOU unless it
// blocks or ignores SIGTTOU: every call below blocks it in the calling thread for the call.

#include "../children_p.h"
#include "../process_p.h"
#include "posix_p.h"

#include <cerrno>
#include <fcntl.h>
#include <pthread.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

namespace SignalBackend {

namespace {

// The controlling terminal, whatever stdio was redirected to; -1 when there is none.
// CLOEXEC: another thread may fork and exec meanwhile.
int openControllingTerminal()
{
    int fd;
    do {
        fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    return fd;
}

// Moves the terminal's foreground from group `from` to group `to`, only when `from` has
// it: whoever took it meanwhile (the shell, after we stopped) keeps it.
bool moveForeground(pid_t from, pid_t to)
{
    const int fd = openControllingTerminal();
    if (fd < 0)
        return false;
    bool moved = false;
    if (::tcgetpgrp(fd) == from) {
        sigset_t ttou;
        sigset_t old;
        sigemptyset(&ttou);
        sigaddset(&ttou, SIGTTOU);
        ::pthread_sigmask(SIG_BLOCK, &ttou, &old);
        moved = ::tcsetpgrp(fd, to) == 0;
        ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
    }
    ::close(fd);
    return moved;
}

} // namespace

// Runs in the child between fork and exec: async-signal-safe calls only (getpgrp,
// tcgetpgrp, setpgid, sigprocmask, tcsetpgrp, getpid). The child is single-threaded here,
// so sigprocmask is its thread's mask; the mask is put back before exec, which keeps it.
void becomeJobInChild()
{
    // Decided from the child's standard input: tcgetpgrp() answers only for the
    // controlling terminal (ENOTTY for a pipe, a file, another terminal). A child whose
    // input is a pipe (QProcess's default) never reads the terminal and leaves it to the
    // parent, which may read it itself. Asked before setpgid(): the child is still in the
    // parent's group, and the answer is the parent's at this very moment.
    const bool parentInForeground = ::tcgetpgrp(STDIN_FILENO) == ::getpgrp();
    ::setpgid(0, 0);
    if (!parentInForeground)
        return;   // a background parent must not steal the terminal from its shell
    sigset_t ttou;
    sigset_t old;
    sigemptyset(&ttou);
    sigaddset(&ttou, SIGTTOU);
    ::sigprocmask(SIG_BLOCK, &ttou, &old);
    ::tcsetpgrp(STDIN_FILENO, ::getpid());
    ::sigprocmask(SIG_SETMASK, &old, nullptr);
}

bool takeTerminalFromChild(long long pid)
{
    if (pid <= 0 || pid > 0x7fffffffLL)
        return false;
    // The child's group keeps its number on the terminal after the child has ended, so
    // this also works once it has been reaped.
    return moveForeground(static_cast<pid_t>(pid), ::getpgrp());
}

bool giveTerminalToChild(long long pid)
{
    if (pid <= 0 || pid > 0x7fffffffLL || ::getpgid(static_cast<pid_t>(pid)) != static_cast<pid_t>(pid))
        return false;
    return moveForeground(::getpgrp(), static_cast<pid_t>(pid));
}

int takeChildStop(long long pid)
{
    if (pid <= 0 || pid > 0x7fffffffLL)
        return 0;
    // WSTOPPED without WEXITED: takes only the stop report; the exit stays for QProcess.
    siginfo_t info = {};
    int r;
    do {
        r = ::waitid(P_PID, static_cast<id_t>(pid), &info, WSTOPPED | WNOHANG);
    } while (r < 0 && errno == EINTR);
    if (r != 0 || info.si_pid != static_cast<pid_t>(pid) || info.si_code != CLD_STOPPED)
        return 0;
    return info.si_status;
}

Result stopAsJob(int native)
{
    if (native != SIGTSTP && native != SIGTTIN && native != SIGTTOU)
        return {Error::InvalidArgument, 0};
    // Without a controlling terminal no shell will ever continue us: do not stop then.
    const int fd = openControllingTerminal();
    if (fd < 0)
        return {Error::Unsupported, errno};
    ::close(fd);
    // The default action is what stops a job. For this instant a handler someone installed
    // for `native` (a SignalNotifier watching SIGTSTP) is set aside and put back after; an
    // arrival of `native` from outside in this instant stops the process too, which is
    // what it asked for anyway. raise() is delivered to this thread before it returns: the
    // whole process stops here, and raise() returns once it is continued, or at once when
    // the kernel discards the stop (an orphaned process group: no shell to continue it).
    struct sigaction dfl = {};
    struct sigaction old = {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    ::sigaction(native, &dfl, &old);
    sigset_t set;
    sigset_t oldMask;
    sigemptyset(&set);
    sigaddset(&set, native);
    ::pthread_sigmask(SIG_UNBLOCK, &set, &oldMask);
    ::raise(native);
    ::pthread_sigmask(SIG_SETMASK, &oldMask, nullptr);
    ::sigaction(native, &old, nullptr);
    return {};
}

Result continueChild(long long pid)
{
    if (pid <= 0 || pid > 0x7fffffffLL)
        return {Error::InvalidArgument, 0};
    const pid_t target = ::getpgid(static_cast<pid_t>(pid)) == static_cast<pid_t>(pid)
        ? -static_cast<pid_t>(pid) : static_cast<pid_t>(pid);
    if (::kill(target, SIGCONT) != 0)
        return {errno == ESRCH ? Error::NoSuchProcess : errno == EPERM ? Error::PermissionDenied
                                                                       : Error::SystemError, errno};
    return {};
}

// Not job control, but the same kind of care for a process at its limits: kept here to
// leave the other backend files to their owners.
Result probeDescriptors(int count)
{
    constexpr int Most = 64;
    int fds[Most];
    int opened = 0;
    int error = 0;
    for (; opened < count && opened < Most; ++opened) {
        fds[opened] = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (fds[opened] < 0) {
            error = errno;
            break;
        }
    }
    for (int i = 0; i < opened; ++i)
        ::close(fds[i]);
    if (error != 0)
        return {error == EMFILE || error == ENFILE ? Error::OutOfResources : Error::SystemError, error};
    return {};
}

} // namespace SignalBackend
