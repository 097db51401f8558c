// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// snbench: every contender that builds against Qt 6, one per process (the first argument
// picks it). Each is written the way its documentation shows it, by us: the patterns
// (self-pipe, the Qt docs' socketpair, sigwaitinfo, signalfd) from their descriptions,
// libuv and Boost.Asio through their public APIs.

#include "harness.h"

#include <SignalNotifier/SignalNotifier>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qsocketnotifier.h>
#include <QtCore/qthread.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#if SNBENCH_HAVE_LIBUV
#include <uv.h>
#endif
#if SNBENCH_HAVE_ASIO
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <optional>
#endif

using namespace SN;

namespace {

int g_argc = 1;
char g_name[] = "snbench";
char *g_argv[] = { g_name, nullptr };

class QtLoop : public bench::Contender
{
public:
    void createLoop() override { m_app = std::make_unique<QCoreApplication>(g_argc, g_argv); }
    void run() override { QCoreApplication::exec(); }
    void stop() override
    {
        QMetaObject::invokeMethod(m_app.get(), &QCoreApplication::quit, Qt::QueuedConnection);
    }

protected:
    std::unique_ptr<QCoreApplication> m_app;
};

void report(const SignalInfo &info)
{
    bench::arrived(info.value(), info.hasValue(), info.count());
}

// SignalNotifier, notifier in the main thread.
class SnMain : public QtLoop
{
public:
    bool watch(int sig, std::string *error) override
    {
        m_notifier = std::make_unique<SignalNotifier>(Signal::fromNumber(sig));
        if (m_notifier->error() != Error::NoError) {
            *error = m_notifier->errorString().toStdString();
            return false;
        }
        QObject::connect(m_notifier.get(), &SignalNotifier::activated, m_notifier.get(), report);
        return true;
    }
    void unwatch() override { m_notifier.reset(); }
    bool hasValues() const override { return true; }

private:
    std::unique_ptr<SignalNotifier> m_notifier;
};

// "Calling Qt Functions From Unix Signal Handlers" (Qt documentation): a socketpair per
// signal, a QSocketNotifier on one end, a handler that writes a byte to the other; the
// slot disables the notifier, reads the byte, does its work, enables it again. As in the
// docs: blocking sockets, sigaction with SA_RESTART, nothing restored afterwards.
class QtDocs : public QtLoop
{
public:
    bool watch(int sig, std::string *error) override
    {
        if (::socketpair(AF_UNIX, SOCK_STREAM, 0, s_fd) != 0) {
            *error = std::strerror(errno);
            return false;
        }
        m_notifier = std::make_unique<QSocketNotifier>(s_fd[1], QSocketNotifier::Read);
        QObject::connect(m_notifier.get(), &QSocketNotifier::activated, m_notifier.get(), [this] {
            m_notifier->setEnabled(false);
            char tmp = 0;
            const ssize_t n = ::read(s_fd[1], &tmp, sizeof tmp);
            if (n == 1)
                bench::arrived(0, false, 1);
            m_notifier->setEnabled(true);
        });
        struct sigaction sa {};
        sa.sa_handler = handler;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        return sigaction(sig, &sa, nullptr) == 0;
    }
    void unwatch() override { m_notifier.reset(); }

private:
    // Runs in signal-handler context.
    static void handler(int)
    {
        char a = 1;
        const ssize_t n = ::write(s_fd[0], &a, sizeof a);
        (void)n;
    }
    static int s_fd[2];
    std::unique_ptr<QSocketNotifier> m_notifier;
};
int QtDocs::s_fd[2] = { -1, -1 };

// A contender whose watching object lives in a worker thread (the application's own
// thread, made with the loop, before the baseline): `Inner`'s watch() and unwatch() run
// there, the main thread runs QCoreApplication::exec(). The signal masks are the
// harness's, the same for every worker contender, so SignalNotifier and the Qt docs
// pattern meet the same kernel:
// - by default the main thread does not block a standard bench signal: the kernel gives
//   a process-directed signal to the main thread when it can take it (kernel/signal.c,
//   complete_signal()), so the handler runs there and has to wake the worker;
// - realtime signals, and with SNBENCH_WORKER_TAKES_ALL=1 every bench signal, follow the
//   README's recipe ("Realtime order"): blocked in main before the thread starts,
//   unblocked in the worker, so the kernel hands them to the worker itself.
// snbench-run runs each worker contender both ways; the second is the "(main blocks it)"
// row.
template <typename Inner>
class InWorker : public QtLoop
{
public:
    void createLoop() override
    {
        QtLoop::createLoop();
        m_context.moveToThread(&m_thread);
        m_thread.start();
        // Its event dispatcher exists once it runs this: part of the baseline.
        QMetaObject::invokeMethod(&m_context, [] {}, Qt::BlockingQueuedConnection);
    }
    bool keepsBlockedInMainThread(int sig) const override
    {
        static const bool all = qEnvironmentVariableIntValue("SNBENCH_WORKER_TAKES_ALL") == 1;
        return all || (sig >= SIGRTMIN && sig <= SIGRTMAX);
    }
    bool watch(int sig, std::string *error) override
    {
        bool ok = false;
        QMetaObject::invokeMethod(&m_context, [&] {
            sigset_t one;
            sigemptyset(&one);
            sigaddset(&one, sig);
            pthread_sigmask(SIG_UNBLOCK, &one, nullptr);
            ok = m_inner.watch(sig, error);
        }, Qt::BlockingQueuedConnection);
        return ok;
    }
    void unwatch() override
    {
        QMetaObject::invokeMethod(&m_context, [this] { m_inner.unwatch(); }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    bool hasValues() const override { return m_inner.hasValues(); }

private:
    QThread m_thread;
    QObject m_context;
    Inner m_inner;   // its QtLoop part stays unused: the loop is ours
};

// What a self-pipe contender does per wake-up: one read of what is there, then back to
// its loop. Reading until the pipe is empty instead looks cheaper in the pinned
// ping-pong, but only because it never goes back to the loop there: the next signal
// arrives while the callback runs (its handler runs on return from the callback's
// sem_post), and the loop-until-empty reads it in the same wake-up. `perf trace -s`
// counted 62 poll() calls in 20,000 round trips that way (SignalNotifier and libuv: one
// or two per round trip), so it measured a read loop, not a loop's wake-up. libuv and
// SignalNotifier deliver what one read returned and go back to their loop.
void readOnce(int fd)
{
    unsigned char buf[512];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    for (ssize_t i = 0; i < n; ++i)
        bench::arrived(0, false, 1);
}

// The floor for any design on a Qt event loop: a non-blocking self-pipe read through a
// QSocketNotifier, nothing else (no values, drops when full). What SignalNotifier adds
// over Qt's own dispatch is the difference to this one.
class QtSelfPipe : public QtLoop
{
public:
    bool watch(int sig, std::string *error) override
    {
        if (pipe2(s_pipe, O_NONBLOCK | O_CLOEXEC) != 0) {
            *error = std::strerror(errno);
            return false;
        }
        m_notifier = std::make_unique<QSocketNotifier>(s_pipe[0], QSocketNotifier::Read);
        // One read per wake-up, then back to the loop (see readOnce()).
        QObject::connect(m_notifier.get(), &QSocketNotifier::activated, m_notifier.get(),
                         [] { readOnce(s_pipe[0]); });
        m_sig = sig;
        struct sigaction sa {};
        sa.sa_handler = handler;
        sigfillset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        return sigaction(sig, &sa, &m_old) == 0;
    }
    void unwatch() override
    {
        sigaction(m_sig, &m_old, nullptr);
        m_notifier.reset();
        ::close(s_pipe[0]);
        ::close(s_pipe[1]);
    }

private:
    // Runs in signal-handler context.
    static void handler(int sig)
    {
        const int saved = errno;
        const unsigned char b = static_cast<unsigned char>(sig);
        const ssize_t n = ::write(s_pipe[1], &b, 1);
        (void)n;
        errno = saved;
    }
    static int s_pipe[2];
    int m_sig = 0;
    struct sigaction m_old {};
    std::unique_ptr<QSocketNotifier> m_notifier;
};
int QtSelfPipe::s_pipe[2] = { -1, -1 };

// The limit, one: a dedicated thread in sigwaitinfo(); the signal blocked everywhere.
class SigWaitInfo : public bench::Contender
{
public:
    SigWaitInfo() { sem_init(&m_stop, 0, 0); }
    bool keepsBlockedInMainThread(int) const override { return true; }
    bool watch(int sig, std::string *) override
    {
        m_sig = sig;
        // Made from the main thread, which blocks `sig`: the new thread inherits that.
        m_thread = std::thread([this] {
            sigset_t set;
            sigemptyset(&set);
            sigaddset(&set, m_sig);
            for (;;) {
                siginfo_t info {};
                if (sigwaitinfo(&set, &info) < 0)
                    continue;   // EINTR
                if (m_quit.load())
                    return;
                bench::arrived(info.si_value.sival_int, info.si_code == SI_QUEUE, 1);
            }
        });
        return true;
    }
    void run() override
    {
        while (sem_wait(&m_stop) != 0) {
        }
    }
    void stop() override { sem_post(&m_stop); }
    void unwatch() override
    {
        m_quit.store(true);
        pthread_kill(m_thread.native_handle(), m_sig);
        m_thread.join();
    }
    bool hasValues() const override { return true; }

private:
    int m_sig = 0;
    sem_t m_stop;
    std::atomic<bool> m_quit { false };
    std::thread m_thread;
};

// The limit, two: signalfd + epoll in the main thread; the signal blocked everywhere.
class SignalFd : public bench::Contender
{
public:
    void createLoop() override
    {
        m_epoll = epoll_create1(EPOLL_CLOEXEC);
        m_wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        add(m_wake);
    }
    bool keepsBlockedInMainThread(int) const override { return true; }
    bool watch(int sig, std::string *error) override
    {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, sig);
        m_fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
        if (m_fd < 0) {
            *error = std::strerror(errno);
            return false;
        }
        add(m_fd);
        return true;
    }
    void run() override
    {
        for (;;) {
            epoll_event ev[4];
            const int n = epoll_wait(m_epoll, ev, 4, -1);
            for (int i = 0; i < n; ++i) {
                if (ev[i].data.fd == m_wake)
                    return;
                signalfd_siginfo si[64];
                ssize_t got;
                while ((got = ::read(m_fd, si, sizeof si)) > 0) {
                    for (std::size_t k = 0; k < std::size_t(got) / sizeof si[0]; ++k)
                        bench::arrived(si[k].ssi_int, si[k].ssi_code == SI_QUEUE, 1);
                }
            }
        }
    }
    void stop() override
    {
        const uint64_t one = 1;
        const ssize_t n = ::write(m_wake, &one, sizeof one);
        (void)n;
    }
    void unwatch() override { ::close(m_fd); }
    bool hasValues() const override { return true; }

private:
    void add(int fd)
    {
        epoll_event ev {};
        ev.events = EPOLLIN;
        ev.data.fd = fd;
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev);
    }
    int m_epoll = -1;
    int m_wake = -1;
    int m_fd = -1;
};

// A plain self-pipe: non-blocking, close-on-exec pipe, the handler writes the signal
// number, poll() reads. A full pipe drops silently (the usual hand-written version).
class SelfPipe : public bench::Contender
{
public:
    void createLoop() override { m_wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK); }
    bool watch(int sig, std::string *error) override
    {
        m_sig = sig;
        if (pipe2(s_pipe, O_NONBLOCK | O_CLOEXEC) != 0) {
            *error = std::strerror(errno);
            return false;
        }
        struct sigaction sa {};
        sa.sa_handler = handler;
        sigfillset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        return sigaction(sig, &sa, &m_old) == 0;
    }
    void run() override
    {
        for (;;) {
            pollfd fds[2] = { { s_pipe[0], POLLIN, 0 }, { m_wake, POLLIN, 0 } };
            if (poll(fds, 2, -1) < 0)
                continue;   // EINTR: the handler ran in this thread
            if (fds[1].revents)
                return;
            readOnce(s_pipe[0]);
        }
    }
    void stop() override
    {
        const uint64_t one = 1;
        const ssize_t n = ::write(m_wake, &one, sizeof one);
        (void)n;
    }
    void unwatch() override
    {
        sigaction(m_sig, &m_old, nullptr);
        ::close(s_pipe[0]);
        ::close(s_pipe[1]);
    }

private:
    // Runs in signal-handler context.
    static void handler(int sig)
    {
        const int saved = errno;
        const unsigned char b = static_cast<unsigned char>(sig);
        const ssize_t n = ::write(s_pipe[1], &b, 1);
        (void)n;
        errno = saved;
    }
    static int s_pipe[2];
    int m_sig = 0;
    int m_wake = -1;
    struct sigaction m_old {};
};
int SelfPipe::s_pipe[2] = { -1, -1 };

