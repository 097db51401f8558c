#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# The stress stage (not in the default list: scripts/test.sh stress): the long form of
# tests/stress in the dev preset's build. 100,000-signal floods at a blocked receiver,
# 1,000 worker threads made and torn down the ordinary way, 10,000 moves of notifiers
# between threads under a flood, 50 fork children running the inherited loop; each
# checks that every arrival is delivered or counted and that descriptors come back.
# The default stages run the same tests in their short form.
set -euo pipefail
cd "$(dirname "$0")/../.."

cmake --preset dev >/dev/null
cmake --build --preset dev --target tst_stress
SIGNALNOTIFIER_STRESS=long ctest --preset dev -R '^stress$'
