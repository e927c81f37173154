#pragma once
#include "chart_export.h"
#include "lab.h"

#include <QStringList>

#include <optional>

namespace mlwb::app {

// Exit statuses of the command line.
constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;    // a step failed or an export could not be written
constexpr int kExitBadUsage = 2;  // unknown command, lab, step, parameter or bad value

// `mlwb labs`: lab ids, titles and steps.
int listLabs(const QList<ui::Lab>& labs);
// A validated `mlwb run LAB ...` command line.
struct RunRequest {
    int lab = -1;
    QList<int> steps;
    QList<QPair<QString, QString>> params;  // name, text as typed
    quint64 seed = 42;
    QString exportDir;
    ui::ExportFormat format = ui::ExportFormat::Png;
    bool json = false;
    bool force = false;  // replace existing files that are not the step's own output
};
// Parses the arguments after "run"; on failure returns nothing and sets *error to one line.
std::optional<RunRequest> parseRun(const QList<ui::Lab>& labs, const QStringList& args, QString* error);
// Runs the request. Needs a QApplication (on the offscreen platform).
int runLab(const QList<ui::Lab>& labs, const RunRequest& request);
// `mlwb bench ...` (args start after "bench").
int bench(const QStringList& args);

QString usage();
// Prints "mlwb: <message>" on stderr and returns kExitBadUsage.
int badUsage(const QString& message);

} // namespace mlwb::app
