// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#pragma once

#include <QtCore/qobject.h>
#include <QtQml/qqml.h>

// The draft on disk, for Main.qml: read at start, written with QSaveFile when the
// program is stopped, so that a kill while writing leaves the old draft or the new one.
class DraftFile : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString path MEMBER m_path NOTIFY pathChanged)
public:
    using QObject::QObject;
    Q_INVOKABLE QString load() const;
    Q_INVOKABLE bool save(const QString &text) const;

Q_SIGNALS:
    void pathChanged();

private:
    QString m_path;
};
