#include "linalg/checks.h"

#include "core/input_error.h"

#include <cmath>
#include <fmt/format.h>

namespace mlwb::linalg {

std::string columnLabel(Eigen::Index column, std::span<const std::string> names)
{
    if (column >= 0 && std::size_t(column) < names.size() && !names[std::size_t(column)].empty())
        return fmt::format("column {} ({})", column, names[std::size_t(column)]);
    return fmt::format("column {}", column);
}

void requireFinite(const Eigen::MatrixXd& x, std::span<const std::string> names, std::string_view what)
{
    if (x.allFinite())
        return;
    for (Eigen::Index i = 0; i < x.rows(); ++i)
        for (Eigen::Index j = 0; j < x.cols(); ++j)
            if (!std::isfinite(x(i, j)))
                throw InputError(fmt::format("{} needs complete, finite data: {}, row {} is {}; impute or drop the "
                                             "missing values first",
                                             what, columnLabel(j, names), i, std::isnan(x(i, j)) ? "NaN" : "infinite"));
}

void requireClusterCount(int clusters, Eigen::Index points)
{
    if (clusters < 1 || clusters >= points)
        throw InputError(fmt::format("cannot make {} clusters of {} points: k must be at least 1 and smaller than the "
                                     "number of points",
                                     clusters, points));
}

} // namespace mlwb::linalg
