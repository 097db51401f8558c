# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# Cross-compiling for 64-bit Windows with Debian's mingw-w64 (posix threads variant, which
# Qt needs). Used for the mingw Qt itself (scripts/windows/build-qt.sh) and, chain-loaded
# by Qt's qt.toolchain.cmake, for SignalNotifier (scripts/stages/windows.sh).

set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(SIGNALNOTIFIER_MINGW_TRIPLE x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${SIGNALNOTIFIER_MINGW_TRIPLE}-gcc-posix)
set(CMAKE_CXX_COMPILER ${SIGNALNOTIFIER_MINGW_TRIPLE}-g++-posix)
set(CMAKE_RC_COMPILER ${SIGNALNOTIFIER_MINGW_TRIPLE}-windres)

set(CMAKE_FIND_ROOT_PATH /usr/${SIGNALNOTIFIER_MINGW_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
