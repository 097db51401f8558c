// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// A library of the parent project's own (tests/consumers/common.cmake): whether it is
// built shared or static is the parent's BUILD_SHARED_LIBS' business alone. It uses
// SignalNotifier, so a shared one links the static SignalNotifier into itself.

#include <SignalNotifier/Signal>

int parentLibraryFunction();

int parentLibraryFunction()
{
    return SN::Signal(SN::Signal::User1).number();
}
