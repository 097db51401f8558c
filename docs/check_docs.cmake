# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# cmake -DBUILD_DIR=<a build configured with SIGNALNOTIFIER_DOCS=ON> -DHEADERS=<src/SignalNotifier>
#       -P check_docs.cmake
# Builds the 'docs' target (Doxygen fails on any warning: an undocumented member of a
# documented class, namespace or property, a broken reference), then checks what Doxygen
# cannot: that every public class and struct of the headers, and every namespace they
# open, has its page (a class without any documentation would otherwise be left out
# silently), that the namespace's page lists its classes, that every Q_PROPERTY is listed,
# that Qt's classes link to Qt's documentation, that the README's guarantees are reachable
# from the main page, and that the Qt help file (.qch) was made and holds the pages.
#
# Page names come from Doxygen's tag file (GENERATE_TAGFILE, docs/Doxyfile.in), not from
# Doxygen's spelling of them (SN::Signal is classSN_1_1Signal.html today).

# Doxygen leaves pages of an earlier run behind: start from nothing.
file(REMOVE_RECURSE ${BUILD_DIR}/docs/html)
file(REMOVE ${BUILD_DIR}/docs/signalnotifier.tags)
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target docs RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the docs target failed (Doxygen warnings are errors)")
endif()
set(html ${BUILD_DIR}/docs/html)

# The pages Doxygen made: page_<kind>_<key> = file, for every class, struct and namespace;
# a key is the name with '.' for '::' (a variable reference cannot hold ':').
set(tags ${BUILD_DIR}/docs/signalnotifier.tags)
if(NOT EXISTS ${tags})
    message(FATAL_ERROR "no tag file ${tags} (GENERATE_TAGFILE in docs/Doxyfile.in)")
endif()
file(READ ${tags} tagtext)
string(REGEX MATCHALL
    "<compound kind=\"(class|struct|namespace)\"[^>]*>[ \t\r\n]*<name>[^<]+</name>[ \t\r\n]*<filename>[^<]+</filename>"
    compounds "${tagtext}")
foreach(c IN LISTS compounds)
    string(REGEX REPLACE ".*kind=\"([a-z]+)\".*<name>([^<]+)</name>.*<filename>([^<]+)</filename>.*"
        "\\1;\\2;\\3" parts "${c}")
    list(GET parts 0 kind)
    list(GET parts 1 name)
    list(GET parts 2 file)
    if(kind STREQUAL "struct")
        set(kind class)   # a struct is a class with public members
    endif()
    string(REPLACE "::" "." key "${name}")
    set(page_${kind}_${key} ${file})
endforeach()

