// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The public header of a tiny library built in four variants (tests/abi/CMakeLists.txt),
// for the ABI check's self-test: FAKEABI_VARIANT 0 is the baseline, 1 adds a function and
// an enumerator at the end (compatible), 2 removes a function, 3 grows a class.

#pragma once

#define FAKEABI_EXPORT __attribute__((visibility("default")))

namespace SN {

class FAKEABI_EXPORT Thing
{
public:
    enum Kind { First, Second
#if FAKEABI_VARIANT == 1
        , Third
#endif
    };

    Thing();
    int value() const;
    Kind kind() const;
#if FAKEABI_VARIANT != 2
    void reset();
#endif
#if FAKEABI_VARIANT == 1
    int added() const;
#endif

private:
    int m_value;
#if FAKEABI_VARIANT == 3
    int m_more;
#endif
};

} // namespace SN
