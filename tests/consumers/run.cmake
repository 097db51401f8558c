# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# Configures, builds and runs one consumer project in a scratch directory, as a user
# would. Called by ctest (tests/consumers/CMakeLists.txt, the packaging stage):
#
#   cmake -DMODE=<mode> -DSOURCE_DIR=<library source> -DWORK=<scratch dir>
#         -DVERSION_STRING=<x.y.z[-suffix]> [-DVERSION=<x.y.z>] [-DBUILD_DIR=<library build>]
#         [-DGENERATOR=...] [-DCXX=<compiler>] [-DQT6_DIR=<Qt's Qt6Config.cmake dir>] -P run.cmake
#
# Every program runs without LD_LIBRARY_PATH, from a directory of its own. VERSION_STRING
# is what the headers, find_package and pkg-config must say; VERSION is asked of them.
#
# MODE
#   find_package      install BUILD_DIR into a prefix, MOVE the prefix (relocatable?), then
#                     find_package and pkg-config consumers against it (pkg-config also by
#                     hand, as a Makefile would, through the .pc's rpath_flags), and its sigwatch
#   wrong_major       find_package(SignalNotifier <major+1>.0) against that prefix must fail
#   add_subdirectory  the library's source as a subdirectory of the consumer, which installs
#                     its program: the installed program runs with the build tree deleted
#   add_subdirectory_shared   the same with SIGNALNOTIFIER_SHARED=ON
#   fetchcontent      FetchContent from the source's local path, installed the same way;
#                     the parent's BUILD_SHARED_LIBS is ON, SignalNotifier static all the same
#   fetchcontent_url  FetchContent from -DTARBALL=<the source package>, by file:// URL
#   static            build the library with BUILD_SHARED_LIBS=OFF, install, find_package
#   tarball           unpack -DTARBALL=<the CPack TGZ>, move it, find_package and pkg-config
#   installed         find_package and pkg-config consumers against the system (a package)

cmake_minimum_required(VERSION 3.21)

foreach(var MODE SOURCE_DIR WORK VERSION_STRING)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "run.cmake: -D${var}=... is required")
    endif()
endforeach()
if(NOT GENERATOR)
    set(GENERATOR Ninja)
endif()
set(consumers ${CMAKE_CURRENT_LIST_DIR})

set(common_args -G ${GENERATOR} -DCMAKE_BUILD_TYPE=Debug
    -DSIGNALNOTIFIER_EXPECTED_VERSION_STRING=${VERSION_STRING})
if(CXX)
    list(APPEND common_args -DCMAKE_CXX_COMPILER=${CXX})
else()
    set(CXX c++)
endif()
if(QT6_DIR)
    list(APPEND common_args -DQt6_DIR=${QT6_DIR})
endif()

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/elsewhere)

function(run)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        string(REPLACE ";" " " line "${ARGN}")
        message(FATAL_ERROR "failed (${rc}): ${line}")
    endif()
endfunction()

# run_program(<program> [RESULT var] [ERROR var]): runs a consumer's program as a user
# would start it: from another directory, the loader told nothing (no LD_LIBRARY_PATH).
# Without RESULT, a failure ends the test.
function(run_program program)
    cmake_parse_arguments(ARG "" "RESULT;ERROR" "" ${ARGN})
    execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=LD_LIBRARY_PATH ${program}
        WORKING_DIRECTORY ${WORK}/elsewhere RESULT_VARIABLE rc ERROR_VARIABLE err)
    if(ARG_RESULT)
        set(${ARG_RESULT} ${rc} PARENT_SCOPE)
        set(${ARG_ERROR} "${err}" PARENT_SCOPE)
    elseif(NOT rc EQUAL 0)
        message(FATAL_ERROR "${program} failed (${rc}):\n${err}")
    else()
        message(STATUS "${program}: ok")
    endif()
endfunction()

# consumer(<name> <project dir> [ENV var=value...] [ARGS cmake args...]): configure, build, run.
function(consumer name dir)
    cmake_parse_arguments(ARG "" "" "ENV;ARGS" ${ARGN})
    message(STATUS "--- consumer ${name}")
    run(${CMAKE_COMMAND} -E env ${ARG_ENV}
        ${CMAKE_COMMAND} -S ${dir} -B ${WORK}/${name} ${common_args} ${ARG_ARGS})
    run(${CMAKE_COMMAND} --build ${WORK}/${name} -j 2)
    run_program(${WORK}/${name}/consumer)
