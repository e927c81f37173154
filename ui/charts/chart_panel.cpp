#include "chart_panel.h"
#include "chart_axes.h"

#include "annotation_item.h"
#include "colormap.h"
#include "error_bars_item.h"
#include "image_grid_item.h"
#include "legend_item.h"
#include "clip_path.h"
#include "plot/stream_store.h"
#include "raster_item.h"
#include "table_item.h"

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QStackedBarSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QMenu>
#include <QScatterSeries>
#include <QValueAxis>
#include <QVBoxLayout>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace mlwb::ui {

namespace {

// A bar's category label broken into lines (at spaces, and at the "<br>"s it has) no wider
// than width pixels; a word wider than that alone is elided. Qt Charts never wraps: it elides
// whole labels against a width smaller than a bar's slot and drops their second lines.
QString wrapped(const QString& label, const QFontMetricsF& metrics, double width)
{
    QStringList lines;
    for (const QString& line : label.split(QStringLiteral("<br>"))) {
        QString current;
        for (const QString& word : line.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            const QString fitted = metrics.elidedText(word, Qt::ElideRight, width);
            if (!current.isEmpty() && metrics.horizontalAdvance(current + QLatin1Char(' ') + fitted) <= width) {
                current += QLatin1Char(' ') + fitted;
            } else {
                if (!current.isEmpty())
                    lines << current;
                current = fitted;
            }
        }
        lines << current;
    }
    if (lines.size() == 1)
        return lines.front();
    return QStringLiteral("<div align=\"center\">%1</div>").arg(lines.join(QStringLiteral("<br>")));
}

// Finite points only (and positive ones on log axes); counts what was left out.
QList<QPointF> drawable(const QList<QPointF>& points, bool logX, bool logY, qsizetype* dropped)
{
    QList<QPointF> out;
    out.reserve(points.size());
    for (const QPointF& p : points) {
        if (!std::isfinite(p.x()) || !std::isfinite(p.y())) {
            ++*dropped;
            continue;
        }
        if ((logX && p.x() <= 0) || (logY && p.y() <= 0))
            continue;
        out.append(p);
    }
    return out;
}

QColor washed(QColor c, double amount)
{
    return QColor::fromRgbF(c.redF() + (1 - c.redF()) * amount, c.greenF() + (1 - c.greenF()) * amount,
                            c.blueF() + (1 - c.blueF()) * amount);
}

constexpr double kFieldWash = 0.45;  // keeps trajectories drawn over a field readable

} // namespace

ChartPanel::ChartPanel(QWidget* parent) : QWidget(parent), chart_(new QChart)
{
    view_ = new QChartView(chart_, this);
    legend_ = new LegendItem(chart_);
    chart_->legend()->setVisible(false);  // legend_ draws it, wrapped
    connect(chart_, &QGraphicsWidget::geometryChanged, this, &ChartPanel::reserveLegendSpace);
    view_->setRenderHint(QPainter::Antialiasing);
    view_->viewport()->installEventFilter(this);
    view_->setFocusPolicy(Qt::ClickFocus);
    view_->installEventFilter(this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view_);
    setMinimumSize(320, 240);
    connect(chart_, &QChart::plotAreaChanged, this, [this] {
        if (raster_)
            raster_->plotAreaChanged();
        if (colorBar_)
            colorBar_->plotAreaChanged();
        if (table_)
            table_->plotAreaChanged();
        if (imageGrid_)
            imageGrid_->plotAreaChanged();
        if (errorBars_)
            errorBars_->plotAreaChanged();
        if (annotations_)
            annotations_->plotAreaChanged();
        fitCategoryLabels();
        fitAxisTitles();
        fitTicks(axisX_, chart_->plotArea().width(), Qt::Horizontal);
        fitTicks(axisY_, chart_->plotArea().height(), Qt::Vertical);
        applyEqualScale();
    });
}

void ChartPanel::fitTitle()
{
    const QMargins m = chart_->margins();  // the title gets the width inside them
    const double width = std::max(120.0, chart_->size().width() - m.left() - m.right() - 24);
    const QString title = wrappedTitle(spec_.title, chart_->titleFont(), width);
    if (chart_->title() != title)
        chart_->setTitle(title);
}

// Axis titles as long as their axis at most ("loss f(x, y) (log scale)" beside a short plot).
void ChartPanel::fitAxisTitles()
{
    const QRectF plot = chart_->plotArea();
    if (plot.width() < 20 || plot.height() < 20)
        return;
    const std::pair<QAbstractAxis*, std::pair<const QString*, double>> axes[] = {
        {axisX_, {&spec_.x.title, plot.width()}}, {axisY_, {&spec_.y.title, plot.height()}}};
    for (const auto& [axis, titleAndLength] : axes) {
        if (!axis)
            continue;
        const QString text = wrappedTitle(*titleAndLength.first, axis->titleFont(), titleAndLength.second);
        if (axis->titleText() != text)
            axis->setTitleText(text);
    }
}

