#pragma once
#include "chart_export.h"
#include "chart_spec.h"

#include <QWidget>

#include <memory>
#include <vector>

namespace mlwb::plot {
class StreamStore;
}

QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
class QAbstractAxis;
QT_END_NAMESPACE

namespace mlwb::ui {

class AnnotationItem;
class ErrorBarsItem;
class ImageGridItem;
class RasterItem;
class ColorBarItem;
class LegendItem;
class TableItem;

// The one chart widget: draws a ChartSpec (lines, scatter, histograms, grouped bars,
// heatmaps, contour underlays, tables) with Qt Charts, keeps the full data and decimates long
// series to a few points per pixel, follows the light/dark theme, and exports.
class ChartPanel : public QWidget {
    Q_OBJECT
public:
    explicit ChartPanel(QWidget* parent = nullptr);
    ~ChartPanel() override;

    // Draws spec. When only the data changed (same series, kinds and axes) the existing
    // series are updated in place; otherwise the chart is rebuilt.
    // Lines keep their points in the panel's stores, not in spec().
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
    void rebuild();
    void updateData();
    void updateXy();
    void updateBars();
    void updateHeatmap();
    void updateField();
    void updateOverlays();  // error bars and annotations, after the axes changed
    bool hasErrorBars() const;
    void fitCategoryLabels();
    void applyEqualScale();
    void reserveLegendSpace();
    void fitTitle();
    void fitAxisTitles();  // the bottom margin the wrapped legend needs at this width
    QString structureKey() const;
    void loadStores();  // moves the lines' points from spec_ into stores_
    int viewBuckets() const;  // buckets a line is thinned to: half a bucket per pixel
    int yTicks() const;  // how many ticks the y axis has room for

    ChartSpec spec_;
    // One per series: a line's points (null for scatter series, whose points stay in spec_).
    std::vector<std::unique_ptr<plot::StreamStore>> stores_;
    QString builtKey_;
    bool dark_ = false;
    bool inFigure_ = false;
    QChartView* view_;
    QChart* chart_;
    RasterItem* raster_ = nullptr;
    ColorBarItem* colorBar_ = nullptr;
    TableItem* table_ = nullptr;
    ImageGridItem* imageGrid_ = nullptr;
    ErrorBarsItem* errorBars_ = nullptr;
    AnnotationItem* annotations_ = nullptr;
    LegendItem* legend_;
    QAbstractAxis* axisX_ = nullptr;
    QAbstractAxis* axisY_ = nullptr;
    QMargins baseMargins_;  // the chart's margins before equalScale widened them
};

} // namespace mlwb::ui
