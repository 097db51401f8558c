// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The retrying poll for Qt's glib dispatcher (looppoll_p.h says why). glib's own API for
// this: g_main_context_set_poll_func() ("GMainContext", GLib Reference Manual).

#include "looppoll_p.h"

#include <QtCore/qabstracteventdispatcher.h>
#include <QtCore/qhash.h>
#include <QtCore/qmutex.h>

#include <glib.h>

#include <cerrno>

namespace SN::LoopPoll {

namespace {

// g_poll once; interrupted by a signal, once more without waiting. A handler that ran
// meanwhile has made its descriptor readable, and this iteration dispatches it. Nothing
// ready: the same EINTR as before, so glib and Qt see exactly what they saw without us.
gint retryingPoll(GPollFD *fds, guint count, gint timeout)
{
    const gint n = g_poll(fds, count, timeout);
    if (n >= 0 || errno != EINTR || timeout == 0)
        return n;
    const gint again = g_poll(fds, count, 0);
    if (again == 0) {
        errno = EINTR;
        return -1;
    }
    return again;
}

// Contexts we changed, with how many dispatchers asked: after fork() a thread can have a
// second dispatcher on the same context while the inherited one lives on.
QBasicMutex g_lock;
QHash<GMainContext *, int> &users()
{
    static QHash<GMainContext *, int> map;
    return map;
}

} // namespace

struct Token
{
    GMainContext *context;
};

Token *acquire(QAbstractEventDispatcher *dispatcher)
{
    if (!dispatcher || !dispatcher->inherits("QEventDispatcherGlib"))
        return nullptr;
    // The loop that is delivering our event right now is Qt's (looppoll_p.h).
    GSource *dispatching = g_main_current_source();
    GMainContext *context = dispatching ? g_source_get_context(dispatching) : nullptr;
    if (!context)
        return nullptr;
    g_main_context_ref(context);
    QMutexLocker lock(&g_lock);
    int &count = users()[context];
    if (count == 0) {
        // Someone else's poll function (an application that integrates another loop):
        // theirs stays.
        if (g_main_context_get_poll_func(context) != g_poll) {
            users().remove(context);
            lock.unlock();
            g_main_context_unref(context);
            return nullptr;
        }
        g_main_context_set_poll_func(context, retryingPoll);
    }
    ++count;
    return new Token{context};
}

void release(Token *token)
{
    if (!token)
        return;
    {
        QMutexLocker lock(&g_lock);
        auto it = users().find(token->context);
        if (it != users().end() && --it.value() == 0) {
            users().erase(it);
            // Put back only what we set: code of ours must not stay in a context that may
            // outlive this library (a plugin that links it statically, then unloaded).
            if (g_main_context_get_poll_func(token->context) == retryingPoll)
                g_main_context_set_poll_func(token->context, g_poll);
        }
    }
    g_main_context_unref(token->context);
    delete token;
}

} // namespace SN::LoopPoll
