#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# Checks on the CPack packages in $PACKAGE_DIR, one per call (tests/packaging/CMakeLists.txt).
# Versions: $VERSION the full one (1.0.0-rc1), $LIB_VERSION its numeric part (the
# library's file name), $DEB_VERSION and $RPM_VERSION the packages' (1.0.0~rc1),
# $SOVERSION the SONAME's.
#   deb_contents        names, split, dependencies, files and version of the four DEBs
#   rpm_contents        the same for the RPMs
#   install             apt-get install ./<our DEBs>
#   tgz_contents        the TGZ has the man page and the QML module too
#   installed_sigwatch  /usr/bin/sigwatch --version, and its man page says what its --help says
#   installed_qml       qmltestrunner imports the installed QML module with no import path
#   tgz_qml             the same from the unpacked TGZ, through QML_IMPORT_PATH
#   purge               apt-get purge; nothing of ours left in /usr
set -euo pipefail

: "${PACKAGE_DIR:?}" "${VERSION:?}" "${LIB_VERSION:?}" "${DEB_VERSION:?}" "${RPM_VERSION:?}" "${SOVERSION:?}"
sudo=(${SUDO:-})
runtime=libsignalnotifier${SOVERSION}
qml=qml6-module-signalnotifier
packages=("$runtime" libsignalnotifier-dev signalnotifier-tools "$qml")
# Qt's QML directory, relative to the prefix (lib/x86_64-linux-gnu/qt6/qml on Debian).
qml_dir=$(qtpaths6 --query QT_INSTALL_QML)
qml_dir=${qml_dir#/usr/}
qmltestrunner="$(qtpaths6 --query QT_INSTALL_BINS)/qmltestrunner"

fail() { echo "FAIL: $*" >&2; exit 1; }

deb() { # the DEB file of package $1
    local f
    f=$(ls "$PACKAGE_DIR/$1_${DEB_VERSION}"-*.deb 2>/dev/null | head -1)
    [ -n "$f" ] || fail "no DEB for $1 $DEB_VERSION in $PACKAGE_DIR"
    echo "$f"
}

rpm_of() { # the RPM file of package $1
    local f
    f=$(ls "$PACKAGE_DIR/$1-${RPM_VERSION}"-*.rpm 2>/dev/null | head -1)
    [ -n "$f" ] || fail "no RPM for $1 $RPM_VERSION in $PACKAGE_DIR"
    echo "$f"
}

# has <listing> <regex> <what>: the listing has a line matching regex
has() { grep -qE "$2" <<<"$1" || fail "$3: nothing matches $2"; }
lacks() { ! grep -qE "$2" <<<"$1" || fail "$3: has $(grep -E "$2" <<<"$1" | head -1)"; }

case "$1" in
deb_contents)
    lib=$(dpkg-deb -c "$(deb "$runtime")" | awk '{print $6}')
    dev=$(dpkg-deb -c "$(deb libsignalnotifier-dev)" | awk '{print $6}')
    tools=$(dpkg-deb -c "$(deb signalnotifier-tools)" | awk '{print $6}')
    has "$lib" "/libSignalNotifier\.so\.${SOVERSION}\$" "$runtime"
    has "$lib" "/libSignalNotifier\.so\.${LIB_VERSION}\$" "$runtime"
    has "$lib" "/usr/share/doc/$runtime/LICENSE\$" "$runtime"
    lacks "$lib" "\.so\$|/include/|/bin/" "$runtime"
    has "$dev" "/libSignalNotifier\.so\$" "libsignalnotifier-dev"
    has "$dev" "/usr/include/SignalNotifier/SignalNotifier\$" "libsignalnotifier-dev"
    has "$dev" "/usr/include/SignalNotifier/signalnotifier_export\.h\$" "libsignalnotifier-dev"
    has "$dev" "/cmake/SignalNotifier/SignalNotifierConfigVersion\.cmake\$" "libsignalnotifier-dev"
    has "$dev" "/pkgconfig/signalnotifier\.pc\$" "libsignalnotifier-dev"
    has "$dev" "^\./usr/share/qt6/doc/signalnotifier\.qch\$" "libsignalnotifier-dev"
    lacks "$dev" "_p\.h\$|\.so\.[0-9]" "libsignalnotifier-dev"
    has "$tools" "^\./usr/bin/sigwatch\$" "signalnotifier-tools"
    has "$tools" "^\./usr/share/man/man1/sigwatch\.1\.gz\$" "signalnotifier-tools"
    lacks "$tools" "/lib/" "signalnotifier-tools"
    qmlfiles=$(dpkg-deb -c "$(deb "$qml")" | awk '{print $6}')
    for f in qmldir libSignalNotifierQml.so SignalNotifierQml.qmltypes; do
        has "$qmlfiles" "^\./usr/$qml_dir/SignalNotifier/${f//./\\.}\$" "$qml"
    done
    lacks "$qmlfiles" "/include/|/bin/|libSignalNotifier\.so" "$qml"

    soname=$(dpkg-deb --fsys-tarfile "$(deb "$runtime")" | tar -xO --wildcards "*/libSignalNotifier.so.${LIB_VERSION}" \
        | { tmp=$(mktemp); cat >"$tmp"; objdump -p "$tmp" | awk '/SONAME/ {print $2}'; rm -f "$tmp"; })
    [ "$soname" = "libSignalNotifier.so.${SOVERSION}" ] || fail "SONAME is '$soname'"

    has "$(dpkg-deb -f "$(deb "$runtime")" Depends)" "libqt6core6" "$runtime Depends"
    has "$(dpkg-deb -f "$(deb libsignalnotifier-dev)" Depends)" "$runtime \(= ${DEB_VERSION}" "dev Depends"
    has "$(dpkg-deb -f "$(deb libsignalnotifier-dev)" Depends)" "qt6-base-dev" "dev Depends"
    has "$(dpkg-deb -f "$(deb signalnotifier-tools)" Depends)" "$runtime \(= ${DEB_VERSION}" "tools Depends"
    has "$(dpkg-deb -f "$(deb "$qml")" Depends)" "$runtime \(= ${DEB_VERSION}" "$qml Depends"
    has "$(dpkg-deb -f "$(deb "$qml")" Depends)" "libqt6qml6" "$qml Depends"
    has "$(dpkg-deb -f "$(deb "$qml")" Depends)" "qml6-module-qtqml" "$qml Depends"
    has "$(dpkg-deb -I "$(deb "$runtime")" shlibs)" "^libSignalNotifier ${SOVERSION} $runtime" "shlibs"
    # A pre-release sorts before its release by dpkg's own rules, so apt upgrades
    # 1.0.0~rc1 to 1.0.0.
    v=$(dpkg-deb -f "$(deb "$runtime")" Version)
    [ "$v" = "${DEB_VERSION}-1" ] || fail "$runtime Version is '$v', wanted ${DEB_VERSION}-1"
    if [ "$VERSION" != "$LIB_VERSION" ]; then
        [ "$DEB_VERSION" = "${VERSION/-/\~}" ] || fail "DEB version $DEB_VERSION for $VERSION"
        dpkg --compare-versions "$v" lt "${LIB_VERSION}-1" || fail "$v does not sort before ${LIB_VERSION}-1"
        echo "$v sorts before ${LIB_VERSION}-1 (dpkg --compare-versions)"
    fi
    for p in "${packages[@]}"; do echo "$p: $(dpkg-deb -f "$(deb "$p")" Depends)"; done
    ;;
