// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// What the POSIX backend does only on Linux: eventfd, pidfd, /proc, Linux si_codes,
// AF_VSOCK for a $NOTIFY_SOCKET of the form vsock:CID:PORT.
// CMake compiles this file on Linux and generic.cpp elsewhere.

#include "../channelio_p.h"
#include "../dispositions_p.h"
#include "../names_p.h"
#include "posix_p.h"

#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <mutex>
#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include <linux/vm_sockets.h>

namespace SignalBackend::Posix {

Result openWake(int *readFd, int *writeFd)
{
    // eventfd(2): one descriptor that is readable while its counter is not zero.
    const int fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (fd < 0)
        return {errno == EMFILE || errno == ENFILE ? Error::OutOfResources : Error::SystemError, errno};
    *readFd = *writeFd = fd;
    return {};
}

// Runs in signal-handler context: write(2) only.
void raiseWake(int writeFd)
{
    const uint64_t one = 1;
    const ssize_t n = ::write(writeFd, &one, sizeof one);
    (void)n;   // EAGAIN only at a counter of 2^64 - 2: readable anyway
}

void clearWake(int readFd)
{
    uint64_t count;
    const ssize_t n = ::read(readFd, &count, sizeof count);   // resets the counter
    (void)n;
}

long currentThreadId()
{
    return static_cast<long>(::syscall(SYS_gettid));   // async-signal-safe: a raw syscall
}

bool isMainThreadNow()
{
    return ::syscall(SYS_gettid) == ::getpid();
}

// ---- The loop's poll, recognisable from the handler (issue 14) ---------------------------
//
// A signal that arrives while a thread's loop sleeps in poll(2) runs its handler on that
// thread (the usual case for the main thread, which the kernel picks first for a
// process-directed signal: kernel/signal.c, complete_signal()). poll then returns EINTR,
// and the loop's glib source looks at the ring in check() (src/loopsource_p.h): the
// record needs no wake-up. But the handler cannot tell "inside poll" from "about to call
// poll" (between the source's look and the system call), where a record without a
// wake-up would sleep until some other event, unless it knows where the system call is.
// So the loop's poll is made here, by one `syscall` instruction whose return address the
// handler compares with the interrupted program counter of its ucontext_t: that address
// means the thread is in the system call (Linux returns EINTR there, restarting nothing:
// signal(7), "Interruption of system calls"; poll(2) is never restarted) or just back
// from it; anywhere else, the handler wakes the loop as before. The same test musl makes
// for its cancellation points (the interrupted address against its __cp_begin/__cp_end).
// Written by hand: no library exposes where its poll's system call is. Saves the
// handler's eventfd write and the reader's read: about 1 us of a signal that meets an
// idle loop here (README, Benchmark).
//
// A cancellation point, as glibc's poll() is (pthreads(7)): QThread::terminate() is a
// pthread_cancel() of a thread that keeps the default, deferred type, which glibc acts on
// at once only inside a cancellation point's system call, where it switches to the
// asynchronous type (its SIGCANCEL then unwinds the thread). Without that a terminated
// thread slept on in this poll until some event woke it (issue 14's last outside
// breaker), and then died somewhere in its dispatch. The same here: asynchronous for the
// system call alone, with pthread_testcancel() for a cancellation already pending.
// ThreadSanitizer delivers a signal only in calls its runtime intercepts, which this is
// not: its builds keep glib's poll.
#if defined(__x86_64__) && !defined(SN_THREAD_SANITIZER)
#define SN_LOOP_POLL 1
extern "C" {
// rdi: fds, rsi: count, rdx: timeout (sign-extended); returns the raw result (-errno).
__attribute__((visibility("hidden"))) long signalnotifier_loop_poll(void *fds, unsigned long count, long timeout);
__attribute__((visibility("hidden"))) extern const char signalnotifier_loop_poll_return[];
}
static_assert(SYS_poll == 7, "the instruction below loads poll's number, 7 on x86-64");
asm(R"(
    .text
    .p2align 4
    .globl  signalnotifier_loop_poll
    .hidden signalnotifier_loop_poll
    .type   signalnotifier_loop_poll, @function
signalnotifier_loop_poll:
    .cfi_startproc
    endbr64
    movl    $7, %eax
    syscall
    .globl  signalnotifier_loop_poll_return
    .hidden signalnotifier_loop_poll_return
signalnotifier_loop_poll_return:
    ret
    .cfi_endproc
    .size   signalnotifier_loop_poll, .-signalnotifier_loop_poll
)");

namespace {
int pollForLoop(void *fds, unsigned long count, int timeout)
{
    int type = PTHREAD_CANCEL_DEFERRED;
    ::pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, &type);   // acts on a pending one
    const long result = signalnotifier_loop_poll(fds, count, timeout);
    ::pthread_setcanceltype(type, nullptr);
    if (result < 0) {
        errno = static_cast<int>(-result);
        return -1;
    }
    return static_cast<int>(result);
}
} // namespace
#endif

