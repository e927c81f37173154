#pragma once
#include <QColor>
#include <QFont>
#include <QGraphicsItem>
#include <QList>
#include <QString>

QT_BEGIN_NAMESPACE
class QChart;
QT_END_NAMESPACE

namespace mlwb::ui {

// The chart's legend, drawn under the plot and wrapped into as many rows as its entries need.
// Qt's own legend puts every entry on one row and elides the labels that do not fit
// ("constraint …", "path of th…"), at full size and worse in a small window. Part of the
// scene, so it exports with the chart.
class LegendItem final : public QGraphicsItem {
public:
    enum class Swatch { Line, DashedLine, Marker, SquareMarker, DiamondMarker, Area, Bar };
    struct Entry {
        QString label;
        QColor color;
        Swatch swatch = Swatch::Line;
    };
    explicit LegendItem(QChart* chart);
    void setEntries(QList<Entry> entries);
    void setTextColor(const QColor& color);
    // Pixels of height the entries take when wrapped to this width; 0 with no entries. The
    // chart reserves them as its bottom margin.
    double heightFor(double width) const;
    void chartResized();  // lays the entries out again for the chart's size

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override;

private:
    struct Placed {
        QRectF swatch, text;
    };
    QList<Placed> layOut(double width) const;  // from (0, 0), rows not yet centred
    QChart* chart_;
    QList<Entry> entries_;
    QColor text_ = Qt::black;
    QFont font_;
    QRectF area_;           // in chart coordinates; empty without entries
    QList<Placed> placed_;  // in chart coordinates
};

} // namespace mlwb::ui
