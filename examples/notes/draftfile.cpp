// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#include "draftfile.h"

#include "examplesupport.h"

#include <QtCore/qfile.h>
#include <QtCore/qloggingcategory.h>

Q_LOGGING_CATEGORY(lcNotes, "notes")

QString DraftFile::load() const
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    const QString text = QString::fromUtf8(file.readAll());
    qCInfo(lcNotes).nospace() << "draft restored (" << text.size() << " characters)";
    return text;
}

bool DraftFile::save(const QString &text) const
{
    QString error;
    if (!examples::saveFile(m_path, text.toUtf8(), &error)) {
        qCWarning(lcNotes, "draft not saved: %ls", qUtf16Printable(error));
        return false;
    }
    qCInfo(lcNotes).nospace() << "draft saved (" << text.size() << " characters)";
    return true;
}
