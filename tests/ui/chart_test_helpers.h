#pragma once
// Helpers the chart panel and table tests share: specs to draw, and ways to read back what
// was drawn (pixels, colours, the table item).
#include "chart_panel.h"
#include "table_item.h"

#include <QChart>
#include <QChartView>
#include <QImage>
#include <QSet>

#include <cmath>

namespace chart_test {

using namespace mlwb::ui;

inline ChartSpec lineSpec(int n)
{
    ChartSpec spec;
    spec.id = "line";
    spec.title = "A long trace";
    spec.x = {"time (s)", false, {}, {}};
    spec.y = {"value (V)", false, {}, {}};
    SeriesSpec s;
    s.name = "signal";
    s.points.reserve(n);
    for (int i = 0; i < n; ++i)
        s.points.append({i * 1e-3, std::sin(i * 1e-3)});
    spec.series << s;
    return spec;
}

// Distinct colours in the image: a blank export has one or two.
inline int distinctColors(const QImage& image)
{
    QSet<QRgb> colors;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            colors.insert(image.pixel(x, y));
    return int(colors.size());
}

// A data preview: numbers, text, missing cells, and one name far too long for its column.
inline TableSpec previewTable(int rows)
{
    TableSpec t;
    t.header = {"id", "name", "sex", "age", "fare"};
    t.headerNotes = {"numeric", "text", "categorical", "numeric", "numeric"};
    for (int r = 0; r < rows; ++r)
        t.rows << QStringList{QString::number(r + 1), r == 1 ? QString("Cumings, Mrs. John Bradley (Florence Briggs Thayer) ").repeated(4) : QString("Braund, Mr. Owen Harris"),
                              r % 2 ? "female" : "male", r % 3 ? QString::number(20 + r) : "NA", QString::number(7.25 * (r + 1))};
    return t;
}

inline ChartSpec tableChart(const TableSpec& table)
{
    ChartSpec spec;
    spec.id = "preview";
    spec.title = "Preview";
    spec.table = table;
    return spec;
}

inline TableItem* tableItem(ChartPanel& panel)
{
    for (QGraphicsItem* item : panel.chart()->childItems())
        if (auto* table = qgraphicsitem_cast<TableItem*>(item))
            return table;
    return nullptr;
}

// The pixels of a rectangle in chart coordinates, from a grab of the panel's view.
inline QImage pixelsOf(ChartPanel& panel, const QImage& grab, const QRectF& rect)
{
    auto* view = panel.findChild<QChartView*>();
    const QRect inView = view->mapFromScene(panel.chart()->mapRectToScene(rect)).boundingRect();
    const qreal dpr = grab.devicePixelRatio();
    return grab.copy(QRect((inView.topLeft() * dpr), inView.size() * dpr).adjusted(1, 1, -1, -1));
}

// The darkest (or lightest) pixel's lightness: where the text is.
inline int extremeLightness(const QImage& image, bool lightest)
{
    int best = lightest ? 0 : 255;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const int l = image.pixelColor(x, y).lightness();
            best = lightest ? std::max(best, l) : std::min(best, l);
        }
    return best;
}

// Colour distance in RGB, 0…441.
inline double distance(QColor a, QColor b)
{
    return std::hypot(a.red() - b.red(), a.green() - b.green(), a.blue() - b.blue());
}

} // namespace chart_test
