#pragma once
// The sign convention of scikit-learn's svd_flip (u_based_decision=True), under which PCA's
// two routes and scikit-learn give the same components rather than sign-flipped ones.
#include <Eigen/Core>

namespace mlwb::linalg {

// Makes the entry of largest magnitude in each column of u positive, flipping the same column
// of v with it (u: left singular vectors, or scores u·diag(s); v: right singular vectors).
// Entries within a relative 1e-9 of the largest count as tied and the first of them decides,
// so results that differ only by rounding (the two PCA routes) choose the same entry.
void flipSigns(Eigen::Ref<Eigen::MatrixXd> u, Eigen::Ref<Eigen::MatrixXd> v);

} // namespace mlwb::linalg