void ChartPanel::reserveLegendSpace()
{
    fitTitle();
    const int height = static_cast<int>(std::ceil(legend_->heightFor(chart_->size().width())));
    baseMargins_.setBottom(6 + height);
    chart_->setMargins(baseMargins_);  // also undoes applyEqualScale(), which plotAreaChanged redoes
    legend_->chartResized();
}

void ChartPanel::applyEqualScale()
{
    auto* x = qobject_cast<QValueAxis*>(axisX_);
    auto* y = qobject_cast<QValueAxis*>(axisY_);
    if (!spec_.equalScale || !x || !y || !(x->max() > x->min()) || !(y->max() > y->min()))
        return;
    // Wider margins, not a fixed plot area: with setPlotArea() Qt no longer lays out the
    // title and the legend. The layout then shrinks the plot by the same amount.
    const QRectF plot = chart_->plotArea();
    if (plot.width() < 10 || plot.height() < 10)
        return;
    const double perPixel = std::max((x->max() - x->min()) / plot.width(), (y->max() - y->min()) / plot.height());
    const int dw = static_cast<int>(plot.width() - (x->max() - x->min()) / perPixel);
    const int dh = static_cast<int>(plot.height() - (y->max() - y->min()) / perPixel);
    if (dw < 2 && dh < 2)
        return;
    QMargins m = chart_->margins();
    m += QMargins(dw / 2, dh / 2, dw - dw / 2, dh - dh / 2);
    chart_->setMargins(m);  // its plotAreaChanged comes back here and finds nothing to do
}

ChartPanel::~ChartPanel() = default;

void ChartPanel::setSpec(const ChartSpec& spec)
{
    spec_ = spec;
    loadStores();
    if (structureKey() != builtKey_)
        rebuild();
    else
        updateData();
}

namespace {
std::vector<plot::Point> toPlot(const QList<QPointF>& points)
{
    std::vector<plot::Point> out;
    out.reserve(std::size_t(points.size()));
    for (const QPointF& p : points)
        out.push_back({p.x(), p.y()});
    return out;
}
} // namespace

void ChartPanel::loadStores()
{
    stores_.clear();
    for (SeriesSpec& s : spec_.series) {
        if (s.kind != SeriesSpec::Kind::Line) {
            stores_.push_back(nullptr);
            continue;
        }
        auto store = std::make_unique<plot::StreamStore>(s.keepLast);
        const auto nonFinite = std::count_if(s.points.begin(), s.points.end(), [](const QPointF& p) {
            return !std::isfinite(p.x()) || !std::isfinite(p.y());
        });
        if (nonFinite > 0)
            spdlog::warn("chart '{}': {} non-finite points left out", spec_.id.toStdString(), nonFinite);
        store->append(toPlot(s.points));
        s.points = {};
        stores_.push_back(std::move(store));
    }
}

void ChartPanel::appendPoints(const QList<SeriesBlock>& blocks)
{
    if (spec_.bars || spec_.heatmap || spec_.table)
        return;
    for (const SeriesBlock& b : blocks) {
        if (b.series < 0 || std::size_t(b.series) >= stores_.size())
            continue;
        if (plot::StreamStore* store = stores_[std::size_t(b.series)].get()) {
            store->append(toPlot(b.points));
        } else {
            SeriesSpec& s = spec_.series[b.series];
            s.points.append(b.points);
            if (s.keepLast > 0 && s.points.size() > s.keepLast)
                s.points.remove(0, s.points.size() - s.keepLast);
        }
    }
    updateXy();
}

void ChartPanel::setHistogramBins(int index, std::vector<double> edges, std::vector<double> counts)
{
    if (index < 0 || index >= spec_.histograms.size() || spec_.bars || spec_.heatmap || spec_.table)
        return;
    spec_.histograms[index].edges = std::move(edges);
    spec_.histograms[index].counts = std::move(counts);
    updateXy();
}

QList<QPointF> ChartPanel::seriesPoints(int series) const
{
    if (series < 0 || series >= spec_.series.size())
        return {};
    if (const plot::StreamStore* store = stores_[std::size_t(series)].get()) {
        QList<QPointF> out;
        out.reserve(store->size());
        for (const plot::Point& p : store->points())
            out.append(QPointF(p.x, p.y));
        return out;
    }
    return spec_.series[series].points;
}

void ChartPanel::redraw() { updateData(); }

