#include "image_grid_item.h"

#include "chart_renderer.h"
#include "colormap.h"

#include <QChart>
#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace mlwb::ui {

ImageGridLayout layoutImageGrid(const ImageGridSpec& grid, const QRectF& area, double captionHeight)
{
    ImageGridLayout layout;
    const int n = int(grid.images.size());
    if (n == 0 || grid.width <= 0 || grid.height <= 0 || area.width() < 4 || area.height() < 4)
        return layout;
    const double gap = 6;
    layout.captionHeight = grid.captions.isEmpty() ? 0 : captionHeight;
    // The column count whose cells are largest (or the spec's).
    const auto sideFor = [&](int columns) {
        const int rows = (n + columns - 1) / columns;
        const double w = (area.width() - gap * (columns - 1)) / columns / grid.width;
        const double h = (area.height() - rows * (layout.captionHeight + gap)) / rows / grid.height;
        return std::min(w, h);
    };
    int best = grid.columns > 0 ? std::min(grid.columns, n) : 1;
    if (grid.columns <= 0)
        for (int c = 2; c <= n; ++c)
            if (sideFor(c) > sideFor(best))
                best = c;
    layout.columns = best;
    layout.rows = (n + best - 1) / best;
    layout.cell = std::max(0.0, sideFor(best));
    const double w = layout.cell * grid.width, h = layout.cell * grid.height;
    const double blockW = best * w + (best - 1) * gap;
    const double left = area.left() + (area.width() - blockW) / 2;
    for (int i = 0; i < n; ++i) {
        const int r = i / best, c = i % best;
        const QRectF image(left + c * (w + gap), area.top() + r * (h + layout.captionHeight + gap), w, h);
        layout.imageRects << image;
        layout.captionRects << QRectF(image.left() - gap / 2, image.bottom(), w + gap, layout.captionHeight);
    }
    return layout;
}

std::pair<double, double> imageGridRange(const ImageGridSpec& grid)
{
    double lo = INFINITY, hi = -INFINITY;
    for (const auto& image : grid.images)
        for (double v : image)
            if (std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
    if (lo > hi)
        lo = 0, hi = 1;
    if (grid.diverging) {
        const double m = std::max(std::abs(lo), std::abs(hi));
        lo = -m;
        hi = m;
    }
    lo = grid.min.value_or(lo);
    hi = grid.max.value_or(hi);
    if (!(hi > lo))
        hi = lo + 1;
    return {lo, hi};
}

ImageGridItem::ImageGridItem(QChart* chart) : QGraphicsItem(chart), chart_(chart) {}

void ImageGridItem::setGrid(const ImageGridSpec& grid, bool dark)
{
    grid_ = grid;
    dark_ = dark;
    update();
}

void ImageGridItem::plotAreaChanged()
{
    prepareGeometryChange();
    update();
}

QRectF ImageGridItem::boundingRect() const { return chart_->plotArea(); }

void ImageGridItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    painter->save();
    QFont font = painter->font();
    font.setPointSizeF(8.5);
    painter->setFont(font);
    const ImageGridLayout layout = layoutImageGrid(grid_, chart_->plotArea(), QFontMetricsF(font).height() + 2);
    const auto [lo, hi] = imageGridRange(grid_);
    painter->setPen(Qt::NoPen);
    // Cells without antialiasing: blended edges would show seams between neighbours.
    painter->setRenderHint(QPainter::Antialiasing, false);
    for (qsizetype i = 0; i < layout.imageRects.size(); ++i) {
        const QRectF frame = layout.imageRects[i];
        const std::vector<double>& image = grid_.images[i];
        for (int y = 0; y < grid_.height; ++y)
            for (int x = 0; x < grid_.width; ++x) {
                const auto k = std::size_t(y) * std::size_t(grid_.width) + std::size_t(x);
                const double v = k < image.size() ? image[k] : NAN;
                const double t = (v - lo) / (hi - lo);
                painter->setBrush(grid_.diverging ? blueWhiteRed(t) : greyInk(t));
                // Overlapping by a hair: viewers leave seams between abutting rectangles.
                painter->drawRect(QRectF(frame.left() + x * layout.cell, frame.top() + y * layout.cell,
                                         layout.cell, layout.cell));
            }
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(QColor(150, 150, 150), 0.8));
        painter->drawRect(frame);
        painter->setPen(Qt::NoPen);
        if (i < grid_.captions.size()) {
            painter->setPen(dark_ ? Qt::white : Qt::black);
            const QString text = QFontMetricsF(font).elidedText(grid_.captions[i], Qt::ElideRight, layout.captionRects[i].width());
            painter->drawText(layout.captionRects[i], Qt::AlignHCenter | Qt::AlignTop, text);
            painter->setPen(Qt::NoPen);
        }
    }
    painter->restore();
}

namespace {
// Images instead of axes: the item draws over the plot area.
class ImageGridRenderer final : public ChartRenderer {
public:
    ~ImageGridRenderer() override { delete item_; }
    void build(const ChartSpec&, ChartCanvas& canvas) override { item_ = new ImageGridItem(canvas.chart); }
    void update(const ChartSpec& spec, ChartCanvas& canvas) override { item_->setGrid(*spec.imageGrid, canvas.dark); }
    void plotAreaChanged(const ChartSpec&, ChartCanvas&) override { item_->plotAreaChanged(); }

private:
    ImageGridItem* item_ = nullptr;
};
} // namespace

std::unique_ptr<ChartRenderer> makeImageGridRenderer() { return std::make_unique<ImageGridRenderer>(); }

} // namespace mlwb::ui