rpm_contents)
    lib=$(rpm -qpl "$(rpm_of "$runtime")")
    dev=$(rpm -qpl "$(rpm_of libsignalnotifier-devel)")
    tools=$(rpm -qpl "$(rpm_of signalnotifier-tools)")
    qmlfiles=$(rpm -qpl "$(rpm_of signalnotifier-qml)")
    has "$qmlfiles" "^/usr/$qml_dir/SignalNotifier/qmldir\$" "qml.rpm"
    has "$qmlfiles" "^/usr/$qml_dir/SignalNotifier/libSignalNotifierQml\.so\$" "qml.rpm"
    lacks "$qmlfiles" "^/usr/$qml_dir\$|^/usr/lib/[^/]+/qt6\$" "qml.rpm owns Qt's directory"
    has "$(rpm -qpR "$(rpm_of signalnotifier-qml)")" "^$runtime = ${RPM_VERSION}" "qml.rpm Requires"
    has "$lib" "/libSignalNotifier\.so\.${SOVERSION}\$" "$runtime.rpm"
    lacks "$lib" "\.so\$|/include/|/bin/" "$runtime.rpm"
    has "$dev" "/libSignalNotifier\.so\$" "devel.rpm"
    has "$dev" "/SignalNotifierConfig\.cmake\$" "devel.rpm"
    has "$dev" "/signalnotifier\.pc\$" "devel.rpm"
    has "$dev" "^/usr/share/qt6/doc/signalnotifier\.qch\$" "devel.rpm"
    has "$tools" "/usr/bin/sigwatch\$" "tools.rpm"
    has "$tools" "/usr/share/man/man1/sigwatch\.1\.gz\$" "tools.rpm"
    lacks "$tools$lib$dev" "^/usr/lib/\.build-id|^/usr\$|^/usr/lib\$|^/usr/include\$|^/usr/share/qt6(/doc)?\$|^/usr/share/man(/man1)?\$" "rpm owns a system directory"
    has "$(rpm -qpR "$(rpm_of "$runtime")")" "libQt6Core\.so\.6" "$runtime.rpm Requires"
    has "$(rpm -qpR "$(rpm_of libsignalnotifier-devel)")" "^$runtime = ${RPM_VERSION}" "devel.rpm Requires"
    has "$(rpm -qpR "$(rpm_of libsignalnotifier-devel)")" "cmake\(Qt6Core\)" "devel.rpm Requires"
    has "$(rpm -qpR "$(rpm_of signalnotifier-tools)")" "^$runtime = ${RPM_VERSION}" "tools.rpm Requires"
    # Version and Release apart; a pre-release sorts before its release by RPM's rules.
    v=$(rpm -qp --qf '%{VERSION} %{RELEASE}' "$(rpm_of "$runtime")")
    [ "$v" = "$RPM_VERSION 1" ] || fail "$runtime.rpm Version Release is '$v', wanted '$RPM_VERSION 1'"
    if [ "$VERSION" != "$LIB_VERSION" ]; then
        [ "$RPM_VERSION" = "${VERSION/-/\~}" ] || fail "RPM version $RPM_VERSION for $VERSION"
        order=$(rpm --eval "%{lua: print(rpm.vercmp('$RPM_VERSION-1', '$LIB_VERSION-1'))}")
        [ "$order" = "-1" ] || fail "RPM: $RPM_VERSION-1 does not sort before $LIB_VERSION-1 ($order)"
        echo "RPM $RPM_VERSION-1 sorts before $LIB_VERSION-1 (rpm.vercmp)"
    fi
    echo "RPMs: $runtime, libsignalnotifier-devel, signalnotifier-tools, signalnotifier-qml"
    ;;
