# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# cmake -DBUILD_DIR=<a build configured with SIGNALNOTIFIER_DOCS=ON> -DHEADERS=<src/SignalNotifier>
#       -P check_docs.cmake
# Builds the 'docs' target (Doxygen fails on any warning: an undocumented member of a
# documented class or property, a broken reference), then checks that every exported
# class has its page (a class without any documentation would otherwise be left out
# silently), that properties are listed, that Qt's classes link to Qt's documentation,
# that the README's guarantees are reachable from the main page, and that the Qt help
# file (.qch) was made and holds the pages.

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

# need <file> <regex> <what>: the file has a match
function(need file regex what)
    file(READ ${file} text)
    if(NOT text MATCHES "${regex}")
        message(FATAL_ERROR "${what}: ${file} has nothing that matches ${regex}")
    endif()
endfunction()
set(html ${BUILD_DIR}/docs/html)
# Q_PROPERTY is read, not defined away: every property is listed and documented.
foreach(property watchedSignals enabled singleShot overrideIgnored error)
    need(${html}/classSignalNotifier.html "Properties</h2>.*<b>${property}</b>" "property ${property}")
endforeach()
need(${html}/classSignalInfo.html "Properties</h2>.*<b>senderPid</b>" "SignalInfo's properties")
# Qt's classes link to Qt's own pages (the tag file, docs/CMakeLists.txt).
need(${html}/classSignalNotifier.html "href=\"https://doc[.]qt[.]io/qt-6/qobject[.]html\"" "link to QObject")
# The guarantees: the README is a page, and the main page links to it.
need(${html}/md_README.html "What it guarantees" "the README page")
need(${html}/index.html "href=\"md_README[.]html\"" "the main page's link to the README")
# The Qt help file: an SQLite database (qhelpgenerator) with the pages in it.
set(qch ${BUILD_DIR}/docs/signalnotifier.qch)
if(NOT EXISTS ${qch})
    message(FATAL_ERROR "no Qt help file ${qch}")
endif()
file(READ ${qch} magic LIMIT 16 HEX)
if(NOT magic STREQUAL "53514c69746520666f726d6174203300")   # "SQLite format 3\0"
    message(FATAL_ERROR "${qch} is not a Qt help file (it starts with the bytes ${magic})")
endif()
file(STRINGS ${qch} pages REGEX "classSignalNotifier\\.html|md_README\\.html")
if(NOT pages MATCHES "classSignalNotifier\\.html" OR NOT pages MATCHES "md_README\\.html")
    message(FATAL_ERROR "${qch} lacks the class or README pages")
endif()
message(STATUS "API reference in ${BUILD_DIR}/docs/html and ${qch}: ${classes}")
