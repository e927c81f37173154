#include "table_item.h"

#include "chart_renderer.h"

#include <QChart>
#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace mlwb::ui {

namespace {
// Above the plot-area background (0), like the heatmap raster.
constexpr qreal kTableZ = 1.5;
constexpr double kMaxPointSize = 9.5;  // the axis titles' size
constexpr double kMinPointSize = 7.0;  // below this a table stops being readable
constexpr double kRowsMinPointSize = 8.0;  // for many rows, rather hide some than go smaller

struct Colors {
    QColor text, muted, headerBand, zebra, rule, headerRule;
};

// Translucent bands and rules in the dark theme, so they sit on its gradient background.
Colors colors(bool dark)
{
    if (dark)
        return {QColor(0xe6, 0xed, 0xf3), QColor(0x8b, 0x94, 0x9e), QColor(255, 255, 255, 26),
                QColor(255, 255, 255, 12), QColor(255, 255, 255, 40), QColor(255, 255, 255, 110)};
    return {QColor(0x1f, 0x23, 0x28), QColor(0x8c, 0x95, 0x9f), QColor(0xea, 0xee, 0xf2),
            QColor(0xf6, 0xf8, 0xfa), QColor(0xd0, 0xd7, 0xde), QColor(0x8c, 0x95, 0x9f)};
}

bool isNumber(QString text)
{
    text = text.trimmed();
    if (text.endsWith(QLatin1Char('%')))
        text.chop(1);
    bool ok = false;
    text.toDouble(&ok);
    return ok;
}

// A column is numeric (right-aligned) when every cell present in it is a number.
QList<bool> numericColumns(const TableSpec& t, qsizetype columns)
{
    QList<bool> numeric;
    for (qsizetype c = 0; c < columns; ++c) {
        bool anyNumber = false, allNumbers = true;
        for (const QStringList& row : t.rows) {
            const QString& cell = row.value(c);
            if (cell == t.missingText || cell.trimmed().isEmpty())
                continue;
            const bool number = isNumber(cell);
            anyNumber = anyNumber || number;
            allNumbers = allNumbers && number;
        }
        numeric << (anyNumber && allNumbers);
    }
    return numeric;
}

QStringList fitted(const QStringList& texts, qsizetype columns)
{
    QStringList out = texts.mid(0, columns);
    while (out.size() < columns)
        out << QString();
    return out;
}

// The fonts at one size, and how wide each column would like to be at it.
struct Measure {
    QFont font, headerFont, noteFont, mutedFont;
    double padding = 0, rowHeight = 0, headerHeight = 0;
    QList<double> natural;  // the widest of title, notes and cells, padded
    QList<double> content;  // the widest cell, padded
};

Measure measure(const TableSpec& t, qsizetype columns, const QFont& base, double pointSize, const QPaintDevice* device)
{
    Measure m;
    m.font = base;
    m.font.setPointSizeF(pointSize);
    m.font.setBold(false);
    m.font.setItalic(false);
    m.headerFont = m.font;
    m.headerFont.setBold(true);
    m.noteFont = m.font;
    m.noteFont.setPointSizeF(pointSize * 0.85);
    m.mutedFont = m.font;
    m.mutedFont.setItalic(true);
    const QFontMetricsF fm(m.font, device), hm(m.headerFont, device), nm(m.noteFont, device),
        mm(m.mutedFont, device);
    m.padding = std::round(fm.height() * 0.45);
    m.rowHeight = std::round(fm.height() * 1.5);
    m.headerHeight = std::round(hm.height() * 1.6 + (t.headerNotes.isEmpty() ? 0 : nm.height()));
    for (qsizetype c = 0; c < columns; ++c) {
        double cells = 0;
        for (const QStringList& row : t.rows) {
            const QString& cell = row.value(c);
            cells = std::max(cells, (cell == t.missingText ? mm : fm).horizontalAdvance(cell));
        }
        const double title = std::max(hm.horizontalAdvance(t.header.value(c)), nm.horizontalAdvance(t.headerNotes.value(c)));
        m.content << std::ceil(cells) + 2 * m.padding;
        m.natural << std::ceil(std::max(cells, title)) + 2 * m.padding;
    }
    return m;
}

// Column widths for `width`. When everything fits, natural widths spread out a little
// (up to 1.4× the table's natural width). Otherwise every column gets one common width,
// `level`, but no more than it needs and no less than its floor: short columns show in
// full, long ones share what is left and elide. Numeric columns' floor is their widest
// number (a cut number reads as a different number); others' is `minimum`.
struct ColumnFit {
    QList<double> widths;
    double level = std::numeric_limits<double>::infinity();
};

ColumnFit fitColumns(const QList<double>& natural, const QList<double>& floors, double width)
{
    ColumnFit fit;
    const double total = std::accumulate(natural.begin(), natural.end(), 0.0);
    if (total <= width) {
        const double extra = (std::min(width, total * 1.4) - total) / double(natural.size());
        for (double w : natural)
            fit.widths << w + extra;
        return fit;
    }
    const double floorTotal = std::accumulate(floors.begin(), floors.end(), 0.0);
    if (floorTotal >= width) {  // not even the floors fit: scale them down alike
        for (double f : floors)
            fit.widths << f * width / floorTotal;
        fit.level = 0;
        return fit;
    }
    auto widthAt = [&](double level, QList<double>* widths) {
        double sum = 0;
        for (qsizetype c = 0; c < natural.size(); ++c) {
            const double w = std::clamp(level, floors[c], natural[c]);
            sum += w;
            if (widths)
                widths->append(w);
        }
        return sum;
    };
    double lo = 0, hi = *std::max_element(natural.begin(), natural.end());
    for (int i = 0; i < 40; ++i) {  // widthAt grows with the level: bisect
        const double mid = (lo + hi) / 2;
        (widthAt(mid, nullptr) > width ? hi : lo) = mid;
    }
    fit.level = lo;
    widthAt(lo, &fit.widths);
    return fit;
}
} // namespace

