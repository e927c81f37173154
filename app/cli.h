#pragma once
#include "lab.h"

#include <QStringList>

namespace mlwb::app {

// Exit statuses of the command line.
constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;    // a step failed or an export could not be written
constexpr int kExitBadUsage = 2;  // unknown command, lab, step, parameter or bad value

// `mlwb labs`: lab ids, titles and steps.
int listLabs(const QList<ui::Lab>& labs);
// `mlwb run LAB ...` (args start after "run"). Needs a QApplication on the offscreen platform.
int runLab(const QList<ui::Lab>& labs, const QStringList& args);
// `mlwb bench ...` (args start after "bench").
int bench(const QStringList& args);

QString usage();
// Prints "mlwb: <message>" on stderr and returns kExitBadUsage.
int badUsage(const QString& message);

} // namespace mlwb::app
