#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# The long runs, not part of the default `scripts/test.sh` (run: scripts/test.sh stress):
# - POSIX: the long form of tests/stress (SIGNALNOTIFIER_STRESS=long) in the dev preset's
#   build: 100,000-signal floods at a blocked receiver, 1,000 worker threads made and torn
#   down the ordinary way, 10,000 moves of notifiers between threads under a flood (ten
#   moving together, and ten of one signal each moving on its own), 50
#   fork children running the inherited loop; each checks that every arrival is delivered
#   or counted and that descriptors come back. The default stages run the short form.
# - Windows: the Windows stage with the console-lock stress test (real Ctrl+C every 2 ms
#   while threads watch, unwatch and wait) running for SIGNALNOTIFIER_STRESS_SECONDS (60
#   unless set) instead of 3 s.
set -euo pipefail
cd "$(dirname "$0")/../.."

status=0
if cmake --preset dev >/dev/null && cmake --build --preset dev --target tst_stress; then
    SIGNALNOTIFIER_STRESS=long ctest --preset dev -R '^stress$' || status=1
else
    status=1
fi
SIGNALNOTIFIER_STRESS_SECONDS=${SIGNALNOTIFIER_STRESS_SECONDS:-60} bash scripts/stages/windows.sh || status=1
exit $status
