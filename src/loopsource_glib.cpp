// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The channel's glib source (loopsource_p.h says why). glib's own API for a source of
// one's own: GSourceFuncs, g_source_new(), g_source_add_unix_fd() ("The Main Event
// Loop", GLib Reference Manual).

#include "loopsource_p.h"

#include "channels_p.h"

#include <QtCore/qabstracteventdispatcher.h>

#include <glib.h>

#include <cstddef>
#include <poll.h>

namespace SN::LoopSource {

namespace {

struct ChannelSource
{
    GSource source;   // first: glib allocates and frees the whole struct as a GSource
    Hooks hooks;
    gpointer tag;     // the descriptor's, from g_source_add_unix_fd()
    bool setPoll;     // acquire() made loopPoll() the context's poll function
};

gint loopPoll(GPollFD *fds, guint count, gint timeout);

ChannelSource *channelSource(GSource *source)
{
    return reinterpret_cast<ChannelSource *>(source);
}

gboolean prepare(GSource *source, gint *timeout)
{
    ChannelSource *s = channelSource(source);
    *timeout = -1;
    // First: a handler from now on wakes us, unless it interrupted glib's own call of
    // loopPoll(), after which glib calls check(). When a program's poll function has been
    // set over ours since, and calls ours itself, it may call it again after EINTR
    // without a look in between: then every handler wakes us. (glib calls prepare()
    // without the context's lock, which get_poll_func() takes.)
    const bool pollIsLoopPoll = s->setPoll
        && g_main_context_get_poll_func(g_source_get_context(source)) == loopPoll;
    s->hooks.mayWait(s->hooks.data, true, pollIsLoopPoll);
    return s->hooks.ready(s->hooks.data);
}

gboolean check(GSource *source)
{
    ChannelSource *s = channelSource(source);
    s->hooks.mayWait(s->hooks.data, false, false);   // the poll is over
    return (g_source_query_unix_fd(source, s->tag) & G_IO_IN) || s->hooks.ready(s->hooks.data);
}

gboolean dispatch(GSource *source, GSourceFunc, gpointer)
{
    ChannelSource *s = channelSource(source);
    s->hooks.mayWait(s->hooks.data, false, false);   // prepare() said ready: no poll in between
    s->hooks.woken(s->hooks.data, g_source_query_unix_fd(source, s->tag) & G_IO_IN);
    s->hooks.dispatch(s->hooks.data);
    return G_SOURCE_CONTINUE;
}

GSourceFuncs g_funcs = {prepare, check, dispatch, nullptr, nullptr, nullptr};

// The context's poll function while our source is in it (SignalBackend::loopPoll():
// poll(2) made where the handler recognises it). glib's own, g_poll(), is poll(2) with
// GPollFD laid out as struct pollfd on Unix ("g_poll", GLib Reference Manual), which it
// passes through as it is.
static_assert(sizeof(GPollFD) == sizeof(pollfd) && offsetof(GPollFD, fd) == offsetof(pollfd, fd)
                  && offsetof(GPollFD, events) == offsetof(pollfd, events)
                  && offsetof(GPollFD, revents) == offsetof(pollfd, revents),
              "GPollFD is struct pollfd");
gint loopPoll(GPollFD *fds, guint count, gint timeout)
{
    return SignalBackend::loopPoll()(fds, count, timeout);
}

} // namespace

struct Token
{
    GSource *source;
    GMainContext *pollContext;   // where we set loopPoll() as the poll function, or nullptr
};

bool applies(const QAbstractEventDispatcher *dispatcher)
{
    return dispatcher && dispatcher->inherits("QEventDispatcherGlib");
}

Token *acquire(QAbstractEventDispatcher *dispatcher, const Hooks &hooks)
{
    if (!applies(dispatcher))
        return nullptr;
    // The loop that is delivering our event right now is Qt's (loopsource_p.h).
    GSource *dispatching = g_main_current_source();
    GMainContext *context = dispatching ? g_source_get_context(dispatching) : nullptr;
    if (!context)
        return nullptr;
    GSource *source = g_source_new(&g_funcs, sizeof(ChannelSource));
    ChannelSource *s = channelSource(source);
    s->hooks = hooks;
    s->tag = g_source_add_unix_fd(source, hooks.fd, G_IO_IN);
    s->setPoll = false;
    // As Qt's own socket-notifier source: a slot that runs a nested loop (a modal dialog)
    // still gets signals.
    g_source_set_can_recurse(source, TRUE);
    g_source_set_name(source, "SignalNotifier channel");
    g_source_attach(source, context);
    // Only over glib's own poll function: another one (a program's, a test's) is the
    // program's business, and its loop is woken as before.
    GMainContext *pollContext = nullptr;
    if (SignalBackend::loopPoll() && g_main_context_get_poll_func(context) == g_poll) {
        g_main_context_set_poll_func(context, loopPoll);
        pollContext = g_main_context_ref(context);
        s->setPoll = true;   // read by prepare(), on this thread, from the next iteration on
    }
    return new Token{source, pollContext};
}

void release(Token *token)
{
    if (!token)
        return;
    // Thread-safe in glib; the context lives on for its own users. Our code must not stay
    // in a context that may outlive this library (a plugin linking it statically, then
    // unloaded), so the source goes with the channel's dispatcher, or with Qt's.
    g_source_destroy(token->source);
    g_source_unref(token->source);
    if (token->pollContext) {
        // glib's own again, unless someone has set another since.
        if (g_main_context_get_poll_func(token->pollContext) == loopPoll)
            g_main_context_set_poll_func(token->pollContext, g_poll);
        g_main_context_unref(token->pollContext);
    }
    delete token;
}

} // namespace SN::LoopSource