#if SNBENCH_HAVE_LIBUV
// libuv: uv_signal_t on a loop run in the main thread.
class LibUv : public bench::Contender
{
public:
    void createLoop() override
    {
        uv_loop_init(&m_loop);
        uv_async_init(&m_loop, &m_stop, [](uv_async_t *a) { uv_stop(a->loop); });
    }
    bool watch(int sig, std::string *error) override
    {
        uv_signal_init(&m_loop, &m_signal);
        if (const int r = uv_signal_start(&m_signal, [](uv_signal_t *, int) {
                bench::arrived(0, false, 1);
            }, sig); r != 0) {
            *error = uv_strerror(r);
            return false;
        }
        return true;
    }
    void run() override { uv_run(&m_loop, UV_RUN_DEFAULT); }
    void stop() override { uv_async_send(&m_stop); }
    void unwatch() override
    {
        uv_signal_stop(&m_signal);
        uv_close(reinterpret_cast<uv_handle_t *>(&m_signal), nullptr);
        uv_close(reinterpret_cast<uv_handle_t *>(&m_stop), nullptr);
        uv_run(&m_loop, UV_RUN_DEFAULT);
        uv_loop_close(&m_loop);
    }

private:
    uv_loop_t m_loop {};
    uv_async_t m_stop {};
    uv_signal_t m_signal {};
};
#endif

