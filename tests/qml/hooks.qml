// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Run by tst_qml through qmlhost: every kind of hook QML can give, an inhibitor, and the
// state as properties. Each step prints a line that the test waits for.

import QtQml
import SignalNotifier

QtObject {
    id: root
    signal saveSettings()
    property var held: null

    property GracefulShutdown shutdown: GracefulShutdown {
        deadline: 15000
        onShutdownRequested: (request) => console.info("requested by " + request.signal.name
            + " from pid " + request.senderPid + ", shuttingDown " + shuttingDown
            + ", request " + root.shutdown.request.signal.name)
        onHookStarted: (name) => console.info("started " + name)
        onFinished: console.info("finished")
    }

    property Timer later: Timer {
        property var completion
        onTriggered: {
            console.info("hook: async done")
            completion.done()
        }
    }

    function command(line) {
        if (line === "release") {
            console.info("releasing, active " + held.active)
            held.release()
            console.info("released, active " + held.active)
        } else if (line === "exit normally") {
            shutdown.exitMode = GracefulShutdown.ExitNormally
            shutdown.exitCode = 7
            console.info("exit mode " + shutdown.exitMode)
        }
    }

    onSaveSettings: console.info("hook: signal")

    Component.onCompleted: {
        shutdown.addHook("signal", root.saveSettings, 5000, 1)
        shutdown.addHook("function", () => console.info("hook: function"))   // order 0: first
        shutdown.addAsyncHook("async", (completion) => {
            later.completion = completion
            later.start()
        }, 5000, 2)
        shutdown.addHook("throws", () => { throw new Error("boom") }, 5000, 3)
        shutdown.addHook("after the throw", () => console.info("hook: after the throw"), 5000, 4)
        shutdown.addHook("removed", () => console.info("hook: removed"), 5000, 5)
        console.info("removeHook " + shutdown.removeHook("removed"))
        shutdown.addHook("not a function", 42)
        held = shutdown.inhibit("the test holds it")
        console.info("ready, deadline " + shutdown.deadline + ", shuttingDown " + shutdown.shuttingDown
                     + ", error " + (shutdown.error === SignalError.NoError))
    }
}
