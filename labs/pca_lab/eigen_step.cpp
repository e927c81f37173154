// Step 2: PCA by hand from the covariance matrix: centre (and scale), C = XᵀX/(n − 1), its
// eigendecomposition, and the scree plot that picks how many components to keep.
#include "pca_lab/charts.h"
#include "pca_lab/data.h"
#include "pca_lab/steps.h"
#include "run_context.h"

#include "common/dataset.h"
#include "common/tensor_charts.h"

namespace mlwb::labs::pcalab {

namespace {

constexpr int kTableRows = 15;  // eigenvalues listed; the scree plot shows them all

ui::ChartSpec covarianceHeatmap(const Eigen::MatrixXd& c, const std::vector<std::string>& names, bool standardized)
{
    ui::HeatmapSpec h;
    h.rows = h.cols = int(c.rows());
    for (Eigen::Index i = 0; i < c.rows(); ++i)
        for (Eigen::Index j = 0; j < c.cols(); ++j)
            h.values.push_back(c(i, j));
    if (names.size() <= 20)
        for (const auto& n : names)
            h.rowLabels << qs(n);
    h.colLabels = h.rowLabels;
    h.cellLabels = c.rows() <= 8;
    h.colorBarTitle = standardized ? "covariance (≈ correlation)" : "covariance";
    ui::ChartSpec chart;
    chart.id = "covariance";
    chart.title = standardized ? QStringLiteral("Covariance matrix C of the standardized columns, %1 × %1").arg(c.rows())
                               : QStringLiteral("Covariance matrix C = XᵀX / (n − 1), %1 × %1").arg(c.rows());
    chart.heatmap = h;
    return chart;
}

ui::ChartSpec eigenvalueTable(const linalg::Pca& pca)
{
    const Eigen::VectorXd ratios = allRatios(pca);
    ui::TableSpec t;
    t.header = {"component", "eigenvalue λ", "λ / Σλ", "cumulative"};
    double sum = 0;
    for (Eigen::Index i = 0; i < ratios.size(); ++i) {
        sum += ratios[i];
        if (i < kTableRows)
            t.rows << QStringList{QString::number(i + 1), cellNumber(pca.allExplainedVariance[i]), percent(ratios[i], 2),
                                  percent(sum, 2)};
    }
    if (ratios.size() > kTableRows)
        t.rows << QStringList{QStringLiteral("… %1 more").arg(ratios.size() - kTableRows), "", "", "100.00%"};
    ui::ChartSpec c;
    c.id = "eigenvalues";
    c.title = QStringLiteral("Eigenvalues of C (Σλ = %1, the total variance)").arg(cellNumber(pca.totalVariance));
    c.table = t;
    return c;
}

void run(ui::RunContext& ctx)
{
    const PcaInput in = pcaInput(ctx, linalg::PcaSolver::Covariance);
    const NumericData& d = *in.data;
    const linalg::PcaFit fit = linalg::fitPca(d.x, in.options);
    const linalg::Pca& pca = fit.pca;
    const Eigen::MatrixXd scaled = (d.x.rowwise() - pca.mean).array().rowwise() / pca.scale.array();
    const Eigen::MatrixXd covariance = scaled.transpose() * scaled / double(d.x.rows() - 1);

    const double keep = ctx.real("keep");
    const Eigen::VectorXd ratios = allRatios(pca);
    const int k = int(linalg::componentsForVariance(ratios, keep));
    ctx.publish(covarianceHeatmap(covariance, d.features, in.options.standardize));
    ctx.publish(screeChart("scree", QStringLiteral("Scree plot of %1: %2 of %3 components keep %4")
                                        .arg(d.fileName)
                                        .arg(k)
                                        .arg(ratios.size())
                                        .arg(percent(ratios.head(k).sum())),
                           ratios, keep, k));
    ctx.publish(eigenvalueTable(pca));
    ctx.figure({.id = "eigen", .title = QStringLiteral("PCA of %1 by eigendecomposition").arg(d.fileName), .rows = 2,
                .cols = 2, .panels = {{.chart = "covariance", .rowSpan = 2}, {.chart = "scree", .col = 1},
                                      {.chart = "eigenvalues", .row = 1, .col = 1}}});

    // Where the first axis points: its largest entries name what the component measures.
    Eigen::Index top = 0;
    pca.components.row(0).cwiseAbs().maxCoeff(&top);
    ctx.note(QStringLiteral("%1 rows × %2 columns%3. The largest eigenvalue is %4 (%5 of the total); its eigenvector "
                            "leans most on \"%6\" (weight %7).")
                 .arg(d.x.rows())
                 .arg(d.x.cols())
                 .arg(in.options.standardize ? ", centred and standardized" : ", centred")
                 .arg(cellNumber(pca.allExplainedVariance[0]))
                 .arg(percent(ratios[0]))
                 .arg(qs(d.features[std::size_t(top)]))
                 .arg(pca.components(0, top), 0, 'f', 3));
    ctx.note(QStringLiteral("Keeping more than %1 of the variance takes %2 component%3 of %4.")
                 .arg(percent(keep, 1))
                 .arg(k)
                 .arg(k == 1 ? "" : "s")
                 .arg(ratios.size()));
    ctx.metric("eigenvalues", jsonArray(pca.allExplainedVariance));
    ctx.metric("explained_variance_ratio", jsonArray(ratios));
    ctx.metric("components_kept", k);
}

} // namespace

ui::Step eigenStep()
{
    ui::Step s;
    s.id = "eigen";
    s.title = "Eigendecomposition, step by step";
    s.textFile = ":/labs/pca/eigen.md";
    s.parameters = dataParameters("wine");
    s.parameters << ui::Parameter::real("keep", "Variance to keep", 0.9, 0.5, 0.999, false, 3,
                                        "Keep the fewest components whose explained variance adds up to more than this");
    s.run = run;
    return s;
}

} // namespace mlwb::labs::pcalab
