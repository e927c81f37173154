#include "annotation_item.h"

#include "colormap.h"
#include "clip_path.h"

#include <QAbstractAxis>
#include <QChart>
#include <QFontMetricsF>
#include <QPainter>
#include <QValueAxis>

#include <cmath>

namespace mlwb::ui {

namespace {
constexpr qreal kAnnotationZ = 7;  // above the series and error bars
constexpr double kArrowHead = 9;   // pixels
}

AnnotationItem::AnnotationItem(QChart* chart, QAbstractSeries* mapping)
    : QGraphicsItem(chart), chart_(chart), mapping_(mapping)
{
    setZValue(kAnnotationZ);
}

void AnnotationItem::setAnnotations(const QList<AnnotationSpec>& annotations, bool dark)
{
    annotations_ = annotations;
    dark_ = dark;
    update();
}

void AnnotationItem::plotAreaChanged()
{
    prepareGeometryChange();
    update();
}

QRectF AnnotationItem::boundingRect() const { return chart_->plotArea(); }

QPointF AnnotationItem::at(double x, double y) const { return chart_->mapToPosition(QPointF(x, y), mapping_); }

void AnnotationItem::drawLabel(QPainter* painter, const QString& text, QPointF anchor, const QColor& color) const
{
    if (text.isEmpty())
        return;
    const QRectF plot = chart_->plotArea();
    const QFontMetricsF metrics(painter->font());
    QRectF box(QPointF(0, 0), QSizeF(metrics.horizontalAdvance(text) + 8, metrics.height() + 4));
    box.moveTopLeft(anchor);
    // Kept inside the plot: flipped to the left of the anchor when it would leave on the right.
    if (box.right() > plot.right())
        box.moveRight(anchor.x() - 4);
    box.moveLeft(std::max(box.left(), plot.left() + 2));
    box.moveTop(std::clamp(box.top(), plot.top() + 2, std::max(plot.top() + 2, plot.bottom() - box.height() - 2)));
    QColor paper = dark_ ? QColor(30, 30, 30) : QColor(Qt::white);
    paper.setAlphaF(0.85f);
    painter->setPen(Qt::NoPen);
    painter->setBrush(paper);
    painter->drawRect(box);
    painter->setPen(color);
    painter->drawText(box, Qt::AlignCenter, text);
}

void AnnotationItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    const QRectF plot = chart_->plotArea();
    if (plot.width() < 10 || plot.height() < 10)
        return;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QFont font = painter->font();
    font.setPointSizeF(8.5);
    painter->setFont(font);
    for (const AnnotationSpec& a : annotations_) {
        if (a.kind == AnnotationSpec::Kind::Segment) {
            QColor edge = a.colorIndex >= 0 ? seriesColor(a.colorIndex, dark_) : QColor(Qt::gray);
            edge.setAlphaF(0.45f);
            painter->setPen(QPen(edge, 0.8));
            const QList<QPointF> inside = clipPathToBox({at(a.x, a.y), at(a.x2, a.y2)}, plot);
            if (inside.size() >= 2)
                painter->drawLine(inside.front(), inside.back());
            continue;
        }
        const QColor color = a.colorIndex >= 0 ? seriesColor(a.colorIndex, dark_) : (dark_ ? QColor(Qt::white) : QColor(Qt::black));
        QPen pen(color, 1.5);
        if (a.dashed && a.kind != AnnotationSpec::Kind::Arrow)
            pen.setStyle(Qt::DashLine);
        painter->setPen(pen);
        painter->setBrush(Qt::NoBrush);
        if (a.kind == AnnotationSpec::Kind::VerticalLine) {
            // A line needs one coordinate mapped; the other is 1, which a log axis can place too.
            const double x = at(a.x, 1.0).x();
            if (!std::isfinite(x) || x < plot.left() || x > plot.right())
                continue;
            painter->drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
            drawLabel(painter, a.label, QPointF(x + 4, plot.top() + 4), color);
        } else if (a.kind == AnnotationSpec::Kind::HorizontalLine) {
            const double y = at(1.0, a.y).y();
            if (!std::isfinite(y) || y < plot.top() || y > plot.bottom())
                continue;
            painter->drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
            drawLabel(painter, a.label, QPointF(plot.left() + 6, y - QFontMetricsF(font).height() - 6), color);
        } else {
            const QPointF tail = at(a.x, a.y), head = at(a.x2, a.y2);
            const QList<QPointF> inside = clipPathToBox({tail, head}, plot);
            if (inside.size() < 2)
                continue;
            painter->drawLine(inside.front(), inside.back());
            const QPointF d = head - tail;
            const double length = std::hypot(d.x(), d.y());
            if (length > 1 && plot.contains(head)) {  // a head only where the arrow really ends
                const QPointF u = d / length, n(-u.y(), u.x());
                painter->setBrush(color);
                painter->drawPolygon(QPolygonF{head, head - u * kArrowHead + n * kArrowHead * 0.45,
                                               head - u * kArrowHead - n * kArrowHead * 0.45});
                drawLabel(painter, a.label, head + u * 4 + QPointF(2, -QFontMetricsF(font).height() / 2), color);
            }
        }
    }
    painter->restore();
}

} // namespace mlwb::ui
