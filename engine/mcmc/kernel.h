#pragma once
// The chains' inner loop, compiled once per concrete target type (mcmc/sampler.cpp) so that
// the log density inlines: no virtual call and no std::function per step. Targets that
// declare kDimension also get fixed-size arrays, whose loops the compiler unrolls.
// Internal to the samplers; use ChainSampler.
#include "mcmc/rng.h"
#include "mcmc/sampler.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <type_traits>

namespace mlwb::mcmc::detail {

// What a chain needs from SamplerOptions, checked and prepared by ChainSampler.
struct Setup {
    Method method = Method::RandomWalk;
    std::vector<double> proposalFactor;  // lower Cholesky factor of the proposal covariance, row-major
    double stepSize = 1;                 // MALA's ε
    std::size_t adaptStart = 0;
    double adaptEpsilon = 0;
};

// The type-erased chain: one virtual call per block of draws, none per proposal.
class Chain {
public:
    virtual ~Chain() = default;
    virtual StepRecord step() = 0;
    virtual std::size_t draw(std::size_t draws, int thin, double* out, std::stop_token stop) = 0;
    virtual std::span<const double> position() const = 0;
    virtual double logDensity() const = 0;
    std::size_t proposals() const { return proposals_; }
    std::size_t accepted() const { return accepted_; }

protected:
    std::size_t proposals_ = 0, accepted_ = 0;
};

// In-place lower Cholesky factor of the row-major d × d matrix a; false when not positive definite.
template <class Square> bool choleskyLower(Square& a, int d)
{
    for (int j = 0; j < d; ++j) {
        double diag = a[std::size_t(j * d + j)];
        for (int k = 0; k < j; ++k)
            diag -= a[std::size_t(j * d + k)] * a[std::size_t(j * d + k)];
        if (!(diag > 0))
            return false;
        const double ljj = std::sqrt(diag);
        a[std::size_t(j * d + j)] = ljj;
        for (int i = j + 1; i < d; ++i) {
            double s = a[std::size_t(i * d + j)];
            for (int k = 0; k < j; ++k)
                s -= a[std::size_t(i * d + k)] * a[std::size_t(j * d + k)];
            a[std::size_t(i * d + j)] = s / ljj;
        }
        for (int k = j + 1; k < d; ++k)
            a[std::size_t(j * d + k)] = 0;  // keep the factor lower triangular
    }
    return true;
}

template <class T> constexpr int staticDimension()
{
    if constexpr (requires { T::kDimension; })
        return T::kDimension;
    else
        return 0;
}

// Accepts a downhill proposal (log ratio r < 0) when log u < r, u uniform in [0, 1), but skips
// the logarithm when one of the bounds 1 + r + r²/2 + r³/6 ≤ eʳ ≤ 1/(1 − r + r²/2 − r³/6)
// already decides (Marsaglia's squeeze): for the small |r| of a well-tuned chain almost
// always. A NaN r is rejected.
inline bool acceptDownhill(double u, double r)
{
    const double r2 = 0.5 * r * r, r3 = r2 * r * (1.0 / 3);
    if (u < 1 + r + r2 + r3)
        return true;
    if (u * (1 - r + r2 - r3) > 1)
        return false;
    return std::log(u) < r;
}

template <class T> class Kernel final : public Chain {
    static constexpr int kD = staticDimension<T>();
    // Proposals whose random numbers are drawn at once (fewer in high dimensions, so that a
    // batch stays within a few tens of kilobytes).
    static constexpr int kBatch = 256;
    using Point = std::conditional_t<(kD > 0), std::array<double, std::size_t(kD)>, std::vector<double>>;
    using Square = std::conditional_t<(kD > 0), std::array<double, std::size_t(kD * kD)>, std::vector<double>>;
    using Normals = std::conditional_t<(kD > 0), std::array<double, std::size_t(kBatch * kD)>, std::vector<double>>;

    // Where the chain is. A block works on a local copy, which the compiler keeps in
    // registers: the next proposal waits on the last accept, and a store and reload through
    // memory would lengthen that wait every step.
    struct Walker {
        Point x{}, y{};    // position, proposal
        Point gx{}, gy{};  // MALA's gradients at both
        double lp = 0;     // log density at x
    };

public:
    Kernel(const T& target, const Setup& setup, std::span<const double> start, Rng rng)
        : target_(target), method_(setup.method), d_(int(start.size())),
          batch_(kD > 0 ? kBatch : std::clamp(4096 / (d_ + 1), 1, kBatch)), eps_(setup.stepSize),
          adaptStart_(setup.adaptStart), adaptEpsilon_(setup.adaptEpsilon), rng_(rng)
    {
        for (Point* p : {&w_.x, &w_.y, &w_.gx, &w_.gy, &mean_, &delta_})
            resize(*p, d_);
        resize(factor_, d_ * d_), resize(next_, d_ * d_), resize(m2_, d_ * d_), resize(normals_, batch_ * d_);
        std::copy(start.begin(), start.end(), w_.x.begin());
        std::copy(setup.proposalFactor.begin(), setup.proposalFactor.end(), factor_.begin());
        w_.lp = method_ == Method::Mala ? target_.logDensityGradient(w_.x, w_.gx) : target_.logDensity(w_.x);
        mean_ = w_.x;
        used_ = batch_;  // nothing drawn yet
    }

    StepRecord step() override
    {
        if (used_ == batch_)
            refill();
        const double* z = &normals_[std::size_t(used_ * dim())];
        const double u = uniforms_[std::size_t(used_++)];
        StepRecord record;
        switch (method_) {
        case Method::RandomWalk: propose<Method::RandomWalk, true>(w_, z, u, &record); break;
        case Method::Adaptive: propose<Method::Adaptive, true>(w_, z, u, &record); break;
        case Method::Mala: propose<Method::Mala, true>(w_, z, u, &record); break;
        }
        ++proposals_;
        accepted_ += record.accepted;
        return record;
    }

    std::size_t draw(std::size_t draws, int thin, double* out, std::stop_token stop) override
    {
        switch (method_) {
        case Method::RandomWalk: return drawLoop<Method::RandomWalk>(draws, thin, out, stop);
        case Method::Adaptive: return drawLoop<Method::Adaptive>(draws, thin, out, stop);
        case Method::Mala: return drawLoop<Method::Mala>(draws, thin, out, stop);
        }
        return 0;
    }

    std::span<const double> position() const override { return {w_.x.data(), std::size_t(d_)}; }
    double logDensity() const override { return w_.lp; }

private:
    template <class V> static void resize(V& v, int n)
    {
        if constexpr (kD == 0)
            v.assign(std::size_t(n), 0.0);
    }
    int dim() const
    {
        if constexpr (kD > 0)
            return kD;
        else
            return d_;
    }

    // Makes draws × thin proposals, a batch of random numbers at a time, and stores the state
    // after every thin-th. Checks stop once a batch (at most kBatch proposals).
    template <Method M> std::size_t drawLoop(std::size_t draws, int thin, double* out, const std::stop_token& stop)
    {
        const int d = dim();
        Walker w = std::move(w_);
        const std::size_t total = draws * std::size_t(thin);
        std::size_t done = 0, n = 0, accepted = 0;
        int sinceDraw = 0;
        while (done < total && !stop.stop_requested()) {
            if (used_ == batch_)
                refill();
            const int chunk = int(std::min(total - done, std::size_t(batch_ - used_)));
            const double* z = &normals_[std::size_t(used_ * d)];
            const double* u = &uniforms_[std::size_t(used_)];
            for (int j = 0; j < chunk; ++j) {
                accepted += propose<M, false>(w, z + j * d, u[j], nullptr);
                if (++sinceDraw == thin) {
                    sinceDraw = 0;
                    if (out)
                        for (int i = 0; i < d; ++i)
                            out[n * std::size_t(d) + std::size_t(i)] = w.x[std::size_t(i)];
                    ++n;
                }
            }
            used_ += chunk;
            done += std::size_t(chunk);
        }
        w_ = std::move(w);
        proposals_ += done;
        accepted_ += accepted;
        return n;
    }

    // Each proposal takes d normals and one uniform, drawn a batch of proposals ahead: the
    // generator's loop then runs apart from the accept/reject branch, which the CPU
    // mispredicts about half the time, flushing the work it had started. Stepped or drawn in
    // blocks, proposal t uses the same numbers.
    void refill()
    {
        rng_.fillNormals(normals_);
        rng_.fillUniforms({uniforms_.data(), std::size_t(batch_)});
        used_ = 0;
    }

    // One Metropolis–Hastings step: propose y, accept with probability min(1, ratio).
    template <Method M, bool Record> bool propose(Walker& w, const double* z, double u, StepRecord* record)
    {
        const int d = dim();
        double lpy, logRatio;
        if constexpr (M == Method::Mala) {
            // y = x + h∇(x) + εz with h = ε²/2. log q(x|y) − log q(y|x) = (ε²‖z‖² − ‖x − y − h∇(y)‖²)/(2ε²).
            const double h = 0.5 * eps_ * eps_;
            for (int i = 0; i < d; ++i)
                w.y[std::size_t(i)] = w.x[std::size_t(i)] + h * w.gx[std::size_t(i)] + eps_ * z[i];
            lpy = target_.logDensityGradient(w.y, w.gy);
            double forward = 0, backward = 0;
            for (int i = 0; i < d; ++i) {
                const double r = w.x[std::size_t(i)] - w.y[std::size_t(i)] - h * w.gy[std::size_t(i)];
                backward += r * r;
                forward += z[i] * z[i];
            }
            logRatio = lpy - w.lp + 0.5 * forward - backward / (2 * eps_ * eps_);
        } else {
            if constexpr (M == Method::Adaptive)
                adapt();
            for (int i = 0; i < d; ++i) {
                double sum = w.x[std::size_t(i)];
                // All d columns though the upper triangle is 0: GCC unrolls a square loop early
                // enough to keep the walker in registers, the triangular one not.
                for (int k = 0; k < d; ++k)
                    sum += factor_[std::size_t(i * d + k)] * z[k];
                w.y[std::size_t(i)] = sum;
            }
            lpy = target_.logDensity(w.y);
            logRatio = lpy - w.lp;
        }
        const bool accept = logRatio >= 0 || acceptDownhill(u, logRatio);
        if constexpr (Record) {
            record->from.assign(w.x.begin(), w.x.begin() + d);
            record->proposal.assign(w.y.begin(), w.y.begin() + d);
            record->acceptProbability = logRatio >= 0 ? 1.0 : std::isnan(logRatio) ? 0.0 : std::exp(logRatio);
            record->accepted = accept;
        }
        if (accept) {
            std::swap(w.x, w.y);
            w.lp = lpy;
            if constexpr (M == Method::Mala)
                std::swap(w.gx, w.gy);
        }
        if constexpr (M == Method::Adaptive)
            remember(w.x);
        return accept;
    }

    // Haario et al. (2001): proposal t > t₀ has covariance s_d·(Cov(X₀ … X_{t−1}) + ε·I),
    // s_d = 2.38²/d (Gelman, Roberts & Gilks 1996). The history holds t states here.
    void adapt()
    {
        if (history_ <= adaptStart_)
            return;
        const int d = dim();
        const double scaling = 2.38 * 2.38 / d;
        for (int i = 0; i < d; ++i)
            for (int j = 0; j <= i; ++j)
                next_[std::size_t(i * d + j)] = scaling * (m2_[std::size_t(i * d + j)] / double(history_ - 1) +
                                                           (i == j ? adaptEpsilon_ : 0.0));
        if (choleskyLower(next_, d))  // ε = 0 with a flat history: keep the last good factor
            std::swap(factor_, next_);
    }

    // Welford's update of the history's mean and (lower) sum of squared deviations with the
    // current state x: M₂ += (x − old mean)(x − new mean)ᵀ.
    void remember(const Point& x)
    {
        const int d = dim();
        ++history_;
        for (int i = 0; i < d; ++i) {
            delta_[std::size_t(i)] = x[std::size_t(i)] - mean_[std::size_t(i)];
            mean_[std::size_t(i)] += delta_[std::size_t(i)] / double(history_);
        }
        for (int i = 0; i < d; ++i)
            for (int j = 0; j <= i; ++j)
                m2_[std::size_t(i * d + j)] += delta_[std::size_t(i)] * (x[std::size_t(j)] - mean_[std::size_t(j)]);
    }

    const T& target_;
    Method method_;
    int d_, batch_;
    double eps_;
    std::size_t adaptStart_;
    double adaptEpsilon_;
    Walker w_;
    Rng rng_;
    Normals normals_{};
    std::array<double, kBatch> uniforms_{};
    int used_ = 0;  // proposals of the batch made
    // Adaptive Metropolis: the proposal factor it learns, and the history's running moments.
    Square factor_{}, next_{}, m2_{};  // next_: where the new factor is built
    Point mean_{}, delta_{};
    std::size_t history_ = 1;  // X₀ to begin with
};

} // namespace mlwb::mcmc::detail
