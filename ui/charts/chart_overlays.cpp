#include "chart_overlays.h"

#include "annotation_item.h"
#include "chart_renderer.h"
#include "colormap.h"
#include "error_bars_item.h"

#include <QChart>
#include <QStackedBarSeries>

#include <algorithm>
#include <cmath>

namespace mlwb::ui {

namespace {

bool hasErrorBars(const ChartSpec& spec)
{
    if (spec.bars)
        return std::any_of(spec.bars->sets.begin(), spec.bars->sets.end(), [](const BarsSpec::Set& s) { return !s.errors.isEmpty(); });
    return std::any_of(spec.series.begin(), spec.series.end(), [](const SeriesSpec& s) { return !s.yErrors.isEmpty(); });
}

QList<ErrorBarsItem::Whisker> whiskers(const ChartSpec& spec, const ChartCanvas& canvas)
{
    QList<ErrorBarsItem::Whisker> out;
    if (spec.bars) {
        // Qt's bars fill half of a category's width, shared by the sets side by side.
        constexpr double kBarWidth = 0.5;
        const bool perBar = qobject_cast<QStackedBarSeries*>(canvas.chart->series().front()) != nullptr;
        const auto& sets = spec.bars->sets;
        for (int k = 0; k < sets.size(); ++k) {
            const double share = perBar ? kBarWidth : kBarWidth / sets.size();
            for (qsizetype j = 0; j < sets[k].values.size() && j < sets[k].errors.size(); ++j) {
                const double center = perBar ? double(j) : double(j) - kBarWidth / 2 + (k + 0.5) * share;
                const double v = sets[k].values[j], e = sets[k].errors[j];
                out.append({center, v - e, v + e, share * 0.5, canvas.textColor()});
            }
        }
        return out;
    }
    for (int i = 0; i < spec.series.size(); ++i) {
        const SeriesSpec& s = spec.series[i];
        const QColor c = seriesColor(s.colorIndex >= 0 ? s.colorIndex : i, canvas.dark).darker(115);
        for (qsizetype k = 0; k < s.points.size() && k < s.yErrors.size(); ++k)
            out.append({s.points[k].x(), s.points[k].y() - s.yErrors[k], s.points[k].y() + s.yErrors[k], 0, c});
    }
    return out;
}

} // namespace

std::unique_ptr<ChartOverlays> ChartOverlays::make(const ChartSpec& spec, const ChartCanvas& canvas)
{
    const bool errors = hasErrorBars(spec), annotations = !spec.annotations.isEmpty();
    if ((!errors && !annotations) || canvas.chart->series().isEmpty())
        return nullptr;
    std::unique_ptr<ChartOverlays> o(new ChartOverlays);
    QAbstractSeries* mapping = canvas.chart->series().front();
    if (errors)
        o->errorBars_ = new ErrorBarsItem(canvas.chart, mapping);
    if (annotations)
        o->annotations_ = new AnnotationItem(canvas.chart, mapping);
    return o;
}

ChartOverlays::~ChartOverlays()
{
    delete errorBars_;
    delete annotations_;
}

void ChartOverlays::update(const ChartSpec& spec, const ChartCanvas& canvas)
{
    if (annotations_)
        annotations_->setAnnotations(spec.annotations, canvas.dark);
    if (errorBars_)
        errorBars_->setWhiskers(whiskers(spec, canvas));
}

void ChartOverlays::plotAreaChanged()
{
    if (errorBars_)
        errorBars_->plotAreaChanged();
    if (annotations_)
        annotations_->plotAreaChanged();
}

} // namespace mlwb::ui
