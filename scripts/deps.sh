#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# Installs the Debian 12 packages the build and the tests need, only when missing.
# Runs apt-get as root, or through sudo. Extra package names on the command line are
# installed too: a stage or scripts/bench.sh adds its own (scripts/deps.sh doxygen rpm).
set -euo pipefail

# help2man: sigwatch's man page is made from its --help at build time.
# libglib2.0-dev: the library reads each thread's signals through a glib source of Qt's glib
# dispatcher (src/loopsource_p.h); optional, but the tests check it.
packages=(cmake ninja-build g++ pkg-config qt6-base-dev libglib2.0-dev help2man "$@")

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
fi
echo "deps: installing ${missing[*]}"
"${sudo[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