#if SNBENCH_HAVE_ASIO
// Boost.Asio: signal_set on an io_context run in the main thread.
class Asio : public bench::Contender
{
public:
    void createLoop() override { m_work.emplace(m_io.get_executor()); }
    bool watch(int sig, std::string *error) override
    {
        m_set.emplace(m_io);
        boost::system::error_code ec;
        m_set->add(sig, ec);
        if (ec) {
            *error = ec.message();
            return false;
        }
        wait();
        return true;
    }
    void run() override { m_io.run(); }
    void stop() override { m_io.stop(); }
    void unwatch() override
    {
        m_set->cancel();
        m_set->clear();
        m_set.reset();
    }

private:
    void wait()
    {
        m_set->async_wait([this](const boost::system::error_code &ec, int) {
            if (ec)
                return;
            bench::arrived(0, false, 1);
            wait();
        });
    }
    boost::asio::io_context m_io;
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> m_work;
    std::optional<boost::asio::signal_set> m_set;
};
#endif

template <typename T>
std::unique_ptr<bench::Contender> make()
{
    return std::make_unique<T>();
}

} // namespace

int main(int argc, char **argv)
{
    const std::map<std::string, bench::Factory> contenders = {
        { "signalnotifier", make<SnMain> },
        { "signalnotifier-worker", make<InWorker<SnMain>> },
        { "qt-docs", make<QtDocs> },
        { "qt-docs-worker", make<InWorker<QtDocs>> },
        { "qt-self-pipe", make<QtSelfPipe> },
        { "sigwaitinfo", make<SigWaitInfo> },
        { "signalfd", make<SignalFd> },
        { "self-pipe", make<SelfPipe> },
#if SNBENCH_HAVE_LIBUV
        { "libuv", make<LibUv> },
#endif
#if SNBENCH_HAVE_ASIO
        { "asio", make<Asio> },
#endif
    };
    return bench::main(argc, argv, contenders);
}
