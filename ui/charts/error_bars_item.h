#pragma once
#include <QColor>
#include <QGraphicsItem>
#include <QList>

QT_BEGIN_NAMESPACE
class QChart;
class QAbstractSeries;
QT_END_NAMESPACE

namespace mlwb::ui {

// Whiskers with caps over a chart's bars or points: a value ± its error (feature importance
// over repeats, Monte Carlo standard errors). Positions come from the chart's axes at paint
// time, so they follow zooming, streaming and resizing.
class ErrorBarsItem final : public QGraphicsItem {
public:
    struct Whisker {
        double x, low, high;  // data coordinates
        double capWidth;      // in x units (bars: a share of the bar), or ≤ 0 for 8 pixels
        QColor color;
    };
    ErrorBarsItem(QChart* chart, QAbstractSeries* mapping);
    void setWhiskers(QList<Whisker> whiskers);
    void plotAreaChanged();

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override;

private:
    QChart* chart_;
    QAbstractSeries* mapping_;  // the series whose axes place the whiskers
    QList<Whisker> whiskers_;
};

} // namespace mlwb::ui
