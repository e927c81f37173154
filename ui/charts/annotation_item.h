#pragma once
#include "chart_spec.h"

#include <QColor>
#include <QGraphicsItem>

QT_BEGIN_NAMESPACE
class QChart;
class QAbstractSeries;
QT_END_NAMESPACE

namespace mlwb::ui {

// Marker lines and arrows with labels over a chart's data (AnnotationSpec): the early
// stopping epoch, a true parameter value, a principal axis. Placed through the chart's axes
// at paint time; everything is drawn inside the plot, so SVG (which cannot clip) matches.
class AnnotationItem final : public QGraphicsItem {
public:
    AnnotationItem(QChart* chart, QAbstractSeries* mapping);
    void setAnnotations(const QList<AnnotationSpec>& annotations, bool dark);
    void plotAreaChanged();

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override;

private:
    QPointF at(double x, double y) const;
    void drawLabel(QPainter* painter, const QString& text, QPointF anchor, const QColor& color) const;

    QChart* chart_;
    QAbstractSeries* mapping_;
    QList<AnnotationSpec> annotations_;
    bool dark_ = false;
};

} // namespace mlwb::ui