QRectF TableLayout::cellRect(int row, int column) const
{
    const double top = row < 0 ? bounds.top() : bounds.top() + headerHeight + row * rowHeight;
    return QRectF(columnLeft.value(column), top, columnWidth.value(column), row < 0 ? headerHeight : rowHeight);
}

TableLayout layoutTable(const TableSpec& spec, const QRectF& area, const QFont& base, const QPaintDevice* device)
{
    const TableSpec t = boundedCells(spec);
    TableLayout l;
    const qsizetype columns = t.header.size();
    if (columns == 0 || area.width() < 10 || area.height() < 10)
        return l;

    const QList<bool> numeric = numericColumns(t, columns);

    // A little smaller for many columns; then smaller still while the common column
    // width would be under ~8 characters (down to kMinPointSize) or the rows do not fit
    // (down to kRowsMinPointSize). One long text column alone does not shrink the font.
    double size = std::clamp(kMaxPointSize - 0.25 * double(columns - 6), 8.0, kMaxPointSize);
    Measure m;
    ColumnFit fit;
    for (;; size -= 0.5) {
        m = measure(t, columns, base, size, device);
        const QFontMetricsF fm(m.font, device);
        QList<double> floors;
        for (qsizetype c = 0; c < columns; ++c)
            floors << std::min(m.natural[c], numeric[c] ? m.content[c]
                                                        : fm.horizontalAdvance(QStringLiteral("0000")) + 2 * m.padding);
        fit = fitColumns(m.natural, floors, area.width());
        const bool narrow = fit.level < fm.horizontalAdvance(QStringLiteral("00000000")) + 2 * m.padding;
        const bool tall = m.headerHeight + double(t.rows.size()) * m.rowHeight > area.height();
        if (!((narrow && size > kMinPointSize) || (tall && size > kRowsMinPointSize)))
            break;
    }
    l.font = m.font;
    l.headerFont = m.headerFont;
    l.noteFont = m.noteFont;
    l.mutedFont = m.mutedFont;
    l.padding = m.padding;
    l.rowHeight = m.rowHeight;
    l.headerHeight = m.headerHeight;

    l.numericColumn = numeric;
    l.columnWidth = fit.widths;
    const double width = std::accumulate(l.columnWidth.begin(), l.columnWidth.end(), 0.0);
    double x = area.left() + (area.width() - width) / 2;
    for (double w : l.columnWidth) {
        l.columnLeft << x;
        x += w;
    }

    // The rows that fit; when some do not, the last line says how many are left out.
    const auto room = std::max<qsizetype>(0, qsizetype((area.height() - l.headerHeight) / l.rowHeight));
    qsizetype shown = t.rows.size();
    if (shown > room) {
        shown = std::max<qsizetype>(0, room - 1);
        l.hiddenRows = int(t.rows.size() - shown);
    }
    const qsizetype lines = shown + (l.hiddenRows > 0 ? 1 : 0);
    l.bounds = QRectF(l.columnLeft.front(), area.top(), width, l.headerHeight + double(lines) * l.rowHeight);

    const QFontMetricsF fm(m.font, device), hm(m.headerFont, device), nm(m.noteFont, device), mm(m.mutedFont, device);
    auto elide = [&](const QFontMetricsF& metrics, const QString& text, qsizetype c, Qt::TextElideMode mode = Qt::ElideRight) {
        return metrics.elidedText(text, mode, l.columnWidth[c] - 2 * l.padding);
    };
    const QStringList header = fitted(t.header, columns), notes = fitted(t.headerNotes, columns);
    for (qsizetype c = 0; c < columns; ++c) {
        // Headers lose their middle, not their end: one-hot columns differ only in the end
        // ("passengerClass=1st", "=2nd", …) and read "passengerClas…" three times otherwise.
        l.header << elide(hm, header[c], c, Qt::ElideMiddle);
        l.notes << (t.headerNotes.isEmpty() ? QString() : elide(nm, notes[c], c));
    }
    for (qsizetype r = 0; r < shown; ++r) {
        const QStringList row = fitted(t.rows[r], columns);
        QStringList out;
        for (qsizetype c = 0; c < columns; ++c)
            out << elide(row[c] == t.missingText ? mm : fm, row[c], c);
        l.cells << out;
    }
    return l;
}

