#pragma once
#include "chart_spec.h"

#include <QGraphicsItem>

QT_BEGIN_NAMESPACE
class QChart;
QT_END_NAMESPACE

namespace mlwb::ui {

// Where the images of an ImageGridSpec go inside a rectangle: as many columns as give the
// largest cells, each image square-pixelled and centred in its cell over its caption.
struct ImageGridLayout {
    int columns = 1, rows = 1;
    double cell = 0;           // side of one image's pixel block, in device pixels
    double captionHeight = 0;
    QList<QRectF> imageRects;  // one per image
    QList<QRectF> captionRects;
};
ImageGridLayout layoutImageGrid(const ImageGridSpec& grid, const QRectF& area, double captionHeight);

// The value range an image grid draws: the spec's, or all finite values' (symmetric about
// 0 when diverging).
std::pair<double, double> imageGridRange(const ImageGridSpec& grid);

// Draws an ImageGridSpec over the chart's plot area (a chart without axes): each image as
// rectangles of its pixels, so SVG and PDF stay sharp, with its caption underneath.
class ImageGridItem final : public QGraphicsItem {
public:
    explicit ImageGridItem(QChart* chart);
    void setGrid(const ImageGridSpec& grid, bool dark);
    void plotAreaChanged();

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override;

private:
    QChart* chart_;
    ImageGridSpec grid_;
    bool dark_ = false;
};

} // namespace mlwb::ui
