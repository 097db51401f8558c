// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#include "editorwindow.h"

#include "examplesupport.h"

#include <QtCore/qdir.h>
#include <QtCore/qfile.h>
#include <QtCore/qfileinfo.h>
#include <QtGui/qaction.h>
#include <QtGui/qevent.h>
#include <QtGui/qkeysequence.h>
#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qmenubar.h>
#include <QtWidgets/qplaintextedit.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qstatusbar.h>

Q_LOGGING_CATEGORY(lcEditor, "editor")

namespace {

QString readText(const QString &path, bool *ok = nullptr)
{
    QFile file(path);
    const bool opened = file.open(QIODevice::ReadOnly);
    if (ok)
        *ok = opened;
    return opened ? QString::fromUtf8(file.readAll()) : QString();
}

} // namespace

EditorWindow::EditorWindow(QString documentPath, QString draftPath)
    : m_documentPath(std::move(documentPath)), m_draftPath(std::move(draftPath))
{
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);

    m_draftBar = new QWidget(central);
    auto *barLayout = new QHBoxLayout(m_draftBar);
    m_draftLabel = new QLabel(m_draftBar);
    auto *restore = new QPushButton(tr("&Restore draft"), m_draftBar);
    auto *discard = new QPushButton(tr("&Discard"), m_draftBar);
    barLayout->addWidget(m_draftLabel, 1);
    barLayout->addWidget(restore);
    barLayout->addWidget(discard);
    m_draftBar->setStyleSheet(QStringLiteral("background: #fff4c2;"));
    m_draftBar->hide();
    connect(restore, &QPushButton::clicked, this, &EditorWindow::restoreDraft);
    connect(discard, &QPushButton::clicked, this, &EditorWindow::discardDraft);

    m_text = new QPlainTextEdit(central);
    layout->addWidget(m_draftBar);
    layout->addWidget(m_text, 1);
    setCentralWidget(central);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Save"), QKeySequence::Save, this, &EditorWindow::saveDocument);
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    m_text->setPlainText(readText(m_documentPath));
    m_text->document()->setModified(false);
    connect(m_text->document(), &QTextDocument::modificationChanged, this, &QWidget::setWindowModified);
    connect(m_text, &QPlainTextEdit::textChanged, this, [this] {
        report(tr("%1 characters").arg(int(m_text->toPlainText().size())));
    });
    setWindowTitle(tr("Editor - %1[*]").arg(QFileInfo(m_documentPath).fileName()));
    resize(640, 360);
    m_text->setFocus();
}

bool EditorWindow::saveDraft()
{
    if (!m_text->document()->isModified())
        return true;
    QString error;
    if (!examples::saveFile(m_draftPath, m_text->toPlainText().toUtf8(), &error)) {
        report(tr("cannot save the draft: %1").arg(error));
        return false;
    }
    report(tr("draft saved (%1 characters)").arg(int(m_text->toPlainText().size())));
    return true;
}

void EditorWindow::offerDraft()
{
    bool ok = false;
    m_draft = readText(m_draftPath, &ok);
    if (!ok || m_draft == m_text->toPlainText())
        return;
    m_draftLabel->setText(tr("Unsaved text from an earlier session was kept (%1 characters).").arg(int(m_draft.size())));
    m_draftBar->show();
    report(tr("draft offered (%1 characters)").arg(int(m_draft.size())));
}

void EditorWindow::insertText(const QString &text)
{
    m_text->moveCursor(QTextCursor::End);
    m_text->insertPlainText(text);
}

void EditorWindow::closeEvent(QCloseEvent *event)
{
    // Closing with unsaved text keeps it as a draft rather than asking.
    if (!saveDraft()) {
        event->ignore();
        return;
    }
    event->accept();
}

void EditorWindow::saveDocument()
{
    QString error;
    if (!examples::saveFile(m_documentPath, m_text->toPlainText().toUtf8(), &error)) {
        report(tr("cannot save: %1").arg(error));
        return;
    }
    m_text->document()->setModified(false);
    QFile::remove(m_draftPath);
    m_draftBar->hide();
    report(tr("saved %1").arg(m_documentPath));
}

void EditorWindow::restoreDraft()
{
    m_text->setPlainText(m_draft);
    // Restored text is still unsaved: it stays a draft until saved.
    m_text->document()->setModified(true);
    m_draftBar->hide();
    m_text->setFocus();
    report(tr("draft restored (%1 characters)").arg(int(m_draft.size())));
}

void EditorWindow::discardDraft()
{
    QFile::remove(m_draftPath);
    m_draftBar->hide();
    m_text->setFocus();
    report(tr("draft discarded"));
}

// The status bar, and the log for whoever started the editor from a terminal.
void EditorWindow::report(const QString &message)
{
    statusBar()->showMessage(message);
    qCInfo(lcEditor).noquote() << message;
}