# The public headers, read line by line: each namespace they open, each class or struct
# defined at namespace level (an exported class, or a plain struct such as SignalState),
# each exported class nested in one (GracefulShutdown::Completion), and each Q_PROPERTY of
# a namespace-level class. A line ending in ';' is a forward declaration.
file(GLOB headers ${HEADERS}/*.h)
set(namespaces "")
set(classes "")
foreach(h IN LISTS headers)
    file(STRINGS ${h} lines REGEX
        "^namespace [A-Za-z_]+|^}|^(class|struct) |^    class SIGNALNOTIFIER_EXPORT |^    Q_PROPERTY[(]")
    set(ns "")
    set(outer "")
    foreach(line IN LISTS lines)
        if(line MATCHES "^namespace ([A-Za-z_]+)")
            set(ns "${CMAKE_MATCH_1}::")
            list(APPEND namespaces ${CMAKE_MATCH_1})
        elseif(line MATCHES "^} // namespace")
            set(ns "")
        elseif(line MATCHES ";[ \t]*$")
            # forward declaration
        elseif(line MATCHES "^(class|struct) (SIGNALNOTIFIER_EXPORT )?([A-Za-z_]+)")
            set(outer "${ns}${CMAKE_MATCH_3}")
            list(APPEND classes ${outer})
        elseif(line MATCHES "^    class SIGNALNOTIFIER_EXPORT ([A-Za-z_]+)" AND outer)
            list(APPEND classes "${outer}::${CMAKE_MATCH_1}")
        elseif(line MATCHES "^    Q_PROPERTY[(].* ([A-Za-z_]+) (READ|MEMBER) " AND outer)
            string(REPLACE "::" "." key "${outer}")
            list(APPEND properties_${key} ${CMAKE_MATCH_1})
        endif()
    endforeach()
endforeach()
list(REMOVE_DUPLICATES namespaces)

set(missing "")
foreach(class IN LISTS classes)
    string(REPLACE "::" "." key "${class}")
    if(NOT DEFINED page_class_${key} OR NOT EXISTS ${html}/${page_class_${key}})
        string(APPEND missing " ${class}")
    endif()
endforeach()
if(missing)
    message(FATAL_ERROR "public classes without documentation (no \\class or \\struct block):${missing}")
endif()

# need <file> <regex> <what>: the file has a match
function(need file regex what)
    file(READ ${file} text)
    if(NOT text MATCHES "${regex}")
        message(FATAL_ERROR "${what}: ${file} has nothing that matches ${regex}")
    endif()
endfunction()

# Each namespace has its own page, and its own description ("what lives here",
# docs/namespace.dox) names every class in it: Doxygen's generated list of classes above
# the description would name them anyway, so only the description is searched.
foreach(ns IN LISTS namespaces)
    if(NOT DEFINED page_namespace_${ns} OR NOT EXISTS ${html}/${page_namespace_${ns}})
        message(FATAL_ERROR "namespace ${ns} has no page (no \\namespace block, docs/namespace.dox)")
    endif()
    set(nspage ${html}/${page_namespace_${ns}})
    file(READ ${nspage} text)
    string(FIND "${text}" "Detailed Description</h2>" from)
    if(from LESS 0)
        message(FATAL_ERROR "namespace ${ns}'s page has no description of its own: ${nspage}")
    endif()
    string(SUBSTRING "${text}" ${from} -1 text)
    string(FIND "${text}" "Documentation</h2>" to)   # the next section, if any
    string(SUBSTRING "${text}" 0 ${to} description)
    foreach(class IN LISTS classes)
        if(class MATCHES "^${ns}::[A-Za-z_]+$")
            string(REPLACE "::" "." key "${class}")
            string(REPLACE "." "[.]" file_re "${page_class_${key}}")
            if(NOT description MATCHES "href=\"${file_re}\"")
                message(FATAL_ERROR "namespace ${ns}'s description (docs/namespace.dox) does not "
                    "name ${class}: say what it is in the table there")
            endif()
        endif()
    endforeach()
endforeach()

foreach(page getting-started threading migrating services)
    if(NOT EXISTS ${html}/${page}.html)
        message(FATAL_ERROR "docs/${page}.md did not become a page")
    endif()
endforeach()

# Q_PROPERTY is read, not defined away: every property is listed (and, Doxygen's warnings
# say, documented) on its class's page.
foreach(class IN LISTS classes)
    string(REPLACE "::" "." key "${class}")
    foreach(property IN LISTS properties_${key})
        need(${html}/${page_class_${key}} "Properties</h2>.*<b>${property}</b></td>"
            "property ${class}::${property}")
    endforeach()
endforeach()
if(NOT properties_SN.SignalNotifier OR NOT properties_SN.SignalInfo)
    message(FATAL_ERROR "no Q_PROPERTY found in ${HEADERS}: the header reading above is broken")
endif()

set(notifier_page ${page_class_SN.SignalNotifier})
# Qt's classes link to Qt's own pages (the tag file, docs/CMakeLists.txt).
need(${html}/${notifier_page} "href=\"https://doc[.]qt[.]io/qt-6/qobject[.]html\"" "link to QObject")
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
string(REPLACE "." "\\." notifier_re "${notifier_page}")
file(STRINGS ${qch} pages REGEX "${notifier_re}|md_README\\.html")
if(NOT pages MATCHES "${notifier_re}" OR NOT pages MATCHES "md_README\\.html")
    message(FATAL_ERROR "${qch} lacks the class or README pages")
endif()
message(STATUS "API reference in ${html} and ${qch}: namespace ${namespaces}: ${classes}")
