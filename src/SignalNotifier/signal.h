// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#pragma once

#include <SignalNotifier/error.h>
#include <SignalNotifier/signalnotifier_export.h>

#include <QtCore/qdeadlinetimer.h>
#include <QtCore/qhashfunctions.h>
#include <QtCore/qlist.h>
#include <QtCore/qmetatype.h>
#include <QtCore/qobjectdefs.h>
#include <QtCore/qstring.h>

#include <optional>
#include <type_traits>

class QDataStream;
class QDebug;

namespace SN {

class SignalInfo;
struct SignalState;

class SIGNALNOTIFIER_EXPORT Signal
{
    Q_GADGET
    Q_PROPERTY(Id id READ id)
    Q_PROPERTY(int number READ number)
    Q_PROPERTY(QString name READ name)
public:
    // In step with SignalBackend::Id (platform/signalbackend_p.h), shifted by 256: the
    // values lie above every platform's signal numbers, so a POSIX number cast to Id
    // (static_cast<Signal::Id>(SIGHUP)) names no signal and is refused, instead of
    // meaning another one. A number becomes a Signal through fromNumber() only.
    enum Id {
        Invalid = 0,
        Interrupt = 257, Terminate, Hangup, Quit, User1, User2, Child, WindowChanged,
        Alarm, VirtualAlarm, ProfilingTimer, Pipe, Continue,
        TerminalStop, TerminalInput, TerminalOutput, Urgent, CpuTimeLimit, FileSizeLimit,
        IoPossible, PowerFailure, BadSystemCall, Trap, Abort, StackFault,
        Kill, Stop, SegmentationFault, BusError, IllegalInstruction, FloatingPointError,
        Logoff, Shutdown,
        Realtime, Other,
        Break = Quit,      // the Windows name of the same event
        Close = Hangup,    // the Windows name of the same event
    };
    Q_ENUM(Id)

    enum Disposition {
        Default,       // the system's default action
        Ignored,
        Watched,       // handled by this library for its notifiers
        Handled,       // handled by some other handler (or, for another process, by it)
        Unavailable,   // not a signal of this platform
    };
    Q_ENUM(Disposition)

    constexpr Signal() noexcept = default;
    Signal(Id id) noexcept;   // implicit: Signal s = Signal::Interrupt;
    // A POSIX number is not an Id: watch(SIGHUP) stops here with a message naming
    // fromNumber(), instead of an error that invites a cast to Id.
    template <typename Number, std::enable_if_t<std::is_arithmetic_v<Number>, int> = 0>
    Signal(Number) noexcept
    {
        static_assert(sizeof(Number) == 0,
                      "SN::Signal from a number: write SN::Signal::fromNumber(SIGHUP) for a "
                      "platform number, or SN::Signal::Hangup for the portable name. A cast to "
                      "SN::Signal::Id is not a signal number.");
    }

    static Signal fromNumber(int number);
    static Signal realtime(int offset);
    static Signal fromName(QStringView text);

    bool isValid() const noexcept { return m_code != 0; }
    Id id() const;
    int number() const;
    bool existsOnThisPlatform() const;
    bool isRealtime() const;
    Error watchability() const;

    QString name() const;
    QString shortName() const;
    QString description() const;

    static QList<Signal> validSignals();
    static QList<Signal> terminationRequests();
    static QList<Signal> serviceStopRequests();
    static int realtimeMinimum();
    static int realtimeMaximum();

    Disposition disposition() const;
    Disposition underlyingDisposition() const;
    bool setDisposition(Disposition disposition, Error *error = nullptr) const;

    bool send(qint64 pid, Error *error = nullptr) const;
    bool sendValue(qint64 pid, int value, Error *error = nullptr) const;
    bool raise(Error *error = nullptr) const;
    bool sendToThread(Qt::HANDLE threadId, Error *error = nullptr) const;
    [[noreturn]] void endProcess() const;
    bool sendToHandle(int processHandle, Error *error = nullptr) const;
    static int openProcessHandle(qint64 pid, Error *error = nullptr);

    bool isBlockedInThisThread() const;
    static bool setBlockedInThisThread(const QList<Signal> &set, bool blocked,
                                       Error *error = nullptr);

    static QList<SignalState> processState(qint64 pid, Error *error = nullptr);

    static std::optional<SignalInfo> waitForAny(const QList<Signal> &set, QDeadlineTimer deadline,
                                                Error *error = nullptr);

    friend constexpr bool operator==(Signal a, Signal b) noexcept { return a.m_code == b.m_code; }
    friend constexpr bool operator!=(Signal a, Signal b) noexcept { return a.m_code != b.m_code; }
    friend constexpr bool operator<(Signal a, Signal b) noexcept { return a.m_code < b.m_code; }
    friend size_t qHash(Signal s, size_t seed = 0) noexcept { return qHash(s.m_code, seed); }

private:
    // > 0: the platform's number. < 0: -Id of a portable event this platform lacks.
    int m_code = 0;
};


// Signal::Id is no platform number: info.signal().id() == SIGHUP would compile and always
// be false. Comparing an Id with a number stops here, naming the right spelling. (Traps,
// not API: left out of the reference, which says so under Signal(Number).)
#ifndef SIGNALNOTIFIER_DOXYGEN
template <typename Number, std::enable_if_t<std::is_arithmetic_v<Number>, int> = 0>
bool operator==(Signal::Id, Number)
{
    static_assert(sizeof(Number) == 0,
                  "SN::Signal::Id compared with a number: Signal::Id is not a platform signal "
                  "number. Compare signals (info.signal() == SN::Signal::fromNumber(SIGHUP)) "
                  "or numbers (info.signal().number() == SIGHUP).");
    return false;
}
template <typename Number, std::enable_if_t<std::is_arithmetic_v<Number>, int> = 0>
bool operator==(Number n, Signal::Id id) { return id == n; }
template <typename Number, std::enable_if_t<std::is_arithmetic_v<Number>, int> = 0>
bool operator!=(Signal::Id id, Number n) { return id == n; }
template <typename Number, std::enable_if_t<std::is_arithmetic_v<Number>, int> = 0>
bool operator!=(Number n, Signal::Id id) { return id == n; }
#endif

// One signal's state in a process, from Signal::processState().
struct SignalState
{
    Signal signal;
    Signal::Disposition disposition = Signal::Unavailable;
    bool blocked = false;
    bool pending = false;
};

SIGNALNOTIFIER_EXPORT QDebug operator<<(QDebug debug, Signal signal);
SIGNALNOTIFIER_EXPORT QDataStream &operator<<(QDataStream &out, Signal signal);
SIGNALNOTIFIER_EXPORT QDataStream &operator>>(QDataStream &in, Signal &signal);
SIGNALNOTIFIER_EXPORT QDebug operator<<(QDebug debug, const SignalState &state);

} // namespace SN

Q_DECLARE_TYPEINFO(SN::Signal, Q_PRIMITIVE_TYPE);
Q_DECLARE_METATYPE(SN::Signal)
