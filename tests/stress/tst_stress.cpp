// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT
#include <QtTest/qtest.h>
class tst_Stress : public QObject
{
    Q_OBJECT
};
QTEST_GUILESS_MAIN(tst_Stress)
#include "tst_stress.moc"
