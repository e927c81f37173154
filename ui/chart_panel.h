#pragma once
#include "chart_export.h"
#include "chart_spec.h"

#include <QWidget>

QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
class QAbstractAxis;
QT_END_NAMESPACE

namespace mlwb::ui {

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
    void setSpec(const ChartSpec& spec);
    const ChartSpec& spec() const { return spec_; }
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
    void fitCategoryLabels();
    void applyEqualScale();
    void reserveLegendSpace();
    void fitTitle();
    void fitAxisTitles();  // the bottom margin the wrapped legend needs at this width
    QString structureKey() const;
    int decimationThreshold() const;
    int yTicks() const;  // how many ticks the y axis has room for

    ChartSpec spec_;
    QString builtKey_;
    bool dark_ = false;
    bool inFigure_ = false;
    QChartView* view_;
    QChart* chart_;
    RasterItem* raster_ = nullptr;
    ColorBarItem* colorBar_ = nullptr;
    TableItem* table_ = nullptr;
    LegendItem* legend_;
    QAbstractAxis* axisX_ = nullptr;
    QAbstractAxis* axisY_ = nullptr;
    QMargins baseMargins_;  // the chart's margins before equalScale widened them
};

} // namespace mlwb::ui
