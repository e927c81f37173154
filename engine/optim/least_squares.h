#pragma once
#include "data/numeric_table.h"
#include "optim/minimize.h"

#include <cstdint>
#include <span>
#include <string_view>

namespace mlwb::optim {

// f(w) = 1/(2n) ‖Xw − y‖². X should already contain a column of ones for the intercept.
class LeastSquares final : public Objective {
public:
    LeastSquares(Eigen::MatrixXd x, Eigen::VectorXd y);
    std::string name() const override { return "least squares"; }
    int dimension() const override { return static_cast<int>(x_.cols()); }
    int samples() const { return static_cast<int>(x_.rows()); }
    double value(const Vec& w) const override;
    Vec gradient(const Vec& w) const override;
    // Gradient of 1/(2|B|) Σ_{i∈B} (x_iᵀw − y_i)² over the given rows.
    Vec batchGradient(const Vec& w, std::span<const int> rows) const;
    // Minimiser from the normal equations (solved by a QR decomposition).
    Vec closedFormSolution() const;

private:
    Eigen::MatrixXd x_;
    Eigen::VectorXd y_;
};

// Features and target standardised to mean 0, standard deviation 1 (population std),
// a leading column of ones added for the intercept. Column names follow: "intercept", ...
struct RegressionProblem {
    LeastSquares objective;
    std::vector<std::string> featureNames;  // with "intercept" first
};
RegressionProblem standardizedRegression(const data::NumericTable& table, std::string_view target);

struct MiniBatchOptions {
    int batchSize = 32;  // 1 = stochastic, ≥ samples = full batch
    int epochs = 20;
    std::uint64_t seed = 1;  // shuffles the rows each epoch
    double divergenceFactor = 1e8;
};

struct MiniBatchResult {
    std::vector<double> epochs;  // fractional epoch after each update (0 = start)
    std::vector<double> loss;    // full-data loss after each update
    Vec weights;
    bool diverged = false;
    int divergedAt = -1;  // update index
    double divergedValue = 0.0;
    bool stopped = false;
    std::string divergenceMessage() const;  // same wording as MinimizeResult's
};

// Called after every update with (epoch as a fraction, full-data loss); true stops.
using TrainingCallback = std::function<bool(double epoch, double loss)>;

MiniBatchResult trainMiniBatch(const LeastSquares& f, Optimizer& opt, const Vec& start,
                               const MiniBatchOptions& options,
                               const TrainingCallback& onUpdate = {}, std::stop_token stop = {});

} // namespace mlwb::optim
