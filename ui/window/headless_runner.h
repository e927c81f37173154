#pragma once
#include "chart_export.h"
#include "lab.h"
#include "replace_permission.h"

#include <QJsonObject>
#include <QSize>
#include <QStringList>

namespace mlwb::ui {

struct HeadlessStepResult {
    QString stepId;
    QJsonObject metrics;
    QStringList notes;
    QStringList files;    // exported charts
    QStringList figures;  // exported figures, each one image of several charts
    QString error;      // empty on success
};

// Runs a step exactly as the window does (same Step object, a worker thread, the same
// mailbox), then draws its final charts offscreen and exports each as
// <dir>/<lab>-<step>-<chart>.<format> when exportDir is not empty, and each figure the step
// declared as <dir>/<lab>-<step>-<figure>.<format>, its cells chartSize × 5/6 each.
HeadlessStepResult runStepHeadless(const Lab& lab, int stepIndex, const ParameterValues& values, quint64 seed,
                                   const QString& exportDir, ExportFormat format, QSize chartSize = {960, 600},
                                   const ReplacePermission& replace = {});

} // namespace mlwb::ui
