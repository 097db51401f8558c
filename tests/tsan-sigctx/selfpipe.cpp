// Minimal stand-in for sigwatch without the library or Qt: a SA_SIGINFO handler writes
// one record into a non-blocking self-pipe, the main thread poll()s on it (and an eventfd,
// as glib does) and prints a line per record. Prints a ready line first, like sigwatch.
// Build: g++ -std=c++17 -g -O1 -fsanitize=thread selfpipe.cpp -o selfpipe -pthread
// Options: --thread  start an idle thread first (blocked in poll with no fds), with the
//                    default (empty) signal mask.
//          --warm    call poll(nullptr, 0, 0) once before the ready line: under TSan its
//                    BlockingCall creates this thread's ThreadSignalContext (SigCtx) while
//                    no watched signal is expected yet, closing the window in which GCC
//                    12's libtsan loses a signal (see README.md).
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <unistd.h>

static int g_pipe[2];
// For gdb after a failure: how often the handler ran and what its write returned.
volatile int g_handlerCalls = 0;
volatile long g_lastWrite = -2;

struct Record { int sig, code, pid, uid; };

extern "C" void handler(int sig, siginfo_t *info, void *)
{
    const int saved = errno;
    Record r{sig, info ? info->si_code : 0, info ? info->si_pid : 0, info ? int(info->si_uid) : 0};
    g_lastWrite = ::write(g_pipe[1], &r, sizeof r);
    g_handlerCalls = g_handlerCalls + 1;
    errno = saved;
}

static void *idle(void *)
{
    for (;;)
        ::poll(nullptr, 0, -1);
    return nullptr;
}

int main(int argc, char **argv)
{
    bool thread = false, warm = false;
    for (int i = 1; i < argc; ++i) {
        thread |= std::strcmp(argv[i], "--thread") == 0;
        warm |= std::strcmp(argv[i], "--warm") == 0;
    }
    if (::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return 1;
    const int efd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (thread) {
        pthread_t t;
        pthread_create(&t, nullptr, idle, nullptr);
    }
    struct sigaction sa = {};
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigfillset(&sa.sa_mask);
    const int watched[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH};
    for (int s : watched)
        ::sigaction(s, &sa, nullptr);
    sigset_t set;
    sigemptyset(&set);
    for (int s : watched)
        sigaddset(&set, s);
    pthread_sigmask(SIG_UNBLOCK, &set, nullptr);

    if (warm)
        ::poll(nullptr, 0, 0);
    std::printf("selfpipe: watching in pid %d\n", int(::getpid()));
    std::fflush(stdout);
    for (;;) {
        pollfd fds[2] = {{efd, POLLIN, 0}, {g_pipe[0], POLLIN, 0}};
        const int n = ::poll(fds, 2, -1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n > 0 && (fds[1].revents & POLLIN)) {
            Record r;
            while (::read(g_pipe[0], &r, sizeof r) == sizeof r) {
                std::printf("signal %d code %d from pid %d uid %d\n", r.sig, r.code, r.pid, r.uid);
                std::fflush(stdout);
            }
        }
    }
}
