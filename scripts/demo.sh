#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# Builds sigwatch and shows it at work: a short tour where this script sends it
# signals, then (on a terminal) sigwatch is yours until you press Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target sigwatch
sigwatch=build/release/bin/sigwatch

echo
echo "== Tour: sigwatch watches HUP USR1 USR2 WINCH TERM RTMIN+1; this script sends them."
coproc SW { exec "$sigwatch" HUP USR1 USR2 WINCH TERM RTMIN+1; }
pid=$SW_PID
show() { IFS= read -r -t 10 line <&"${SW[0]}" && echo "   $line"; }
show   # the ready line
for step in "kill -USR1" "kill -HUP" "kill -WINCH" "value 42" "value 43" "kill -TERM"; do
    case $step in
        value*) echo "\$ sigwatch --send RTMIN+1 $pid --value ${step#value }"
                "$sigwatch" --send RTMIN+1 "$pid" --value "${step#value }" ;;
        *)      echo "\$ $step $pid"; $step "$pid" ;;
    esac
    show
done
status=0
wait "$pid" || status=$?
echo "sigwatch ended with status $status (128 + 15: ended by SIGTERM, as a shell expects)"

if [ -t 0 ] && [ -t 1 ]; then
    echo
    echo "== Your turn: from another terminal try  kill -USR1 <pid>  or"
    echo "   $sigwatch --send RTMIN+3 <pid> --value 7   and  $sigwatch --list <pid>"
    echo "   Press Ctrl-C here to stop it."
    exec "$sigwatch" HUP INT QUIT TERM USR1 USR2 WINCH RTMIN+3
fi
