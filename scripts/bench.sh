#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# The benchmark against the peers, in one run (README, "Benchmark"): installs the peers'
# Debian packages when missing, builds the library in Release (preset release) with
# every contender, and runs them in interleaved rounds. Prints a table, writes
# build/release/bench/bench-results.csv. Arguments go to snbench-run, e.g.
#   scripts/bench.sh --quick          a few hundred round trips, small bursts
#   scripts/bench.sh --rounds 9       more rounds
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh libuv1-dev libboost-dev
# KSignalHandler (KF5, Qt 5) is optional: without it that contender is skipped.
if ! scripts/deps.sh libkf5coreaddons-dev; then
    echo "bench: could not install libkf5coreaddons-dev; KSignalHandler will be skipped" >&2
fi

cmake --preset release >/dev/null
cmake --build --preset release -- -j2
exec build/release/bench/snbench-run --csv build/release/bench/bench-results.csv "$@"
