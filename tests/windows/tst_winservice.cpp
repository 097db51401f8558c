// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// SN::ServiceManager::runAsWindowsService against the real service control manager: each
// test installs snservice.exe (or the winservice example) with `sc create`, starts and
// stops it with `sc` or `net`, and checks from outside what the SCM was told
// (QueryServiceStatusEx, and `sc query`'s own report) and what the service did (its log).
// In CI the SCM is Wine's services.exe; the test needs the right to create services, so on
// Windows it runs as administrator (else it skips).
//
// What Wine's SCM cannot send is said where it matters: SERVICE_CONTROL_PRESHUTDOWN and
// SERVICE_CONTROL_SHUTDOWN come only when the prefix shuts down, and services.exe ends
// every service process at that very moment, before their dispatchers deliver them. Those
// two tests have the service call the library's control handler itself (a test build's
// export), the way the dispatcher does; everything the handler then does goes to the real
// SCM. scripts/windows/check-on-windows.ps1 checks them on a real shutdown.

#include <SignalNotifier/Error>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qdir.h>
#include <QtCore/qfile.h>
#include <QtCore/qfileinfo.h>
#include <QtCore/qprocess.h>
#include <QtCore/qregularexpression.h>
#include <QtCore/qtemporarydir.h>
#include <QtTest/qtest.h>

#include <memory>

#include <windows.h>
#include <tlhelp32.h>

namespace {

constexpr int StepTimeoutMs = 60000;

QString nativePath(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

const wchar_t *wide(const QString &text)
{
    return reinterpret_cast<const wchar_t *>(text.utf16());
}

struct ScHandle {
    SC_HANDLE h = nullptr;
    explicit ScHandle(SC_HANDLE handle) : h(handle) {}
    ~ScHandle() { if (h) CloseServiceHandle(h); }
    ScHandle(const ScHandle &) = delete;
    ScHandle &operator=(const ScHandle &) = delete;
    explicit operator bool() const { return h != nullptr; }
};

// One run of a Windows tool (sc.exe, net.exe): its exit code and what it printed.
struct Tool {
    int exitCode = -1;
    QString output;
};

Tool run(const QString &program, const QStringList &arguments)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, arguments);
    Tool t;
    if (!p.waitForFinished(StepTimeoutMs)) {
        p.kill();
        p.waitForFinished();
        t.output = QStringLiteral("(timed out)");
        return t;
    }
    t.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    t.output = QString::fromLocal8Bit(p.readAll());
    return t;
}

Tool sc(const QStringList &arguments)
{
    return run(QStringLiteral("sc.exe"), arguments);
}

// A value of `sc query`'s report ("CHECKPOINT : 0x4", "WIN32_EXIT_CODE : 1066 (0x42a)"),
// -1 when it is missing.
qint64 scField(const QString &report, const QString &field)
{
    const QRegularExpression re(QStringLiteral("^\\s*%1\\s*:\\s*(0x[0-9a-fA-F]+|\\d+)").arg(field),
                                QRegularExpression::MultilineOption);
    const QRegularExpressionMatch m = re.match(report);
    if (!m.hasMatch())
        return -1;
    bool ok = false;
    const qint64 v = m.captured(1).toLongLong(&ok, 0);
    return ok ? v : -1;
}

// A named event both sides open; the service waits for it (snservice.cpp).
class Event
{
public:
    Event(const QString &id, const QString &what)
        : m_handle(CreateEventW(nullptr, TRUE, FALSE, wide(QStringLiteral("Global\\%1-%2").arg(id, what))))
    {
    }
    ~Event() { if (m_handle) CloseHandle(m_handle); }
    Event(const Event &) = delete;
    Event &operator=(const Event &) = delete;
    bool set() { return m_handle && SetEvent(m_handle); }

private:
    HANDLE m_handle;
};

// The process a service runs in, opened by its pid while it runs, to see it end.
class ServiceProcess
{
public:
    explicit ServiceProcess(DWORD pid)
        : m_handle(OpenProcess(SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid))
    {
    }
    ~ServiceProcess() { if (m_handle) CloseHandle(m_handle); }
    ServiceProcess(const ServiceProcess &) = delete;
    ServiceProcess &operator=(const ServiceProcess &) = delete;
    bool isOpen() const { return m_handle != nullptr; }
    // Whether it ended within StepTimeoutMs.
    bool ends() const { return m_handle && WaitForSingleObject(m_handle, StepTimeoutMs) == WAIT_OBJECT_0; }
    // Its exit code once it has ended; STILL_ACTIVE when it did not end in time.
    DWORD exitCode() const
    {
        DWORD code = STILL_ACTIVE;
        if (!ends() || !GetExitCodeProcess(m_handle, &code))
            return STILL_ACTIVE;
        return code;
    }

private:
    HANDLE m_handle;
};

} // namespace

