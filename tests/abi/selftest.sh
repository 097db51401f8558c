#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# The ABI check can fail: a baseline of the tiny library's variant 0 (fake/fakeabi.h),
# then scripts/abi.sh compare against another variant must end with the wanted status
# (0 compatible, 1 incompatible) and its report must say why (an extended regex).
#
#   selftest.sh <abi.sh> <headers dir> <variant 0 library> <other variant> <status> <regex>
set -uo pipefail

abi_sh=$1 headers=$2 base=$3 other=$4 wanted=$5 why=$6
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

bash "$abi_sh" dump "$base" "$headers" "$scratch/base.abi" || exit $?
report=$(bash "$abi_sh" compare "$scratch/base.abi" "$other" "$headers")
status=$?
echo "$report"
[ "$status" -eq 77 ] && exit 77
if [ "$status" -ne "$wanted" ]; then
    echo "FAIL: scripts/abi.sh compare ended with $status, wanted $wanted"
    exit 1
fi
if ! grep -qE "$why" <<<"$(tr '\n' ' ' <<<"$report")"; then
    echo "FAIL: the report does not say: $why"
    exit 1
fi
echo "ok: status $status, and the report says: $why"