void ChartPanel::setDark(bool dark)
{
    if (dark == dark_)
        return;
    dark_ = dark;
    rebuild();
}

QString ChartPanel::structureKey() const
{
    QStringList parts{spec_.title, spec_.x.title, spec_.y.title, QString::number(spec_.x.log),
                      QString::number(spec_.y.log), QString::number(spec_.equalScale), QString::number(spec_.field.has_value()),
                      QString::number(spec_.table.has_value()), QString::number(spec_.imageGrid.has_value()),
                      QString::number(hasErrorBars()), QString::number(!spec_.annotations.isEmpty())};
    for (const auto& s : spec_.series)
        parts << s.name << QString::number(int(s.kind)) << QString::number(s.colorIndex)
              << QString::number(s.width) << QString::number(s.dashed) << QString::number(s.pointMarkers);
    for (const auto& h : spec_.histograms)
        parts << QStringLiteral("H") + h.name;
    if (spec_.bars) {
        parts << QStringLiteral("B") << spec_.bars->categories;
        for (const auto& s : spec_.bars->sets)
            parts << s.name;
    }
    if (spec_.heatmap)
        parts << QStringLiteral("M%1x%2").arg(spec_.heatmap->rows).arg(spec_.heatmap->cols)
              << spec_.heatmap->rowLabels << spec_.heatmap->colLabels;
    return parts.join(QChar(0x1F));
}