class TestWinService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void stopReportsCheckpointsWhileHooksRun();
    void exitStatusReachesTheManager();
    void startPendingUntilTheLoopRuns();
    void unknownControlIsAWarningOnly();
    void stopNobodyWatchesStopsTheService();
    void preshutdownIsAHeldShutdown();
    void shutdownAfterPreshutdownIsNotASecondRequest();
    void holdThatRunsOutStopsTheService();
    void forcedExitReportsFailure();
    void notStartedByTheManager();
    void startedAsAnotherService();
    void emptyNameTakesTheManagersName();
    void netStartAndStop();
    void exampleRunsAsAService();

private:
    // Installs `program` (a file of the staging directory) as a new service with these
    // arguments after its path, with `sc create`, under `name` (default: a new one of this
    // run). Returns the service's name.
    QString install(const QString &program, const QStringList &arguments, QString name = QString());
    // snservice.exe with its log, id and `extra` options.
    QString installHelper(const QStringList &extra);
    SERVICE_STATUS_PROCESS status(const QString &service) const;
    bool waitForState(const QString &service, DWORD state) const;
    // `sc start` / `sc stop` succeeded and the service reached SERVICE_RUNNING / SERVICE_STOPPED.
    bool startService(const QString &service) const;
    bool stopService(const QString &service) const;
    QString log(const QString &service) const;
    bool logHas(const QString &service, const QString &line) const;
    bool waitForLog(const QString &service, const QString &line) const;

    std::unique_ptr<QTemporaryDir> m_stage;
    QStringList m_installed;
    int m_counter = 0;
};

void TestWinService::initTestCase()
{
    ScHandle manager(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT | SC_MANAGER_CREATE_SERVICE));
    if (!manager)
        QSKIP("needs the right to create services (run as administrator)");

    // The service control manager starts a service with the system's environment (under
    // Wine too: CreateEnvironmentBlock), so the program finds its DLLs only beside it. Every
    // module this test has loaded from outside the Windows directory (Qt, SignalNotifier,
    // the compiler's runtime) goes next to copies of the programs.
    m_stage = std::make_unique<QTemporaryDir>();
    QVERIFY(m_stage->isValid());
    wchar_t windows[MAX_PATH] = {};
    GetWindowsDirectoryW(windows, MAX_PATH);
    const QString windowsDir = QDir::fromNativeSeparators(QString::fromWCharArray(windows)).toLower();
    const HANDLE snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPMODULE, 0);
    QVERIFY(snapshot != INVALID_HANDLE_VALUE);
    MODULEENTRY32W module = {};
    module.dwSize = sizeof module;
    int copied = 0;
    for (BOOL more = Module32FirstW(snapshot, &module); more; more = Module32NextW(snapshot, &module)) {
        const QString path = QDir::fromNativeSeparators(QString::fromWCharArray(module.szExePath));
        if (path.toLower().startsWith(windowsDir) || !path.endsWith(QLatin1String(".dll"), Qt::CaseInsensitive))
            continue;
        QVERIFY2(QFile::copy(path, m_stage->filePath(QFileInfo(path).fileName())), qPrintable(path));
        ++copied;
    }
    CloseHandle(snapshot);
    QVERIFY(copied > 0);
    // And the DLLs beside this program (Wine's module list leaves out the one of ours).
    const QDir bin(QCoreApplication::applicationDirPath());
    for (const QString &dll : bin.entryList({QStringLiteral("*.dll")}, QDir::Files)) {
        if (!QFile::exists(m_stage->filePath(dll)))
            QVERIFY2(QFile::copy(bin.filePath(dll), m_stage->filePath(dll)), qPrintable(bin.filePath(dll)));
    }
    for (const QString &program : {QStringLiteral(SNSERVICE_NAME), QStringLiteral(WINSERVICE_NAME)})
        QVERIFY2(QFile::copy(bin.filePath(program), m_stage->filePath(program)), qPrintable(bin.filePath(program)));
}

