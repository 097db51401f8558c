#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# Only the public API may be exported from the shared library.
#
#   check_exports.sh <libSignalNotifier.so> <public header dir>
#   check_exports.sh --listing <file> <public header dir>    (nm -D output, for the self-test)
#   check_exports.sh --pe <objdump> <SignalNotifier.dll> <public header dir> [--autotest]
#                    the Windows DLL's export table; --autotest: a test build
#                    (SIGNALNOTIFIER_AUTOTEST_EXPORTS), whose signalnotifier_private_* test
#                    entry points are allowed, and required. Without it they are refused.
#
# The public classes are read from the headers (class SIGNALNOTIFIER_EXPORT <Name>, in
# namespace SN), so a new public class needs nothing here. A strong symbol (T, D, B, R) must
# belong to a public class (members, vtable, typeinfo) or be a free operator taking one. Weak and unique
# symbols (W, V, u: template instances from Qt and the standard library, vague linkage)
# are allowed, but no symbol of any kind may name a private part of the library.
# AddressSanitizer adds an __odr_asan.<symbol> twin per global; the symbol is checked.
set -euo pipefail

autotest=""
if [ "$1" = "--pe" ]; then
    # Every exported name, as "address T name" lines like nm's: a PE export table has no
    # symbol types, and every export is a definition.
    listing=$("$2" -p "$3" | sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/p' \
        | sed -nE 's/^[[:space:]]*\[[[:space:]]*[0-9]+\] (.+)$/0 T \1/p')
    [ -n "$listing" ] || { echo "no export table in $3" >&2; exit 1; }
    autotest=${5:-}
    shift 2
elif [ "$1" = "--listing" ]; then
    listing=$(cat "$2")
    shift
else
    listing=$(nm -D --defined-only "$1")
fi
headers=$2

# Exported classes, and plain public structs (SignalState: defined in a public header, with
# free functions such as its qDebug operator exported).
classes=$( { grep -hoE 'class SIGNALNOTIFIER_EXPORT [A-Za-z_][A-Za-z0-9_]*' "$headers"/*.h | awk '{print $3}';
             grep -hoE '^struct [A-Za-z_][A-Za-z0-9_]*$' "$headers"/*.h | awk '{print $2}'; } \
    | sort -u | paste -sd'|')
[ -n "$classes" ] || { echo "no exported classes found in $headers" >&2; exit 1; }

private='SignalBackend|Posix::|SignalDispatcher|Signal[A-Za-z]*Private|\(anonymous namespace\)'
# Every public class is in namespace SN: a strong symbol of a global class by the same
# name (a leftover from before 1.0, or a private class that took a public name) is not ours.
public="^((typeinfo( name)? for |vtable for |non-virtual thunk to )?SN::($classes)(::|$)|(SN::)?operator[^(]*\(.*\bSN::($classes)\b)"

bad=0
test_entries=0
while read -r _addr type name; do
    [ -n "${name:-}" ] || continue
    if [[ "$name" == signalnotifier_private_* ]]; then
        # Test-only entry points (Q_AUTOTEST_EXPORT's twin): only in a test build.
        if [ "$autotest" = "--autotest" ]; then
            test_entries=$((test_entries + 1))
        else
            echo "test-only entry point exported from a release build: $name"
            bad=1
        fi
    elif grep -qE "$private" <<<"$name"; then
        echo "private symbol exported: $type $name"
        bad=1
    elif [[ "$type" =~ ^[TDBR]$ ]] && ! grep -qE "$public" <<<"$name"; then
        echo "non-public symbol exported: $type $name"
        bad=1
    fi
done < <(sed -E "s/ __odr_asan\./ /" <<<"$listing" | c++filt)

count=$(wc -l <<<"$listing")
if [ "$autotest" = "--autotest" ] && [ "$test_entries" -eq 0 ]; then
    echo "a test build without its test entry points (signalnotifier_private_*)"
    bad=1
fi
if [ "$bad" -ne 0 ]; then
    echo "public classes: ${classes//|/ }" >&2
    exit 1
fi
echo "$count exported symbols, all public API (classes: ${classes//|/ })"
