// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// What one notifier received of a run of sigqueue values 0..N-1, from any thread.

#pragma once

#include <SignalNotifier/SignalInfo>

#include <QtCore/qmutex.h>

#include <vector>

// Every value delivered once each, or counted (SignalInfo::isOverflow()).

using namespace SN;
struct ValueTally
{
    QMutex mutex;
    std::vector<char> seen;
    quint64 delivered = 0;
    quint64 counted = 0;
    quint64 duplicates = 0;

    explicit ValueTally(int values) : seen(size_t(values), 0) {}
    // Returns how many values have been delivered so far, this one included.
    quint64 take(const SignalInfo &info)
    {
        QMutexLocker lock(&mutex);
        if (info.isOverflow()) {
            counted += info.count();
            return delivered;
        }
        ++delivered;
        const int v = info.value();
        if (v >= 0 && size_t(v) < seen.size()) {
            duplicates += quint64(seen[size_t(v)]);
            seen[size_t(v)] = 1;
        }
        return delivered;
    }
    quint64 deliveredSoFar()
    {
        QMutexLocker lock(&mutex);
        return delivered;
    }
    quint64 total()
    {
        QMutexLocker lock(&mutex);
        return delivered + counted;
    }
};
