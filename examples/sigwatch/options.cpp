// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// Parsed by hand rather than with QCommandLineParser: `--send SIGNAL PID` takes two
// positional arguments, "-1" is a (bad) signal number rather than an option, and every
// mistake must come out as exactly one line that names the offending argument.

#include "options.h"

#include <QtCore/qregularexpression.h>

#include <limits>

namespace {

QString quoted(const QString &text)
{
    return QLatin1Char('\'') + text + QLatin1Char('\'');
}

bool isNumberLike(const QString &text)
{
    static const QRegularExpression number(QStringLiteral("^[+-]?[0-9]+$"));
    return number.match(text.trimmed()).hasMatch();
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
        if (ok && n >= 1 && n <= Signal::realtimeMaximum())
            *error = QStringLiteral("signal number %1 is not a signal of this system").arg(text.trimmed());
        else
            *error = QStringLiteral("signal number %1 is out of range").arg(text.trimmed());
        return false;
    }
    *signal = s;
    return true;
}

// The message of Signal::errorText() names the signal ("SIGKILL cannot be watched");
// when the user spelled it otherwise ("9"), name their spelling too.
QString aboutSignal(const QString &text, Signal signal, Signal::Error error)
{
    const QString message = Signal::errorText(error, signal);
    const QString typed = text.trimmed();
    if (typed.compare(signal.name(), Qt::CaseInsensitive) == 0
        || typed.compare(signal.shortName(), Qt::CaseInsensitive) == 0) {
        return message;
    }
    return QStringLiteral("%1: %2").arg(quoted(text), message);
}

bool parsePid(const QString &text, qint64 *pid, QString *error)
{
    static const QRegularExpression digits(QStringLiteral("^[0-9]+$"));
    bool ok = false;
    const qlonglong n = digits.match(text).hasMatch() ? text.toLongLong(&ok) : 0;
    // One process, never a group: 0 and negative numbers mean something else to kill().
    if (!ok || n <= 0 || n > std::numeric_limits<int>::max()) {
        *error = QStringLiteral("%1 is not a process id").arg(quoted(text));
        return false;
    }
    *pid = n;
    return true;
}

} // namespace

QList<Signal> defaultWatchedSignals()
{
    // Those this platform can watch: on Windows, Close (HUP), Interrupt, Break (QUIT) and
    // the harmless Terminate; the POSIX-only ones would be refused there.
    QList<Signal> out;
    for (Signal s : {Signal::Hangup, Signal::Interrupt, Signal::Quit, Signal::Terminate,
                     Signal::User1, Signal::User2, Signal::WindowChanged}) {
        if (s.watchability() == Signal::NoError)
            out.append(s);
    }
    return out;
}