void ChartPanel::rebuild()
{
    chart_->removeAllSeries();
    for (QAbstractAxis* a : chart_->axes()) {
        chart_->removeAxis(a);
        delete a;
    }
    delete raster_;
    raster_ = nullptr;
    delete colorBar_;
    colorBar_ = nullptr;
    delete table_;
    table_ = nullptr;
    delete imageGrid_;
    imageGrid_ = nullptr;
    delete errorBars_;
    errorBars_ = nullptr;
    delete annotations_;
    annotations_ = nullptr;
    axisX_ = axisY_ = nullptr;

    chart_->setTheme(dark_ ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart_->setBackgroundRoundness(0);
    QFont titleFont = chart_->titleFont();
    titleFont.setPointSizeF(12);
    titleFont.setBold(true);
    chart_->setTitleFont(titleFont);
    fitTitle();
    const bool needsColorBar = spec_.heatmap || spec_.field;
    baseMargins_ = QMargins(6, 6, needsColorBar ? ColorBarItem::kReservedWidth : 12, 6);
    chart_->setMargins(baseMargins_);
    legend_->setEntries({});

    if (spec_.table || spec_.imageGrid) {  // no axes, no series: the item draws over the plot area
        if (spec_.table) {
            table_ = new TableItem(chart_);
            table_->setDark(dark_);
        } else {
            imageGrid_ = new ImageGridItem(chart_);
        }
        builtKey_ = structureKey();
        updateData();
        return;
    }
    if (spec_.bars) {
        // Qt colours bars by set, so bars coloured one by one are a stack of one set per bar,
        // each zero except at its own category.
        const bool perBar = spec_.bars->sets.size() == 1 && !spec_.bars->barColors.isEmpty();
        QAbstractBarSeries* series = perBar ? static_cast<QAbstractBarSeries*>(new QStackedBarSeries) : new QBarSeries;
        if (perBar) {
            const auto& values = spec_.bars->sets[0].values;
            for (qsizetype j = 0; j < values.size(); ++j) {
                auto* set = new QBarSet(spec_.bars->categories.value(j));
                for (qsizetype k = 0; k < values.size(); ++k)
                    set->append(k == j ? values[j] : 0.0);
                series->append(set);
            }
        }
        for (int i = 0; !perBar && i < spec_.bars->sets.size(); ++i) {
            const auto& s = spec_.bars->sets[i];
            auto* set = new QBarSet(s.name);
            for (double v : s.values)
                set->append(v);
            series->append(set);
        }
        chart_->addSeries(series);
        auto* x = new QBarCategoryAxis;
        x->append(spec_.bars->categories);
        x->setTruncateLabels(false);  // fitCategoryLabels() wraps them to the bars' width
        x->setTitleText(spec_.x.title.toHtmlEscaped());
        axisX_ = x;
        axisY_ = makeValueAxis(spec_.y);
    } else if (spec_.heatmap) {
        axisX_ = makeCategoryAxis(spec_.heatmap->cols, spec_.x.title);
        axisY_ = makeCategoryAxis(spec_.heatmap->rows, spec_.y.title);
        if (!qobject_cast<QCategoryAxis*>(axisY_))
            axisY_->setReverse(true);  // row 0 at the top (fitCellLabels() orders the categories)
    } else {
        axisX_ = makeValueAxis(spec_.x);
        axisY_ = makeValueAxis(spec_.y);
        for (const auto& s : spec_.series) {
            QXYSeries* series = s.kind == SeriesSpec::Kind::Scatter ? static_cast<QXYSeries*>(new QScatterSeries)
                                                                     : new QLineSeries;
            series->setName(s.name);
            chart_->addSeries(series);
        }
        for (const auto& h : spec_.histograms) {
            auto* area = new QAreaSeries;
            area->setUpperSeries(new QLineSeries(area));
            area->setName(h.name);
            chart_->addSeries(area);
        }
    }
    chart_->addAxis(axisX_, Qt::AlignBottom);
    chart_->addAxis(axisY_, Qt::AlignLeft);
    for (QAbstractAxis* axis : {axisX_, axisY_}) {
        QFont f = axis->titleFont();
        f.setPointSizeF(9.5);
        f.setBold(false);
        axis->setTitleFont(f);
    }

    const QList<QAbstractSeries*> all = chart_->series();
    QList<LegendItem::Entry> entries;
    for (int i = 0; i < all.size(); ++i) {
        QAbstractSeries* series = all[i];
        series->attachAxis(axisX_);
        series->attachAxis(axisY_);
        // Colours after addSeries: adding a series applies the theme's colours.
        if (i < spec_.series.size()) {
            const SeriesSpec& s = spec_.series[i];
            const QColor c = seriesColor(s.colorIndex >= 0 ? s.colorIndex : i, dark_);
            if (auto* scatter = qobject_cast<QScatterSeries*>(series)) {
                scatter->setColor(c);
                scatter->setBorderColor(c.darker(130));
                scatter->setMarkerSize(s.width);
            } else if (auto* line = qobject_cast<QLineSeries*>(series)) {
                QPen pen(c, s.width);
                pen.setStyle(s.dashed ? Qt::DashLine : Qt::SolidLine);
                pen.setCapStyle(Qt::RoundCap);
                pen.setJoinStyle(Qt::RoundJoin);
                line->setPen(pen);
                line->setPointsVisible(s.pointMarkers);
                line->setMarkerSize(s.width * 2.5);
            }
            if (!s.name.isEmpty())
                entries.append({s.name, c,
                                s.kind == SeriesSpec::Kind::Scatter ? LegendItem::Swatch::Marker
                                : s.dashed                          ? LegendItem::Swatch::DashedLine
                                                                    : LegendItem::Swatch::Line});
        } else if (auto* area = qobject_cast<QAreaSeries*>(series)) {
            const auto& h = spec_.histograms[i - spec_.series.size()];
            QColor c = seriesColor(h.colorIndex >= 0 ? h.colorIndex : i, dark_);
            area->setPen(QPen(c, 1.5));
            c.setAlphaF(0.35f);
            area->setBrush(c);
            if (!h.name.isEmpty())
                entries.append({h.name, seriesColor(h.colorIndex >= 0 ? h.colorIndex : i, dark_), LegendItem::Swatch::Area});
        } else if (auto* bars = qobject_cast<QAbstractBarSeries*>(series)) {
            bars->setLabelsVisible(spec_.bars->valueLabels);
            bars->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
            bars->setLabelsFormat(QStringLiteral("@value"));
            bars->setLabelsPrecision(spec_.bars->labelPrecision);
            const auto sets = bars->barSets();
            const bool perBar = qobject_cast<QStackedBarSeries*>(bars) != nullptr;
            for (int k = 0; k < sets.size(); ++k) {
                const int ci = perBar ? spec_.bars->barColors.value(k, k) : spec_.bars->sets[k].colorIndex;
                sets[k]->setColor(seriesColor(ci >= 0 ? ci : k, dark_));
                sets[k]->setBorderColor(sets[k]->color().darker(120));
                sets[k]->setLabelColor(dark_ ? Qt::white : Qt::black);
                if (sets.size() > 1 && !perBar)  // per-bar colours: the categories name them
                    entries.append({sets[k]->label(), sets[k]->color(), LegendItem::Swatch::Area});
            }
        }
    }
    legend_->setEntries(entries);
    legend_->setTextColor(dark_ ? QColor(Qt::white) : QColor(Qt::black));
    reserveLegendSpace();

    if (spec_.heatmap || spec_.field) {
        raster_ = new RasterItem(chart_);
        colorBar_ = new ColorBarItem(chart_);
        colorBar_->setTextColor(dark_ ? QColor(Qt::white) : QColor(Qt::black));
    }
    // Overlays place themselves through the first series' axes (a heatmap has none).
    if (QAbstractSeries* mapping = chart_->series().isEmpty() ? nullptr : chart_->series().front()) {
        if (hasErrorBars())
            errorBars_ = new ErrorBarsItem(chart_, mapping);
        if (!spec_.annotations.isEmpty())
            annotations_ = new AnnotationItem(chart_, mapping);
    }
    builtKey_ = structureKey();
    fitCategoryLabels();
    updateData();
}

// Category labels depend on the plot area's size: called again whenever it changes. New
// labels may resize the axes, and so the plot area, once more; that settles, since row labels
// follow the height and column and bar labels the width, which row labels alone change.
void ChartPanel::fitCategoryLabels()
{
    const QSizeF plot = chart_->plotArea().size();
    if (spec_.heatmap) {
        const HeatmapSpec& h = *spec_.heatmap;
        if (auto* x = qobject_cast<QCategoryAxis*>(axisX_))
            fitCellLabels(x, h.colLabels, h.cols, false, plot.width() / std::max(h.cols, 1));
        if (auto* y = qobject_cast<QCategoryAxis*>(axisY_))
            fitCellLabels(y, h.rowLabels, h.rows, true, plot.height() / std::max(h.rows, 1));
    } else if (auto* x = qobject_cast<QBarCategoryAxis*>(axisX_)) {
        const QStringList& categories = spec_.bars->categories;
        const QFontMetricsF metrics(x->labelsFont());
        const double width = plot.width() / std::max<qsizetype>(categories.size(), 1) - metrics.height() / 2;
        QStringList labels;
        for (const QString& c : categories)
            labels << wrapped(c, metrics, std::max(width, metrics.height()));
        // The axis needs distinct categories: wrapping might merge two, so keep them as given.
        if (QSet<QString>(labels.begin(), labels.end()).size() < labels.size())
            labels = categories;
        if (x->categories() != labels)
            x->setCategories(labels);
    }
}

void ChartPanel::updateData()
{
    if (spec_.table)
        table_->setTable(*spec_.table);
    else if (spec_.imageGrid)
        imageGrid_->setGrid(*spec_.imageGrid, dark_);
    else if (spec_.bars)
        updateBars();
    else if (spec_.heatmap)
        updateHeatmap();
    else
        updateXy();
    if (spec_.field)  // coloured here only: streamed frames leave the underlay as it is
        updateField();
}

int ChartPanel::yTicks() const { return ticksFor(chart_->plotArea().height(), Qt::Vertical); }

int ChartPanel::viewBuckets() const
{
    const double width = chart_->plotArea().width() > 10 ? chart_->plotArea().width() : view_->width();
    return std::max(100, static_cast<int>(width / 2));
}

void ChartPanel::updateXy()
{
    Range rx, ry;
    for (std::size_t i = 0; i < stores_.size(); ++i) {
        if (const plot::StreamStore* store = stores_[i].get()) {
            // Bounds per chunk: a frame does not look at every point. A log axis needs the
            // smallest positive value, which only the points know.
            if (spec_.x.log || spec_.y.log) {
                for (const plot::Point& p : store->view())
                    if (std::isfinite(p.x) && std::isfinite(p.y)) {
                        rx.add(p.x, spec_.x.log);
                        ry.add(p.y, spec_.y.log);
                    }
            } else if (const auto b = store->bounds()) {
                rx.add(b->minX, false);
                rx.add(b->maxX, false);
                ry.add(b->minY, false);
                ry.add(b->maxY, false);
            }
            continue;
        }
        const SeriesSpec& s = spec_.series[int(i)];
        for (qsizetype k = 0; k < s.points.size(); ++k) {
            const QPointF& p = s.points[k];
            if (std::isfinite(p.x()) && std::isfinite(p.y())) {
                rx.add(p.x(), spec_.x.log);
                ry.add(p.y(), spec_.y.log);
                if (const double e = s.yErrors.value(k, NAN); std::isfinite(e)) {
                    ry.add(p.y() - e, spec_.y.log);
                    ry.add(p.y() + e, spec_.y.log);
                }
            }
        }
    }
    for (const auto& h : spec_.histograms) {
        for (double e : h.edges)
            rx.add(e, spec_.x.log);
        ry.add(0, spec_.y.log);
        for (double c : h.counts)
            ry.add(c * 1.05, spec_.y.log);
    }
    if (spec_.field) {  // the field defines the view; paths that leave it are clipped
        rx = Range{spec_.field->xmin, spec_.field->xmax};
        ry = Range{spec_.field->ymin, spec_.field->ymax};
    }
    const bool pad = !spec_.field;
    // Axis ranges first: each replace() after a range change would re-layout again.
    setAxisRange(axisX_, axisRange(spec_.x, rx, pad), ticksFor(chart_->plotArea().width(), Qt::Horizontal));
    setAxisRange(axisY_, axisRange(spec_.y, ry, pad && spec_.histograms.isEmpty()), yTicks());
    applyEqualScale();

    const QList<QAbstractSeries*> all = chart_->series();
    const int buckets = viewBuckets();
    qsizetype dropped = 0;
    // What the axes show, a hair wider (a point on the edge stays); log axes clip on screen.
    QRectF box;
    const auto* ax = qobject_cast<const QValueAxis*>(axisX_);
    const auto* ay = qobject_cast<const QValueAxis*>(axisY_);
    if (ax && ay && !spec_.x.log && !spec_.y.log) {
        const double ex = (ax->max() - ax->min()) * 1e-9, ey = (ay->max() - ay->min()) * 1e-9;
        box = QRectF(QPointF(ax->min() - ex, ay->min() - ey), QPointF(ax->max() + ex, ay->max() + ey));
    }
    for (int i = 0; i < spec_.series.size() && i < all.size(); ++i) {
        auto* xy = static_cast<QXYSeries*>(all[i]);
        QList<QPointF> points;
        if (const plot::StreamStore* store = stores_[std::size_t(i)].get()) {
            const std::vector<plot::Point> view = store->view(buckets);
            points.reserve(qsizetype(view.size()));
            for (const plot::Point& p : view)
                if ((!spec_.x.log || p.x > 0) && (!spec_.y.log || p.y > 0))
                    points.append(QPointF(p.x, p.y));
        } else {
            points = drawable(spec_.series[i].points, spec_.x.log, spec_.y.log, &dropped);
        }
        if (box.isValid()) {
            if (xy->type() == QAbstractSeries::SeriesTypeScatter)
                points.removeIf([&](const QPointF& p) { return !box.contains(p); });
            else
                points = clipPathToBox(points, box);
        }
        xy->replace(points);
    }
    for (int k = 0; k < spec_.histograms.size(); ++k) {
        const auto& h = spec_.histograms[k];
        QList<QPointF> steps;
        for (std::size_t b = 0; b + 1 < h.edges.size() && b < h.counts.size(); ++b) {
            const double c = std::isfinite(h.counts[b]) ? h.counts[b] : 0.0;
            steps << QPointF(h.edges[b], c) << QPointF(h.edges[b + 1], c);
        }
        if (!steps.isEmpty()) {
            steps.prepend(QPointF(steps.front().x(), 0));
            steps.append(QPointF(steps.back().x(), 0));
        }
        static_cast<QAreaSeries*>(all[spec_.series.size() + k])->upperSeries()->replace(steps);
    }
    if (dropped > 0)
        spdlog::warn("chart '{}': {} non-finite points left out", spec_.id.toStdString(), dropped);
    updateOverlays();
}

bool ChartPanel::hasErrorBars() const
{
    if (spec_.bars)
        return std::any_of(spec_.bars->sets.begin(), spec_.bars->sets.end(), [](const BarsSpec::Set& s) { return !s.errors.isEmpty(); });
    return std::any_of(spec_.series.begin(), spec_.series.end(), [](const SeriesSpec& s) { return !s.yErrors.isEmpty(); });
}

void ChartPanel::updateOverlays()
{
    if (annotations_)
        annotations_->setAnnotations(spec_.annotations, dark_);
    if (!errorBars_)
        return;
    QList<ErrorBarsItem::Whisker> whiskers;
    if (spec_.bars) {
        // Qt's bars fill half of a category's width, shared by the sets side by side.
        constexpr double kBarWidth = 0.5;
        const bool perBar = qobject_cast<QStackedBarSeries*>(chart_->series().front()) != nullptr;
        const auto& sets = spec_.bars->sets;
        const QColor ink = dark_ ? QColor(Qt::white) : QColor(Qt::black);
        for (int k = 0; k < sets.size(); ++k) {
            const double share = perBar ? kBarWidth : kBarWidth / sets.size();
            for (qsizetype j = 0; j < sets[k].values.size() && j < sets[k].errors.size(); ++j) {
                const double center = perBar ? double(j) : double(j) - kBarWidth / 2 + (k + 0.5) * share;
                const double v = sets[k].values[j], e = sets[k].errors[j];
                whiskers.append({center, v - e, v + e, share * 0.5, ink});
            }
        }
    } else {
        for (int i = 0; i < spec_.series.size(); ++i) {
            const SeriesSpec& s = spec_.series[i];
            const QColor c = seriesColor(s.colorIndex >= 0 ? s.colorIndex : i, dark_).darker(115);
            for (qsizetype k = 0; k < s.points.size() && k < s.yErrors.size(); ++k)
                whiskers.append({s.points[k].x(), s.points[k].y() - s.yErrors[k], s.points[k].y() + s.yErrors[k], 0, c});
        }
    }
    errorBars_->setWhiskers(whiskers);
}

void ChartPanel::updateBars()
{
    auto* bars = static_cast<QAbstractBarSeries*>(chart_->series().front());
    const auto sets = bars->barSets();
    const bool perBar = qobject_cast<QStackedBarSeries*>(bars) != nullptr;
    Range r;
    r.add(0, spec_.y.log);  // bars rise from 0; a log axis cannot show 0 and starts below the smallest bar
    for (int k = 0; k < sets.size(); ++k) {
        const auto& values = spec_.bars->sets[perBar ? 0 : k].values;
        const auto& errors = spec_.bars->sets[perBar ? 0 : k].errors;
        for (int j = 0; j < values.size() && j < sets[k]->count(); ++j) {
            const double v = std::isfinite(values[j]) && (!perBar || j == k) ? values[j] : 0.0;
            sets[k]->replace(j, v);
            r.add(v, spec_.y.log);
            if (const double e = errors.value(j, NAN); std::isfinite(e) && (!perBar || j == k)) {
                r.add(v - e, spec_.y.log);
                r.add(v + e, spec_.y.log);
            }
        }
    }
    updateOverlays();
    if (spec_.y.log) {  // timings spanning decades: bars rise from the bottom decade
        setAxisRange(axisY_, axisRange(spec_.y, r.empty() ? r : Range{r.lo / 2, r.hi * 4}, false), yTicks());
        return;
    }
    // Room beyond the longest bars (up and, for negative values, down) for value labels.
    const double pad = 0.15 * (r.hi > r.lo ? r.hi - r.lo : 1.0);
    const double lo = r.lo < 0 ? r.lo - pad : 0.0;
    const double hi = r.hi > 0 || r.lo >= 0 ? r.hi + pad : 0.0;
    setAxisRange(axisY_, {spec_.y.min.value_or(lo), spec_.y.max.value_or(hi)}, yTicks());
}

void ChartPanel::updateHeatmap()
{
    const HeatmapSpec& h = *spec_.heatmap;
    Range r;
    for (double v : h.values)
        r.add(v, false);
    if (r.empty())
        r = Range{0, 1};
    const double span = r.hi > r.lo ? r.hi - r.lo : 1.0;
    const bool categorical = !h.categories.isEmpty();
    // Light tints of the series palette: cell labels stay readable in black on them.
    const auto categoryColor = [&](double code) {
        const QColor base = seriesColor(static_cast<int>(code), false);
        return code >= 0 && code < double(h.categories.size()) ? base.lighter(150) : QColor(170, 170, 170);
    };
    QImage image(std::max(1, h.cols), std::max(1, h.rows), QImage::Format_RGB32);
    QStringList labels;
    QList<bool> darkCell;
    for (int row = 0; row < h.rows; ++row)
        for (int col = 0; col < h.cols; ++col) {
            const auto i = std::size_t(row) * h.cols + col;
            const double v = i < h.values.size() ? h.values[i] : std::nan("");
            const bool finite = std::isfinite(v);
            const double t = finite ? (v - r.lo) / span : 0.0;
            const QColor colour = !finite ? QColor(170, 170, 170)
                                  : categorical ? categoryColor(v)
                                                : viridis(t);
            image.setPixel(col, row, colour.rgb());
            if (h.cellLabels) {
                if (i < std::size_t(h.cellText.size()))
                    labels << h.cellText[qsizetype(i)];
                else
                    labels << (finite ? QString::number(v, 'g', h.labelPrecision) : QStringLiteral("–"));
                darkCell << (finite && colour.lightnessF() < 0.5);
            }
        }
    // Row 0 at the top: value 0 on the reversed index axis, h.rows on the category axis.
    const bool reversed = axisY_->isReverse();
    raster_->setImage(image, 0, h.cols, reversed ? 0 : h.rows, reversed ? h.rows : 0, false);
    if (h.cellLabels)
        raster_->setCellLabels(labels, darkCell);
    if (categorical) {
        QList<QColor> colours;
        for (qsizetype c = 0; c < h.categories.size(); ++c)
            colours << categoryColor(double(c));
        colorBar_->setCategories(h.categories, colours, h.colorBarTitle);
    } else {
        colorBar_->setRange(r.lo, r.hi, false, h.colorBarTitle);
    }
}

void ChartPanel::updateField()
{
    const FieldSpec& f = *spec_.field;
    if (f.nx < 2 || f.ny < 2 || f.values.size() < std::size_t(f.nx) * f.ny)
        return;
    double minPositive = std::numeric_limits<double>::infinity();
    for (double v : f.values)
        if (v > 0 && std::isfinite(v))
            minPositive = std::min(minPositive, v);
    std::vector<double> scaled(f.values.size());
    Range r;
    for (std::size_t i = 0; i < f.values.size(); ++i) {
        double v = f.values[i];
        if (f.logScale)
            v = std::log10(std::isfinite(v) ? std::max(v, minPositive) : minPositive);
        scaled[i] = v;
        r.add(v, false);
    }
    if (r.empty())
        return;
    const double span = r.hi > r.lo ? r.hi - r.lo : 1.0;
    auto band = [&](std::size_t i) {
        const double t = (scaled[i] - r.lo) / span;
        return f.bands > 0 ? std::min(f.bands - 1, static_cast<int>(t * f.bands)) : 0;
    };
    QImage image(f.nx, f.ny, QImage::Format_RGB32);
    for (int iy = 0; iy < f.ny; ++iy)
        for (int ix = 0; ix < f.nx; ++ix) {
            const std::size_t i = std::size_t(iy) * f.nx + ix;
            double t = (scaled[i] - r.lo) / span;
            QColor c;
            if (f.bands > 0) {
                const int b = band(i);
                t = (b + 0.5) / f.bands;
                c = washed(viridis(t), kFieldWash);
                // A band edge on the right or above makes a contour line.
                const bool edge = (ix + 1 < f.nx && band(i + 1) != b) || (iy + 1 < f.ny && band(i + f.nx) != b);
                if (edge)
                    c = c.darker(135);
            } else {
                c = washed(viridis(t), kFieldWash);
            }
            image.setPixel(ix, f.ny - 1 - iy, c.rgb());  // image row 0 is the top (ymax)
        }
    raster_->setImage(image, f.xmin, f.xmax, f.ymax, f.ymin, true);
    colorBar_->setRange(r.lo, r.hi, f.logScale, f.colorBarTitle);
}

qsizetype ChartPanel::drawnPointCount(int series) const
{
    const auto all = chart_->series();
    if (series < 0 || series >= all.size())
        return 0;
    if (auto* xy = qobject_cast<QXYSeries*>(all[series]))
        return xy->count();
    return 0;
}

bool ChartPanel::exportTo(const QString& path, ExportFormat format, int scale, QString* error)
{
    return exportWidget(view_, path, format, scale, spec_.title, error);
}

void ChartPanel::paintInto(QPainter& painter, const QRectF& target)
{
    // The scene itself, not the view widget: QWidget::render of a view placed away from the
    // origin lost the bar value labels in PDF output.
    view_->scene()->render(&painter, target, QRectF(QPointF(0, 0), QSizeF(view_->viewport()->size())),
                           Qt::IgnoreAspectRatio);
}

void ChartPanel::copyToClipboard()
{
    QGuiApplication::clipboard()->setImage(view_->grab().toImage());
}

void ChartPanel::contextMenuEvent(QContextMenuEvent* event)
{
    emit activated(this);
    QMenu menu(this);
    for (int scale : {1, 2, 3})
        menu.addAction(tr("Export PNG (%1×)…").arg(scale), this,
                       [this, scale] { emit exportRequested(this, ExportFormat::Png, scale); });
    menu.addAction(tr("Export SVG…"), this, [this] { emit exportRequested(this, ExportFormat::Svg, 1); });
    menu.addAction(tr("Export PDF…"), this, [this] { emit exportRequested(this, ExportFormat::Pdf, 1); });
    if (inFigure_) {
        QMenu* figure = menu.addMenu(tr("Export Figure"));
        for (int scale : {1, 2, 3})
            figure->addAction(tr("PNG (%1×)…").arg(scale), this,
                              [this, scale] { emit figureExportRequested(this, ExportFormat::Png, scale); });
        figure->addAction(tr("SVG…"), this, [this] { emit figureExportRequested(this, ExportFormat::Svg, 1); });
        figure->addAction(tr("PDF…"), this, [this] { emit figureExportRequested(this, ExportFormat::Pdf, 1); });
    }
    menu.addSeparator();
    menu.addAction(tr("Copy to clipboard"), this, &ChartPanel::copyToClipboard);
    menu.exec(event->globalPos());
}

void ChartPanel::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    // Thinning depends on the width in pixels: redo it for long lines.
    const int buckets = viewBuckets();
    const bool longSeries = std::any_of(stores_.begin(), stores_.end(), [&](const auto& store) {
        return store && store->size() > buckets;
    });
    if (longSeries && !spec_.bars && !spec_.heatmap && !spec_.table)
        updateXy();
}

bool ChartPanel::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::MouseButtonPress || event->type() == QEvent::FocusIn)
        emit activated(this);
    return QWidget::eventFilter(watched, event);
}

} // namespace mlwb::ui
