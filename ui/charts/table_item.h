#pragma once
#include "chart_spec.h"

#include <QColor>
#include <QFont>
#include <QGraphicsItem>

QT_BEGIN_NAMESPACE
class QChart;
class QPaintDevice;
QT_END_NAMESPACE

namespace mlwb::ui {

// Where a TableSpec goes inside a rectangle: fonts, column widths, the rows that fit and
// each shown cell's text, elided where its column is too narrow. Computed for the device
// painted on, so eliding matches what is drawn on screen and in PNG, SVG and PDF.
struct TableLayout {
    QFont font, headerFont, noteFont, mutedFont;
    QRectF bounds;  // the whole table, header included
    double headerHeight = 0, rowHeight = 0, padding = 0;
    QList<double> columnLeft, columnWidth;
    QList<bool> numericColumn;  // right-aligned: every present cell is a number
    QStringList header, notes;  // as shown
    QList<QStringList> cells;   // as shown: the rows that fit
    int hiddenRows = 0;         // rows left out for want of height ("… 3 more rows")

    QRectF cellRect(int row, int column) const;  // row −1 is the header
};

// The table with every text cut to kMaxCellChars characters and "…": measuring and drawing
// cost grows with the text (a 2 MB header cell took 8.6 s), and no cell shows more anyway.
constexpr qsizetype kMaxCellChars = 256;
TableSpec boundedCells(TableSpec table);

// device: what the text will be drawn on (nullptr: the screen).
TableLayout layoutTable(const TableSpec& table, const QRectF& area, const QFont& base, const QPaintDevice* device);

// Draws a TableSpec over the chart's plot area: a bold header band (with an optional
// muted notes line), zebra rows, numeric columns right-aligned, missing cells muted.
class TableItem final : public QGraphicsItem {
public:
    enum { Type = UserType + 0x7ab };  // for qgraphicsitem_cast
    explicit TableItem(QChart* chart);
    void setTable(const TableSpec& table);
    void setDark(bool dark);
    void plotAreaChanged();
    // The layout paint() uses for the screen.
    TableLayout layout() const;

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override;

private:
    QChart* chart_;
    TableSpec table_;
    bool dark_ = false;
};

} // namespace mlwb::ui
