#include "linalg/toy_data.h"

#include "core/input_error.h"
#include "linalg/products.h"
#include "linalg/random.h"

#include <fmt/format.h>

#include <numbers>
#include <utility>

namespace mlwb::linalg {

using Eigen::Index;
using Eigen::MatrixXd;

namespace {

void requireSamples(int samples, double noise)
{
    if (samples < 1)
        throw InputError(fmt::format("the number of samples must be at least 1, not {}", samples));
    if (!(noise >= 0))
        throw InputError(fmt::format("the noise cannot be negative ({})", noise));
}

// Fisher–Yates over the rows and labels together, then the noise: as scikit-learn orders it.
void shuffleAndJitter(LabeledPoints& d, double noise, Rng& rng)
{
    for (Index i = d.points.rows() - 1; i > 0; --i) {
        const auto j = Index(uniformIndex(rng, std::uint64_t(i + 1)));
        d.points.row(i).swap(d.points.row(j));
        std::swap(d.labels[std::size_t(i)], d.labels[std::size_t(j)]);
    }
    for (Index j = 0; j < d.points.cols(); ++j)
        for (Index i = 0; i < d.points.rows(); ++i)
            d.points(i, j) += noise * standardNormal(rng);
}

// n angles evenly from 0 to `end`, with end itself when `closed`.
double angle(Index i, Index n, double end, bool closed)
{
    const Index steps = closed ? n - 1 : n;
    return steps == 0 ? 0.0 : end * double(i) / double(steps);
}

} // namespace

LabeledPoints makeMoons(int samples, double noise, std::uint64_t seed)
{
    requireSamples(samples, noise);
    const Index outer = samples / 2, inner = samples - outer;
    LabeledPoints d{MatrixXd(samples, 2), std::vector<int>(std::size_t(samples), 0)};
    for (Index i = 0; i < outer; ++i) {
        const double t = angle(i, outer, std::numbers::pi, true);
        d.points.row(i) << std::cos(t), std::sin(t);
    }
    for (Index i = 0; i < inner; ++i) {
        const double t = angle(i, inner, std::numbers::pi, true);
        d.points.row(outer + i) << 1 - std::cos(t), 1 - std::sin(t) - 0.5;
        d.labels[std::size_t(outer + i)] = 1;
    }
    Rng rng(seed);
    shuffleAndJitter(d, noise, rng);
    return d;
}

LabeledPoints makeCircles(int samples, double noise, double factor, std::uint64_t seed)
{
    requireSamples(samples, noise);
    if (!(factor > 0 && factor < 1))
        throw InputError(fmt::format("the inner circle's radius factor must lie in (0, 1), not {}", factor));
    const Index outer = samples / 2, inner = samples - outer;
    LabeledPoints d{MatrixXd(samples, 2), std::vector<int>(std::size_t(samples), 0)};
    for (Index i = 0; i < outer; ++i) {
        const double t = angle(i, outer, 2 * std::numbers::pi, false);
        d.points.row(i) << std::cos(t), std::sin(t);
    }
    for (Index i = 0; i < inner; ++i) {
        const double t = angle(i, inner, 2 * std::numbers::pi, false);
        d.points.row(outer + i) << factor * std::cos(t), factor * std::sin(t);
        d.labels[std::size_t(outer + i)] = 1;
    }
    Rng rng(seed);
    shuffleAndJitter(d, noise, rng);
    return d;
}

LabeledPoints makeBlobs(int samples, int centers, double spread, int features, std::uint64_t seed)
{
    requireSamples(samples, spread);
    if (centers < 1 || features < 1)
        throw InputError(fmt::format("blobs need at least one centre and one feature, not {} and {}", centers,
                                     features));
    Rng rng(seed);
    MatrixXd centres(centers, features);
    for (Index j = 0; j < features; ++j)
        for (Index c = 0; c < centers; ++c)
            centres(c, j) = -10.0 + 20.0 * uniform01(rng);
    LabeledPoints d{MatrixXd(samples, features), std::vector<int>(std::size_t(samples))};
    for (Index i = 0, c = 0; c < centers; ++c)
        for (Index count = samples / centers + (c < samples % centers ? 1 : 0); count > 0; --count, ++i) {
            d.points.row(i) = centres.row(c);
            d.labels[std::size_t(i)] = int(c);
        }
    shuffleAndJitter(d, spread, rng);
    return d;
}

MatrixXd lowRankPlusNoise(Index rows, Index cols, int rank, double noise, std::uint64_t seed)
{
    if (rows < 1 || cols < 1 || rank < 0 || rank > std::min(rows, cols) || !(noise >= 0))
        throw InputError(fmt::format("a {} × {} matrix cannot have rank {} and noise {}", rows, cols, rank, noise));
    Rng rng(seed);
    MatrixXd z(rows, rank), w(cols, rank), x(rows, cols);
    for (MatrixXd* m : {&z, &w, &x})
        for (Index j = 0; j < m->cols(); ++j)
            for (Index i = 0; i < m->rows(); ++i)
                (*m)(i, j) = standardNormal(rng);
    x *= noise;
    if (rank > 0)
        x += product(z, w.transpose());
    return x;
}

} // namespace mlwb::linalg
