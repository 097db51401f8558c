#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# Builds and runs every test, stage by stage:
#   dev, asan, tsan   a CMake preset: configure, build, ctest (debug -Werror, ASan+UBSan, TSan)
#                     (each runs every test once. Under ThreadSanitizer a signal waits until
#                     the thread the kernel handed it to makes a call TSan treats as blocking,
#                     and read(2) or a raw futex is not one: the helpers' and examples' own
#                     threads that sit in one start with the requests blocked, README "Under
#                     ThreadSanitizer". GCC 12's libtsan also loses a signal that arrives while
#                     it makes a thread's signal context, in the thread's first blocking call
#                     (sigwatch, sent SIGUSR1 right after its ready line, never acted on it in
#                     about 1 of 300 runs); the library makes that context when a thread opens
#                     a channel (tests/tsan-sigctx/ has the evidence), and the tsan stage no
#                     longer runs a failed test a second time. The examples' tests are not
#                     built under TSan: tests/examples/CMakeLists.txt)
#   <name>            scripts/stages/<name>.sh: a stage with its own setup, ending in ctest
#                     (packaging: DEB/RPM/TGZ, install the DEB, build against it, docs)
#                     (windows: mingw-w64 cross build, tests under Wine; see README "Windows")
#                     (stress: the long form of tests/stress in the dev build, then the
#                      Windows stage with its console-lock stress run for 60 s;
#                      not in the default list)
#
#   scripts/test.sh              every stage
#   scripts/test.sh dev tsan     only the ones named
#
# Every ctest summary a stage prints counts; the last line is "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

# Test-only packages: libuv and Boost.Asio, the bench's peers (bench_quick runs them);
# Xvfb and xdotool, on which the editor example's test runs it and types into it;
# python3, which extracts the documentation's C++ blocks (doc_snippets), runs the pages'
# programs against their shown output (doc_run_*) and reads
# sigwatch --list --json as a whole (python3 -m json.tool); abigail-tools (abidw,
# abidiff), with which the dev stage's abi test compares the library with abi/;
# dbus-daemon, python3-dbus and python3-gi: tests/logind runs its own bus with a
# stand-in for systemd-logind (mocklogind.py); Qt Qml and Qt Quick with the QML modules
# the QML module's tests and the notes example import (qt6-declarative-dev builds the
# module; without it the module, its tests and the example are left out).
scripts/deps.sh libuv1-dev libboost-dev xvfb xdotool python3 abigail-tools dbus-daemon python3-dbus python3-gi \
    qt6-declarative-dev qml6-module-qtqml qml6-module-qtqml-models qml6-module-qtquick \
    qml6-module-qtqml-workerscript qml6-module-qtquick-window

stages=("$@")
[ ${#stages[@]} -eq 0 ] && stages=(dev asan tsan packaging windows)

# Chained with &&: set -e does not apply inside a function whose status is tested, and
# a failed build must not run the tests of an older one.
run_preset() {
    cmake --preset "$1" >/dev/null && cmake --build --preset "$1" && ctest --preset "$1"
}

passed=0
failed=0
for stage in "${stages[@]}"; do
    echo "=== $stage"
    log=$(mktemp)
    if [ -f "scripts/stages/$stage.sh" ]; then
        bash "scripts/stages/$stage.sh" 2>&1 | tee "$log" || true
    else
        run_preset "$stage" 2>&1 | tee "$log" || true
    fi
    # ctest's summary: "100% tests passed, 0 tests failed out of 6"
    summaries=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" || true)
    rm -f "$log"
    if [ -z "$summaries" ]; then
        echo "=== $stage: ran no tests (a build or setup step failed)" >&2
        failed=$((failed + 1))
        continue
    fi
    while read -r summary; do
        total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$summary")
        bad=$(sed -E 's/.* ([0-9]+) tests? failed.*/\1/' <<<"$summary")
        passed=$((passed + total - bad))
        failed=$((failed + bad))
    done <<<"$summaries"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
