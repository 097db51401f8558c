// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#include "list.h"

#include "output.h"
#include "procinfo.h"

#include <SignalNotifier/Signal>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>

#include <algorithm>

using namespace SN;

namespace {

struct Row
{
    Signal signal;
    QString action;
    QString blocked;   // "yes" (every thread), "no" (none), "some"
    bool pending = false;
};

struct Listing
{
    qint64 pid = 0;
    std::optional<QString> name;
    std::optional<QList<ThreadMasks>> threads;
    bool threadsDiffer = false;
    QList<Row> rows;   // filtered
};

QString actionName(Signal::Disposition disposition, bool otherProcess)
{
    switch (disposition) {
    case Signal::Default: return QStringLiteral("default");
    case Signal::Ignored: return QStringLiteral("ignored");
    case Signal::Watched: return QStringLiteral("watched");
    case Signal::Handled: return otherProcess ? QStringLiteral("caught") : QStringLiteral("handled");
    case Signal::Unavailable: break;
    }
    return QStringLiteral("unavailable");
}

// The bit of `signal` in a /proc mask; 0 for what a 64-bit mask does not hold.
quint64 maskBit(Signal signal)
{
    const int n = signal.number();
    return n >= 1 && n <= 64 ? quint64(1) << (n - 1) : 0;
}

QStringList namesIn(quint64 mask)
{
    QStringList names;
    for (Signal s : Signal::validSignals()) {
        if (mask & maskBit(s))
            names.append(s.name());
    }
    return names;
}

// For people: "none", "every signal" (all that can be blocked), or the short names.
QString describeMask(quint64 mask)
{
    const QStringList names = namesIn(mask);
    if (names.isEmpty())
        return QStringLiteral("none");
    const qsizetype blockable = Signal::validSignals().size() - 2;   // not KILL, STOP
    if (names.size() >= blockable)
        return QStringLiteral("every signal");
    QStringList shortNames;
    for (Signal s : Signal::validSignals()) {
        if (mask & maskBit(s))
            shortNames.append(s.shortName());
    }
    return shortNames.join(QLatin1Char(' '));
}

bool shown(const Options &options, const Row &row)
{
    if (!options.only.isEmpty() && !options.only.contains(row.signal))
        return false;
    if (!(options.caught || options.ignored || options.blocked || options.pending))
        return true;
    const bool caught = row.action == QLatin1String("caught") || row.action == QLatin1String("handled")
        || row.action == QLatin1String("watched");
    return (options.caught && caught) || (options.ignored && row.action == QLatin1String("ignored"))
        || (options.blocked && row.blocked != QLatin1String("no")) || (options.pending && row.pending);
}

// Reads one process; on failure writes the one error line and returns the exit code.
std::optional<int> read(const Options &options, qint64 pid, Listing *out)
{
    const qint64 self = QCoreApplication::applicationPid();
    const bool other = pid != self;
    Error error;
    const QList<SignalState> states = Signal::processState(other ? pid : 0, &error);
    if (states.isEmpty()) {
        // A PID given is checked like the rest of the command line: all or nothing.
        if (error.code() == Error::NoSuchProcess) {
            writeError(QStringLiteral("no process with pid %1").arg(pid));
            return ExitUsage;
        }
        writeError(QStringLiteral("cannot list the signals of pid %1: %2").arg(pid).arg(error.text()));
        return ExitFailure;
    }
    out->pid = pid;
    out->name = processName(pid);
    if (!out->name && !other)
        out->name = QCoreApplication::applicationName();
    out->threads = threadMasks(pid);
    if (out->threads) {
        const ThreadMasks &first = out->threads->constFirst();
        out->threadsDiffer = std::any_of(out->threads->cbegin(), out->threads->cend(), [&](const ThreadMasks &t) {
            return t.blocked != first.blocked || t.pending != first.pending;
        });
    }
    for (const SignalState &state : states) {
        Row row;
        row.signal = state.signal;
        row.action = actionName(state.disposition, other);
        row.pending = state.pending;
        const quint64 bit = maskBit(state.signal);
        if (out->threads && bit) {
            qsizetype blocking = 0;
            for (const ThreadMasks &t : std::as_const(*out->threads)) {
                blocking += (t.blocked & bit) ? 1 : 0;
                row.pending = row.pending || (t.pending & bit);
            }
            row.blocked = blocking == 0 ? QStringLiteral("no")
                : blocking == out->threads->size() ? QStringLiteral("yes") : QStringLiteral("some");
        } else {
            // No /proc: the library's answer, the calling (main) thread's mask.
            row.blocked = state.blocked ? QStringLiteral("yes") : QStringLiteral("no");
        }
        if (shown(options, row))
            out->rows.append(row);
    }
    return std::nullopt;
}

QJsonObject toJson(const Listing &listing)
{
    const QJsonValue null(QJsonValue::Null);
    QJsonObject o;
    o.insert(QStringLiteral("pid"), listing.pid);
    o.insert(QStringLiteral("name"), listing.name ? QJsonValue(*listing.name) : null);
    o.insert(QStringLiteral("threadsDiffer"), listing.threadsDiffer);
    if (listing.threads) {
        QJsonArray threads;
        for (const ThreadMasks &t : std::as_const(*listing.threads)) {
            QJsonObject thread;
            thread.insert(QStringLiteral("tid"), t.tid);
            thread.insert(QStringLiteral("name"), t.name);
            thread.insert(QStringLiteral("blocked"), QJsonArray::fromStringList(namesIn(t.blocked)));
            thread.insert(QStringLiteral("pending"), QJsonArray::fromStringList(namesIn(t.pending)));
            threads.append(thread);
        }
        o.insert(QStringLiteral("threads"), threads);
    } else {
        o.insert(QStringLiteral("threads"), null);
    }
    QJsonArray signalList;
    for (const Row &row : listing.rows) {
        QJsonObject s;
        s.insert(QStringLiteral("number"), row.signal.number());
        s.insert(QStringLiteral("signal"), row.signal.name());
        s.insert(QStringLiteral("action"), row.action);
        s.insert(QStringLiteral("blocked"), row.blocked);
        s.insert(QStringLiteral("pending"), row.pending);
        s.insert(QStringLiteral("description"), row.signal.description());
        signalList.append(s);
    }
    o.insert(QStringLiteral("signals"), signalList);
    return o;
}

QStringList toText(const Listing &listing)
{
    QStringList lines;
    lines.append(listing.name ? QStringLiteral("pid %1 (%2)").arg(listing.pid).arg(*listing.name)
                              : QStringLiteral("pid %1").arg(listing.pid));
    // Wide enough for the longest name (Windows: CTRL_SHUTDOWN_EVENT), at least 12.
    int nameWidth = 12;
    for (Signal s : Signal::validSignals())
        nameWidth = std::max(nameWidth, int(s.name().size()) + 1);
    lines.append(QStringLiteral("%1 %2 %3 %4 %5 %6")
                     .arg(QStringLiteral("#"), 3)
                     .arg(QStringLiteral("NAME"), -nameWidth)
                     .arg(QStringLiteral("ACTION"), -8)
                     .arg(QStringLiteral("BLOCKED"), -7)
                     .arg(QStringLiteral("PENDING"), -7)
                     .arg(QStringLiteral("DESCRIPTION")));
    for (const Row &row : listing.rows) {
        lines.append(QStringLiteral("%1 %2 %3 %4 %5 %6")
                         .arg(row.signal.number(), 3)
                         .arg(row.signal.name(), -nameWidth)
                         .arg(row.action, -8)
                         .arg(row.blocked, -7)
                         .arg(row.pending ? QStringLiteral("yes") : QStringLiteral("no"), -7)
                         .arg(row.signal.description()));
    }
    if (listing.threadsDiffer) {
        lines.append(QStringLiteral("threads (their masks differ):"));
        for (const ThreadMasks &t : std::as_const(*listing.threads)) {
            lines.append(QStringLiteral("%1 %2: blocked %3; pending %4")
                             .arg(t.tid, 7)
                             .arg(t.name, describeMask(t.blocked), describeMask(t.pending)));
        }
    }
    return lines;
}

} // namespace

int runList(const Options &options)
{
    QList<qint64> pids = options.pids;
    if (pids.isEmpty())
        pids.append(QCoreApplication::applicationPid());
    QList<Listing> listings;
    for (qint64 pid : std::as_const(pids)) {
        Listing listing;
        if (const std::optional<int> failed = read(options, pid, &listing))
            return *failed;
        listings.append(listing);
    }

    if (options.json) {
        // One document, whatever the number of processes (jq ., python3 -m json.tool).
        QJsonArray processes;
        for (const Listing &listing : std::as_const(listings))
            processes.append(toJson(listing));
        QJsonObject document;
        document.insert(QStringLiteral("processes"), processes);
        const QByteArray text = QJsonDocument(document).toJson(QJsonDocument::Indented);
        return writeAll(StandardOutput, text) ? ExitSuccess : ExitFailure;
    }
    QStringList lines;
    for (const Listing &listing : std::as_const(listings)) {
        if (!lines.isEmpty())
            lines.append(QString());
        lines += toText(listing);
    }
    for (const QString &line : std::as_const(lines)) {
        if (!writeOut(line))
            return ExitFailure;
    }
    return ExitSuccess;
}