endfunction()

# installed_consumer(<name> <project dir> [SHARED] [ARGS cmake args...]): a parent project
# that builds SignalNotifier itself (add_subdirectory, FetchContent) and installs its
# program: the installed program runs after the parent's build tree is deleted (issue 12,
# trap 4). Static (the default), the prefix has nothing of SignalNotifier's; SHARED, only
# the runtime library.
function(installed_consumer name dir)
    cmake_parse_arguments(ARG "SHARED" "" "ARGS" ${ARGN})
    consumer(${name} ${dir} ARGS ${ARG_ARGS})
    set(prefix ${WORK}/${name}-prefix)
    run(${CMAKE_COMMAND} --install ${WORK}/${name} --prefix ${prefix})
    file(REMOVE_RECURSE ${WORK}/${name})
    file(GLOB_RECURSE ours RELATIVE ${prefix} ${prefix}/*SignalNotifier* ${prefix}/*signalnotifier*)
    if(ARG_SHARED)
        list(FILTER ours EXCLUDE REGEX "/libSignalNotifier\\.so\\.[0-9.]+$")
        file(GLOB_RECURSE runtime ${prefix}/*/libSignalNotifier.so.*)
        if(NOT runtime)
            message(FATAL_ERROR "${name}: the parent's install has no libSignalNotifier.so.*")
        endif()
    endif()
    if(ours)
        message(FATAL_ERROR "${name}: the parent's install has more of SignalNotifier than its "
            "program needs: ${ours}")
    endif()
    run_program(${prefix}/bin/consumer)
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

# pkgconfig_by_hand(<pc dir> <shared|static|system>): the consumer built with the compiler
# and pkg-config alone, as the README's command line does. A shared library in a prefix
# the loader does not search: linked with the .pc's rpath_flags the program runs, linked
# without them it does not (so the rpath is what makes it run). From the system
# (/usr): no rpath needed.
function(pkgconfig_by_hand pcdir kind)
    message(STATUS "--- consumer pkgconfig by hand (${kind})")
    find_program(pkg_config NAMES pkg-config pkgconf REQUIRED)
    set(pc ${CMAKE_COMMAND} -E env PKG_CONFIG_PATH=${pcdir} ${pkg_config})
    set(static "")
    if(kind STREQUAL "static")
        set(static --static)
    endif()
    foreach(what cflags libs rpath_flags)
        if(what STREQUAL "rpath_flags")
            set(query --variable=rpath_flags)
        else()
            set(query --${what} ${static})
        endif()
        execute_process(COMMAND ${pc} ${query} signalnotifier
            RESULT_VARIABLE rc OUTPUT_VARIABLE out OUTPUT_STRIP_TRAILING_WHITESPACE)
        if(NOT rc EQUAL 0 OR (what STREQUAL "rpath_flags" AND NOT out MATCHES "^-Wl,-rpath,/"))
            message(FATAL_ERROR "pkg-config ${query} signalnotifier: '${out}' (${rc})")
        endif()
        separate_arguments(${what} UNIX_COMMAND "${out}")
    endforeach()
    set(dir ${WORK}/pkgconfig-by-hand)
    file(MAKE_DIRECTORY ${dir})
    foreach(source consumer version)
        run(${CXX} -std=c++17 -Wall -Wextra -Werror ${cflags}
            "-DSIGNALNOTIFIER_EXPECTED_VERSION_STRING=\"${VERSION_STRING}\""
            -c ${consumers}/${source}.cpp -o ${dir}/${source}.o)
    endforeach()
    if(kind STREQUAL "system")
        run(${CXX} ${dir}/consumer.o ${dir}/version.o -o ${dir}/consumer ${libs})
        run_program(${dir}/consumer)
        return()
    endif()
    run(${CXX} ${dir}/consumer.o ${dir}/version.o -o ${dir}/with-rpath ${libs} ${rpath_flags})
    run_program(${dir}/with-rpath)
    if(kind STREQUAL "shared")
        run(${CXX} ${dir}/consumer.o ${dir}/version.o -o ${dir}/without-rpath ${libs})
        run_program(${dir}/without-rpath RESULT rc ERROR err)
        if(rc EQUAL 0 OR NOT err MATCHES "libSignalNotifier\\.so")
            message(FATAL_ERROR "linked without rpath_flags, the program ran or failed for "
                "another reason (${rc}): the rpath check proves nothing here:\n${err}")
        endif()
        message(STATUS "without rpath_flags it does not start, as it should: ${err}")
    endif()
