// Step 4: PCA of real data: the scores coloured by class, a loadings biplot naming the
// features, and what standardizing changes (wine: unscaled, proline alone is PC1).
#include "pca_lab/charts.h"
#include "pca_lab/data.h"
#include "pca_lab/steps.h"
#include "run_context.h"

#include "common/dataset.h"
#include "common/tensor_charts.h"

#include <numbers>
#include <numeric>

namespace mlwb::labs::pcalab {

namespace {

constexpr int kRatioBars = 8;

// Loadings: component entries × √(explained variance), a feature's covariance with each score
// (its correlation when standardized). p × 2 for the first two components.
Eigen::MatrixXd loadings(const linalg::Pca& pca)
{
    return (pca.components.topRows(2).transpose().array().rowwise() *
            pca.explainedVariance.head(2).transpose().array().sqrt())
        .matrix();
}

// The `count` features with the longest loading arrows, longest first.
std::vector<Eigen::Index> longest(const Eigen::MatrixXd& l, int count)
{
    std::vector<Eigen::Index> order(std::size_t(l.rows()));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) { return l.row(a).norm() > l.row(b).norm(); });
    order.resize(std::min<std::size_t>(order.size(), std::size_t(count)));
    return order;
}

ui::ChartSpec biplot(const linalg::Pca& pca, const NumericData& d, int count, bool standardized)
{
    const Eigen::MatrixXd l = loadings(pca);
    const std::vector<Eigen::Index> shown = longest(l, count);
    ui::ChartSpec c;
    c.id = "loadings";
    c.title = QStringLiteral("Loadings on PC1 and PC2: the %1 features with the longest arrows").arg(shown.size());
    double reach = 0;
    for (const Eigen::Index j : shown) {
        reach = std::max(reach, l.row(j).cwiseAbs().maxCoeff());
        c.annotations << ui::AnnotationSpec{.kind = ui::AnnotationSpec::Kind::Arrow, .x2 = l(j, 0), .y2 = l(j, 1),
                                            .label = qs(d.features[std::size_t(j)]), .colorIndex = 5};
    }
    ui::SeriesSpec origin{.kind = ui::SeriesSpec::Kind::Scatter, .points = {QPointF(0, 0)}, .colorIndex = 7, .width = 5};
    c.series << origin;  // unnamed: not in the legend; the arrows start here
    if (standardized) {  // correlations: every arrow ends inside the unit circle
        reach = std::max(reach, 1.0);
        ui::SeriesSpec circle{.name = "correlation 1", .kind = ui::SeriesSpec::Kind::Line, .colorIndex = 7, .width = 1,
                              .dashed = true};
        for (int i = 0; i <= 120; ++i)
            circle.points << QPointF(std::cos(2 * std::numbers::pi * i / 120), std::sin(2 * std::numbers::pi * i / 120));
        c.series << circle;
    }
    reach *= 1.15;
    const QString unit = standardized ? QStringLiteral("correlation") : QStringLiteral("covariance");
    c.x = {QStringLiteral("loading on PC1 (%1 with the score)").arg(unit), false, -reach, reach};
    c.y = {QStringLiteral("loading on PC2 (%1 with the score)").arg(unit), false, -reach, reach};
    c.equalScale = true;
    return c;
}

ui::ChartSpec ratioBars(const Eigen::VectorXd& unscaled, const std::optional<Eigen::VectorXd>& standardized)
{
    ui::BarsSpec b;
    const Eigen::Index n = std::min<Eigen::Index>(kRatioBars, unscaled.size());
    for (Eigen::Index i = 0; i < n; ++i)
        b.categories << QStringLiteral("PC%1").arg(i + 1);
    const auto set = [&](const QString& name, const Eigen::VectorXd& r, int color) {
        ui::BarsSpec::Set s{.name = name, .colorIndex = color};
        for (Eigen::Index i = 0; i < n; ++i)
            s.values << (i < r.size() ? r[i] : 0.0);
        return s;
    };
    b.sets << set("unscaled", unscaled, 0);
    if (standardized)
        b.sets << set("standardized", *standardized, 2);
    b.labelPrecision = 3;
    ui::ChartSpec c;
    c.id = "ratios";
    c.title = "Explained variance ratio, with and without standardizing";
    c.y = {"share of the total variance", false, 0.0, std::nullopt};
    c.bars = b;
    return c;
}

