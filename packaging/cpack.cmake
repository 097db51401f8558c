# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# CPack: DEB and RPM split by component, and one TGZ of the whole install tree.
#
#   cpack -G DEB   libsignalnotifier<SOVERSION>   the shared library (named after its SONAME,
#                                                 so two ABI versions can be installed at once)
#                  libsignalnotifier-dev          headers, .so link, CMake and pkg-config files,
#                                                 the Qt help file (with SIGNALNOTIFIER_DOCS)
#                  signalnotifier-tools           sigwatch and its man page
#                  qml6-module-signalnotifier     the QML module (import SignalNotifier), in Qt's
#                                                 QML directory, when it is built (qml/)
#   cpack -G RPM   the same split (-devel instead of -dev)
#   cpack -G TGZ   everything, relocatable (sigwatch finds the library through $ORIGIN)
#
# sigwatch is not in the library package: a library package that ships a program can no
# longer be installed beside the next SONAME's package (both would own bin/sigwatch).
# Packages meant for a distribution are built with CMAKE_INSTALL_PREFIX=/usr and
# CMAKE_INSTALL_DOCDIR=share/doc/libsignalnotifier<SOVERSION> (scripts/stages/packaging.sh).

set(soversion ${PROJECT_VERSION_MAJOR})
set(runtime_name libsignalnotifier${soversion})

# Versions. The archives carry the full version string (signalnotifier-1.0.0-rc1.tar.gz,
# signalnotifier-1.0.0-rc1-Linux.tar.gz). DEB and RPM write a pre-release with a tilde,
# which both sort before anything, the end of the string included: 1.0.0~rc1 < 1.0.0
# (deb-version(7); Fedora's packaging guidelines, "Versioning": Version 1.0.0~rc1 with
# Release 1, since RPM 4.10), so the release upgrades the candidate. A hyphen would not do:
# it separates the upstream version from the package release in both, and 1.0.0-rc1 would
# sort after 1.0.0. The package release stays CPACK_*_PACKAGE_RELEASE (1).
set(CPACK_PACKAGE_VERSION ${SIGNALNOTIFIER_VERSION_STRING})
string(REPLACE "-" "~" package_version "${SIGNALNOTIFIER_VERSION_STRING}")

set(CPACK_PACKAGE_NAME signalnotifier)
set(CPACK_PACKAGE_VENDOR "The SignalNotifier authors")
set(CPACK_PACKAGE_CONTACT "The SignalNotifier authors <signalnotifier@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(about
"SignalNotifier turns operating-system signals and console events into ordinary Qt
signals, delivered in the thread that owns the receiver: nothing lost, the previous
handler chained and restored, sender pid/uid and sigqueue values, the exit status a
supervisor expects.")
set(CPACK_PACKAGE_DESCRIPTION "${about}")
# Packages are stripped; the symbols stay in the build directory.
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_RESOURCE_FILE_README ${PROJECT_SOURCE_DIR}/README.md)
set(CPACK_PACKAGE_CHECKSUM SHA256)
if(NOT CPACK_GENERATOR)
    set(CPACK_GENERATOR TGZ)
endif()
# The source package (cpack --config CPackSourceConfig.cmake): what FetchContent's URL
# takes. Anchored at the source directory, so a checkout under some ".../build/..." works.
set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_PACKAGE_FILE_NAME signalnotifier-${SIGNALNOTIFIER_VERSION_STRING})
string(REPLACE "." "\\\\." source_re "${PROJECT_SOURCE_DIR}")
set(CPACK_SOURCE_IGNORE_FILES "^${source_re}/build" "^${source_re}/\\\\.git/"
    "^${source_re}/\\\\.git$" "^${source_re}/CMakeUserPresets\\\\.json$")

set(CPACK_COMPONENTS_ALL Runtime Devel Tools)
if(TARGET SignalNotifierQml)
    list(APPEND CPACK_COMPONENTS_ALL Qml)
