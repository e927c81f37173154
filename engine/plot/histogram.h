#pragma once
// Binning for histograms: all values at once, or samples added as they arrive (an MCMC chain
// growing by blocks) with bins that stay fixed or follow the data's range.
#include <cstdint>
#include <span>
#include <vector>

namespace mlwb::plot {

struct HistogramBins {
    std::vector<double> edges;   // bins + 1, ascending
    std::vector<double> counts;  // one per bin
};

// `bins` equal bins over [lo, hi] (the last one closed) counting the finite values inside.
// Non-finite lo or hi: the range of the finite values. Safe for any finite data: 1e308 and
// −1e308 in one column give finite edges. One distinct value: one bin around it.
HistogramBins binValues(std::span<const double> values, double lo, double hi, int bins);

class HistogramAccumulator {
public:
    // `bins` equal bins over [lo, hi]; samples outside it are counted in outside().
    static HistogramAccumulator fixed(double lo, double hi, int bins);
    // Bins that follow the data: their width is a power of two and their edges multiples of
    // it, so when a sample falls outside, the range grows bin by bin and, beyond maxBins bins,
    // neighbouring pairs merge into bins twice as wide. Exact: the counts always equal binning
    // every sample at once into the same edges.
    static HistogramAccumulator growing(int maxBins = 64);

    void add(std::span<const double> samples);
    void add(double sample) { add(std::span<const double>(&sample, 1)); }

    std::vector<double> edges() const;
    const std::vector<double>& counts() const { return counts_; }
    std::int64_t outside() const { return outside_; }    // fixed bins: finite samples not in [lo, hi]
    std::int64_t nonFinite() const { return nonFinite_; }

private:
    HistogramAccumulator() = default;
    void addGrowing(double v);
    void coarsen();  // growing: width doubles, pairs of bins merge

    bool growing_ = false;
    int maxBins_ = 0;
    // fixed
    double lo_ = 0, hi_ = 1;
    std::vector<double> fixedEdges_;
    // growing: bin k covers [k·width_, (k+1)·width_), counts_[j] is bin firstBin_ + j
    double width_ = 0;
    std::int64_t firstBin_ = 0;

    std::vector<double> counts_;
    std::int64_t outside_ = 0, nonFinite_ = 0;
};

} // namespace mlwb::plot
