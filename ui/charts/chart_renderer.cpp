#include "chart_renderer.h"

#include <QChart>

namespace mlwb::ui {

double ChartCanvas::plotWidth() const
{
    return chart->plotArea().width() > 10 ? chart->plotArea().width() : chart->size().width();
}

QColor ChartCanvas::textColor() const { return dark ? QColor(Qt::white) : QColor(Qt::black); }

std::unique_ptr<ChartRenderer> makeRenderer(const ChartSpec& spec)
{
    if (spec.table)
        return makeTableRenderer();
    if (spec.imageGrid)
        return makeImageGridRenderer();
    if (spec.bars)
        return makeBarsRenderer();
    if (spec.heatmap)
        return makeHeatmapRenderer();
    return makeXyRenderer();  // lines, scatter, histograms, with a field underneath
}

} // namespace mlwb::ui
