// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Parsed by QCommandLineParser, with util-linux style short options (-l, -J, -lJ). One
// table below names every option once: the parser and the "Options:" part of --help are
// both made from it, and the man page is made from --help (help2man), so none of the
// three can drift from the others.

#include "options.h"

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qregularexpression.h>

#include <limits>

namespace {

struct OptionSpec
{
    QLatin1Char shortName;   // '\0': long form only
    QLatin1String longName;
    QLatin1String valueName; // empty: a flag
    QLatin1String help;
};

// The order of --help.
const OptionSpec Table[] = {
    {QLatin1Char('c'), QLatin1String("count"), QLatin1String("N"),
     QLatin1String("watching: exit 0 once N activations have been printed")},
    {QLatin1Char('t'), QLatin1String("timestamp"), QLatin1String(),
     QLatin1String("watching: start each activation with the time sigwatch received it")},
    {QLatin1Char('J'), QLatin1String("json"), QLatin1String(),
     QLatin1String("JSON: while watching, one object per line (a stream, each line a "
                   "document of its own); with --list, one document")},
    {QLatin1Char('l'), QLatin1String("list"), QLatin1String(),
     QLatin1String("list what every signal does in sigwatch, or in each PID")},
    {QLatin1Char('\0'), QLatin1String("caught"), QLatin1String(),
     QLatin1String("listing: signals with a handler (caught, handled, watched)")},
    {QLatin1Char('\0'), QLatin1String("ignored"), QLatin1String(),
     QLatin1String("listing: ignored signals")},
    {QLatin1Char('\0'), QLatin1String("blocked"), QLatin1String(),
     QLatin1String("listing: signals blocked in at least one thread")},
    {QLatin1Char('\0'), QLatin1String("pending"), QLatin1String(),
     QLatin1String("listing: pending signals")},
    {QLatin1Char('\0'), QLatin1String("signals"), QLatin1String("LIST"),
     QLatin1String("listing: only these signals (names or numbers, comma-separated)")},
    {QLatin1Char('s'), QLatin1String("send"), QLatin1String(),
     QLatin1String("send SIGNAL to process PID")},
    {QLatin1Char('q'), QLatin1String("value"), QLatin1String("N"),
     QLatin1String("sending: use sigqueue() with the integer N as its value")},
    {QLatin1Char('h'), QLatin1String("help"), QLatin1String(),
     QLatin1String("print this help and exit")},
    {QLatin1Char('V'), QLatin1String("version"), QLatin1String(),
     QLatin1String("print the version and exit")},
};

QCommandLineOption toOption(const OptionSpec &spec)
{
    QStringList names;
    if (spec.shortName != QLatin1Char('\0'))
        names.append(QString(spec.shortName));
    names.append(spec.longName);
    return QCommandLineOption(names, spec.help, spec.valueName);
}

// "  -c, --count N" and the help text wrapped beside it, as GNU and util-linux programs
// print it (and help2man expects it). QCommandLineParser::helpText() has one usage
// line only; sigwatch has three modes.
QString optionLines()
{
    constexpr int Column = 22;
    constexpr int Width = 80;
    QString out;
    for (const OptionSpec &spec : Table) {
        QString left = spec.shortName != QLatin1Char('\0')
            ? QStringLiteral("  -%1, --%2").arg(spec.shortName).arg(spec.longName)
            : QStringLiteral("      --%1").arg(spec.longName);
        if (!spec.valueName.isEmpty())
            left += QLatin1Char(' ') + spec.valueName;
        QString line = left.leftJustified(Column - 1) + QLatin1Char(' ');
        if (left.size() >= Column - 1) {
            out += left + QLatin1Char('\n');
            line = QString(Column, QLatin1Char(' '));
        }
        const QStringList words = QString(spec.help).split(QLatin1Char(' '));
        bool first = true;
        for (const QString &word : words) {
            if (!first && line.size() + 1 + word.size() > Width) {
                out += line + QLatin1Char('\n');
                line = QString(Column, QLatin1Char(' '));
                first = true;
            }
            line += (first ? QString() : QStringLiteral(" ")) + word;
            first = false;
        }
        out += line + QLatin1Char('\n');
    }
    return out;
}

QString quoted(const QString &text)
{
    return QLatin1Char('\'') + text + QLatin1Char('\'');
}

bool isNumberLike(const QString &text)
{
    static const QRegularExpression number(QStringLiteral("^[+-]?[0-9]+$"));
    return number.match(text.trimmed()).hasMatch();
}

// Whether `text` is written as the library reads a number: decimal digits only, however
// many (leading zeros too), with a leading '-' or '+' where `signed_` allows one, and no
// blank. QString's toInt() and toULongLong() also take blanks around the digits.
bool isWholeNumber(const QString &text, bool signed_)
{
    static const QRegularExpression digits(QStringLiteral("^[0-9]+$"));
    static const QRegularExpression signedDigits(QStringLiteral("^[+-]?[0-9]+$"));
    return (signed_ ? signedDigits : digits).match(text).hasMatch();
}

// Any text Signal::fromName() knows, as long as this platform has that signal.
bool parseSignal(const QString &text, Signal *signal, QString *error)
{
    const Signal s = Signal::fromName(text);
    if (!s.isValid()) {
        if (!isNumberLike(text)) {
            *error = QStringLiteral("unknown signal %1").arg(quoted(text));
            return false;
        }
        bool ok = false;
        const qlonglong n = text.trimmed().toLongLong(&ok);
        if (text.trimmed().startsWith(QLatin1Char('+')))
            *error = QStringLiteral("signal number %1 has a sign: a signal number is digits only").arg(text.trimmed());
        else if (ok && n >= 1 && n <= Signal::realtimeMaximum())
            *error = QStringLiteral("signal number %1 is not a signal of this system").arg(text.trimmed());
        else
            *error = QStringLiteral("signal number %1 is out of range").arg(text.trimmed());
        return false;
    }
    *signal = s;
    return true;
}

// The text of Signal::watchability() names the signal ("SIGKILL cannot be watched");
// when the user spelled it otherwise ("9"), name their spelling too.
QString aboutSignal(const QString &text, Signal signal, const Error &error)
{
    const QString message = error.text();
    const QString typed = text.trimmed();
    if (typed.compare(signal.name(), Qt::CaseInsensitive) == 0
        || typed.compare(signal.shortName(), Qt::CaseInsensitive) == 0) {
        return message;
    }
    return QStringLiteral("%1: %2").arg(quoted(text), message);
}

bool parsePid(const QString &text, qint64 *pid, QString *error)
{
    bool ok = false;
    const qlonglong n = isWholeNumber(text, false) ? text.toLongLong(&ok) : 0;
    // One process, never a group: 0 and negative numbers mean something else to kill().
    if (!ok || n <= 0 || n > std::numeric_limits<int>::max()) {
        *error = QStringLiteral("%1 is not a process id").arg(quoted(text));
        return false;
    }
    *pid = n;
    return true;
}

// QCommandLineParser takes "-1" for the short options "1": a negative number where a
// SIGNAL or PID goes (kill's "-9" habit) is refused here, by its own spelling, before the
// parser sees it. The value of --count, --value or --signals may look like one ("-q -7").
bool checkNegativeNumbers(const QStringList &arguments, QString *error)
{
    auto takesValue = [](const QString &argument) {
        for (const OptionSpec &spec : Table) {
            if (spec.valueName.isEmpty())
                continue;
            if (argument == QLatin1String("--") + spec.longName)
                return true;
            // "-c" alone, or compacted short options ending in one: "-Jc".
            if (spec.shortName != QLatin1Char('\0') && !argument.startsWith(QLatin1String("--"))
                && argument.size() >= 2 && argument.endsWith(spec.shortName)) {
                return true;
            }
        }
        return false;
    };
    static const QRegularExpression negative(QStringLiteral("^-[0-9]+$"));
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == QLatin1String("--"))
            return true;
        if (negative.match(argument).hasMatch()) {
            *error = QStringLiteral("%1 is neither a signal nor a process id (they are positive; "
                                    "a signal is named without a dash: INT, 2)").arg(quoted(argument));
            return false;
        }
        if (argument.startsWith(QLatin1Char('-')) && !argument.contains(QLatin1Char('='))
            && takesValue(argument)) {
            ++i;
        }
    }
    return true;
}

