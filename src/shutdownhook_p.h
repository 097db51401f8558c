// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  -------------
// This file is not part of the SignalNotifier API. It may change from one version to
// the next without notice.

#pragma once

#include "SignalNotifier/gracefulshutdown.h"

#include <QtCore/qobject.h>

#include <atomic>
#include <chrono>
#include <memory>

class QThread;

namespace SN {

class ShutdownShared;
class ShutdownHookTrigger;

// A hook as the sequence keeps it (the sequence's thread).
struct ShutdownHook
{
    QString name;
    GracefulShutdown::Hook sync;
    GracefulShutdown::AsyncHook async;
    std::chrono::milliseconds timeout{0};
    int order = 0;
    // With a context object: the queued connection that hands the hook to the context's
    // thread, made when the hook is added. Qt removes it when the context is destroyed,
    // whatever thread that happens in; that is how a hook whose context is gone is dropped.
    std::shared_ptr<ShutdownHookTrigger> trigger;
    QMetaObject::Connection connection;

    bool hasContext() const { return trigger != nullptr; }
};

// One hand-over of a hook to its context's thread. Copied into the queued event that
// carries it; the last copy to go (the event ran, or was dropped with its destroyed
// receiver, or the emission found no receiver at all) tells the sequence
// (ShutdownSequence::handOverEnded()), from whichever thread that happens in.
// Immutable once made, except `inlineHere`, which only the sequence's thread touches.
class ShutdownHookCall
{
public:
    ShutdownHookCall() = default;
    ShutdownHookCall(std::shared_ptr<ShutdownShared> shared, int token, QThread *sequenceThread);

    // The sequence's thread, during the emission: whether the context lives in this thread
    // (Qt called the connection directly), so that the sequence runs the hook itself.
    bool cameBackInline() const;
    void endHandOver();

    // The connection's slot, in whatever thread Qt called it: the context's. Runs the
    // hook there unless the sequence gave up on it meanwhile (its timeout passed first).
    void run(const QString &name, const GracefulShutdown::Hook &sync, const GracefulShutdown::AsyncHook &async) const;

private:
    struct State
    {
        std::shared_ptr<ShutdownShared> shared;
        int token = 0;
        QThread *sequenceThread = nullptr;
        std::atomic<bool> handingOver{true};   // the sequence is still emitting
        bool inlineHere = false;
        ~State();
    };
    std::shared_ptr<State> d;
};

// Lives in the sequence's thread; one per hook with a context. Its signal is what the
// hook's connection to the context is made on.
class ShutdownHookTrigger : public QObject
{
    Q_OBJECT
public:
    // Connects `hook`'s trigger to `context` (the sequence's thread, when it is added).
    static void connectHook(ShutdownHook &hook, const QObject *context);
    // Hands `hook` to its context's thread, as hand-over `token`. Returns true when it
    // came back: the context lives in this thread, and the caller runs the hook itself.
    static bool handOver(const ShutdownHook &hook, const std::shared_ptr<ShutdownShared> &shared, int token);

Q_SIGNALS:
    void fire(const SN::ShutdownHookCall &call);
};

} // namespace SN
