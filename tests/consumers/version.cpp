// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Compiled into every consumer: the version the headers say is the one the build system
// reported (find_package's SignalNotifier_VERSION, pkg-config --modversion, or the
// library's own CMake), pre-release label included, and its numbers are the same version.

#include <SignalNotifier/SignalNotifier>

#include <string_view>

#define CONSUMER_STR(x) #x
#define CONSUMER_XSTR(x) CONSUMER_STR(x)

constexpr std::string_view headers(SIGNALNOTIFIER_VERSION_STRING);
constexpr std::string_view numbers(CONSUMER_XSTR(SIGNALNOTIFIER_VERSION_MAJOR) "."
                                   CONSUMER_XSTR(SIGNALNOTIFIER_VERSION_MINOR) "."
                                   CONSUMER_XSTR(SIGNALNOTIFIER_VERSION_PATCH));
constexpr std::string_view suffix(SIGNALNOTIFIER_VERSION_SUFFIX);

static_assert(headers == std::string_view(SIGNALNOTIFIER_EXPECTED_VERSION_STRING),
              "SIGNALNOTIFIER_VERSION_STRING is not the version the build system reported");
static_assert(headers.substr(0, numbers.size()) == numbers,
              "SIGNALNOTIFIER_VERSION_STRING does not start with MAJOR.MINOR.PATCH");
static_assert(suffix.empty() ? headers.size() == numbers.size()
                             : headers.size() == numbers.size() + 1 + suffix.size()
                                   && headers[numbers.size()] == '-'
                                   && headers.substr(numbers.size() + 1) == suffix,
              "SIGNALNOTIFIER_VERSION_STRING is not MAJOR.MINOR.PATCH[-SUFFIX]");
