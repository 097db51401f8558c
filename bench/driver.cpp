// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// snbench-run: runs every contender in its own process, round-robin over several rounds
// (the machine is noisy: compare within one run), kills a child that does not come back
// and records "deadlock", then prints a table, writes a CSV and checks SignalNotifier's
// targets in one summary line.

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qcoreapplication.h>
#include <QtCore/qdir.h>
#include <QtCore/qfile.h>
#include <QtCore/qfileinfo.h>
#include <QtCore/qmap.h>
#include <QtCore/qprocess.h>
#include <QtCore/qsysinfo.h>
#include <QtCore/qtemporarydir.h>
#include <QtCore/qthread.h>
#include <QtCore/qtextstream.h>

#include <algorithm>
#include <cstdio>

namespace {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

struct Settings
{
    int rounds = 10;
    int trips = 2000;
    int warmup = 500;
    int burst = 10000;
    int idleMs = 2000;
    int cpu = 0;          // latency runs pinned to the n-th usable CPU; -1: not pinned
    bool quick = false;
};

struct RunResult
{
    QMap<QString, QString> values;
    bool deadlock = false;
    QString error;
};

struct Contender
{
    QString name;
    QString program;
    QList<qint64> latency;          // ns, pooled over rounds
    long lost = 0;
    int fdsAdded = -1;
    int threadsAdded = -1;
    int restoredRuns = 0;
    int latencyRuns = 0;
    QList<double> burstCallbacks, burstArrivals, burstMs;
    QList<double> rtDelivered, rtSeen;
    bool hasValues = false;
    bool rtAllInOrder = true;
    int rtRuns = 0;
    long long idleWakeups = -1;
    QStringList deadlocks;          // modes that froze
    QStringList freezes;            // and where
    QStringList errors;
};

double median(QList<double> v)
{
    if (v.isEmpty())
        return -1;
    std::sort(v.begin(), v.end());
    const qsizetype n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double percentileUs(const QList<qint64> &sorted, double q)
{
    if (sorted.isEmpty())
        return -1;
    const qsizetype i = std::min<qsizetype>(sorted.size() - 1, qsizetype(q * double(sorted.size())));
    return double(sorted[i]) / 1000.0;
}

RunResult runOne(const Contender &c, const QString &mode, const QStringList &extra, int timeoutMs)
{
    RunResult r;
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start(c.program, QStringList { c.name, mode } + extra);
    if (!p.waitForStarted()) {
        r.error = p.errorString();
        return r;
    }
    // The watchdog: a contender frozen in its handler never finishes on its own.
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.deadlock = true;
    }
    const QList<QByteArray> lines = p.readAllStandardOutput().split('\n');
    for (const QByteArray &line : lines) {
        const qsizetype eq = line.indexOf('=');
        if (eq > 0)
            r.values.insert(QString::fromUtf8(line.left(eq)), QString::fromUtf8(line.mid(eq + 1)));
    }
    if (r.values.value(QStringLiteral("deadlock")) == QLatin1String("1"))
        r.deadlock = true;
    if (r.values.contains(QStringLiteral("error")))
        r.error = r.values.value(QStringLiteral("error"));
    else if (!r.deadlock && (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0))
        r.error = QStringLiteral("exit status %1 code %2").arg(int(p.exitStatus())).arg(p.exitCode());
    return r;
}

bool skip(const Contender &c, const QString &mode)
{
    return c.deadlocks.contains(mode);   // froze once: no need to wait for it again
}

void note(Contender &c, const QString &mode, const RunResult &r)
{
    if (r.deadlock && !c.deadlocks.contains(mode)) {
        c.deadlocks.append(mode);
        c.freezes.append(QStringLiteral("%1: the loop never came back; main thread asleep in %2")
                             .arg(mode, r.values.value(QStringLiteral("deadlock_wchan"),
                                                       QStringLiteral("? (killed by the driver)"))));
    }
    if (!r.error.isEmpty())
        c.errors.append(mode + QLatin1String(": ") + r.error);
    if (r.values.value(QStringLiteral("has_values")) == QLatin1String("1"))
        c.hasValues = true;
}

void runLatency(Contender &c, const Settings &s, const QTemporaryDir &tmp)
{
    const QString file = tmp.filePath(c.name + QLatin1String(".ns"));
    QStringList args = { QStringLiteral("--count"), QString::number(s.trips),
                         QStringLiteral("--warmup"), QString::number(s.warmup),
                         QStringLiteral("--samples"), file };
    if (s.cpu >= 0)
        args << QStringLiteral("--cpu") << QString::number(s.cpu);
    const RunResult r = runOne(c, QStringLiteral("latency"), args, 120000);
    note(c, QStringLiteral("latency"), r);
    QFile f(file);
    if (f.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> lines = f.readAll().split('\n');
        for (const QByteArray &l : lines) {
            if (!l.isEmpty())
                c.latency.append(l.toLongLong());
        }
        f.remove();
    }
    c.lost += r.values.value(QStringLiteral("lost")).toLong();
    if (c.fdsAdded < 0 && r.values.contains(QStringLiteral("fds_added"))) {
        c.fdsAdded = r.values.value(QStringLiteral("fds_added")).toInt();
        c.threadsAdded = r.values.value(QStringLiteral("threads_added")).toInt();
    }
    if (r.values.contains(QStringLiteral("restored"))) {
        ++c.latencyRuns;
        c.restoredRuns += r.values.value(QStringLiteral("restored")).toInt();
    }
}

void runBurst(Contender &c, const Settings &s, bool realtime)
{
    const QString mode = realtime ? QStringLiteral("rtburst") : QStringLiteral("burst");
    const RunResult r = runOne(c, mode, { QStringLiteral("--count"), QString::number(s.burst) }, 60000);
    note(c, mode, r);
    if (!r.values.contains(QStringLiteral("callbacks")))
        return;
    const double callbacks = r.values.value(QStringLiteral("callbacks")).toDouble();
    if (!realtime) {
        c.burstCallbacks.append(callbacks);
        c.burstArrivals.append(r.values.value(QStringLiteral("arrivals")).toDouble());
        c.burstMs.append(r.values.value(QStringLiteral("ms_to_last")).toDouble());
        return;
    }
    ++c.rtRuns;
    c.rtDelivered.append(callbacks);
    const long seen = r.values.value(QStringLiteral("values_seen")).toLong();
    c.rtSeen.append(double(seen));
    const bool inOrder = !r.deadlock && r.values.value(QStringLiteral("out_of_order")).toLong() == 0
        && seen == s.burst && r.values.value(QStringLiteral("valued")).toLong() == s.burst;
    c.rtAllInOrder = c.rtAllInOrder && inOrder;
}

void runIdle(Contender &c, const Settings &s)
{
    const RunResult r = runOne(c, QStringLiteral("idle"),
                               { QStringLiteral("--idle-ms"), QString::number(s.idleMs) },
                               s.idleMs + 20000);
    note(c, QStringLiteral("idle"), r);
    if (r.values.contains(QStringLiteral("idle_wakeups")))
        c.idleWakeups = r.values.value(QStringLiteral("idle_wakeups")).toLongLong();
}

QString fmt(double v, int decimals = 1)
{
    return v < 0 ? QStringLiteral("-") : QString::number(v, 'f', decimals);
}

QString rtCell(const Contender &c, const Settings &s)
{
    if (c.rtDelivered.isEmpty())
        return QStringLiteral("-");
    QString cell = QString::number(median(c.rtDelivered), 'f', 0) + QLatin1Char('/') + QString::number(s.burst);
    return cell;
}

QString orderCell(const Contender &c)
{
    if (!c.hasValues)
        return QStringLiteral("no values");
    if (c.rtRuns == 0)
        return QStringLiteral("-");
    return c.rtAllInOrder ? QStringLiteral("yes") : QStringLiteral("NO");
}

QString restoredCell(const Contender &c)
{
    if (c.latencyRuns == 0)
        return QStringLiteral("-");
    return c.restoredRuns == c.latencyRuns ? QStringLiteral("yes") : QStringLiteral("no");
}

QString machine()
{
    QString cpu;
    QFile info(QStringLiteral("/proc/cpuinfo"));
    if (info.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> lines = info.readAll().split('\n');
        for (const QByteArray &l : lines) {
            if (l.startsWith("model name")) {
                cpu = QString::fromUtf8(l.mid(l.indexOf(':') + 1)).trimmed();
                break;
            }
        }
    }
    return QStringLiteral("%1, %2 logical CPUs, %3 %4")
        .arg(cpu)
        .arg(QThread::idealThreadCount())
        .arg(QSysInfo::kernelType(), QSysInfo::kernelVersion());
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs SignalNotifier and its peers side by side, one process per measurement, in "
        "interleaved rounds; prints a table and writes a CSV."));
    parser.addHelpOption();
    const QCommandLineOption quickOpt(QStringLiteral("quick"),
        QStringLiteral("A few hundred round trips and small bursts: checks that it runs, "
                       "that SignalNotifier never freezes and keeps realtime values in order."));
    const QCommandLineOption roundsOpt(QStringLiteral("rounds"), QStringLiteral("Rounds (10)."), QStringLiteral("n"));
    const QCommandLineOption tripsOpt(QStringLiteral("trips"), QStringLiteral("Round trips per round (2000)."), QStringLiteral("n"));
    const QCommandLineOption burstOpt(QStringLiteral("burst"), QStringLiteral("Signals per burst (10000)."), QStringLiteral("n"));
    const QCommandLineOption idleOpt(QStringLiteral("idle-ms"), QStringLiteral("Idle window (2000)."), QStringLiteral("ms"));
    const QCommandLineOption csvOpt(QStringLiteral("csv"), QStringLiteral("CSV output (bench-results.csv)."), QStringLiteral("file"));
    const QCommandLineOption onlyOpt(QStringLiteral("only"), QStringLiteral("Comma-separated contenders."), QStringLiteral("names"));
    const QCommandLineOption unpinnedOpt(QStringLiteral("unpinned"),
        QStringLiteral("Let the scheduler place latency runs (default: all their threads on the "
                       "first CPU the process may use)."));
    parser.addOptions({ quickOpt, roundsOpt, tripsOpt, burstOpt, idleOpt, csvOpt, onlyOpt, unpinnedOpt });
    parser.process(app);

    Settings s;
    if (parser.isSet(quickOpt)) {
        s = { 1, 300, 50, 500, 300, 0, true };
    }
    auto intOpt = [&](const QCommandLineOption &o, int *v) {
        if (!parser.isSet(o))
            return;
        bool ok = false;
        const int n = parser.value(o).toInt(&ok);
        if (!ok || n <= 0) {
            std::fprintf(stderr, "snbench-run: --%s needs a positive number\n", qPrintable(o.names().first()));
            std::exit(2);
        }
        *v = n;
    };
    intOpt(roundsOpt, &s.rounds);
    intOpt(tripsOpt, &s.trips);
    intOpt(burstOpt, &s.burst);
    intOpt(idleOpt, &s.idleMs);
    if (parser.isSet(unpinnedOpt))
        s.cpu = -1;
    const QString csvPath = parser.isSet(csvOpt) ? parser.value(csvOpt) : QStringLiteral("bench-results.csv");
    const QStringList only = parser.value(onlyOpt).split(QLatin1Char(','), Qt::SkipEmptyParts);

    // The contender executables sit next to this one.
    const QDir dir(QCoreApplication::applicationDirPath());
    QList<Contender> contenders;
    const QStringList programs = { QStringLiteral("snbench"), QStringLiteral("snbench-kf5") };
    for (const QString &name : programs) {
        const QString program = dir.filePath(name);
        if (!QFileInfo(program).isExecutable()) {
            if (name == QLatin1String("snbench-kf5"))
                out() << "ksignalhandler: skipped (not built: KF5CoreAddons/libkf5coreaddons-dev "
                         "not installed; scripts/bench.sh installs it)\n";
            continue;
        }
        QProcess list;
        list.start(program, { QStringLiteral("--list") });
        list.waitForFinished();
        const QList<QByteArray> names = list.readAllStandardOutput().split('\n');
        for (const QByteArray &n : names) {
            const QString contender = QString::fromUtf8(n).trimmed();
            if (!contender.isEmpty() && (only.isEmpty() || only.contains(contender)))
                contenders.append(Contender { contender, program, {}, 0, -1, -1, 0, 0, {}, {}, {}, {}, {},
                                              false, true, 0, -1, {}, {}, {} });
        }
    }
    for (const char *peer : { "libuv", "asio" }) {
        const bool present = std::any_of(contenders.cbegin(), contenders.cend(),
                                         [peer](const Contender &c) { return c.name == QLatin1String(peer); });
        if (!present && only.isEmpty())
            out() << peer << ": skipped (not built: its development package was not found)\n";
    }
    // SignalNotifier first, then the limit, the patterns and the libraries.
    const QStringList order = { QStringLiteral("signalnotifier"), QStringLiteral("signalnotifier-worker"),
                                QStringLiteral("sigwaitinfo"), QStringLiteral("signalfd"),
                                QStringLiteral("self-pipe"), QStringLiteral("qt-self-pipe"),
                                QStringLiteral("qt-docs"),
                                QStringLiteral("libuv"), QStringLiteral("asio"),
                                QStringLiteral("ksignalhandler") };
    std::stable_sort(contenders.begin(), contenders.end(), [&](const Contender &a, const Contender &b) {
        return order.indexOf(a.name) < order.indexOf(b.name);
    });
    if (contenders.isEmpty()) {
        std::fprintf(stderr, "snbench-run: no contenders\n");
        return 2;
    }
    out() << "machine: " << machine() << "\n"
          << "settings: " << s.rounds << " rounds x " << s.trips << " round trips (+" << s.warmup
          << " warm-up each), " << (s.cpu >= 0 ? QStringLiteral("latency pinned to one CPU") : QStringLiteral("unpinned"))
          << ", bursts of " << s.burst << ", idle " << s.idleMs << " ms\n";
    out().flush();

    QTemporaryDir tmp;
    const qsizetype n = contenders.size();
    for (int round = 0; round < s.rounds; ++round) {
        out() << "round " << round + 1 << "/" << s.rounds << "\n";
        out().flush();
        // Round-robin, starting one further each round, so no contender always goes first.
        for (qsizetype k = 0; k < n; ++k) {
            Contender &c = contenders[(k + round) % n];
            if (!skip(c, QStringLiteral("latency")))
                runLatency(c, s, tmp);
        }
        for (qsizetype k = 0; k < n; ++k) {
            Contender &c = contenders[(k + round) % n];
            if (!skip(c, QStringLiteral("burst")))
                runBurst(c, s, false);
            if (!skip(c, QStringLiteral("rtburst")))
                runBurst(c, s, true);
        }
    }
    for (Contender &c : contenders)
        runIdle(c, s);

    // The table.
    const QStringList header = { QStringLiteral("contender"), QStringLiteral("min"), QStringLiteral("p50"),
                                 QStringLiteral("p90"), QStringLiteral("p99"), QStringLiteral("p99.9"),
                                 QStringLiteral("burst cb"), QStringLiteral("burst ms"),
                                 QStringLiteral("rt delivered"), QStringLiteral("rt in order"),
                                 QStringLiteral("idle wakeups"), QStringLiteral("+fds"),
                                 QStringLiteral("+threads"), QStringLiteral("restored"),
                                 QStringLiteral("deadlock") };
    QList<QStringList> rows;
    QFile csv(csvPath);
    const bool csvOk = csv.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text);
    QTextStream csvOut(&csv);
    csvOut << "contender,samples,lost,min_us,p50_us,p90_us,p99_us,p999_us,burst_sent,burst_callbacks,"
              "burst_arrivals,burst_ms_to_last,rt_sent,rt_delivered,rt_values_seen,rt_in_order,"
              "idle_ms,idle_wakeups,fds_added,threads_added,restored,deadlock\n";
    QMap<QString, double> p50;
    for (Contender &c : contenders) {
        std::sort(c.latency.begin(), c.latency.end());
        const double q[] = { percentileUs(c.latency, 0), percentileUs(c.latency, 0.5), percentileUs(c.latency, 0.9),
                             percentileUs(c.latency, 0.99), percentileUs(c.latency, 0.999) };
        p50.insert(c.name, q[1]);
        const QString deadlock = c.deadlocks.isEmpty() ? QStringLiteral("no")
                                                       : QStringLiteral("YES (%1)").arg(c.deadlocks.join(QLatin1Char(' ')));
        rows.append({ c.name, fmt(q[0]), fmt(q[1]), fmt(q[2]), fmt(q[3]), fmt(q[4]),
                      fmt(median(c.burstCallbacks), 0), fmt(median(c.burstMs)),
                      rtCell(c, s), orderCell(c),
                      c.idleWakeups < 0 ? QStringLiteral("-") : QString::number(c.idleWakeups),
                      QString::number(c.fdsAdded), QString::number(c.threadsAdded),
                      restoredCell(c), deadlock });
        csvOut << c.name << ',' << c.latency.size() << ',' << c.lost;
        for (double v : q)
            csvOut << ',' << fmt(v, 2);
        csvOut << ',' << s.burst << ',' << fmt(median(c.burstCallbacks), 0) << ','
               << fmt(median(c.burstArrivals), 0) << ',' << fmt(median(c.burstMs), 3) << ','
               << s.burst << ',' << fmt(median(c.rtDelivered), 0) << ','
               << (c.hasValues ? fmt(median(c.rtSeen), 0) : QStringLiteral("n/a")) << ','
               << orderCell(c) << ',' << s.idleMs << ',' << c.idleWakeups << ',' << c.fdsAdded << ','
               << c.threadsAdded << ',' << restoredCell(c) << ','
               << (c.deadlocks.isEmpty() ? QStringLiteral("no") : c.deadlocks.join(QLatin1Char(' '))) << '\n';
    }
    QList<qsizetype> width(header.size());
    for (qsizetype i = 0; i < header.size(); ++i) {
        width[i] = header[i].size();
        for (const QStringList &r : rows)
            width[i] = std::max(width[i], r[i].size());
    }
    auto printRow = [&](const QStringList &r) {
        out() << "|";
        for (qsizetype i = 0; i < r.size(); ++i)
            out() << ' ' << (i == 0 ? r[i].leftJustified(width[i]) : r[i].rightJustified(width[i])) << " |";
        out() << "\n";
    };
    out() << "\nlatency kill -> callback in microseconds; bursts: medians over rounds\n";
    printRow(header);
    out() << "|";
    for (qsizetype i = 0; i < header.size(); ++i)
        out() << QString(width[i] + 1, QLatin1Char('-')) << (i == 0 ? "-|" : ":|");
    out() << "\n";
    for (const QStringList &r : rows)
        printRow(r);
    for (const Contender &c : contenders) {
        for (const QString &e : c.errors)
            out() << "note: " << c.name << ": " << e << "\n";
        for (const QString &f : c.freezes)
            out() << "deadlock: " << c.name << ": " << f << "\n";
        if (c.lost)
            out() << "note: " << c.name << ": " << c.lost << " round trips got no callback within 2 s\n";
    }

    // Ratios, then the targets in one line. Deadlock, realtime order, idle wake-ups and
    // the restored handler are checked for both SignalNotifier variants; latency for the
    // main-thread notifier, the like-for-like rival of the single-threaded Qt docs
    // pattern (a worker-thread notifier pays one more thread wake-up: see the README).
    auto verdict = [](bool ok) { return ok ? QStringLiteral("ok") : QStringLiteral("MISSED"); };
    QList<const Contender *> ours;
    for (const Contender &c : contenders) {
        if (!c.name.startsWith(QLatin1String("signalnotifier")))
            continue;
        ours.append(&c);
        QStringList ratios;
        for (const Contender &peer : contenders) {
            if (peer.name != c.name && p50.value(peer.name) > 0 && p50.value(c.name) > 0)
                ratios.append(QStringLiteral("%1 %2").arg(peer.name, QString::number(p50.value(c.name) / p50.value(peer.name), 'f', 2)));
        }
        out() << "\np50 ratio " << c.name << "/peer: " << ratios.join(QStringLiteral(", "));
    }
    out() << "\n\n";
    bool functionalOk = !ours.isEmpty();
    bool allOk = functionalOk;
    QStringList deadlock, realtime, idle, restored;
    bool deadlockOk = true, realtimeOk = true, idleOk = true, restoredOk = true;
    for (const Contender *c : ours) {
        const bool d = c->deadlocks.isEmpty() && c->errors.isEmpty() && c->lost == 0;
        const bool rt = c->rtRuns == s.rounds && c->rtAllInOrder;
        const bool i = c->idleWakeups == 0;
        const bool r = c->latencyRuns > 0 && c->restoredRuns == c->latencyRuns;
        deadlockOk = deadlockOk && d;
        realtimeOk = realtimeOk && rt;
        idleOk = idleOk && i;
        restoredOk = restoredOk && r;
        deadlock.append(QStringLiteral("%1 %2").arg(c->name, d ? QStringLiteral("none") : c->deadlocks.join(QLatin1Char(' ')) + c->errors.join(QLatin1Char(' '))));
        realtime.append(QStringLiteral("%1 %2/%3").arg(c->name, fmt(c->rtSeen.isEmpty() ? -1 : *std::min_element(c->rtSeen.begin(), c->rtSeen.end()), 0)).arg(s.burst));
        idle.append(QStringLiteral("%1 %2").arg(c->name).arg(c->idleWakeups));
        restored.append(QStringLiteral("%1 %2").arg(c->name, restoredCell(*c)));
    }
    const double docs = p50.value(QStringLiteral("qt-docs"), -1);
    const double uv = p50.value(QStringLiteral("libuv"), -1);
    const double main50 = p50.value(QStringLiteral("signalnotifier"), -1);
    const bool latencyOk = docs > 0 && main50 > 0 && main50 <= docs;
    functionalOk = functionalOk && deadlockOk && realtimeOk && restoredOk;
    allOk = functionalOk && idleOk && latencyOk;
    out() << "SignalNotifier targets: no deadlock " << verdict(deadlockOk) << " (" << deadlock.join(QStringLiteral(", "))
          << "); realtime values in order " << verdict(realtimeOk) << " (" << realtime.join(QStringLiteral(", "))
          << ", every round); idle wake-ups 0 " << verdict(idleOk) << " (" << idle.join(QStringLiteral(", "))
          << "); p50 " << fmt(main50) << " us <= qt-docs " << fmt(docs) << " us "
          << (docs > 0 && main50 > 0 ? verdict(latencyOk) : QStringLiteral("not measured"))
          << " (aim: libuv " << fmt(uv) << " us"
          << (uv > 0 && main50 > 0 ? QStringLiteral(", ratio %1").arg(main50 / uv, 0, 'f', 2) : QString())
          << "); previous handler restored " << verdict(restoredOk) << " (" << restored.join(QStringLiteral(", "))
          << ") => " << (allOk ? "all met" : "NOT all met") << "\n";
    const double worker50 = p50.value(QStringLiteral("signalnotifier-worker"), -1);
    if (worker50 > 0 && docs > 0)
        out() << "info: worker-thread notifier p50 " << fmt(worker50) << " us, "
              << QString::number(worker50 / docs, 'f', 2) << "x qt-docs (the kernel hands the signal "
                 "to the main thread, which wakes the worker: one more thread wake-up)\n";
    if (csvOk)
        out() << "\nCSV: " << QFileInfo(csv).absoluteFilePath() << "\n";
    out().flush();
    // Only what does not depend on timing decides the exit status.
    return functionalOk ? 0 : 1;
}