void TestWinService::cleanup()
{
    // A failed test may leave its service running: stop it, end its process if it does not
    // stop, and delete it.
    ScHandle manager(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT));
    for (const QString &name : std::as_const(m_installed)) {
        ScHandle service(OpenServiceW(manager.h, wide(name), SERVICE_ALL_ACCESS));
        if (!service)
            continue;
        SERVICE_STATUS_PROCESS st = status(name);
        if (st.dwCurrentState != SERVICE_STOPPED) {
            SERVICE_STATUS ignored;
            ControlService(service.h, SERVICE_CONTROL_STOP, &ignored);
            if (!waitForState(name, SERVICE_STOPPED) && st.dwProcessId != 0) {
                if (HANDLE process = OpenProcess(PROCESS_TERMINATE | SYNCHRONIZE, FALSE, st.dwProcessId)) {
                    TerminateProcess(process, 1);
                    WaitForSingleObject(process, StepTimeoutMs);
                    CloseHandle(process);
                }
            }
        }
        DeleteService(service.h);
    }
    m_installed.clear();
}

QString TestWinService::install(const QString &program, const QStringList &arguments, QString name)
{
    if (name.isEmpty())
        name = QStringLiteral("SnTest-%1-%2").arg(GetCurrentProcessId()).arg(++m_counter);
    QString binPath = QLatin1Char('"') + nativePath(m_stage->filePath(program)) + QLatin1Char('"');
    for (const QString &a : arguments)
        binPath += QStringLiteral(" \"%1\"").arg(a);
    const Tool created = sc({QStringLiteral("create"), name, QStringLiteral("binPath="), binPath});
    if (created.exitCode != 0) {
        qWarning("sc create failed (%d): %s", created.exitCode, qPrintable(created.output));
        return QString();
    }
    m_installed.append(name);
    return name;
}

QString TestWinService::installHelper(const QStringList &extra)
{
    // The service's name is its id too; the log is named after it.
    const QString name = QStringLiteral("SnTest-%1-%2").arg(GetCurrentProcessId()).arg(m_counter + 1);
    const QString logPath = nativePath(m_stage->filePath(name + QStringLiteral(".log")));
    return install(QStringLiteral(SNSERVICE_NAME),
                   QStringList{QStringLiteral("--log"), logPath, QStringLiteral("--id"), name} + extra);
}

SERVICE_STATUS_PROCESS TestWinService::status(const QString &service) const
{
    SERVICE_STATUS_PROCESS st = {};
    ScHandle manager(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT));
    ScHandle handle(OpenServiceW(manager.h, wide(service), SERVICE_QUERY_STATUS));
    DWORD needed = 0;
    if (!handle || !QueryServiceStatusEx(handle.h, SC_STATUS_PROCESS_INFO, reinterpret_cast<BYTE *>(&st),
                                         sizeof st, &needed))
        st.dwCurrentState = 0;
    return st;
}

bool TestWinService::waitForState(const QString &service, DWORD state) const
{
    return QTest::qWaitFor([&] { return status(service).dwCurrentState == state; }, StepTimeoutMs);
}

bool TestWinService::startService(const QString &service) const
{
    return sc({QStringLiteral("start"), service}).exitCode == 0 && waitForState(service, SERVICE_RUNNING);
}

bool TestWinService::stopService(const QString &service) const
{
    const Tool stopped = sc({QStringLiteral("stop"), service});
    if (stopped.exitCode != 0)
        qWarning("sc stop %s: exit %d: %s", qPrintable(service), stopped.exitCode, qPrintable(stopped.output));
    return stopped.exitCode == 0 && waitForState(service, SERVICE_STOPPED);
}

QString TestWinService::log(const QString &service) const
{
    QFile file(m_stage->filePath(service + QStringLiteral(".log")));
    return file.open(QIODevice::ReadOnly | QIODevice::Text) ? QString::fromUtf8(file.readAll()) : QString();
}

bool TestWinService::logHas(const QString &service, const QString &line) const
{
    return log(service).contains(line);
}

bool TestWinService::waitForLog(const QString &service, const QString &line) const
{
    return QTest::qWaitFor([&] { return logHas(service, line); }, StepTimeoutMs);
}

