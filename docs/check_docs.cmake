# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# cmake -DBUILD_DIR=<a build configured with SIGNALNOTIFIER_DOCS=ON> -DHEADERS=<src/SignalNotifier>
#       -P check_docs.cmake
# Builds the 'docs' target (Doxygen fails on any warning: an undocumented member of a
# documented class, a broken reference), then checks that every exported class has its
# page: a class without any documentation would otherwise be left out silently.

# Doxygen leaves pages of an earlier run behind: start from nothing.
file(REMOVE_RECURSE ${BUILD_DIR}/docs/html)
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target docs RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the docs target failed (Doxygen warnings are errors)")
endif()

file(GLOB headers ${HEADERS}/*.h)
set(missing "")
set(classes "")
foreach(h IN LISTS headers)
    file(STRINGS ${h} lines REGEX "^class SIGNALNOTIFIER_EXPORT [A-Za-z_]+")
    foreach(line IN LISTS lines)
        string(REGEX REPLACE "^class SIGNALNOTIFIER_EXPORT ([A-Za-z_]+).*" "\\1" class "${line}")
        list(APPEND classes ${class})
        if(NOT EXISTS ${BUILD_DIR}/docs/html/class${class}.html)
            string(APPEND missing " ${class}")
        endif()
    endforeach()
endforeach()
if(missing)
    message(FATAL_ERROR "exported classes without documentation (no \\class block):${missing}")
endif()
foreach(page getting-started threading migrating)
    if(NOT EXISTS ${BUILD_DIR}/docs/html/${page}.html)
        message(FATAL_ERROR "docs/${page}.md did not become a page")
    endif()
endforeach()
message(STATUS "API reference in ${BUILD_DIR}/docs/html: ${classes}")
