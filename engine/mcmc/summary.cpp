#include "mcmc/summary.h"

#include "core/input_error.h"
#include "mcmc/diagnostics.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace mlwb::mcmc {

// scipy.stats.mstats.mquantiles with alphap = betap = 1, in its arithmetic (the rounding
// decides which draws lie below a tail quantile): aleph = n·p + (1 − p), k = ⌊aleph⌋ clipped to [1, n − 1], γ = aleph − k clipped to [0, 1],
// result (1 − γ)·x₍ₖ₎ + γ·x₍ₖ₊₁₎ (1-based order statistics).
double quantile(std::span<const double> values, double p)
{
    const std::size_t n = values.size();
    if (n == 0)
        return NAN;
    std::vector<double> x(values.begin(), values.end());
    if (n == 1)
        return x[0];
    const double aleph = double(n) * p + (1 - p);
    const double k = std::floor(std::clamp(aleph, 1.0, double(n - 1)));
    const double gamma = std::clamp(aleph - k, 0.0, 1.0);
    const auto upper = x.begin() + std::ptrdiff_t(k);
    std::nth_element(x.begin(), upper, x.end());
    const double high = *upper;
    const double low = *std::max_element(x.begin(), upper);  // the order statistic just below
    return (1 - gamma) * low + gamma * high;
}

Interval hdi(std::span<const double> values, double prob)
{
    if (!(prob > 0 && prob < 1))
        throw InputError(fmt::format("the HDI probability must lie strictly between 0 and 1, got {}", prob));
    std::vector<double> x(values.begin(), values.end());
    std::sort(x.begin(), x.end());
    const std::size_t inc = std::size_t(std::floor(prob * double(x.size())));
    if (x.size() <= inc)
        throw InputError(fmt::format("too few draws ({}) for a {} HDI", x.size(), prob));
    std::size_t best = 0;
    for (std::size_t i = 1; i + inc < x.size(); ++i)
        if (x[i + inc] - x[i] < x[best + inc] - x[best])  // the first narrowest, as np.argmin
            best = i;
    return {x[best], x[best + inc]};
}

ParameterSummary summarize(const ChainMatrix& chains, const SummaryOptions& options)
{
    const std::span<const double> all(chains.data(), std::size_t(chains.size()));
    ParameterSummary s;
    s.mean = chains.mean();
    s.sd = std::sqrt((chains.array() - s.mean).square().sum() / double(chains.size() - 1));
    s.mcseMean = mcseMean(chains);
    s.essBulk = essBulk(chains);
    s.essTail = essTail(chains);
    s.rhat = rhatRank(chains);
    s.hdi = hdi(all, options.hdiProb);
    for (const double p : options.quantiles)
        s.quantiles.push_back(quantile(all, p));
    return s;
}

} // namespace mlwb::mcmc
