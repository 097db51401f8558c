// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#pragma once

#include <QtCore/qloggingcategory.h>
#include <QtWidgets/qmainwindow.h>

class QLabel;
class QPlainTextEdit;
class QWidget;

Q_DECLARE_LOGGING_CATEGORY(lcEditor)

// A plain-text editor that never loses unsaved text: saveDraft() writes it beside the
// document, and a draft found on start is offered back.
class EditorWindow : public QMainWindow
{
    Q_OBJECT
public:
    EditorWindow(QString documentPath, QString draftPath);

    // Writes the unsaved text to the draft file (atomically); does nothing when every
    // change is saved. Returns false, after saying why, when the draft cannot be written.
    bool saveDraft();
    // Shows the "restore the draft?" bar when a draft exists and differs from the document.
    void offerDraft();
    void insertText(const QString &text);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void saveDocument();
    void restoreDraft();
    void discardDraft();
    void report(const QString &message);

    QString m_documentPath;
    QString m_draftPath;
    QPlainTextEdit *m_text = nullptr;
    QWidget *m_draftBar = nullptr;
    QLabel *m_draftLabel = nullptr;
    QString m_draft;
};