// QCommandLineParser's own message ("Unknown option 'x'.") in sigwatch's form.
QString parserError(const QCommandLineParser &parser)
{
    const QStringList unknown = parser.unknownOptionNames();
    if (!unknown.isEmpty()) {
        const QString &name = unknown.first();
        return QStringLiteral("unknown option %1 (see sigwatch --help)")
            .arg(quoted((name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + name));
    }
    QString text = parser.errorText();
    if (text.endsWith(QLatin1Char('.')))
        text.chop(1);
    if (!text.isEmpty())
        text[0] = text.at(0).toLower();
    return text;
}

} // namespace

QList<Signal> defaultWatchedSignals()
{
    // Those this platform can watch: on Windows, Close (HUP), Interrupt, Break (QUIT) and
    // the harmless Terminate; the POSIX-only ones would be refused there.
    QList<Signal> out;
    for (Signal s : {Signal::Hangup, Signal::Interrupt, Signal::Quit, Signal::Terminate,
                     Signal::User1, Signal::User2, Signal::WindowChanged}) {
        if (!s.watchability())
            out.append(s);
    }
    return out;
}

bool parseArguments(const QStringList &arguments, Options *options, QString *error)
{
    *options = Options();
    if (!checkNegativeNumbers(arguments, error))
        return false;

    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsCompactedShortOptions);
    for (const OptionSpec &spec : Table)
        parser.addOption(toOption(spec));
    // QCommandLineParser::parse() wants the program name first.
    if (!parser.parse(QStringList{QStringLiteral("sigwatch")} + arguments)) {
        *error = parserError(parser);
        return false;
    }
    auto isSet = [&](const char *name) { return parser.isSet(QLatin1String(name)); };
    auto value = [&](const char *name) { return parser.value(QLatin1String(name)); };
    const QStringList positional = parser.positionalArguments();

    if (isSet("help")) {
        options->mode = Options::Help;
        return true;
    }
    if (isSet("version")) {
        options->mode = Options::Version;
        return true;
    }
    const bool list = isSet("list");
    const bool send = isSet("send");
    options->json = isSet("json");
    if (list && send) {
        *error = QStringLiteral("--list and --send cannot be used together");
        return false;
    }
    const QString mode = list ? QStringLiteral("--list") : QStringLiteral("--send");
    for (const char *watchOnly : {"count", "timestamp"}) {
        if (isSet(watchOnly) && (list || send)) {
            *error = QStringLiteral("--%1 only applies when watching, not with %2")
                         .arg(QLatin1String(watchOnly), mode);
            return false;
        }
    }
    if (isSet("value") && !send) {
        *error = QStringLiteral("--value only applies to --send");
        return false;
    }
    for (const char *listOnly : {"caught", "ignored", "blocked", "pending", "signals"}) {
        if (isSet(listOnly) && !list) {
            *error = QStringLiteral("--%1 only applies to --list").arg(QLatin1String(listOnly));
            return false;
        }
    }

    if (list) {
        options->mode = Options::List;
        options->caught = isSet("caught");
        options->ignored = isSet("ignored");
        options->blocked = isSet("blocked");
        options->pending = isSet("pending");
        for (const QString &names : parser.values(QStringLiteral("signals"))) {
            static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
            const QStringList parts = names.split(separators, Qt::SkipEmptyParts);
            if (parts.isEmpty()) {
                *error = QStringLiteral("--signals needs signal names, not %1").arg(quoted(names));
                return false;
            }
            for (const QString &name : parts) {
                Signal s;
                if (!parseSignal(name, &s, error))
                    return false;
                if (!options->only.contains(s))
                    options->only.append(s);
            }
        }
        for (const QString &text : positional) {
            qint64 pid = 0;
            if (!parsePid(text, &pid, error))
                return false;
            if (!options->pids.contains(pid))
                options->pids.append(pid);
        }
        return true;
    }

    if (send) {
        options->mode = Options::Send;
        if (positional.size() < 2) {
            *error = QStringLiteral("--send needs a SIGNAL and a PID");
            return false;
        }
        if (positional.size() > 2) {
            *error = QStringLiteral("--send takes one SIGNAL and one PID, not also %1").arg(quoted(positional.at(2)));
            return false;
        }
        if (!parseSignal(positional.at(0), &options->signal, error))
            return false;
        if (!options->signal.existsOnThisPlatform()) {
            *error = aboutSignal(positional.at(0), options->signal, options->signal.watchability());
            return false;
        }
        if (!parsePid(positional.at(1), &options->pid, error))
            return false;
        if (isSet("value")) {
            const QString text = value("value");
            bool ok = false;
            const int n = isWholeNumber(text, true) ? text.toInt(&ok) : 0;
            if (!ok) {
                *error = QStringLiteral("--value needs an integer, not %1").arg(quoted(text));
                return false;
            }
            options->value = n;
        }
        return true;
    }

    options->mode = Options::Watch;
    options->timestamps = isSet("timestamp");
    if (isSet("count")) {
        const QString text = value("count");
        bool ok = false;
        const quint64 count = isWholeNumber(text, false) ? text.toULongLong(&ok) : 0;
        if (!ok || count == 0) {
            *error = QStringLiteral("--count needs a positive whole number, not %1").arg(quoted(text));
            return false;
        }
        options->count = count;
    }
    if (positional.isEmpty()) {
        options->watched = defaultWatchedSignals();
        return true;
    }
    for (const QString &text : positional) {
        Signal s;
        if (!parseSignal(text, &s, error))
            return false;
        if (const Error e = s.watchability()) {
            *error = aboutSignal(text, s, e);
            return false;
        }
        if (!options->watched.contains(s))
            options->watched.append(s);
    }
    return true;
}

