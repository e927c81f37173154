#include "linalg/completion.h"

#include "core/input_error.h"
#include "core/parallel_pieces.h"
#include "linalg/random.h"

#include <Eigen/Cholesky>
#include <fmt/format.h>

#include <cmath>
#include <limits>

namespace mlwb::linalg {

using Eigen::Index;
using Eigen::MatrixXd;

namespace {

void validate(const MatrixXd& ratings, const Mask& train, const Mask& heldOut, const AlsOptions& o)
{
    const Index users = ratings.rows(), items = ratings.cols();
    for (const Mask* mask : {&train, &heldOut})
        if (mask->rows() != users || mask->cols() != items)
            throw InputError(fmt::format("the ratings are {} × {} but a mask is {} × {}", users, items, mask->rows(),
                                         mask->cols()));
    if ((train && heldOut).any())
        throw InputError("an entry cannot be both trained on and held out");
    if (!train.any())
        throw InputError("there are no ratings to train on");
    if (o.rank < 1 || o.rank > std::min(users, items))
        throw InputError(fmt::format("the rank must be between 1 and {} (the smaller side of {} users × {} items), "
                                     "not {}",
                                     std::min(users, items), users, items, o.rank));
    if (!(o.l2 >= 0))
        throw InputError(fmt::format("the L2 penalty cannot be negative ({})", o.l2));
    for (Index j = 0; j < items; ++j)
        for (Index i = 0; i < users; ++i)
            if ((train(i, j) || heldOut(i, j)) && !std::isfinite(ratings(i, j)))
                throw InputError(fmt::format("the rating of user (row) {} for item (column) {} is {}", i, j,
                                             ratings(i, j)));
}

// For each row of the mask, the columns it marks.
std::vector<std::vector<Index>> marked(const Mask& mask)
{
    std::vector<std::vector<Index>> lists(std::size_t(mask.rows()));
    for (Index j = 0; j < mask.cols(); ++j)
        for (Index i = 0; i < mask.rows(); ++i)
            if (mask(i, j))
                lists[std::size_t(i)].push_back(j);
    return lists;
}

// Each row x of `solved` minimises Σⱼ (r(row, j) − x·fixedⱼ)² + l2‖x‖² over its marked j:
// (Fᵀ F + l2·I) x = Fᵀ r, a k × k system per row. A row with nothing marked gets 0.
template <class Ratings>
void solveRows(const Ratings& r, const std::vector<std::vector<Index>>& marks, const MatrixXd& fixed, double l2,
               MatrixXd& solved)
{
    const Index k = fixed.cols();
    forEachIndex(solved.rows(), 16, [&](Index row) {
        MatrixXd a = l2 * MatrixXd::Identity(k, k);
        Eigen::VectorXd b = Eigen::VectorXd::Zero(k);
        for (const Index j : marks[std::size_t(row)]) {
            a.selfadjointView<Eigen::Lower>().rankUpdate(fixed.row(j).transpose());
            b += r(row, j) * fixed.row(j).transpose();
        }
        // Semi-definite without a penalty: LDLT copes where LLT would not (a user with fewer
        // ratings than k). Its solution is then one of many.
        solved.row(row) = a.selfadjointView<Eigen::Lower>().ldlt().solve(b).transpose();
    });
}

} // namespace

double maskedRmse(const MatrixXd& a, const MatrixXd& b, const Mask& mask)
{
    const Index count = mask.count();
    if (count == 0)
        return std::numeric_limits<double>::quiet_NaN();
    return std::sqrt(mask.select((a - b).array().square(), 0.0).sum() / double(count));
}

Completion completeAls(const MatrixXd& ratings, const Mask& train, const Mask& heldOut, const AlsOptions& options,
                       const CompletionCallback& onIteration)
{
    validate(ratings, train, heldOut, options);
    const Index users = ratings.rows(), items = ratings.cols(), k = options.rank;
    const auto byUser = marked(train);
    const Mask trainT = train.transpose();
    const auto byItem = marked(trainT);
    const auto ratingsT = ratings.transpose();

    Completion c;
    c.userFactors.resize(users, k);
    c.itemFactors.resize(items, k);
    Rng rng(options.seed);
    const double spread = 1.0 / std::sqrt(double(k));
    for (Index j = 0; j < k; ++j)
        for (Index i = 0; i < items; ++i)
            c.itemFactors(i, j) = spread * standardNormal(rng);
    for (int it = 1; it <= options.iterations; ++it) {
        solveRows(ratings, byUser, c.itemFactors, options.l2, c.userFactors);
        solveRows(ratingsT, byItem, c.userFactors, options.l2, c.itemFactors);
        const MatrixXd predicted = c.predictions();
        c.trainRmse.push_back(maskedRmse(ratings, predicted, train));
        // The ratings outside both masks may be NaN: they are masked out, not multiplied by 0.
        c.heldOutRmse.push_back(maskedRmse(ratings, predicted, heldOut));
        if (onIteration && onIteration(it, c.trainRmse.back(), c.heldOutRmse.back())) {
            c.stopped = it < options.iterations;
            break;
        }
    }
    return c;
}

} // namespace mlwb::linalg
