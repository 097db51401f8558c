// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API. Small text helpers every backend's name parsing shares (ordinary
// thread context only; nothing here is async-signal-safe).

#pragma once

#include <climits>
#include <cstdint>
#include <string>
#include <string_view>

namespace SignalBackend::Text {

enum class Decimal { Invalid, Fits, TooLarge };

// The one reading of a whole decimal number in the library (environment variables, signal
// numbers, systemd's variables and addresses): ASCII digits only, as many as there are,
// leading zeros included; no sign, no blank, no base prefix, not empty. Too large for 64
// bits: TooLarge, *out left alone (a caller decides whether that is "the largest" or an
// error). Hand-written: strtoull() takes blanks, a sign and (base 0) a prefix, and Qt's
// parsing is the same, which is how "0x64" and " 100" slipped through before.
inline Decimal parseDecimal(std::string_view text, uint64_t *out)
{
    if (text.empty())
        return Decimal::Invalid;
    uint64_t value = 0;
    bool tooLarge = false;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return Decimal::Invalid;
        const auto digit = uint64_t(c - '0');
        tooLarge = tooLarge || value > (UINT64_MAX - digit) / 10;
        value = value * 10 + digit;
    }
    if (tooLarge)
        return Decimal::TooLarge;
    *out = value;
    return Decimal::Fits;
}

// ASCII only, whatever the locale: signal names are ASCII, and a locale's toupper()
// may map other bytes onto letters.
inline std::string upper(std::string s)
{
    for (char &c : s) {
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
    }
    return s;
}

// A whole decimal number (parseDecimal()) that fits an int; false on anything else.
inline bool parseInt(std::string_view s, int *out)
{
    uint64_t value = 0;
    if (parseDecimal(s, &value) != Decimal::Fits || value > uint64_t(INT_MAX))
        return false;
    *out = int(value);
    return true;
}

} // namespace SignalBackend::Text
