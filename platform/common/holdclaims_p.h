// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API. The claims on the hold (sessionend_p.h), as both backends keep
// them: a plain record, used only under the owning backend's hold mutex (posix/hold.cpp,
// windows/hold.cpp), which also decides what a release does. Ordinary thread context.

#pragma once

#include "../signalbackend_p.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace SignalBackend {

class HoldClaims
{
public:
    // A claim on holds that begin for any of `events`; its number, never 0.
    uint64_t add(const std::vector<Id> &events)
    {
        Claim claim;
        claim.id = ++m_lastId;
        for (Id event : events) {
            if (event > Id::Invalid && event < Id::Count)
                claim.events |= bit(event);
        }
        m_claims.push_back(claim);
        return claim.id;
    }

    // A hold begins for `event`: the claims on it claim from now on.
    void holdBegins(Id event)
    {
        if (event <= Id::Invalid || event >= Id::Count)
            return;
        for (Claim &claim : m_claims) {
            if (claim.events & bit(event))
                claim.claiming = true;
        }
    }

    // Claim `id` claims from now on, whatever the hold; false when there is no such claim.
    bool claim(uint64_t id)
    {
        const auto it = find(id);
        if (it == m_claims.end())
            return false;
        it->claiming = true;
        return true;
    }

    // Forgets claim `id`; false when there was none.
    bool remove(uint64_t id)
    {
        const auto it = find(id);
        if (it == m_claims.end())
            return false;
        m_claims.erase(it);
        return true;
    }

    // Whether some claim claims now: a release must wait for it.
    bool claimed() const
    {
        return std::any_of(m_claims.begin(), m_claims.end(), [](const Claim &c) { return c.claiming; });
    }

    // A fork() child has no sequence running: its parent's claims are not its own.
    void clear() { m_claims.clear(); }

private:
    struct Claim
    {
        uint64_t id = 0;
        uint64_t events = 0;     // bit per Id
        bool claiming = false;   // sticky until removed: a sequence keeps what it took over
    };
    static_assert(int(Id::Count) <= 64, "one bit per Id");

    static uint64_t bit(Id event) { return uint64_t(1) << unsigned(event); }

    std::vector<Claim>::iterator find(uint64_t id)
    {
        return std::find_if(m_claims.begin(), m_claims.end(), [id](const Claim &c) { return c.id == id; });
    }

    std::vector<Claim> m_claims;
    uint64_t m_lastId = 0;
};

} // namespace SignalBackend
