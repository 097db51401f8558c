// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#include "SignalNotifier/signalnotifier.h"

#include "process_p.h"
#include "sessionevents_p.h"
#include "signalconvert_p.h"
#include "signaldispatcher_p.h"
#include "signalnotifier_p.h"

#include <QtCore/qabstracteventdispatcher.h>
#include <QtCore/qcoreapplication.h>
#include <QtCore/qloggingcategory.h>
#include <QtCore/qmutex.h>
#include <QtCore/qset.h>
#include <QtCore/qthread.h>

#include <algorithm>

namespace SN {

Q_LOGGING_CATEGORY(lcSignalNotifier, "signalnotifier")

namespace {
const QEvent::Type RearmEvent = static_cast<QEvent::Type>(QEvent::registerEventType());
}

/*!
    \class SignalNotifier signalnotifier.h <SignalNotifier/SignalNotifier>
    \brief Turns operating-system signals into a Qt signal, in the thread it lives in.

    A SignalNotifier watches a set of signals. Each arrival activates every notifier
    that watches that signal, once, through the event loop of the thread the notifier
    lives in: activated() is an ordinary Qt signal, so its slots may do anything.

    \code
    QCoreApplication app(argc, argv);
    SignalNotifier stop(Signal::terminationRequests());
    QObject::connect(&stop, &SignalNotifier::activated, &app, [&](const SignalInfo &info) {
        qInfo() << "stopping on" << info.signal().name() << "from pid" << info.senderPid();
        app.quit();
    });
    return app.exec();
    \endcode

    Guarantees:
    \list
    \li Nothing is lost: after an arrival, every enabled notifier watching it is activated
        at least once. Standard signals that pile up are merged and counted (count());
        realtime signals are delivered one by one with their values, up to a bounded
        queue per thread (queueCapacity()); beyond it they are counted (isOverflow()).
    \li Many notifiers may watch one signal, in one thread or several; each gets its own
        activation. A notifier in a worker thread receives while the main thread is busy.
    \li A notifier made before QCoreApplication, or before exec(), loses nothing: its
        first turn of the event loop delivers what arrived.
    \li While any enabled notifier watches a signal, the library's handler is installed;
        when the last one stops, the exact previous action comes back. A handler that
        was installed before ours keeps being called.
    \li A signal that is ignored when watching starts (nohup) stays ignored unless
        overrideIgnored is set; keptIgnored() lists such signals. An info line in the
        "signalnotifier" category says so once per signal per process, however many
        notifiers come and go; again only after the signal was found not ignored, or
        Signal::setDisposition() set it, in between.
    \endlist

    Misuse (an unknown or forbidden signal, a thread with no event loop, no descriptors
    left) is reported through error() and errorString() and a warning in the
    "signalnotifier" logging category; the notifier then changes nothing.

    Threads: a SignalNotifier is a QObject. Make it and call its functions in the thread
    it lives in, which is also where activated() is emitted; QObject::moveToThread()
    takes its signals along. Watching acts on the whole process (the POSIX handler is
    installed with sigaction(2); on Windows the console control handler,
    SetConsoleCtrlHandler), whichever thread a notifier lives in. A notifier in a thread
    that runs no event loop is refused at once (Error::NoEventLoop), except in the main
    thread before QCoreApplication exists: arrivals wait there for the loop. When a
    thread's loop has not turned once since its first notifier was made and an arrival
    has waited unread for 3 seconds (SIGNALNOTIFIER_UNREAD_WARNING_MS, 100 to 60000
    milliseconds), a warning in the "signalnotifier" category says so once and names the
    usual causes: no QCoreApplication at all (then it says how to make one), exec() never
    reached, QThread::run() without exec().

    A daemon that reloads on SIGHUP watches Signal::serviceStopRequests() for stopping,
    not Signal::terminationRequests(), which holds Hangup: otherwise every reload stops it.

    \sa GracefulShutdown, Signal::waitForAny()
*/

/*!
    \property SignalNotifier::watchedSignals
    \brief The signals this notifier watches: watchedSignals(), setWatchedSignals(), watchedSignalsChanged().
*/

/*!
    \property SignalNotifier::enabled
    \brief Whether the notifier emits activated(): isEnabled(), setEnabled(), enabledChanged().
*/

/*!
    \property SignalNotifier::singleShot
    \brief Whether the notifier disables itself after its first activation: isSingleShot(), setSingleShot(), singleShotChanged().
*/

/*!
    \property SignalNotifier::overrideIgnored
    \brief Whether signals ignored when watching starts (nohup) are watched anyway: overrideIgnored(), setOverrideIgnored(), overrideIgnoredChanged().
*/

/*!
    \property SignalNotifier::interruptsBlockingCalls
    \brief Whether the watched signals interrupt blocking calls (no \c SA_RESTART): interruptsBlockingCalls(), setInterruptsBlockingCalls(), interruptsBlockingCallsChanged().
*/

/*!
    \property SignalNotifier::error
    \brief The last error: error(), errorString(); errorOccurred() says when it changes.
*/

/*!
    \fn void SignalNotifier::activated(const SignalInfo &info)
    Emitted in the notifier's thread for each arrival of a watched signal, with what the
    platform told about it in \a info. Merged standard signals come as one activation
    with their SignalInfo::count(); realtime ones come one by one, in order.

    \code
    SignalNotifier jobs(Signal::realtime(2));
    QObject::connect(&jobs, &SignalNotifier::activated, &worker, [&](const SignalInfo &info) {
        worker.run(info.value());          // sigqueue values, one by one
    });
    \endcode
*/

/*!
    \fn void SignalNotifier::watchedSignalsChanged()
    Emitted when the watched set changes (setWatchedSignals(), watch(), unwatch()).
*/

/*!
    \fn void SignalNotifier::enabledChanged(bool enabled)
    Emitted when the notifier is enabled or disabled; \a enabled is the new state.
*/

/*!
    \fn void SignalNotifier::singleShotChanged(bool singleShot)
    Emitted when the singleShot property changes to \a singleShot.
*/

/*!
    \fn void SignalNotifier::overrideIgnoredChanged(bool overrideIgnored)
    Emitted when the overrideIgnored property changes to \a overrideIgnored.
*/

/*!
    \fn void SignalNotifier::interruptsBlockingCallsChanged(bool interruptsBlockingCalls)
    Emitted when the interruptsBlockingCalls property changes to \a interruptsBlockingCalls.
*/

/*!
    \fn void SignalNotifier::errorOccurred(SN::Error::Code error)
    Emitted when a call on this notifier fails with \a error; errorString() tells more.
    The notifier then watches what it watched before the call. Not emitted when a later
    call succeeds, although error() then says NoError again.
*/

/*!
    Makes a notifier that watches nothing yet, with \a parent; see watch(). It lives in
    the calling thread.
*/
SignalNotifier::SignalNotifier(QObject *parent)
    : QObject(parent), d(std::make_unique<SignalNotifierPrivate>(this))
{
}

/*!
    Makes a notifier with \a parent that watches \a signal. On failure (see error()) it
    watches nothing.
*/
SignalNotifier::SignalNotifier(Signal signal, QObject *parent)
    : SignalNotifier(QList<Signal>{signal}, parent)
{
}

/*!
    Makes a notifier with \a parent that watches every signal in \a watched. On failure
    (see error()) it watches none of them.
*/
SignalNotifier::SignalNotifier(const QList<Signal> &watched, QObject *parent)
    : SignalNotifier(parent)
{
    setWatchedSignals(watched);
}

/*!
    Stops watching. A signal that no other notifier (or Signal::waitForAny()) watches gets
    its previous action back, exactly as it was before watching began; what arrived and was
    not yet delivered to this notifier is dropped with it.
*/
SignalNotifier::~SignalNotifier()
{
    d->stop();
}

/*! The signals this notifier watches. */
QList<Signal> SignalNotifier::watchedSignals() const
{
    return d->watched;
}

/*!
    Watches exactly \a watched from now on; duplicates count once. Either all of them are
    accepted, or none is and the notifier keeps what it had. Signals common to the old and
    new set are watched without a gap. Emits watchedSignalsChanged() when the set changes.
    A portable event this platform lacks (Logoff on POSIX) is accepted and never fires.

    Returns false with error() set and errorOccurred() emitted: Error::UnknownSignal,
    Error::ForbiddenSignal or Error::UnsupportedSignal for a signal that cannot be watched
    (Signal::watchability() says which, before you try), Error::NoEventLoop in a thread
    without an event loop, Error::OutOfResources when the thread's channel cannot be made
    (no descriptors left) or, on Linux, when Signal::Shutdown's source (the library's
    thread that speaks to systemd-logind, which needs a thread and 8 descriptors) cannot
    start (docs/services.md), Error::SystemError when the system refuses the handler.
*/
bool SignalNotifier::setWatchedSignals(const QList<Signal> &watched)
{
    QList<Signal> wanted;
    for (Signal s : watched) {
        if (const Error e = s.watchability())
            return d->setError(e.code(), e.text());
        if (!wanted.contains(s))
            wanted.append(s);
    }
    if (wanted == d->watched && (d->active || !d->enabled || wanted.isEmpty())) {
        d->clearError();
        return true;
    }
    if (!d->apply(wanted, d->enabled, d->overrideIgnored))
        return false;
    Q_EMIT watchedSignalsChanged();
    return true;
}

/*! Adds \a signal to the watched set; returns false as setWatchedSignals() does. */
bool SignalNotifier::watch(Signal signal)
{
    QList<Signal> next = d->watched;
    next.append(signal);
    return setWatchedSignals(next);
}

/*!
    Removes \a signal from the watched set; its previous action comes back when no other
    notifier watches it. A signal this notifier does not watch changes nothing: true.

    Returns false as setWatchedSignals() does, the set unchanged. A signal that watch()
    refuses (Signal::watchability(): Error::UnknownSignal, Error::ForbiddenSignal,
    Error::UnsupportedSignal) is refused here too, with the same error, instead of
    reporting a removal of what no notifier can hold (a typo would otherwise pass).
*/
bool SignalNotifier::unwatch(Signal signal)
{
    if (const Error e = signal.watchability())
        return d->setError(e.code(), e.text());
    QList<Signal> next = d->watched;
    next.removeAll(signal);
    return setWatchedSignals(next);
}

/*! Whether the notifier emits activated(). A disabled notifier does not hold its signals. */
bool SignalNotifier::isEnabled() const
{
    return d->enabled;
}

/*!
    Enables or disables the notifier. Disabling lets go of the signals (the previous
    action comes back if no other notifier watches them); enabling takes them again, and
    may fail as setWatchedSignals() does (error(), errorOccurred(); the notifier stays
    disabled then). Emits enabledChanged() when the state changes.
*/
void SignalNotifier::setEnabled(bool enabled)
{
    if (enabled == d->enabled)
        return;
    if (!d->apply(d->watched, enabled, d->overrideIgnored))
        return;
    Q_EMIT enabledChanged(enabled);
}

/*! Whether the notifier disables itself after its first activation. */
bool SignalNotifier::isSingleShot() const
{
    return d->singleShot;
}

/*!
    Makes the notifier disable itself after its first activation (\a singleShot true),
    or not. A single-shot notifier lets go of its signals when it fires; setEnabled(true)
    arms it again.
*/
void SignalNotifier::setSingleShot(bool singleShot)
{
    if (singleShot == d->singleShot)
        return;
    d->singleShot = singleShot;
    Q_EMIT singleShotChanged(singleShot);
}

/*!
    Whether a signal that is ignored when watching starts (for example SIGHUP under
    nohup) is watched anyway. Off by default: an inherited "ignore" is a decision made by
    whoever started the program.
*/
bool SignalNotifier::overrideIgnored() const
{
    return d->overrideIgnored;
}

/*!
    Watches signals that were ignored when watching started (\a override true), or
    leaves them ignored (the default); see overrideIgnored(). May fail as
    setWatchedSignals() does, leaving the property unchanged.
*/
void SignalNotifier::setOverrideIgnored(bool override)
{
    if (override == d->overrideIgnored)
        return;
    if (!d->apply(d->watched, d->enabled, override))
        return;
    Q_EMIT overrideIgnoredChanged(override);
}

/*!
    Whether the signals this notifier watches interrupt the blocking call they arrive in
    (Python's \c{signal.siginterrupt(sig, True)}). Off by default: a call such as
    \c read() that a signal lands in goes on as if nothing happened (POSIX: the handler
    is installed with \c SA_RESTART).

    While an enabled notifier with this set watches a signal, the library's handler for
    that signal is installed without \c SA_RESTART: a blocking call in progress in the
    thread the signal is delivered to fails with \c EINTR instead of going on
    (signal(7), "Interruption of system calls and library functions", lists which calls;
    some, such as \c poll() and \c nanosleep(), fail with \c EINTR either way). The
    notifiers are activated all the same.

    Which thread that is: the kernel delivers a signal sent to the process to any one
    thread that does not block it, so to break one worker out of a blocking call, send it
    to that thread (Signal::sendToThread()), or block the signal in every other thread
    (Signal::setBlockedInThisThread(); threads inherit the mask of the thread that starts
    them). Only a call that is in progress is interrupted: one the worker enters after the
    signal arrived blocks as usual. A sender that must not miss it sends again until the
    worker answers (docs/python-signal.md shows it); a worker that must not miss it waits
    with \c poll() in an event loop (a QSocketNotifier beside a SignalNotifier) instead of
    blocking in the call.

    It acts on the whole process, per signal: every thread's calls are interrupted by that
    signal while any enabled notifier watching it has this set, and restarted again once
    none has (the handler is put in again with the flags that then apply). It changes
    nothing while the signal is kept ignored (keptIgnored()), as no handler is installed
    then, nor the actions of handlers installed before or over the library's.

    On Windows it has no effect: console events run on a thread of their own and interrupt
    no call; the property still reads back what was set.

    \sa setInterruptsBlockingCalls(), Signal::sendToThread()
*/
bool SignalNotifier::interruptsBlockingCalls() const
{
    return d->interruptsBlockingCalls;
}

/*!
    Makes the watched signals interrupt blocking calls (\a interrupts true) or not (the
    default); see interruptsBlockingCalls(). Any time: a notifier that is watching puts
    the handler in again at once. May fail as setWatchedSignals() does (sigaction(2)
    refused), leaving the property unchanged with error() set. Emits
    interruptsBlockingCallsChanged() when it changes.
*/
void SignalNotifier::setInterruptsBlockingCalls(bool interrupts)
{
    if (interrupts == d->interruptsBlockingCalls)
        return;
    d->interruptsBlockingCalls = interrupts;
    if (d->active && !d->apply(d->watched, d->enabled, d->overrideIgnored)) {
        d->interruptsBlockingCalls = !interrupts;
        return;
    }
    Q_EMIT interruptsBlockingCallsChanged(interrupts);
}

/*!
    The watched signals this notifier does not receive because they were ignored when
    watching began (for example SIGHUP under nohup) and overrideIgnored is off. Such a
    signal stays ignored by the process while no notifier that overrides it (or
    Signal::waitForAny()) watches it, and is ignored again the moment the last of those
    goes. \c{signal.setDisposition(Signal::Default)} un-ignores it for everyone.
*/
QList<Signal> SignalNotifier::keptIgnored() const
{
    QList<Signal> kept;
    if (d->overrideIgnored)
        return kept;
    for (const auto &t : std::as_const(d->tickets)) {
        if (SignalBackend::keptIgnored(t.native))
            kept.append(Signal::fromNumber(t.native));
    }
    return kept;
}

/*!
    How many arrivals this notifier received only as a count, past the bounded queue
    (queueCapacity()): the sum of SignalInfo::count() over its overflow activations.
*/
quint64 SignalNotifier::overflowCount() const
{
    return d->overflowCount;
}

/*!
    How many arrivals the calling thread's queue holds before further ones are only
    counted (SignalInfo::isOverflow()): 32768 by default on POSIX systems. The environment
    variable SIGNALNOTIFIER_QUEUE_CAPACITY asks for another size, exactly (at most
    1,048,576). 0 when the calling thread cannot have a queue (no descriptors or memory
    left).

    \note On POSIX systems the queue is a ring in the process's memory (36 bytes a record,
    kept until the thread's last notifier goes; on Linux backed 16 KiB at a time as the
    queue's positions come near, by the thread after it has delivered, with
    madvise(2) \c MADV_POPULATE_WRITE, so that the handler of a signal arriving after a
    delivery takes no page fault) and an eventfd (Linux, eventfd(2)) or a pipe
    (elsewhere) that wakes the thread: no pipe and none of the user's pipe budget on Linux (pipe(7),
    \c /proc/sys/fs/pipe-user-pages-soft).
*/
qsizetype SignalNotifier::queueCapacity()
{
    Error::Code error = Error::NoError;
    SignalDispatcher *dispatcher = SignalDispatcher::forCurrentThread(&error);
    if (!dispatcher)
        return 0;
    const qsizetype n = qsizetype(dispatcher->capacity());
    SignalNotifier probe;   // attach/detach so an unused dispatcher goes away again
    dispatcher->attach(&probe, {});
    dispatcher->detach(&probe);
    return n;
}

/*! The error of the last call that changed this notifier; Error::NoError after a success. */
Error::Code SignalNotifier::error() const
{
    return d->error;
}

/*! A one-line English description of error(); empty when there is none. */
QString SignalNotifier::errorString() const
{
    return d->errorString;
}

// The events that carry a notifier across a move (see SignalDispatcher).
bool signalDispatcherForwarded(QEvent *event, SignalInfo *info);
const SignalDispatcher *signalDispatcherHandoverDone(QEvent *event, uint32_t *releaseFrom);

/*!
    Handles \a event. A notifier moved to another thread (QObject::moveToThread())
    keeps its signals and receives in its new thread; what arrives while it moves is
    delivered there too, after the move.
*/
bool SignalNotifier::event(QEvent *event)
{
    if (event->type() == QEvent::ThreadChange) {
        d->leaveThread();
    } else if (event->type() == RearmEvent) {
        d->rearm();
        return true;
    } else if (event->type() == SignalDispatcher::deliverEventType()) {
        SignalInfo info;
        if (signalDispatcherForwarded(event, &info))
            d->deliver(info);
        return true;
    } else if (event->type() == SignalDispatcher::handoverDoneEventType()) {
        uint32_t releaseFrom = 0;
        const SignalDispatcher *from = signalDispatcherHandoverDone(event, &releaseFrom);
        d->handoverDone(from, releaseFrom);
        return true;
    }
    return QObject::event(event);
}

// ---- SignalNotifierPrivate ----------------------------------------------------------------

bool SignalNotifierPrivate::setError(Error::Code e, const QString &text)
{
    error = e;
    errorString = text;
    qCWarning(lcSignalNotifier, "%ls", qUtf16Printable(text));
    Q_EMIT q->errorOccurred(e);
    return false;
}

void SignalNotifierPrivate::clearError()
{
    error = Error::NoError;
    errorString.clear();
}

QList<int> SignalNotifierPrivate::natives() const
{
    QList<int> out;
    for (const auto &t : tickets)
        out.append(t.native);
    return out;
}

// Makes the notifier watch `wanted` with the given switches, all or nothing. The new
// hold is taken before the old one is let go, so a signal in both sets never falls
// back to its previous action in between.
bool SignalNotifierPrivate::apply(const QList<Signal> &wanted, bool wantEnabled, bool wantOverride)
{
    SignalDispatcher *nextDispatcher = nullptr;
    QList<SignalBackend::WatchTicket> nextTickets;
    QList<int> nextNatives;
    const bool start = wantEnabled && !wanted.isEmpty();
    const QList<int> oldNatives = natives();

    if (start && !dispatcher && !leaving.isEmpty()) {
        // Moved here and its RearmEvent is still to come: the take-over happens first, so
        // that the set changes in one channel (the channels it left keep their share).
        rearm();
        if (!active)
            return false;   // no channel here: rearm() said why
    }
    if (start) {
        QThread *thread = QThread::currentThread();
        // A thread with no event dispatcher never reads: known now, so refused now. The
        // main thread may come before QCoreApplication (it brings the loop later).
        if (!QAbstractEventDispatcher::instance(thread)) {
            const QCoreApplication *app = QCoreApplication::instance();
            const bool mainThread = app ? thread == app->thread() : SignalBackend::isMainThread();
            if (!mainThread)
                return setError(Error::NoEventLoop, Error::codeText(Error::NoEventLoop));
        }
        Error::Code e = Error::NoError;
        nextDispatcher = SignalDispatcher::forCurrentThread(&e);
        if (!nextDispatcher)
            return setError(e, Error::codeText(e));
        for (Signal s : wanted) {
            if (s.number() > 0)
                nextNatives.append(s.number());
        }
        // Interest before the handler goes in: the first arrival already has a place.
        // While the old set is still held here too, so is its interest.
        QList<int> interim = nextNatives;
        if (nextDispatcher == dispatcher) {
            for (int n : oldNatives) {
                if (!interim.contains(n))
                    interim.append(n);
            }
        }
        nextDispatcher->attach(q, interim);
        // A refusal from here on lets go of what was taken so far, and the notifier keeps
        // what it had.
        const auto refuse = [&](SignalBackend::Result r, const QString &text) {
            for (const auto &t : std::as_const(nextTickets))
                SignalBackend::unwatch(t);
            if (nextDispatcher == dispatcher)
                nextDispatcher->attach(q, oldNatives);
            else
                nextDispatcher->detach(q);
            return setError(toCode(r.error), text);
        };
        for (Signal s : wanted) {
            if (s.number() <= 0)
                continue;
            SignalBackend::WatchTicket ticket;
            bool kept = false;
            const SignalBackend::Result r = SignalBackend::watch(s.number(), wantOverride, &ticket,
                                                                 &kept, interruptsBlockingCalls);
            if (!r)
                return refuse(r, errorOf(r, s).text());
            nextTickets.append(ticket);
            if (noteKeptIgnored(s.number(), kept)) {
                qCInfo(lcSignalNotifier,
                       "%ls was ignored when watching began (nohup?) and stays "
                       "ignored; set overrideIgnored to watch it anyway",
                       qUtf16Printable(s.name()));
            }
        }
        // Events that are no signal here (Shutdown from logind on Linux): the source that
        // delivers them needs a thread and descriptors of its own. Asked last, when nothing
        // else can refuse any more.
        QString why;
        if (const SignalBackend::Result r = SessionSource::prepare(wanted, &why); !r)
            return refuse(r, why);
    }

    // Let go of the old hold: handlers first, then interest, so an arrival in between
    // is met by the restored action or by us, never by nobody.
    for (const auto &t : std::as_const(tickets))
        SignalBackend::unwatch(t);
    if (dispatcher && dispatcher != nextDispatcher)
        dispatcher->detach(q);
    if (!start) {
        leaveAllPrevious();
    } else {
        nextDispatcher->attach(q, nextNatives);
    }

    watched = wanted;
    tickets = nextTickets;
    dispatcher = nextDispatcher;
    enabled = wantEnabled;
    overrideIgnored = wantOverride;
    active = start;
    // Events that are no signal here (Shutdown from logind on Linux) come another way.
    SessionEvents::setWatched(q, start ? wanted : QList<Signal>());
    noteHangupWatch(start && wanted.contains(Signal::Hangup));
    clearError();
    return true;
}

namespace {
// The signals whose nohup note (above, in apply()) was said: once per signal per process,
// not once per notifier. A QML Loader that toggled a GracefulShutdown said it 1906 times;
// each new watcher after the last one went finds the same ignore again, which is no news.
struct KeptIgnoredNotes
{
    QMutex lock;
    QSet<int> said;
};

KeptIgnoredNotes &keptIgnoredNotes()
{
    static KeptIgnoredNotes notes;
    return notes;
}
} // namespace

// Whether the nohup note is to be said for `native`, just watched by a notifier that
// `kept` it ignored. Said again only once the situation has changed in between: a
// watcher found the signal not ignored at its start, or Signal::setDisposition() changed
// it (forgetKeptIgnoredNote()). A watcher that overrides the ignore changes nothing:
// the signal is still ignored for everyone else. Any thread.
bool SignalNotifierPrivate::noteKeptIgnored(int native, bool kept)
{
    KeptIgnoredNotes &notes = keptIgnoredNotes();
    QMutexLocker lock(&notes.lock);
    if (kept) {
        if (notes.said.contains(native))
            return false;
        notes.said.insert(native);
        return true;
    }
    if (!SignalBackend::keptIgnored(native))
        notes.said.remove(native);   // not ignored now: the next ignore is news again
    return false;
}

// Signal::setDisposition() changed what `native` does: an ignore found afterwards is a
// new situation, said again. Any thread.
void forgetKeptIgnoredNote(int native)
{
    KeptIgnoredNotes &notes = keptIgnoredNotes();
    QMutexLocker lock(&notes.lock);
    notes.said.remove(native);
}

// The SIGHUP trap (issue 12): a stop-request watcher — GracefulShutdown's notifier, or
// any notifier that watches all of Signal::terminationRequests() (the README's pattern
// before 1.0) — taking Hangup while another notifier watches Hangup for something else,
// a reload most likely: every HUP then stops the program. Said once per process, when
// both first exist. Only where Hangup is the terminal hangup that daemons take as
// "reload" (POSIX); where it is the console closing (Windows), stopping on it and saving
// on it go together. Any thread: the two sets are under their own lock.
void SignalNotifierPrivate::noteHangupWatch(bool watching)
{
    static const bool hangupMeansReload = !Signal::serviceStopRequests().contains(Signal::Hangup);
    if (!hangupMeansReload)
        return;
    struct Watchers {
        QMutex lock;
        QSet<const SignalNotifierPrivate *> stopping;
        QSet<const SignalNotifierPrivate *> other;
        bool warned = false;
    };
    static Watchers w;
    QMutexLocker lock(&w.lock);
    static const QList<Signal> stopSet = Signal::terminationRequests();
    const bool stopping = isStopRequestWatcher
        || std::all_of(stopSet.cbegin(), stopSet.cend(), [this](Signal s) { return watched.contains(s); });
    w.stopping.remove(this);
    w.other.remove(this);
    if (watching)
        (stopping ? w.stopping : w.other).insert(this);
    if (w.warned || w.stopping.isEmpty() || w.other.isEmpty())
        return;
    w.warned = true;
    qCWarning(lcSignalNotifier,
              "SIGHUP is both a stop request (a GracefulShutdown watches "
              "Signal::terminationRequests(), which include Hangup) and watched by another "
              "SignalNotifier: every HUP will stop the program. A daemon that reloads on HUP "
              "gives its GracefulShutdown Signal::serviceStopRequests(); a program that should "
              "stop on HUP does not watch it anywhere else. Said once.");
}

void SignalNotifierPrivate::stop()
{
    SessionEvents::setWatched(q, {});
    noteHangupWatch(false);
    for (const auto &t : std::as_const(tickets))
        SignalBackend::unwatch(t);
    if (dispatcher)
        std::exchange(dispatcher, nullptr)->detach(q);
    leaveAllPrevious();
    tickets.clear();
    active = false;
}

// Lets go of the dispatchers of threads it moved away from, hand-over or not: it watches
// nothing any more.
void SignalNotifierPrivate::leaveAllPrevious()
{
    for (SignalDispatcher *d : std::as_const(leaving))
        d->detach(q);
    leaving.clear();
    releaseRequested.clear();
}

// In the old thread, before the move. The signals stay held and the old channel keeps
// its interest until the new thread's channel has it (rearm()); meanwhile the old
// dispatcher forwards what arrives, so nothing in the move window is lost.
void SignalNotifierPrivate::leaveThread()
{
    if (!dispatcher)
        return;
    leaving.append(std::exchange(dispatcher, nullptr));
    QCoreApplication::postEvent(q, new QEvent(RearmEvent));
}

// In the new thread: interest in this thread's channel first, then the old channels are
// released from the arrival number on that the new one is sure to have. Each numbered
// arrival is then one channel's to deliver (SignalDispatcher::Part): no copies to weed out.
void SignalNotifierPrivate::rearm()
{
    if (!active || dispatcher)
        return;
    Error::Code e = Error::NoError;
    SignalDispatcher *next = SignalDispatcher::forCurrentThread(&e);
    if (!next) {
        stop();
        setError(e, Error::codeText(e));
        return;
    }
    const uint32_t from = next->attach(q, natives());
    dispatcher = next;
    leaving.removeAll(next);   // back in a thread it had left: nothing to hand over
    releaseRequested.remove(next);
    // Each one once: a dispatcher stays until we detach from it (handoverDone()).
    for (SignalDispatcher *d : std::as_const(leaving)) {
        if (!releaseRequested.contains(d)) {
            releaseRequested.insert(d, from);
            d->requestRelease(q, from);
        }
    }
}

void SignalNotifierPrivate::handoverDone(const SignalDispatcher *from, uint32_t releaseFrom)
{
    auto *d = const_cast<SignalDispatcher *>(from);
    // Only the release asked for last: after moving back there and away again, an
    // earlier release's HandoverDone may still come, while the new one is under way.
    if (!leaving.contains(d) || releaseRequested.value(d, releaseFrom + 1) != releaseFrom)
        return;
    leaving.removeAll(d);
    releaseRequested.remove(d);
    d->detach(q);   // it waited for this; it may go now
}

void SignalNotifierPrivate::deliver(const SignalInfo &info)
{
    if (!active || !enabled || !watched.contains(info.signal()))
        return;
    const int native = info.signal().number();
    // Ignored when watching began (nohup) and not overridden: someone else's override
    // (another notifier, a wait) brought it in; it is not ours to see.
    if (!overrideIgnored && native > 0 && SignalBackend::keptIgnored(native))
        return;
    if (info.isOverflow())
        overflowCount += info.count();
    if (singleShot)
        q->setEnabled(false);   // like QTimer: the slot already sees it stopped
    Q_EMIT q->activated(info);
}

} // namespace SN
