#pragma once
// Charts and numbers the steps of the PCA lab share.
#include "chart_spec.h"
#include "linalg/pca.h"

#include <Eigen/Core>
#include <QJsonArray>
#include <QString>

#include <string>
#include <vector>

namespace mlwb::labs::pcalab {

// Scatter of the two columns of `xy` (rows: points), one series per class in its palette
// colour, or one series when `classes` is empty.
ui::ChartSpec scatterByClass(const QString& id, const QString& title, const Eigen::MatrixXd& xy,
                             const std::vector<int>& classes, const std::vector<std::string>& classNames,
                             const QString& xTitle, const QString& yTitle);

// Each component's explained variance ratio (points) and the running total (line), over
// component 1 … n, with a horizontal line at `threshold` and a vertical one at `chosen` when > 0.
ui::ChartSpec screeChart(const QString& id, const QString& title, const Eigen::VectorXd& ratios, double threshold = 0,
                         int chosen = 0);

// A fitted PCA's every component's explained variance ratio: allExplainedVariance / totalVariance.
Eigen::VectorXd allRatios(const linalg::Pca& pca);

// The leading components of non-zero variance (above 1e-12 of the total: below is rounding
// of a zero, from constant columns or fewer rows than columns). The axes of the others are any
// orthonormal basis of the null space, so two routes rightly pick different ones.
Eigen::Index definedComponents(const linalg::Pca& pca);

// The largest |a − b| over the entries of two PCA fits' components and scores: how far two
// routes to the same PCA disagree, over the defined components.
double maxDifference(const linalg::PcaFit& a, const linalg::PcaFit& b);

QJsonArray jsonArray(const Eigen::VectorXd& v);

// "37.2%"
QString percent(double fraction, int decimals = 1);

} // namespace mlwb::labs::pcalab
