#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# Builds Qt Core + Qt Test for Windows (mingw-w64) from Debian's own qt6-base source, the
# same version as the host's Qt, and installs it into a cache outside the work tree:
#
#   ${XDG_CACHE_HOME:-$HOME/.cache}/signalnotifier/qt-<version>-mingw-<recipe hash>
#
# The key holds the Qt version and a hash of this script and the mingw toolchain file, so a
# changed recipe rebuilds and an unchanged one is reused. Prints the install prefix as the
# last line of stdout. About 4 minutes with -j2 on an idle 2-core machine.
#
#   scripts/windows/build-qt.sh            build when missing, print the prefix
#   JOBS=2 scripts/windows/build-qt.sh     parallel build jobs (default 2)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
toolchain="$root/cmake/mingw-w64.cmake"
jobs=${JOBS:-2}

version=$(dpkg-query -W -f='${Version}' qt6-base-dev-tools | sed -E 's/^[0-9]+://; s/[-+].*//')
recipe_hash=$(cat "$0" "$toolchain" | sha256sum | cut -c1-12)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/signalnotifier
prefix="$cache/qt-$version-mingw-$recipe_hash"

if [ -f "$prefix/.complete" ]; then
    echo "$prefix"
    exit 0
fi

mkdir -p "$cache"
work=$(mktemp -d "$cache/qt-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "build-qt: building Qt $version for mingw-w64 into $prefix (work dir $work)" >&2

cd "$work"
# `apt-get source` needs a deb-src entry (scripts/windows/deps.sh adds one); no root needed.
apt-get source -q --download-only "qt6-base=$(dpkg-query -W -f='${Version}' qt6-base-dev-tools)" >&2 \
    || apt-get source -q --download-only qt6-base >&2
dpkg-source -x --skip-patches qt6-base_*.dsc src >/dev/null
src="$work/src"

# Core and Test only: every other module and optional dependency off; the few third-party
# libraries Core needs come bundled, so nothing beyond mingw itself is required.
cmake -S "$src" -B "$work/build" -G Ninja \
    -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$prefix.tmp" \
    -DQT_HOST_PATH=/usr \
    -DQT_HOST_PATH_CMAKE_DIR=/usr/lib/x86_64-linux-gnu/cmake \
    -DBUILD_SHARED_LIBS=ON \
    -DQT_BUILD_EXAMPLES=OFF -DQT_BUILD_TESTS=OFF \
    -DFEATURE_gui=OFF -DFEATURE_widgets=OFF -DFEATURE_network=OFF -DFEATURE_sql=OFF \
    -DFEATURE_concurrent=OFF -DFEATURE_dbus=OFF -DFEATURE_xml=OFF \
    -DFEATURE_printsupport=OFF -DFEATURE_opengl=OFF -DFEATURE_icu=OFF \
    -DFEATURE_zstd=OFF -DFEATURE_glib=OFF -DFEATURE_sql_sqlite=OFF \
    -DFEATURE_system_zlib=OFF -DFEATURE_system_pcre2=OFF -DFEATURE_system_doubleconversion=OFF \
    -DFEATURE_testlib=ON >"$work/configure.log" 2>&1 \
    || { tail -40 "$work/configure.log" >&2; exit 1; }

# All targets: building only Core and Test leaves out Qt6EntryPoint and the install fails.
ninja -C "$work/build" -j "$jobs" >"$work/build.log" 2>&1 \
    || { tail -40 "$work/build.log" >&2; exit 1; }
rm -rf "$prefix.tmp"
cmake --install "$work/build" >/dev/null
rm -rf "$prefix"
mv "$prefix.tmp" "$prefix"
touch "$prefix/.complete"
echo "$prefix"
