#include "linalg/svd_flip.h"

#include <cassert>

namespace mlwb::linalg {

void flipSigns(Eigen::Ref<Eigen::MatrixXd> decides, Eigen::Ref<Eigen::MatrixXd> follows)
{
    assert(decides.cols() == follows.cols());
    for (Eigen::Index j = 0; j < decides.cols(); ++j) {
        if (decides.rows() == 0)
            return;
        const double largest = decides.col(j).cwiseAbs().maxCoeff();
        Eigen::Index i = 0;
        while (std::abs(decides(i, j)) < largest * (1.0 - 1e-9))
            ++i;
        if (decides(i, j) < 0) {
            decides.col(j) = -decides.col(j);
            follows.col(j) = -follows.col(j);
        }
    }
}

} // namespace mlwb::linalg
