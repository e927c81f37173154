// Step 6: the numbers. Draws per second say how fast a sampler runs; effective draws per
// second say how fast it learns the posterior. Each sampler on each target, one chain.
#include "mcmc_lab/report.h"
#include "mcmc_lab/steps.h"
#include "mcmc_lab/targets.h"

#include "common/tensor_charts.h"
#include "mcmc/chains.h"
#include "mcmc/diagnostics.h"

#include <QJsonArray>
#include <QJsonObject>

#include <chrono>

namespace mlwb::labs::mcmclab {

namespace {

using Samplers = QList<std::pair<QString, mcmc::SamplerOptions>>;

// What these runs showed, read from their numbers (a fixed sentence here once claimed the
// opposite of the bars beside it): per target, the fastest sampler against the most efficient,
// and what MALA's gradient bought per draw and per second against the random walk's.
void noteWhatTheNumbersSay(ui::RunContext& ctx, const Samplers& samplers, const QStringList& targets,
                           const ui::BarsSpec& speed, const ui::BarsSpec& efficiency)
{
    const auto best = [&](const ui::BarsSpec& bars, qsizetype t) {
        qsizetype b = 0;
        for (qsizetype s = 1; s < bars.sets.size(); ++s)
            if (bars.sets[s].values[t] > bars.sets[b].values[t])
                b = s;
        return b;
    };
    QStringList perTarget;
    bool differ = false;
    for (qsizetype t = 0; t < targets.size(); ++t) {
        const qsizetype fastest = best(speed, t), mixes = best(efficiency, t);
        differ = differ || fastest != mixes;
        perTarget << (fastest == mixes ? QStringLiteral("on %1, %2 both draws fastest and mixes best").arg(targets[t], samplers[fastest].first)
                                       : QStringLiteral("on %1, %2 draws fastest but %3 gives the most effective draws per second")
                                             .arg(targets[t], samplers[fastest].first, samplers[mixes].first));
    }
    ctx.note((differ ? QStringLiteral("Draws per second and effective draws per second rank the samplers differently: %1. "
                                      "A fast sampler that mixes badly is slow where it matters.")
                     : QStringLiteral("Here the fastest sampler also mixed best on every target: %1."))
                 .arg(perTarget.join(QStringLiteral("; "))));
    const qsizetype walk = 0, mala = samplers.size() - 1;  // as run() lists them
    QStringList perDraw, perSecond;
    for (qsizetype t = 0; t < targets.size(); ++t) {
        const auto essPerDraw = [&](qsizetype s) { return efficiency.sets[s].values[t] / speed.sets[s].values[t]; };
        perDraw << QStringLiteral("%1× on %2").arg(essPerDraw(mala) / essPerDraw(walk), 0, 'g', 2).arg(targets[t]);
        perSecond << QStringLiteral("%1×").arg(efficiency.sets[mala].values[t] / efficiency.sets[walk].values[t], 0, 'g', 2);
    }
    ctx.note(QStringLiteral("MALA follows the gradient, at the cost of a gradient per step. Against random-walk MH, its "
                            "effective draws per draw were %1; per second, %2 (in the same order).")
                 .arg(perDraw.join(QStringLiteral(", ")), perSecond.join(QStringLiteral(", "))));
}

void run(ui::RunContext& ctx)
{
    const auto draws = std::size_t(ctx.integer("draws"));
    const QStringList targets{"gaussian", "banana", "bimodal", "funnel"};
    const Samplers samplers{
        {"random-walk MH", {.method = mcmc::Method::RandomWalk, .scale = 1.0}},
        {"adaptive MH", {.method = mcmc::Method::Adaptive, .scale = 1.0}},
        {"MALA", {.method = mcmc::Method::Mala, .scale = 0.8}}};
    ui::BarsSpec speed, efficiency;
    speed.categories = efficiency.categories = targets;
    QJsonArray rows;
    int done = 0;
    for (int s = 0; s < samplers.size(); ++s) {
        ui::BarsSpec::Set rate{.name = samplers[s].first, .colorIndex = s}, ess{.name = samplers[s].first, .colorIndex = s};
        for (const QString& name : targets) {
            if (ctx.stopRequested())
                return;
            const auto target = makeTarget(name, 0.9);
            const auto start = std::chrono::steady_clock::now();
            const auto run = mcmc::sample(*target, samplers[s].second, {.chains = 1, .draws = draws, .seed = ctx.seed()}, {},
                                          ctx.stopToken());
            const double seconds = std::max(1e-9, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
            double worstEss = INFINITY;  // the slowest-mixing parameter decides
            for (int p = 0; p < run.dimension; ++p)
                worstEss = std::min(worstEss, mcmc::essBulk(mcmc::parameterDraws(run, p)));
            rate.values << double(run.chains[0].drawn) / seconds;
            ess.values << worstEss / seconds;
            rows.append(QJsonObject{{"sampler", samplers[s].first}, {"target", name},
                                    {"draws_per_second", double(run.chains[0].drawn) / seconds},
                                    {"ess_per_second", worstEss / seconds}, {"acceptance_rate", run.chains[0].acceptanceRate()}});
            ctx.progress(double(++done) / double(targets.size() * samplers.size()));
        }
        speed.sets << rate;
        efficiency.sets << ess;
    }
    ui::ChartSpec speedChart;
    speedChart.id = "draws-per-second";
    speedChart.title = QStringLiteral("Draws per second, one chain of %1").arg(draws);
    speedChart.x = {"target", false, {}, {}};
    speedChart.y = {"draws per second", true, {}, {}};
    speedChart.bars = speed;
    ctx.publish(speedChart);
    ui::ChartSpec essChart;
    essChart.id = "ess-per-second";
    essChart.title = "Effective draws per second (the worst-mixing parameter)";
    essChart.x = {"target", false, {}, {}};
    essChart.y = {"effective draws per second", true, {}, {}};
    essChart.bars = efficiency;
    ctx.publish(essChart);
    ctx.figure({.id = "numbers", .title = "Speed against efficiency", .rows = 1, .cols = 2,
                .panels = {{.chart = "draws-per-second"}, {.chart = "ess-per-second", .col = 1}}});
    noteWhatTheNumbersSay(ctx, samplers, targets, speed, efficiency);
    ctx.metric("samplers", rows);
}

} // namespace

ui::Step numbersStep()
{
    ui::Step s;
    s.id = "numbers";
    s.title = "The numbers";
    s.textFile = ":/labs/mcmc/numbers.md";
    s.parameters << ui::Parameter::integer("draws", "Draws per run", 200000, 1000, 10000000);
    s.run = run;
    return s;
}

} // namespace mlwb::labs::mcmclab
