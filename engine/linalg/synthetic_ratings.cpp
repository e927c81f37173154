#include "linalg/synthetic_ratings.h"

#include "core/input_error.h"
#include "linalg/random.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

namespace mlwb::linalg {

using Eigen::Index;

SyntheticRatings syntheticRatings(const SyntheticRatingsOptions& o)
{
    if (o.users < 1 || o.items < 1 || o.rank < 1 || o.rank > std::min(o.users, o.items))
        throw InputError(fmt::format("a ratings matrix needs at least one user and item and a rank between 1 and "
                                     "min(users, items); got {} users, {} items, rank {}",
                                     o.users, o.items, o.rank));
    if (!(o.noise >= 0))
        throw InputError(fmt::format("the noise cannot be negative ({})", o.noise));
    for (const double f : {o.observedFraction, o.heldOutFraction})
        if (!(f >= 0 && f <= 1))
            throw InputError(fmt::format("fractions must lie in [0, 1], not {}", f));
    Rng rng(o.seed);
    SyntheticRatings s;
    // Each truth entry sums rank products of two N(0, rank^-1/2) factors: variance 1.
    const double spread = std::pow(double(o.rank), -0.25);
    for (Eigen::MatrixXd* f : {&s.userFactors, &s.itemFactors}) {
        f->resize(f == &s.userFactors ? o.users : o.items, o.rank);
        for (Index j = 0; j < f->cols(); ++j)
            for (Index i = 0; i < f->rows(); ++i)
                (*f)(i, j) = spread * standardNormal(rng);
    }
    s.truth = s.userFactors * s.itemFactors.transpose();
    s.ratings.setConstant(o.users, o.items, std::numeric_limits<double>::quiet_NaN());
    s.train.setConstant(o.users, o.items, false);
    s.heldOut.setConstant(o.users, o.items, false);
    for (Index j = 0; j < o.items; ++j)
        for (Index i = 0; i < o.users; ++i) {
            if (uniform01(rng) >= o.observedFraction)
                continue;
            s.ratings(i, j) = s.truth(i, j) + o.noise * standardNormal(rng);
            (uniform01(rng) < o.heldOutFraction ? s.heldOut : s.train)(i, j) = true;
        }
    return s;
}

} // namespace mlwb::linalg
