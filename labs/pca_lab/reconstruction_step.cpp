// Step 5: digits rebuilt from their first k components: originals over reconstructions, the
// error against k, the mean digit and the first eigen-digits.
#include "pca_lab/charts.h"
#include "pca_lab/data.h"
#include "pca_lab/steps.h"
#include "run_context.h"

#include "common/tensor_charts.h"

namespace mlwb::labs::pcalab {

namespace {

constexpr int kEigenDigits = 10;
constexpr std::size_t kPerRow = 5;

std::vector<double> image(const Eigen::RowVectorXd& pixels) { return {pixels.data(), pixels.data() + pixels.size()}; }

// The first `count` rows, taking one of each digit in turn (0, 1, …, 9, 0, …) so every digit shows.
std::vector<Eigen::Index> sampleRows(const NumericData& d, int count)
{
    std::vector<Eigen::Index> rows;
    std::vector<bool> taken(d.classes.size(), false);
    const int classes = int(d.classNames.size());
    for (int round = 0; int(rows.size()) < count && round < int(d.classes.size()); ++round) {
        const int wanted = int(rows.size()) % classes;
        for (std::size_t r = 0; r < d.classes.size(); ++r)
            if (!taken[r] && d.classes[r] == wanted) {
                taken[r] = true;
                rows.push_back(Eigen::Index(r));
                break;
            }
    }
    return rows;
}

// Mean squared error per pixel of the rebuilt data against k = 0 … p: the variance of the
// components left out, Σ_{i>k} σᵢ² / (n · p).
Eigen::VectorXd errorByComponents(const linalg::Pca& pca, Eigen::Index rows)
{
    const Eigen::VectorXd squares = pca.allSingularValues.array().square();
    const Eigen::Index p = pca.mean.size();
    Eigen::VectorXd e(squares.size() + 1);
    e[e.size() - 1] = 0;
    for (Eigen::Index k = squares.size() - 1; k >= 0; --k)
        e[k] = e[k + 1] + squares[k] / double(rows * p);
    return e;
}

void run(ui::RunContext& ctx)
{
    const auto digits = bundledDigits();
    const NumericData& d = *digits;
    const int k = ctx.integer("k");
    const linalg::PcaFit all = linalg::fitPca(d.x);  // every component: the error curve needs them
    const linalg::Pca kept = linalg::fitPca(d.x, {.components = k}).pca;
    const std::vector<Eigen::Index> rows = sampleRows(d, ctx.integer("shown"));
    const Eigen::MatrixXd originals = d.x(rows, Eigen::all);
    const Eigen::MatrixXd rebuilt = kept.inverseTransform(kept.transform(originals));

    // Rows of up to kPerRow originals, each over its reconstructions.
    ui::ImageGridSpec grid{.width = 8, .height = 8, .columns = int(std::min<std::size_t>(kPerRow, rows.size())), .min = 0.0,
                           .max = 16.0};
    for (std::size_t start = 0; start < rows.size(); start += kPerRow) {
        const std::size_t end = std::min(rows.size(), start + kPerRow);
        for (std::size_t i = start; i < start + std::size_t(grid.columns); ++i) {
            grid.images << (i < end ? image(originals.row(Eigen::Index(i))) : std::vector<double>(64, 0.0));
            grid.captions << (i < end ? QStringLiteral("digit %1").arg(qs(d.classNames[std::size_t(d.classes[std::size_t(rows[i])])]))
                                      : QString());
        }
        for (std::size_t i = start; i < start + std::size_t(grid.columns); ++i) {
            grid.images << (i < end ? image(rebuilt.row(Eigen::Index(i)).cwiseMax(0.0).cwiseMin(16.0)) : std::vector<double>(64, 0.0));
            grid.captions << (i < end ? QStringLiteral("k = %1").arg(k) : QString());
        }
    }
    ui::ChartSpec pictures;
    pictures.id = "reconstructions";
    pictures.title = QStringLiteral("Originals, each over its rebuild from %1 of 64 components").arg(k);
    pictures.imageGrid = grid;
    ctx.publish(pictures);

    const Eigen::VectorXd error = errorByComponents(all.pca, d.x.rows());
    ui::ChartSpec curve;
    curve.id = "error";
    curve.title = "Reconstruction error against the components kept";
    curve.x = {"components kept k", false, 0.0, double(error.size() - 1)};
    curve.y = {"mean squared error per pixel (intensity²)", false, 0.0, std::nullopt};
    ui::SeriesSpec line{.name = "all 1797 digits", .kind = ui::SeriesSpec::Kind::Line, .colorIndex = 0, .pointMarkers = true};
    for (Eigen::Index i = 0; i < error.size(); ++i)
        line.points << QPointF(double(i), error[i]);
    curve.series << line;
    const double kept90 = double(linalg::componentsForVariance(allRatios(all.pca), 0.9));
    curve.annotations << ui::AnnotationSpec{.kind = ui::AnnotationSpec::Kind::VerticalLine, .x = double(k),
                                            .label = QStringLiteral("k = %1").arg(k), .colorIndex = 5}
                      << ui::AnnotationSpec{.kind = ui::AnnotationSpec::Kind::VerticalLine, .x = kept90,
                                            .label = QStringLiteral("90% of the variance"), .colorIndex = 7};
    ctx.publish(curve);

    // One digit rebuilt from more and more components: the mean digit plus each component's
    // share, x̂ = mean + Σ_{i≤k} zᵢ vᵢ.
    const Eigen::RowVectorXd first = originals.row(0), scores = (first - all.pca.mean) * all.pca.components.transpose();
    ui::ImageGridSpec steps{.width = 8, .height = 8, .columns = 0, .min = 0.0, .max = 16.0};
    for (const int m : {0, 1, 2, 3, 5, 10, 20, 40, 64}) {
        const Eigen::RowVectorXd x = all.pca.mean + scores.head(m) * all.pca.components.topRows(m);
        steps.images << image(x.cwiseMax(0.0).cwiseMin(16.0));
        steps.captions << (m == 0 ? QStringLiteral("mean (k = 0)") : QStringLiteral("k = %1").arg(m));
    }
    steps.images << image(first);
    steps.captions << "original";
    steps.columns = 5;
    ui::ChartSpec progression;
    progression.id = "progression";
    progression.title = QStringLiteral("One %1 rebuilt from the mean digit and more and more components")
                            .arg(qs(d.classNames[std::size_t(d.classes[std::size_t(rows[0])])]));
    progression.imageGrid = steps;
    ctx.publish(progression);
    ui::ImageGridSpec eigen{.width = 8, .height = 8, .columns = 5, .diverging = true};
    double largest = 0;
    for (int i = 0; i < kEigenDigits; ++i) {
        eigen.images << image(all.pca.components.row(i));
        eigen.captions << QStringLiteral("PC%1 (%2)").arg(i + 1).arg(percent(all.pca.explainedVarianceRatio[i]));
        largest = std::max(largest, all.pca.components.row(i).cwiseAbs().maxCoeff());
    }
    eigen.min = -largest;
    eigen.max = largest;
    ui::ChartSpec eigenDigits;
    eigenDigits.id = "eigen-digits";
    eigenDigits.title = "The first eigen-digits (red: adds ink, blue: removes it)";
    eigenDigits.imageGrid = eigen;
    ctx.publish(eigenDigits);
    ctx.figure({.id = "reconstruction", .title = QStringLiteral("Digits from %1 principal components").arg(k), .rows = 2,
                .cols = 2, .panels = {{.chart = "reconstructions"}, {.chart = "progression", .col = 1},
                                      {.chart = "error", .row = 1}, {.chart = "eigen-digits", .row = 1, .col = 1}}});

    const double shownError = (rebuilt - originals).array().square().mean();
    const double variance = allRatios(all.pca).head(k).sum();
    ctx.note(QStringLiteral("%1 component%2 keep%3 %4 of the variance: each digit becomes %1 number%2 instead of 64, and "
                            "the mean squared error per pixel over all digits is %5 (%6 for the digits shown), on pixels "
                            "from 0 to 16.")
                 .arg(k)
                 .arg(k == 1 ? "" : "s")
                 .arg(k == 1 ? "s" : "")
                 .arg(percent(variance))
                 .arg(error[k], 0, 'f', 2)
                 .arg(shownError, 0, 'f', 2));
    ctx.metric("components", k);
    ctx.metric("variance_kept", variance);
    ctx.metric("reconstruction_mse", error[k]);
    ctx.metric("reconstruction_mse_by_k", jsonArray(error));
}

} // namespace

ui::Step reconstructionStep()
{
    ui::Step s;
    s.id = "reconstruction";
    s.title = "Reconstruction: digits from k components";
    s.textFile = ":/labs/pca/reconstruction.md";
    s.parameters << ui::Parameter::integer("k", "Components k", 10, 1, 64, "How many principal components rebuild each digit")
                 << ui::Parameter::integer("shown", "Digits shown", 10, 1, 20);
    s.run = run;
    return s;
}

} // namespace mlwb::labs::pcalab
