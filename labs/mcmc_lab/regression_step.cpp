// Step 5: Bayesian linear regression on the diabetes data, sampled, against its exact
// conjugate posterior: one histogram per weight with the exact density over it, the
// posterior predictive band for one feature, and the MCMC means against the exact ones.
#include "mcmc_lab/report.h"
#include "mcmc_lab/steps.h"
#include "mcmc_lab/targets.h"

#include "common/dataset.h"
#include "common/tensor_charts.h"
#include "core/input_error.h"
#include "mcmc/chains.h"
#include "mcmc/summary.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

namespace mlwb::labs::mcmclab {

namespace {

constexpr int kBins = 40;

mcmc::Method methodOf(const QString& name)
{
    if (name == "mala")
        return mcmc::Method::Mala;
    if (name == "rwmh")
        return mcmc::Method::RandomWalk;
    return mcmc::Method::Adaptive;
}

// All chains' draws of one parameter.
std::vector<double> allDraws(const mcmc::ChainMatrix& m) { return std::vector<double>(m.data(), m.data() + m.size()); }

ui::ChartSpec posteriorChart(const QString& name, const std::vector<double>& draws, const mcmc::ExactPosterior* exact, int index)
{
    const auto [lo, hi] = std::minmax_element(draws.begin(), draws.end());
    ui::ChartSpec c;
    c.id = QStringLiteral("posterior-%1").arg(name);
    c.title = QStringLiteral("β of %1").arg(name);
    c.x = {"weight (target sd per feature sd)", false, {}, {}};
    c.y = {"draws", false, 0.0, {}};
    c.histograms = {histogram("MCMC draws", draws, *lo, *hi, kBins, 0)};
    if (exact) {  // N(mean, sd²) scaled to counts: draws × bin width × density
        const double mean = exact->mean[index], sd = exact->sd[index], width = (*hi - *lo) / kBins;
        ui::SeriesSpec curve{.name = "exact posterior", .colorIndex = 1};
        for (int i = 0; i <= 120; ++i) {
            const double x = *lo + (*hi - *lo) * i / 120.0;
            const double z = (x - mean) / sd;
            curve.points << QPointF(x, double(draws.size()) * width * std::exp(-0.5 * z * z) / (sd * std::sqrt(2 * std::numbers::pi)));
        }
        c.series = {curve};
    }
    return c;
}

// The data against one feature, with the posterior of the fitted line (other features at
// their mean, 0) and of a new observation: median and 90% bands.
ui::ChartSpec predictiveChart(const Diabetes& data, int feature, const mcmc::RunResult& run, bool unknownNoise,
                              double noiseSd, std::uint64_t seed)
{
    const QString name = qs(data.names[std::size_t(feature)]);
    ui::ChartSpec c;
    c.id = "predictive";
    c.title = QStringLiteral("Posterior predictive for %1 (other features at their mean)").arg(name);
    c.x = {QStringLiteral("%1 (standardized)").arg(name), false, {}, {}};
    c.y = {"disease progression (standardized)", false, {}, {}};
    ui::SeriesSpec points{.name = "patients", .kind = ui::SeriesSpec::Kind::Scatter, .colorIndex = 6, .width = 4};
    for (Eigen::Index i = 0; i < data.x.rows(); ++i)
        points.points << QPointF(data.x(i, feature), data.y[i]);
    const mcmc::ChainMatrix beta = mcmc::parameterDraws(run, feature);
    const mcmc::ChainMatrix logSigma = unknownNoise ? mcmc::parameterDraws(run, run.dimension - 1) : mcmc::ChainMatrix();
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    const Eigen::Index total = beta.size(), used = std::min<Eigen::Index>(total, 4000);
    ui::SeriesSpec lineMid{.name = "fitted line: median", .colorIndex = 0}, lineLo{.name = "fitted line: 90% band", .colorIndex = 0, .width = 1.2, .dashed = true},
        lineHi{.colorIndex = 0, .width = 1.2, .dashed = true}, newLo{.name = "new patient: 90% band", .colorIndex = 1, .width = 1.2, .dashed = true},
        newHi{.colorIndex = 1, .width = 1.2, .dashed = true};
    const double xMin = data.x.col(feature).minCoeff(), xMax = data.x.col(feature).maxCoeff();
    std::vector<double> mean(static_cast<std::size_t>(used)), fresh(static_cast<std::size_t>(used));
    for (int g = 0; g <= 40; ++g) {
        const double x = xMin + (xMax - xMin) * g / 40.0;
        for (Eigen::Index k = 0; k < used; ++k) {
            const Eigen::Index at = k * total / used;
            const double sigma = unknownNoise ? std::exp(logSigma.data()[at]) : noiseSd;
            mean[std::size_t(k)] = beta.data()[at] * x;
            fresh[std::size_t(k)] = mean[std::size_t(k)] + sigma * normal(rng);
        }
        lineMid.points << QPointF(x, mcmc::quantile(mean, 0.5));
        lineLo.points << QPointF(x, mcmc::quantile(mean, 0.05));
        lineHi.points << QPointF(x, mcmc::quantile(mean, 0.95));
        newLo.points << QPointF(x, mcmc::quantile(fresh, 0.05));
        newHi.points << QPointF(x, mcmc::quantile(fresh, 0.95));
    }
    c.series = {points, newLo, newHi, lineLo, lineHi, lineMid};
    return c;
}

void run(ui::RunContext& ctx)
{
    const Diabetes& data = diabetes();
    const mcmc::RegressionPrior prior{.priorSd = ctx.real("prior_sd"), .noiseSd = ctx.real("noise_sd"),
                                      .unknownNoise = ctx.flag("unknown_noise")};
    const auto stats = mcmc::sufficientStatistics(data.x, data.y);
    const mcmc::BayesianLinearRegression target(stats, prior, data.names);
    const QString featureName = ctx.choice("feature");
    const auto it = std::find(data.names.begin(), data.names.end(), featureName.toStdString());
    if (it == data.names.end())
        throw InputError("diabetes.csv has no feature \"" + featureName.toStdString() + "\"");
    const int feature = int(it - data.names.begin());
    const auto draws = std::size_t(ctx.integer("draws"));
    const int chains = ctx.integer("chains");

    std::size_t done = 0;
    const std::size_t total = draws * std::size_t(chains);
    const mcmc::RunResult run = mcmc::sample(
        target, {.method = methodOf(ctx.choice("sampler")), .scale = ctx.real("scale")},
        {.chains = chains, .draws = draws, .burnIn = std::size_t(ctx.integer("burn_in")), .seed = ctx.seed()},
        [&](int, const mcmc::SampleBlock& b) {
            done += b.draws;
            ctx.progress(double(done) / double(total));
            return false;
        },
        ctx.stopToken());
    if (run.stopped || run.chains.empty() || run.chains[0].drawn < 4)
        return;
    const Diagnosed d = diagnose(run);
    const mcmc::ExactPosterior exact = mcmc::exactPosterior(stats, prior.priorSd, prior.noiseSd);
    const bool comparable = !prior.unknownNoise;  // the conjugate posterior assumes σ known

    QList<ui::FigureSpec::Panel> panels;
    for (int p = 0; p < run.dimension; ++p) {
        const QString name = qs(run.names[std::size_t(p)]);
        const ui::ChartSpec chart = posteriorChart(name, allDraws(mcmc::parameterDraws(run, p)),
                                                   comparable && p < int(data.names.size()) ? &exact : nullptr, p);
        ctx.publish(chart);
        panels << ui::FigureSpec::Panel{.chart = chart.id, .row = p / 4, .col = p % 4};
    }
    ctx.figure({.id = "posteriors", .title = "Posterior of each weight: MCMC histograms, exact density over them",
                .rows = (run.dimension + 3) / 4, .cols = 4, .panels = panels});
    ctx.publish(predictiveChart(data, feature, run, prior.unknownNoise, prior.noiseSd, ctx.seed()));

    ui::TableSpec t;
    t.header = {"weight", "MCMC mean", "MCSE", "exact mean", "(MCMC − exact) / MCSE", "MCMC sd", "exact sd", "R̂", "ESS bulk"};
    QJsonArray exactMean, exactSd;
    double worst = 0;
    for (int p = 0; p < run.dimension; ++p) {
        const auto& s = d.summaries[std::size_t(p)];
        const bool has = comparable && p < int(data.names.size());
        const double z = has ? (s.mean - exact.mean[p]) / s.mcseMean : NAN;
        if (has)
            worst = std::max(worst, std::abs(z));
        t.rows << QStringList{qs(run.names[std::size_t(p)]), QString::number(s.mean, 'f', 4), QString::number(s.mcseMean, 'g', 2),
                              has ? QString::number(exact.mean[p], 'f', 4) : QStringLiteral("NA"),
                              has ? QString::number(z, 'f', 2) : QStringLiteral("NA"), QString::number(s.sd, 'f', 4),
                              has ? QString::number(exact.sd[p], 'f', 4) : QStringLiteral("NA"), QString::number(s.rhat, 'f', 3),
                              QString::number(std::lround(s.essBulk))};
    }
    for (Eigen::Index p = 0; p < exact.mean.size(); ++p) {
        exactMean.append(exact.mean[p]);
        exactSd.append(exact.sd[p]);
    }
    ui::ChartSpec table;
    table.id = "comparison";
    table.title = comparable ? QStringLiteral("MCMC against the exact posterior (σ known = %1)").arg(prior.noiseSd)
                             : QStringLiteral("MCMC summary (σ unknown: no closed form to compare with)");
    table.table = t;
    ctx.publish(table);

    ctx.note(QStringLiteral("%1 chains × %2 draws of %3 parameters; acceptance %4%. Each step evaluates the likelihood "
                            "from XᵀX, Xᵀy and yᵀy: %5 numbers instead of the %6 rows, so a step costs the same "
                            "whatever the size of the data.")
                 .arg(chains)
                 .arg(run.chains[0].drawn)
                 .arg(run.dimension)
                 .arg(100 * d.acceptanceRate, 0, 'f', 1)
                 .arg(data.x.cols() * data.x.cols() + data.x.cols() + 1)
                 .arg(data.x.rows()));
    if (comparable)
        ctx.note(QStringLiteral("Every MCMC mean lies within %1 Monte Carlo standard errors of the exact posterior mean; "
                                "within about 2 is what chance allows, and more draws shrink the MCSE as 1/√ESS.")
                     .arg(worst, 0, 'f', 1));
    reportMetrics(ctx, d);
    ctx.metric("exact_posterior_mean", exactMean);
    ctx.metric("exact_posterior_sd", exactSd);
}

} // namespace

ui::Step regressionStep()
{
    ui::Step s;
    s.id = "regression";
    s.title = "Bayesian linear regression";
    s.textFile = ":/labs/mcmc/regression.md";
    QStringList features;
    for (const char* f : {"age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"})
        features << f;
    s.parameters << ui::Parameter::real("prior_sd", "Prior sd τ", 10.0, 0.01, 1000.0, true, 2)
                 << ui::Parameter::real("noise_sd", "Noise sd σ (known)", 1.0, 0.01, 100.0, true, 2)
                 << ui::Parameter::flag("unknown_noise", "σ unknown (inverse-gamma prior)", false)
                 << ui::Parameter::choice("sampler", "Sampler", {"adaptive", "mala", "rwmh"}, "adaptive")
                 << ui::Parameter::real("scale", "Proposal sd (MALA: ε)", 0.02, 0.0001, 10.0, true, 4)
                 << ui::Parameter::integer("chains", "Chains", 4, 1, 16)
                 << ui::Parameter::integer("draws", "Draws per chain", 20000, 100, 2000000)
                 << ui::Parameter::integer("burn_in", "Burn-in proposals", 5000, 0, 1000000)
                 << ui::Parameter::choice("feature", "Feature for the predictive band", features, "bmi");
    s.run = run;
    return s;
}

} // namespace mlwb::labs::mcmclab
