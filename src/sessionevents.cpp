// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#include "sessionevents_p.h"

#include "signaldispatcher_p.h"

#include "SignalNotifier/signalinfo.h"

#include <QtCore/qhash.h>
#include <QtCore/qmutex.h>

namespace SN::SessionEvents {
namespace {

struct Registry {
    QMutex mutex;
    QHash<SignalNotifier *, QList<Signal::Id>> watchers;
    QHash<Signal::Id, int> count;   // watchers per event
};

Registry &registry()
{
    static Registry *const r = new Registry;   // never destroyed: a notifier may outlive main()
    return *r;
}

} // namespace

void setWatched(SignalNotifier *notifier, const QList<Signal> &events)
{
    QList<Signal::Id> ids;
    for (Signal s : events) {
        if (s.isValid() && !s.existsOnThisPlatform() && !ids.contains(s.id()))
            ids.append(s.id());
    }
    Registry &r = registry();
    bool changed = false;
    {
        QMutexLocker lock(&r.mutex);
        const QList<Signal::Id> before = r.watchers.value(notifier);
        if (before == ids)
            return;
        for (Signal::Id id : before)
            changed |= --r.count[id] == 0;
        for (Signal::Id id : std::as_const(ids))
            changed |= ++r.count[id] == 1;
        if (ids.isEmpty())
            r.watchers.remove(notifier);
        else
            r.watchers.insert(notifier, ids);
    }
    if (changed)
        SessionSource::watchedChanged();
}

bool isWatched(Signal::Id id)
{
    Registry &r = registry();
    QMutexLocker lock(&r.mutex);
    return r.count.value(id) > 0;
}

int post(const SignalInfo &info)
{
    const Signal::Id id = info.signal().id();
    Registry &r = registry();
    QMutexLocker lock(&r.mutex);
    int posted = 0;
    for (auto it = r.watchers.cbegin(); it != r.watchers.cend(); ++it) {
        if (it.value().contains(id)) {
            SignalDispatcher::postArrival(it.key(), info);
            ++posted;
        }
    }
    return posted;
}

} // namespace SN::SessionEvents
