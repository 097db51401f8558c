// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// sigwatch --list: what every signal does in sigwatch or in other processes.

#pragma once

#include "options.h"

// Reads every process first and prints only when all of them could be read: a PID that
// is gone is an error (ExitUsage) with nothing printed.
int runList(const Options &options);
