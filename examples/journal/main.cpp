// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// journal: a console program that records the lines typed on its standard input, saves
// them atomically when it is stopped (Ctrl-C, kill, terminal hangup) and resumes from the
// saved file on its next start.
//
//   journal [--file PATH] [--save-delay MS] [--deadline MS]
//
// Typed lines are entries; "!checkpoint" saves now, "!quit" (or end of input) stops.
// The file is written with QSaveFile: it is either the previous complete journal or the
// new complete one, never a mix, even when a second Ctrl-C cuts a save short.
// --save-delay makes saving slow on purpose (a pause after each entry), so a test (or a
// curious user) can send a signal while a save is in progress.

#include <SignalNotifier/GracefulShutdown>

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qcoreapplication.h>
#include <QtCore/qfile.h>
#include <QtCore/qsavefile.h>
#include <QtCore/qtimer.h>

#include <cstdio>
#include <functional>
#include <memory>
#include <thread>

using namespace SN;

namespace {

// One line on stdout, flushed at once: the reader may be a pipe.
void say(const QString &line)
{
    // One write per line: stderr is unbuffered, and a child may share the stream.
    std::fputs((line + QLatin1Char('\n')).toLocal8Bit().constData(), stdout);
    std::fflush(stdout);
}

void complain(const QString &line)
{
    // One write per line: stderr is unbuffered, and a child may share the stream.
    std::fputs(((QStringLiteral("journal: ") + line) + QLatin1Char('\n')).toLocal8Bit().constData(), stderr);
    std::fflush(stderr);
}

const QByteArray Header = "journal 1\n";

// The journal: entries in memory, saved as
//     journal 1
//     1 first entry
//     2 second entry
//     end 2
// The last line tells a complete file from a cut one.
class Journal : public QObject
{
public:
    Journal(QString path, int saveDelayMs) : m_path(std::move(path)), m_saveDelayMs(saveDelayMs) {}

    // Reads the saved journal; a missing file is an empty journal.
    bool load(QString *error)
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

    qsizetype size() const { return m_entries.size(); }

    void append(const QString &text)
    {
        m_entries.append(text);
        say(QStringLiteral("recorded %1: %2").arg(m_entries.size()).arg(text));
    }

    // Saves the journal as it is now; `done` runs when the file is committed (or the
    // save failed). A save asked for while one runs follows it.
    void save(std::function<void(bool)> done)
    {
        m_waiting.push_back(std::move(done));
        if (!m_file)
            startSave();
    }

private:
    void startSave()
    {
        m_file = std::make_unique<QSaveFile>(m_path);
        m_snapshot = m_entries;
        m_next = 0;
        m_batch = std::move(m_waiting);
        m_waiting.clear();
        say(QStringLiteral("saving %1 entries").arg(m_snapshot.size()));
        if (!m_file->open(QIODevice::WriteOnly)) {
            finishSave(false);
            return;
        }
        m_file->write(Header);
        writeSome();
    }

    // Writes one entry and pauses when a delay is set, everything at once otherwise.
    // The event loop keeps running during the pauses: a second signal is seen at once.
    void writeSome()
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

    void finishSave(bool ok)
    {
        if (ok)
            say(QStringLiteral("saved %1 entries").arg(m_snapshot.size()));
        else
            complain(QStringLiteral("cannot save %1: %2").arg(m_path, m_file->errorString()));
        m_file.reset();
        const auto batch = std::move(m_batch);
        m_batch.clear();
        for (const auto &done : batch)
            done(ok);
        if (!m_waiting.empty())
            startSave();
    }

