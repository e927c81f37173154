#include "legend_item.h"

#include <QChart>
#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>

namespace mlwb::ui {

namespace {
constexpr double kSwatchWidth = 22, kGap = 6, kEntryGap = 18, kRowGap = 4, kSide = 12;
}

LegendItem::LegendItem(QChart* chart) : QGraphicsItem(chart), chart_(chart)
{
    font_.setPointSizeF(9);
    setZValue(10);
}

void LegendItem::setEntries(QList<Entry> entries)
{
    entries_ = std::move(entries);
    chartResized();
}

void LegendItem::setTextColor(const QColor& color)
{
    text_ = color;
    update();
}

// Where everything goes, once per change rather than at every paint and bounding-rect query:
// under the x axis title, across the chart (the bottom margin the chart keeps free), rows
// centred as Qt centres its one row.
void LegendItem::chartResized()
{
    prepareGeometryChange();
    placed_.clear();
    area_ = {};
    if (!entries_.isEmpty()) {
        const QRectF chart = chart_->rect();
        const double height = heightFor(chart.width());
        area_ = QRectF(chart.left() + kSide, chart.bottom() - height - 4, chart.width() - 2 * kSide, height);
        placed_ = layOut(area_.width());
        for (qsizetype i = 0, rowStart = 0; i < placed_.size(); ++i) {
            const bool lastInRow = i + 1 == placed_.size() || placed_[i + 1].text.top() != placed_[i].text.top();
            if (!lastInRow)
                continue;
            const QPointF offset = area_.topLeft() + QPointF((area_.width() - placed_[i].text.right()) / 2, 0);
            for (; rowStart <= i; ++rowStart) {
                placed_[rowStart].swatch.translate(offset);
                placed_[rowStart].text.translate(offset);
            }
        }
    }
    update();
}

// Left to right, a new row when the next entry would pass the width; a label wider than a
// whole row is elided only then.
QList<LegendItem::Placed> LegendItem::layOut(double width) const
{
    const QFontMetricsF metrics(font_);
    const double lineHeight = metrics.height();
    QList<Placed> placed;
    double x = 0, y = 0;
    for (const Entry& e : entries_) {
        const double textWidth = std::min(metrics.horizontalAdvance(e.label), std::max(20.0, width - kSwatchWidth - kGap));
        const double entryWidth = kSwatchWidth + kGap + textWidth;
        if (x > 0 && x + entryWidth > width) {
            x = 0;
            y += lineHeight + kRowGap;
        }
        placed.append({QRectF(x, y, kSwatchWidth, lineHeight), QRectF(x + kSwatchWidth + kGap, y, textWidth, lineHeight)});
        x += entryWidth + kEntryGap;
    }
    return placed;
}

double LegendItem::heightFor(double width) const
{
    if (entries_.isEmpty())
        return 0;
    const QList<Placed> placed = layOut(width - 2 * kSide);
    return placed.back().text.bottom() + 6;
}

QRectF LegendItem::boundingRect() const { return area_; }

void LegendItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setFont(font_);
    const QFontMetricsF metrics(font_);
    for (qsizetype i = 0; i < placed_.size(); ++i) {
        const Entry& e = entries_[i];
        const QRectF swatch = placed_[i].swatch;
        const QPointF mid = swatch.center();
        switch (e.swatch) {
        case Swatch::Line:
        case Swatch::DashedLine: {
            QPen pen(e.color, 2.5);
            pen.setStyle(e.swatch == Swatch::DashedLine ? Qt::DashLine : Qt::SolidLine);
            pen.setCapStyle(Qt::FlatCap);
            painter->setPen(pen);
            painter->drawLine(QPointF(swatch.left(), mid.y()), QPointF(swatch.right(), mid.y()));
            break;
        }
        case Swatch::Marker:
            painter->setPen(QPen(e.color.darker(130), 1));
            painter->setBrush(e.color);
            painter->drawEllipse(mid, 5, 5);
            break;
        case Swatch::SquareMarker:
            painter->setPen(QPen(e.color.darker(130), 1));
            painter->setBrush(e.color);
            painter->drawRect(QRectF(mid - QPointF(4.5, 4.5), QSizeF(9, 9)));
            break;
        case Swatch::DiamondMarker:
            painter->setPen(QPen(e.color.darker(130), 1));
            painter->setBrush(e.color);
            painter->drawPolygon(QPolygonF({mid + QPointF(0, -6), mid + QPointF(6, 0), mid + QPointF(0, 6), mid + QPointF(-6, 0)}));
            break;
        case Swatch::Area: {
            QColor fill = e.color;
            fill.setAlphaF(0.35f);
            painter->setPen(QPen(e.color, 1.5));
            painter->setBrush(fill);
            painter->drawRect(QRectF(swatch.left() + 3, mid.y() - 5, swatch.width() - 6, 10));
            break;
        }
        case Swatch::Bar:  // solid, with the bars' darker edge
            painter->setPen(QPen(e.color.darker(120), 1));
            painter->setBrush(e.color);
            painter->drawRect(QRectF(swatch.left() + 3, mid.y() - 5, swatch.width() - 6, 10));
            break;
        }
        const QRectF text = placed_[i].text;
        painter->setPen(text_);
        painter->drawText(text, Qt::AlignLeft | Qt::AlignVCenter, metrics.elidedText(e.label, Qt::ElideRight, text.width() + 1));
    }
    painter->restore();
}

} // namespace mlwb::ui
