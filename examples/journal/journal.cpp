// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#include "journal.h"

#include "examplesupport.h"

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qcoreapplication.h>
#include <QtCore/qfile.h>
#include <QtCore/qsavefile.h>
#include <QtCore/qtimer.h>

#include <cstdlib>

namespace {

const QByteArray Header = "journal 1\n";

} // namespace

Options Options::parse(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Records the lines typed on standard input; saves them when stopped, resumes on start."));
    parser.addHelpOption();
    const QCommandLineOption file(QStringLiteral("file"),
        QStringLiteral("The journal file (default: journal.txt)."), QStringLiteral("path"),
        QStringLiteral("journal.txt"));
    const QCommandLineOption delay(QStringLiteral("save-delay"),
        QStringLiteral("Pause after each saved entry, to make saving slow (default: 0)."),
        QStringLiteral("ms"), QStringLiteral("0"));
    const QCommandLineOption deadline(QStringLiteral("deadline"),
        QStringLiteral("How long stopping may take before exit is forced (default: 10000)."),
        QStringLiteral("ms"), QStringLiteral("10000"));
    parser.addOptions({file, delay, deadline});
    parser.process(app);
    const Options options{parser.value(file), examples::milliseconds(parser, delay),
                          examples::milliseconds(parser, deadline)};
    if (options.saveDelay < 0 || options.deadline <= 0 || !parser.positionalArguments().isEmpty()) {
        qCCritical(lcJournal, "bad arguments; see journal --help");
        std::exit(2);
    }
    return options;
}

Journal::Journal(QString path, int saveDelayMs) : m_path(std::move(path)), m_saveDelayMs(saveDelayMs) {}

Journal::~Journal() = default;

bool Journal::load(QString *error)
{
    QFile file(m_path);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        *error = m_path + QStringLiteral(": ") + file.errorString();
        return false;
    }
    QList<QByteArray> lines = file.readAll().split('\n');
    // A complete file ends with a newline: split() leaves an empty last piece.
    const bool newlineAtEnd = lines.size() > 1 && lines.last().isEmpty();
    if (newlineAtEnd)
        lines.removeLast();
    auto bad = [&](qsizetype line, const QString &why) {
        *error = QStringLiteral("%1:%2: %3").arg(m_path).arg(line + 1).arg(why);
        return false;
    };
    if (lines.isEmpty() || lines.first() + '\n' != Header)
        return bad(0, QStringLiteral("not a journal (first line is not \"journal 1\")"));
    QStringList entries;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        const qsizetype space = line.indexOf(' ');
        bool ok = false;
        const qsizetype number = space > 0 ? line.left(space).toLongLong(&ok) : 0;
        if (line.startsWith("end ")) {
            if (line.mid(4).toLongLong(&ok) != entries.size() || !ok)
                return bad(i, QStringLiteral("the end line does not match the entries"));
            if (i + 1 != lines.size())
                return bad(i + 1, QStringLiteral("text after the end line"));
            if (!newlineAtEnd)
                return bad(i, QStringLiteral("cut short: the end line is incomplete"));
            m_entries = entries;
            return true;
        }
        if (!ok || number != entries.size() + 1)
            return bad(i, QStringLiteral("expected entry %1").arg(entries.size() + 1));
        entries.append(QString::fromUtf8(line.mid(space + 1)));
    }
    return bad(lines.size(), QStringLiteral("cut short: no end line"));
}

void Journal::append(const QString &text)
{
    m_entries.append(text);
    qCInfo(lcJournal).noquote() << QStringLiteral("recorded %1: %2").arg(m_entries.size()).arg(text);
}

void Journal::save(std::function<void(bool)> done)
{
    m_waiting.push_back(std::move(done));
    if (!m_file)
        startSave();
}

void Journal::startSave()
{
    m_file = std::make_unique<QSaveFile>(m_path);
    m_snapshot = m_entries;
    m_next = 0;
    m_batch = std::move(m_waiting);
    m_waiting.clear();
    qCInfo(lcJournal) << "saving" << m_snapshot.size() << "entries";
    if (!m_file->open(QIODevice::WriteOnly)) {
        finishSave(false);
        return;
    }
    m_file->write(Header);
    writeSome();
}

// Writes one entry and pauses when a delay is set, everything at once otherwise.
void Journal::writeSome()
{
    while (m_next < m_snapshot.size()) {
        const qsizetype n = m_next++;
        m_file->write(QByteArray::number(n + 1) + ' ' + m_snapshot.at(n).toUtf8() + '\n');
        if (m_saveDelayMs > 0) {
            QTimer::singleShot(m_saveDelayMs, this, [this] { writeSome(); });
            return;
        }
    }
    m_file->write("end " + QByteArray::number(m_snapshot.size()) + '\n');
    // commit() flushes, syncs and renames over the old file in one step.
    finishSave(m_file->commit());
}

void Journal::finishSave(bool ok)
{
    if (ok)
        qCInfo(lcJournal) << "saved" << m_snapshot.size() << "entries";
    else
        qCWarning(lcJournal).noquote() << QStringLiteral("cannot save %1: %2").arg(m_path, m_file->errorString());
    m_file.reset();
    const auto batch = std::move(m_batch);
    m_batch.clear();
    for (const auto &done : batch)
        done(ok);
    if (!m_waiting.empty())
        startSave();
}
