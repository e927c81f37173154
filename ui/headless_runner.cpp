#include "headless_runner.h"

#include "chart_panel.h"
#include "step_runner.h"

#include <QCoreApplication>
#include <QDir>

namespace mlwb::ui {

HeadlessStepResult runStepHeadless(const Lab& lab, int stepIndex, const ParameterValues& values, quint64 seed,
                                   const QString& exportDir, ExportFormat format, QSize chartSize,
                                   const ReplacePermission& replace)
{
    const Step& step = lab.steps.at(stepIndex);
    HeadlessStepResult result;
    result.stepId = step.id;
    auto mailbox = std::make_shared<RunMailbox>();
    startStepWorker(step, values, seed, 0.0, mailbox, replace).join();
    result.metrics = mailbox->metrics();
    result.notes = mailbox->notes();
    result.error = mailbox->takeChanges().error;
    if (exportDir.isEmpty())
        return result;

    QDir().mkpath(exportDir);
    for (const ChartSpec& spec : mailbox->allCharts()) {
        ChartPanel panel;
        panel.setAttribute(Qt::WA_DontShowOnScreen);
        panel.resize(chartSize);
        panel.show();
        panel.setSpec(spec);
        QCoreApplication::processEvents();  // lets the chart lay out its plot area
        panel.setSpec(spec);                // and decimate for the final width
        const QString file = QDir(exportDir).filePath(chartFileName(lab.id, step.id, spec.id, format));
        QString error;
        if (!panel.exportTo(file, format, 1, &error)) {
            result.error = error;
            break;
        }
        result.files << file;
    }
    return result;
}

} // namespace mlwb::ui
