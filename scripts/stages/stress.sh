#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# The long runs, not part of the default `scripts/test.sh`: the Windows stage with the
# console-lock stress test (real Ctrl+C every 2 ms while threads watch, unwatch and wait)
# running for SIGNALNOTIFIER_STRESS_SECONDS (60 unless set) instead of 3 s.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIGNALNOTIFIER_STRESS_SECONDS=${SIGNALNOTIFIER_STRESS_SECONDS:-60} exec bash scripts/stages/windows.sh
