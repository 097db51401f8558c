// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Run by qmltestrunner against the installed QML module (packages.sh installed_qml and
// tgz_qml): `import SignalNotifier` is found where the package put it, its plugin loads
// with the installed library, and the types work. Signals themselves are tested in the
// dev build (tests/qml).

import QtQuick
import QtTest
import SignalNotifier

TestCase {
    name: "InstalledQml"

    SignalNotifier { id: notifier; watchedSignals: ["USR1", Signal.User2] }
    GracefulShutdown { id: shutdown; deadline: 3000 }

    function test_types() {
        compare(notifier.watchedSignals, ["SIGUSR1", "SIGUSR2"])
        compare(notifier.error, SignalError.NoError)
        compare(shutdown.deadline, 3000)
        compare(shutdown.error, SignalError.NoError)
        verify(!shutdown.shuttingDown)
    }
}
