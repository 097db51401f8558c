// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// A process whose two threads have different signal masks, for sigwatch --list:
//   main thread     blocks PROF;                  HUP ignored, TERM caught
//   "blocker"       blocks PROF, USR1 and USR2;   USR1 pending for it alone (tgkill)
//   the process     PROF pending (kill: every thread blocks it)
// Prints "ready" once all of that holds, then waits for the end of its input. Ends
// itself after 30 s (alarm) so a failing test never leaves it behind. No Qt, no library:
// what sigwatch reads must be what this file did.

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace {

pid_t blockerTid = 0;
pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t changed = PTHREAD_COND_INITIALIZER;

// Runs in signal-handler context. It only makes TERM "caught"; nothing sends TERM.
void onTerm(int) {}

void *blocker(void *)
{
    pthread_setname_np(pthread_self(), "blocker");
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    pthread_mutex_lock(&lock);
    blockerTid = pid_t(::syscall(SYS_gettid));
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&lock);
    for (;;)
        ::pause();
}

} // namespace

int main()
{
    ::alarm(30);
    struct sigaction action = {};
    sigemptyset(&action.sa_mask);
    action.sa_handler = SIG_IGN;
    ::sigaction(SIGHUP, &action, nullptr);
    action.sa_handler = onTerm;
    ::sigaction(SIGTERM, &action, nullptr);

    sigset_t prof;
    sigemptyset(&prof);
    sigaddset(&prof, SIGPROF);
    pthread_sigmask(SIG_BLOCK, &prof, nullptr);   // inherited by the thread

    pthread_t thread;
    if (pthread_create(&thread, nullptr, blocker, nullptr) != 0)
        return 3;
    pthread_mutex_lock(&lock);
    while (blockerTid == 0)
        pthread_cond_wait(&changed, &lock);
    pthread_mutex_unlock(&lock);

    // Pending for the blocker alone, and for the process as a whole.
    if (::syscall(SYS_tgkill, ::getpid(), blockerTid, SIGUSR1) != 0 || ::kill(::getpid(), SIGPROF) != 0)
        return 3;
    std::printf("ready %d\n", int(blockerTid));
    std::fflush(stdout);
    int c;
    while ((c = std::getchar()) != EOF) {
    }
    return 0;
}
