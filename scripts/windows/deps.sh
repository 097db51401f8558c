#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# Installs what the Windows stage needs on Debian 12, only when missing: the mingw-w64
# compilers (posix threads), Wine, Qt's host tools (moc, rcc run on the host), `script`
# for a pty, and a deb-src entry so `apt-get source qt6-base` works.
set -euo pipefail

packages=(cmake ninja-build dpkg-dev g++-mingw-w64-x86-64-posix wine wine64
          qt6-base-dev qt6-base-dev-tools bsdutils zip unzip)

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    sudo=(sudo)
fi

need_update=0
missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

# A deb-src twin of the deb822 sources Debian 12 ships, so qt6-base's source can be fetched.
src_list=/etc/apt/sources.list.d/signalnotifier-deb-src.sources
if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && \
   ! grep -qs '^deb-src' /etc/apt/sources.list; then
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
        sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
            | "${sudo[@]}" tee "$src_list" >/dev/null
    elif grep -qs '^deb ' /etc/apt/sources.list; then
        # One-line format: the same lines as deb-src.
        sed -n 's/^deb /deb-src /p' /etc/apt/sources.list \
            | "${sudo[@]}" tee /etc/apt/sources.list.d/signalnotifier-deb-src.list >/dev/null
    else
        echo "windows deps: no deb-src entry and no debian.sources to derive one from" >&2
        exit 1
    fi
    need_update=1
fi

if [ ${#missing[@]} -gt 0 ] || [ "$need_update" -eq 1 ]; then
    echo "windows deps: installing ${missing[*]:-(deb-src entry only)}"
    "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 update -q
fi
if [ ${#missing[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}"
fi
