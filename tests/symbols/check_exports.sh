#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# Only the public API may be exported from the shared library.
#
#   check_exports.sh <libSignalNotifier.so> <public header dir>
#   check_exports.sh --listing <file> <public header dir>    (nm -D output, for the self-test)
#
# The public classes are read from the headers (class SIGNALNOTIFIER_EXPORT <Name>), so a
# new public class needs nothing here. A strong symbol (T, D, B, R) must belong to a public
# class (members, vtable, typeinfo) or be a free operator taking one. Weak and unique
# symbols (W, V, u: template instances from Qt and the standard library, vague linkage)
# are allowed, but no symbol of any kind may name a private part of the library.
# AddressSanitizer adds an __odr_asan.<symbol> twin per global; the symbol is checked.
set -euo pipefail

if [ "$1" = "--listing" ]; then
    listing=$(cat "$2")
    shift
else
    listing=$(nm -D --defined-only "$1")
fi
headers=$2

classes=$(grep -hoE 'class SIGNALNOTIFIER_EXPORT [A-Za-z_][A-Za-z0-9_]*' "$headers"/*.h \
    | awk '{print $3}' | sort -u | paste -sd'|')
[ -n "$classes" ] || { echo "no exported classes found in $headers" >&2; exit 1; }

private='SignalBackend|Posix::|SignalDispatcher|Signal[A-Za-z]*Private|\(anonymous namespace\)'
public="^((typeinfo( name)? for |vtable for |non-virtual thunk to )?($classes)(::|$)|operator[^(]*\(.*\b($classes)\b)"

bad=0
while read -r _addr type name; do
    [ -n "${name:-}" ] || continue
    if grep -qE "$private" <<<"$name"; then
        echo "private symbol exported: $type $name"
        bad=1
    elif [[ "$type" =~ ^[TDBR]$ ]] && ! grep -qE "$public" <<<"$name"; then
        echo "non-public symbol exported: $type $name"
        bad=1
    fi
done < <(sed -E "s/ __odr_asan\./ /" <<<"$listing" | c++filt)

count=$(wc -l <<<"$listing")
if [ "$bad" -ne 0 ]; then
    echo "public classes: ${classes//|/ }" >&2
    exit 1
fi
echo "$count exported symbols, all public API (classes: ${classes//|/ })"
