#pragma once
// The MCMC lab's 2-D targets as the steps choose them, the region of the plane each is drawn
// over, its density as a contour field, and the diabetes regression posterior.
#include "chart_spec.h"
#include "mcmc/regression.h"
#include "mcmc/target.h"
#include "run_context.h"

#include <memory>

namespace mlwb::labs::mcmclab {

// The `target` and `correlation` parameters (choices: the given ones, the first the default).
QList<ui::Parameter> targetParameters(const QStringList& targets);
// The target ctx's parameters name; InputError for an impossible correlation.
std::unique_ptr<mcmc::Target> makeTarget(ui::RunContext& ctx);
std::unique_ptr<mcmc::Target> makeTarget(const QString& name, double correlation);

// Where most of a 2-D target's mass lies, for the plane and the starting points.
mcmc::Grid2D regionOf(const mcmc::Target& target);
// The target's density (not its log) sampled over the region, drawn as filled bands.
ui::FieldSpec densityField(const mcmc::Target& target, const mcmc::Grid2D& region);
// An empty plane over the region with the density underneath, for points to stream into.
ui::ChartSpec planeChart(const QString& id, const QString& title, const mcmc::Target& target);

// diabetes.csv: the ten features and the target, each standardized (z-scores, population sd).
struct Diabetes {
    Eigen::MatrixXd x;
    Eigen::VectorXd y;
    std::vector<std::string> names;
};
const Diabetes& diabetes();

} // namespace mlwb::labs::mcmclab