void TestWinService::stopReportsCheckpointsWhileHooksRun()
{
    const QString name = installHelper({QStringLiteral("--hooks"), QStringLiteral("3")});
    QVERIFY(!name.isEmpty());
    const Tool started = sc({QStringLiteral("start"), name});
    QCOMPARE(started.exitCode, 0);
    QVERIFY(waitForState(name, SERVICE_RUNNING));
    const SERVICE_STATUS_PROCESS running = status(name);
    QCOMPARE(running.dwCheckPoint, DWORD(0));
    QVERIFY(running.dwControlsAccepted & SERVICE_ACCEPT_STOP);
    QVERIFY(running.dwControlsAccepted & SERVICE_ACCEPT_PRESHUTDOWN);
    QVERIFY(running.dwProcessId != 0);
    const QString runningReport = sc({QStringLiteral("query"), name}).output;
    QVERIFY2(runningReport.contains(QLatin1String("RUNNING")), qPrintable(runningReport));

    const ServiceProcess process(running.dwProcessId);
    QVERIFY(process.isOpen());
    const Tool stopped = sc({QStringLiteral("stop"), name});
    QCOMPARE(stopped.exitCode, 0);

    // Each hook starts after GracefulShutdown has told the SCM the next checkpoint, with a
    // wait hint of what is left of its 90 s deadline plus its one-second margin; the hook
    // then waits for us, so what we read is that step's report.
    DWORD lastCheckpoint = 0;
    DWORD lastHint = MAXDWORD;
    for (int k = 1; k <= 3; ++k) {
        QVERIFY2(waitForLog(name, QStringLiteral("hook %1 begins").arg(k)), qPrintable(log(name)));
        const SERVICE_STATUS_PROCESS st = status(name);
        QCOMPARE(st.dwCurrentState, DWORD(SERVICE_STOP_PENDING));
        QCOMPARE(st.dwControlsAccepted, DWORD(0));
        QVERIFY2(st.dwCheckPoint > lastCheckpoint, qPrintable(QString::number(st.dwCheckPoint)));
        QVERIFY2(st.dwWaitHint > 0 && st.dwWaitHint <= 91000, qPrintable(QString::number(st.dwWaitHint)));
        QVERIFY2(st.dwWaitHint <= lastHint, qPrintable(QStringLiteral("%1 after %2").arg(st.dwWaitHint).arg(lastHint)));
        if (k == 2) {   // `sc query` reads the same report
            const QString report = sc({QStringLiteral("query"), name}).output;
            QVERIFY2(report.contains(QLatin1String("STOP_PENDING")), qPrintable(report));
            QCOMPARE(scField(report, QStringLiteral("CHECKPOINT")), qint64(st.dwCheckPoint));
            QCOMPARE(scField(report, QStringLiteral("WAIT_HINT")), qint64(st.dwWaitHint));
        }
        lastCheckpoint = st.dwCheckPoint;
        lastHint = st.dwWaitHint;
        Event(name, QStringLiteral("go-%1").arg(k)).set();
    }

    QVERIFY(waitForState(name, SERVICE_STOPPED));
    const SERVICE_STATUS_PROCESS end = status(name);
    QCOMPARE(end.dwWin32ExitCode, DWORD(NO_ERROR));
    const QString report = sc({QStringLiteral("query"), name}).output;
    QCOMPARE(scField(report, QStringLiteral("WIN32_EXIT_CODE")), qint64(0));
    const QString text = log(name);
    QVERIFY2(text.contains(QLatin1String("request Terminate SERVICE_CONTROL_STOP held=0")), qPrintable(text));
    QVERIFY2(text.indexOf(QLatin1String("hook 1 ends")) < text.indexOf(QLatin1String("hook 2 begins"))
                 && text.indexOf(QLatin1String("hook 2 ends")) < text.indexOf(QLatin1String("hook 3 begins"))
                 && text.contains(QLatin1String("hook 3 ends")),
             qPrintable(text));
    QVERIFY2(!text.contains(QLatin1String("forcing exit")), qPrintable(text));
    // ExitBySignal: ended as Windows' default handler ends a program, after SERVICE_STOPPED.
    QCOMPARE(process.exitCode(), DWORD(0xC000013A));
}

