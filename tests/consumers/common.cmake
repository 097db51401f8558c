# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# What every consumer project shares (include()d after its project()):
#   consumer_app(<target to link>)   the program: consumer.cpp, and version.cpp, which
#                                    fails to compile unless the headers' version is
#                                    SIGNALNOTIFIER_EXPECTED_VERSION_STRING (the one
#                                    find_package, pkg-config or the test driver reported)
#   parent_settings_before()         a parent project's BUILD_SHARED_LIBS, remembered ...
#   parent_settings_after()          ... and found unchanged after add_subdirectory or
#                                    FetchContent (issue 12, trap 4); a library of the
#                                    parent's own, which links SignalNotifier, is still of
#                                    the kind it asked for; SignalNotifier is of the kind
#                                    EXPECTED_LIBRARY_TYPE says (static unless asked)

set(EXPECTED_LIBRARY_TYPE "STATIC_LIBRARY" CACHE STRING "What SignalNotifier must build as (a parent)")
set(SIGNALNOTIFIER_EXPECTED_VERSION_STRING "" CACHE STRING
    "The version string the headers must say (SIGNALNOTIFIER_VERSION_STRING)")

function(consumer_app library)
    if(NOT SIGNALNOTIFIER_EXPECTED_VERSION_STRING)
        message(FATAL_ERROR "-DSIGNALNOTIFIER_EXPECTED_VERSION_STRING=... is required")
    endif()
    add_executable(consumer ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/consumer.cpp
        ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/version.cpp)
    target_compile_features(consumer PRIVATE cxx_std_17)
    target_link_libraries(consumer PRIVATE ${library})
    target_compile_definitions(consumer PRIVATE
        "SIGNALNOTIFIER_EXPECTED_VERSION_STRING=\"${SIGNALNOTIFIER_EXPECTED_VERSION_STRING}\"")
    if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
        target_compile_options(consumer PRIVATE -Wall -Wextra -Werror)
    endif()
endfunction()

# BUILD_SHARED_LIBS as a normal variable and as a cache entry, defined or not.
function(build_shared_libs_state out)
    set(state "variable:")
    if(DEFINED BUILD_SHARED_LIBS)
        string(APPEND state "${BUILD_SHARED_LIBS}")
    else()
        string(APPEND state "<undefined>")
    endif()
    string(APPEND state " cache:")
    if(DEFINED CACHE{BUILD_SHARED_LIBS})
        get_property(value CACHE BUILD_SHARED_LIBS PROPERTY VALUE)
        string(APPEND state "${value}")
    else()
        string(APPEND state "<undefined>")
    endif()
    set(${out} "${state}" PARENT_SCOPE)
endfunction()

macro(parent_settings_before)
    build_shared_libs_state(parent_build_shared_libs_before)
endmacro()

function(parent_settings_after)
    build_shared_libs_state(after)
    if(NOT after STREQUAL parent_build_shared_libs_before)
        message(FATAL_ERROR "SignalNotifier changed the parent's BUILD_SHARED_LIBS: "
            "before ${parent_build_shared_libs_before}, after ${after}")
    endif()
    # The parent's own library, of the kind its BUILD_SHARED_LIBS asks for. It links
    # SignalNotifier: a shared one of the parent's links the static SignalNotifier (PIC).
    add_library(parentlib ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/parentlib.cpp)
    target_link_libraries(parentlib PRIVATE SignalNotifier::SignalNotifier)
    get_target_property(type parentlib TYPE)
    if(BUILD_SHARED_LIBS)
        set(wanted SHARED_LIBRARY)
    else()
        set(wanted STATIC_LIBRARY)
    endif()
    if(NOT type STREQUAL wanted)
        message(FATAL_ERROR "the parent's own library is ${type}, its BUILD_SHARED_LIBS "
            "(${after}) asks for ${wanted}")
    endif()
    get_target_property(ours SignalNotifier TYPE)
    if(NOT ours STREQUAL EXPECTED_LIBRARY_TYPE)
        message(FATAL_ERROR "SignalNotifier as a subproject is ${ours}, wanted ${EXPECTED_LIBRARY_TYPE}")
    endif()
    message(STATUS "parent's BUILD_SHARED_LIBS unchanged (${after}); its own library is "
        "${type}, SignalNotifier ${ours}")
endfunction()