bool interruptedInLoopPoll(const void *context)
{
#if defined(SN_LOOP_POLL)
    const auto *uc = static_cast<const ucontext_t *>(context);
    return uc && static_cast<uintptr_t>(uc->uc_mcontext.gregs[REG_RIP])
                     == reinterpret_cast<uintptr_t>(signalnotifier_loop_poll_return);
#else
    (void)context;
    return false;
#endif
}

Result openPidfd(long long pid, int *handle)
{
    // pidfd_open(2), Linux 5.3. Its descriptor is always close-on-exec.
    const long fd = ::syscall(SYS_pidfd_open, static_cast<pid_t>(pid), 0);
    if (fd < 0) {
        const int e = errno;
        if (e == ESRCH)
            return {Error::NoSuchProcess, e};
        if (e == ENOSYS)
            return {Error::Unsupported, e};
        if (e == EMFILE || e == ENFILE)
            return {Error::OutOfResources, e};
        return {Error::SystemError, e};
    }
    *handle = static_cast<int>(fd);
    return {};
}

Result pidfdSend(int handle, int native)
{
    // pidfd_send_signal(2), Linux 5.1: reaches the process the descriptor was opened
    // for, never one that reused its pid.
    if (::syscall(SYS_pidfd_send_signal, handle, native, nullptr, 0) != 0) {
        const int e = errno;
        if (e == ESRCH)
            return {Error::NoSuchProcess, e};
        if (e == EPERM)
            return {Error::PermissionDenied, e};
        if (e == ENOSYS)
            return {Error::Unsupported, e};
        if (e == EBADF)
            return {Error::InvalidArgument, e};
        return {Error::SystemError, e};
    }
    return {};
}

Result readProcStatus(long long pid, std::vector<ProcessSignalState> *out)
{
    if (pid <= 0)
        return {Error::InvalidArgument, 0};
    const std::string path = "/proc/" + std::to_string(pid) + "/status";
    std::ifstream in(path);
    if (!in) {
        const bool exists = ::access(path.c_str(), F_OK) == 0;
        return {exists ? Error::PermissionDenied : Error::NoSuchProcess, 0};
    }
    // Masks are hex, bit (n - 1) for signal n. ShdPnd is process-wide pending, SigPnd
    // the main thread's own; SigBlk is the main thread's mask.
    uint64_t pending = 0, shared = 0, blocked = 0, ignored = 0, caught = 0;
    bool sawCaught = false;
    std::string line;
    while (std::getline(in, line)) {
        auto field = [&](const char *key, uint64_t *value) {
            const std::string k = key;
            if (line.compare(0, k.size(), k) != 0)
                return false;
            char *end = nullptr;
            const char *text = line.c_str() + k.size();
            *value = std::strtoull(text, &end, 16);
            return end != text;
        };
        field("SigPnd:", &pending);
        field("ShdPnd:", &shared);
        field("SigBlk:", &blocked);
        field("SigIgn:", &ignored);
        if (field("SigCgt:", &caught))
            sawCaught = true;
    }
    if (!sawCaught)
        return {Error::NoSuchProcess, 0};
    for (int n : validNumbers()) {
        const uint64_t bit = uint64_t(1) << (n - 1);
        ProcessSignalState s;
        s.native = n;
        s.disposition = (caught & bit) ? Disposition::Handled
                      : (ignored & bit) ? Disposition::Ignored : Disposition::Default;
        s.blocked = (blocked & bit) != 0;
        s.pending = ((pending | shared) & bit) != 0;
        out->push_back(s);
    }
    return {};
}