QString usageText()
{
    // GNU layout: help2man turns "Usage:"/"or:" into the SYNOPSIS, "Options:" into
    // OPTIONS and each other "Heading:" into a section of its own.
    return QStringLiteral(R"(Usage: sigwatch [OPTION]... [SIGNAL]...
  or:  sigwatch --list [OPTION]... [PID]...
  or:  sigwatch --send SIGNAL PID [--value N]
Watch signals and print them, list what every signal does in a process, send a signal.

Without --list or --send, sigwatch watches the SIGNALs (default: HUP INT QUIT TERM USR1
USR2 WINCH) and prints one line per activation, written at once (stdout may be a
pipe). A SIGNAL is a name or a number: SIGINT, INT, int, 2, RTMIN+3, SIGRTMAX-1, or a
portable name such as Interrupt; names are ASCII. KILL, STOP, SEGV, BUS, ILL and FPE
cannot be watched.

Options:
)") + optionLines() + QStringLiteral(R"(
Watching:
  The first line says what is watched and the pid. Each activation prints the signal,
  its number, the sender's pid, process name and uid, the si_code, and where they
  apply the sigqueue value, the child status (SIGCHLD), a count (arrivals merged into
  one activation) and "overflow". The sender's name is read from /proc when the
  activation is printed: best effort, absent when the sender has gone by then (or on
  systems without /proc), and only as true as the pid, which a sigqueue() sender
  states itself. The watched signals are unblocked at start. A signal that was ignored
  when sigwatch started (nohup) stays ignored and is never printed.
  INT and TERM, when watched, always end sigwatch: the activation is printed, the
  default action is put back and the signal is raised again, so the parent sees
  sigwatch killed by that signal (a shell reports 130 or 143). Other signals, HUP
  included, are only printed. --count counts every activation, whatever its signal.
  --timestamp: the local time with milliseconds and offset before each line
  (2026-01-31T12:00:00.123+01:00); arrivals merged into one activation share it.

JSON while watching:
  A stream: one compact JSON object per line, each a document of its own (jq reads
  them as they come; python3 -m json.tool needs --json-lines). First
    {"event":"ready","pid":..,"signals":[..],"keptIgnored":[..],"version":".."}
  then per activation
    {"event":"signal","signal":"SIGUSR1","number":10,"code":"SI_USER","pid":123,
    "senderName":"bash","uid":1000,"value":null,"status":null,"count":1,
    "overflow":false,"time":null}
  (pid, senderName, uid, value and status are null when unknown; time is UTC,
  "2026-01-31T11:00:00.123Z", with --timestamp and null without).

Listing:
  For sigwatch itself (no PID) or for each PID: the process name, then every signal of
  this system with its number, name, action, whether it is blocked and pending, and
  its description. The actions are "default", "ignored", "watched" or "handled" for
  sigwatch itself, "default", "ignored" or "caught" for another process (Linux only,
  read from /proc/PID). Blocking is per thread: BLOCKED says "yes" when every thread
  blocks the signal, "no" when none does, "some" otherwise; PENDING is "yes" when it
  is pending for the process or for any of its threads. When the threads' masks
  differ, a table of each thread's blocked and pending signals follows (on systems
  without /proc, only the main thread's mask is known). With --caught, --ignored,
  --blocked or --pending, only the signals in at least one of those states are shown;
  with --signals, only those named. A PID that does not exist, or a bad one, is an
  error before anything is printed.

JSON when listing:
  One document, indented:
    {"processes":[{"pid":123,"name":"bash","threadsDiffer":false,
    "threads":[{"tid":123,"name":"bash","blocked":["SIGCHLD"],"pending":[]}],
    "signals":[{"number":1,"signal":"SIGHUP","action":"default","blocked":"no",
    "pending":false,"description":"Hangup"},..]},..]}
  ("name" and "threads" are null where they cannot be read).

Sending:
  Sends SIGNAL to process PID with kill(), or with sigqueue() and the value N when
  --value N is given. Prints nothing on success.

Exit status:
  0  success (--count reached, --list, --send, --help, --version)
  1  the system refused: no such process for --send, permission denied, cannot watch
  2  bad command line (an unknown option or signal, a bad or vanished PID for --list);
     one line on stderr says what was wrong, and nothing else is done
  killed by SIGINT or SIGTERM when that signal ended the watch (shell: 130, 143)

Examples:
  sigwatch -t USR1 HUP              watch two signals, with timestamps
  sigwatch -lJ --caught 1 $$        the handled signals of init and of this shell
  sigwatch -s USR1 1234 -q 7        sigqueue(1234, SIGUSR1, 7)
)");
}
