#include "plot/histogram.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mlwb::plot {

namespace {

// Bin of v among `bins` equal bins over [lo, hi]: halves, because hi − lo overflows to inf
// when the data span more than DBL_MAX (1e308 and −1e308 made every bin index garbage).
std::size_t binIndex(double v, double lo, double halfRange, int bins)
{
    const double t = (v * 0.5 - lo * 0.5) / halfRange * bins;
    return std::size_t(std::clamp(t, 0.0, bins - 1.0));
}

std::vector<double> equalEdges(double lo, double hi, int bins)
{
    const double halfRange = hi * 0.5 - lo * 0.5;
    std::vector<double> edges;
    for (int i = 0; i < bins; ++i) {
        const double f = double(i) / bins;
        edges.push_back(lo + halfRange * f + halfRange * f);
    }
    edges.push_back(hi);
    return edges;
}

// Largest index a bin may have: k·width must stay exact and finite.
constexpr double kMaxBinIndex = 0x1p52;

} // namespace

HistogramBins binValues(std::span<const double> values, double lo, double hi, int bins)
{
    bins = std::max(1, bins);
    if (!std::isfinite(lo) || !std::isfinite(hi)) {
        lo = std::numeric_limits<double>::max();
        hi = std::numeric_limits<double>::lowest();
        for (const double v : values)
            if (std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
        if (lo > hi)
            lo = hi = 0;
    }
    if (!(hi > lo)) {  // one distinct value: a single bar around it, at least one unit wide
        const double half = std::max(0.5, std::abs(lo) * 1e-9);
        lo = std::max(lo - half, std::numeric_limits<double>::lowest());
        hi = std::min(hi + half, std::numeric_limits<double>::max());
    }
    HistogramBins h{equalEdges(lo, hi, bins), std::vector<double>(std::size_t(bins), 0.0)};
    const double halfRange = hi * 0.5 - lo * 0.5;
    for (const double v : values)
        if (std::isfinite(v) && v >= lo && v <= hi)
            h.counts[binIndex(v, lo, halfRange, bins)] += 1;
    return h;
}

HistogramAccumulator HistogramAccumulator::fixed(double lo, double hi, int bins)
{
    HistogramAccumulator a;
    const HistogramBins empty = binValues({}, lo, hi, bins);
    a.fixedEdges_ = empty.edges;
    a.counts_ = empty.counts;
    a.lo_ = a.fixedEdges_.front();
    a.hi_ = a.fixedEdges_.back();
    return a;
}

HistogramAccumulator HistogramAccumulator::growing(int maxBins)
{
    HistogramAccumulator a;
    a.growing_ = true;
    a.maxBins_ = std::max(2, maxBins);
    return a;
}

void HistogramAccumulator::add(std::span<const double> samples)
{
    const double halfRange = hi_ * 0.5 - lo_ * 0.5;
    const int bins = int(counts_.size());
    for (const double v : samples) {
        if (!std::isfinite(v))
            ++nonFinite_;
        else if (growing_)
            addGrowing(v);
        else if (v < lo_ || v > hi_)
            ++outside_;
        else
            counts_[binIndex(v, lo_, halfRange, bins)] += 1;
    }
}

void HistogramAccumulator::addGrowing(double v)
{
    if (counts_.empty()) {
        // Start fine (a millionth of the value's magnitude, or of 1): bins can merge, never split.
        // Never below 2^−1000: a subnormal first sample would make the width 0.
        int exponent = 0;
        std::frexp(v == 0 ? 1.0 : v, &exponent);
        width_ = std::ldexp(1.0, std::max(exponent - 20, -1000));
        firstBin_ = std::int64_t(std::floor(v / width_));
        counts_.assign(1, 1.0);
        return;
    }
    // v / width_ is exact (width_ is a power of two) unless it overflows: coarsen first.
    while (std::abs(v / width_) >= kMaxBinIndex)
        coarsen();
    std::int64_t k = std::int64_t(std::floor(v / width_));
    while (std::max(k, firstBin_ + std::int64_t(counts_.size()) - 1) - std::min(k, firstBin_) + 1 > maxBins_) {
        coarsen();
        k = std::int64_t(std::floor(v / width_));
    }
    if (k < firstBin_) {
        counts_.insert(counts_.begin(), std::size_t(firstBin_ - k), 0.0);
        firstBin_ = k;
    } else if (k >= firstBin_ + std::int64_t(counts_.size())) {
        counts_.resize(std::size_t(k - firstBin_ + 1), 0.0);
    }
    counts_[std::size_t(k - firstBin_)] += 1;
}

void HistogramAccumulator::coarsen()
{
    // Bin k goes to ⌊k / 2⌋ (floor for negative k too).
    const auto half = [](std::int64_t k) { return k >= 0 ? k / 2 : -((-k + 1) / 2); };
    const std::int64_t first = half(firstBin_);
    const std::int64_t last = half(firstBin_ + std::int64_t(counts_.size()) - 1);
    std::vector<double> merged(std::size_t(last - first + 1), 0.0);
    for (std::size_t j = 0; j < counts_.size(); ++j)
        merged[std::size_t(half(firstBin_ + std::int64_t(j)) - first)] += counts_[j];
    counts_ = std::move(merged);
    firstBin_ = first;
    width_ *= 2;
}

std::vector<double> HistogramAccumulator::edges() const
{
    if (!growing_)
        return fixedEdges_;
    std::vector<double> e;
    for (std::size_t j = 0; j <= counts_.size(); ++j)
        e.push_back(double(firstBin_ + std::int64_t(j)) * width_);
    return e;
}

} // namespace mlwb::plot
