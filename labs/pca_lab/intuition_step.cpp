// Step 1: a correlated 2-D cloud and its principal axes: the directions of largest spread,
// each drawn as long as two standard deviations along it, and the cloud in their coordinates.
#include "pca_lab/charts.h"
#include "pca_lab/steps.h"
#include "run_context.h"

#include <cmath>
#include <numbers>
#include <random>

namespace mlwb::labs::pcalab {

namespace {

constexpr double kArrowSds = 2;  // arrows two standard deviations long: they reach past the dense core

// The ellipse of points `sds` standard deviations from the mean along the principal axes.
ui::SeriesSpec ellipse(const linalg::Pca& pca, double sds)
{
    ui::SeriesSpec s{.name = QStringLiteral("%1 sd along each axis").arg(sds), .kind = ui::SeriesSpec::Kind::Line,
                     .colorIndex = 7, .width = 1.5, .dashed = true};
    for (int i = 0; i <= 120; ++i) {
        const double t = 2 * std::numbers::pi * i / 120;
        const Eigen::RowVector2d p = pca.mean + sds * (std::cos(t) * std::sqrt(pca.explainedVariance[0]) * pca.components.row(0) +
                                                       std::sin(t) * std::sqrt(pca.explainedVariance[1]) * pca.components.row(1));
        s.points << QPointF(p[0], p[1]);
    }
    return s;
}

void run(ui::RunContext& ctx)
{
    const double rho = ctx.real("correlation"), sx = ctx.real("sd_x"), sy = ctx.real("sd_y");
    const int n = ctx.integer("points");
    std::mt19937_64 rng(ctx.seed());
    std::normal_distribution<double> normal;
    Eigen::MatrixXd x(n, 2);
    for (int r = 0; r < n; ++r) {
        const double z1 = normal(rng), z2 = normal(rng);
        x(r, 0) = sx * z1;
        x(r, 1) = sy * (rho * z1 + std::sqrt(1 - rho * rho) * z2);
    }
    const linalg::PcaFit fit = linalg::fitPca(x, {.solver = linalg::PcaSolver::Covariance});
    const linalg::Pca& pca = fit.pca;

    ui::ChartSpec cloud = scatterByClass("cloud", QStringLiteral("%1 points, correlation %2: the principal axes").arg(n).arg(rho),
                                         x, {}, {}, "x", "y");
    cloud.series[0].name = "data";
    cloud.series[0].colorIndex = 6;
    cloud.series[0].width = 5;
    cloud.series << ellipse(pca, kArrowSds);
    cloud.equalScale = true;
    for (int i = 0; i < 2; ++i) {
        const double sd = std::sqrt(pca.explainedVariance[i]);
        const Eigen::RowVector2d head = pca.mean + kArrowSds * sd * pca.components.row(i);
        cloud.annotations << ui::AnnotationSpec{.kind = ui::AnnotationSpec::Kind::Arrow, .x = pca.mean[0], .y = pca.mean[1],
                                                .x2 = head[0], .y2 = head[1],
                                                .label = QStringLiteral("PC%1: sd %2, %3").arg(i + 1).arg(sd, 0, 'f', 2)
                                                             .arg(percent(pca.explainedVarianceRatio[i])),
                                                .colorIndex = i == 0 ? 1 : 2};
    }
    ctx.publish(cloud);

    ui::ChartSpec scores = scatterByClass("scores", "The same points in principal-component coordinates", fit.scores, {}, {},
                                          "PC1 score", "PC2 score");
    scores.series[0].name = "data";
    scores.series[0].colorIndex = 6;
    scores.series[0].width = 5;
    scores.equalScale = true;
    ctx.publish(scores);
    ctx.figure({.id = "intuition", .title = "Principal components of a correlated cloud", .rows = 1, .cols = 2,
                .panels = {{.chart = "cloud"}, {.chart = "scores", .col = 1}}});

    // An axis, not a direction: its angle in (−90°, 90°].
    const double angle = std::atan(pca.components(0, 1) / pca.components(0, 0)) * 180 / std::numbers::pi;
    const double scoreCorrelation =
        (fit.scores.col(0).array() * fit.scores.col(1).array()).sum() /
        std::sqrt(fit.scores.col(0).squaredNorm() * fit.scores.col(1).squaredNorm());
    ctx.note(QStringLiteral("PC1 points at %1° from the x axis and carries %2 of the variance (sd %3); PC2, at right "
                            "angles to it, carries %4 (sd %5).")
                 .arg(angle, 0, 'f', 1)
                 .arg(percent(pca.explainedVarianceRatio[0]))
                 .arg(std::sqrt(pca.explainedVariance[0]), 0, 'f', 3)
                 .arg(percent(pca.explainedVarianceRatio[1]))
                 .arg(std::sqrt(pca.explainedVariance[1]), 0, 'f', 3));
    ctx.note(QStringLiteral("In PC coordinates the scores are uncorrelated (correlation %1): the rotation took the "
                            "correlation out, and nothing else changed — distances between points are the same.")
                 .arg(scoreCorrelation, 0, 'g', 2));
    ctx.metric("explained_variance_ratio", jsonArray(pca.explainedVarianceRatio));
    ctx.metric("explained_variance", jsonArray(pca.explainedVariance));
    ctx.metric("pc1_angle_degrees", angle);
    ctx.metric("score_correlation", scoreCorrelation);
}

} // namespace

ui::Step intuitionStep()
{
    ui::Step s;
    s.id = "intuition";
    s.title = "Intuition: the directions of spread";
    s.textFile = ":/labs/pca/intuition.md";
    s.parameters << ui::Parameter::real("correlation", "Correlation", 0.8, -0.99, 0.99, false, 2,
                                        "The correlation between x and y of the generated cloud")
                 << ui::Parameter::real("sd_x", "Spread along x", 2.0, 0.1, 10.0, false, 2, "The standard deviation of x")
                 << ui::Parameter::real("sd_y", "Spread along y", 1.0, 0.1, 10.0, false, 2, "The standard deviation of y")
                 << ui::Parameter::integer("points", "Points", 500, 10, 5000);
    s.run = run;
    return s;
}

} // namespace mlwb::labs::pcalab