void TestWinService::exitStatusReachesTheManager()
{
    const QString name = installHelper({QStringLiteral("--exit-code"), QStringLiteral("3")});
    QVERIFY(!name.isEmpty());
    QVERIFY(startService(name));
    const ServiceProcess process(status(name).dwProcessId);
    QVERIFY(process.isOpen());
    QVERIFY(stopService(name));
    const SERVICE_STATUS_PROCESS end = status(name);
    QCOMPARE(end.dwWin32ExitCode, DWORD(ERROR_SERVICE_SPECIFIC_ERROR));
    QCOMPARE(end.dwServiceSpecificExitCode, DWORD(3));
    const QString report = sc({QStringLiteral("query"), name}).output;
    QCOMPARE(scField(report, QStringLiteral("WIN32_EXIT_CODE")), qint64(ERROR_SERVICE_SPECIFIC_ERROR));
    QCOMPARE(scField(report, QStringLiteral("SERVICE_EXIT_CODE")), qint64(3));
    // ExitNormally: exec() returned exitCode() after SERVICE_STOPPED, and main returned it.
    QCOMPARE(process.exitCode(), DWORD(3));
    QVERIFY2(logHas(name, QStringLiteral("exec returned 3")), qPrintable(log(name)));
}

void TestWinService::startPendingUntilTheLoopRuns()
{
    const QString name = installHelper({QStringLiteral("--delay-loop")});
    QVERIFY(!name.isEmpty());
    QCOMPARE(sc({QStringLiteral("start"), name}).exitCode, 0);
    QVERIFY(waitForLog(name, QStringLiteral("runAsWindowsService 1")));
    // Connected, the loop not running yet: START_PENDING, which accepts no stop.
    const SERVICE_STATUS_PROCESS pending = status(name);
    QCOMPARE(pending.dwCurrentState, DWORD(SERVICE_START_PENDING));
    QVERIFY(pending.dwCheckPoint >= 1);
    QCOMPARE(pending.dwWaitHint, DWORD(30000));
    QCOMPARE(pending.dwControlsAccepted, DWORD(0));
    QVERIFY(sc({QStringLiteral("stop"), name}).exitCode != 0);
    QCOMPARE(status(name).dwCurrentState, DWORD(SERVICE_START_PENDING));
    QVERIFY2(!logHas(name, QStringLiteral("request ")), qPrintable(log(name)));

    Event(name, QStringLiteral("loop")).set();
    QVERIFY(waitForState(name, SERVICE_RUNNING));
    QVERIFY(stopService(name));
    QCOMPARE(status(name).dwWin32ExitCode, DWORD(NO_ERROR));
}

void TestWinService::unknownControlIsAWarningOnly()
{
    const QString name = installHelper({});
    QVERIFY(!name.isEmpty());
    QVERIFY(startService(name));

    ScHandle manager(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT));
    ScHandle service(OpenServiceW(manager.h, wide(name), SERVICE_ALL_ACCESS));
    QVERIFY(service);
    SERVICE_STATUS st = {};
    // 128..255: codes a service's own programs define; the SCM passes them on whatever
    // the service accepts (ControlService documentation).
    const BOOL sent = ControlService(service.h, 200, &st);
    const DWORD error = sent ? 0 : GetLastError();
    // Windows returns the handler's answer; Wine's services.exe reports success for every
    // control the service received, whatever the handler answered.
    QVERIFY2(sent || error == ERROR_CALL_NOT_IMPLEMENTED, qPrintable(QString::number(error)));
    QVERIFY2(waitForLog(name, QStringLiteral("service control 200 (a control the service's own programs define) "
                                             "is not one SignalNotifier handles; ignored")),
             qPrintable(log(name)));
    QVERIFY2(log(name).contains(QLatin1String("qt signalnotifier.servicemanager: ServiceManager: service control 200")),
             qPrintable(log(name)));
    // SERVICE_CONTROL_INTERROGATE is answered and says nothing.
    QVERIFY(ControlService(service.h, SERVICE_CONTROL_INTERROGATE, &st));
    // Nothing else changed: still running, nothing delivered, and it stops as usual.
    const SERVICE_STATUS_PROCESS after = status(name);
    QCOMPARE(after.dwCurrentState, DWORD(SERVICE_RUNNING));
    QCOMPARE(after.dwCheckPoint, DWORD(0));
    QVERIFY2(!logHas(name, QStringLiteral("request ")), qPrintable(log(name)));
    QCOMPARE(log(name).count(QLatin1String("is not one SignalNotifier handles")), 1);
    QVERIFY(stopService(name));
    QCOMPARE(status(name).dwWin32ExitCode, DWORD(NO_ERROR));
    QVERIFY2(logHas(name, QStringLiteral("request Terminate SERVICE_CONTROL_STOP held=0")), qPrintable(log(name)));
}

