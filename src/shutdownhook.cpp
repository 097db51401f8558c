// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Hooks with a context object, handed to the context's thread the way QObject::connect
// hands a slot to its receiver's: through a connection made when the hook is added, which
// Qt removes when the context is destroyed (in whatever thread), and a queued event that
// Qt drops with it. ShutdownHookTrigger runs on the sequence's thread; ShutdownHookCall::run
// on the context's; the last ShutdownHookCall goes in whichever thread drops the event.

#include "shutdownhook_p.h"

#include "shutdownsequence_p.h"
#include "shutdownshared_p.h"

#include <QtCore/qthread.h>

#include <exception>

namespace SN {

ShutdownHookCall::ShutdownHookCall(std::shared_ptr<ShutdownShared> shared, int token, QThread *sequenceThread)
    : d(std::make_shared<State>())
{
    d->shared = std::move(shared);
    d->token = token;
    d->sequenceThread = sequenceThread;
}

ShutdownHookCall::State::~State()
{
    if (!shared)
        return;
    // Any thread: the queued event ran or was dropped, or nothing received the emission.
    // The sequence finds out which (ShutdownShared::handedOverHookStarted()).
    const int ended = token;
    shared->postToSequence([ended](ShutdownSequence &sequence) { sequence.handOverEnded(ended); });
}

bool ShutdownHookCall::cameBackInline() const
{
    return d->inlineHere;
}

void ShutdownHookCall::endHandOver()
{
    d->handingOver.store(false);
}

void ShutdownHookCall::run(const QString &name, const GracefulShutdown::Hook &sync,
                           const GracefulShutdown::AsyncHook &async) const
{
    if (QThread::currentThread() == d->sequenceThread && d->handingOver.load()) {
        // Called directly, inside the sequence's emission: the context lives in the
        // sequence's thread, which runs the hook itself right after (as one without a
        // context, with the watchdog watching it). Only that thread writes this flag.
        d->inlineHere = true;
        return;
    }
    if (!d->shared->startHandedOverHook(d->token))
        return;   // the sequence went on without it: its timeout passed before it could start
    const int token = d->token;
    try {
        if (sync) {
            sync();
        } else {
            async(GracefulShutdown::Completion(d->shared, token));
        }
    } catch (const std::exception &e) {
        qCWarning(lcShutdown, "GracefulShutdown: hook \"%s\" threw: %s", qPrintable(name), e.what());
    } catch (...) {
        qCWarning(lcShutdown, "GracefulShutdown: hook \"%s\" threw", qPrintable(name));
    }
    if (sync)
        d->shared->postToSequence([token](ShutdownSequence &sequence) { sequence.hookDone(token); });
}

void ShutdownHookTrigger::connectHook(ShutdownHook &hook, const QObject *context)
{
    hook.trigger = std::make_shared<ShutdownHookTrigger>();
    // Only what the call needs is captured: the hook itself holds the trigger.
    hook.connection = QObject::connect(hook.trigger.get(), &ShutdownHookTrigger::fire, context,
                                       [name = hook.name, sync = hook.sync, async = hook.async](
                                           const ShutdownHookCall &call) { call.run(name, sync, async); });
}

bool ShutdownHookTrigger::handOver(const ShutdownHook &hook, const std::shared_ptr<ShutdownShared> &shared,
                                   int token)
{
    ShutdownHookCall call(shared, token, QThread::currentThread());
    Q_EMIT hook.trigger->fire(call);
    call.endHandOver();
    return call.cameBackInline();
}

} // namespace SN