TableItem::TableItem(QChart* chart) : QGraphicsItem(chart), chart_(chart)
{
    setZValue(kTableZ);
}

TableSpec boundedCells(TableSpec table)
{
    const auto cut = [](QStringList& texts) {
        for (QString& text : texts)
            if (text.size() > kMaxCellChars) {
                text.truncate(kMaxCellChars - (text.at(kMaxCellChars - 1).isHighSurrogate() ? 1 : 0));
                text += QChar(0x2026);
            }
    };
    cut(table.header);
    cut(table.headerNotes);
    for (QStringList& row : table.rows)
        cut(row);
    return table;
}

void TableItem::setTable(const TableSpec& table)
{
    table_ = table;
    update();
}

void TableItem::setDark(bool dark)
{
    dark_ = dark;
    update();
}

void TableItem::plotAreaChanged()
{
    prepareGeometryChange();
    update();
}

TableLayout TableItem::layout() const
{
    return layoutTable(table_, chart_->plotArea(), chart_->font(), nullptr);
}

QRectF TableItem::boundingRect() const
{
    return chart_->plotArea();
}

void TableItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    const TableLayout l = layoutTable(table_, chart_->plotArea(), chart_->font(), painter->device());
    if (l.columnWidth.isEmpty())
        return;
    const Colors c = colors(dark_);
    const qsizetype columns = l.columnWidth.size();
    painter->save();
    painter->setClipRect(chart_->plotArea());
    painter->setRenderHint(QPainter::Antialiasing, false);  // crisp one-pixel rules and bands

    const QRectF headerBand(l.bounds.left(), l.bounds.top(), l.bounds.width(), l.headerHeight);
    painter->fillRect(headerBand, c.headerBand);
    const qsizetype lines = l.cells.size() + (l.hiddenRows > 0 ? 1 : 0);
    for (qsizetype r = 1; r < lines; r += 2) {
        const QRectF row = l.cellRect(int(r), 0);
        painter->fillRect(QRectF(l.bounds.left(), row.top(), l.bounds.width(), row.height()), c.zebra);
    }
    painter->setPen(QPen(c.headerRule, 1));
    painter->drawLine(QLineF(headerBand.bottomLeft(), headerBand.bottomRight()));
    painter->setPen(QPen(c.rule, 1));
    painter->drawLine(QLineF(l.bounds.bottomLeft(), l.bounds.bottomRight()));

    auto textRect = [&](int row, qsizetype col) {
        return l.cellRect(row, int(col)).adjusted(l.padding, 0, -l.padding, 0);
    };
    auto align = [&](qsizetype col) {
        return Qt::AlignVCenter | (l.numericColumn[col] ? Qt::AlignRight : Qt::AlignLeft);
    };
    // Title and notes line as one block, centred in the header band.
    const bool notes = !table_.headerNotes.isEmpty();
    const double titleHeight = QFontMetricsF(l.headerFont, painter->device()).height();
    const double noteHeight = notes ? QFontMetricsF(l.noteFont, painter->device()).height() : 0.0;
    const double blockTop = headerBand.top() + (headerBand.height() - titleHeight - noteHeight) / 2;
    for (qsizetype col = 0; col < columns; ++col) {
        const QRectF cell = textRect(-1, col);
        painter->setFont(l.headerFont);
        painter->setPen(c.text);
        painter->drawText(QRectF(cell.left(), blockTop, cell.width(), titleHeight), align(col), l.header[col]);
        if (notes) {
            painter->setFont(l.noteFont);
            painter->setPen(c.muted);
            painter->drawText(QRectF(cell.left(), blockTop + titleHeight, cell.width(), noteHeight), align(col),
                              l.notes[col]);
        }
    }
    for (qsizetype r = 0; r < l.cells.size(); ++r)
        for (qsizetype col = 0; col < columns; ++col) {
            const bool missing = table_.rows[r].value(col) == table_.missingText;
            painter->setFont(missing ? l.mutedFont : l.font);
            painter->setPen(missing ? c.muted : c.text);
            painter->drawText(textRect(int(r), col), align(col), l.cells[r][col]);
        }
    if (l.hiddenRows > 0) {
        painter->setFont(l.mutedFont);
        painter->setPen(c.muted);
        const QRectF last = l.cellRect(int(l.cells.size()), 0);
        painter->drawText(QRectF(l.bounds.left() + l.padding, last.top(), l.bounds.width() - 2 * l.padding, last.height()),
                          Qt::AlignVCenter | Qt::AlignLeft,
                          QObject::tr("… %n more row(s)", nullptr, l.hiddenRows));
    }
    painter->restore();
}

namespace {
// A table instead of axes: the item draws over the plot area.
class TableRenderer final : public ChartRenderer {
public:
    ~TableRenderer() override { delete item_; }
    void build(const ChartSpec&, ChartCanvas& canvas) override
    {
        item_ = new TableItem(canvas.chart);
        item_->setDark(canvas.dark);
    }
    void update(const ChartSpec& spec, ChartCanvas&) override { item_->setTable(*spec.table); }
    void plotAreaChanged(const ChartSpec&, ChartCanvas&) override { item_->plotAreaChanged(); }

private:
    TableItem* item_ = nullptr;
};
} // namespace

std::unique_ptr<ChartRenderer> makeTableRenderer() { return std::make_unique<TableRenderer>(); }

} // namespace mlwb::ui
