// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// snbench-run: runs every contender in its own process, round-robin over several rounds
// (the machine is noisy: compare within one run), kills a child that does not come back
// and records "deadlock", then prints the tables, writes a CSV and checks SignalNotifier's
// targets: the functional ones in one summary line, the latency ratios (issue 14) in another.
//
// Latency is measured two ways, every round, the contenders taking turns block by block
// (runLatency() says why): "pinned" (all threads of the contender on one
// CPU, the next signal sent as soon as the callback has run: the path's own cost) and
// "idle" (unpinned, a pause after every round trip, so each signal meets a loop asleep in
// poll on an idle CPU: what a real program sees). The Qt contenders run a second time with
// QT_NO_GLIB=1 (Qt's own poll() dispatcher instead of glib's): how much of a difference is
// the dispatcher's. Latency runs start with SIGUSR1 at its default action, as in most
// programs; one more SignalNotifier row has a handler installed before it, which it keeps
// calling (chaining), to show what that costs. Every other run installs such a handler
// first and checks that it is back afterwards ("restored"). The worker contenders (ours and
// the Qt docs pattern with its QSocketNotifier in a worker) run their latency once more
// with the README's recipe for a worker, the signal blocked in the main thread (the
// "(main blocks it)" rows): without it the kernel gives the signal to the main thread,
// whose handler then wakes the worker.

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qcoreapplication.h>
#include <QtCore/qdeadlinetimer.h>
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
#include <array>
#include <cstdio>
#include <memory>
#include <random>
#include <utility>
#include <vector>

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
    int cpu = 0;          // pinned latency runs on the n-th usable CPU; -1: not pinned
    bool quick = false;
    int idleTrips = 1000; // idle-loop latency: round trips per round
    int gapUs = 1000;     // idle-loop latency: pause after each round trip
    bool noGlib = true;   // also run the Qt contenders with QT_NO_GLIB=1
    bool split = false;   // idle-loop runs stamped in a handler over the contender's (--split)
};

// The contenders that run on a Qt 6 event loop, which QT_NO_GLIB=1 changes.
const QStringList QtContenders = { QStringLiteral("signalnotifier"), QStringLiteral("signalnotifier-worker"),
                                   QStringLiteral("qt-self-pipe"), QStringLiteral("qt-docs"),
                                   QStringLiteral("qt-docs-worker") };
const QString NoGlibSuffix = QStringLiteral(" (QT_NO_GLIB=1)");
const QString ChainingSuffix = QStringLiteral(" (chains a handler)");
const QString RecipeSuffix = QStringLiteral(" (main blocks it)");
// The contenders that take the signal without a handler (nothing to split at).
const QStringList HandlerlessContenders = { QStringLiteral("sigwaitinfo"), QStringLiteral("signalfd") };
// The contenders whose watching object lives in a worker thread.
const QStringList WorkerContenders = { QStringLiteral("signalnotifier-worker"), QStringLiteral("qt-docs-worker") };

struct RunResult
{
    QMap<QString, QString> values;
    bool deadlock = false;
    QString error;
};

struct Contender
{
    QString name;                   // as shown: the contender, plus NoGlibSuffix for that variant
    QString program;
    QString arg;                    // the contender's name on snbench's command line
    QStringList env;                // NAME=value added to the environment
    bool chaining = false;          // latency only, with a previous handler installed
    bool recipe = false;            // latency only, the signal blocked in the main thread
    QList<qint64> latency;          // ns, pooled over rounds: pinned ping-pong
    QList<qint64> idleLatency;      // ns, pooled over rounds: each signal meets an idle loop
    // The same samples by turn, [0] pinned, [1] idle loop: the n-th block of every contender
    // was taken in the same turn (runLatency()), which interval() pairs. Not whole when a
    // block came back short (a lost round trip, a failed process): no interval then.
    std::array<QList<QList<qint64>>, 2> blocks;
    std::array<bool, 2> blocksWhole { true, true };
    // --split, idle loop, by turn as `blocks`: kill -> the contender's handler (the
    // kernel's part), and the handler -> the callback (the library's own path).
    std::array<QList<QList<qint64>>, 2> splitBlocks;
    bool splitWhole = true;
    long lost = 0;
    int fdsAdded = -1;
    int threadsAdded = -1;
    int restoredRuns = 0;           // runs that found the previous handler back
    int checkedRuns = 0;            // runs that installed one and checked
    QList<double> burstCallbacks, burstArrivals, burstMs;
    QList<double> rtDelivered, rtSeen;
    bool hasValues = false;
    bool rtAllInOrder = true;
    int rtRuns = 0;
    long long idleWakeups = -1;
    QStringList deadlocks;          // modes that froze
    QStringList freezes;            // and where
    QStringList errors;

    bool latencyOnly() const { return chaining || recipe; }
    bool noGlib() const { return env.contains(QStringLiteral("QT_NO_GLIB=1")); }
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

// The q-quantile as percentileUs() takes it, of unsorted samples (reordered).
double quantileNs(std::vector<qint64> &v, double q)
{
    const auto i = std::min<std::size_t>(v.size() - 1, std::size_t(q * double(v.size())));
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(i), v.end());
    return double(v[i]);
}

