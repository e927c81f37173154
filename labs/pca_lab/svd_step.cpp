// Step 3: the same PCA from a thin SVD of the centred data: the two routes agree to rounding,
// both are timed, and a matrix of known singular values shows why the SVD is the safer route.
#include "pca_lab/charts.h"
#include "pca_lab/data.h"
#include "pca_lab/steps.h"
#include "run_context.h"

#include "common/tensor_charts.h"
#include "common/timing_report.h"

#include <Eigen/QR>
#include <QJsonObject>

#include <cmath>
#include <random>

namespace mlwb::labs::pcalab {

namespace {

constexpr Eigen::Index kIllRows = 200, kIllColumns = 12;
constexpr double kErrorFloor = 1e-17;  // exact agreement drawn here: a log axis has no 0

// A centred rows × cols matrix with singular values 1 … 10^−digits spaced evenly in log
// (U Σ Vᵀ with random orthonormal U, V; U's columns orthogonal to the ones vector, so
// centring leaves the matrix and its singular values as built).
Eigen::MatrixXd illConditioned(double digits, std::uint64_t seed, Eigen::VectorXd& singularValues)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    const auto gaussian = [&](Eigen::Index r, Eigen::Index c) {
        return Eigen::MatrixXd(Eigen::MatrixXd::NullaryExpr(r, c, [&] { return normal(rng); }));
    };
    Eigen::MatrixXd g = gaussian(kIllRows, kIllColumns);
    g.rowwise() -= g.colwise().mean();
    const Eigen::MatrixXd u = Eigen::HouseholderQR<Eigen::MatrixXd>(g).householderQ() * Eigen::MatrixXd::Identity(kIllRows, kIllColumns);
    const Eigen::MatrixXd v = Eigen::HouseholderQR<Eigen::MatrixXd>(gaussian(kIllColumns, kIllColumns)).householderQ();
    singularValues.resize(kIllColumns);
    for (Eigen::Index i = 0; i < kIllColumns; ++i)
        singularValues[i] = std::pow(10.0, -digits * double(i) / double(kIllColumns - 1));
    return u * singularValues.asDiagonal() * v.transpose();
}

// The relative error of each singular value a route recovers; the covariance route's
// eigenvalues below 0 (rounding) give a singular value of 0, 100% off.
Eigen::VectorXd relativeErrors(const linalg::Pca& pca, const Eigen::VectorXd& truth)
{
    Eigen::VectorXd e(truth.size());
    for (Eigen::Index i = 0; i < truth.size(); ++i) {
        const double found = pca.allSingularValues[i];
        e[i] = std::isfinite(found) ? std::abs(found - truth[i]) / truth[i] : 1.0;
    }
    return e;
}

ui::SeriesSpec errorSeries(const QString& name, const Eigen::VectorXd& truth, const Eigen::VectorXd& errors, int color)
{
    ui::SeriesSpec s{.name = name, .kind = ui::SeriesSpec::Kind::Line, .colorIndex = color, .pointMarkers = true};
    for (Eigen::Index i = 0; i < truth.size(); ++i)
        s.points << QPointF(truth[i], std::max(errors[i], kErrorFloor));
    return s;
}

ui::ChartSpec agreementChart(const linalg::PcaFit& eigen, const linalg::PcaFit& svd)
{
    ui::ChartSpec c;
    c.id = "agreement";
    c.title = "The two routes' components: largest difference of each";
    c.x = {"component", false, 0.5, double(eigen.pca.componentCount()) + 0.5};
    ui::SeriesSpec s{.name = "component entries", .kind = ui::SeriesSpec::Kind::Scatter, .colorIndex = 0, .width = 8};
    double largest = 0;
    for (Eigen::Index i = 0; i < definedComponents(eigen.pca); ++i) {
        const double d = std::max((eigen.pca.components.row(i) - svd.pca.components.row(i)).cwiseAbs().maxCoeff(), kErrorFloor);
        largest = std::max(largest, d);
        s.points << QPointF(double(i + 1), d);
    }
    c.series << s;
    // Whole decades from the floor to well above rounding, so the axis has labelled ticks.
    c.y = {"largest |eigen − SVD| entry (log)", true, kErrorFloor, std::max(1e-8, std::pow(10.0, std::ceil(std::log10(largest)) + 1))};
    return c;
}

void run(ui::RunContext& ctx)
{
    PcaInput in = pcaInput(ctx, linalg::PcaSolver::Covariance);
    const NumericData& d = *in.data;
    linalg::PcaOptions svdOptions = in.options;
    svdOptions.solver = linalg::PcaSolver::Svd;
    linalg::PcaFit eigen = linalg::fitPca(d.x, in.options), svd = linalg::fitPca(d.x, svdOptions);
    const double difference = maxDifference(eigen, svd);
    ctx.publish(agreementChart(eigen, svd));

    const QStringList names{"eigendecomposition of C", "thin SVD of X"};
    const std::vector<Timing> timings{timeContender(ctx, 5, 0.5, [&] { eigen = linalg::fitPca(d.x, in.options); }),
                                      timeContender(ctx, 5, 0.5, [&] { svd = linalg::fitPca(d.x, svdOptions); })};
    ctx.publish(timingBars("timings", QStringLiteral("Time for the full PCA of %1 (%2 × %3), scores included")
                                          .arg(d.fileName)
                                          .arg(d.x.rows())
                                          .arg(d.x.cols()),
                           names, timings));
    noteTimingCaveats(ctx, names, timings);

    const double digits = ctx.real("condition");
    Eigen::VectorXd truth;
    const Eigen::MatrixXd illMatrix = illConditioned(digits, ctx.seed(), truth);
    const linalg::PcaFit illEigen = linalg::fitPca(illMatrix, {.solver = linalg::PcaSolver::Covariance});
    const linalg::PcaFit illSvd = linalg::fitPca(illMatrix, {.solver = linalg::PcaSolver::Svd});
    const Eigen::VectorXd eigenErrors = relativeErrors(illEigen.pca, truth), svdErrors = relativeErrors(illSvd.pca, truth);
    ui::ChartSpec ill;
    ill.id = "conditioning";
    ill.title = QStringLiteral("Singular values 1 … 1e-%1 recovered: κ(X) = 1e%1, κ(XᵀX) = 1e%2").arg(digits).arg(2 * digits);
    ill.x = {"true singular value σ (log)", true, truth.minCoeff() / 3, 3.0};
    ill.y = {"relative error of σ (log)", true, kErrorFloor / 2, 10.0};
    ill.series = {errorSeries("covariance + eigh", truth, eigenErrors, 1),
                  errorSeries("SVD", truth, svdErrors, 0)};
    ill.annotations << ui::AnnotationSpec{.kind = ui::AnnotationSpec::Kind::HorizontalLine, .y = 1.0,
                                          .label = "100% wrong", .colorIndex = 7};
    ctx.publish(ill);
    ctx.figure({.id = "svd", .title = QStringLiteral("PCA by SVD against eigendecomposition"), .rows = 2, .cols = 2,
                .panels = {{.chart = "agreement"}, {.chart = "timings", .col = 1}, {.chart = "conditioning", .row = 1, .colSpan = 2}}});

    ctx.note(QStringLiteral("On %1 the two routes agree to %2 (largest difference over components and scores), and %3.")
                 .arg(d.fileName)
                 .arg(difference, 0, 'g', 2)
                 .arg(timings[0].medianSeconds <= timings[1].medianSeconds
                          ? QStringLiteral("the covariance route is %1").arg(speedupText(timings[1].medianSeconds, timings[0].medianSeconds))
                          : QStringLiteral("the SVD route is %1").arg(speedupText(timings[0].medianSeconds, timings[1].medianSeconds))));
    ctx.note(QStringLiteral("With singular values down to 1e-%1, the largest relative error of the covariance route is "
                            "%2 and of the SVD route %3.")
                 .arg(digits)
                 .arg(eigenErrors.maxCoeff(), 0, 'g', 2)
                 .arg(svdErrors.maxCoeff(), 0, 'g', 2));
    if (eigenErrors.maxCoeff() > 100 * svdErrors.maxCoeff())
        ctx.note("Forming XᵀX squares the condition number: the covariance route loses twice the digits the SVD loses.");
    ctx.metric("eigen_svd_max_difference", difference);
    ctx.metric("eigen_seconds", timings[0].medianSeconds);
    ctx.metric("svd_seconds", timings[1].medianSeconds);
    ctx.metric("ill_conditioned", QJsonObject{{"condition_digits", digits},
                                              {"eigen_max_relative_error", eigenErrors.maxCoeff()},
                                              {"svd_max_relative_error", svdErrors.maxCoeff()}});
}

} // namespace

ui::Step svdStep()
{
    ui::Step s;
    s.id = "svd";
    s.title = "The SVD route";
    s.textFile = ":/labs/pca/svd.md";
    s.parameters = dataParameters("wine");
    s.parameters << ui::Parameter::real("condition", "Condition (digits)", 10, 1, 15, false, 1,
                                        "The constructed matrix's singular values run from 1 down to 10^−digits");
    s.run = run;
    return s;
}

} // namespace mlwb::labs::pcalab