bool parseArguments(const QStringList &arguments, Options *options, QString *error)
{
    *options = Options();
    QStringList positional;
    bool help = false;
    bool version = false;
    bool list = false;
    bool send = false;
    std::optional<QString> countText;
    std::optional<QString> valueText;
    bool optionsEnded = false;

    for (int i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        // "-1" is a signal number (a bad one), not an option.
        if (optionsEnded || !argument.startsWith(QLatin1Char('-')) || argument.size() == 1
            || isNumberLike(argument)) {
            positional.append(argument);
            continue;
        }
        if (argument == QLatin1String("--")) {
            optionsEnded = true;
            continue;
        }
        const qsizetype equals = argument.indexOf(QLatin1Char('='));
        const QString name = equals < 0 ? argument : argument.left(equals);
        const std::optional<QString> attached =
            equals < 0 ? std::nullopt : std::optional<QString>(argument.mid(equals + 1));

        if (name == QLatin1String("--count") || name == QLatin1String("--value")) {
            std::optional<QString> value = attached;
            if (!value && i + 1 < arguments.size())
                value = arguments.at(++i);
            if (!value) {
                *error = name == QLatin1String("--count")
                    ? QStringLiteral("--count needs a number of activations")
                    : QStringLiteral("--value needs an integer");
                return false;
            }
            (name == QLatin1String("--count") ? countText : valueText) = value;
            continue;
        }

        bool *flag = nullptr;
        if (name == QLatin1String("--help") || name == QLatin1String("-h"))
            flag = &help;
        else if (name == QLatin1String("--version"))
            flag = &version;
        else if (name == QLatin1String("--json"))
            flag = &options->json;
        else if (name == QLatin1String("--list"))
            flag = &list;
        else if (name == QLatin1String("--send"))
            flag = &send;
        if (!flag) {
            *error = QStringLiteral("unknown option %1 (see sigwatch --help)").arg(quoted(name));
            return false;
        }
        if (attached) {
            *error = QStringLiteral("option %1 takes no value").arg(quoted(argument));
            return false;
        }
        *flag = true;
    }

    if (help) {
        options->mode = Options::Help;
        return true;
    }
    if (version) {
        options->mode = Options::Version;
        return true;
    }
    if (list && send) {
        *error = QStringLiteral("--list and --send cannot be used together");
        return false;
    }
    if (countText && (list || send)) {
        *error = QStringLiteral("--count only applies when watching, not with %1")
                     .arg(list ? QStringLiteral("--list") : QStringLiteral("--send"));
        return false;
    }
    if (valueText && !send) {
        *error = QStringLiteral("--value only applies to --send");
        return false;
    }

    if (list) {
        options->mode = Options::List;
        if (positional.size() > 1) {
            *error = QStringLiteral("--list takes at most one PID, not also %1").arg(quoted(positional.at(1)));
            return false;
        }
        return positional.isEmpty() || parsePid(positional.first(), &options->pid, error);
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
            *error = aboutSignal(positional.at(0), options->signal, Signal::UnsupportedSignal);
            return false;
        }
        if (!parsePid(positional.at(1), &options->pid, error))
            return false;
        if (valueText) {
            bool ok = false;
            const int value = valueText->toInt(&ok);
            if (!ok) {
                *error = QStringLiteral("--value needs an integer, not %1").arg(quoted(*valueText));
                return false;
            }
            options->value = value;
        }
        return true;
    }

    options->mode = Options::Watch;
    if (countText) {
        bool ok = false;
        const quint64 count = countText->toULongLong(&ok);
        if (!ok || count == 0 || countText->startsWith(QLatin1Char('+'))) {
            *error = QStringLiteral("--count needs a positive whole number, not %1").arg(quoted(*countText));
            return false;
        }
        options->count = count;
    }
    if (positional.isEmpty()) {
        options->watched = defaultWatchedSignals();
        return true;
    }
    for (const QString &text : std::as_const(positional)) {
        Signal s;
        if (!parseSignal(text, &s, error))
            return false;
        if (const Signal::Error e = s.watchability(); e != Signal::NoError) {
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
    return QStringLiteral(R"(Usage:
  sigwatch [--json] [--count N] [SIGNAL ...]
  sigwatch --list [--json] [PID]
  sigwatch --send SIGNAL PID [--value N]
  sigwatch --help | --version

Watches signals and prints one line per activation, written at once (stdout may be a
pipe). Without SIGNAL arguments it watches HUP INT QUIT TERM USR1 USR2 WINCH.
A SIGNAL is a name or a number: SIGINT, INT, int, 2, RTMIN+3, SIGRTMAX-1, or a portable
name such as Interrupt. KILL, STOP, SEGV, BUS, ILL and FPE cannot be watched.

Watching:
  The first line says what is watched and the pid. Each activation prints the signal,
  its number, the sender's pid and uid, the si_code, and where they apply the sigqueue
  value, the child status (SIGCHLD), a count (arrivals merged into one activation) and
  "overflow". The watched signals are unblocked at start. A signal that was ignored
  when sigwatch started (nohup) stays ignored and is never printed.
  INT and TERM, when watched, always end sigwatch: the activation is printed, the
  default action is put back and the signal is raised again, so the parent sees
  sigwatch killed by that signal (a shell reports 130 or 143). Other signals, HUP
  included, are only printed.
  --count N   exit 0 once N activations have been printed. Every activation counts,
              whatever its signal; INT and TERM still end sigwatch by the signal.
  --json      one JSON object per line: first
                {"event":"ready","pid":..,"signals":[..],"keptIgnored":[..],"version":".."}
              then per activation
                {"event":"signal","signal":"SIGUSR1","number":10,"code":"SI_USER",
                 "pid":123,"uid":1000,"value":null,"status":null,"count":1,
                 "overflow":false}
              (pid, uid, value, status are null when the system did not report them).

Listing (--list [PID]):
  Every signal of this system: number, name, action, whether it is blocked and
  pending, description. PID defaults to sigwatch itself, whose actions are "default",
  "ignored", "watched" or "handled". For another process (Linux only, read from
  /proc/PID/status) the actions are "default", "ignored" or "caught".
  --json      one JSON object per line and per signal:
                {"pid":..,"number":1,"signal":"SIGHUP","action":"default",
                 "blocked":false,"pending":false,"description":".."}

Sending (--send SIGNAL PID):
  Sends SIGNAL to process PID with kill(), or with sigqueue() and the value N when
  --value N is given. Prints nothing on success.

Exit status:
  0  success (--count reached, --list, --send, --help, --version)
  1  the system refused: no such process, permission denied, cannot watch
  2  bad command line; one line on stderr says what was wrong
  killed by SIGINT or SIGTERM when that signal ended the watch (shell: 130, 143)
)");
}
