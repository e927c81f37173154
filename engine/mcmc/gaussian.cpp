#include "mcmc/gaussian.h"

#include "core/input_error.h"

#include <Eigen/Cholesky>
#include <fmt/format.h>

namespace mlwb::mcmc {

Gaussian::Gaussian(Eigen::VectorXd mean, Eigen::MatrixXd covariance)
    : mean_(std::move(mean)), covariance_(std::move(covariance))
{
    if (mean_.size() == 0)
        throw InputError("Gaussian: the mean is empty; a target needs at least one parameter");
    if (covariance_.rows() != mean_.size() || covariance_.cols() != mean_.size())
        throw InputError(fmt::format("Gaussian: the covariance is {} × {} but the mean has {} values",
                                     covariance_.rows(), covariance_.cols(), mean_.size()));
    const Eigen::LLT<Eigen::MatrixXd> llt(covariance_);
    if (llt.info() != Eigen::Success || !covariance_.isApprox(covariance_.transpose()))
        throw InputError("Gaussian: the covariance must be symmetric and positive definite");
    precision_ = llt.solve(Eigen::MatrixXd::Identity(mean_.size(), mean_.size()));
}

Gaussian Gaussian::standard(int dimension)
{
    if (dimension < 1)
        throw InputError(fmt::format("Gaussian: the dimension must be at least 1, got {}", dimension));
    return Gaussian(Eigen::VectorXd::Zero(dimension), Eigen::MatrixXd::Identity(dimension, dimension));
}

std::vector<std::string> Gaussian::parameterNames() const
{
    std::vector<std::string> names;
    for (Eigen::Index i = 0; i < mean_.size(); ++i)
        names.push_back(fmt::format("x{}", i + 1));
    return names;
}

} // namespace mlwb::mcmc
