// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// ShutdownShared: any thread. The rules (who writes which field, who reads it) are at the
// top of shutdownshared_p.h; every lock section of GracefulShutdown is in this file.

#include "shutdownshared_p.h"

#include "servicemanager_p.h"
#include "sessionend_p.h"
#include "signalconvert_p.h"

#include "SignalNotifier/session.h"

#include <QtCore/qobject.h>
#include <QtCore/qstringlist.h>

#include <condition_variable>
#include <cstdio>
#include <cstdlib>

namespace SN {

Q_LOGGING_CATEGORY(lcShutdown, "signalnotifier.shutdown")

void ShutdownShared::attach(ShutdownSequence *sequence, QObject *context)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_sequence = sequence;
    m_context = context;
}

void ShutdownShared::detach()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_sequence = nullptr;
    m_context = nullptr;
}

bool ShutdownShared::isAttached() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_sequence != nullptr;
}

void ShutdownShared::postToSequence(std::function<void(ShutdownSequence &)> call)
{
    // Posted under the lock: detach() takes it first, so the receiver is alive while the
    // event is posted; once it is deleted, Qt drops the event with it. The event looks
    // again when it runs, in the sequence's thread, which is the only one that deletes it.
    std::lock_guard<std::mutex> lock(m_mutex);
    if (!m_sequence)
        return;
    QMetaObject::invokeMethod(m_context, [self = shared_from_this(), call = std::move(call)] {
        ShutdownSequence *sequence = nullptr;
        {
            std::lock_guard<std::mutex> inner(self->m_mutex);
            sequence = self->m_sequence;
        }
        if (sequence)
            call(*sequence);
    }, Qt::QueuedConnection);
}

std::chrono::milliseconds ShutdownShared::deadlineLength() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_deadlineLength;
}

bool ShutdownShared::setDeadlineLength(std::chrono::milliseconds length)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_deadlineLength == length)
        return false;
    m_deadlineLength = length;
    return true;
}

bool ShutdownShared::accept(const SignalInfo &info)
{
    // Asked outside the lock section: the hold has its own lock. Forever when nothing is held.
    const QDeadlineTimer hold = Session::holdDeadline();
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_request.taken)
            return false;
        m_request.taken = true;
        m_request.info = info;
        QDeadlineTimer deadline(m_deadlineLength, Qt::PreciseTimer);
        // An event the platform holds for us (Windows CLOSE/LOGOFF/SHUTDOWN) ends the process
        // when the hold gives up: finish before it does.
        m_request.deadlineIsHold = false;
        if (hold < deadline) {
            deadline = hold;
            m_request.deadlineIsHold = true;
        }
        m_request.deadline = deadline;
        m_request.hold = hold;
    }
    // The sequence takes over a hold under way (requestShutdown() from a slot of a held
    // event; a held request its claim already claims): it ends with the sequence, not
    // with some other watcher's releaseHold().
    if (!hold.isForever() || info.isHeld())
        SignalBackend::claimHold(m_holdClaim);
    return true;
}

ShutdownShared::Request ShutdownShared::request() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_request;
}

void ShutdownShared::hookStarted(const Hook &hook)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_hook = hook;
    m_hookReported = false;
    m_hookStarted = false;
}

bool ShutdownShared::hookEnded()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_hook.token = 0;
    return m_hookReported;
}

bool ShutdownShared::takeOverdueBlockingHook(int token, Hook *hook)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_hook.token != token || !m_hook.blocking || m_hookReported)
        return false;
    m_hookReported = true;
    *hook = m_hook;
    return true;
}

ShutdownShared::Hook ShutdownShared::runningHook() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_hook.token != 0 ? m_hook : Hook();
}

bool ShutdownShared::startHandedOverHook(int token)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_hook.token != token || token == 0)
        return false;
    m_hookStarted = true;
    return true;
}

bool ShutdownShared::handedOverHookStarted(int token) const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_hook.token == token && m_hookStarted;
}

int ShutdownShared::addInhibitor(const QString &why, bool *first)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    const int id = m_nextInhibitor++;
    *first = m_inhibitors.empty();
    m_inhibitors.emplace(id, why);
    return id;
}

bool ShutdownShared::releaseInhibitor(int id)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_inhibitors.erase(id) > 0 && m_inhibitors.empty();
}

QString ShutdownShared::inhibitedBy() const
{
    QStringList why;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        for (const auto &entry : m_inhibitors)
            why.append(entry.second);
    }
    return why.join(QStringLiteral(", "));
}

void ShutdownShared::armHoldClaim(const QList<Signal> &requests)
{
    // Sized up front and filled by index: push_back would instantiate std::vector<Id>'s
    // growth functions here, which libstdc++ declares with default visibility, and the
    // library would export them (tests/symbols).
    std::vector<SignalBackend::Id> events(std::size_t(requests.size()));
    for (qsizetype i = 0; i < requests.size(); ++i)
        events[std::size_t(i)] = toBackendId(requests.at(i).id());
    m_holdClaim = SignalBackend::addHoldClaim(events);
}

void ShutdownShared::releaseHold()
{
    SignalBackend::endHoldClaim(m_holdClaim, true);
}

void ShutdownShared::dropHoldClaim()
{
    SignalBackend::endHoldClaim(m_holdClaim, false);
}

bool ShutdownShared::isEnding() const
{
    return m_ending.load();
}

void ShutdownShared::endProcess(Signal signal, int code, bool flushStdio)
{
    if (m_ending.exchange(true))
        waitForever();
    if (flushStdio)
        flushOutput();   // endProcess() runs no atexit handlers
    // A Windows service tells the SCM how it ended (SERVICE_STOPPED): an orderly end by
    // the request's signal is a stop as asked (exitCode(), 0 by default), a forced one
    // EXIT_FAILURE. The last word, after the flush: the SCM may end the process after it.
    // (The one service-manager call not in ShutdownSequence's section: any thread ends here.)
    SignalBackend::notifyServiceStopped(code);
    // Windows: the console event we were holding may now end the process; that is the end
    // we are about to cause anyway. Only after the flush: the system may end us at once.
    // Our own release, claim and all: the hold ends even when another watcher asked first.
    releaseHold();
    if (signal.isValid())
        signal.endProcess();
    std::_Exit(code);
}

void ShutdownShared::waitForever()
{
    // A condition variable, not a sleep loop: the thread costs nothing while the one that
    // won ends the process.
    std::mutex m;
    std::condition_variable never;
    std::unique_lock<std::mutex> lock(m);
    for (;;)
        never.wait(lock);
}

void ShutdownShared::flushOutput()
{
    std::fflush(stdout);
    std::fflush(stderr);
}

} // namespace SN
