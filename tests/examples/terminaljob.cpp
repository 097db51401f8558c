// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// terminaljob: a minimal job-control shell on a real pseudo-terminal, driven by a test.
//
//   terminaljob [--background] PROGRAM [ARGUMENT...]
//
// It leads a new session whose controlling terminal is a fresh pty, and runs PROGRAM as a
// job there, in its own process group, as an interactive shell does: in the foreground
// (the job's group gets the terminal) or, with --background, in the background (`cmd &`).
// What the terminal shows is copied to stdout; commands come on stdin, one per line:
//   type TEXT     types TEXT and Enter
//   intr          types Ctrl-C (the terminal sends SIGINT to its foreground group)
//   susp          types Ctrl-Z (SIGTSTP to the foreground group)
//   fg            as a shell's fg: the job's group gets the terminal, then SIGCONT
//   kill N        sends signal N to the job's group, as a shell's `kill %1` does
//   foreground?   reports who has the terminal: "job", "shell" or "other PGID"
// Reports, each on a line of its own: "terminaljob: job PID", "terminaljob: job stopped
// by N" (the shell then takes the terminal back, as a shell does), "terminaljob: job
// exited with N", "terminaljob: job ended by signal N", "terminaljob: foreground WHO".
// It ends once the job has ended; it ends itself after 60 s (alarm) so it never outlives
// a test. No Qt: this is the shell, not a program under test.

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

namespace {

int sigchldPipe[2] = {-1, -1};
bool atLineStart = true;

// Signal-handler context: only write() on a non-blocking pipe; errno saved.
extern "C" void onChild(int)
{
    const int saved = errno;
    const char byte = 0;
    [[maybe_unused]] const ssize_t n = ::write(sigchldPipe[1], &byte, 1);
    errno = saved;
}

void writeAll(int fd, const char *data, size_t size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            std::_Exit(3);
        data += n;
        size -= size_t(n);
    }
}

void copyOut(const char *data, size_t size)
{
    if (size == 0)
        return;
    writeAll(STDOUT_FILENO, data, size);
    atLineStart = data[size - 1] == '\n';
}

void report(const std::string &what)
{
    const std::string line = (atLineStart ? "" : "\n") + std::string("terminaljob: ") + what + "\n";
    copyOut(line.data(), line.size());
}

// Copies what the terminal shows; false once the terminal has nothing more (EIO).
bool drainTerminal(int master)
{
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(master, buffer, sizeof buffer);
        if (n > 0) {
            copyOut(buffer, size_t(n));
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        return n < 0 && errno == EAGAIN;
    }
}

} // namespace

int main(int argc, char **argv)
{
    ::alarm(60);
    int first = 1;
    bool background = false;
    if (argc > 1 && std::strcmp(argv[1], "--background") == 0) {
        background = true;
        ++first;
    }
    if (first >= argc) {
        std::fprintf(stderr, "usage: terminaljob [--background] PROGRAM [ARGUMENT...]\n");
        return 2;
    }

    // A shell ignores the job-control signals for itself; blocking SIGTTOU lets it hand
    // the terminal around from any group.
    sigset_t ttou;
    sigemptyset(&ttou);
    sigaddset(&ttou, SIGTTOU);
    ::sigprocmask(SIG_BLOCK, &ttou, nullptr);

    if (::pipe2(sigchldPipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return 3;
    struct sigaction action = {};
    action.sa_handler = onChild;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGCHLD, &action, nullptr);

    if (::setsid() < 0) {
        std::perror("terminaljob: setsid");
        return 3;
    }
    const int master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0) {
        std::perror("terminaljob: posix_openpt");
        return 3;
    }
    const char *name = ::ptsname(master);
    const int slave = name ? ::open(name, O_RDWR | O_CLOEXEC) : -1;
    if (slave < 0 || ::ioctl(slave, TIOCSCTTY, 0) != 0) {
        std::perror("terminaljob: controlling terminal");
        return 3;
    }
    ::fcntl(master, F_SETFL, ::fcntl(master, F_GETFL) | O_NONBLOCK);
    const pid_t shellGroup = ::getpgrp();

    const pid_t job = ::fork();
    if (job < 0)
        return 3;
    if (job == 0) {
        // The child between fork and exec: async-signal-safe calls only. As a shell does
        // it: own group, the terminal for a foreground job, the terminal as stdio, and
        // the signal dispositions and mask a fresh program expects.
        ::setpgid(0, 0);
        if (!background)
            ::tcsetpgrp(slave, ::getpid());
        ::dup2(slave, STDIN_FILENO);
        ::dup2(slave, STDOUT_FILENO);
        ::dup2(slave, STDERR_FILENO);
        struct sigaction dfl = {};
        dfl.sa_handler = SIG_DFL;
        sigemptyset(&dfl.sa_mask);
        for (int n = 1; n < NSIG; ++n) {
            if (n != SIGKILL && n != SIGSTOP)
                ::sigaction(n, &dfl, nullptr);
        }
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::execvp(argv[first], argv + first);
        ::_exit(127);
    }
    // Both sides set the group and the terminal, as shells do: whichever runs first.
    ::setpgid(job, job);
    if (!background)
        ::tcsetpgrp(slave, job);
    report("job " + std::to_string(job));

    std::string commands;
    for (;;) {
        pollfd fds[3] = {{master, POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}, {sigchldPipe[0], POLLIN, 0}};
        if (::poll(fds, 3, -1) < 0) {
            if (errno == EINTR)
                continue;
            return 3;
        }
        if (fds[0].revents)
            drainTerminal(master);
        if (fds[2].revents) {
            char ignored[64];
            while (::read(sigchldPipe[0], ignored, sizeof ignored) > 0) {
            }
            int status = 0;
            pid_t got;
            while ((got = ::waitpid(job, &status, WNOHANG | WUNTRACED | WCONTINUED)) == job) {
                if (WIFSTOPPED(status)) {
                    // A shell takes the terminal back from a stopped job.
                    ::tcsetpgrp(slave, shellGroup);
                    report("job stopped by " + std::to_string(WSTOPSIG(status)));
                } else if (WIFCONTINUED(status)) {
                    report("job continued");
                } else {
                    // What the job wrote before it ended is shown first.
                    drainTerminal(master);
                    report(WIFEXITED(status) ? "job exited with " + std::to_string(WEXITSTATUS(status))
                                             : "job ended by signal " + std::to_string(WTERMSIG(status)));
                    return 0;
                }
            }
        }
        if (fds[1].revents) {
            char buffer[1024];
            const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
            if (n <= 0)
                return 0;   // the test is gone
            commands.append(buffer, size_t(n));
            for (size_t eol; (eol = commands.find('\n')) != std::string::npos; commands.erase(0, eol + 1)) {
                const std::string line = commands.substr(0, eol);
                if (line.rfind("type ", 0) == 0) {
                    const std::string text = line.substr(5) + "\n";
                    writeAll(master, text.data(), text.size());
                } else if (line == "intr") {
                    writeAll(master, "\x03", 1);
                } else if (line == "susp") {
                    writeAll(master, "\x1a", 1);
                } else if (line == "fg") {
                    ::tcsetpgrp(slave, job);
                    ::killpg(job, SIGCONT);
                } else if (line.rfind("kill ", 0) == 0) {
                    ::killpg(job, std::atoi(line.c_str() + 5));
                } else if (line == "foreground?") {
                    const pid_t fg = ::tcgetpgrp(slave);
                    report(std::string("foreground ")
                           + (fg == job ? "job" : fg == shellGroup ? "shell" : "other " + std::to_string(fg)));
                }
            }
        }
    }
}
