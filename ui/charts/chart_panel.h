#pragma once
#include "chart_export.h"
#include "chart_renderer.h"
#include "chart_spec.h"

#include <QWidget>

#include <memory>
#include <vector>

QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
class QAbstractAxis;
QT_END_NAMESPACE

namespace mlwb::ui {

class ChartOverlays;
class ChartRenderer;
class LegendItem;

// The one chart widget: hosts a ChartSpec's renderer (chart_renderer.h: lines, scatter,
// histograms, bars, heatmaps, fields, tables, image grids) and its overlays (error bars,
// annotations) in a Qt chart with a wrapped title, axis titles and legend; follows the
// light/dark theme, and exports.
class ChartPanel : public QWidget {
    Q_OBJECT
public:
    explicit ChartPanel(QWidget* parent = nullptr);
    ~ChartPanel() override;

    // Draws spec. When only the data changed (same series, kinds and axes) the existing
    // series are updated in place; otherwise the chart is rebuilt.
    // Lines keep their points in the renderer, not in spec().
    void setSpec(const ChartSpec& spec);
    const ChartSpec& spec() const { return spec_; }
    // Streamed blocks for this chart's series: stored, and the drawn view and axis ranges
    // updated at a cost of the new points plus the pixels, not of everything so far.
    void appendPoints(const QList<SeriesBlock>& blocks);
    // New bins of histogram `index` (only bins travel, not the samples they count).
    void setHistogramBins(int index, std::vector<double> edges, std::vector<double> counts);
    // Every point series i holds, for exports and tests.
    QList<QPointF> seriesPoints(int series) const;
    // Thins and draws again for the current size (after a layout).
    void redraw();
    void setDark(bool dark);

    QChart* chart() const { return chart_; }
    // Points currently handed to Qt Charts for series i (after decimation and filtering).
    qsizetype drawnPointCount(int series) const;

    bool exportTo(const QString& path, ExportFormat format, int scale, QString* error);
    // Draws the chart's scene into target of painter: how a figure paints its panels.
    void paintInto(QPainter& painter, const QRectF& target);
    void copyToClipboard();
    // In a figure, the context menu also offers to export the whole figure.
    void setInFigure(bool inFigure) { inFigure_ = inFigure; }

signals:
    void activated(mlwb::ui::ChartPanel* panel);  // clicked or focused: the "current chart"
    void exportRequested(mlwb::ui::ChartPanel* panel, mlwb::ui::ExportFormat format, int scale);
    void figureExportRequested(mlwb::ui::ChartPanel* panel, mlwb::ui::ExportFormat format, int scale);

protected:
    void contextMenuEvent(QContextMenuEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void rebuild();     // a new renderer for the spec's kind and structure
    void updateData();  // all of the spec's data, static layers included
    void refreshData(); // after streamed data: static layers stay
    void afterData();   // overlays and the equal-scale box follow the new axes
    void applyEqualScale();
    void reserveLegendSpace();
    void fitTitle();
    void fitAxisTitles();
    QString structureKey() const;

    ChartSpec spec_;  // its lines' points live in renderer_
    QString builtKey_;
    bool dark_ = false;
    bool inFigure_ = false;
    QChartView* view_;
    QChart* chart_;
    LegendItem* legend_;
    ChartCanvas canvas_;
    std::unique_ptr<ChartRenderer> renderer_;
    std::unique_ptr<ChartOverlays> overlays_;
    QMargins baseMargins_;  // the chart's margins before equalScale widened them
    // Inside the plotAreaChanged handler: the titles and margins it sets change the plot area
    // again at once, and a thin plot whose title wraps differently at each size would recurse
    // until the stack ran out. The nested change only moves the overlays.
    bool fittingLayout_ = false;
};

} // namespace mlwb::ui
