#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# A real Ctrl+C from outside the Windows program: sigwatch.exe watches Interrupt under
# Wine, on a pty (no console without one); `kill -INT` of the Unix process that runs it
# becomes a CTRL_C_EVENT; sigwatch reports it and ends by it (STATUS_CONTROL_C_EXIT).
#
#   kill-int.sh <wine-run.sh> <sigwatch.exe>
set -euo pipefail
runner=$1
sigwatch=$2
work=$(mktemp -d)
out="$work/out.txt"
: > "$out"

SIGNALNOTIFIER_WINE_OUTPUT="$out" "$runner" "$sigwatch" INT &
runner_pid=$!
# Follow the output as it is written; every wait below is on a line or a 60 s failure.
exec 3< <(exec tail -n +1 -F "$out" 2>/dev/null)
tail_pid=$!
cleanup() {
    kill "$tail_pid" 2>/dev/null || true
    kill "$runner_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

wait_for() {
    local line
    while IFS= read -r -t 60 line <&3; do
        echo "sigwatch: $line"
        [[ "$line" == *"$1"* ]] && return 0
    done
    echo "kill-int: no line with '$1' within 60 s" >&2
    return 1
}

wait_for "watching"

# The Unix process of the Windows program: among the runner's descendants (bash, script,
# sh), the one Wine turned into sigwatch.exe.
descendants() {
    local p
    for p in $(pgrep -P "$1" || true); do
        echo "$p"
        descendants "$p"
    done
}
target=""
for p in $(descendants "$runner_pid"); do
    comm=$(cat "/proc/$p/comm" 2>/dev/null || true)
    case "$comm" in
        sigwatch.exe|wine64-preloader|wine64|wine-preloader|wine) target=$p ;;
    esac
done
[ -n "$target" ] || { echo "kill-int: no Wine process for sigwatch.exe" >&2; ps -ef >&2; exit 1; }
echo "kill-int: kill -INT $target ($(cat /proc/$target/comm))"
kill -INT "$target"

wait_for "CTRL_C_EVENT"
status=0
wait "$runner_pid" || status=$?
echo "kill-int: sigwatch.exe ended with status $status"
# STATUS_CONTROL_C_EXIT (0xC000013A) reaches a Unix parent as its low byte, 0x3A.
[ "$status" -eq 58 ] || { echo "kill-int: expected 58 (STATUS_CONTROL_C_EXIT & 0xff)" >&2; exit 1; }
