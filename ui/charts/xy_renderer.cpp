// Lines, scatter series and histograms on value axes, with an optional field underneath.
// A line keeps its points in a plot::StreamStore: streamed blocks are appended there, and a
// frame draws its thinned view, so the cost of a frame follows the new points and the
// pixels, not the total.
#include "chart_axes.h"
#include "chart_renderer.h"
#include "clip_path.h"
#include "colormap.h"
#include "field_underlay.h"
#include "plot/stream_store.h"
#include "raster_item.h"

#include <QAreaSeries>
#include <QChart>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace mlwb::ui {

namespace {

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

std::vector<plot::Point> toPlot(const QList<QPointF>& points)
{
    std::vector<plot::Point> out;
    out.reserve(std::size_t(points.size()));
    for (const QPointF& p : points)
        out.push_back({p.x(), p.y()});
    return out;
}

// Qt Charts draws a solid line segment by segment, and round caps make each segment's ends
// curves to flatten: a 500-point trace took 7–15 ms to paint with them, 3 ms without. Long
// lines get square caps, which cost no curves and, unlike flat caps, still cover the
// sub-pixel segments where a path crawls (flat caps made an optimizer's path along the
// valley vanish); short paths keep their round corners.
void fitPenToLength(QXYSeries* line, qsizetype drawnPoints)
{
    constexpr qsizetype kRoundUpTo = 200;
    const Qt::PenCapStyle cap = drawnPoints > kRoundUpTo ? Qt::SquareCap : Qt::RoundCap;
    QPen pen = line->pen();
    if (pen.capStyle() == cap)
        return;
    pen.setCapStyle(cap);
    pen.setJoinStyle(cap == Qt::SquareCap ? Qt::BevelJoin : Qt::RoundJoin);
    line->setPen(pen);
}

// Lines are thinned to a bucket per four pixels, at most 4 points each (first, last, lowest,
// highest): the drawn line still reaches every extreme, and Qt lays out about one point per
// pixel column; at 2 per column four 1e6-point lines missed 8 ms a frame (G2_stream_4x1e6).
int viewBuckets(const ChartCanvas& canvas) { return std::max(100, static_cast<int>(canvas.plotWidth() / 4)); }

LegendItem::Swatch legendSwatch(const SeriesSpec& s)
{
    if (s.kind == SeriesSpec::Kind::Scatter)
        return s.marker == SeriesSpec::Marker::Square    ? LegendItem::Swatch::SquareMarker
               : s.marker == SeriesSpec::Marker::Diamond ? LegendItem::Swatch::DiamondMarker
                                                         : LegendItem::Swatch::Marker;
    return s.dashed ? LegendItem::Swatch::DashedLine : LegendItem::Swatch::Line;
}

class XyRenderer final : public ChartRenderer {
public:
    void load(ChartSpec& spec) override
    {
        stores_.clear();
        for (SeriesSpec& s : spec.series) {
            if (s.kind != SeriesSpec::Kind::Line) {
                stores_.push_back(nullptr);  // a scatter's points stay in the spec
                continue;
            }
            const auto nonFinite = std::count_if(s.points.begin(), s.points.end(), [](const QPointF& p) {
                return !std::isfinite(p.x()) || !std::isfinite(p.y());
            });
            if (nonFinite > 0)
                spdlog::warn("chart '{}': {} non-finite points left out", spec.id.toStdString(), nonFinite);
            auto store = std::make_unique<plot::StreamStore>(s.keepLast);
            store->append(toPlot(s.points));
            s.points = {};
            stores_.push_back(std::move(store));
        }
    }