const char *systemCodeName(int code)
{
    switch (code) {
    case SI_KERNEL: return "SI_KERNEL";
    case SI_TKILL: return "SI_TKILL";
    case SI_SIGIO: return "SI_SIGIO";
    default: return nullptr;
    }
}

namespace {

// How long a vsock connection to the manager may take. The one wait in the sender: a
// datagram needs none, but most hypervisors have no vsock datagrams (QEMU's vhost-vsock
// at the time of writing), and a connected socket needs its connect. On a local VM
// transport it completes at once or is refused; a manager that does neither is not
// waited for longer than this, and the message is lost (said once by the caller).
constexpr int VsockConnectLimitMs = 100;

Result vsockError(int error)
{
    if (error == EACCES || error == EPERM)
        return {Error::PermissionDenied, error};
    // A full send queue: the manager is there but behind (servicemanager_p.h: transient).
    if (error == EAGAIN || error == EWOULDBLOCK || error == ENOBUFS)
        return {Error::OutOfResources, error};
    return {Error::SystemError, error};
}

// A connect that ran into VsockConnectLimitMs is not tried again at once. Without this a
// manager that never answers (a vsock-stream: address with nobody on the other side of a
// transport that neither accepts nor refuses: the connect stays "in progress") would cost
// the full wait on every message, the watchdog's pings included, on the main thread. After
// such a timeout the same address is left alone for a back-off that doubles from 1 s up to
// a minute, and each message meanwhile fails at once with the same ETIMEDOUT (said once by
// the caller); a connect that succeeds or is answered (refused, reset) ends the back-off.
// Any thread may send: the state is under its mutex.
struct ConnectBackoff {
    std::mutex mutex;
    uint32_t cid = 0;
    uint32_t port = 0;
    int type = -1;
    std::chrono::steady_clock::time_point retryAt;
    std::chrono::milliseconds length{0};   // 0: no back-off
};

ConnectBackoff &connectBackoff()
{
    static ConnectBackoff *const b = new ConnectBackoff;   // never destroyed: used during exit
    return *b;
}

bool inBackoff(const VsockAddress &address, int type)
{
    ConnectBackoff &b = connectBackoff();
    std::lock_guard<std::mutex> lock(b.mutex);
    return b.length.count() > 0 && b.cid == address.cid && b.port == address.port && b.type == type
        && std::chrono::steady_clock::now() < b.retryAt;
}

void connectEnded(const VsockAddress &address, int type, bool timedOut)
{
    using namespace std::chrono_literals;
    ConnectBackoff &b = connectBackoff();
    std::lock_guard<std::mutex> lock(b.mutex);
    const bool same = b.cid == address.cid && b.port == address.port && b.type == type;
    if (!timedOut) {
        if (same)
            b.length = 0ms;
        return;
    }
    b.length = same && b.length.count() > 0 ? std::min<std::chrono::milliseconds>(b.length * 2, 60s) : 1000ms;
    b.cid = address.cid;
    b.port = address.port;
    b.type = type;
    b.retryAt = std::chrono::steady_clock::now() + b.length;
}

bool noSuchType(int error)
{
    return error == ENODEV || error == EOPNOTSUPP || error == ESOCKTNOSUPPORT || error == EPROTONOSUPPORT;
}

} // namespace

