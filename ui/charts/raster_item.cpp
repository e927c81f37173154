#include "raster_item.h"

#include "chart_axes.h"
#include "colormap.h"

#include <QChart>
#include <QPaintEngine>
#include <QPainter>
#include <QValueAxis>

#include <cmath>

namespace mlwb::ui {

namespace {
// Below the grid (2) and the series (4), above the plot-area background (0).
constexpr qreal kRasterZ = 1.5;
constexpr qreal kColorBarZ = 10;
constexpr qint64 kMaxVectorCells = 40000;  // beyond this a vector file grows too large: the image stays

QString tickLabel(double v, bool logScale)
{
    return QString::number(logScale ? std::pow(10.0, v) : v, 'g', 3);
}
} // namespace

QList<Tick> colorBarTicks(double min, double max, bool logScale)
{
    if (!logScale && max > min)
        return niceTicks(min, max, 5);
    constexpr int kTicks = 5;
    QList<Tick> ticks;
    for (int i = 0; i < (max > min ? kTicks : 1); ++i) {
        const double v = min + double(i) / (kTicks - 1) * (max - min);
        ticks.append({v, tickLabel(v, logScale)});
    }
    return ticks;
}

RasterItem::RasterItem(QChart* chart) : QGraphicsItem(chart), chart_(chart)
{
    setZValue(kRasterZ);
}

void RasterItem::setImage(const QImage& image, double x0, double x1, double yTop, double yBottom, bool smooth)
{
    image_ = image;
    x0_ = x0;
    x1_ = x1;
    yTop_ = yTop;
    yBottom_ = yBottom;
    smooth_ = smooth;
    labels_.clear();
    darkCell_.clear();
    update();
}

void RasterItem::setCellLabels(const QStringList& labels, const QList<bool>& darkCell)
{
    labels_ = labels;
    darkCell_ = darkCell;
    update();
}

void RasterItem::plotAreaChanged()
{
    prepareGeometryChange();
    update();
}

// QChart::mapToPosition needs a series, and a heatmap has none: map through the axes.
QPointF RasterItem::toPosition(double x, double y) const
{
    const QRectF plot = chart_->plotArea();
    auto fraction = [&](Qt::Orientation o, double v) {
        const QList<QAbstractAxis*> axes = chart_->axes(o);
        const auto* axis = axes.isEmpty() ? nullptr : qobject_cast<const QValueAxis*>(axes.front());
        if (!axis || axis->max() <= axis->min())
            return 0.0;
        const double t = (v - axis->min()) / (axis->max() - axis->min());
        return axis->isReverse() ? 1.0 - t : t;
    };
    return {plot.left() + fraction(Qt::Horizontal, x) * plot.width(),
            plot.bottom() - fraction(Qt::Vertical, y) * plot.height()};
}

QRectF RasterItem::boundingRect() const
{
    return chart_->plotArea();
}

void RasterItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    if (image_.isNull())
        return;
    const QRectF target = QRectF(toPosition(x0_, yTop_), toPosition(x1_, yBottom_)).normalized();
    painter->save();
    painter->setClipRect(chart_->plotArea());
    painter->setRenderHint(QPainter::SmoothPixmapTransform, smooth_);
    const QPaintEngine::Type engine = painter->paintEngine() ? painter->paintEngine()->type() : QPaintEngine::Raster;
    const bool vector = engine == QPaintEngine::SVG || engine == QPaintEngine::Pdf;
    if (vector && !smooth_ && qint64(image_.width()) * image_.height() <= kMaxVectorCells) {
        // SVG and PDF viewers smooth an embedded image when they scale it, and a heatmap's
        // cells blur into each other: cells go out as rectangles instead.
        const double w = target.width() / image_.width(), h = target.height() / image_.height();
        painter->setRenderHint(QPainter::Antialiasing, false);  // no seams between cells
        for (int r = 0; r < image_.height(); ++r)
            for (int c = 0; c < image_.width(); ++c)
                painter->fillRect(QRectF(target.left() + c * w, target.top() + r * h, w, h), QColor(image_.pixel(c, r)));
    } else {
        painter->drawImage(target, image_);
    }

    const int cols = image_.width(), rows = image_.height();
    const double cw = target.width() / cols, ch = target.height() / rows;
    if (labels_.size() == qsizetype(rows) * cols && cw >= 26 && ch >= 14) {
        QFont f = painter->font();
        f.setPointSizeF(std::clamp(ch * 0.32, 7.0, 11.0));
        painter->setFont(f);
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c) {
                const auto i = qsizetype(r) * cols + c;
                painter->setPen(darkCell_.value(i) ? Qt::white : Qt::black);
                const QRectF cell(target.left() + c * cw, target.top() + r * ch, cw, ch);
                painter->drawText(cell, Qt::AlignCenter, labels_[i]);
            }
    }
    painter->restore();
}

ColorBarItem::ColorBarItem(QChart* chart) : QGraphicsItem(chart), chart_(chart)
{
    setZValue(kColorBarZ);
}

void ColorBarItem::setRange(double min, double max, bool logScale, const QString& title)
{
    min_ = min;
    max_ = max;
    log_ = logScale;
    title_ = title;
    categories_.clear();
    categoryColors_.clear();
    update();
}

void ColorBarItem::setCategories(const QStringList& names, const QList<QColor>& colors, const QString& title)
{
    categories_ = names;
    categoryColors_ = colors;
    title_ = title;
    update();
}

void ColorBarItem::plotAreaChanged()
{
    prepareGeometryChange();
    update();
}

QRectF ColorBarItem::barRect() const
{
    const QRectF plot = chart_->plotArea();
    return QRectF(plot.right() + 14, plot.top() + 26, 14, std::max(20.0, plot.height() - 26));
}

QRectF ColorBarItem::boundingRect() const
{
    const QRectF bar = barRect();
    return QRectF(bar.left() - 10, bar.top() - 30, kReservedWidth, bar.height() + 40);
}

void ColorBarItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    const QRectF bar = barRect();
    painter->save();
    QFont f = painter->font();
    f.setPointSizeF(8.5);
    painter->setFont(f);
    painter->setPen(text_);
    // A title wider than the margin ("position in memory") wraps onto a second line above the
    // bar rather than run off the image.
    const QRectF titleBox(bar.left() - 10, bar.top() - 30, kReservedWidth, 28);
    painter->drawText(titleBox, Qt::AlignLeft | Qt::AlignBottom | Qt::TextWordWrap, title_);
    if (!categories_.isEmpty()) {
        for (qsizetype i = 0; i < categories_.size(); ++i) {
            const QRectF swatch(bar.left(), bar.top() + 22 * double(i), 14, 14);
            painter->fillRect(swatch, categoryColors_.value(i));
            painter->drawRect(swatch);
            painter->drawText(QRectF(swatch.right() + 6, swatch.top() - 1, kReservedWidth - 30, 16),
                              Qt::AlignLeft | Qt::AlignVCenter, categories_[i]);
        }
        painter->restore();
        return;
    }
    painter->drawImage(bar, colorBarImage(1, 256, map_));
    painter->drawRect(bar);
    for (const Tick& tick : colorBarTicks(min_, max_, log_)) {
        const double t = max_ > min_ ? (tick.value - min_) / (max_ - min_) : 0.0;
        const double y = bar.bottom() - t * bar.height();
        painter->drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 4, y));
        painter->drawText(QRectF(bar.right() + 6, y - 8, kReservedWidth - 40, 16), Qt::AlignLeft | Qt::AlignVCenter,
                          tick.label);
    }
    painter->restore();
}

} // namespace mlwb::ui