// How sure one run is of a ratio of two contenders' quantiles: a 95 % interval from a
// paired block bootstrap over the turns. The run is redrawn 1,000 times: each time as
// many turns as it had, drawn with replacement, a drawn turn bringing both contenders'
// blocks of that turn; the interval holds the middle 95 % of the ratios so found. Turns,
// not single round trips: this VM's slow spells last 0.1 to 1 s and slow neighbouring
// round trips together, and a block and its partner met the same spell. (The percentile
// interval: Efron and Tibshirani, "An Introduction to the Bootstrap", 1993, ch. 13; whole
// blocks for samples that depend on their neighbours: Carlstein, Annals of Statistics 14,
// 1986.) Hand-written: neither Qt nor Boost nor GSL has a bootstrap; the standard
// library's mt19937 does the drawing, seeded with a constant so that the same samples
// give the same interval.
// {-1, -1} when the turns do not pair up: `x` and `y` hold the two contenders' blocks,
// the n-th of each taken in the same turn.
std::pair<double, double> interval(const QList<QList<qint64>> &x, const QList<QList<qint64>> &y, double q)
{
    if (x.size() < 2 || x.size() != y.size())
        return { -1, -1 };   // one turn (--quick) redraws into itself: no interval
    constexpr int Draws = 1000;
    std::mt19937 rng(14);
    std::uniform_int_distribution<qsizetype> pick(0, x.size() - 1);
    std::vector<double> ratios;
    ratios.reserve(Draws);
    std::vector<qint64> xs, ys;
    for (int d = 0; d < Draws; ++d) {
        xs.clear();
        ys.clear();
        for (qsizetype t = 0; t < x.size(); ++t) {
            const qsizetype turn = pick(rng);
            xs.insert(xs.end(), x[turn].cbegin(), x[turn].cend());
            ys.insert(ys.end(), y[turn].cbegin(), y[turn].cend());
        }
        if (xs.empty() || ys.empty())
            return { -1, -1 };
        const double den = quantileNs(ys, q);
        if (den <= 0)
            return { -1, -1 };
        ratios.push_back(quantileNs(xs, q) / den);
    }
    std::sort(ratios.begin(), ratios.end());
    return { ratios[std::size_t(0.025 * Draws)], ratios[std::size_t(0.975 * Draws) - 1] };
}

// The same for two contenders' latency in one mode ([0] pinned, [1] idle loop).
std::pair<double, double> interval(const Contender &a, const Contender &b, int mode, double q)
{
    if (!a.blocksWhole[std::size_t(mode)] || !b.blocksWhole[std::size_t(mode)])
        return { -1, -1 };
    return interval(a.blocks[std::size_t(mode)], b.blocks[std::size_t(mode)], q);
}

void startOne(QProcess *p, const Contender &c, const QString &mode, const QStringList &extra)
{
    p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    if (!c.env.isEmpty()) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &kv : c.env)
            env.insert(kv.section(QLatin1Char('='), 0, 0), kv.section(QLatin1Char('='), 1));
        p->setProcessEnvironment(env);
    }
    p->start(c.program, QStringList { c.arg, mode } + extra);
}

// Waits for the process to end (killed after `timeoutMs`: a deadlock) and reads what it
// printed, after the `seen` part already read.
RunResult finishOne(QProcess *p, int timeoutMs, const QByteArray &seen = QByteArray())
{
    RunResult r;
    // The watchdog: a contender frozen in its handler never finishes on its own.
    if (p->state() != QProcess::NotRunning && !p->waitForFinished(timeoutMs)) {
        p->kill();
        p->waitForFinished();
        r.deadlock = true;
    }
    const QList<QByteArray> lines = (seen + p->readAllStandardOutput()).split('\n');
    for (const QByteArray &line : lines) {
        const qsizetype eq = line.indexOf('=');
        if (eq > 0)
            r.values.insert(QString::fromUtf8(line.left(eq)), QString::fromUtf8(line.mid(eq + 1)));
    }
    if (r.values.value(QStringLiteral("deadlock")) == QLatin1String("1"))
        r.deadlock = true;
    if (r.values.contains(QStringLiteral("error")))
        r.error = r.values.value(QStringLiteral("error"));
    else if (!r.deadlock && (p->exitStatus() != QProcess::NormalExit || p->exitCode() != 0))
        r.error = QStringLiteral("exit status %1 code %2").arg(int(p->exitStatus())).arg(p->exitCode());
    return r;
}

RunResult runOne(const Contender &c, const QString &mode, const QStringList &extra, int timeoutMs)
{
    QProcess p;
    startOne(&p, c, mode, extra);
    if (!p.waitForStarted()) {
        RunResult r;
        r.error = p.errorString();
        return r;
    }
    return finishOne(&p, timeoutMs);
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
    if (r.values.contains(QStringLiteral("restored"))) {
        ++c.checkedRuns;
        c.restoredRuns += r.values.value(QStringLiteral("restored")).toInt();
    }
}

