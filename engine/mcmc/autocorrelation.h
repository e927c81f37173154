#pragma once
// Autocovariance and autocorrelation by FFT (FFTW): O(n log n) over all lags, where the
// direct sum costs O(n²) — a million-draw chain in milliseconds rather than minutes.
#include "mcmc/chains.h"

namespace mlwb::mcmc {

// Each row's autocovariance at lags 0 … n − 1, about the row's mean and divided by n
// (ArviZ's autocov). Safe to call from several threads.
Eigen::MatrixXd autocovariance(const ChainMatrix& chains);

// The autocorrelation of one series at lags 0 … min(maxLag, n − 1); ρ(0) = 1 unless the
// series is constant (then NaN, as 0/0).
std::vector<double> autocorrelation(std::span<const double> series, std::size_t maxLag);

} // namespace mlwb::mcmc
