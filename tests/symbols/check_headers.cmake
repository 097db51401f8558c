# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# cmake -DHEADERS=<src/SignalNotifier> -P check_headers.cmake
# Every exported class has a forwarding header of its own name that includes its header,
# and no private header (*_p.h) sits among the public ones (they are all installed).

file(GLOB headers RELATIVE ${HEADERS} ${HEADERS}/*.h)
set(bad "")
set(classes "")
foreach(h IN LISTS headers)
    if(h MATCHES "_p\\.h$")
        string(APPEND bad "private header among the public ones: ${h}\n")
        continue()
    endif()
    file(STRINGS ${HEADERS}/${h} lines REGEX "^class SIGNALNOTIFIER_EXPORT [A-Za-z_]+")
    foreach(line IN LISTS lines)
        string(REGEX REPLACE "^class SIGNALNOTIFIER_EXPORT ([A-Za-z_]+).*" "\\1" class "${line}")
        list(APPEND classes ${class})
        if(NOT EXISTS ${HEADERS}/${class})
            string(APPEND bad "no forwarding header ${class} for ${h}\n")
            continue()
        endif()
        file(READ ${HEADERS}/${class} forward)
        if(NOT forward MATCHES "#include \"${h}\"|#include <SignalNotifier/${h}>")
            string(APPEND bad "forwarding header ${class} does not include ${h}\n")
        endif()
    endforeach()
endforeach()
if(bad)
    message(FATAL_ERROR "${bad}")
endif()
list(LENGTH classes n)
message(STATUS "${n} public classes, each with its forwarding header: ${classes}")