    void build(const ChartSpec& spec, ChartCanvas& canvas) override
    {
        QChart* chart = canvas.chart;
        canvas.axisX = makeValueAxis(spec.x);
        canvas.axisY = makeValueAxis(spec.y);
        chart->addAxis(canvas.axisX, Qt::AlignBottom);
        chart->addAxis(canvas.axisY, Qt::AlignLeft);
        for (int i = 0; i < spec.series.size(); ++i) {
            const SeriesSpec& s = spec.series[i];
            const bool scatter = s.kind == SeriesSpec::Kind::Scatter;
            QXYSeries* series = scatter ? static_cast<QXYSeries*>(new QScatterSeries) : new QLineSeries;
            series->setName(s.name);
            chart->addSeries(series);
            series->attachAxis(canvas.axisX);
            series->attachAxis(canvas.axisY);
            // Colours after addSeries: adding a series applies the theme's colours.
            const QColor c = seriesColor(s.colorIndex >= 0 ? s.colorIndex : i, canvas.dark);
            if (auto* dots = qobject_cast<QScatterSeries*>(series)) {
                dots->setColor(c);
                dots->setBorderColor(c.darker(130));
                dots->setMarkerSize(s.width);
                dots->setMarkerShape(s.marker == SeriesSpec::Marker::Square    ? QScatterSeries::MarkerShapeRectangle
                                     : s.marker == SeriesSpec::Marker::Diamond ? QScatterSeries::MarkerShapeRotatedRectangle
                                                                               : QScatterSeries::MarkerShapeCircle);
            } else {
                QPen pen(c, s.width);
                pen.setStyle(s.dashed ? Qt::DashLine : Qt::SolidLine);
                pen.setCapStyle(Qt::RoundCap);
                pen.setJoinStyle(Qt::RoundJoin);
                series->setPen(pen);
                series->setPointsVisible(s.pointMarkers);
                series->setMarkerSize(s.width * 2.5);
            }
            if (!s.name.isEmpty())
                canvas.legend.append({s.name, c, legendSwatch(s)});
        }
        for (int k = 0; k < spec.histograms.size(); ++k) {
            const HistogramSpec& h = spec.histograms[k];
            auto* area = new QAreaSeries;
            area->setUpperSeries(new QLineSeries(area));
            area->setName(h.name);
            chart->addSeries(area);
            area->attachAxis(canvas.axisX);
            area->attachAxis(canvas.axisY);
            const int slot = h.colorIndex >= 0 ? h.colorIndex : int(spec.series.size()) + k;
            QColor c = seriesColor(slot, canvas.dark);
            area->setPen(QPen(c, 1.5));
            if (!h.name.isEmpty())
                canvas.legend.append({h.name, c, LegendItem::Swatch::Area});
            c.setAlphaF(0.35f);
            area->setBrush(c);
        }
        if (spec.field) {
            field_ = std::make_unique<FieldUnderlay>(chart, canvas.dark);
            canvas.rightMargin = ColorBarItem::kReservedWidth;
        }
    }

    void update(const ChartSpec& spec, ChartCanvas& canvas) override
    {
        refresh(spec, canvas);
        if (field_)
            field_->setField(*spec.field);
    }

    void refresh(const ChartSpec& spec, ChartCanvas& canvas) override;

    void plotAreaChanged(const ChartSpec&, ChartCanvas&) override
    {
        if (field_)
            field_->plotAreaChanged();
    }

    void append(ChartSpec& spec, const SeriesBlock& block) override
    {
        if (block.series < 0 || std::size_t(block.series) >= stores_.size())
            return;
        if (plot::StreamStore* store = stores_[std::size_t(block.series)].get()) {
            store->append(toPlot(block.points));
            return;
        }
        appendKeepingLast(spec.series[block.series], block.points);
    }

    QList<QPointF> seriesPoints(const ChartSpec& spec, int series) const override
    {
        if (series < 0 || std::size_t(series) >= stores_.size())
            return {};
        const plot::StreamStore* store = stores_[std::size_t(series)].get();
        if (!store)
            return spec.series[series].points;
        QList<QPointF> out;
        out.reserve(store->size());
        for (const plot::Point& p : store->points())
            out.append(QPointF(p.x, p.y));
        return out;
    }

    bool redrawOnResize(const ChartCanvas& canvas) const override
    {
        const int buckets = viewBuckets(canvas);
        return std::any_of(stores_.begin(), stores_.end(), [&](const auto& s) { return s && s->size() > buckets; });
    }

private:
    void dataRanges(const ChartSpec& spec, Range* rx, Range* ry) const;

