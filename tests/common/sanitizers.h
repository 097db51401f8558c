// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#pragma once

// ThreadSanitizer defers every signal to a safe point and keeps at most one pending
// per signal number and thread, so a burst a thread sends to itself arrives merged.
// Tests of realtime queueing to oneself cannot run under it (from another process
// they can, and do).
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
            QSKIP("ThreadSanitizer merges signals a thread sends to itself (sanitizers.h)"); \
    } while (false)
