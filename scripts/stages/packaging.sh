#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# The packaging stage: builds the release packages (DEB, RPM, TGZ) with CPack in
# build/packaging, then runs tests/packaging as a ctest project: the API documentation
# (Doxygen, warnings are errors; the HTML and the Qt help file), the shipped library's ABI
# against abi/, the packages' contents, versions and dependencies, the DEB
# installed on this machine with apt-get, a find_package and a pkg-config consumer built
# against the installed packages and run, the packages purged with nothing of ours left
# in /usr; a static build and the TGZ, each found from a prefix; the source package
# fetched by URL with FetchContent.
#
# Needs root or sudo (apt-get). A machine that has our packages installed from elsewhere
# is refused rather than changed.
set -euo pipefail
cd "$(dirname "$0")/../.."

# The API reference: doxygen; qhelpgenerator (qt6-documentation-tools) for the .qch;
# Qt Core's tag file (qtbase5-doc-dev) for links to Qt's documentation.
# abigail-tools: the shipped library is checked against the ABI baseline (abi/).
# The QML module (qt6-declarative-dev), and qmltestrunner with what its test imports
# (QtQuick, QtTest) for the installed module's check.
scripts/deps.sh doxygen qt6-documentation-tools qtbase5-doc-dev rpm file dpkg-dev abigail-tools \
    qt6-declarative-dev qt6-declarative-dev-tools qml6-module-qtqml qml6-module-qtqml-models \
    qml6-module-qtquick qml6-module-qtqml-workerscript qml6-module-qttest

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    sudo=(sudo -n)
fi
# The runtime package is named after the SONAME, the major version in CMakeLists.txt.
soversion=$(sed -nE '/^project\(SignalNotifier/,/\)/s/^ *VERSION ([0-9]+)\..*/\1/p' CMakeLists.txt)
[ -n "$soversion" ] || { echo "packaging: no project VERSION in CMakeLists.txt" >&2; exit 1; }
ours=("libsignalnotifier$soversion" libsignalnotifier-dev signalnotifier-tools qml6-module-signalnotifier)
for p in "${ours[@]}"; do
    if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        echo "packaging: $p is already installed; remove it first (apt-get purge ${ours[*]})" >&2
        exit 1
    fi
done

build=build/packaging
cmake -S . -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_INSTALL_PREFIX=/usr \
    -DCMAKE_INSTALL_DOCDIR=share/doc/libsignalnotifier$soversion \
    -DSIGNALNOTIFIER_TESTS=OFF \
    -DSIGNALNOTIFIER_DOCS=ON \
    -DSIGNALNOTIFIER_WERROR=ON >/dev/null
cmake --build "$build" -j 2
rm -f "$build"/*.deb "$build"/*.rpm "$build"/*.tar.gz "$build"/*.sha256
(cd "$build" && cpack -G "DEB;RPM;TGZ" && cpack --config CPackSourceConfig.cmake)

cmake -S tests/packaging -B "$build/check" -G Ninja \
    -DSOURCE_DIR="$PWD" \
    -DPACKAGE_DIR="$PWD/$build" \
    -DSUDO="${sudo[*]}" >/dev/null
ctest --test-dir "$build/check" --output-on-failure
