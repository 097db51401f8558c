// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#pragma once

// ThreadSanitizer defers a signal that arrives outside a blocking call to a safe point
// and keeps at most one pending per signal number and thread, so a realtime burst
// arrives merged whenever the receiver is busy: always for a burst a thread sends to
// itself, now and then for one from another process. Tests of realtime queueing cannot
// run under it; the other builds run them.
#if defined(__SANITIZE_THREAD__)
#  define SN_UNDER_TSAN 1
#elif defined(__has_feature)
#  if __has_feature(thread_sanitizer)
#    define SN_UNDER_TSAN 1
#  endif
#endif
#ifndef SN_UNDER_TSAN
#  define SN_UNDER_TSAN 0
#endif

#define SN_SKIP_UNDER_TSAN()                                                              \
    do {                                                                                  \
        if (SN_UNDER_TSAN)                                                                \
            QSKIP("ThreadSanitizer merges queued realtime signals (sanitizers.h)"); \
    } while (false)
