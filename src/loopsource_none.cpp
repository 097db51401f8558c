// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// No glib at build time (or Windows): the channel stays a QSocketNotifier
// (loopsource_p.h).

#include "loopsource_p.h"

namespace SN::LoopSource {

struct Token
{
};

bool applies(const QAbstractEventDispatcher *)
{
    return false;
}

Token *acquire(QAbstractEventDispatcher *, const Hooks &)
{
    return nullptr;
}

void release(Token *)
{
}

} // namespace SN::LoopSource
