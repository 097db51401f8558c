// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#include "signaldispatcher_p.h"

#include "signalconvert_p.h"
#include "signalnotifier_p.h"

#include <QtCore/qabstracteventdispatcher.h>
#include <QtCore/qcoreapplication.h>
#include <QtCore/qsocketnotifier.h>
#include <QtCore/qthread.h>
#include <QtCore/qvarlengtharray.h>

#include <atomic>

namespace {

thread_local SignalDispatcher *t_dispatcher = nullptr;

const QEvent::Type StartEvent = static_cast<QEvent::Type>(QEvent::registerEventType());

// How many records one wake-up handles before the loop gets a turn: a flood of
// signals never starves timers and other sockets. The rest is read on the next turn.
constexpr std::size_t RecordsPerWake = 4096;

// Records per thread before arrivals only count (see README, "The bounded queue").
std::size_t capacityFromEnvironment()
{
    bool ok = false;
    const int n = qEnvironmentVariableIntValue("SIGNALNOTIFIER_QUEUE_CAPACITY", &ok);
    return ok && n > 0 ? std::size_t(n) : 0;
}

} // namespace

SignalDispatcher *SignalDispatcher::forCurrentThread(Signal::Error *error)
{
    if (t_dispatcher)
        return t_dispatcher;
    SignalBackend::Channel channel;
    if (const SignalBackend::Result r = SignalBackend::openChannel(&channel, capacityFromEnvironment()); !r) {
        *error = toError(r.error);
        return nullptr;
    }
    t_dispatcher = new SignalDispatcher(channel);
    return t_dispatcher;
}

SignalDispatcher::SignalDispatcher(const SignalBackend::Channel &channel)
    : m_channel(channel)
{
    startWhenLoopExists();
    if (!m_socket) {
        // Made before QCoreApplication: the handler already records into the channel;
        // the socket notifier comes once the thread has an event dispatcher, and its
        // first turn reads everything that arrived meanwhile.
        QCoreApplication::postEvent(this, new QEvent(StartEvent));
    }
}

SignalDispatcher::~SignalDispatcher()
{
    if (t_dispatcher == this)
        t_dispatcher = nullptr;
    delete m_socket;
    SignalBackend::closeChannel(&m_channel);
}

void SignalDispatcher::startWhenLoopExists()
{
    if (m_socket || !QAbstractEventDispatcher::instance(thread()))
        return;
    m_socket = new QSocketNotifier(m_channel.readFd, QSocketNotifier::Read, this);
    QObject::connect(m_socket, &QSocketNotifier::activated, this, [this] { drain(); });
}

bool SignalDispatcher::event(QEvent *event)
{
    if (event->type() == StartEvent) {
        startWhenLoopExists();
        return true;
    }
    return QObject::event(event);
}

void SignalDispatcher::attach(SignalNotifier *notifier)
{
    m_deleteWhenIdle = false;
    for (const auto &n : std::as_const(m_notifiers)) {
        if (n == notifier)
            return;
    }
    m_notifiers.append(notifier);
}

void SignalDispatcher::detach(SignalNotifier *notifier)
{
    m_notifiers.removeIf([notifier](const QPointer<SignalNotifier> &n) { return !n || n == notifier; });
    if (!m_notifiers.isEmpty())
        return;
    if (m_draining > 0) {
        m_deleteWhenIdle = true;   // drain() finishes its loop first
        return;
    }
    if (QThread::currentThread() == thread()) {
        delete this;
    } else {
        // Only when a notifier is destroyed outside its thread, which Qt forbids while
        // that thread runs: let the owning thread clean up.
        deleteLater();
    }
}

void SignalDispatcher::addInterest(int native)
{
    SignalBackend::addInterest(m_channel, native);
}

void SignalDispatcher::removeInterest(int native)
{
    SignalBackend::removeInterest(m_channel, native);
}

std::size_t SignalDispatcher::capacity() const
{
    return SignalBackend::channelCapacity(m_channel);
}

void SignalDispatcher::drain()
{
    ++m_draining;
    // Standard signals that arrived while the thread was busy are one activation each,
    // counted; realtime ones go out one by one, in order, as they came.
    QVarLengthArray<SignalInfo, 8> merged;
    auto merge = [&merged](SignalInfo info) {
        for (SignalInfo &m : merged) {
            if (m.signal() == info.signal()) {
                info.setCount(m.count() + info.count());
                info.setOverflow(m.isOverflow() || info.isOverflow());
                m = info;
                return;
            }
        }
        merged.append(info);
    };
    SignalBackend::drainChannel(
        m_channel, RecordsPerWake,
        [&](const SignalBackend::Record &r) {
            const SignalInfo info = infoOf(r);
            if (info.signal().isRealtime())
                deliver(info);
            else
                merge(info);
        },
        [&](int native, uint64_t lost) {
            SignalInfo info = SignalInfo::make(Signal::fromNumber(native), 0, -1, -1);
            info.setCount(lost);
            info.setOverflow(true);
            if (info.signal().isRealtime())
                deliver(info);
            else
                merge(info);
        });
    for (const SignalInfo &info : std::as_const(merged))
        deliver(info);
    --m_draining;
    if (m_draining == 0 && m_deleteWhenIdle) {
        if (t_dispatcher == this)
            t_dispatcher = nullptr;
        deleteLater();   // we are inside our socket notifier's signal
    }
}

void SignalDispatcher::deliver(const SignalInfo &info)
{
    // A slot may delete or disable any notifier, this one included: re-check each.
    const QList<QPointer<SignalNotifier>> notifiers = m_notifiers;
    for (const QPointer<SignalNotifier> &n : notifiers) {
        if (n)
            n->d->deliver(info);
    }
}
