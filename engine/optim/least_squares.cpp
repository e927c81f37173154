#include "optim/least_squares.h"

#include "core/input_error.h"

#include <Eigen/QR>
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <numeric>
#include <random>

namespace mlwb::optim {

LeastSquares::LeastSquares(Eigen::MatrixXd x, Eigen::VectorXd y) : x_(std::move(x)), y_(std::move(y))
{
    if (x_.rows() != y_.size())
        throw InputError(fmt::format("least squares: X has {} rows but y has {} values",
                                     x_.rows(), y_.size()));
    if (x_.rows() == 0 || x_.cols() == 0)
        throw InputError(fmt::format("least squares: X is empty ({} × {})", x_.rows(), x_.cols()));
}

double LeastSquares::value(const Vec& w) const
{
    return (x_ * w - y_).squaredNorm() / (2.0 * static_cast<double>(x_.rows()));
}

Vec LeastSquares::gradient(const Vec& w) const
{
    return x_.transpose() * (x_ * w - y_) / static_cast<double>(x_.rows());
}

Vec LeastSquares::batchGradient(const Vec& w, std::span<const int> rows) const
{
    if (rows.empty())
        throw InputError("least squares: a mini-batch needs at least one row");
    Vec g = Vec::Zero(x_.cols());
    for (int i : rows)
        g += (x_.row(i).dot(w) - y_(i)) * x_.row(i).transpose();
    return g / static_cast<double>(rows.size());
}

Vec LeastSquares::closedFormSolution() const
{
    return x_.colPivHouseholderQr().solve(y_);
}

namespace {

// Returns (column − mean) / population std; a constant column cannot be standardised.
Eigen::VectorXd standardized(const Eigen::VectorXd& column, std::string_view name)
{
    const double mean = column.mean();
    const Eigen::VectorXd centred = column.array() - mean;
    const double deviation = std::sqrt(centred.squaredNorm() / static_cast<double>(column.size()));
    if (deviation <= 1e-12 * std::max(1.0, std::abs(mean)))
        throw InputError(fmt::format("column \"{}\" is constant (every value is {:g}), so it "
                                     "cannot be standardised; leave it out",
                                     name, column(0)));
    return centred / deviation;
}

} // namespace

RegressionProblem standardizedRegression(const data::NumericTable& table, std::string_view target)
{
    const int targetColumn = table.column(target);
    const Eigen::Index rows = table.values.rows();
    if (rows < 2)
        throw InputError(fmt::format("regression on \"{}\" needs at least 2 rows, the table has {}",
                                     target, rows));
    const auto features = static_cast<Eigen::Index>(table.columns.size()) - 1;
    Eigen::MatrixXd x(rows, features + 1);
    x.col(0).setOnes();
    std::vector<std::string> names{"intercept"};
    for (int c = 0, j = 1; c < static_cast<int>(table.columns.size()); ++c) {
        if (c == targetColumn)
            continue;
        const std::string& name = table.columns[static_cast<std::size_t>(c)];
        x.col(j++) = standardized(table.values.col(c), name);
        names.push_back(name);
    }
    Eigen::VectorXd y = standardized(table.values.col(targetColumn), target);
    return {LeastSquares(std::move(x), std::move(y)), std::move(names)};
}

std::string MiniBatchResult::divergenceMessage() const
{
    if (!diverged)
        return {};
    return fmt::format("diverged at iteration {}: loss {}", divergedAt, shortScientific(divergedValue));
}

MiniBatchResult trainMiniBatch(const LeastSquares& f, Optimizer& opt, const Vec& start,
                               const MiniBatchOptions& options, const TrainingCallback& onUpdate,
                               std::stop_token stop)
{
    if (options.batchSize < 1)
        throw InputError(fmt::format("batch size must be at least 1, got {}", options.batchSize));
    if (options.epochs < 0)
        throw InputError(fmt::format("epochs must not be negative, got {}", options.epochs));
    if (start.size() != f.dimension())
        throw InputError(fmt::format("start point has {} weights, the model has {}", start.size(),
                                     f.dimension()));

    const int n = f.samples();
    const int batchSize = std::min(options.batchSize, n);
    const int batchesPerEpoch = (n + batchSize - 1) / batchSize;
    std::vector<int> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 rng(options.seed);

    MiniBatchResult result;
    opt.reset();
    result.weights = start;
    const double loss0 = f.value(start);
    const double limit = options.divergenceFactor * std::max(1.0, std::abs(loss0));
    result.epochs.push_back(0.0);
    result.loss.push_back(loss0);

    Vec w = start;
    int update = 0;
    for (int epoch = 0; epoch < options.epochs; ++epoch) {
        std::shuffle(order.begin(), order.end(), rng);
        for (int b = 0; b < batchesPerEpoch; ++b) {
            if (stop.stop_requested()) {
                result.stopped = true;
                return result;
            }
            const int first = b * batchSize;
            const std::span<const int> rows(order.data() + first,
                                            static_cast<std::size_t>(std::min(batchSize, n - first)));
            opt.step(w, [&](const Vec& p) { return f.batchGradient(p, rows); });
            ++update;
            const double loss = f.value(w);
            if (!std::isfinite(loss) || loss > limit) {
                result.diverged = true;
                result.divergedAt = update;
                result.divergedValue = loss;
                return result;
            }
            const double progress = epoch + static_cast<double>(b + 1) / batchesPerEpoch;
            result.weights = w;
            result.epochs.push_back(progress);
            result.loss.push_back(loss);
            if (onUpdate && onUpdate(progress, loss)) {
                result.stopped = true;
                return result;
            }
        }
    }
    return result;
}

} // namespace mlwb::optim
