# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# Configures, builds and runs one consumer project in a scratch directory, as a user
# would. Called by ctest (tests/consumers/CMakeLists.txt, the packaging stage):
#
#   cmake -DMODE=<mode> -DSOURCE_DIR=<library source> -DWORK=<scratch dir>
#         [-DBUILD_DIR=<library build>] [-DVERSION=<x.y.z>] [-DGENERATOR=...]
#         [-DCXX=<compiler>] [-DQT6_DIR=<Qt's Qt6Config.cmake dir>] -P run.cmake
#
# MODE
#   find_package      install BUILD_DIR into a prefix, MOVE the prefix (relocatable?), then
#                     find_package and pkg-config consumers against it, and its sigwatch
#   wrong_major       find_package(SignalNotifier <major+1>.0) against that prefix must fail
#   add_subdirectory  the library's source as a subdirectory of the consumer
#   fetchcontent      FetchContent from the source's local path
#   fetchcontent_url  FetchContent from -DTARBALL=<the source package>, by file:// URL
#   static            build the library with BUILD_SHARED_LIBS=OFF, install, find_package
#   tarball           unpack -DTARBALL=<the CPack TGZ>, move it, find_package and pkg-config
#   installed         find_package and pkg-config consumers against the system (a package)

cmake_minimum_required(VERSION 3.21)

foreach(var MODE SOURCE_DIR WORK)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "run.cmake: -D${var}=... is required")
    endif()
endforeach()
if(NOT GENERATOR)
    set(GENERATOR Ninja)
endif()
set(consumers ${CMAKE_CURRENT_LIST_DIR})

set(common_args -G ${GENERATOR} -DCMAKE_BUILD_TYPE=Debug)
if(CXX)
    list(APPEND common_args -DCMAKE_CXX_COMPILER=${CXX})
endif()
if(QT6_DIR)
    list(APPEND common_args -DQt6_DIR=${QT6_DIR})
endif()

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

function(run)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        string(REPLACE ";" " " line "${ARGN}")
        message(FATAL_ERROR "failed (${rc}): ${line}")
    endif()
endfunction()

# consumer(<name> <project dir> [ENV var=value...] [ARGS cmake args...]): configure, build, run.
function(consumer name dir)
    cmake_parse_arguments(ARG "" "" "ENV;ARGS" ${ARGN})
    message(STATUS "--- consumer ${name}")
    run(${CMAKE_COMMAND} -E env ${ARG_ENV}
        ${CMAKE_COMMAND} -S ${dir} -B ${WORK}/${name} ${common_args} ${ARG_ARGS})
    run(${CMAKE_COMMAND} --build ${WORK}/${name} -j 2)
    run(${WORK}/${name}/consumer)
endfunction()