void run(ui::RunContext& ctx)
{
    const PcaInput in = pcaInput(ctx, linalg::PcaSolver::Svd);
    const NumericData& d = *in.data;
    linalg::PcaOptions eigenOptions = in.options;
    eigenOptions.solver = linalg::PcaSolver::Covariance;
    const linalg::PcaFit fit = linalg::fitPca(d.x, in.options), eigen = linalg::fitPca(d.x, eigenOptions);
    const linalg::Pca& pca = fit.pca;
    const Eigen::VectorXd ratios = allRatios(pca);
    const QString scaling = in.options.standardize ? QStringLiteral("standardized") : QStringLiteral("unscaled");

    ctx.publish(scatterByClass("scores",
                               QStringLiteral("%1, %2: PC1 %3, PC2 %4").arg(d.fileName, scaling, percent(ratios[0]),
                                                                            percent(ratios[1])),
                               fit.scores.leftCols(2), d.classes, d.classNames, "PC1 score", "PC2 score"));
    ctx.publish(biplot(pca, d, ctx.integer("loadings"), in.options.standardize));
    // The other scaling beside this one: the lesson is in the difference.
    Eigen::VectorXd unscaled = ratios;
    std::optional<Eigen::VectorXd> standardized;
    if (in.options.standardize) {
        standardized = ratios;
        unscaled = allRatios(linalg::fitPca(in.allColumns->x).pca);
    } else {
        std::vector<std::string> dropped;
        const NumericData varying = varyingColumns(d, dropped);
        if (varying.x.cols() >= 2)
            standardized = allRatios(linalg::fitPca(varying.x, {.standardize = true}).pca);
    }
    ctx.publish(ratioBars(unscaled, standardized));
    ctx.figure({.id = "real-data", .title = QStringLiteral("PCA of %1 (%2)").arg(d.fileName, scaling), .rows = 2, .cols = 2,
                .panels = {{.chart = "scores"}, {.chart = "loadings", .col = 1}, {.chart = "ratios", .row = 1, .colSpan = 2}}});

    const Eigen::MatrixXd l = loadings(pca);
    const Eigen::Index top = longest(l.col(0), 1).front();
    ctx.note(QStringLiteral("%1 rows × %2 numeric columns, %3. PC1 explains %4 and leans most on \"%5\" (component "
                            "entry %6 of 1).")
                 .arg(d.x.rows())
                 .arg(d.x.cols())
                 .arg(scaling)
                 .arg(percent(ratios[0], 2))
                 .arg(qs(d.features[std::size_t(top)]))
                 .arg(std::abs(pca.components(0, top)), 0, 'f', 4));
    if (!in.options.standardize && std::abs(pca.components(0, top)) > 0.99) {
        const Eigen::VectorXd sd = ((d.x.rowwise() - d.x.colwise().mean()).colwise().squaredNorm() / double(d.x.rows() - 1)).cwiseSqrt();
        ctx.note(QStringLiteral("\"%1\" has a standard deviation of %2, against a median of %3 for the other columns: "
                                "unscaled, PC1 is that one column's unit of measurement. Tick Standardize.")
                     .arg(qs(d.features[std::size_t(top)]))
                     .arg(cellNumber(sd[top]))
                     .arg(cellNumber([&] {
                         std::vector<double> v(sd.begin(), sd.end());
                         v.erase(v.begin() + top);
                         std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
                         return v[v.size() / 2];
                     }())));
    }
    if (!d.classes.empty())
        ctx.note(QStringLiteral("PCA never saw the labels (\"%1\"): the colours only help us read the plot, and "
                                "classes that separate here do so along directions of large variance.")
                     .arg(qs(d.label)));
    ctx.metric("explained_variance_ratio", jsonArray(ratios));
    ctx.metric("singular_values", jsonArray(pca.allSingularValues));
    ctx.metric("eigen_svd_max_difference", maxDifference(fit, eigen));
    ctx.metric("standardized", in.options.standardize);
    ctx.metric("rows", qint64(d.x.rows()));
    ctx.metric("features", qint64(d.x.cols()));
}

} // namespace

ui::Step realDataStep()
{
    ui::Step s;
    s.id = "real-data";
    s.title = "Real data: wine, iris, digits";
    s.textFile = ":/labs/pca/real-data.md";
    s.parameters = dataParameters("wine");
    s.parameters << ui::Parameter::integer("loadings", "Loadings shown", 8, 1, 64,
                                           "The features with the longest arrows in the biplot");
    s.run = run;
    return s;
}

} // namespace mlwb::labs::pcalab