void TestWinService::stopNobodyWatchesStopsTheService()
{
    const QString name = installHelper({QStringLiteral("--bare")});
    QVERIFY(!name.isEmpty());
    QVERIFY(startService(name));
    const ServiceProcess process(status(name).dwProcessId);
    QVERIFY(process.isOpen());
    QVERIFY(stopService(name));
    QCOMPARE(status(name).dwWin32ExitCode, DWORD(NO_ERROR));
    // The stop's default action: the process ended, as SIGTERM's ends a POSIX daemon.
    QCOMPARE(process.exitCode(), DWORD(0xC000013A));
    const QString text = log(name);
    QVERIFY2(text.contains(QLatin1String("sent SERVICE_CONTROL_STOP and nothing watches Terminate")), qPrintable(text));
    QVERIFY2(!text.contains(QLatin1String("exec returned")), qPrintable(text));
}

void TestWinService::preshutdownIsAHeldShutdown()
{
    const QString name = installHelper({QStringLiteral("--hooks"), QStringLiteral("1"),
                                        QStringLiteral("--trigger"), QString::number(SERVICE_CONTROL_PRESHUTDOWN)});
    QVERIFY(!name.isEmpty());
    {
        // The budget the library must take: the service's own preshutdown time-out.
        ScHandle manager(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT));
        ScHandle service(OpenServiceW(manager.h, wide(name), SERVICE_CHANGE_CONFIG));
        SERVICE_PRESHUTDOWN_INFO info = {20000};
        QVERIFY(ChangeServiceConfig2W(service.h, SERVICE_CONFIG_PRESHUTDOWN_INFO, &info));
    }
    QVERIFY(startService(name));
    const ServiceProcess process(status(name).dwProcessId);
    QVERIFY(process.isOpen());
    Event(name, QStringLiteral("trigger")).set();

    QVERIFY2(waitForLog(name, QStringLiteral("hook 1 begins")), qPrintable(log(name)));
    const QString text = log(name);
    const QRegularExpression held(QStringLiteral("request Shutdown SERVICE_CONTROL_PRESHUTDOWN held=1 holdRemainingMs=(\\d+)"));
    const QRegularExpressionMatch m = held.match(text);
    QVERIFY2(m.hasMatch(), qPrintable(text));
    const qint64 remaining = m.captured(1).toLongLong();
    QVERIFY2(remaining > 0 && remaining <= 19500, qPrintable(QString::number(remaining)));
    QVERIFY2(text.contains(QStringLiteral("control %1 answered 0").arg(SERVICE_CONTROL_PRESHUTDOWN)), qPrintable(text));
    const SERVICE_STATUS_PROCESS st = status(name);
    QCOMPARE(st.dwCurrentState, DWORD(SERVICE_STOP_PENDING));
    QVERIFY(st.dwCheckPoint >= 2);
    // The hold's deadline became GracefulShutdown's: the hint is what is left of it plus
    // GracefulShutdown's one-second margin.
    QVERIFY2(st.dwWaitHint > 0 && st.dwWaitHint <= 20500, qPrintable(QString::number(st.dwWaitHint)));

    Event(name, QStringLiteral("go-1")).set();
    QVERIFY(waitForState(name, SERVICE_STOPPED));
    QCOMPARE(status(name).dwWin32ExitCode, DWORD(NO_ERROR));
    QVERIFY(process.ends());
    QVERIFY2(logHas(name, QStringLiteral("hook 1 ends")), qPrintable(log(name)));
    QVERIFY2(!logHas(name, QStringLiteral("forcing exit")), qPrintable(log(name)));
}

