// Step 4: targets where random-walk MH struggles — a curved valley, two modes, a funnel — and
// what the gradient (MALA) and a learnt proposal (adaptive MH) change, in the diagnostics.
#include "mcmc_lab/report.h"
#include "mcmc_lab/steps.h"
#include "mcmc_lab/targets.h"

#include "common/tensor_charts.h"
#include "mcmc/chains.h"

#include <chrono>

namespace mlwb::labs::mcmclab {

namespace {

constexpr std::size_t kPointsShown = 3000;  // per sampler, over the density

struct SamplerRun {
    QString name;
    mcmc::SamplerOptions options;
    mcmc::RunResult run;
    double seconds = 0;
    Diagnosed diagnosed;
};

void run(ui::RunContext& ctx)
{
    const auto target = makeTarget(ctx);
    const auto draws = std::size_t(ctx.integer("draws"));
    const double scale = ctx.real("scale");
    const mcmc::Grid2D r = regionOf(*target);
    std::vector<SamplerRun> runs{
        {"random-walk MH", {.method = mcmc::Method::RandomWalk, .scale = scale}},
        {"adaptive MH", {.method = mcmc::Method::Adaptive, .scale = scale}},
        {"MALA", {.method = mcmc::Method::Mala, .scale = ctx.real("mala_step")}}};
    const double cx = 0.5 * (r.xMin + r.xMax), cy = 0.5 * (r.yMin + r.yMax);
    const std::vector<std::vector<double>> starts{{cx - 1, cy - 1}, {cx + 1, cy + 1}, {cx - 1, cy + 1}, {cx + 1, cy - 1}};
    for (std::size_t k = 0; k < runs.size() && !ctx.stopRequested(); ++k) {
        const auto start = std::chrono::steady_clock::now();
        runs[k].run = mcmc::sample(*target, runs[k].options,
                                   {.chains = 4, .draws = draws, .burnIn = draws / 10, .seed = ctx.seed(), .starts = starts}, {},
                                   ctx.stopToken());
        runs[k].seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        runs[k].diagnosed = diagnose(runs[k].run);
        ctx.progress(double(k + 1) / double(runs.size()));
    }
    if (ctx.stopRequested())
        return;

    ui::BarsSpec essPerSecond, rhat;
    const auto names = target->parameterNames();
    for (const auto& n : names) {
        essPerSecond.sets << ui::BarsSpec::Set{.name = QStringLiteral("ESS of %1 per second").arg(qs(n))};
        rhat.sets << ui::BarsSpec::Set{.name = QStringLiteral("R̂ of %1").arg(qs(n))};
    }
    essPerSecond.sets[0].colorIndex = rhat.sets[0].colorIndex = 0;
    essPerSecond.sets[1].colorIndex = rhat.sets[1].colorIndex = 2;
    rhat.labelPrecision = 4;
    QList<ui::FigureSpec::Panel> panels;
    for (std::size_t k = 0; k < runs.size(); ++k) {
        const SamplerRun& s = runs[k];
        ui::ChartSpec plane = planeChart(QStringLiteral("draws-%1").arg(k),
                                         QStringLiteral("%1: acceptance %2%").arg(s.name).arg(100 * s.diagnosed.acceptanceRate, 0, 'f', 0),
                                         *target);
        ui::SeriesSpec dots{.kind = ui::SeriesSpec::Kind::Scatter, .colorIndex = int(k) == 0 ? 1 : int(k) == 1 ? 4 : 2,
                            .width = 3.5};
        const auto& chain = s.run.chains[0];
        const std::size_t step = std::max<std::size_t>(1, chain.drawn / kPointsShown);
        for (std::size_t i = 0; i < chain.drawn; i += step)
            dots.points << QPointF(chain.draws[2 * i], chain.draws[2 * i + 1]);
        plane.series = {dots};
        ctx.publish(plane);
        panels << ui::FigureSpec::Panel{.chart = plane.id, .col = int(k)};
        essPerSecond.categories << s.name;
        rhat.categories << s.name;
        for (std::size_t p = 0; p < names.size(); ++p) {
            essPerSecond.sets[int(p)].values << s.diagnosed.summaries[p].essBulk / std::max(s.seconds, 1e-9);
            rhat.sets[int(p)].values << s.diagnosed.summaries[p].rhat;
        }
        ctx.note(QStringLiteral("%1: acceptance %2%, bulk ESS %3 and %4 of %5 draws, R̂ %6 and %7, %8 s.")
                     .arg(s.name)
                     .arg(100 * s.diagnosed.acceptanceRate, 0, 'f', 1)
                     .arg(std::lround(s.diagnosed.summaries[0].essBulk))
                     .arg(std::lround(s.diagnosed.summaries[1].essBulk))
                     .arg(4 * draws)
                     .arg(s.diagnosed.summaries[0].rhat, 0, 'f', 3)
                     .arg(s.diagnosed.summaries[1].rhat, 0, 'f', 3)
                     .arg(s.seconds, 0, 'g', 2));
    }
    ui::ChartSpec ess;
    ess.id = "ess-per-second";
    ess.title = "Effective draws per second (bulk ESS over 4 chains / time)";
    ess.x = {"sampler", false, {}, {}};
    ess.y = {"effective draws per second", true, {}, {}};
    ess.bars = essPerSecond;
    ctx.publish(ess);
    ui::ChartSpec rhatChart;
    rhatChart.id = "rhat";
    rhatChart.title = "R̂ over 4 chains (converged below 1.01)";
    rhatChart.x = {"sampler", false, {}, {}};
    rhatChart.y = {"rank-normalised split R̂", false, {}, {}};
    rhatChart.bars = rhat;
    rhatChart.annotations << ui::AnnotationSpec{.kind = ui::AnnotationSpec::Kind::HorizontalLine, .y = 1.01,
                                                .label = "1.01", .colorIndex = 7};
    ctx.publish(rhatChart);
    panels << ui::FigureSpec::Panel{.chart = "ess-per-second", .row = 1, .colSpan = 2}
           << ui::FigureSpec::Panel{.chart = "rhat", .row = 1, .col = 2};
    ctx.figure({.id = "hard-targets", .title = QStringLiteral("Three samplers on the %1").arg(qs(target->name())), .rows = 2,
                .cols = 3, .panels = panels});
    reportMetrics(ctx, runs[0].diagnosed);
}

} // namespace

ui::Step hardTargetsStep()
{
    ui::Step s;
    s.id = "hard-targets";
    s.title = "Hard targets";
    s.textFile = ":/labs/mcmc/hard-targets.md";
    s.parameters = targetParameters({"banana", "bimodal", "funnel", "donut", "gaussian"});
    s.parameters << ui::Parameter::integer("draws", "Draws per chain", 20000, 100, 2000000)
                 << ui::Parameter::real("scale", "Random-walk proposal sd", 1.0, 0.01, 20.0, true, 3)
                 << ui::Parameter::real("mala_step", "MALA step ε", 0.8, 0.01, 10.0, true, 3);
    s.run = run;
    return s;
}

} // namespace mlwb::labs::mcmclab
