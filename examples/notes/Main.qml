// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

import QtQuick
import SignalNotifier
import Notes

Window {
    id: window
    required property string draftPath
    required property string inserted
    width: 560; height: 320; visible: true
    title: qsTr("Notes")

    DraftFile { id: draft; path: window.draftPath }

    // SIGTERM, SIGINT, SIGHUP; on Windows also console close, logoff and shutdown.
    GracefulShutdown {
        id: shutdown
        deadline: 5000
        onShutdownRequested: (request) => status.text = qsTr("%1 from pid %2: saving the draft")
                                                          .arg(request.signal.name).arg(request.senderPid)
        Component.onCompleted: addHook("save draft", () => draft.save(editor.text))
    }

    TextEdit {
        id: editor
        anchors { fill: parent; margins: 12; bottomMargin: 36 }
        font.pixelSize: 17
        wrapMode: TextEdit.Wrap
        focus: true
        onTextChanged: status.text = qsTr("%1 characters").arg(length)
    }

    Rectangle {
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: 28; color: "#eef1f5"
        Text { id: status; anchors { fill: parent; leftMargin: 12 } verticalAlignment: Text.AlignVCenter }
    }

    Component.onCompleted: {
        const kept = draft.load()
        editor.text = kept + inserted
        if (kept.length > 0)
            status.text = qsTr("Draft restored: %1 characters").arg(kept.length)
        console.info(editor.length + " characters, ready")
    }
}
