#include "mcmc_lab/targets.h"

#include "common/tensor_charts.h"
#include "core/input_error.h"
#include "data/numeric_table.h"
#include "mcmc/targets2d.h"

#include <QFile>

#include <cmath>
#include <mutex>

namespace mlwb::labs::mcmclab {

QList<ui::Parameter> targetParameters(const QStringList& targets)
{
    return {ui::Parameter::choice("target", "Target", targets, targets.front(),
                                  "gaussian: correlated; banana: a curved valley; bimodal: two modes; donut: a ring; "
                                  "funnel: Neal's funnel, a neck too narrow for one step size"),
            ui::Parameter::real("correlation", "Correlation (Gaussian)", 0.9, -0.99, 0.99, false, 2)};
}

std::unique_ptr<mcmc::Target> makeTarget(const QString& name, double correlation)
{
    if (name == "banana")
        return std::make_unique<mcmc::Banana>(mcmc::Banana::Options{});
    if (name == "bimodal")
        return std::make_unique<mcmc::BimodalMixture>(mcmc::BimodalMixture::Options{});
    if (name == "donut")
        return std::make_unique<mcmc::Donut>(mcmc::Donut::Options{});
    if (name == "funnel")
        return std::make_unique<mcmc::NealsFunnel>();
    return std::make_unique<mcmc::CorrelatedGaussian>(correlation);
}

std::unique_ptr<mcmc::Target> makeTarget(ui::RunContext& ctx)
{
    return makeTarget(ctx.choice("target"), ctx.real("correlation"));
}

mcmc::Grid2D regionOf(const mcmc::Target& target)
{
    const QString name = qs(target.name());
    if (name == "banana")
        return {.xMin = -7, .xMax = 7, .yMin = -5, .yMax = 10};
    if (name == "bimodal mixture")
        return {.xMin = -6, .xMax = 6, .yMin = -4, .yMax = 4};
    if (name == "Neal's funnel")
        return {.xMin = -12, .xMax = 12, .yMin = -9, .yMax = 9};
    return {.xMin = -4, .xMax = 4, .yMin = -4, .yMax = 4};
}

ui::FieldSpec densityField(const mcmc::Target& target, const mcmc::Grid2D& region)
{
    mcmc::Grid2D grid = region;
    grid.nx = grid.ny = 201;
    const Eigen::MatrixXd logDensity = mcmc::logDensityGrid(target, grid);
    const double top = logDensity.maxCoeff();
    ui::FieldSpec f;
    f.nx = grid.nx;
    f.ny = grid.ny;
    f.xmin = grid.xMin;
    f.xmax = grid.xMax;
    f.ymin = grid.yMin;
    f.ymax = grid.yMax;
    f.values.resize(std::size_t(grid.nx) * std::size_t(grid.ny));
    for (int iy = 0; iy < grid.ny; ++iy)
        for (int ix = 0; ix < grid.nx; ++ix)
            f.values[std::size_t(iy) * std::size_t(grid.nx) + std::size_t(ix)] = std::exp(logDensity(iy, ix) - top);
    f.bands = 8;
    f.fromWhite = true;
    f.colorBarTitle = "density / peak";
    return f;
}

ui::ChartSpec planeChart(const QString& id, const QString& title, const mcmc::Target& target)
{
    const mcmc::Grid2D r = regionOf(target);
    const auto names = target.parameterNames();
    ui::ChartSpec c;
    c.id = id;
    c.title = title;
    c.x = {qs(names[0]), false, r.xMin, r.xMax};
    c.y = {qs(names[1]), false, r.yMin, r.yMax};
    c.field = densityField(target, r);
    return c;
}

const Diabetes& diabetes()
{
    static Diabetes d;
    static std::once_flag once;
    std::call_once(once, [] {
        QFile file(QStringLiteral(":/datasets/diabetes.csv"));
        if (!file.open(QIODevice::ReadOnly))
            throw std::runtime_error("the bundled data set diabetes.csv is missing from the program's resources");
        const QByteArray text = file.readAll();
        const auto table = data::parseNumericCsv(std::string_view(text.constData(), std::size_t(text.size())), "diabetes.csv");
        const Eigen::MatrixXd z = mcmc::standardizeColumns(table.values);
        for (std::size_t j = 0; j < table.columns.size(); ++j) {
            if (table.columns[j] == "progression")
                d.y = z.col(Eigen::Index(j));
            else
                d.names.push_back(table.columns[j]);
        }
        d.x.resize(z.rows(), Eigen::Index(d.names.size()));
        Eigen::Index k = 0;
        for (std::size_t j = 0; j < table.columns.size(); ++j)
            if (table.columns[j] != "progression")
                d.x.col(k++) = z.col(Eigen::Index(j));
    });
    return d;
}

} // namespace mlwb::labs::mcmclab
