// Step 3: several chains from dispersed starts. Their traces overlap once they have all found
// the same distribution; R̂ falls to 1 and the effective sample size grows, live.
#include "mcmc_lab/report.h"
#include "mcmc_lab/steps.h"
#include "mcmc_lab/targets.h"

#include "common/tensor_charts.h"
#include "mcmc/chains.h"
#include "mcmc/diagnostics.h"
#include "mcmc/sampler.h"
#include "plot/histogram.h"

#include <chrono>
#include <cmath>
#include <numbers>

namespace mlwb::labs::mcmclab {

namespace {

// Starts spread on a circle around the region's centre, most of the way to its edge.
std::vector<std::vector<double>> dispersedStarts(const mcmc::Grid2D& r, int chains)
{
    std::vector<std::vector<double>> starts;
    const double cx = 0.5 * (r.xMin + r.xMax), cy = 0.5 * (r.yMin + r.yMax);
    for (int c = 0; c < chains; ++c) {
        const double angle = 2 * std::numbers::pi * (c + 0.125) / chains;
        starts.push_back({cx + 0.8 * 0.5 * (r.xMax - r.xMin) * std::cos(angle), cy + 0.8 * 0.5 * (r.yMax - r.yMin) * std::sin(angle)});
    }
    return starts;
}

void run(ui::RunContext& ctx)
{
    const auto target = makeTarget(ctx);
    const int chains = ctx.integer("chains");
    const auto draws = std::size_t(ctx.integer("draws"));
    const double scale = ctx.real("scale");
    const mcmc::Grid2D r = regionOf(*target);
    const auto starts = dispersedStarts(r, chains);
    const QString name0 = qs(target->parameterNames()[0]);

    // One sampler per chain, each on its own stream: the same draws as mcmc::sample gives.
    std::vector<mcmc::ChainSampler> samplers;
    for (int c = 0; c < chains; ++c)
        samplers.emplace_back(*target, mcmc::SamplerOptions{.method = mcmc::Method::RandomWalk, .scale = scale}, starts[std::size_t(c)],
                              ctx.seed(), std::uint64_t(c));
    mcmc::RunResult run{.dimension = 2, .names = target->parameterNames(), .chains = std::vector<mcmc::ChainResult>(std::size_t(chains))};

    ui::ChartSpec traces;
    traces.id = "traces";
    traces.title = QStringLiteral("%1 chains of %2 from dispersed starts").arg(chains).arg(name0);
    traces.x = {"draw", false, 0.0, double(draws)};
    traces.y = {name0, false, r.xMin, r.xMax};
    for (int c = 0; c < chains; ++c)
        traces.series << ui::SeriesSpec{.name = QStringLiteral("chain %1").arg(c + 1), .colorIndex = c, .width = 1.0};
    ctx.publish(traces);
    ui::ChartSpec diagnostics;
    diagnostics.id = "rhat";
    diagnostics.title = QStringLiteral("R̂ of %1 as the chains run (they agree once it is below 1.01)").arg(name0);
    diagnostics.x = {"draws per chain", false, 0.0, double(draws)};
    diagnostics.y = {"rank-normalised split R̂", false, 1.0, {}};
    diagnostics.series = {ui::SeriesSpec{.name = "R̂", .colorIndex = 1}};
    diagnostics.annotations << ui::AnnotationSpec{.kind = ui::AnnotationSpec::Kind::HorizontalLine, .y = 1.01,
                                                  .label = "1.01", .colorIndex = 7};
    ctx.publish(diagnostics);
    ui::ChartSpec ess;
    ess.id = "ess";
    ess.title = QStringLiteral("Effective sample size of %1, all chains together").arg(name0);
    ess.x = {"draws per chain", false, 0.0, double(draws)};
    ess.y = {"ESS", false, 0.0, {}};
    ess.series = {ui::SeriesSpec{.name = "bulk ESS", .colorIndex = 0}, ui::SeriesSpec{.name = "tail ESS", .colorIndex = 2}};
    ctx.publish(ess);
    ui::ChartSpec histogram;
    histogram.id = "histogram";
    histogram.title = QStringLiteral("Draws of %1, all chains").arg(name0);
    histogram.x = {name0, false, {}, {}};
    histogram.y = {"draws", false, 0.0, {}};
    histogram.histograms = {ui::HistogramSpec{.name = "all chains", .colorIndex = 0}};
    ctx.publish(histogram);
    ctx.figure({.id = "chains", .title = QStringLiteral("Several chains on the %1").arg(qs(target->name())), .rows = 2, .cols = 2,
                .panels = {{.chart = "traces"}, {.chart = "rhat", .col = 1}, {.chart = "histogram", .row = 1},
                           {.chart = "ess", .row = 1, .col = 1}}});
    std::vector<ui::SeriesStream> traceStreams;
    for (int c = 0; c < chains; ++c)
        traceStreams.push_back(ctx.stream("traces", c));
    ui::SeriesStream rhatStream = ctx.stream("rhat", 0), bulkStream = ctx.stream("ess", 0), tailStream = ctx.stream("ess", 1);
    plot::HistogramAccumulator accumulated = plot::HistogramAccumulator::growing(60);

    // Rounds of a block per chain; the diagnostics after each round (at most a few times a
    // second, their FFTs cost more than the draws).
    const std::size_t rounds = std::min<std::size_t>(200, std::max<std::size_t>(1, draws / 50));
    std::vector<double> block;
    auto nextDiagnostics = std::chrono::steady_clock::time_point{};
    // Besides the time limit, 25 checkpoints over the run while the draws are few enough to
    // rank quickly: run headless or fast, the time limit alone left two points, a straight line.
    const std::size_t every = std::max<std::size_t>(1, rounds / 25);
    const bool checkpoints = draws * std::size_t(chains) <= 400000;
    for (std::size_t round = 0; round < rounds && !ctx.stopRequested(); ++round) {
        const std::size_t from = draws * round / rounds, to = draws * (round + 1) / rounds;
        for (int c = 0; c < chains; ++c) {
            block.assign((to - from) * 2, 0.0);
            const std::size_t made = samplers[std::size_t(c)].draw(to - from, 1, block, ctx.stopToken());
            auto& chain = run.chains[std::size_t(c)];
            chain.draws.insert(chain.draws.end(), block.begin(), block.begin() + std::ptrdiff_t(2 * made));
            chain.drawn += made;
            chain.proposals = samplers[std::size_t(c)].proposals();
            chain.accepted = samplers[std::size_t(c)].accepted();
            QList<QPointF> points;
            std::vector<double> first(made);
            for (std::size_t i = 0; i < made; ++i) {
                points << QPointF(double(from + i), block[2 * i]);
                first[i] = block[2 * i];
            }
            traceStreams[std::size_t(c)].append(points);
            accumulated.add(first);
        }
        ctx.updateHistogram("histogram", 0, accumulated.edges(), accumulated.counts());
        const auto now = std::chrono::steady_clock::now();
        const bool checkpoint = checkpoints && (round + 1) % every == 0;
        if (chains >= 2 && (now >= nextDiagnostics || checkpoint || round + 1 == rounds)) {
            const mcmc::ChainMatrix x = mcmc::parameterDraws(run, 0);
            const double rhat = mcmc::rhatRank(x), bulk = mcmc::essBulk(x), tail = mcmc::essTail(x);
            if (std::isfinite(rhat))
                rhatStream.append(QPointF(double(to), rhat));
            if (std::isfinite(bulk))
                bulkStream.append(QPointF(double(to), bulk));
            if (std::isfinite(tail))
                tailStream.append(QPointF(double(to), tail));
            // Ranking millions of draws takes a while: keep it to a quarter of the time.
            const auto spent = std::chrono::steady_clock::now() - now;
            nextDiagnostics = now + 4 * spent;
        }
        ctx.progress(double(round + 1) / double(rounds));
        ctx.pace(double(round + 1), double(rounds));
    }
    if (ctx.stopRequested() && run.chains[0].drawn < 4)
        return;
    const Diagnosed d = diagnose(run);
    ctx.publish(summaryTable("summary", QStringLiteral("%1 chains × %2 draws").arg(chains).arg(run.chains[0].drawn), d));
    if (chains < 2)
        ctx.note("R̂ compares chains: run two or more to see it.");
    else
        ctx.note(QStringLiteral("R̂ of %1 is %2 after %3 draws per chain: %4")
                     .arg(name0)
                     .arg(d.summaries[0].rhat, 0, 'f', 3)
                     .arg(run.chains[0].drawn)
                     .arg(d.summaries[0].rhat < 1.01 ? QStringLiteral("the chains agree (below 1.01).")
                                                     : QStringLiteral("the chains still disagree; run them longer.")));
    reportMetrics(ctx, d);
}

} // namespace

ui::Step chainsStep()
{
    ui::Step s;
    s.id = "chains";
    s.title = "Several chains";
    s.textFile = ":/labs/mcmc/chains.md";
    s.parameters = targetParameters({"gaussian", "banana", "bimodal", "donut", "funnel"});
    s.parameters << ui::Parameter::integer("chains", "Chains", 4, 1, 16)
                 << ui::Parameter::integer("draws", "Draws per chain", 5000, 100, 1000000)
                 << ui::Parameter::real("scale", "Proposal sd", 0.5, 0.01, 20.0, true, 3);
    s.run = run;
    return s;
}

} // namespace mlwb::labs::mcmclab