void TestWinService::shutdownAfterPreshutdownIsNotASecondRequest()
{
    // The SCM sends SHUTDOWN to a service still running after the preshutdown phase (Wine
    // does so too): the stop under way goes on, it is not a second request that would
    // force GracefulShutdown's exit.
    const QString controls = QStringLiteral("%1,%2").arg(SERVICE_CONTROL_PRESHUTDOWN).arg(SERVICE_CONTROL_SHUTDOWN);
    const QString name = installHelper({QStringLiteral("--hooks"), QStringLiteral("1"),
                                        QStringLiteral("--trigger"), controls});
    QVERIFY(!name.isEmpty());
    QVERIFY(startService(name));
    Event(name, QStringLiteral("trigger")).set();
    QVERIFY2(waitForLog(name, QStringLiteral("control %1 answered 0").arg(SERVICE_CONTROL_SHUTDOWN)), qPrintable(log(name)));
    QVERIFY2(waitForLog(name, QStringLiteral("hook 1 begins")), qPrintable(log(name)));
    Event(name, QStringLiteral("go-1")).set();
    QVERIFY(waitForState(name, SERVICE_STOPPED));
    QCOMPARE(status(name).dwWin32ExitCode, DWORD(NO_ERROR));
    const QString text = log(name);
    QCOMPARE(text.count(QLatin1String("request ")), 1);
    QVERIFY2(text.contains(QLatin1String("request Shutdown SERVICE_CONTROL_PRESHUTDOWN held=1")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("hook 1 ends")), qPrintable(text));
    QVERIFY2(!text.contains(QLatin1String("forcing exit")), qPrintable(text));
}

void TestWinService::holdThatRunsOutStopsTheService()
{
    // Nobody releases the held Shutdown (a SignalNotifier, no GracefulShutdown): when the
    // service's budget runs out, the library does what Windows would do then.
    const QString name = installHelper({QStringLiteral("--watch-only"),
                                        QStringLiteral("--trigger"), QString::number(SERVICE_CONTROL_PRESHUTDOWN)});
    QVERIFY(!name.isEmpty());
    {
        ScHandle manager(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT));
        ScHandle service(OpenServiceW(manager.h, wide(name), SERVICE_CHANGE_CONFIG));
        SERVICE_PRESHUTDOWN_INFO info = {2000};   // a hold of 1.5 s
        QVERIFY(ChangeServiceConfig2W(service.h, SERVICE_CONFIG_PRESHUTDOWN_INFO, &info));
    }
    QVERIFY(startService(name));
    const ServiceProcess process(status(name).dwProcessId);
    QVERIFY(process.isOpen());
    Event(name, QStringLiteral("trigger")).set();
    QVERIFY(waitForState(name, SERVICE_STOPPED));
    QCOMPARE(status(name).dwWin32ExitCode, DWORD(ERROR_SERVICE_REQUEST_TIMEOUT));
    QCOMPARE(process.exitCode(), DWORD(0xC000013A));
    const QString text = log(name);
    QVERIFY2(text.contains(QLatin1String("activated Shutdown SERVICE_CONTROL_PRESHUTDOWN held=1")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("did not finish within the budget of 1500 ms the system gives "
                                         "SERVICE_CONTROL_PRESHUTDOWN")), qPrintable(text));
}

void TestWinService::forcedExitReportsFailure()
{
    // A hook that never returns, and GracefulShutdown's deadline passes: the forced exit
    // tells the SCM it failed (status 1), not a clean stop.
    const QString name = installHelper({QStringLiteral("--hooks"), QStringLiteral("1"),
                                        QStringLiteral("--deadline-ms"), QStringLiteral("1000")});
    QVERIFY(!name.isEmpty());
    QVERIFY(startService(name));
    QVERIFY(stopService(name));
    const SERVICE_STATUS_PROCESS end = status(name);
    QCOMPARE(end.dwWin32ExitCode, DWORD(ERROR_SERVICE_SPECIFIC_ERROR));
    QCOMPARE(end.dwServiceSpecificExitCode, DWORD(1));
    const QString text = log(name);
    QVERIFY2(text.contains(QLatin1String("hook 1 begins")) && !text.contains(QLatin1String("hook 1 ends")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("forcing exit: the shutdown deadline (1000 ms) passed while hook \"hook 1\" was running")),
             qPrintable(text));
}

void TestWinService::notStartedByTheManager()
{
    // Run from a console: not a service. The program goes on; nothing is reported anywhere.
    const QString id = QStringLiteral("SnTest-%1-console").arg(GetCurrentProcessId());
    const QString logPath = m_stage->filePath(id + QStringLiteral(".log"));
    QProcess p;
    p.start(m_stage->filePath(QStringLiteral(SNSERVICE_NAME)),
            {QStringLiteral("--log"), nativePath(logPath), QStringLiteral("--id"), id, QStringLiteral("--probe")});
    QVERIFY(p.waitForFinished(StepTimeoutMs));
    QCOMPARE(p.exitCode(), 0);
    const QString text = log(id);
    QVERIFY2(text.contains(QLatin1String("runAsWindowsService 0 this process was not started by the service control manager")),
             qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("(error 1063)")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("error code %1 native 1063").arg(int(SN::Error::Unsupported))), qPrintable(text));
    // Expected, not a mistake: no warning.
    QVERIFY2(!text.contains(QLatin1String("qt signalnotifier.servicemanager")), qPrintable(text));
}

