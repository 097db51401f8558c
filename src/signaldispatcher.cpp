// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#include "signaldispatcher_p.h"

#include "environment_p.h"
#include "loopmonitor_p.h"
#include "process_p.h"
#include "signalconvert_p.h"
#include "signalnotifier_p.h"

#include <QtCore/qabstracteventdispatcher.h>
#include <QtCore/qcoreapplication.h>
#include <QtCore/qloggingcategory.h>
#include <QtCore/qsocketnotifier.h>
#include <QtCore/qthread.h>
#include <QtCore/qvarlengtharray.h>

#include <atomic>
#include <algorithm>
#include <limits>

namespace SN {

Q_DECLARE_LOGGING_CATEGORY(lcSignalNotifier)

// Ends the current thread's dispatcher with the thread (see the header). A thread_local
// object's destructor runs when the thread exits, after QThread's own finish (its event
// dispatcher is gone by then) and before Qt's per-thread data is freed.
struct SignalDispatcherThreadGuard
{
    SignalDispatcher *dispatcher = nullptr;
    ~SignalDispatcherThreadGuard()
    {
        if (SignalDispatcher *d = std::exchange(dispatcher, nullptr))
            d->threadEnded();
    }
};

namespace {

thread_local SignalDispatcherThreadGuard t_guard;

const QEvent::Type StartEvent = static_cast<QEvent::Type>(QEvent::registerEventType());
const QEvent::Type ReleaseEvent = static_cast<QEvent::Type>(QEvent::registerEventType());
const QEvent::Type DeliverEvent = static_cast<QEvent::Type>(QEvent::registerEventType());
const QEvent::Type HandoverDoneEvent = static_cast<QEvent::Type>(QEvent::registerEventType());
const QEvent::Type DeleteIfIdleEvent = static_cast<QEvent::Type>(QEvent::registerEventType());

// How many records one wake-up handles before the loop gets a turn: a flood of
// signals never starves timers and other sockets. The rest is read on the next turn.
constexpr std::size_t RecordsPerWake = 4096;

// Records per thread before arrivals only count (see README, "The bounded queue").
// Anything but a whole number from 1 up is refused with a warning; a number larger than
// the system allows gets the largest queue there is (queueCapacity() tells).
std::size_t capacityFromEnvironment()
{
    const char *const name = "SIGNALNOTIFIER_QUEUE_CAPACITY";
    // Environment::number(): digits only, however many (leading zeros too). A whole number
    // too large for 64 bits is still a whole number larger than the largest queue, which
    // it gets (README "The bounded queue"; the outside breaker of issue 14 saw 2^64
    // refused as junk). Absent or empty: the default, without a word.
    const Environment::Number n = Environment::number(name);
    switch (n.state) {
    case Environment::Number::Unset:
        return 0;
    case Environment::Number::TooLarge:
        return std::numeric_limits<std::size_t>::max() / 64;
    case Environment::Number::Fits:
        if (n.value > 0)   // the backend gives a larger request the largest queue the system allows
            return std::size_t(qMin<uint64_t>(n.value, std::numeric_limits<std::size_t>::max() / 64));
        break;
    case Environment::Number::NotANumber:
        break;
    }
    static std::atomic<bool> warned{false};
    if (!warned.exchange(true)) {
        qCWarning(lcSignalNotifier, "%s=%ls is not a whole decimal number of records from 1 up: the default applies",
                  name, qUtf16Printable(Environment::quoted(n.text)));
    }
    return 0;
}

QString nameOfThread(QThread *thread)
{
    if (!thread)
        return QStringLiteral("no thread");
    const QString name = thread->objectName();
    if (!name.isEmpty())
        return QStringLiteral("'%1'").arg(name);
    const QCoreApplication *app = QCoreApplication::instance();
    if (app ? thread == app->thread() : (thread == QThread::currentThread() && SignalBackend::isMainThread()))
        return QStringLiteral("main");
    return QStringLiteral("%1 (unnamed)").arg(quintptr(thread), 0, 16);
}

// One arrival forwarded to a notifier that moved to another thread.
class ForwardedArrival : public QEvent
{
public:
    explicit ForwardedArrival(const SignalInfo &arrival) : QEvent(DeliverEvent), info(arrival) {}
    const SignalInfo info;
};

// A notifier's release from a dispatcher it moved away from is done.
class HandoverDone : public QEvent
{
public:
    HandoverDone(const SignalDispatcher *dispatcher, uint32_t point)
        : QEvent(HandoverDoneEvent), from(dispatcher), releaseFrom(point) {}
    const SignalDispatcher *const from;   // stays until the notifier detaches
    const uint32_t releaseFrom;           // which release of it is done
};

// Wrap-safe "a comes before b" for arrival numbers.
bool before(uint32_t a, uint32_t b)
{
    return static_cast<int32_t>(a - b) < 0;
}

} // namespace

// The channel's socket notifier, where the loop has no glib source of ours
// (loopsource_p.h). A wake-up reads the channel directly instead of through
// QSocketNotifier::activated: QSocketNotifier::event() emits two signals per wake-up
// (activated(QSocketDescriptor, Type) and Qt 5's activated(int)), with a QPointer
// between them, about a tenth of the instructions of one delivery (callgrind; README
// "Benchmark"). Every other event (ThreadChange...) is QSocketNotifier's.
class SignalChannelNotifier : public QSocketNotifier
{
public:
    SignalChannelNotifier(qintptr fd, SignalDispatcher *dispatcher)
        : QSocketNotifier(fd, QSocketNotifier::Read, dispatcher), m_dispatcher(dispatcher) {}

protected:
    bool event(QEvent *event) override
    {
        if (event->type() == QEvent::SockAct || event->type() == QEvent::SockClose) {
            SignalBackend::channelWoken(m_dispatcher->m_channel);   // readable: reset it
            // Dispatched by Qt's loop: a source it could not attach when the program read
            // our first event outside the loop attaches now (loopsource_p.h).
            if (m_dispatcher->m_loopSourceApplies && !m_dispatcher->m_loopSource)
                m_dispatcher->attachLoopSource();
            m_dispatcher->drain();
            return true;
        }
        return QSocketNotifier::event(event);
    }

private:
    SignalDispatcher *const m_dispatcher;   // our parent
};

QEvent::Type SignalDispatcher::deliverEventType() { return DeliverEvent; }
QEvent::Type SignalDispatcher::handoverDoneEventType() { return HandoverDoneEvent; }

// Whether a QCoreApplication exists, for the monitor's warning (read on its thread): a
// program that never makes one gets told so, not only that its loop never ran.
static std::atomic<bool> g_applicationExists{false};
static std::atomic<bool> g_applicationEverExisted{false};

static void applicationDestroyed()
{
    g_applicationExists.store(false);
}

// Called by every QCoreApplication constructor (qAddPreRoutine), on the thread that makes
// it. Events posted while no application exists do not survive the application's
// destruction, so a main-thread dispatcher that outlived one application is told here
// that the next one has a loop to read in.
static void restartAfterNewApplication()
{
    g_applicationExists.store(true);
    g_applicationEverExisted.store(true);
    // Qt runs each post routine once and forgets it: one per application.
    qAddPostRoutine(applicationDestroyed);
    if (SignalDispatcher *d = t_guard.dispatcher)
        QCoreApplication::postEvent(d, new QEvent(StartEvent));
}

SignalDispatcher *SignalDispatcher::forCurrentThread(Error::Code *error)
{
    static const bool registered = [] {
        qAddPreRoutine(restartAfterNewApplication);
        if (QCoreApplication::instance()) {
            g_applicationExists.store(true);
            g_applicationEverExisted.store(true);
            qAddPostRoutine(applicationDestroyed);
        }
        return true;
    }();
    Q_UNUSED(registered);
    if (SignalDispatcher *d = t_guard.dispatcher) {
        if (SignalBackend::channelAlive(d->m_channel))
            return d;
        // Inherited through fork(): it stays, silent, for the notifiers that came with
        // it; what is made from now on gets a channel of this process.
        t_guard.dispatcher = nullptr;
    }
    SignalBackend::Channel channel;
    if (const SignalBackend::Result r = SignalBackend::openChannel(&channel, capacityFromEnvironment()); !r) {
        *error = toCode(r.error);
        return nullptr;
    }
    auto *d = new SignalDispatcher(channel);
    t_guard.dispatcher = d;
    return d;
}

SignalDispatcher::SignalDispatcher(const SignalBackend::Channel &channel)
    : m_channel(channel), m_threadName(nameOfThread(QThread::currentThread())),
      m_mainThread(SignalBackend::isMainThread())
{
    // Until this thread's loop has turned once, the monitor watches for arrivals that
    // nobody reads. The first turn (StartEvent) takes it off again.
    LoopMonitor::add(this, m_channel, [this] {
        QMutexLocker lock(&m_lock);
        QStringList names;
        for (const Attached &a : std::as_const(m_attached)) {
            for (int n : a.natives) {
                const QString name = Signal::fromNumber(n).name();
                if (!names.contains(name))
                    names.append(name);
            }
        }
        QString what = QStringLiteral("%1 for thread %2").arg(names.join(QLatin1Char('/')), m_threadName);
        // The trap of a new Qt user: no QCoreApplication at all. Said plainly, with the fix.
        if (m_mainThread && !g_applicationExists.load())
            what += QStringLiteral(" (no QCoreApplication exists: nothing reads signals until the "
                                   "program makes one, e.g. QCoreApplication app(argc, argv), "
                                   "and runs app.exec())");
        return what;
    });
    startWhenLoopExists();
    // Made before QCoreApplication or before the loop runs: the handler already records
    // into the channel; the first turn of the loop starts the socket notifier if needed
    // and reads everything that arrived meanwhile.
    QCoreApplication::postEvent(this, new QEvent(StartEvent));
}

SignalDispatcher::~SignalDispatcher()
{
    if (t_guard.dispatcher == this)
        t_guard.dispatcher = nullptr;
    const bool neverRead = LoopMonitor::remove(this);
    LoopSource::release(std::exchange(m_loopSource, nullptr));
    delete m_socket;
    delete m_staleSocket;
    // Deleting the last notifier with arrivals still unread is the application's choice;
    // a thread that ended under its notifiers is not. (A loop that never ran is the
    // LoopMonitor's to report, while the dispatcher lives.)
    if (m_threadGone)
        reportUnread();
    // A short program that never made a QCoreApplication ends before the monitor speaks:
    // what it never read is said now, with what was missing (issue 12, trap 3).
    if (neverRead && m_mainThread && !g_applicationEverExisted.load()
        && !SignalBackend::channelEmpty(m_channel)) {
        qCWarning(lcSignalNotifier,
                  "signals arrived for the main thread and were never read: no QCoreApplication "
                  "existed. Make one, e.g. QCoreApplication app(argc, argv), and run app.exec().");
    }
    SignalBackend::closeChannel(&m_channel);
}

// A channel closed with arrivals in it that no thread will ever read: say so.
void SignalDispatcher::reportUnread()
{
    if (!SignalBackend::channelAlive(m_channel))
        return;
    quint64 unread = m_undelivered;
    QStringList names = m_undeliveredNames;
    SignalBackend::drainChannel(
        m_channel, std::numeric_limits<std::size_t>::max(),
        [&](const SignalBackend::Record &r) {
            ++unread;
            const QString name = Signal::fromNumber(r.signal).name();
            if (!names.contains(name))
                names.append(name);
        },
        [&](int native, uint64_t n) {
            unread += n;
            const QString name = Signal::fromNumber(native).name();
            if (!names.contains(name))
                names.append(name);
        });
    if (unread > 0) {
        qCWarning(lcSignalNotifier,
                  "%llu arrival(s) of %ls for thread %ls were never delivered: the thread ended "
                  "before they were read",
                  static_cast<unsigned long long>(unread), qUtf16Printable(names.join(QLatin1Char('/'))),
                  qUtf16Printable(m_threadName));
    }
}

void SignalDispatcher::startWhenLoopExists()
{
    QAbstractEventDispatcher *current = QAbstractEventDispatcher::instance(thread());
    if (!current || (m_socket && current == m_eventDispatcher))
        return;
    if (m_socket) {
        // The thread's event dispatcher was replaced (QCoreApplication destroyed and made
        // again): the old socket notifier belongs to a dispatcher that is gone.
        delete m_staleSocket;
        m_staleSocket = m_socket;
        m_socket = nullptr;
    }
    delete std::exchange(m_staleSocket, nullptr);
    m_eventDispatcher = current;
    // The source belonged to the loop that is gone; the next StartEvent attaches one to
    // the new loop.
    detachLoopSource();
    m_loopSourceApplies = LoopSource::applies(current);
    // Told when it goes: its socket notifier and source are stale from then on. The next
    // loop of this thread (a restarted QThread: StartEvent from threadEnded(); a new
    // QCoreApplication: its constructor calls restartAfterNewApplication()) gets new ones.
    QObject::connect(current, &QObject::destroyed, this, [this] {
        detachLoopSource();
        m_staleSocket = m_socket;
        m_socket = nullptr;
    }, Qt::DirectConnection);
    m_socket = new SignalChannelNotifier(m_channel.readFd, this);
}

// Reads the channel through a glib source of the loop instead of the socket notifier,
// where the loop is glib's (loopsource_p.h); the notifier stays, disabled, for the day
// the source goes.
void SignalDispatcher::attachLoopSource()
{
    LoopSource::Hooks hooks;
    hooks.data = this;
    hooks.fd = m_channel.readFd;
    hooks.ready = [](void *d) {
        const auto *self = static_cast<const SignalDispatcher *>(d);
        return !SignalBackend::channelEmpty(self->m_channel) || self->holdsBack();
    };
    hooks.mayWait = [](void *d, bool mayWait, bool pollIsLoopPoll) {
        SignalBackend::setLoopMayWait(static_cast<SignalDispatcher *>(d)->m_channel, mayWait, pollIsLoopPoll);
    };
    hooks.woken = [](void *d, bool readable) {
        SignalBackend::channelWoken(static_cast<SignalDispatcher *>(d)->m_channel, readable);
    };
    hooks.dispatch = [](void *d) { static_cast<SignalDispatcher *>(d)->drain(); };
    m_loopSource = LoopSource::acquire(m_eventDispatcher, hooks);
    if (!m_loopSource)
        return;
    if (m_socket)
        m_socket->setEnabled(false);
    SignalBackend::setLoopChecksChannel(m_channel, true);
}

// Back to the socket notifier (which a stale loop's caller replaces anyway): whatever the
// ring holds wakes it (setLoopChecksChannel(false)).
void SignalDispatcher::detachLoopSource()
{
    if (!m_loopSource)
        return;
    LoopSource::release(std::exchange(m_loopSource, nullptr));
    SignalBackend::setLoopChecksChannel(m_channel, false);
    if (m_socket)
        m_socket->setEnabled(true);
}

void SignalDispatcher::loopSeen()
{
    LoopMonitor::remove(this);
}

bool SignalDispatcher::event(QEvent *event)
{
    if (event->type() == StartEvent) {
        // A loop runs in our thread: the first turn after we were made, after a new
        // QCoreApplication, or after the QThread was started again (Qt keeps a finished
        // thread's posted events and runs them in the new one).
        {
            QMutexLocker lock(&m_lock);
            m_threadGone = false;
        }
        if (!t_guard.dispatcher)
            t_guard.dispatcher = this;
        startWhenLoopExists();
        // Delivered by the loop itself (Qt's posted-event source), so LoopSource sees
        // which glib context that loop is.
        if (!m_loopSource)
            attachLoopSource();
        loopSeen();
        drain();   // what arrived before the socket notifier existed
        return true;
    }
    if (event->type() == DeleteIfIdleEvent) {
        QMutexLocker lock(&m_lock);
        if (m_attached.isEmpty() && m_draining == 0) {
            lock.unlock();
            delete this;
        }
        return true;
    }
    if (event->type() == ReleaseEvent) {
        // Every arrival from before a released notifier's hand-over point came from a
        // handler that started before now: once those have finished, all of them are in
        // this channel, and reading what it holds then forwards every one. Only the
        // releases asked for until now: one asked for meanwhile (from another thread)
        // may have a later point, whose handlers this wait does not cover; it posts
        // the next ReleaseEvent.
        QMutexLocker lock(&m_lock);
        coverReleasesLocked();
        lock.unlock();
        SignalBackend::waitForRunningHandlers();
        // Counted arrivals from before the point are in the counts by now: taken too, or
        // a notifier handed over before this channel read the channel empty would never
        // hear of them (the new channel has no count of them).
        drain(std::max<std::size_t>(1, SignalBackend::channelPending(m_channel)), /*countsAnyway=*/true);
        lock.relock();
        processReleasesLocked();
        return true;
    }
    return QObject::event(event);
}

uint32_t SignalDispatcher::attach(SignalNotifier *notifier, const QList<int> &natives)
{
    m_deleteWhenIdle = false;
    QMutexLocker lock(&m_lock);
    for (Attached &a : m_attached) {
        if (a.notifier != notifier)
            continue;
        // A new set for one already here: new interest first, so that a signal in both
        // sets always has a place.
        for (int n : natives)
            SignalBackend::addInterest(m_channel, n);
        for (int n : std::as_const(a.natives))
            SignalBackend::removeInterest(m_channel, n);
        // A signal it did not watch until now: its arrivals from here on only.
        bool grew = false;
        for (int n : natives) {
            if (a.natives.contains(n))
                continue;
            if (!grew) {
                SignalBackend::waitForRunningHandlers();   // those numbered before are in the channel
                grew = true;
            }
            a.added.erase(std::remove_if(a.added.begin(), a.added.end(),
                                         [n](const Attached::Added &e) { return e.native == n; }),
                          a.added.end());
            a.added.append({n, SignalBackend::arrivalSequence(), boundNowLocked()});
        }
        a.natives = natives;
        if (a.open) {
            // Its share goes on. Back before any other channel took over: what was held
            // for it while away is its own (posted: it lives here again).
            for (const auto &h : std::as_const(a.held))
                QCoreApplication::postEvent(notifier, new ForwardedArrival(h.first));
            a.held.clear();
            return a.openFrom;
        }
        // It came back after a release was asked (done or not): a new part from now on,
        // the part before it (if not handed over yet) still delivered from here.
        if (a.handedOver)
            a.closed.clear();
        a.released = false;
        a.handedOver = false;
        takeOverLocked(a, SignalBackend::arrivalSequence());
        return a.openFrom;
    }
    for (int n : natives)
        SignalBackend::addInterest(m_channel, n);
    // Read after the interest is in: every arrival numbered from here on finds it.
    const uint32_t from = SignalBackend::arrivalSequence();
    m_attached.append(Attached{});
    Attached &a = m_attached.last();
    a.notifier = notifier;
    a.natives = natives;
    // New or taking over, what was numbered before `from` is not its own: another
    // notifier's interest may have put it here (a notifier made after an arrival got it,
    // the second outside breaker of issue 14's fixes), or it is another channel's.
    takeOverLocked(a, from);
    return from;
}

// Own thread, with m_lock held, the interest in: `a`'s open part starts at `from`. Records
// numbered before it that other notifiers' interest put here are the channels' it came
// from; all of them are in the channel once the handlers running now have finished.
void SignalDispatcher::takeOverLocked(Attached &a, uint32_t from)
{
    a.open = true;
    a.openFrom = from;
    a.openBounded = true;
    SignalBackend::waitForRunningHandlers();
    a.openBound = boundNowLocked();
}

SignalDispatcher::Bound SignalDispatcher::boundNowLocked() const
{
    return {m_recordsRead + SignalBackend::channelPending(m_channel), m_emptied};
}

bool SignalDispatcher::passedLocked(const Bound &bound, const Arrival &arrival) const
{
    return arrival.read > bound.reads || m_emptied != bound.emptied;
}

// Own thread, with m_lock held: whether `arrival` is in `a`'s share (see Part), and in
// which part.
SignalDispatcher::Share SignalDispatcher::shareLocked(Attached &a, const Arrival &arrival)
{
    if (a.open && a.openBounded && passedLocked(a.openBound, arrival))
        a.openBounded = false;   // this channel has read everything from before openFrom
    if (arrival.first == 0)
        return a.open ? Share::Open : Share::Closed;   // counted arrivals have no number: at least once
    // An arrival `first`..`last` (a merged one spans several) shares with a part that
    // has some number in that span.
    const bool closed = std::any_of(a.closed.cbegin(), a.closed.cend(), [&arrival](const Part &p) {
        return !before(arrival.last, p.from) && before(arrival.first, p.until);
    });
    if (closed)
        return Share::Closed;
    if (a.open && (!a.openBounded || !before(arrival.last, a.openFrom)))
        return Share::Open;
    return Share::None;
}

bool SignalDispatcher::beforeAddedLocked(Attached &a, int native, const Arrival &arrival)
{
    for (qsizetype i = 0; i < a.added.size(); ++i) {
        Attached::Added &e = a.added[i];
        if (e.native != native)
            continue;
        if (passedLocked(e.bound, arrival)) {
            a.added.remove(i);   // this channel has read everything from before it
            return false;
        }
        return arrival.first != 0 && before(arrival.last, e.from);
    }
    return false;
}

void SignalDispatcher::detachLocked(SignalNotifier *notifier)
{
    for (qsizetype i = 0; i < m_attached.size(); ++i) {
        if (m_attached[i].notifier != notifier)
            continue;
        for (int n : std::as_const(m_attached[i].natives))
            SignalBackend::removeInterest(m_channel, n);
        m_attached.removeAt(i);
        return;
    }
}

void SignalDispatcher::detach(SignalNotifier *notifier)
{
    QMutexLocker lock(&m_lock);
    detachLocked(notifier);
    if (!m_attached.isEmpty())
        return;
    if (m_threadGone) {
        // Its thread has ended: nothing else will ever touch it.
        lock.unlock();
        delete this;
        return;
    }
    if (QThread::currentThread() != thread()) {
        // A notifier that moved away, or one deleted from elsewhere while its thread
        // still runs: the owning thread cleans up, at its next turn or when it ends —
        // unless a notifier made there meanwhile uses us again (not deleteLater(): the
        // thread may hand us out until then). Posted with m_lock still held: a thread that
        // is ending (QThread::wait() has returned, its thread_local guard has not run yet)
        // deletes us in threadEnded() as soon as it gets m_lock and finds no notifier,
        // and a post after unlocking touched a deleted dispatcher (seen once as a crash
        // in postEvent() under threadTeardownDoesNotLeak). deliver() posts under m_lock too.
        QCoreApplication::postEvent(this, new QEvent(DeleteIfIdleEvent));
        return;
    }
    lock.unlock();
    if (m_draining > 0) {
        m_deleteWhenIdle = true;   // drain() finishes its loop first
        return;
    }
    delete this;
}

void SignalDispatcher::requestRelease(SignalNotifier *notifier, uint32_t sequence)
{
    QMutexLocker lock(&m_lock);
    for (Attached &a : m_attached) {
        if (a.notifier != notifier)
            continue;
        if (a.open) {
            // Its open part ends where the new channel's begins. An unbounded one reaches
            // back to whatever this channel may still read (less than 2^31 arrivals back).
            const uint32_t from = a.openBounded ? a.openFrom : sequence - 0x80000000u;
            if (before(from, sequence))
                a.closed.append({from, sequence});
            a.open = false;
        }
        // What was held for it: this channel's share up to the release point.
        for (const auto &h : std::as_const(a.held)) {
            if (h.second.first == 0 || before(h.second.first, sequence))
                QCoreApplication::postEvent(notifier, new ForwardedArrival(h.first));
        }
        a.held.clear();
        a.releaseFrom = sequence;
        a.released = true;
        a.releaseCovered = false;
    }
    if (m_threadGone) {
        // Nobody runs here any more: forward what is left from this thread, now.
        releaseNow(lock);
        return;
    }
    if (!m_releasesPending) {
        m_releasesPending = true;
        QCoreApplication::postEvent(this, new QEvent(ReleaseEvent));
    }
}

// With m_lock held, before waiting for the running handlers and reading: the releases
// asked for until now are the ones that reading covers. True when there is any.
bool SignalDispatcher::coverReleasesLocked()
{
    m_releasesPending = false;
    bool any = false;
    for (Attached &a : m_attached) {
        if (a.released && !a.handedOver) {
            a.releaseCovered = true;
            any = true;
        }
    }
    return any;
}

// With m_lock held, after everything from before the covered releases' hand-over points
// has been read and forwarded (see the ReleaseEvent): those notifiers leave.
void SignalDispatcher::processReleasesLocked()
{
    for (qsizetype i = 0; i < m_attached.size();) {
        Attached &a = m_attached[i++];
        if (!a.released || a.handedOver || !a.releaseCovered)
            continue;
        // It gets nothing more from here. It stays attached, without interest, until it
        // has read HandoverDone and detaches: until then it may still name us (and we
        // must stay), and we may still name it (its destructor detaches under m_lock).
        for (int n : std::as_const(a.natives))
            SignalBackend::removeInterest(m_channel, n);
        a.natives.clear();
        a.closed.clear();
        a.handedOver = true;
        QCoreApplication::postEvent(a.notifier, new HandoverDone(this, a.releaseFrom));
    }
}

// With m_lock held through `lock`, once this thread reads no more: forwards what is left
// to the notifiers being released, lets them go, and deletes the dispatcher when no
// notifier is left. Returns true when it did (`this` is gone then).
bool SignalDispatcher::releaseNow(QMutexLocker<QMutex> &lock)
{
    if (coverReleasesLocked()) {
        lock.unlock();
        SignalBackend::waitForRunningHandlers();
        drain(std::numeric_limits<std::size_t>::max());   // nobody else will read
        lock.relock();
        processReleasesLocked();
    }
    if (!m_attached.isEmpty())
        return false;
    lock.unlock();
    delete this;
    return true;
}

void SignalDispatcher::threadEnded()
{
    if (SignalBackend::isMainThread())
        return;   // the process is exiting: nothing is left to hand over
    // The thread's event dispatcher is already gone: so is any use for the notifier and
    // the source.
    detachLoopSource();
    delete std::exchange(m_socket, nullptr);
    delete std::exchange(m_staleSocket, nullptr);
    LoopMonitor::remove(this);
    QMutexLocker lock(&m_lock);
    m_threadGone = true;
    // Notifiers that moved away and are waiting for their release get what is here now;
    // those that have not asked yet, when they ask.
    if (releaseNow(lock))
        return;
    // Otherwise notifiers still live in the ended thread: the last detach() deletes us
    // (reporting what arrived and was never read), or the QThread is started again and
    // runs this event first thing (Qt keeps a finished thread's posted events).
    QCoreApplication::postEvent(this, new QEvent(StartEvent));
}

std::size_t SignalDispatcher::capacity() const
{
    return SignalBackend::channelCapacity(m_channel);
}

void SignalDispatcher::postArrival(SignalNotifier *notifier, const SignalInfo &info)
{
    QCoreApplication::postEvent(notifier, new ForwardedArrival(info));
}

bool SignalDispatcher::drain(std::size_t limit, bool countsAnyway)
{
    if (!SignalBackend::channelAlive(m_channel))
        return true;   // the parent's, inherited through fork(): never read here
    ++m_draining;
    // A nested loop in a slot: what a delivery further out has not given to every one of
    // its notifiers goes first (Delivering), then the activations drains further out
    // merged and have not delivered (Pending), then what they read already
    // (drainChannel), then what is new.
    if (m_delivering)
        completeOuterDeliveries();
    if (m_pending)
        completeOuterMerged();
    // Standard signals that arrived while the thread was busy are one activation each,
    // counted; realtime ones go out one by one, in order, as they came.
    // Each merged activation keeps the numbers of its earliest and latest records (0: it
    // includes counted arrivals, which have none), so that a notifier that moves gets it
    // from the channel whose share it is (Attached::Part).
    const quint64 readAtStart = m_recordsRead + 1;
    Pending pending;
    pending.outer = m_pending;
    m_pending = &pending;
    // Each SignalInfo is built in the spare data the last delivery left when no slot kept
    // it, and leaves it there again (SignalInfoSpare). The spare is this drain's alone: a
    // drain nested in a slot, or one on another thread once ours has ended, allocates.
    // (A member, not a thread_local: its look-up, __tls_get_addr in a shared library, cost
    // about 50 of the ~160 instructions per delivery that the spare saves; callgrind.)
    SignalInfoSpare *const spare = m_spareTaken.exchange(true, std::memory_order_acquire) ? nullptr : &m_spare;
    auto merge = [&pending, spare, readAtStart](SignalInfo &&info, uint32_t seq) {
        // Not into one a nested drain has delivered already (before `next`).
        for (qsizetype k = pending.next; k < pending.merged.size(); ++k) {
            Merged &m = pending.merged[k];
            if (m.info.signal() == info.signal()) {
                SignalInfoPrivate::setCount(info, m.info.count() + info.count());
                SignalInfoPrivate::setOverflow(info, m.info.isOverflow() || info.isOverflow());
                std::swap(m.info, info);
                SignalInfoPrivate::recycle(std::move(info), spare);   // the earlier one
                if (seq == 0 || m.arrival.first == 0) {
                    m.arrival.first = m.arrival.last = 0;
                } else {
                    // Records of concurrent handlers may come slightly out of order.
                    if (before(seq, m.arrival.first))
                        m.arrival.first = seq;
                    if (before(m.arrival.last, seq))
                        m.arrival.last = seq;
                }
                return;
            }
        }
        pending.merged.append({std::move(info), Arrival{seq, seq, readAtStart}});
    };
    if (limit == 0)
        limit = m_threadGone ? std::numeric_limits<std::size_t>::max() : RecordsPerWake;
    const bool emptied = SignalBackend::drainChannel(
        m_channel, limit,
        [&](const SignalBackend::Record &r) {
            ++m_recordsRead;
            SignalInfo info = infoOf(r, spare);
            if (info.signal().isRealtime()) {
                deliver(info, Arrival{r.seq, r.seq, m_recordsRead});
                SignalInfoPrivate::recycle(std::move(info), spare);
            } else {
                merge(std::move(info), r.seq);
            }
        },
        [&](int native, uint64_t lost) {
            SignalInfo info = SignalInfoPrivate::make(Signal::fromNumber(native), 0, -1, -1, spare);
            SignalInfoPrivate::setCount(info, lost);
            SignalInfoPrivate::setOverflow(info, true);
            if (info.signal().isRealtime()) {
                deliver(info, Arrival{});
                SignalInfoPrivate::recycle(std::move(info), spare);
            } else {
                merge(std::move(info), 0);
            }
        },
        countsAnyway);
    // A slot may nest a loop, whose drain delivers all the rest (completeOuterMerged()):
    // one wake-up for it, raised before the first.
    if (pending.merged.size() - pending.next > 1)
        SignalBackend::channelHeldBack(m_channel);
    while (pending.next < pending.merged.size()) {
        Merged &m = pending.merged[pending.next++];
        deliver(m.info, m.arrival);
        SignalInfoPrivate::recycle(std::move(m.info), spare);
    }
    m_pending = pending.outer;
    // The slots have run: the page fault the next records may need is taken here, not by
    // a handler on the way to the next slot.
    if (m_draining == 1)
        SignalBackend::channelBackAhead(m_channel);
    if (emptied)
        ++m_emptied;
    if (spare)
        m_spareTaken.store(false, std::memory_order_release);
    --m_draining;
    if (m_draining == 0 && m_deleteWhenIdle) {
        if (t_guard.dispatcher == this)
            t_guard.dispatcher = nullptr;
        deleteLater();   // we are inside our socket notifier's signal
    }
    return emptied;
}

void SignalDispatcher::deliver(const SignalInfo &info, const Arrival &arrival)
{
    const int native = info.signal().number();
    QThread *own = thread();
    // The notifiers of this thread to call, once m_lock is released. The first is called
    // without a guard: it was attached a moment ago, and only this thread, which runs
    // here, may delete or move a notifier that lives in it. A slot may delete any other
    // one, so those are held by QPointer (one notifier per signal and thread is the
    // common case: no QPointer, no allocation).
    SignalNotifier *first = nullptr;
    QVarLengthArray<QPointer<SignalNotifier>, 4> more;
    {
        QMutexLocker lock(&m_lock);
        for (Attached &a : m_attached) {
            if (!a.natives.contains(native))
                continue;
            const Share share = shareLocked(a, arrival);
            if (share == Share::None || beforeAddedLocked(a, native, arrival))
                continue;
            if (a.notifier->thread() == own) {
                if (!m_threadGone) {
                    if (!first)
                        first = a.notifier;
                    else
                        more.append(a.notifier);
                } else {
                    // It lives in a thread that has ended: it can never be told. Counted,
                    // and reported when it goes.
                    m_undelivered += info.count();
                    if (!m_undeliveredNames.contains(info.signal().name()))
                        m_undeliveredNames.append(info.signal().name());
                }
            } else {
                // Moved to another thread, and this arrival is still this channel's to
                // give it: forwarded, in order, as an event it handles in its thread
                // (alive while attached: m_lock is held). Until the new channel has taken
                // over, an arrival of the open part may turn out to be the new channel's
                // (numbered from its take-over point on, read here before the release
                // said so): held until then.
                QThread *target = a.notifier->thread();
                if (!target || target->isFinished()) {
                    // Moved to a thread that has ended (or to none): nothing reads there
                    // unless the thread is started again. Said, once per notifier.
                    if (!a.warnedNotRunning) {
                        a.warnedNotRunning = true;
                        if (target) {
                            qCWarning(lcSignalNotifier,
                                      "%ls arrived for a notifier moved to thread %ls, which has ended: "
                                      "it is delivered only if that thread is started again",
                                      qUtf16Printable(info.signal().name()), qUtf16Printable(nameOfThread(target)));
                        } else {
                            qCWarning(lcSignalNotifier,
                                      "%ls arrived for a notifier moved to no thread "
                                      "(moveToThread(nullptr)): it is never delivered",
                                      qUtf16Printable(info.signal().name()));
                        }
                    }
                }
                if (target && share == Share::Open)
                    a.held.append({info, arrival});   // which channel's it is, the release says
                else if (target)
                    QCoreApplication::postEvent(a.notifier, new ForwardedArrival(info));
            }
        }
    }
    if (more.isEmpty()) {
        if (first)
            first->d->deliver(info);
        return;
    }
    // More than one: the rest may be reached by a nested drain first (Delivering), which
    // a slot's nested loop must run for although the channel may be empty.
    // One wake-up for it, raised before the first call: that drain completes the rest.
    Delivering self{&info, &more, 0, m_delivering};
    m_delivering = &self;
    SignalBackend::channelHeldBack(m_channel);
    if (first)
        first->d->deliver(info);
    // A slot may delete or disable any notifier: re-check each.
    while (self.next < more.size()) {
        const QPointer<SignalNotifier> &n = more[self.next++];
        if (n)
            n->d->deliver(info);
    }
    m_delivering = self.outer;
}

void SignalDispatcher::completeOuterMerged()
{
    // Outermost first: its activations were read first.
    for (;;) {
        Pending *oldest = nullptr;
        for (Pending *p = m_pending; p; p = p->outer) {
            if (p->next < p->merged.size())
                oldest = p;
        }
        if (!oldest)
            return;
        Merged &m = oldest->merged[oldest->next++];
        if (holdsBack())
            SignalBackend::channelHeldBack(m_channel);   // a slot may nest a loop again
        deliver(m.info, m.arrival);
        SignalInfoPrivate::recycle(std::move(m.info), nullptr);   // the spare is that drain's
    }
}

bool SignalDispatcher::holdsBack() const
{
    for (const Delivering *d = m_delivering; d; d = d->outer) {
        if (d->next < d->rest->size())
            return true;
    }
    for (const Pending *p = m_pending; p; p = p->outer) {
        if (p->next < p->merged.size())
            return true;
    }
    return SignalBackend::drainHolds(m_channel);
}

void SignalDispatcher::completeOuterDeliveries()
{
    // Outermost first: the oldest arrival goes out first.
    for (;;) {
        Delivering *oldest = nullptr;
        for (Delivering *d = m_delivering; d; d = d->outer) {
            if (d->next < d->rest->size())
                oldest = d;
        }
        if (!oldest)
            return;
        const QPointer<SignalNotifier> &n = (*oldest->rest)[oldest->next++];
        if (n) {
            if (holdsBack())
                SignalBackend::channelHeldBack(m_channel);   // a slot may nest a loop again
            n->d->deliver(*oldest->info);
        }
    }
}

// Used by SignalNotifier::event() to read a forwarded arrival.
bool signalDispatcherForwarded(QEvent *event, SignalInfo *info)
{
    if (event->type() != DeliverEvent)
        return false;
    *info = static_cast<ForwardedArrival *>(event)->info;
    return true;
}

const SignalDispatcher *signalDispatcherHandoverDone(QEvent *event, uint32_t *releaseFrom)
{
    if (event->type() != HandoverDoneEvent)
        return nullptr;
    *releaseFrom = static_cast<HandoverDone *>(event)->releaseFrom;
    return static_cast<HandoverDone *>(event)->from;
}

} // namespace SN
