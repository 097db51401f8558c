#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# Runs a Windows program under Wine the way the Windows tests need it; CMake uses it as
# CMAKE_CROSSCOMPILING_EMULATOR, so `ctest` runs every test through it.
#
#   wine-run.sh program.exe [arguments...]
#
# - Wine gives a process a console only when one of its standard streams is a terminal,
#   and without one GenerateConsoleCtrlEvent fails: run under a pty with `script`, output
#   to a file, printed afterwards. `script -e` passes the exit status back.
# - Qt Test's output to a stdout that is not a console is lost: tst_* programs write their
#   report to a file (-o) that is printed too.
# - Wine passes no QT_*, PATH, HOME, TEMP or TMP to the program: the DLL search path is
#   WINEPATH (Qt's bin and mingw's runtime), unless SIGNALNOTIFIER_WINE_BARE=1, which
#   runs with nothing but the program's own directory (the ZIP test).
#
# SIGNALNOTIFIER_WINE_OUTPUT=<file> keeps the program's output in that file, where a caller
# can follow it while the program runs (tests/windows/kill-int.sh).
#
# Environment: WINEPREFIX (the stage's cached prefix), SIGNALNOTIFIER_MINGW_QT (the mingw
# Qt prefix, for WINEPATH).
set -uo pipefail

exe=$1
shift
args=("$@")
export WINEDEBUG=${WINEDEBUG:--all}
export WINEDLLOVERRIDES=${WINEDLLOVERRIDES:-mscoree,mshtml=}

if [ "${SIGNALNOTIFIER_WINE_BARE:-0}" = 1 ]; then
    unset WINEPATH
else
    mingw_dirs=$(x86_64-w64-mingw32-g++-posix -print-file-name=libstdc++-6.dll)
    mingw_dirs=$(dirname "$mingw_dirs")
    paths=("${SIGNALNOTIFIER_MINGW_QT:-}/bin" "$mingw_dirs" /usr/x86_64-w64-mingw32/lib)
    winepath_value=""
    for p in "${paths[@]}"; do
        winepath_value+="$(winepath -w "$p" 2>/dev/null);"
    done
    export WINEPATH="$winepath_value"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
report=""
case "$(basename "$exe")" in
    tst_*)
        report="$work/report.txt"
        args+=(-o "$(winepath -w "$report" 2>/dev/null),txt")
        ;;
esac

out=${SIGNALNOTIFIER_WINE_OUTPUT:-$work/out.txt}
command="exec wine $(printf '%q ' "$exe" "${args[@]}") > $(printf '%q' "$out") 2>&1"
script -qec "$command" /dev/null >/dev/null </dev/null
status=$?
[ -z "${SIGNALNOTIFIER_WINE_OUTPUT:-}" ] && cat "$out" 2>/dev/null
if [ -n "$report" ]; then
    cat "$report" 2>/dev/null
    # A Qt Test program that ends without its "Totals:" line was ended from outside (Wine's
    # default console handler exits with 0 where Windows reports 0xC000013A): a failure.
    if [ "$status" -eq 0 ] && ! grep -q '^Totals:' "$report" 2>/dev/null; then
        echo "wine-run: $(basename "$exe") ended before its report was complete" >&2
        status=1
    fi
fi
exit $status
