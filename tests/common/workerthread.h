// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// A thread with its own event loop, and a way to run code in it and wait for the result.

#pragma once

#include <QtCore/qobject.h>
#include <QtCore/qthread.h>

#include <utility>

class WorkerThread
{
public:
    WorkerThread()
    {
        m_context.moveToThread(&m_thread);
        m_thread.start();
    }
    ~WorkerThread()
    {
        m_thread.quit();
        m_thread.wait();
    }
    WorkerThread(const WorkerThread &) = delete;
    WorkerThread &operator=(const WorkerThread &) = delete;

    // Runs `f` in the worker's thread and returns once it has run.
    template <typename F>
    void run(F &&f)
    {
        QMetaObject::invokeMethod(&m_context, std::forward<F>(f), Qt::BlockingQueuedConnection);
    }
    // Queues `f` in the worker's thread without waiting.
    template <typename F>
    void post(F &&f)
    {
        QMetaObject::invokeMethod(&m_context, std::forward<F>(f), Qt::QueuedConnection);
    }
    QThread *thread() { return &m_thread; }

private:
    QThread m_thread;
    QObject m_context;
};