// Reads the process's output until a line starting with `key` has come (appended to
// `seen`). False when the process ended or `timeoutMs` passed first.
bool awaitLine(QProcess *p, const QByteArray &key, QByteArray *seen, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        // What the last wait read, the process's last lines included, before giving up.
        while (p->canReadLine()) {
            const QByteArray line = p->readLine();
            seen->append(line);
            if (line.startsWith(key))
                return true;
        }
        if (p->state() != QProcess::Running || deadline.hasExpired())
            return false;
        p->waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
    }
}

// The latency of every contender in `group`, one round: `idle`, unpinned, with a pause
// before every round trip (each signal meets an idle loop); otherwise the pinned
// ping-pong. All of them are started (each warms up alone), then asked for their round
// trips a block at a time, in turn, the order rotating by block: a machine that is slower
// for a while (here, in spells of 0.1 to 1 s: the host's, not ours) slows every contender
// alike, and the ratios of one run compare like with like. Each block starts with a few
// round trips that are not counted, as the others' blocks have cooled the caches.
void runLatency(const QList<Contender *> &group, const Settings &s, const QTemporaryDir &tmp, bool idle)
{
    struct Running {
        Contender *c;
        std::unique_ptr<QProcess> p;
        QByteArray seen;
        QString file;
        bool ok = false;
    };
    std::vector<Running> running;
    const int trips = idle ? s.idleTrips : s.trips;
    // Idle-loop runs of a contender with a handler, when asked (--split).
    auto splits = [&](const Contender &c) { return idle && s.split && !HandlerlessContenders.contains(c.arg); };
    // How long a block may take: the harness gives up a round trip after 2 s and stops
    // taking them after 10 lost (then it answers at once); beyond that it froze.
    auto blockMs = [&](int count) { return 10 * 2000 + count * (idle ? s.gapUs / 1000 + 1 : 1) + 10000; };
    for (Contender *c : group) {
        Running r { c, std::make_unique<QProcess>(), {},
                    tmp.filePath(QStringLiteral("latency-%1.ns").arg(running.size())) };
        QStringList args = { QStringLiteral("--count"), QString::number(trips),
                             QStringLiteral("--warmup"), QString::number(idle ? s.warmup / 5 : s.warmup),
                             QStringLiteral("--samples"), r.file, QStringLiteral("--paced"), QStringLiteral("1") };
        if (idle) {
            args << QStringLiteral("--gap-us") << QString::number(s.gapUs);
            if (splits(*c))
                args << QStringLiteral("--split") << QStringLiteral("1");
        } else if (s.cpu >= 0) {
            args << QStringLiteral("--cpu") << QString::number(s.cpu);
        }
        args << QStringLiteral("--previous") << (c->chaining ? QStringLiteral("handler") : QStringLiteral("none"));
        startOne(r.p.get(), *c, QStringLiteral("latency"), args);
        r.ok = r.p->waitForStarted() && awaitLine(r.p.get(), "ready=", &r.seen, 120000);
        running.push_back(std::move(r));
    }
    const int block = idle ? 50 : 100;
    const int unrecorded = idle ? 2 : 10;
    const qsizetype n = qsizetype(running.size());
    for (int done = 0, b = 0; done < trips; done += block, ++b) {
        const int count = std::min(block, trips - done);
        for (qsizetype k = 0; k < n; ++k) {
            Running &r = running[std::size_t((k + b) % n)];
            if (!r.ok)
                continue;
            r.p->write(QStringLiteral("go %1 %2\n").arg(count).arg(unrecorded).toLatin1());
            r.ok = awaitLine(r.p.get(), "done=", &r.seen, blockMs(count + unrecorded));
        }
    }
    for (Running &r : running) {
        r.p->write("end\n");
        r.p->closeWriteChannel();
        const RunResult result = finishOne(r.p.get(), r.ok ? 10000 : 0, r.seen);
        Contender &c = *r.c;
        note(c, QStringLiteral("latency"), result);
        QList<qint64> got;
        QList<qint64> toHandler;   // --split: "total kill->handler" on each line
        QFile f(r.file);
        if (f.open(QIODevice::ReadOnly)) {
            const QList<QByteArray> lines = f.readAll().split('\n');
            for (const QByteArray &l : lines) {
                if (l.isEmpty())
                    continue;
                const QList<QByteArray> fields = l.split(' ');
                got.append(fields.first().toLongLong());
                if (fields.size() == 2)
                    toHandler.append(fields.last().toLongLong());
            }
            f.remove();
        }
        (idle ? c.idleLatency : c.latency).append(got);
        if (got.size() == trips) {
            for (qsizetype done = 0; done < trips; done += block)
                c.blocks[idle].append(got.mid(done, block));
        } else {
            c.blocksWhole[idle] = false;
        }
        if (splits(c)) {
            if (got.size() == trips && toHandler.size() == trips) {
                for (qsizetype done = 0; done < trips; done += block) {
                    QList<qint64> kernel = toHandler.mid(done, block);
                    QList<qint64> own = got.mid(done, block);
                    for (qsizetype i = 0; i < own.size(); ++i)
                        own[i] -= kernel[i];
                    c.splitBlocks[0].append(kernel);
                    c.splitBlocks[1].append(own);
                }
            } else {
                c.splitWhole = false;
            }
        }
        c.lost += result.values.value(QStringLiteral("lost")).toLong();
        if (c.fdsAdded < 0 && result.values.contains(QStringLiteral("fds_added"))) {
            c.fdsAdded = result.values.value(QStringLiteral("fds_added")).toInt();
            c.threadsAdded = result.values.value(QStringLiteral("threads_added")).toInt();
        }
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
    if (c.checkedRuns == 0)
        return QStringLiteral("-");
    return c.restoredRuns == c.checkedRuns ? QStringLiteral("yes") : QStringLiteral("no");
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

// --split: each idle-loop round trip cut at the contender's handler, where a handler of the
// bench's own over it took a clock stamp. kill -> handler is the kernel's part (waking the
// thread and its CPU, the signal frame), the same work for every contender; handler ->
// callback is the library's own path (its handler, sigreturn, its loop's way back to it,
// the delivery). A table of both, then SignalNotifier against libuv and the bare Qt
// self-pipe on each part, with intervals as the targets have. Not counted.
template<typename PrintTable>
void printSplit(const QList<Contender> &contenders, PrintTable printTable)
{
    auto pooled = [](const QList<QList<qint64>> &blocks) {
        QList<qint64> all;
        for (const QList<qint64> &b : blocks)
            all.append(b);
        std::sort(all.begin(), all.end());
        return all;
    };
    struct Split {
        const Contender *c;
        std::array<QList<qint64>, 2> sorted;   // [0] kill -> handler, [1] handler -> callback
    };
    QList<QStringList> rows;
    QMap<QString, Split> split;
    for (const Contender &c : contenders) {
        if (c.splitBlocks[0].isEmpty())
            continue;
        const Split &one = *split.insert(c.name, { &c, { pooled(c.splitBlocks[0]), pooled(c.splitBlocks[1]) } });
        const QList<qint64> &kernel = one.sorted[0];
        const QList<qint64> &own = one.sorted[1];
        rows.append({ c.name, fmt(percentileUs(kernel, 0.5)), fmt(percentileUs(kernel, 0.9)), fmt(percentileUs(kernel, 0.99)),
                      fmt(percentileUs(own, 0.5)), fmt(percentileUs(own, 0.9)), fmt(percentileUs(own, 0.99)) });
    }
    if (rows.isEmpty())
        return;
    out() << "\neach signal meets an idle loop, split at the contender's handler (--split), in microseconds\n";
    printTable({ QStringLiteral("contender"), QStringLiteral("kill->handler p50"), QStringLiteral("p90"),
                 QStringLiteral("p99"), QStringLiteral("handler->callback p50"), QStringLiteral("p90"),
                 QStringLiteral("p99") },
               rows);
    QStringList parts;
    const auto ours = split.constFind(QStringLiteral("signalnotifier"));
    for (const QString &peer : { QStringLiteral("libuv"), QStringLiteral("qt-self-pipe") }) {
        const auto p = split.constFind(peer);
        if (ours == split.cend() || !ours->c->splitWhole || p == split.cend() || !p->c->splitWhole) {
            // As the targets say it (outside breaker: an empty line, or none at all).
            parts.append(QStringLiteral("signalnotifier/%1 not measured").arg(peer));
            continue;
        }
        for (int part : { 0, 1 }) {
            for (double q : { 0.5, 0.99 }) {
                const double x = percentileUs(ours->sorted[std::size_t(part)], q);
                const double y = percentileUs(p->sorted[std::size_t(part)], q);
                if (x <= 0 || y <= 0)
                    continue;
                const auto [low, high] = interval(ours->c->splitBlocks[std::size_t(part)],
                                                  p->c->splitBlocks[std::size_t(part)], q);
                parts.append(QStringLiteral("%1 %2/%3 %4%5")
                                 .arg(part ? QStringLiteral("handler->callback") : QStringLiteral("kill->handler"),
                                      q < 0.9 ? QStringLiteral("p50") : QStringLiteral("p99"), peer,
                                      QString::number(x / y, 'f', 2),
                                      low > 0 ? QStringLiteral(" [%1, %2]").arg(low, 0, 'f', 2).arg(high, 0, 'f', 2)
                                              : QString()));
            }
        }
    }
    out() << "Split (idle loop, not counted): " << parts.join(QStringLiteral("; ")) << "\n";
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
    const QCommandLineOption idleTripsOpt(QStringLiteral("idle-trips"),
        QStringLiteral("Round trips per round with an idle loop between them (1000)."), QStringLiteral("n"));
    const QCommandLineOption gapOpt(QStringLiteral("gap-us"),
        QStringLiteral("Pause after each idle-loop round trip, in microseconds (1000)."), QStringLiteral("us"));
    const QCommandLineOption glibOnlyOpt(QStringLiteral("no-noglib"),
        QStringLiteral("Leave out the QT_NO_GLIB=1 runs of the Qt contenders."));
    const QCommandLineOption splitOpt(QStringLiteral("split"),
        QStringLiteral("Idle-loop runs: a clock stamp in a handler over each contender's, printed as "
                       "kill -> handler (the kernel) and handler -> callback (the library). Adds the "
                       "stamp, about 30 ns, to those runs."));
    parser.addOptions({ quickOpt, roundsOpt, tripsOpt, burstOpt, idleOpt, csvOpt, onlyOpt, unpinnedOpt,
                        idleTripsOpt, gapOpt, glibOnlyOpt, splitOpt });
    parser.process(app);

    Settings s;
    if (parser.isSet(quickOpt)) {
        s.rounds = 1;
        s.trips = 300;
        s.warmup = 50;
        s.burst = 500;
        s.idleMs = 300;
        s.quick = true;
        s.idleTrips = 100;
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
    intOpt(idleTripsOpt, &s.idleTrips);
    intOpt(gapOpt, &s.gapUs);
    if (parser.isSet(unpinnedOpt))
        s.cpu = -1;
    if (parser.isSet(glibOnlyOpt))
        s.noGlib = false;
    s.split = parser.isSet(splitOpt);
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
            if (contender.isEmpty())
                continue;
            Contender c;
            c.name = contender;
            c.program = program;
            c.arg = contender;
            if (only.isEmpty() || only.contains(c.name))
                contenders.append(c);
            if (contender == QLatin1String("signalnotifier")) {
                Contender chaining = c;
                chaining.name = contender + ChainingSuffix;
                chaining.chaining = true;
                if (only.isEmpty() || only.contains(contender) || only.contains(chaining.name))
                    contenders.append(chaining);
            }
            if (WorkerContenders.contains(contender)) {
                Contender recipe = c;
                recipe.name = contender + RecipeSuffix;
                recipe.recipe = true;
                recipe.env = QStringList { QStringLiteral("SNBENCH_WORKER_TAKES_ALL=1") };
                if (only.isEmpty() || only.contains(contender) || only.contains(recipe.name))
                    contenders.append(recipe);
            }
            if (s.noGlib && QtContenders.contains(contender)) {
                c.name = contender + NoGlibSuffix;
                c.env = QStringList { QStringLiteral("QT_NO_GLIB=1") };
                if (only.isEmpty() || only.contains(contender) || only.contains(c.name))
                    contenders.append(c);
            }
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
                                QStringLiteral("qt-docs"), QStringLiteral("qt-docs-worker"),
                                QStringLiteral("libuv"), QStringLiteral("asio"),
                                QStringLiteral("ksignalhandler") };
    // The latency-only rows after those, the QT_NO_GLIB=1 runs last, each in the same order.
    auto rank = [&](const Contender &c) {
        return order.indexOf(c.arg) + (c.latencyOnly() ? 50 : 0) + (c.noGlib() ? 100 : 0);
    };
    std::stable_sort(contenders.begin(), contenders.end(), [&](const Contender &a, const Contender &b) {
        return rank(a) < rank(b);
    });
    if (contenders.isEmpty()) {
        std::fprintf(stderr, "snbench-run: no contenders\n");
        return 2;
    }
    out() << "machine: " << machine() << "\n"
          << "settings: " << s.rounds << " rounds x " << s.trips << " round trips (+" << s.warmup
          << " warm-up each), " << (s.cpu >= 0 ? QStringLiteral("pinned to one CPU") : QStringLiteral("unpinned"))
          << "; " << s.idleTrips << " round trips with an idle loop (unpinned, " << s.gapUs
          << " us between" << (s.split ? ", split at the handler" : "") << "); bursts of " << s.burst
          << ", idle " << s.idleMs << " ms\n";
    out().flush();

    // Opened before the rounds: a path that cannot be written ends the run before its
    // minutes of measuring, not silently after them.
    QFile csv(csvPath);
    if (!csv.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
        std::fprintf(stderr, "snbench-run: cannot write %s: %s\n", qPrintable(csvPath), qPrintable(csv.errorString()));
        return 2;
    }

    QTemporaryDir tmp;
    const qsizetype n = contenders.size();
    for (int round = 0; round < s.rounds; ++round) {
        out() << "round " << round + 1 << "/" << s.rounds << "\n";
        out().flush();
        // Round-robin, starting one further each round, so no contender always goes first.
        for (bool idle : { false, true }) {
            QList<Contender *> group;
            for (qsizetype k = 0; k < n; ++k) {
                Contender &c = contenders[(k + round) % n];
                if (!skip(c, QStringLiteral("latency")))
                    group.append(&c);
            }
            runLatency(group, s, tmp, idle);
        }
        for (qsizetype k = 0; k < n; ++k) {
            Contender &c = contenders[(k + round) % n];
            if (c.latencyOnly())
                continue;   // its bursts are the plain row's
            if (!skip(c, QStringLiteral("burst")))
                runBurst(c, s, false);
            if (!skip(c, QStringLiteral("rtburst")))
                runBurst(c, s, true);
        }
    }
    for (Contender &c : contenders) {
        if (!c.latencyOnly())
            runIdle(c, s);
    }

    // The main table: pinned latency and everything that is not latency.
    const QStringList header = { QStringLiteral("contender"), QStringLiteral("min"), QStringLiteral("p50"),
                                 QStringLiteral("p90"), QStringLiteral("p99"), QStringLiteral("p99.9"),
                                 QStringLiteral("burst cb"), QStringLiteral("burst ms"),
                                 QStringLiteral("rt delivered"), QStringLiteral("rt in order"),
                                 QStringLiteral("idle wakeups"), QStringLiteral("+fds"),
                                 QStringLiteral("+threads"), QStringLiteral("restored"),
                                 QStringLiteral("deadlock") };
    QList<QStringList> rows;
    QList<QStringList> idleRows;
    QTextStream csvOut(&csv);
    csvOut << "contender,samples,lost,min_us,p50_us,p90_us,p99_us,p999_us,burst_sent,burst_callbacks,"
              "burst_arrivals,burst_ms_to_last,rt_sent,rt_delivered,rt_values_seen,rt_in_order,"
              "idle_ms,idle_wakeups,fds_added,threads_added,restored,deadlock,"
              "idle_loop_samples,idle_loop_min_us,idle_loop_p50_us,idle_loop_p90_us,idle_loop_p99_us,idle_loop_p999_us\n";
    // Percentiles by contender: [0] pinned, [1] idle loop; each min, p50, p90, p99, p99.9.
    QMap<QString, std::array<std::array<double, 5>, 2>> pct;
    auto percentiles = [](QList<qint64> &v) {
        std::sort(v.begin(), v.end());
        return std::array<double, 5> { percentileUs(v, 0), percentileUs(v, 0.5), percentileUs(v, 0.9),
                                       percentileUs(v, 0.99), percentileUs(v, 0.999) };
    };
    for (Contender &c : contenders) {
        const std::array<double, 5> q = percentiles(c.latency);
        const std::array<double, 5> qi = percentiles(c.idleLatency);
        pct.insert(c.name, { q, qi });
        const QString deadlock = c.deadlocks.isEmpty() ? QStringLiteral("no")
                                                       : QStringLiteral("YES (%1)").arg(c.deadlocks.join(QLatin1Char(' ')));
        rows.append({ c.name, fmt(q[0]), fmt(q[1]), fmt(q[2]), fmt(q[3]), fmt(q[4]),
                      fmt(median(c.burstCallbacks), 0), fmt(median(c.burstMs)),
                      rtCell(c, s), orderCell(c),
                      c.idleWakeups < 0 ? QStringLiteral("-") : QString::number(c.idleWakeups),
                      QString::number(c.fdsAdded), QString::number(c.threadsAdded),
                      restoredCell(c), deadlock });
        idleRows.append({ c.name, fmt(qi[0]), fmt(qi[1]), fmt(qi[2]), fmt(qi[3]), fmt(qi[4]) });
        csvOut << c.name << ',' << c.latency.size() << ',' << c.lost;
        for (double v : q)
            csvOut << ',' << fmt(v, 2);
        csvOut << ',' << s.burst << ',' << fmt(median(c.burstCallbacks), 0) << ','
               << fmt(median(c.burstArrivals), 0) << ',' << fmt(median(c.burstMs), 3) << ','
               << s.burst << ',' << fmt(median(c.rtDelivered), 0) << ','
               << (c.hasValues ? fmt(median(c.rtSeen), 0) : QStringLiteral("n/a")) << ','
               << orderCell(c) << ',' << s.idleMs << ',' << c.idleWakeups << ',' << c.fdsAdded << ','
               << c.threadsAdded << ',' << restoredCell(c) << ','
               << (c.deadlocks.isEmpty() ? QStringLiteral("no") : c.deadlocks.join(QLatin1Char(' ')))
               << ',' << c.idleLatency.size();
        for (double v : qi)
            csvOut << ',' << fmt(v, 2);
        csvOut << '\n';
    }
    auto printTable = [](const QStringList &head, const QList<QStringList> &body) {
        QList<qsizetype> width(head.size());
        for (qsizetype i = 0; i < head.size(); ++i) {
            width[i] = head[i].size();
            for (const QStringList &r : body)
                width[i] = std::max(width[i], r[i].size());
        }
        auto printRow = [&](const QStringList &r) {
            out() << "|";
            for (qsizetype i = 0; i < r.size(); ++i)
                out() << ' ' << (i == 0 ? r[i].leftJustified(width[i]) : r[i].rightJustified(width[i])) << " |";
            out() << "\n";
        };
        printRow(head);
        out() << "|";
        for (qsizetype i = 0; i < head.size(); ++i)
            out() << QString(width[i] + 1, QLatin1Char('-')) << (i == 0 ? "-|" : ":|");
        out() << "\n";
        for (const QStringList &r : body)
            printRow(r);
    };
    out() << "\nlatency kill -> callback in microseconds, " << (s.cpu >= 0 ? "pinned" : "unpinned")
          << " ping-pong; bursts: medians over rounds\n";
    printTable(header, rows);
    out() << "\nlatency kill -> callback in microseconds, each signal meets an idle loop (unpinned, "
          << s.gapUs << " us between round trips)\n";
    printTable({ QStringLiteral("contender"), QStringLiteral("min"), QStringLiteral("p50"), QStringLiteral("p90"),
                 QStringLiteral("p99"), QStringLiteral("p99.9") }, idleRows);
    for (const Contender &c : contenders) {
        for (const QString &e : c.errors)
            out() << "note: " << c.name << ": " << e << "\n";
        for (const QString &f : c.freezes)
            out() << "deadlock: " << c.name << ": " << f << "\n";
        if (c.lost)
            out() << "note: " << c.name << ": " << c.lost << " round trips got no callback within 2 s\n";
    }

    // The ratios against libuv and the Qt docs pattern, both modes, from this one run. A
    // QT_NO_GLIB=1 row of ours is compared with the Qt docs pattern under QT_NO_GLIB=1.
    auto ratio = [&](const QString &a, const QString &b, int mode, int q) {
        if (!pct.contains(a) || !pct.contains(b))
            return -1.0;
        const double x = pct.value(a)[mode][q];
        const double y = pct.value(b)[mode][q];
        return x > 0 && y > 0 ? x / y : -1.0;
    };
    auto cell = [](double r) { return r < 0 ? QStringLiteral("-") : QString::number(r, 'f', 2); };
    QList<QStringList> ratioRows;
    const QString uv = QStringLiteral("libuv");
    for (const Contender &c : contenders) {
        if (c.arg != QLatin1String("signalnotifier") && c.arg != QLatin1String("signalnotifier-worker"))
            continue;   // the chaining row too: compare it with the "before" of issue 14
        const QString suffix = c.noGlib() ? NoGlibSuffix : QString();
        QStringList peers = { uv, QStringLiteral("qt-docs") + suffix };
        // A worker row also against the Qt docs pattern in a worker with the same masks.
        if (c.arg == QLatin1String("signalnotifier-worker"))
            peers.append(QStringLiteral("qt-docs-worker") + (c.recipe ? RecipeSuffix : suffix));
        for (const QString &peer : std::as_const(peers)) {
            if (!pct.contains(peer))
                continue;
            ratioRows.append({ c.name, peer, cell(ratio(c.name, peer, 0, 1)), cell(ratio(c.name, peer, 0, 3)),
                               cell(ratio(c.name, peer, 1, 1)), cell(ratio(c.name, peer, 1, 3)) });
        }
    }
    if (!ratioRows.isEmpty()) {
        out() << "\nratios of SignalNotifier to a peer in this run (below 1.00: SignalNotifier is faster)\n";
        printTable({ QStringLiteral("SignalNotifier"), QStringLiteral("peer"), QStringLiteral("pinned p50"),
                     QStringLiteral("pinned p99"), QStringLiteral("idle-loop p50"), QStringLiteral("idle-loop p99") },
                   ratioRows);
    }
    out() << "\n";

    // The functional targets in one line; only these decide the exit status. Deadlock,
    // realtime order, idle wake-ups and the restored handler are checked for every
    // SignalNotifier row (QT_NO_GLIB=1 included).
    auto verdict = [](bool ok) { return ok ? QStringLiteral("ok") : QStringLiteral("MISSED"); };
    QList<const Contender *> ours;
    for (const Contender &c : contenders) {
        if (c.arg.startsWith(QLatin1String("signalnotifier")) && !c.latencyOnly())
            ours.append(&c);
    }
    bool functionalOk = !ours.isEmpty();
    QStringList deadlock, realtime, idle, restored;
    bool deadlockOk = true, realtimeOk = true, idleOk = true, restoredOk = true;
    for (const Contender *c : ours) {
        const bool d = c->deadlocks.isEmpty() && c->errors.isEmpty() && c->lost == 0;
        const bool rt = c->rtRuns == s.rounds && c->rtAllInOrder;
        const bool i = c->idleWakeups == 0;
        const bool r = c->checkedRuns > 0 && c->restoredRuns == c->checkedRuns;
        deadlockOk = deadlockOk && d;
        realtimeOk = realtimeOk && rt;
        idleOk = idleOk && i;
        restoredOk = restoredOk && r;
        deadlock.append(QStringLiteral("%1 %2").arg(c->name, d ? QStringLiteral("none") : c->deadlocks.join(QLatin1Char(' ')) + c->errors.join(QLatin1Char(' '))));
        realtime.append(QStringLiteral("%1 %2/%3").arg(c->name, fmt(c->rtSeen.isEmpty() ? -1 : *std::min_element(c->rtSeen.begin(), c->rtSeen.end()), 0)).arg(s.burst));
        idle.append(QStringLiteral("%1 %2").arg(c->name).arg(c->idleWakeups));
        restored.append(QStringLiteral("%1 %2").arg(c->name, restoredCell(*c)));
    }
    functionalOk = functionalOk && deadlockOk && realtimeOk && restoredOk;
    out() << "SignalNotifier functional targets: no deadlock or failed run " << verdict(deadlockOk) << " (" << deadlock.join(QStringLiteral(", "))
          << "); realtime values in order " << verdict(realtimeOk) << " (" << realtime.join(QStringLiteral(", "))
          << ", every round); idle wake-ups 0 " << verdict(idleOk) << " (" << idle.join(QStringLiteral(", "))
          << "); previous handler restored " << verdict(restoredOk) << " (" << restored.join(QStringLiteral(", "))
          << ") => " << (functionalOk && idleOk ? "all met" : "NOT all met") << "\n";

    // The latency targets (issue 14), on Qt's default (glib) dispatcher, in both modes:
    // main-thread p50 <= libuv's, worker-thread p50 <= the Qt docs pattern's, main-thread
    // p99 <= libuv's. Ratios from this run; never part of the exit status.
    // The worker's target is taken two ways, each with the same signal masks on both
    // sides: the worker set up as the README recommends (the main thread blocks the
    // signal, the kernel hands it to the worker) against the Qt docs pattern as its docs
    // show it, in the main thread; and the worker as it is, the main thread taking the
    // signal first and waking it, against the Qt docs pattern with its QSocketNotifier in
    // a worker, which pays the same second wake-up. The worker as it is against the Qt docs
    // pattern in the main thread (two threads woken against one) is in the ratio table;
    // no design can close that gap without changing the program's signal masks.
    // "ok" and "MISSED" read the ratio itself; the interval after it (interval()) says
    // whether this run tells the two apart: one that holds 1.00 does not.
    QStringList goals;
    QStringList references;
    bool latencyOk = true;
    auto byName = [&](const QString &name) -> const Contender * {
        for (const Contender &c : contenders) {
            if (c.name == name)
                return &c;
        }
        return nullptr;
    };
    constexpr std::array<double, 5> Fractions { 0, 0.5, 0.9, 0.99, 0.999 };
    // `counted` false: a reference, printed with its interval but no verdict.
    auto goal = [&](const QString &what, const QString &a, const QString &b, int q, bool counted = true) {
        for (int mode : { 0, 1 }) {
            const double r = ratio(a, b, mode, q);
            const bool ok = r > 0 && r <= 1.0;
            if (counted)
                latencyOk = latencyOk && ok;
            const Contender *ca = byName(a);
            const Contender *cb = byName(b);
            const auto [low, high] = r > 0 && ca && cb ? interval(*ca, *cb, mode, Fractions[std::size_t(q)])
                                                       : std::pair<double, double> { -1, -1 };
            const QString range = low > 0 ? QStringLiteral(" [%1, %2]").arg(cell(low), cell(high)) : QString();
            const QString judged = r < 0 ? QStringLiteral(" not measured") : counted ? QLatin1Char(' ') + verdict(ok) : QString();
            (counted ? goals : references)
                .append(QStringLiteral("%1 %2 %3%4%5").arg(what, mode ? QStringLiteral("idle-loop") : QStringLiteral("pinned"),
                                                           cell(r), range, judged));
        }
    };
    goal(QStringLiteral("main p50/libuv"), QStringLiteral("signalnotifier"), uv, 1);
    goal(QStringLiteral("worker (main blocks it) p50/qt-docs"), QStringLiteral("signalnotifier-worker") + RecipeSuffix,
         QStringLiteral("qt-docs"), 1);
    goal(QStringLiteral("worker p50/qt-docs-worker"), QStringLiteral("signalnotifier-worker"),
         QStringLiteral("qt-docs-worker"), 1);
    goal(QStringLiteral("main p99/libuv"), QStringLiteral("signalnotifier"), uv, 3);
    out() << "SignalNotifier latency targets (ratio <= 1.00, glib dispatcher; [the 95 % interval of the ratio over "
             "this run's turns]): " << goals.join(QStringLiteral("; "))
          << " => " << (latencyOk ? "all met" : "NOT all met") << "\n";
    // What no library on Qt's loop can go below: the bare self-pipe read through a
    // QSocketNotifier, against libuv, and SignalNotifier against it. Not counted.
    const QString floor = QStringLiteral("qt-self-pipe");
    goal(QStringLiteral("qt-self-pipe p50/libuv"), floor, uv, 1, false);
    goal(QStringLiteral("qt-self-pipe p99/libuv"), floor, uv, 3, false);
    goal(QStringLiteral("main p50/qt-self-pipe"), QStringLiteral("signalnotifier"), floor, 1, false);
    goal(QStringLiteral("main p99/qt-self-pipe"), QStringLiteral("signalnotifier"), floor, 3, false);
    out() << "The floor of a Qt loop (glib dispatcher, not counted): " << references.join(QStringLiteral("; ")) << "\n";
    if (s.split)
        printSplit(contenders, printTable);
    out() << "\nCSV: " << QFileInfo(csv).absoluteFilePath() << "\n";
    out().flush();
    csvOut.flush();
    if (out().status() != QTextStream::Ok || csvOut.status() != QTextStream::Ok || !csv.flush()) {
        std::fprintf(stderr, "snbench-run: could not write the results (%s)\n",
                     out().status() != QTextStream::Ok ? "standard output" : qPrintable(csvPath));
        return 2;
    }
    // Otherwise only what does not depend on timing decides the exit status.
    return functionalOk ? 0 : 1;
}
