#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# The DLL a release ships exports the public API only: builds the library alone, as a
# release does (no tests, no SIGNALNOTIFIER_AUTOTEST_EXPORTS), with the same toolchain, and
# checks its export table. The test build's DLL is checked by the `windows_symbols` test.
#
#   release-exports.sh <source dir> <work dir> <objdump> <cmake toolchain args...>
set -euo pipefail
source_dir=$1
work=$2
objdump=$3
shift 3
cmake -S "$source_dir" -B "$work" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSIGNALNOTIFIER_TESTS=OFF -DSIGNALNOTIFIER_EXAMPLES=OFF -DSIGNALNOTIFIER_BENCH=OFF \
    -DSIGNALNOTIFIER_INSTALL=OFF -DSIGNALNOTIFIER_AUTOTEST_EXPORTS=OFF "$@" >/dev/null
cmake --build "$work" --target SignalNotifier -j 2 >/dev/null
dll=$(find "$work" -name 'libSignalNotifier*.dll' | head -n 1)
[ -n "$dll" ] || { echo "release-exports: no DLL built in $work" >&2; exit 1; }
bash "$source_dir/tests/symbols/check_exports.sh" --pe "$objdump" "$dll" "$source_dir/src/SignalNotifier"
