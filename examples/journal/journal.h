// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The journal file and the command line: what main.cpp needs and does not teach.

#pragma once

#include <QtCore/qloggingcategory.h>
#include <QtCore/qobject.h>
#include <QtCore/qstringlist.h>

#include <functional>
#include <memory>
#include <vector>

class QCoreApplication;
class QSaveFile;

Q_DECLARE_LOGGING_CATEGORY(lcJournal)

// journal [--file PATH] [--save-delay MS] [--deadline MS]; exits 2 on anything else.
struct Options
{
    QString path;
    int saveDelay = 0;   // ms
    int deadline = 0;    // ms

    static Options parse(const QCoreApplication &app);
};

// The entries in memory, saved as
//     journal 1
//     1 first entry
//     2 second entry
//     end 2
// The last line tells a complete file from a cut one. Saved with QSaveFile: the file is
// either the previous complete journal or the new one, never a mix, even when a second
// Ctrl-C cuts a save short.
class Journal : public QObject
{
public:
    Journal(QString path, int saveDelayMs);
    ~Journal() override;

    // Reads the saved journal; a missing file is an empty journal.
    bool load(QString *error);
    qsizetype size() const { return m_entries.size(); }
    void append(const QString &text);

    // Saves the journal as it is now; `done` runs when the file is committed (or the save
    // failed). A save asked for while one runs follows it. With a save delay, the save
    // pauses after each entry (the event loop runs meanwhile), so that a signal can come
    // while a save is in progress.
    void save(std::function<void(bool)> done);

private:
    void startSave();
    void writeSome();
    void finishSave(bool ok);

    QString m_path;
    int m_saveDelayMs;
    QStringList m_entries;
    std::unique_ptr<QSaveFile> m_file;
    QStringList m_snapshot;
    qsizetype m_next = 0;
    std::vector<std::function<void(bool)>> m_batch;
    std::vector<std::function<void(bool)>> m_waiting;
};
