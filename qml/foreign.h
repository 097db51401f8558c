// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
//
// The library's own types, registered with QML as they are (QML_FOREIGN): the library
// stays Qt Core only and knows nothing of QML. SignalNotifier and GracefulShutdown get an
// extension object each (QML_EXTENDED) for what QML cannot call or assign directly.

#pragma once

#include "gracefulshutdownextension.h"
#include "signalnotifierextension.h"

#include <SignalNotifier/Error>
#include <SignalNotifier/GracefulShutdown>
#include <SignalNotifier/Signal>
#include <SignalNotifier/SignalInfo>
#include <SignalNotifier/SignalNotifier>

#include <QtQml/qqml.h>

namespace SNQml {

// info.signal.name, info.signal.id, info.senderPid ... (lower case: QML value types).
struct SignalForeign
{
    Q_GADGET
    QML_FOREIGN(SN::Signal)
    QML_VALUE_TYPE(signal)
};

struct SignalInfoForeign
{
    Q_GADGET
    QML_FOREIGN(SN::SignalInfo)
    QML_VALUE_TYPE(signalInfo)
};

struct ErrorForeign
{
    Q_GADGET
    QML_FOREIGN(SN::Error)
    QML_VALUE_TYPE(error)
};

// The enums under the class names, as in C++: Signal.Terminate, SignalInfo.SessionLogoff;
// SN::Error's as SignalError.UnknownSignal, because a QML type named Error would hide
// JavaScript's own Error (`throw new Error(...)`) in every file that imports the module.
namespace SignalEnums {
Q_NAMESPACE
QML_FOREIGN_NAMESPACE(SN::Signal)
QML_NAMED_ELEMENT(Signal)
}

namespace SignalInfoEnums {
Q_NAMESPACE
QML_FOREIGN_NAMESPACE(SN::SignalInfo)
QML_NAMED_ELEMENT(SignalInfo)
}

namespace ErrorEnums {
Q_NAMESPACE
QML_FOREIGN_NAMESPACE(SN::Error)
QML_NAMED_ELEMENT(SignalError)
}

struct SignalNotifierForeign
{
    Q_GADGET
    QML_FOREIGN(SN::SignalNotifier)
    QML_NAMED_ELEMENT(SignalNotifier)
    QML_EXTENDED(SNQml::SignalNotifierExtension)
};

struct GracefulShutdownForeign
{
    Q_GADGET
    QML_FOREIGN(SN::GracefulShutdown)
    QML_NAMED_ELEMENT(GracefulShutdown)
    QML_EXTENDED(SNQml::GracefulShutdownExtension)
};

} // namespace SNQml