# The install tree's library directory, whatever GNUInstallDirs chose (lib, lib64, lib/<triplet>).
function(find_libdir prefix out)
    file(GLOB_RECURSE pcs ${prefix}/*/signalnotifier.pc)
    if(NOT pcs)
        message(FATAL_ERROR "no signalnotifier.pc under ${prefix}")
    endif()
    list(GET pcs 0 pc)
    get_filename_component(pcdir ${pc} DIRECTORY)
    set(${out} ${pcdir} PARENT_SCOPE)
endfunction()

function(against_prefix prefix)
    consumer(find_package ${consumers}/find_package ARGS
        -DCMAKE_PREFIX_PATH=${prefix} -DSIGNALNOTIFIER_REQUIRED_VERSION=${VERSION})
    find_libdir(${prefix} pcdir)
    consumer(pkgconfig ${consumers}/pkgconfig ENV PKG_CONFIG_PATH=${pcdir})
endfunction()

# The consumers and sigwatch, against an install tree that was moved after installing.
function(check_prefix prefix)
    against_prefix(${prefix})
    execute_process(COMMAND ${prefix}/bin/sigwatch --version
        RESULT_VARIABLE rc OUTPUT_VARIABLE out OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(NOT rc EQUAL 0 OR NOT out STREQUAL "sigwatch ${VERSION}")
        message(FATAL_ERROR "moved prefix: sigwatch --version gave '${out}' (${rc}), wanted 'sigwatch ${VERSION}'")
    endif()
    message(STATUS "moved prefix: ${out}")
endfunction()

if(MODE MATCHES "^(find_package|wrong_major|static|tarball)$" AND NOT VERSION)
    message(FATAL_ERROR "run.cmake: -DVERSION=... is required")
endif()

if(MODE STREQUAL "find_package" OR MODE STREQUAL "wrong_major" OR MODE STREQUAL "static")
    if(MODE STREQUAL "static")
        message(STATUS "--- the library, static")
        run(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK}/library ${common_args}
            -DBUILD_SHARED_LIBS=OFF -DSIGNALNOTIFIER_TESTS=OFF -DSIGNALNOTIFIER_EXAMPLES=ON
            -DSIGNALNOTIFIER_INSTALL=ON -DSIGNALNOTIFIER_WERROR=ON)
        run(${CMAKE_COMMAND} --build ${WORK}/library -j 2)
        set(BUILD_DIR ${WORK}/library)
    endif()
    run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK}/staged)
    # Relocatable: nothing in the tree may remember where it was installed.
    file(RENAME ${WORK}/staged ${WORK}/prefix)
    set(prefix ${WORK}/prefix)

    if(MODE STREQUAL "wrong_major")
        string(REGEX MATCH "^[0-9]+" major "${VERSION}")
        math(EXPR next_major "${major} + 1")
        execute_process(COMMAND ${CMAKE_COMMAND} -S ${consumers}/find_package -B ${WORK}/wrong
            ${common_args} -DCMAKE_PREFIX_PATH=${prefix}
            -DSIGNALNOTIFIER_REQUIRED_VERSION=${next_major}.0
            RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
        # Refused for its version, not for anything else.
        if(rc EQUAL 0 OR NOT out MATCHES "SignalNotifierConfig.cmake, version: ${VERSION}")
            message(FATAL_ERROR "find_package(SignalNotifier ${next_major}.0) accepted ${VERSION}:\n${out}")
        endif()
        message(STATUS "find_package(SignalNotifier ${next_major}.0) refuses ${VERSION}, as it should")
        return()
    endif()

    if(MODE STREQUAL "static")
        file(GLOB_RECURSE shared ${prefix}/*libSignalNotifier.so*)
        if(shared)
            message(FATAL_ERROR "a static build installed ${shared}")
        endif()
        # On Windows the define decides dllimport; it must reach every consumer.
        file(GLOB_RECURSE targets ${prefix}/*/SignalNotifierTargets.cmake)
        file(GLOB_RECURSE pc ${prefix}/*/signalnotifier.pc)
        file(READ "${targets}" targets_text)
        file(READ "${pc}" pc_text)
        if(NOT targets_text MATCHES "INTERFACE_COMPILE_DEFINITIONS \"SIGNALNOTIFIER_STATIC_DEFINE\""
           OR NOT pc_text MATCHES "Cflags:[^\n]*-DSIGNALNOTIFIER_STATIC_DEFINE")
            message(FATAL_ERROR "SIGNALNOTIFIER_STATIC_DEFINE does not reach consumers")
        endif()
    endif()
    check_prefix(${prefix})
elseif(MODE STREQUAL "tarball")
    if(NOT EXISTS "${TARBALL}")
        message(FATAL_ERROR "run.cmake: -DTARBALL=<the TGZ> is required ('${TARBALL}')")
    endif()
    file(ARCHIVE_EXTRACT INPUT ${TARBALL} DESTINATION ${WORK}/unpacked)
    file(GLOB top LIST_DIRECTORIES true ${WORK}/unpacked/*)
    file(RENAME ${top} ${WORK}/prefix)
    check_prefix(${WORK}/prefix)
elseif(MODE STREQUAL "add_subdirectory")
    consumer(add_subdirectory ${consumers}/add_subdirectory ARGS
        -DSIGNALNOTIFIER_SOURCE_DIR=${SOURCE_DIR})
elseif(MODE STREQUAL "fetchcontent")
    consumer(fetchcontent ${consumers}/fetchcontent ARGS
        -DSIGNALNOTIFIER_SOURCE_DIR=${SOURCE_DIR})
elseif(MODE STREQUAL "fetchcontent_url")
    if(NOT EXISTS "${TARBALL}")
        message(FATAL_ERROR "run.cmake: -DTARBALL=<the source package> is required ('${TARBALL}')")
    endif()
    consumer(fetchcontent_url ${consumers}/fetchcontent ARGS -DSIGNALNOTIFIER_URL=file://${TARBALL})
elseif(MODE STREQUAL "installed")
    consumer(find_package ${consumers}/find_package ARGS -DSIGNALNOTIFIER_REQUIRED_VERSION=${VERSION})
    consumer(pkgconfig ${consumers}/pkgconfig)
else()
    message(FATAL_ERROR "run.cmake: unknown MODE '${MODE}'")
endif()
