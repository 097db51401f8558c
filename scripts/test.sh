#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# Builds and runs every test: a debug build with warnings as errors, then the same
# under AddressSanitizer + UndefinedBehaviorSanitizer, then under ThreadSanitizer.
#   scripts/test.sh            all three
#   scripts/test.sh dev        only the ones named (dev, asan, tsan)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh

presets=("$@")
[ ${#presets[@]} -eq 0 ] && presets=(dev asan tsan)

passed=0
failed=0
for preset in "${presets[@]}"; do
    echo "=== $preset: configure and build"
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset"
    echo "=== $preset: test"
    log=$(mktemp)
    if ctest --preset "$preset" 2>&1 | tee "$log"; then :; fi
    # ctest's summary: "100% tests passed, 0 tests failed out of 6"
    summary=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1 || true)
    rm -f "$log"
    if [ -z "$summary" ]; then
        echo "=== $preset: ctest printed no summary" >&2
        failed=$((failed + 1))
        continue
    fi
    total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$summary")
    bad=$(sed -E 's/.* ([0-9]+) tests? failed.*/\1/' <<<"$summary")
    passed=$((passed + total - bad))
    failed=$((failed + bad))
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
