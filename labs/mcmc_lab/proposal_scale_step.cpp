// Step 2: the proposal scale decides everything. Too small: nearly every step is accepted but
// goes nowhere. Too large: nearly every step is rejected. Between them the chain mixes.
#include "mcmc_lab/report.h"
#include "mcmc_lab/steps.h"
#include "mcmc_lab/targets.h"

#include "common/tensor_charts.h"
#include "mcmc/autocorrelation.h"
#include "mcmc/chains.h"
#include "mcmc/diagnostics.h"

#include <QJsonArray>

#include <chrono>

namespace mlwb::labs::mcmclab {

namespace {

constexpr int kTraceShown = 2000;  // draws of each trace drawn: enough to see the mixing
constexpr int kMaxLag = 100;

struct ScaleRun {
    QString label;
    double scale = 0;
    mcmc::RunResult run;
    double seconds = 0;
    double essBulk = 0;  // of the first parameter
};

void run(ui::RunContext& ctx)
{
    const auto target = makeTarget(ctx);
    const auto draws = std::size_t(ctx.integer("draws"));
    std::vector<ScaleRun> runs{{"too small", ctx.real("small")}, {"good", ctx.real("good")}, {"too large", ctx.real("large")}};
    const mcmc::Grid2D r = regionOf(*target);
    for (std::size_t k = 0; k < runs.size() && !ctx.stopRequested(); ++k) {
        const auto start = std::chrono::steady_clock::now();
        runs[k].run = mcmc::sample(*target, {.method = mcmc::Method::RandomWalk, .scale = runs[k].scale},
                                   {.chains = 1, .draws = draws, .seed = ctx.seed(),
                                    .starts = {{0.5 * (r.xMin + r.xMax), 0.5 * (r.yMin + r.yMax)}}},
                                   {}, ctx.stopToken());
        runs[k].seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        runs[k].essBulk = mcmc::essBulk(mcmc::parameterDraws(runs[k].run, 0));
        ctx.progress(double(k + 1) / double(runs.size()));
    }
    if (ctx.stopRequested())
        return;

    const QString name0 = qs(target->parameterNames()[0]);
    ui::ChartSpec acf;
    acf.id = "autocorrelation";
    acf.title = QStringLiteral("Autocorrelation of %1: how long the chain remembers").arg(name0);
    acf.x = {"lag (draws)", false, 0.0, double(kMaxLag)};
    acf.y = {"autocorrelation", false, -0.2, 1.0};
    ui::BarsSpec acceptance, efficiency;
    acceptance.sets = {{.name = "acceptance rate"}};
    efficiency.sets = {{.name = "effective draws per second"}};
    acceptance.barColors = efficiency.barColors = {1, 2, 0};
    QStringList panels;
    for (std::size_t k = 0; k < runs.size(); ++k) {
        const ScaleRun& s = runs[k];
        const int color = acceptance.barColors[int(k)];
        ui::ChartSpec trace;
        trace.id = QStringLiteral("trace-%1").arg(k);
        trace.title = QStringLiteral("Proposal sd %1 (%2): acceptance %3%")
                          .arg(s.scale)
                          .arg(s.label)
                          .arg(100 * s.run.chains[0].acceptanceRate(), 0, 'f', 0);
        trace.x = {"draw", false, 0.0, double(kTraceShown)};
        trace.y = {name0, false, r.xMin, r.xMax};
        ui::SeriesSpec line{.name = {}, .colorIndex = color, .width = 1.2};
        const auto& values = s.run.chains[0].draws;
        for (std::size_t i = 0; i < std::min<std::size_t>(kTraceShown, s.run.chains[0].drawn); ++i)
            line.points << QPointF(double(i), values[2 * i]);
        trace.series = {line};
        ctx.publish(trace);
        panels << trace.id;

        const auto& chain = mcmc::parameterDraws(s.run, 0);
        const std::vector<double> rho = mcmc::autocorrelation(std::span<const double>(chain.data(), std::size_t(chain.cols())), kMaxLag);
        ui::SeriesSpec curve{.name = QStringLiteral("sd %1 (%2)").arg(s.scale).arg(s.label), .colorIndex = color};
        for (std::size_t lag = 0; lag < rho.size(); ++lag)
            curve.points << QPointF(double(lag), std::isfinite(rho[lag]) ? rho[lag] : 0.0);
        acf.series << curve;
        const QString category = QStringLiteral("sd %1<br>%2").arg(s.scale).arg(s.label);
        acceptance.categories << category;
        efficiency.categories << category;
        acceptance.sets[0].values << s.run.chains[0].acceptanceRate();
        efficiency.sets[0].values << s.essBulk / std::max(s.seconds, 1e-9);
    }
    ctx.publish(acf);
    ui::ChartSpec acceptanceChart;
    acceptanceChart.id = "acceptance";
    acceptanceChart.title = "Acceptance rate";
    acceptanceChart.x = {"proposal sd", false, {}, {}};
    acceptanceChart.y = {"accepted share of proposals", false, 0.0, 1.0};
    acceptanceChart.bars = acceptance;
    acceptanceChart.annotations << ui::AnnotationSpec{.kind = ui::AnnotationSpec::Kind::HorizontalLine, .y = 0.234,
                                                      .label = "0.234: best in many dimensions", .colorIndex = 7}
                                << ui::AnnotationSpec{.kind = ui::AnnotationSpec::Kind::HorizontalLine, .y = 0.44,
                                                      .label = "0.44: best in one", .colorIndex = 6};
    ctx.publish(acceptanceChart);
    ui::ChartSpec essChart;
    essChart.id = "ess-per-second";
    essChart.title = QStringLiteral("Effective draws of %1 per second (bulk ESS / time)").arg(name0);
    essChart.x = {"proposal sd", false, {}, {}};
    essChart.y = {"effective draws per second", true, {}, {}};
    essChart.bars = efficiency;
    ctx.publish(essChart);
    ctx.figure({.id = "scales", .title = QStringLiteral("Three proposal scales on the %1").arg(qs(target->name())),
                .rows = 2, .cols = 3,
                .panels = {{.chart = panels[0]}, {.chart = panels[1], .col = 1}, {.chart = panels[2], .col = 2},
                           {.chart = "autocorrelation", .row = 1}, {.chart = "acceptance", .row = 1, .col = 1},
                           {.chart = "ess-per-second", .row = 1, .col = 2}}});

    for (const ScaleRun& s : runs)
        ctx.note(QStringLiteral("Proposal sd %1 (%2): acceptance %3%, bulk ESS %4 of %5 draws, %6 effective draws per second.")
                     .arg(s.scale)
                     .arg(s.label)
                     .arg(100 * s.run.chains[0].acceptanceRate(), 0, 'f', 1)
                     .arg(std::lround(s.essBulk))
                     .arg(draws)
                     .arg(perSecond(s.essBulk / std::max(s.seconds, 1e-9))));
    ctx.note("Roberts, Gelman and Gilks (1997): for a Gaussian-like target in many dimensions the best random-walk "
             "proposal accepts about 23.4% of the time; in one dimension about 44%. Both extremes waste the draws: "
             "tiny steps are accepted but crawl, huge steps are rejected and stand still.");
    reportMetrics(ctx, diagnose(runs[1].run));
    QJsonArray rates;
    for (const ScaleRun& s : runs)
        rates.append(s.run.chains[0].acceptanceRate());
    ctx.metric("acceptance_by_scale", rates);
}

} // namespace

ui::Step proposalScaleStep()
{
    ui::Step s;
    s.id = "proposal-scale";
    s.title = "Proposal scale";
    s.textFile = ":/labs/mcmc/proposal-scale.md";
    s.parameters = targetParameters({"gaussian", "banana", "bimodal", "donut", "funnel"});
    s.parameters << ui::Parameter::real("small", "Small proposal sd", 0.05, 0.001, 100.0, true, 3)
                 << ui::Parameter::real("good", "Good proposal sd", 1.2, 0.001, 100.0, true, 3)
                 << ui::Parameter::real("large", "Large proposal sd", 20.0, 0.001, 100.0, true, 3)
                 << ui::Parameter::integer("draws", "Draws per scale", 50000, 100, 10000000);
    s.run = run;
    return s;
}

} // namespace mlwb::labs::mcmclab
