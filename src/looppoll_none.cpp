// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// No glib at build time (or Windows): Qt's loop waits as it does (looppoll_p.h).

#include "looppoll_p.h"

namespace SN::LoopPoll {

struct Token
{
};

Token *acquire(QAbstractEventDispatcher *)
{
    return nullptr;
}

void release(Token *)
{
}

} // namespace SN::LoopPoll
