#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# The ABI baseline (abi/SignalNotifier.abi) and the check against it, with libabigail
# (Debian: abigail-tools; abidw writes a library's ABI as XML, abidiff compares two).
#
#   scripts/abi.sh check  [<libSignalNotifier.so>]   compare a build with the baseline
#   scripts/abi.sh update [<libSignalNotifier.so>]   write the baseline from a build, on
#                                                    purpose (abi/README.md says when)
#   scripts/abi.sh dump <library> <headers dir> <out.abi>
#   scripts/abi.sh compare <baseline.abi> <library> <headers dir> [<suppressions>]
#
# Without a library, check and update take build/dev's, built first (cmake --preset dev):
# the baseline is made from the dev preset's flavour (Debug: -g, no sanitizer, shared),
# the one the `abi` ctest checks. The verdict (compare):
#   exit 0  the same ABI, or only additions (new functions, variables, enumerators at
#           the end): programs built against the baseline run unchanged
#   exit 1  anything removed or changed (a function gone, a class grown or reordered, a
#           virtual added, a parameter's type changed...): programs built against the
#           baseline may break; fix it, or raise the major version and update
#   exit 2  the tools failed (the report says why)
#   exit 77 abigail-tools is not installed (ctest counts that as skipped, not passed)
set -euo pipefail
cd "$(dirname "$0")/.."

baseline=abi/SignalNotifier.abi
suppressions=$PWD/abi/suppressions.abignore
headers=$PWD/src/SignalNotifier

usage() {
    echo "usage: scripts/abi.sh check|update [<libSignalNotifier.so>]" >&2
    echo "       scripts/abi.sh dump <library> <headers dir> <out.abi>" >&2
    echo "       scripts/abi.sh compare <baseline.abi> <library> <headers dir> [<suppressions>]" >&2
    exit 2
}

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

need_tools() {
    if ! command -v abidw >/dev/null || ! command -v abidiff >/dev/null; then
        echo "abi: abidw and abidiff are missing: scripts/deps.sh abigail-tools" >&2
        exit 77
    fi
}

# dump <library> <headers dir> <out> [<suppressions>]: the library's public ABI as XML.
# Only types the public headers define are described (--headers-dir, --drop-private-types);
# no paths or build directories, so that the same library gives the same file anywhere.
dump() {
    abidw --headers-dir "$2" --drop-private-types \
        --suppressions "${4:-$suppressions}" \
        --no-corpus-path --no-comp-dir-path --short-locs --type-id-style hash \
        --out-file "$3" "$1"
}

# compare <baseline.abi> <library> <headers dir> [<suppressions>]
compare() {
    local old=$1 lib=$2 hdrs=$3 sup=${4:-$suppressions} new=$scratch/current.abi status report
    [ -f "$old" ] || { echo "abi: no baseline $old (scripts/abi.sh update)" >&2; exit 2; }
    [ -f "$lib" ] || { echo "abi: no library $lib" >&2; exit 2; }
    dump "$lib" "$hdrs" "$new" "$sup" || { echo "abi: abidw failed on $lib" >&2; exit 2; }
    status=0
    report=$(abidiff --suppressions "$sup" --no-corpus-path "$old" "$new") || status=$?
    echo "$report"
    # abidiff's status is a bit field (abidiff(1)): 1 error, 2 usage error, 4 some ABI
    # change, 8 an incompatible one. It sets 8 only for removed functions or variables;
    # a class that grew, a changed parameter or a new virtual is only "4", reported as a
    # function "Changed". So a change passes only if no summary line ("Functions changes
    # summary: 0 Removed, 0 Changed, 2 Added functions", the same for variables and for
    # symbols without debug information) counts anything removed or changed, and neither
    # the SONAME nor the architecture changed.
    if [ $((status & 3)) -ne 0 ]; then
        echo "abi: abidiff failed ($status)" >&2
        exit 2
    fi
    if [ "$status" -eq 0 ]; then
        echo "abi: the same ABI as $old"
        return 0
    fi
    if [ $((status & 8)) -ne 0 ] \
        || grep -E 'changes summary:' <<<"$report" | grep -qE '(^|[^0-9])[1-9][0-9]* (Removed|Changed)' \
        || grep -qE 'SONAME changed|architecture changed' <<<"$report"; then
        echo "abi: INCOMPATIBLE with $old: removed or changed (above). Programs built against"
        echo "abi: the baseline may break: undo it, or make it a new major version (abi/README.md)"
        exit 1
    fi
    echo "abi: compatible with $old: additions only (above)"
}

# The dev build's library, built now, unless one is named.
library() {
    if [ -n "${1:-}" ]; then
        echo "$1"
        return
    fi
    if [ ! -f build/dev/CMakeCache.txt ]; then
        cmake --preset dev >/dev/null
    fi
    cmake --build build/dev --target SignalNotifier >&2
    echo build/dev/src/libSignalNotifier.so
}

[ $# -ge 1 ] || usage
case "$1" in
check)
    need_tools
    compare "$baseline" "$(library "${2:-}")" "$headers"
    ;;
update)
    need_tools
    lib=$(library "${2:-}")
    dump "$lib" "$headers" "$baseline"
    echo "abi: wrote $baseline from $lib ($(grep -c '<elf-symbol ' "$baseline") symbols); commit it with the change that made it necessary"
    ;;
dump)
    [ $# -eq 4 ] || usage
    need_tools
    dump "$2" "$3" "$4"
    ;;
compare)
    [ $# -ge 4 ] || usage
    need_tools
    compare "$2" "$3" "$4" "${5:-}"
    ;;
*)
    usage
    ;;
esac