endfunction()

function(against_prefix prefix)
    consumer(find_package ${consumers}/find_package ARGS
        -DCMAKE_PREFIX_PATH=${prefix} -DSIGNALNOTIFIER_REQUIRED_VERSION=${VERSION})
    find_libdir(${prefix} pcdir)
    consumer(pkgconfig ${consumers}/pkgconfig ENV PKG_CONFIG_PATH=${pcdir}
        ARGS -DSIGNALNOTIFIER_REQUIRED_VERSION=${VERSION})
    get_filename_component(libdir ${pcdir} DIRECTORY)
    if(EXISTS ${libdir}/libSignalNotifier.so)
        pkgconfig_by_hand(${pcdir} shared)
    else()
        pkgconfig_by_hand(${pcdir} static)
    endif()
endfunction()

# The consumers and sigwatch, against an install tree that was moved after installing.
function(check_prefix prefix)
    against_prefix(${prefix})
    execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=LD_LIBRARY_PATH
        ${prefix}/bin/sigwatch --version WORKING_DIRECTORY ${WORK}/elsewhere
        RESULT_VARIABLE rc OUTPUT_VARIABLE out OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(NOT rc EQUAL 0 OR NOT out STREQUAL "sigwatch ${VERSION_STRING}")
        message(FATAL_ERROR "moved prefix: sigwatch --version gave '${out}' (${rc}), wanted 'sigwatch ${VERSION_STRING}'")
    endif()
    message(STATUS "moved prefix: ${out}")
endfunction()

if(MODE MATCHES "^(find_package|wrong_major|static|tarball|installed)$" AND NOT VERSION)
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
        if(rc EQUAL 0 OR NOT out MATCHES "SignalNotifierConfig.cmake, version: ${VERSION_STRING}")
            message(FATAL_ERROR "find_package(SignalNotifier ${next_major}.0) accepted ${VERSION_STRING}:\n${out}")
        endif()
        message(STATUS "find_package(SignalNotifier ${next_major}.0) refuses ${VERSION_STRING}, as it should")
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
    installed_consumer(add_subdirectory ${consumers}/add_subdirectory ARGS
        -DSIGNALNOTIFIER_SOURCE_DIR=${SOURCE_DIR})
elseif(MODE STREQUAL "add_subdirectory_shared")
    # The parent asks for static libraries of its own, and for SignalNotifier shared.
    installed_consumer(add_subdirectory_shared ${consumers}/add_subdirectory SHARED ARGS
        -DSIGNALNOTIFIER_SOURCE_DIR=${SOURCE_DIR} -DSIGNALNOTIFIER_SHARED=ON
        -DBUILD_SHARED_LIBS=OFF -DEXPECTED_LIBRARY_TYPE=SHARED_LIBRARY)
elseif(MODE STREQUAL "fetchcontent")
    # The parent's own libraries shared, SignalNotifier static all the same (and linked
    # into one of them).
    installed_consumer(fetchcontent ${consumers}/fetchcontent ARGS
        -DSIGNALNOTIFIER_SOURCE_DIR=${SOURCE_DIR} -DBUILD_SHARED_LIBS=ON)
elseif(MODE STREQUAL "fetchcontent_url")
    if(NOT EXISTS "${TARBALL}")
        message(FATAL_ERROR "run.cmake: -DTARBALL=<the source package> is required ('${TARBALL}')")
    endif()
    installed_consumer(fetchcontent_url ${consumers}/fetchcontent ARGS
        -DSIGNALNOTIFIER_URL=file://${TARBALL})
elseif(MODE STREQUAL "installed")
    consumer(find_package ${consumers}/find_package ARGS -DSIGNALNOTIFIER_REQUIRED_VERSION=${VERSION})
    consumer(pkgconfig ${consumers}/pkgconfig ARGS -DSIGNALNOTIFIER_REQUIRED_VERSION=${VERSION})
    pkgconfig_by_hand("" system)
else()
    message(FATAL_ERROR "run.cmake: unknown MODE '${MODE}'")
endif()