void TestWinService::startedAsAnotherService()
{
    const QString name = installHelper({QStringLiteral("--name"), QStringLiteral("NoSuchService"),
                                        QStringLiteral("--probe")});
    QVERIFY(!name.isEmpty());
    // Windows' StartService may succeed or not here (the service stops at once); Wine's
    // fails, since the first status it sees is STOPPED. Either way:
    sc({QStringLiteral("start"), name});
    QVERIFY(waitForLog(name, QStringLiteral("runAsWindowsService 0")));
    QVERIFY(waitForState(name, SERVICE_STOPPED));
    QCOMPARE(status(name).dwWin32ExitCode, DWORD(ERROR_SERVICE_DOES_NOT_EXIST));
    const QString text = log(name);
    const QString why = QStringLiteral("the service control manager started this process as service \"%1\", not "
                                       "\"NoSuchService\"").arg(name);
    QVERIFY2(text.contains(QStringLiteral("runAsWindowsService 0 ") + why), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("error code %1 native %2").arg(int(SN::Error::InvalidArgument))
                               .arg(ERROR_SERVICE_DOES_NOT_EXIST)), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("qt signalnotifier.servicemanager: ServiceManager::runAsWindowsService(\"NoSuchService\"): ")
                           + why), qPrintable(text));
}

void TestWinService::emptyNameTakesTheManagersName()
{
    const QString name = installHelper({QStringLiteral("--name"), QStringLiteral("-")});
    QVERIFY(!name.isEmpty());
    QVERIFY(startService(name));
    QVERIFY2(logHas(name, QStringLiteral("runAsWindowsService 1")), qPrintable(log(name)));
    QVERIFY(stopService(name));
    QCOMPARE(status(name).dwWin32ExitCode, DWORD(NO_ERROR));
}

void TestWinService::netStartAndStop()
{
    const QString name = installHelper({QStringLiteral("--hooks"), QStringLiteral("0")});
    QVERIFY(!name.isEmpty());
    const Tool started = run(QStringLiteral("net.exe"), {QStringLiteral("start"), name});
    QVERIFY2(started.exitCode == 0, qPrintable(started.output));
    QVERIFY(waitForState(name, SERVICE_RUNNING));
    const Tool stopped = run(QStringLiteral("net.exe"), {QStringLiteral("stop"), name});
    QVERIFY2(stopped.exitCode == 0, qPrintable(stopped.output));
    QVERIFY(waitForState(name, SERVICE_STOPPED));
    QCOMPARE(status(name).dwWin32ExitCode, DWORD(NO_ERROR));
    QVERIFY2(logHas(name, QStringLiteral("request Terminate SERVICE_CONTROL_STOP held=0")), qPrintable(log(name)));
}

void TestWinService::exampleRunsAsAService()
{
    // examples/winservice as its README section installs it: started, stopped, and its
    // state saved by its hook before SERVICE_STOPPED.
    const QString state = m_stage->filePath(QStringLiteral("winservice-state.txt"));
    const QString name = QStringLiteral("SignalNotifierExample");
    {
        // Left behind by an earlier run that failed (a prefix is kept between runs).
        ScHandle manager(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT));
        ScHandle old(OpenServiceW(manager.h, wide(name), SERVICE_QUERY_STATUS));
        if (old) {
            m_installed.append(name);
            cleanup();
        }
    }
    QCOMPARE(install(QStringLiteral(WINSERVICE_NAME), {nativePath(state)}, name), name);
    QVERIFY(startService(name));
    QVERIFY(stopService(name));
    QCOMPARE(status(name).dwWin32ExitCode, DWORD(NO_ERROR));
    QFile file(state);
    QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
    const QString saved = QString::fromUtf8(file.readAll());
    QVERIFY2(saved.contains(QLatin1String("stopped by Terminate (SERVICE_CONTROL_STOP)")), qPrintable(saved));
}

QTEST_GUILESS_MAIN(TestWinService)
#include "tst_winservice.moc"
