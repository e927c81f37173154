#include "mcmc/target.h"

#include "core/input_error.h"

#include <fmt/format.h>
#include <stdexcept>

namespace mlwb::mcmc {

double Target::logDensityGradient(std::span<const double>, std::span<double>) const
{
    throw std::logic_error(name() + " has no gradient");  // samplers check hasGradient() first
}

Eigen::MatrixXd logDensityGrid(const Target& target, const Grid2D& grid)
{
    if (target.dimension() != 2)
        throw InputError(fmt::format("a density grid needs a 2-parameter target; {} has {}", target.name(),
                                     target.dimension()));
    if (grid.nx < 2 || grid.ny < 2)
        throw InputError(fmt::format("a density grid needs at least 2 × 2 points, got {} × {}", grid.nx, grid.ny));
    if (!(grid.xMax > grid.xMin) || !(grid.yMax > grid.yMin))
        throw InputError(fmt::format("a density grid needs xMin < xMax and yMin < yMax, got x [{}, {}], y [{}, {}]",
                                     grid.xMin, grid.xMax, grid.yMin, grid.yMax));
    Eigen::MatrixXd values(grid.ny, grid.nx);
    const double dx = (grid.xMax - grid.xMin) / (grid.nx - 1);
    const double dy = (grid.yMax - grid.yMin) / (grid.ny - 1);
    for (int iy = 0; iy < grid.ny; ++iy)
        for (int ix = 0; ix < grid.nx; ++ix) {
            const double p[2] = {grid.xMin + ix * dx, grid.yMin + iy * dy};
            values(iy, ix) = target.logDensity(p);
        }
    return values;
}

} // namespace mlwb::mcmc
