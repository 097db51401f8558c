// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API.

#pragma once

#include "dispositions_p.h"
#include "names_p.h"

#include <vector>

namespace SN {

// Blocks every signal in the calling thread while it lives, then puts the mask back. A
// thread started meanwhile starts with all of them blocked (a new thread inherits its
// creator's mask), as the library's helper threads must: they never take the
// application's signals, so the kernel hands a process-directed one to a thread of the
// application (and ThreadSanitizer, which defers delivery, never holds one up in them).
// Windows has no masks: nothing happens there.
class AllSignalsBlocked
{
public:
    AllSignalsBlocked()
    {
        for (int n : SignalBackend::validNumbers()) {
            if (!SignalBackend::isBlockedInThisThread(n))
                m_unblocked.push_back(n);
        }
        if (!m_unblocked.empty())
            SignalBackend::setBlockedInThisThread(m_unblocked, true);
    }
    ~AllSignalsBlocked()
    {
        if (!m_unblocked.empty())
            SignalBackend::setBlockedInThisThread(m_unblocked, false);
    }
    AllSignalsBlocked(const AllSignalsBlocked &) = delete;
    AllSignalsBlocked &operator=(const AllSignalsBlocked &) = delete;

private:
    std::vector<int> m_unblocked;
};

} // namespace SN
