// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#include "fakeabi.h"

#include <vector>

namespace SN {

Thing::Thing()
    : m_value(std::vector<int>{1, 2}.size())
#if FAKEABI_VARIANT == 3
    , m_more(0)
#endif
{
}

int Thing::value() const
{
    return m_value;
}

Thing::Kind Thing::kind() const
{
    return First;
}

#if FAKEABI_VARIANT != 2
void Thing::reset()
{
    m_value = 0;
}
#endif

#if FAKEABI_VARIANT == 1
int Thing::added() const
{
    return m_value + 1;
}
#endif

} // namespace SN