    QString m_path;
    int m_saveDelayMs;
    QStringList m_entries;
    std::unique_ptr<QSaveFile> m_file;
    QStringList m_snapshot;
    qsizetype m_next = 0;
    std::vector<std::function<void(bool)>> m_batch;
    std::vector<std::function<void(bool)>> m_waiting;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("journal"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Records the lines typed on standard input; saves them when stopped, resumes on start."));
    parser.addHelpOption();
    const QCommandLineOption fileOption(QStringLiteral("file"),
        QStringLiteral("The journal file (default: journal.txt)."), QStringLiteral("path"),
        QStringLiteral("journal.txt"));
    const QCommandLineOption delayOption(QStringLiteral("save-delay"),
        QStringLiteral("Pause after each saved entry, to make saving slow (default: 0)."),
        QStringLiteral("ms"), QStringLiteral("0"));
    const QCommandLineOption deadlineOption(QStringLiteral("deadline"),
        QStringLiteral("How long stopping may take before exit is forced (default: 10000)."),
        QStringLiteral("ms"), QStringLiteral("10000"));
    parser.addOptions({fileOption, delayOption, deadlineOption});
    parser.process(app);

    bool delayOk = false;
    bool deadlineOk = false;
    const int saveDelay = parser.value(delayOption).toInt(&delayOk);
    const int deadline = parser.value(deadlineOption).toInt(&deadlineOk);
    if (!delayOk || saveDelay < 0 || !deadlineOk || deadline <= 0 || !parser.positionalArguments().isEmpty()) {
        complain(QStringLiteral("bad arguments; see journal --help"));
        return 2;
    }

    Journal journal(parser.value(fileOption), saveDelay);
    QString error;
    if (!journal.load(&error)) {
        complain(error + QStringLiteral(" (the file is left as it is)"));
        return 1;
    }

    // Ctrl-C, kill, terminal hangup (and console close, logoff, shutdown on Windows).
    GracefulShutdown shutdown;
    shutdown.setDeadline(std::chrono::milliseconds(deadline));
    shutdown.addAsyncHook(QStringLiteral("save journal"),
        [&journal](GracefulShutdown::Completion completion) {
            journal.save([completion](bool) { completion.done(); });
        },
        std::chrono::milliseconds(deadline));
    QObject::connect(&shutdown, &GracefulShutdown::shutdownRequested, &app,
        [](const SignalInfo &request) {
            say(request.isValid() ? QStringLiteral("stopping on ") + request.signal().name()
                                  : QStringLiteral("stopping"));
        });
    QObject::connect(&shutdown, &GracefulShutdown::forcingExit, &app,
        [](GracefulShutdown::ForceReason reason) {
            complain(reason == GracefulShutdown::SecondRequest
                         ? QStringLiteral("second request: exit forced, the last saved journal stays")
                         : QStringLiteral("deadline passed: exit forced, the last saved journal stays"));
        });

    // Standard input is read on its own thread (a blocking read works on every platform);
    // each line is handed to the main thread. The thread is left to end with the process.
    // It reads the descriptor, not std::cin: a thread blocked inside stdio holds the
    // stream's lock, and whatever flushes every stream at exit would wait for it.
    std::thread([&app, &journal, &shutdown] {
        QFile input;
        if (input.open(0, QIODevice::ReadOnly | QIODevice::Unbuffered)) {
            for (QByteArray line = input.readLine(); !line.isEmpty(); line = input.readLine()) {
                while (line.endsWith('\n') || line.endsWith('\r'))
                    line.chop(1);
                const QString text = QString::fromUtf8(line);
                QMetaObject::invokeMethod(&app, [text, &journal, &shutdown] {
                    if (shutdown.isShuttingDown()) {
                        complain(QStringLiteral("stopping: not recorded: ") + text);
                    } else if (text == QLatin1String("!quit")) {
                        shutdown.requestShutdown();
                    } else if (text == QLatin1String("!checkpoint")) {
                        // Do not stop while this file is being written.
                        auto inhibitor = std::make_shared<GracefulShutdown::Inhibitor>(
                            shutdown.inhibit(QStringLiteral("checkpoint")));
                        journal.save([inhibitor](bool) { inhibitor->release(); });
                    } else {
                        journal.append(text);
                    }
                });
            }
        }
        // End of input (Ctrl-D): stop as if asked, with status 0.
        QMetaObject::invokeMethod(&shutdown, &GracefulShutdown::requestShutdown);
    }).detach();

    say(QStringLiteral("journal: %1 entries, type a line to record it").arg(journal.size()));
    return shutdown.exec();
}
