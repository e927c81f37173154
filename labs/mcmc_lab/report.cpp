#include "mcmc_lab/report.h"

#include "common/tensor_charts.h"
#include "mcmc/chains.h"

#include <QJsonArray>

namespace mlwb::labs::mcmclab {

Diagnosed diagnose(const mcmc::RunResult& run)
{
    Diagnosed d;
    d.names = run.names;
    std::size_t proposals = 0, accepted = 0;
    for (const auto& c : run.chains) {
        proposals += c.proposals;
        accepted += c.accepted;
    }
    d.acceptanceRate = proposals ? double(accepted) / double(proposals) : 0.0;
    for (int p = 0; p < run.dimension; ++p)
        d.summaries.push_back(mcmc::summarize(mcmc::parameterDraws(run, p)));
    d.covariance = mcmc::sampleMoments(run).covariance;
    return d;
}

void reportMetrics(ui::RunContext& ctx, const Diagnosed& d)
{
    const auto list = [&](auto field) {
        QJsonArray a;
        for (const auto& s : d.summaries)
            a.append(field(s));
        return a;
    };
    ctx.metric("parameters", [&] {
        QJsonArray a;
        for (const auto& n : d.names)
            a.append(qs(n));
        return a;
    }());
    ctx.metric("acceptance_rate", list([&](const mcmc::ParameterSummary&) { return d.acceptanceRate; }));
    ctx.metric("sample_mean", list([](const mcmc::ParameterSummary& s) { return s.mean; }));
    ctx.metric("sample_sd", list([](const mcmc::ParameterSummary& s) { return s.sd; }));
    ctx.metric("ess_bulk", list([](const mcmc::ParameterSummary& s) { return s.essBulk; }));
    ctx.metric("ess_tail", list([](const mcmc::ParameterSummary& s) { return s.essTail; }));
    ctx.metric("rhat", list([](const mcmc::ParameterSummary& s) { return s.rhat; }));
    ctx.metric("mcse_mean", list([](const mcmc::ParameterSummary& s) { return s.mcseMean; }));
    QJsonArray covariance;
    for (Eigen::Index i = 0; i < d.covariance.rows(); ++i) {
        QJsonArray row;
        for (Eigen::Index j = 0; j < d.covariance.cols(); ++j)
            row.append(d.covariance(i, j));
        covariance.append(row);
    }
    ctx.metric("sample_cov", covariance);
}

ui::ChartSpec summaryTable(const QString& id, const QString& title, const Diagnosed& d)
{
    ui::TableSpec t;
    t.header = {"parameter", "mean", "sd", "MCSE of mean", "94% HDI", "ESS bulk", "ESS tail", "R̂"};
    const auto n = [](double v, int digits = 3) { return std::isfinite(v) ? QString::number(v, 'g', digits) : QStringLiteral("NA"); };
    for (std::size_t i = 0; i < d.summaries.size(); ++i) {
        const auto& s = d.summaries[i];
        t.rows << QStringList{qs(d.names[i]), n(s.mean), n(s.sd), n(s.mcseMean, 2),
                              QStringLiteral("%1 … %2").arg(n(s.hdi.low), n(s.hdi.high)), QString::number(std::lround(s.essBulk)),
                              QString::number(std::lround(s.essTail)), QString::number(s.rhat, 'f', 3)};
    }
    ui::ChartSpec c;
    c.id = id;
    c.title = title;
    c.table = t;
    return c;
}

QString perSecond(double rate)
{
    if (rate >= 1e6)
        return QStringLiteral("%1 M/s").arg(rate / 1e6, 0, 'g', 3);
    if (rate >= 1e3)
        return QStringLiteral("%1 k/s").arg(rate / 1e3, 0, 'g', 3);
    return QStringLiteral("%1 /s").arg(rate, 0, 'g', 3);
}

} // namespace mlwb::labs::mcmclab
