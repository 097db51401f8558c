#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# Builds the Windows ZIP (CPack), unpacks it into an empty directory and runs
# `sigwatch.exe --list` from there under Wine with no DLL search path: it works only if the
# ZIP carries every DLL it needs.
#
#   zip-test.sh <build dir> <wine-run.sh>
set -euo pipefail
build=$1
runner=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$build" && cpack -G ZIP -B "$work/package" >/dev/null)
zip=$(ls "$work"/package/*.zip)
echo "package: $(basename "$zip")"
mkdir "$work/clean"
unzip -q "$zip" -d "$work/clean"
top=$(ls "$work/clean")
echo "contents:"
(cd "$work/clean/$top" && find . -type f | sort | sed 's/^/  /')
for f in bin/sigwatch.exe bin/journal.exe bin/winservice.exe bin/check-on-windows.ps1 bin/Qt6Core.dll bin/libstdc++-6.dll include/SignalNotifier/SignalNotifier \
         lib/cmake/SignalNotifier/SignalNotifierConfig.cmake lib/cmake/SignalNotifier/SignalNotifierConfigVersion.cmake; do
    [ -f "$work/clean/$top/$f" ] || { echo "missing from the ZIP: $f" >&2; exit 1; }
done
out=$(SIGNALNOTIFIER_WINE_BARE=1 "$runner" "$work/clean/$top/bin/sigwatch.exe" --list)
echo "$out"
grep -q "CTRL_C_EVENT" <<<"$out" || { echo "sigwatch --list did not list CTRL_C_EVENT" >&2; exit 1; }
grep -q "CTRL_SHUTDOWN_EVENT" <<<"$out" || { echo "sigwatch --list did not list CTRL_SHUTDOWN_EVENT" >&2; exit 1; }
echo "the ZIP runs from a clean directory"
