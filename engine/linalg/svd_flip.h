#pragma once
// The sign convention of scikit-learn's svd_flip, under which PCA's two routes and
// scikit-learn give the same components rather than sign-flipped ones. PCA decides by the
// components (flipSigns(v, u): u_based_decision=False, as scikit-learn's PCA since 1.5);
// a plain SVD by u (flipSigns(u, v): svd_flip's default).
#include <Eigen/Core>

namespace mlwb::linalg {

// Makes the entry of largest magnitude in each column of `decides` positive, flipping the same
// column of `follows` with it.
// Entries within a relative 1e-9 of the largest count as tied and the first of them decides,
// so results that differ only by rounding (the two PCA routes) choose the same entry.
void flipSigns(Eigen::Ref<Eigen::MatrixXd> decides, Eigen::Ref<Eigen::MatrixXd> follows);

} // namespace mlwb::linalg