install)
    debs=()
    for p in "${packages[@]}"; do debs+=("$(deb "$p")"); done
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${debs[@]}"
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}\n' "$p" | grep -q "install ok installed" || fail "$p not installed"
        dpkg -L "$p" >>"$PACKAGE_DIR/installed-files.txt"
    done
    ;;
tgz_contents)
    tarball=$(ls "$PACKAGE_DIR/signalnotifier-${VERSION}"-*.tar.gz 2>/dev/null | head -1)
    [ -n "$tarball" ] || fail "no TGZ for $VERSION in $PACKAGE_DIR"
    listing=$(tar -tzf "$tarball")
    has "$listing" "/bin/sigwatch\$" "TGZ"
    has "$listing" "/share/man/man1/sigwatch\.1\.gz\$" "TGZ"
    has "$listing" "/$qml_dir/SignalNotifier/qmldir\$" "TGZ"
    echo "TGZ: $(basename "$tarball") has sigwatch, its man page and the QML module"
    ;;
installed_sigwatch)
    out=$(/usr/bin/sigwatch --version)
    [ "$out" = "sigwatch $VERSION" ] || fail "sigwatch --version says '$out'"
    echo "$out"
    # The man page, made from --help by help2man at build time: the installed one names
    # this version and every option the installed program's --help names.
    page=/usr/share/man/man1/sigwatch.1.gz
    [ -f "$page" ] || fail "no $page"
    roff=$(gzip -dc "$page")
    has "$roff" "^\.TH SIGWATCH \"1\" .*\"sigwatch $VERSION\"" "$page"
    options=$(/usr/bin/sigwatch --help | grep -oE -- '(^|[ ,])--?[A-Za-z][a-z-]*' | tr -d ' ,' | sort -u)
    [ "$(wc -l <<<"$options")" -ge 13 ] || fail "sigwatch --help names only: $options"
    for option in $options; do
        grep -qF -- "\fB${option//-/\\-}\fR" <<<"$roff" || fail "$page lacks $option"
    done
    echo "$page: sigwatch $VERSION, $(wc -l <<<"$options") options, as --help"
    ;;
