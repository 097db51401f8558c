#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# The Windows stage: cross-builds the library, its Windows tests and sigwatch with
# mingw-w64 (-Werror) against a mingw Qt built from Debian's qt6-base source, and runs the
# tests under Wine with ctest, the ZIP package test included.
#
# Cached between runs on the same machine, under ${XDG_CACHE_HOME:-$HOME/.cache}/signalnotifier:
#   qt-<version>-mingw-<hash>   the mingw Qt (scripts/windows/build-qt.sh, ~4 min the first time)
#   wineprefix-<wine version>   the Wine prefix, set up for session-end tests (~15 s)
#
# The prefix is shared by everyone on the machine, and `wineboot --end-session` (a test)
# reaches every process in a prefix: set WINEPREFIX to a prefix of your own (an empty
# directory, or a copy of the cached one) when someone else may be running Wine; it is
# set up the same way. Build options may be added with SIGNALNOTIFIER_WINDOWS_CMAKE_ARGS.
# SIGNALNOTIFIER_STRESS_SECONDS lengthens the console-lock stress test (default 3 s;
# `scripts/test.sh stress` runs it for 60 s).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
build="$root/build/windows"
cache=${XDG_CACHE_HOME:-$HOME/.cache}/signalnotifier

scripts/windows/deps.sh

qt=$(scripts/windows/build-qt.sh | tail -n 1)
[ -f "$qt/lib/cmake/Qt6/qt.toolchain.cmake" ] || { echo "windows: no mingw Qt in $qt" >&2; exit 1; }

# The prefix: created once, with the null display driver so that a hidden top-level
# window exists without X and `wineboot --end-session` reaches it.
wine_version=$(wine --version | tr -c 'A-Za-z0-9.\n-' _)
export WINEPREFIX="${WINEPREFIX:-$cache/wineprefix-$wine_version}"
export WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml="
if [ ! -f "$WINEPREFIX/.signalnotifier-ready" ]; then
    rm -rf "$WINEPREFIX"
    mkdir -p "$(dirname "$WINEPREFIX")"
    DISPLAY= wineboot -i >/dev/null 2>&1
    wineserver -w
    DISPLAY= wine reg add 'HKCU\Software\Wine\Drivers' /v Graphics /d null /f >/dev/null 2>&1
    wineserver -w
    touch "$WINEPREFIX/.signalnotifier-ready"
fi
export SIGNALNOTIFIER_MINGW_QT="$qt"

# The emulator ctest puts in front of every test: wine-run.sh with this prefix and Qt, so
# that `ctest --test-dir build/windows` also works by hand, outside this script.
mkdir -p "$build"
cat > "$build/wine-run" <<RUNNER
#!/usr/bin/env bash
export WINEPREFIX=$(printf '%q' "$WINEPREFIX")
export SIGNALNOTIFIER_MINGW_QT=$(printf '%q' "$qt")
export SIGNALNOTIFIER_STRESS_SECONDS=\${SIGNALNOTIFIER_STRESS_SECONDS:-$(printf '%q' "${SIGNALNOTIFIER_STRESS_SECONDS:-3}")}
exec $(printf '%q' "$root/scripts/windows/wine-run.sh") "\$@"
RUNNER
chmod +x "$build/wine-run"

cmake -S . -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_TOOLCHAIN_FILE="$qt/lib/cmake/Qt6/qt.toolchain.cmake" \
    -DQT_CHAINLOAD_TOOLCHAIN_FILE="$root/cmake/mingw-w64.cmake" \
    -DQT_HOST_PATH=/usr \
    -DQT_HOST_PATH_CMAKE_DIR=/usr/lib/x86_64-linux-gnu/cmake \
    -DCMAKE_CROSSCOMPILING_EMULATOR="$build/wine-run" \
    -DSIGNALNOTIFIER_WERROR=ON \
    -DSIGNALNOTIFIER_AUTOTEST_EXPORTS=ON \
    ${SIGNALNOTIFIER_WINDOWS_CMAKE_ARGS:-} >/dev/null
cmake --build "$build" -j 2

ctest --test-dir "$build" --output-on-failure
