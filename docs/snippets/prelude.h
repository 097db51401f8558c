// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Put before every ```cpp block of the README and docs/ that has no #include of its own
// (see README.md beside this file): what a reader's file would include anyway.

#pragma once

#include <SignalNotifier/GracefulShutdown>
#include <SignalNotifier/ProcessStopper>
#include <SignalNotifier/Session>
#include <SignalNotifier/Signal>
#include <SignalNotifier/SignalInfo>
#include <SignalNotifier/SignalNotifier>

#include <QtCore/QCoreApplication>
#include <QtCore/QDebug>
#include <QtCore/QProcess>
#include <QtCore/QSocketNotifier>
#include <QtCore/QThread>

#include <chrono>
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

using namespace SN;