installed_qml)
    # No import path: the engine finds the module where Qt keeps its own.
    QT_QPA_PLATFORM=offscreen "$qmltestrunner" -input "$SOURCE_DIR/tests/packaging/tst_installed_qml.qml"
    ;;
tgz_qml)
    tarball=$(ls "$PACKAGE_DIR/signalnotifier-${VERSION}"-*.tar.gz 2>/dev/null | head -1)
    [ -n "$tarball" ] || fail "no TGZ for $VERSION in $PACKAGE_DIR"
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    tar -xzf "$tarball" -C "$work"
    top=$(ls -d "$work"/*/)
    plugin="$top$qml_dir/SignalNotifier/libSignalNotifierQml.so"
    # The plugin finds the library beside it in the tree, not one installed elsewhere.
    lib=$(ldd "$plugin" | awk '/libSignalNotifier\.so/ {print $3}')
    [ -n "$lib" ] && [ "$(realpath "$lib")" = "$(realpath "$top${qml_dir%%/qt6/*}/libSignalNotifier.so.${SOVERSION}")" ] \
        || fail "the TGZ's plugin loads '$lib'"
    QT_QPA_PLATFORM=offscreen QML_IMPORT_PATH="$top$qml_dir" "$qmltestrunner" \
        -input "$SOURCE_DIR/tests/packaging/tst_installed_qml.qml"
    ;;
purge)
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get purge -y -q "${packages[@]}"
    for p in "${packages[@]}"; do
        ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "ok installed" || fail "$p still installed"
    done
    # Every file the packages had, and anything named like us, must be gone.
    left=()
    if [ -f "$PACKAGE_DIR/installed-files.txt" ]; then
        while read -r f; do
            [ -f "$f" ] || [ -L "$f" ] && left+=("$f")
        done <"$PACKAGE_DIR/installed-files.txt"
        rm -f "$PACKAGE_DIR/installed-files.txt"
    fi
    while read -r f; do left+=("$f"); done < <(find /usr \( -iname '*signalnotifier*' -o -name sigwatch \) 2>/dev/null)
    [ ${#left[@]} -eq 0 ] || fail "left in /usr after purge: ${left[*]}"
    echo "purged; nothing of ours left in /usr"
    ;;
*)
    fail "unknown check '$1'"
    ;;
esac