    std::vector<std::unique_ptr<plot::StreamStore>> stores_;  // per series; null for scatter
    std::unique_ptr<FieldUnderlay> field_;
};

// The data's extent on both axes: per chunk for lines (a frame does not look at every
// point), per point for scatter series (with their error bars) and histograms.
void XyRenderer::dataRanges(const ChartSpec& spec, Range* rx, Range* ry) const
{
    for (std::size_t i = 0; i < stores_.size(); ++i) {
        if (const plot::StreamStore* store = stores_[i].get()) {
            if (spec.x.log || spec.y.log) {  // a log axis needs the smallest positive value
                for (const plot::Point& p : store->view())
                    if (std::isfinite(p.x) && std::isfinite(p.y)) {
                        rx->add(p.x, spec.x.log);
                        ry->add(p.y, spec.y.log);
                    }
            } else if (const auto b = store->bounds()) {
                rx->add(b->minX, false);
                rx->add(b->maxX, false);
                ry->add(b->minY, false);
                ry->add(b->maxY, false);
            }
            continue;
        }
        const SeriesSpec& s = spec.series[int(i)];
        for (qsizetype k = 0; k < s.points.size(); ++k) {
            const QPointF& p = s.points[k];
            if (!std::isfinite(p.x()) || !std::isfinite(p.y()))
                continue;
            rx->add(p.x(), spec.x.log);
            ry->add(p.y(), spec.y.log);
            if (const double e = s.yErrors.value(k, NAN); std::isfinite(e)) {
                ry->add(p.y() - e, spec.y.log);
                ry->add(p.y() + e, spec.y.log);
            }
        }
    }
    for (const auto& h : spec.histograms) {
        for (double e : h.edges)
            rx->add(e, spec.x.log);
        ry->add(0, spec.y.log);
        for (double c : h.counts)
            ry->add(c * 1.05, spec.y.log);
    }
}

void XyRenderer::refresh(const ChartSpec& spec, ChartCanvas& canvas)
{
    QChart* chart = canvas.chart;
    Range rx, ry;
    dataRanges(spec, &rx, &ry);
    if (spec.field) {  // the field defines the view; paths that leave it are clipped
        rx = Range{spec.field->xmin, spec.field->xmax};
        ry = Range{spec.field->ymin, spec.field->ymax};
    }
    const bool pad = !spec.field;
    const QList<QAbstractSeries*> all = chart->series();
    // A range change makes Qt lay out every drawn point again, and so does replace(): when the
    // axes move (every frame of a growing trace) the old points go first, so only the new
    // view is laid out.
    const auto newX = axisRange(spec.x, rx, pad), newY = axisRange(spec.y, ry, pad && spec.histograms.isEmpty());
    const auto moves = [](const QAbstractAxis* axis, std::pair<double, double> range) {
        const auto* v = qobject_cast<const QValueAxis*>(axis);
        return v && (v->min() != range.first || v->max() != range.second);
    };
    if (moves(canvas.axisX, newX) || moves(canvas.axisY, newY))
        for (int i = 0; i < spec.series.size() && i < all.size(); ++i)
            if (stores_[std::size_t(i)])
                static_cast<QXYSeries*>(all[i])->replace(QList<QPointF>{});
    setAxisRange(canvas.axisX, newX, ticksFor(chart->plotArea().width(), Qt::Horizontal));
    setAxisRange(canvas.axisY, newY, ticksFor(chart->plotArea().height(), Qt::Vertical));

    const int buckets = viewBuckets(canvas);
    qsizetype dropped = 0;
    // What the axes show, a hair wider (a point on the edge stays); log axes clip on screen.
    QRectF box;
    const auto* ax = qobject_cast<const QValueAxis*>(canvas.axisX);
    const auto* ay = qobject_cast<const QValueAxis*>(canvas.axisY);
    if (ax && ay && !spec.x.log && !spec.y.log) {
        const double ex = (ax->max() - ax->min()) * 1e-9, ey = (ay->max() - ay->min()) * 1e-9;
        box = QRectF(QPointF(ax->min() - ex, ay->min() - ey), QPointF(ax->max() + ex, ay->max() + ey));
    }
    for (int i = 0; i < spec.series.size() && i < all.size(); ++i) {
        auto* xy = static_cast<QXYSeries*>(all[i]);
        QList<QPointF> points;
        if (const plot::StreamStore* store = stores_[std::size_t(i)].get()) {
            // Up to two points per pixel a line is drawn as it is: thinning starts beyond. A
            // path in the plane (an optimizer's) gets four times the buckets: its index buckets
            // span arcs, and at a trace's budget its early curve turned into corners.
            const bool thin = store->size() > 2 * qint64(canvas.plotWidth());
            const int budget = store->xIncreasing() ? buckets : 4 * buckets;
            const std::vector<plot::Point> view = store->view(thin ? budget : std::numeric_limits<int>::max());
            points.reserve(qsizetype(view.size()));
            for (const plot::Point& p : view)
                if ((!spec.x.log || p.x > 0) && (!spec.y.log || p.y > 0))
                    points.append(QPointF(p.x, p.y));
        } else {
            points = drawable(spec.series[i].points, spec.x.log, spec.y.log, &dropped);
        }
        if (box.isValid()) {
            if (xy->type() == QAbstractSeries::SeriesTypeScatter)
                points.removeIf([&](const QPointF& p) { return !box.contains(p); });
            else
                points = clipPathToBox(points, box);
        }
        if (xy->type() == QAbstractSeries::SeriesTypeLine)
            fitPenToLength(xy, points.size());
        xy->replace(points);
    }
    for (int k = 0; k < spec.histograms.size(); ++k) {
        const auto& h = spec.histograms[k];
        QList<QPointF> steps;
        for (std::size_t b = 0; b + 1 < h.edges.size() && b < h.counts.size(); ++b) {
            const double c = std::isfinite(h.counts[b]) ? h.counts[b] : 0.0;
            steps << QPointF(h.edges[b], c) << QPointF(h.edges[b + 1], c);
        }
        if (!steps.isEmpty()) {
            steps.prepend(QPointF(steps.front().x(), 0));
            steps.append(QPointF(steps.back().x(), 0));
        }
        static_cast<QAreaSeries*>(all[spec.series.size() + k])->upperSeries()->replace(steps);
    }
    if (dropped > 0)
        spdlog::warn("chart '{}': {} non-finite points left out", spec.id.toStdString(), dropped);
}

} // namespace

std::unique_ptr<ChartRenderer> makeXyRenderer() { return std::make_unique<XyRenderer>(); }

} // namespace mlwb::ui
