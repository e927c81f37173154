#pragma once
#include "colormap.h"
#include <QGraphicsItem>
#include <QImage>
#include <QStringList>

QT_BEGIN_NAMESPACE
class QChart;
QT_END_NAMESPACE

namespace mlwb::ui {

// Qt Charts has no heatmap series: this item paints an image over the chart's plot area,
// mapped through the chart's axes so it follows them, under the grid and the series.
// Optional per-cell text labels are drawn on top of the image (heatmap values).
class RasterItem final : public QGraphicsItem {
public:
    explicit RasterItem(QChart* chart);
    // The image's left/right edges sit at x0/x1 and its top/bottom rows at yTop/yBottom,
    // all in data coordinates. smooth: interpolate when scaling (fields), else crisp cells.
    void setImage(const QImage& image, double x0, double x1, double yTop, double yBottom, bool smooth);
    // One label per image pixel (row-major), drawn when the cells are big enough.
    void setCellLabels(const QStringList& labels, const QList<bool>& darkCell);
    void plotAreaChanged();

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override;

private:
    QPointF toPosition(double x, double y) const;
    QChart* chart_;
    QImage image_;
    double x0_ = 0, x1_ = 1, yTop_ = 1, yBottom_ = 0;
    bool smooth_ = false;
    QStringList labels_;
    QList<bool> darkCell_;
};

struct Tick;

// A colour bar's ticks over [min, max]: round values as on the axes ("0", not "3.26e-70";
// counts 20, 40, not 18.8, 35.5), or for logScale (labels 10^v) five even steps of the exponent.
QList<Tick> colorBarTicks(double min, double max, bool logScale);

// A vertical colour bar with its title and ticks, placed right of the plot area.
class ColorBarItem final : public QGraphicsItem {
public:
    explicit ColorBarItem(QChart* chart);
    // Tick labels are computed from [min, max]; logScale labels show 10^v values.
    void setRange(double min, double max, bool logScale, const QString& title);
    // A key instead of a bar: one swatch per category.
    void setCategories(const QStringList& names, const QList<QColor>& colors, const QString& title);
    void setTextColor(const QColor& color) { text_ = color; update(); }
    void setColorMap(ColorMap map) { map_ = map; update(); }
    void plotAreaChanged();
    static constexpr int kReservedWidth = 96;  // right margin the chart must leave free

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override;

private:
    QRectF barRect() const;
    QChart* chart_;
    double min_ = 0, max_ = 1;
    bool log_ = false;
    QString title_;
    QStringList categories_;
    QList<QColor> categoryColors_;
    QColor text_ = Qt::black;
    ColorMap map_ = viridis;
};

} // namespace mlwb::ui