endif()
set(CPACK_COMPONENT_RUNTIME_DISPLAY_NAME "SignalNotifier library")
set(CPACK_COMPONENT_DEVEL_DISPLAY_NAME "SignalNotifier development files")
set(CPACK_COMPONENT_TOOLS_DISPLAY_NAME "sigwatch")
# The long descriptions (CPack 3.25's DEB generator puts the project's summary before each).
set(CPACK_COMPONENT_RUNTIME_DESCRIPTION "${about}\nThis package has the shared library.")
set(CPACK_COMPONENT_DEVEL_DESCRIPTION "${about}
This package has the headers, the CMake package (find_package(SignalNotifier)), the
pkg-config file (signalnotifier) and the API reference for Qt Creator (signalnotifier.qch).")
set(CPACK_COMPONENT_TOOLS_DESCRIPTION "${about}
This package has sigwatch, which prints the signals a process receives (with sender,
value, child status), lists what every signal does in a process and in each of its
threads, and sends signals; and its man page.")
set(CPACK_COMPONENT_QML_DISPLAY_NAME "SignalNotifier QML module")
set(CPACK_COMPONENT_QML_DESCRIPTION "${about}
This package has the QML module: import SignalNotifier gives QML the SignalNotifier and
GracefulShutdown types.")
set(CPACK_COMPONENT_DEVEL_DEPENDS Runtime)
set(CPACK_COMPONENT_QML_DEPENDS Runtime)
set(CPACK_COMPONENT_TOOLS_DEPENDS Runtime)
# One archive with the whole tree; DEB and RPM one package per component.
set(CPACK_ARCHIVE_COMPONENT_INSTALL OFF)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_RPM_COMPONENT_INSTALL ON)

# --- DEB
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_VERSION ${package_version})
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# dpkg-shlibdeps finds libqt6core6, libc6, libstdc++6 from the ELF files themselves;
# the runtime package gets a shlibs file, so programs built against it depend on it.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)
# sigwatch links our own library, which is in the runtime package's staging directory
# (dpkg-shlibdeps runs in the component's own; the dependency comes from the component's).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ../Runtime/${CMAKE_INSTALL_FULL_LIBDIR})
set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME ${runtime_name})
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
set(CPACK_DEBIAN_DEVEL_PACKAGE_NAME libsignalnotifier-dev)
set(CPACK_DEBIAN_DEVEL_PACKAGE_SECTION libdevel)
# The headers include Qt's, and the CMake config calls find_dependency(Qt6 Core).
set(CPACK_DEBIAN_DEVEL_PACKAGE_DEPENDS "qt6-base-dev (>= ${Qt6_VERSION_MAJOR}.${Qt6_VERSION_MINOR})")
set(CPACK_DEBIAN_DEVEL_PACKAGE_SHLIBDEPS OFF)
set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME signalnotifier-tools)
set(CPACK_DEBIAN_TOOLS_PACKAGE_SECTION utils)
# Debian names QML modules qml6-module-<import name> (qml6-module-qtquick, ...).
# dpkg-shlibdeps gives libqt6qml6 from the plugin; the engine that loads it needs the
# QtQml module itself (import QtQml), which is a package of its own.
set(CPACK_DEBIAN_QML_PACKAGE_NAME qml6-module-signalnotifier)
set(CPACK_DEBIAN_QML_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_QML_PACKAGE_DEPENDS "qml6-module-qtqml")

# --- RPM (openSUSE-style SONAME naming; Fedora and openSUSE both provide cmake(Qt6Core))
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_VERSION ${package_version})
set(CPACK_RPM_PACKAGE_RELEASE 1)
set(CPACK_RPM_PACKAGE_LICENSE MIT)
set(CPACK_RPM_PACKAGE_GROUP "System Environment/Libraries")
set(CPACK_RPM_PACKAGE_AUTOREQ ON)
set(CPACK_RPM_PACKAGE_DESCRIPTION "${about}")
set(CPACK_RPM_RUNTIME_PACKAGE_SUMMARY "${PROJECT_DESCRIPTION} (library)")
set(CPACK_RPM_DEVEL_PACKAGE_SUMMARY "${PROJECT_DESCRIPTION} (development files)")
set(CPACK_RPM_TOOLS_PACKAGE_SUMMARY "sigwatch: watch, list and send signals from a terminal")
set(CPACK_RPM_RUNTIME_PACKAGE_NAME ${runtime_name})
set(CPACK_RPM_DEVEL_PACKAGE_NAME libsignalnotifier-devel)
set(CPACK_RPM_DEVEL_PACKAGE_REQUIRES
    "${runtime_name} = ${package_version}, cmake(Qt6Core) >= ${Qt6_VERSION_MAJOR}.${Qt6_VERSION_MINOR}")
set(CPACK_RPM_TOOLS_PACKAGE_NAME signalnotifier-tools)
set(CPACK_RPM_TOOLS_PACKAGE_REQUIRES "${runtime_name} = ${package_version}")
set(CPACK_RPM_QML_PACKAGE_NAME signalnotifier-qml)
set(CPACK_RPM_QML_PACKAGE_SUMMARY "${PROJECT_DESCRIPTION} (QML module)")
set(CPACK_RPM_QML_PACKAGE_REQUIRES "${runtime_name} = ${package_version}")
# No /usr/lib/.build-id links: they would make the packages of two versions collide.
set(CPACK_RPM_SPEC_MORE_DEFINE "%define _build_id_links none")
# Directories every system already owns: the packages must not claim them.
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    /usr/share/doc /usr/${CMAKE_INSTALL_LIBDIR} /usr/${CMAKE_INSTALL_LIBDIR}/cmake
    /usr/${CMAKE_INSTALL_LIBDIR}/pkgconfig /usr/share/man /usr/share/man/man1)
# Qt's QML directory and its parents, where the QML module goes, are Qt's.
if(TARGET SignalNotifierQml AND NOT IS_ABSOLUTE "${SIGNALNOTIFIER_QML_INSTALL_DIR}")
    set(qml_parent /usr/${SIGNALNOTIFIER_QML_INSTALL_DIR})
    while(NOT qml_parent MATCHES "^/usr/${CMAKE_INSTALL_LIBDIR}$|^/usr$|^/$")
        list(APPEND CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION ${qml_parent})
        get_filename_component(qml_parent ${qml_parent} DIRECTORY)
    endwhile()
endif()
# Qt's documentation directory, where the .qch goes (docs/CMakeLists.txt), is Qt's.
if(QT6_INSTALL_DOCS AND NOT IS_ABSOLUTE "${QT6_INSTALL_DOCS}")
    get_filename_component(qt_docs_parent /usr/${QT6_INSTALL_DOCS} DIRECTORY)
    list(APPEND CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION /usr/${QT6_INSTALL_DOCS} ${qt_docs_parent})
endif()

include(CPack)
