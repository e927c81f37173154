#include "headless_runner.h"

#include "chart_panel.h"
#include "figure_view.h"
#include "step_runner.h"

#include <QCoreApplication>
#include <QDir>

#include <algorithm>

namespace mlwb::ui {

namespace {
// Draws spec at its final size: setSpec lets the chart lay out its plot area, redraw thins
// for the final width.
void drawOffscreen(ChartPanel& panel, const ChartSpec& spec)
{
    panel.setSpec(spec);
    QCoreApplication::processEvents();
    panel.redraw();
}

// The figure with its charts in their cells, laid out offscreen at cell × its grid.
bool exportFigure(const FigureSpec& figure, const QList<ChartSpec>& charts, QSize cell, const QString& file,
                  ExportFormat format, QString* error)
{
    FigureView view;
    view.setAttribute(Qt::WA_DontShowOnScreen);
    view.setSpec(figure);
    for (const FigureSpec::Panel& p : figure.panels) {
        const auto spec = std::find_if(charts.begin(), charts.end(), [&](const ChartSpec& c) { return c.id == p.chart; });
        if (spec == charts.end()) {
            *error = QStringLiteral("figure \"%1\" names chart \"%2\", which the step did not publish").arg(figure.id, p.chart);
            return false;
        }
        auto* panel = new ChartPanel(&view);
        panel->setSpec(*spec);
        view.place(panel);
    }
    view.resize(cell.width() * figure.cols, cell.height() * figure.rows + (figure.title.isEmpty() ? 0 : 40));
    view.show();
    QCoreApplication::processEvents();
    for (ChartPanel* panel : view.findChildren<ChartPanel*>())
        panel->redraw();
    return view.exportTo(file, format, 1, error);
}
} // namespace

HeadlessStepResult runStepHeadless(const Lab& lab, int stepIndex, const ParameterValues& values, quint64 seed,
                                   const QString& exportDir, ExportFormat format, QSize chartSize,
                                   const ReplacePermission& replace)
{
    const Step& step = lab.steps.at(stepIndex);
    HeadlessStepResult result;
    result.stepId = step.id;
    auto mailbox = std::make_shared<RunMailbox>(/*keepStreams=*/true);
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
        drawOffscreen(panel, spec);
        const QString file = QDir(exportDir).filePath(chartFileName(lab.id, step.id, spec.id, format));
        QString error;
        if (!panel.exportTo(file, format, 1, &error)) {
            result.error = error;
            break;
        }
        result.files << file;
    }
    const QList<ChartSpec> charts = mailbox->allCharts();
    for (const FigureSpec& figure : mailbox->allFigures()) {
        if (!result.error.isEmpty())
            break;
        const QString file = QDir(exportDir).filePath(chartFileName(lab.id, step.id, figure.id, format));
        if (exportFigure(figure, charts, chartSize * 5 / 6, file, format, &result.error))
            result.figures << file;
    }
    return result;
}

} // namespace mlwb::ui
