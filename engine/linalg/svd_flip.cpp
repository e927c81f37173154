#include "linalg/svd_flip.h"

#include <cassert>

namespace mlwb::linalg {

void flipSigns(Eigen::Ref<Eigen::MatrixXd> u, Eigen::Ref<Eigen::MatrixXd> v)
{
    assert(u.cols() == v.cols());
    for (Eigen::Index j = 0; j < u.cols(); ++j) {
        if (u.rows() == 0)
            return;
        const double largest = u.col(j).cwiseAbs().maxCoeff();
        Eigen::Index i = 0;
        while (std::abs(u(i, j)) < largest * (1.0 - 1e-9))
            ++i;
        if (u(i, j) < 0) {
            u.col(j) = -u.col(j);
            v.col(j) = -v.col(j);
        }
    }
}

} // namespace mlwb::linalg
