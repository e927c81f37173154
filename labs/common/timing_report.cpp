#include "timing_report.h"

#include "tensor_charts.h"

#include <algorithm>
#include <utility>

namespace mlwb::labs {

Timing timeContender(ui::RunContext& ctx, int minRuns, double budgetSeconds, const std::function<void()>& fn)
{
    return timeRepeatedly(fn, {.minRuns = minRuns, .budgetSeconds = budgetSeconds}, ctx.stopToken());
}

Timing singleRun(double seconds)
{
    Timing t;
    t.runs = 1;
    t.minSeconds = t.medianSeconds = t.maxSeconds = seconds;
    return t;
}

void noteTimingCaveats(ui::RunContext& ctx, const QStringList& names, const std::vector<Timing>& timings)
{
    constexpr double kNoisySpread = 0.2, kBusyLoad = 0.25;
    QStringList noisy;
    double load = -1;
    for (size_t i = 0; i < timings.size(); ++i) {
        if (timings[i].runs > 1 && timings[i].spread > kNoisySpread)
            noisy << QStringLiteral("%1 (%2%)").arg(names[qsizetype(i)]).arg(qRound(100 * timings[i].spread));
        load = std::max(load, timings[i].otherLoad);
    }
    if (!noisy.isEmpty())
        ctx.note(QStringLiteral("Runs differed from one another by more than 20% (interquartile range over the median) "
                                "for %1: read those times as rough.")
                     .arg(noisy.join(QStringLiteral(", "))));
    if (load >= kBusyLoad)
        ctx.note(QStringLiteral("The machine was busy: other programs used %1% of its CPU while these ran, so every "
                                "time here is slower than on a quiet machine. The ratios between contenders hold up "
                                "better than the times themselves.")
                     .arg(qRound(100 * load)));
}

ui::ChartSpec timingBars(const QString& id, const QString& title, const QStringList& names,
                         const std::vector<Timing>& timings)
{
    ui::ChartSpec chart;
    chart.id = id;
    chart.title = title;
    chart.x = {"", false, {}, {}};
    const auto [fastest, slowest] = std::ranges::minmax(timings, {}, &Timing::medianSeconds);
    const bool log = fastest.medianSeconds > 0 && slowest.medianSeconds / fastest.medianSeconds > 20;
    // The unit in which the slowest bar reads between 1 and 1000 (wine's fits read 0.0234 ms).
    const auto [unit, perSecond] = slowest.medianSeconds < 1e-3 ? std::pair{QStringLiteral("µs"), 1e6}
                                   : slowest.medianSeconds < 1  ? std::pair{QStringLiteral("ms"), 1e3}
                                                                : std::pair{QStringLiteral("s"), 1.0};
    chart.y = {log ? QStringLiteral("median time per run (%1, log scale)").arg(unit)
                   : QStringLiteral("median time per run (%1)").arg(unit),
               log, {}, {}};
    ui::BarsSpec bars;
    ui::BarsSpec::Set set{.name = QStringLiteral("median time (%1)").arg(unit), .colorIndex = 0};
    for (size_t i = 0; i < timings.size(); ++i) {
        QStringList lines{names[qsizetype(i)]};
        if (i > 0)
            lines << speedupText(timings[0].medianSeconds, timings[i].medianSeconds);
        if (timings[i].runs > 1)
            lines << QStringLiteral("fastest of %1 runs: %2").arg(timings[i].runs).arg(formatSeconds(timings[i].minSeconds));
        bars.categories << lines.join(QStringLiteral("<br>"));
        set.values << timings[i].medianSeconds * perSecond;
    }
    bars.sets << set;
    bars.labelPrecision = 3;
    chart.bars = bars;
    return chart;
}

} // namespace mlwb::labs
