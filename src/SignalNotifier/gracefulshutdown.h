// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#pragma once

#include <SignalNotifier/signal.h>
#include <SignalNotifier/signalinfo.h>

#include <QtCore/qdeadlinetimer.h>
#include <QtCore/qobject.h>

#include <chrono>
#include <functional>
#include <memory>

namespace SN {

class ShutdownHookCall;
class ShutdownSequence;
class ShutdownShared;

class SIGNALNOTIFIER_EXPORT GracefulShutdown : public QObject
{
    Q_OBJECT
    Q_PROPERTY(std::chrono::milliseconds deadline READ deadline WRITE setDeadline NOTIFY deadlineChanged)
    Q_PROPERTY(SN::GracefulShutdown::ExitMode exitMode READ exitMode WRITE setExitMode NOTIFY exitModeChanged)
    Q_PROPERTY(int exitCode READ exitCode WRITE setExitCode NOTIFY exitCodeChanged)
public:
    // How the process ends once the shutdown is done.
    enum ExitMode {
        ExitBySignal,   // the request's own default action: 130 / 143, killed-by-SIGTERM
        ExitNormally,   // exit(exitCode())
    };
    Q_ENUM(ExitMode)

    // Why the orderly sequence was cut short.
    enum ForceReason {
        SecondRequest,   // another termination request arrived during the shutdown
        DeadlinePassed,  // the overall deadline passed
    };
    Q_ENUM(ForceReason)

    // Handed to an asynchronous hook; call done() once, from any thread, when its work
    // has finished. Copyable; later calls are ignored.
    class SIGNALNOTIFIER_EXPORT Completion
    {
    public:
        Completion() = default;
        void done() const;
    private:
        friend class ShutdownSequence;
        friend class ShutdownHookCall;
        Completion(std::shared_ptr<ShutdownShared> state, int hook) : m_state(std::move(state)), m_hook(hook) {}
        std::shared_ptr<ShutdownShared> m_state;
        int m_hook = -1;
    };

    // Held by work that must not be cut off ("do not stop while this file is written").
    // Move-only; releasing it (or destroying it) lets the shutdown go on.
    class SIGNALNOTIFIER_EXPORT Inhibitor
    {
    public:
        Inhibitor() = default;
        Inhibitor(Inhibitor &&other) noexcept;
        Inhibitor &operator=(Inhibitor &&other) noexcept;
        ~Inhibitor();
        void release();
        bool isActive() const;
    private:
        friend class GracefulShutdown;
        std::shared_ptr<ShutdownShared> m_state;
        int m_id = -1;
    };

    using Hook = std::function<void()>;
    using AsyncHook = std::function<void(Completion)>;

    // Watches Signal::terminationRequests() (Interrupt, Terminate, Hangup/Close, Logoff,
    // Shutdown, session end) or the given requests.
    explicit GracefulShutdown(QObject *parent = nullptr);
    explicit GracefulShutdown(const QList<Signal> &requests, QObject *parent = nullptr);
    ~GracefulShutdown() override;

    // Hooks run one at a time, by ascending `order`, then in the order they were added.
    void addHook(const QString &name, Hook hook,
                 std::chrono::milliseconds timeout = std::chrono::seconds(5), int order = 0);
    void addAsyncHook(const QString &name, AsyncHook hook,
                      std::chrono::milliseconds timeout = std::chrono::seconds(5), int order = 0);
    // With a context, like QObject::connect: the hook runs in the context's thread, and is
    // dropped when the context is destroyed before it is called.
    void addHook(const QString &name, const QObject *context, Hook hook,
                 std::chrono::milliseconds timeout = std::chrono::seconds(5), int order = 0);
    void addAsyncHook(const QString &name, const QObject *context, AsyncHook hook,
                      std::chrono::milliseconds timeout = std::chrono::seconds(5), int order = 0);
    bool removeHook(const QString &name);

    [[nodiscard]] Inhibitor inhibit(const QString &why);

    std::chrono::milliseconds deadline() const;
    void setDeadline(std::chrono::milliseconds total);
    QDeadlineTimer forcedExitDeadline() const;
    ExitMode exitMode() const;
    void setExitMode(ExitMode mode);
    int exitCode() const;
    void setExitCode(int code);

    bool isShuttingDown() const;
    SignalInfo request() const;

    // Why it could not start watching (out of descriptors or threads, a request that
    // cannot be watched); Error::NoError when it watches.
    Error::Code error() const;
    QString errorString() const;

    // Runs the application's event loop; when a shutdown has run, ends the process the
    // way exitMode() says. Returns the loop's own code when the loop ended otherwise.
    int exec();
    // The same, running the loop with `runLoop` instead of QCoreApplication::exec, e.g.
    // `shutdown.exec(QApplication::exec)`: what QGuiApplication::exec adds (accessibility)
    // then stays, without this library depending on Qt GUI.
    int exec(int (*runLoop)());

public Q_SLOTS:
    // Starts the same sequence without a signal (a Quit menu, a failed health check).
    void requestShutdown();

Q_SIGNALS:
    void shutdownRequested(const SN::SignalInfo &request);
    void hookStarted(const QString &name);
    void hookFinished(const QString &name);
    void hookOverdue(const QString &name);
    void forcingExit(SN::GracefulShutdown::ForceReason reason);
    void finished();
    void deadlineChanged(std::chrono::milliseconds deadline);
    void exitModeChanged(SN::GracefulShutdown::ExitMode exitMode);
    void exitCodeChanged(int exitCode);

private:
    Q_DISABLE_COPY(GracefulShutdown)
    std::unique_ptr<ShutdownSequence> d;   // this object's thread; see gracefulshutdown_p.h
};

} // namespace SN
