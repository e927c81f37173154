#pragma once
// One renderer per chart kind. ChartPanel hosts a chart (title, legend, margins, ticks,
// export); a renderer creates the kind's series, axes and items and draws a spec's data.
// Adding a kind: a file with its renderer and factory, and a line in makeRenderer().
#include "chart_spec.h"
#include "legend_item.h"

#include <QList>

#include <memory>
#include <vector>

QT_BEGIN_NAMESPACE
class QAbstractAxis;
class QChart;
QT_END_NAMESPACE

namespace mlwb::ui {

// The panel's chart as renderers see it.
struct ChartCanvas {
    QChart* chart = nullptr;
    bool dark = false;
    QAbstractAxis* axisX = nullptr;  // created and attached by build(); null without axes
    QAbstractAxis* axisY = nullptr;
    QList<LegendItem::Entry> legend;  // filled by build()
    int rightMargin = 12;             // a colour bar needs more room
    // Width of the plot in pixels, or of the chart before its first layout.
    double plotWidth() const;
    QColor textColor() const;
};

class ChartRenderer {
public:
    virtual ~ChartRenderer() = default;
    // A new spec's data, before build or update: lines move their points into their stores.
    virtual void load(ChartSpec& /*spec*/) {}
    // Creates the series, axes and items for spec (when its structure changed).
    virtual void build(const ChartSpec& spec, ChartCanvas& canvas) = 0;
    // Draws all of spec's data, static layers included (a new spec, a resize, the theme).
    virtual void update(const ChartSpec& spec, ChartCanvas& canvas) = 0;
    // Draws the data again after streamed points or bins: static layers stay as they are.
    virtual void refresh(const ChartSpec& spec, ChartCanvas& canvas) { update(spec, canvas); }
    // The plot area moved or resized: labels and items that follow its size.
    virtual void plotAreaChanged(const ChartSpec& /*spec*/, ChartCanvas& /*canvas*/) {}
    // Streamed points for one series (x–y charts; others ignore them).
    virtual void append(ChartSpec& /*spec*/, const SeriesBlock& /*block*/) {}
    // Every point series i holds (a line's live in the renderer, not in the spec).
    virtual QList<QPointF> seriesPoints(const ChartSpec& spec, int series) const
    {
        return series >= 0 && series < spec.series.size() ? spec.series[series].points : QList<QPointF>{};
    }
    // Whether drawing depends on the plot's width (thinned lines): a resize redraws.
    virtual bool redrawOnResize(const ChartCanvas& /*canvas*/) const { return false; }
};

// The one registration point: the renderer for spec's kind.
std::unique_ptr<ChartRenderer> makeRenderer(const ChartSpec& spec);

std::unique_ptr<ChartRenderer> makeXyRenderer();        // xy_renderer.cpp
std::unique_ptr<ChartRenderer> makeBarsRenderer();      // bars_renderer.cpp
std::unique_ptr<ChartRenderer> makeHeatmapRenderer();   // heatmap_renderer.cpp
std::unique_ptr<ChartRenderer> makeTableRenderer();     // table_item.cpp
std::unique_ptr<ChartRenderer> makeImageGridRenderer(); // image_grid_item.cpp

} // namespace mlwb::ui
