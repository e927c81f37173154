#include "error_bars_item.h"

#include <QAbstractAxis>
#include <QChart>
#include <QLogValueAxis>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace mlwb::ui {

namespace {
constexpr qreal kErrorBarsZ = 6;  // above the series (4), below the legend and colour bar
}

ErrorBarsItem::ErrorBarsItem(QChart* chart, QAbstractSeries* mapping) : QGraphicsItem(chart), chart_(chart), mapping_(mapping)
{
    setZValue(kErrorBarsZ);
}

void ErrorBarsItem::setWhiskers(QList<Whisker> whiskers)
{
    whiskers_ = std::move(whiskers);
    update();
}

void ErrorBarsItem::plotAreaChanged()
{
    prepareGeometryChange();
    update();
}

QRectF ErrorBarsItem::boundingRect() const { return chart_->plotArea(); }

void ErrorBarsItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    const QRectF plot = chart_->plotArea();
    const QList<QAbstractAxis*> vertical = chart_->axes(Qt::Vertical, mapping_);
    const bool logY = !vertical.isEmpty() && qobject_cast<QLogValueAxis*>(vertical.front());
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    for (const Whisker& w : whiskers_) {
        if (!std::isfinite(w.x) || !std::isfinite(w.low) || !std::isfinite(w.high))
            continue;
        // A log axis cannot place values ≤ 0: the whisker runs to the bottom edge.
        const auto yAt = [&](double v) {
            if (logY && v <= 0)
                return plot.bottom();
            return std::clamp(chart_->mapToPosition(QPointF(w.x, v), mapping_).y(), plot.top(), plot.bottom());
        };
        const double x = chart_->mapToPosition(QPointF(w.x, std::max(w.low, logY ? 1e-300 : w.low)), mapping_).x();
        if (x < plot.left() - 0.5 || x > plot.right() + 0.5)
            continue;
        double half = 4;
        if (w.capWidth > 0) {
            const double x1 = chart_->mapToPosition(QPointF(w.x + w.capWidth / 2, std::max(w.low, logY ? 1e-300 : w.low)), mapping_).x();
            half = std::clamp(std::abs(x1 - x), 2.0, 12.0);
        }
        const double top = yAt(w.high), bottom = yAt(w.low);
        painter->setPen(QPen(w.color, 1.5));
        painter->drawLine(QPointF(x, top), QPointF(x, bottom));
        for (const double y : {top, bottom})
            if (y > plot.top() && y < plot.bottom())  // a cap cut by the edge would claim a bound
                painter->drawLine(QPointF(x - half, y), QPointF(x + half, y));
    }
    painter->restore();
}

} // namespace mlwb::ui
