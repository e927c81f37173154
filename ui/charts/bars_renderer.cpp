// Grouped bars over categories, with value labels, per-bar colours and category labels
// wrapped to the bars' width, or slanted where the bars are too narrow for that.
#include "chart_axes.h"
#include "chart_renderer.h"
#include "colormap.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QFontMetricsF>
#include <QSet>
#include <QStackedBarSeries>

#include <cmath>

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

class BarsRenderer final : public ChartRenderer {
public:
    void build(const ChartSpec& spec, ChartCanvas& canvas) override
    {
        const BarsSpec& b = *spec.bars;
        // Qt colours bars by set, so bars coloured one by one are a stack of one set per bar,
        // each zero except at its own category.
        perBar_ = b.sets.size() == 1 && !b.barColors.isEmpty();
        series_ = perBar_ ? static_cast<QAbstractBarSeries*>(new QStackedBarSeries) : new QBarSeries;
        if (perBar_) {
            const auto& values = b.sets[0].values;
            for (qsizetype j = 0; j < values.size(); ++j) {
                auto* set = new QBarSet(b.categories.value(j));
                for (qsizetype k = 0; k < values.size(); ++k)
                    set->append(k == j ? values[j] : 0.0);
                series_->append(set);
            }
        }
        for (int i = 0; !perBar_ && i < b.sets.size(); ++i) {
            auto* set = new QBarSet(b.sets[i].name);
            for (double v : b.sets[i].values)
                set->append(v);
            series_->append(set);
        }
        canvas.chart->addSeries(series_);
        auto* x = new QBarCategoryAxis;
        x->append(b.categories);
        x->setTruncateLabels(false);  // plotAreaChanged() wraps them to the bars' width
        x->setTitleText(spec.x.title.toHtmlEscaped());
        canvas.axisX = x;
        canvas.axisY = makeValueAxis(spec.y);
        canvas.chart->addAxis(canvas.axisX, Qt::AlignBottom);
        canvas.chart->addAxis(canvas.axisY, Qt::AlignLeft);
        series_->attachAxis(canvas.axisX);
        series_->attachAxis(canvas.axisY);
        series_->setLabelsVisible(b.valueLabels);
        series_->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
        series_->setLabelsFormat(QStringLiteral("@value"));
        series_->setLabelsPrecision(b.labelPrecision);
        const auto sets = series_->barSets();
        for (int k = 0; k < sets.size(); ++k) {
            const int ci = perBar_ ? b.barColors.value(k, k) : b.sets[k].colorIndex;
            sets[k]->setColor(seriesColor(ci >= 0 ? ci : k, canvas.dark));
            sets[k]->setBorderColor(sets[k]->color().darker(120));
            sets[k]->setLabelColor(canvas.textColor());
            if (sets.size() > 1 && !perBar_)  // per-bar colours: the categories name them
                canvas.legend.append({sets[k]->label(), sets[k]->color(), LegendItem::Swatch::Bar});
        }
    }

    void update(const ChartSpec& spec, ChartCanvas& canvas) override
    {
        const auto sets = series_->barSets();
        Range r;
        r.add(0, spec.y.log);  // bars rise from 0; a log axis cannot show 0 and starts below the smallest bar
        for (int k = 0; k < sets.size(); ++k) {
            const auto& values = spec.bars->sets[perBar_ ? 0 : k].values;
            const auto& errors = spec.bars->sets[perBar_ ? 0 : k].errors;
            for (int j = 0; j < values.size() && j < sets[k]->count(); ++j) {
                const bool own = !perBar_ || j == k;
                const double v = std::isfinite(values[j]) && own ? values[j] : 0.0;
                sets[k]->replace(j, v);
                r.add(v, spec.y.log);
                if (const double e = errors.value(j, NAN); std::isfinite(e) && own) {
                    r.add(v - e, spec.y.log);
                    r.add(v + e, spec.y.log);
                }
            }
        }
        const int ticks = ticksFor(canvas.chart->plotArea().height(), Qt::Vertical);
        if (spec.y.log) {  // timings spanning decades: bars rise from the bottom decade
            setAxisRange(canvas.axisY, axisRange(spec.y, r.empty() ? r : Range{r.lo / 2, r.hi * 4}, false), ticks);
            return;
        }
        // Room beyond the longest bars (up and, for negative values, down) for value labels.
        const double pad = 0.15 * (r.hi > r.lo ? r.hi - r.lo : 1.0);
        const double lo = r.lo < 0 ? r.lo - pad : 0.0;
        const double hi = r.hi > 0 || r.lo >= 0 ? r.hi + pad : 0.0;
        setAxisRange(canvas.axisY, {spec.y.min.value_or(lo), spec.y.max.value_or(hi)}, ticks);
    }

    // Labels depend on the plot's width; new labels may resize the plot once more, which
    // settles, since only row labels change its width.
    void plotAreaChanged(const ChartSpec& spec, ChartCanvas& canvas) override
    {
        auto* x = qobject_cast<QBarCategoryAxis*>(canvas.axisX);
        if (!x)
            return;
        const QStringList& categories = spec.bars->categories;
        const QFontMetricsF metrics(x->labelsFont());
        const double width = canvas.chart->plotArea().width() / std::max<qsizetype>(categories.size(), 1) - metrics.height() / 2;
        QStringList labels;
        for (const QString& c : categories)
            labels << wrapped(c, metrics, std::max(width, metrics.height()));
        // Slots narrower than a short word, or wrapping that makes two labels alike, turn the
        // labels on a slant instead (ten feature names in a dashboard panel): each keeps up
        // to ~16 characters and they no longer run into each other.
        const bool slanted = width < 4 * metrics.height() || QSet<QString>(labels.begin(), labels.end()).size() < labels.size();
        if (slanted) {
            labels.clear();
            for (const QString& c : categories)
                labels << metrics.elidedText(QString(c).replace(QStringLiteral("<br>"), QStringLiteral(" ")), Qt::ElideRight,
                                             16 * metrics.averageCharWidth());
            // The axis needs distinct categories: should eliding merge two, keep them as given.
            if (QSet<QString>(labels.begin(), labels.end()).size() < labels.size())
                labels = categories;
        }
        const int angle = slanted ? -35 : 0;
        if (x->labelsAngle() != angle)
            x->setLabelsAngle(angle);
        if (x->categories() != labels)
            x->setCategories(labels);
    }

private:
    QAbstractBarSeries* series_ = nullptr;
    bool perBar_ = false;
};

} // namespace

std::unique_ptr<ChartRenderer> makeBarsRenderer() { return std::make_unique<BarsRenderer>(); }

} // namespace mlwb::ui
