#include "mcmc/diagnostics.h"

#include "mcmc/autocorrelation.h"
#include "mcmc/summary.h"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <numeric>

namespace mlwb::mcmc {

namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

// ArviZ's shape check (_not_valid): NaN draws, too few draws or chains.
bool invalid(const ChainMatrix& a, int minChains)
{
    return a.hasNaN() || a.rows() < minChains || a.cols() < 4;
}

// The first and the last ⌊n/2⌋ draws of each chain as separate chains (the middle draw of an
// odd chain is dropped): a chain that drifts then disagrees with itself.
ChainMatrix splitChains(const ChainMatrix& a)
{
    const Eigen::Index m = a.rows(), half = a.cols() / 2;
    ChainMatrix out(2 * m, half);
    out.topRows(m) = a.leftCols(half);
    out.bottomRows(m) = a.rightCols(half);
    return out;
}

// Ranks over all draws (ties get their average rank, as scipy's rankdata), mapped through
// the normal quantile of Blom's (r − 3/8)/(S + 1/4): the draws' ranks on a normal scale,
// which any distribution, heavy tails included, has a finite variance on.
ChainMatrix zScale(const ChainMatrix& a)
{
    const std::size_t size = std::size_t(a.size());
    std::vector<std::size_t> order(size);
    std::iota(order.begin(), order.end(), 0);
    const double* v = a.data();
    std::sort(order.begin(), order.end(), [v](std::size_t i, std::size_t j) { return v[i] < v[j]; });
    ChainMatrix z(a.rows(), a.cols());
    const boost::math::normal_distribution<double> normal;
    for (std::size_t first = 0; first < size;) {
        std::size_t last = first;
        while (last + 1 < size && v[order[last + 1]] == v[order[first]])
            ++last;
        const double rank = 0.5 * double(first + last) + 1;  // 1-based, averaged over the ties
        const double p = (rank - 0.375) / (double(size) - 2 * 0.375 + 1);
        const double q = boost::math::quantile(normal, p);
        for (std::size_t k = first; k <= last; ++k)
            z.data()[order[k]] = q;
        first = last + 1;
    }
    return z;
}

// Split-R̂ of chains already split: √((B/W + n − 1)/n) with B = n·Var(chain means) and
// W = mean of the chain variances (both with divisor count − 1).
double rhatOf(const ChainMatrix& a)
{
    const Eigen::Index m = a.rows(), n = a.cols();
    const Eigen::VectorXd means = a.rowwise().mean();
    double within = 0;
    for (Eigen::Index c = 0; c < m; ++c)
        within += (a.row(c).array() - means[c]).square().sum() / double(n - 1);
    within /= double(m);
    const double between = double(n) * (means.array() - means.mean()).square().sum() / double(m - 1);
    return std::sqrt((between / within + double(n) - 1) / double(n));
}

double meanOfColumn(const Eigen::MatrixXd& acov, Eigen::Index lag)
{
    return acov.col(lag).mean();
}

} // namespace

// ArviZ's _ess, step for step: ρ̂_t = 1 − (W − mean autocovariance at t)/var⁺, summed in
// pairs while the pairs stay positive (Geyer's initial positive sequence), the pairs made
// non-increasing (initial monotone sequence), τ̂ = −1 + 2Σρ̂ bounded below by 1/log₁₀(MN).
double effectiveSampleSize(const ChainMatrix& a)
{
    if (a.hasNaN())
        return kNan;
    const Eigen::Index m = a.rows(), n = a.cols();
    if (a.maxCoeff() - a.minCoeff() < 1e-15)  // NumPy's float resolution: a constant series
        return double(a.size());
    const Eigen::MatrixXd acov = autocovariance(a);
    const Eigen::VectorXd chainMean = a.rowwise().mean();
    const double meanVar = meanOfColumn(acov, 0) * double(n) / (double(n) - 1);
    double varPlus = meanVar * (double(n) - 1) / double(n);
    if (m > 1)
        varPlus += (chainMean.array() - chainMean.mean()).square().sum() / double(m - 1);

    std::vector<double> rho(std::size_t(n), 0.0);
    double rhoEven = 1;
    rho[0] = rhoEven;
    double rhoOdd = 1 - (meanVar - meanOfColumn(acov, 1)) / varPlus;
    rho[1] = rhoOdd;
    Eigen::Index t = 1;
    while (t < n - 3 && rhoEven + rhoOdd > 0) {
        rhoEven = 1 - (meanVar - meanOfColumn(acov, t + 1)) / varPlus;
        rhoOdd = 1 - (meanVar - meanOfColumn(acov, t + 2)) / varPlus;
        if (rhoEven + rhoOdd >= 0) {
            rho[std::size_t(t + 1)] = rhoEven;
            rho[std::size_t(t + 2)] = rhoOdd;
        }
        t += 2;
    }
    const Eigen::Index maxT = t - 2;
    if (rhoEven > 0)
        rho[std::size_t(maxT + 1)] = rhoEven;
    for (t = 1; t <= maxT - 2; t += 2) {
        if (rho[std::size_t(t + 1)] + rho[std::size_t(t + 2)] > rho[std::size_t(t - 1)] + rho[std::size_t(t)]) {
            rho[std::size_t(t + 1)] = (rho[std::size_t(t - 1)] + rho[std::size_t(t)]) / 2;
            rho[std::size_t(t + 2)] = rho[std::size_t(t + 1)];
        }
    }
    const double size = double(m * n);
    double tau = -1;
    for (Eigen::Index i = 0; i <= maxT; ++i)
        tau += 2 * rho[std::size_t(i)];
    if (maxT + 1 < n)
        tau += rho[std::size_t(maxT + 1)];
    tau = std::max(tau, 1 / std::log10(size));
    for (const double r : rho)
        if (std::isnan(r))
            return kNan;
    return size / tau;
}

double essBulk(const ChainMatrix& a)
{
    if (invalid(a, 1))
        return kNan;
    return effectiveSampleSize(zScale(splitChains(a)));
}

double essTail(const ChainMatrix& a)
{
    if (invalid(a, 1))
        return kNan;
    const std::span<const double> all(a.data(), std::size_t(a.size()));
    double ess = INFINITY;
    for (const double p : {0.05, 0.95}) {
        const double q = quantile(all, p);
        const ChainMatrix below = (a.array() <= q).cast<double>();
        ess = std::min(ess, effectiveSampleSize(splitChains(below)));
    }
    return ess;
}

double essMean(const ChainMatrix& a)
{
    if (invalid(a, 1))
        return kNan;
    return effectiveSampleSize(splitChains(a));
}

double rhatRank(const ChainMatrix& a)
{
    if (invalid(a, 2))
        return kNan;
    const ChainMatrix split = splitChains(a);
    const double bulk = rhatOf(zScale(split));
    const std::span<const double> all(split.data(), std::size_t(split.size()));
    const double median = quantile(all, 0.5);
    const double tail = rhatOf(zScale((split.array() - median).abs().matrix()));
    return std::max(bulk, tail);
}

double mcseMean(const ChainMatrix& a)
{
    if (invalid(a, 1))
        return kNan;
    const double mean = a.mean();
    const double sd = std::sqrt((a.array() - mean).square().sum() / double(a.size() - 1));
    return sd / std::sqrt(essMean(a));
}

} // namespace mlwb::mcmc
