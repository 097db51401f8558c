// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// A library of the parent project's own (tests/consumers/common.cmake): whether it is
// built shared or static is the parent's BUILD_SHARED_LIBS' business alone.

int parentLibraryFunction()
{
    return 42;
}
