#include "mcmc/autocorrelation.h"

#include <algorithm>
#include <fftw3.h>
#include <mutex>

namespace mlwb::mcmc {

namespace {

// FFTW documents only fftw_execute as thread-safe; its planner keeps global state. Every
// plan and buffer of this file is made and freed under this lock.
std::mutex& plannerMutex()
{
    static std::mutex m;
    return m;
}

// The smallest 2^a·3^b·5^c·7^d ≥ n: lengths FFTW transforms fastest.
std::size_t fastLength(std::size_t n)
{
    for (std::size_t len = n;; ++len) {
        std::size_t r = len;
        for (const std::size_t f : {2, 3, 5, 7})
            while (r % f == 0)
                r /= f;
        if (r == 1)
            return len;
    }
}

// A real → complex → real round trip of one length, for zero-padded series.
class PowerSpectrum {
public:
    explicit PowerSpectrum(std::size_t length) : length_(length)
    {
        const std::scoped_lock lock(plannerMutex());
        real_ = fftw_alloc_real(length);
        spectrum_ = fftw_alloc_complex(length / 2 + 1);
        forward_ = fftw_plan_dft_r2c_1d(int(length), real_, spectrum_, FFTW_ESTIMATE);
        backward_ = fftw_plan_dft_c2r_1d(int(length), spectrum_, real_, FFTW_ESTIMATE);
    }
    ~PowerSpectrum()
    {
        const std::scoped_lock lock(plannerMutex());
        fftw_destroy_plan(forward_);
        fftw_destroy_plan(backward_);
        fftw_free(real_);
        fftw_free(spectrum_);
    }
    PowerSpectrum(const PowerSpectrum&) = delete;
    PowerSpectrum& operator=(const PowerSpectrum&) = delete;

    // Sum over i of x[i]·x[i + lag] for lags 0 … n − 1 of the centred series x (n ≤ length/2),
    // times length: the inverse transform of |FFT(x)|², unnormalised.
    const double* lagProducts(const double* x, std::size_t n, double mean)
    {
        for (std::size_t i = 0; i < n; ++i)
            real_[i] = x[i] - mean;
        std::fill(real_ + n, real_ + length_, 0.0);
        fftw_execute(forward_);
        for (std::size_t k = 0; k < length_ / 2 + 1; ++k) {
            spectrum_[k][0] = spectrum_[k][0] * spectrum_[k][0] + spectrum_[k][1] * spectrum_[k][1];
            spectrum_[k][1] = 0;
        }
        fftw_execute(backward_);
        return real_;
    }

private:
    std::size_t length_;
    double* real_;
    fftw_complex* spectrum_;
    fftw_plan forward_, backward_;
};

} // namespace

Eigen::MatrixXd autocovariance(const ChainMatrix& chains)
{
    const Eigen::Index m = chains.rows(), n = chains.cols();
    Eigen::MatrixXd acov(m, n);
    if (n == 0)
        return acov;
    const std::size_t length = fastLength(2 * std::size_t(n));  // padding ≥ n keeps lags from wrapping
    PowerSpectrum fft(length);
    for (Eigen::Index c = 0; c < m; ++c) {
        const double* products = fft.lagProducts(chains.row(c).data(), std::size_t(n), chains.row(c).mean());
        for (Eigen::Index lag = 0; lag < n; ++lag)
            acov(c, lag) = products[lag] / double(length) / double(n);
    }
    return acov;
}

std::vector<double> autocorrelation(std::span<const double> series, std::size_t maxLag)
{
    if (series.empty())
        return {};
    const ChainMatrix one = Eigen::Map<const ChainMatrix>(series.data(), 1, Eigen::Index(series.size()));
    const Eigen::MatrixXd acov = autocovariance(one);
    const std::size_t lags = std::min(maxLag, series.size() - 1) + 1;
    std::vector<double> rho(lags);
    for (std::size_t lag = 0; lag < lags; ++lag)
        rho[lag] = acov(0, Eigen::Index(lag)) / acov(0, 0);
    return rho;
}

} // namespace mlwb::mcmc
