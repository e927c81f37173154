#pragma once
// A data matrix centred and scaled, X_c = (x − 1·mean)·diag(1/scale), multiplied with thin
// matrices without being formed: forming it would write a copy as large as the data (41 MB
// for 20000 × 256) in a pass over memory that costs a third of a power iteration. The price is
// cancellation, digits lost in proportion to |mean| / spread, which the top components a
// randomized PCA is after do not notice.
#include <Eigen/Core>

namespace mlwb::linalg {

class CentredOperator {
public:
    // mean and scale: one entry per column of x. x must outlive the operator.
    CentredOperator(Eigen::Ref<const Eigen::MatrixXd> x, Eigen::RowVectorXd mean, Eigen::RowVectorXd scale);
    // x itself.
    explicit CentredOperator(Eigen::Ref<const Eigen::MatrixXd> x);

    Eigen::Index rows() const { return x_.rows(); }
    Eigen::Index cols() const { return x_.cols(); }

    // X_c · z.
    Eigen::MatrixXd times(const Eigen::MatrixXd& z) const;
    // X_cᵀ · (X_c · z), reading x once: a chunk of rows at a time, both products while the
    // chunk is in cache, the chunks shared by the pool's threads and summed in order.
    Eigen::MatrixXd gramTimes(const Eigen::MatrixXd& z) const;

private:
    Eigen::Ref<const Eigen::MatrixXd> x_;
    Eigen::RowVectorXd mean_, scale_;
};

} // namespace mlwb::linalg
