// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Not part of the API. Small text helpers every backend's name parsing shares (ordinary
// thread context only; nothing here is async-signal-safe).

#pragma once

#include <string>

namespace SignalBackend::Text {

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

// Parses a whole decimal number of at most 9 digits; false on anything else.
inline bool parseInt(const std::string &s, int *out)
{
    if (s.empty() || s.size() > 9)
        return false;
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *out = v;
    return true;
}

} // namespace SignalBackend::Text