Result sendVsock(const VsockAddress &address, const std::string &message)
{
    sockaddr_vm vm = {};
    vm.svm_family = AF_VSOCK;
    vm.svm_cid = address.cid;
    vm.svm_port = address.port;
    const auto *to = reinterpret_cast<const sockaddr *>(&vm);

    int type = address.type == VsockAddress::Stream      ? SOCK_STREAM
             : address.type == VsockAddress::SeqPacket   ? SOCK_SEQPACKET
                                                         : SOCK_DGRAM;
    // Non-blocking and close-on-exec from birth, like every descriptor of ours.
    int fd = ::socket(AF_VSOCK, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0 && address.type == VsockAddress::Any && noSuchType(errno)) {
        // No datagrams on this transport: a connected socket instead, as sd_notify does.
        type = SOCK_SEQPACKET;
        fd = ::socket(AF_VSOCK, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0 && noSuchType(errno)) {
            type = SOCK_STREAM;
            fd = ::socket(AF_VSOCK, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        }
    }
    if (fd < 0)
        return vsockError(errno);

    Result result;
    ssize_t sent = -1;
    if (type == SOCK_DGRAM) {
        do {
            sent = ::sendto(fd, message.data(), message.size(), MSG_NOSIGNAL | MSG_DONTWAIT, to, sizeof vm);
        } while (sent < 0 && errno == EINTR);
    } else if (inBackoff(address, type)) {
        errno = ETIMEDOUT;   // the last connect to it timed out a moment ago
    } else {
        int error = 0;
        if (::connect(fd, to, sizeof vm) < 0) {
            error = errno;
            if (error == EINPROGRESS || error == EINTR) {
                pollfd writable = {fd, POLLOUT, 0};
                int n;
                do {
                    n = ::poll(&writable, 1, VsockConnectLimitMs);
                } while (n < 0 && errno == EINTR);
                socklen_t size = sizeof error;
                if (n == 0)
                    error = ETIMEDOUT;
                else if (n < 0 || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) < 0)
                    error = errno;
            }
        }
        connectEnded(address, type, error == ETIMEDOUT);
        if (error == 0) {
            do {
                sent = ::send(fd, message.data(), message.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
            } while (sent < 0 && errno == EINTR);
            // The end of the message for a connected manager. sd_notify then waits for
            // the manager to close its side; we do not wait for anybody.
            if (sent >= 0)
                ::shutdown(fd, SHUT_WR);
        } else {
            errno = error;
        }
    }
    if (sent < 0)
        result = vsockError(errno);
    else if (std::size_t(sent) < message.size())
        result = {Error::SystemError, EMSGSIZE};
    ::close(fd);
    return result;
}

} // namespace SignalBackend::Posix

namespace SignalBackend {

LoopPoll loopPoll()
{
#if defined(SN_LOOP_POLL)
    return Posix::pollForLoop;
#else
    return nullptr;
#endif
}

bool takePending(const std::vector<int> &natives, Record *got)
{
    sigset_t set;
    sigemptyset(&set);
    for (int n : natives)
        sigaddset(&set, n);
    siginfo_t info;
    const struct timespec now = {0, 0};
    int sig;
    do {
        sig = ::sigtimedwait(&set, &info, &now);   // sigtimedwait(2): takes one, no wait
    } while (sig < 0 && errno == EINTR);
    if (sig <= 0)
        return false;
    // Taken without the handler: the notifiers that watch it get their copy all the same
    // (a wait steals nothing from them), recorded as the handler would, with every signal
    // blocked so that no handler on this thread runs in the middle. The wait's own channel
    // gets one too; the wait ends with *got and closes it.
    sigset_t all;
    sigset_t saved;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &saved);
    Posix::deliverToChannels(sig, &info);
    pthread_sigmask(SIG_SETMASK, &saved, nullptr);
    *got = Posix::recordOf(sig, &info);
    return true;
}

} // namespace SignalBackend
