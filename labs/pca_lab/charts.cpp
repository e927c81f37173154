#include "pca_lab/charts.h"

#include "common/tensor_charts.h"

#include <algorithm>

namespace mlwb::labs::pcalab {

namespace {
// Variance below this share of the total is rounding of a zero: constant columns (digits'
// corner pixels) or fewer rows than columns.
constexpr double kNullVariance = 1e-12;
}

ui::ChartSpec scatterByClass(const QString& id, const QString& title, const Eigen::MatrixXd& xy,
                             const std::vector<int>& classes, const std::vector<std::string>& classNames,
                             const QString& xTitle, const QString& yTitle)
{
    ui::ChartSpec c;
    c.id = id;
    c.title = title;
    c.x.title = xTitle;
    c.y.title = yTitle;
    const int groups = classes.empty() ? 1 : int(classNames.size());
    for (int k = 0; k < groups; ++k) {
        ui::SeriesSpec s;
        s.kind = ui::SeriesSpec::Kind::Scatter;
        s.name = classes.empty() ? QString() : qs(classNames[std::size_t(k)]);
        // Six colours, then the next shape (digits' ten classes); the palette's grey and
        // black are kept for reference lines.
        s.colorIndex = k % 6;
        s.width = xy.rows() > 2000 ? 4 : 6;
        s.marker = ui::SeriesSpec::Marker((k / 6) % 3);
        c.series << s;
    }
    for (Eigen::Index r = 0; r < xy.rows(); ++r)
        c.series[classes.empty() ? 0 : classes[std::size_t(r)]].points << QPointF(xy(r, 0), xy(r, 1));
    return c;
}

ui::ChartSpec screeChart(const QString& id, const QString& title, const Eigen::VectorXd& ratios, double threshold,
                         int chosen)
{
    ui::ChartSpec c;
    c.id = id;
    c.title = title;
    c.x = {"component", false, 0.5, double(ratios.size()) + 0.5};
    c.y = {"share of the total variance", false, 0.0, 1.02};
    ui::SeriesSpec each{.name = "explained variance ratio", .kind = ui::SeriesSpec::Kind::Line, .colorIndex = 0,
                        .pointMarkers = true};
    ui::SeriesSpec total{.name = "cumulative", .kind = ui::SeriesSpec::Kind::Line, .colorIndex = 1,
                         .pointMarkers = true};
    double sum = 0;
    for (Eigen::Index i = 0; i < ratios.size(); ++i) {
        sum += ratios[i];
        each.points << QPointF(double(i + 1), ratios[i]);
        total.points << QPointF(double(i + 1), sum);
    }
    c.series = {each, total};
    if (threshold > 0)
        c.annotations << ui::AnnotationSpec{.kind = ui::AnnotationSpec::Kind::HorizontalLine, .y = threshold,
                                            .label = QStringLiteral("keep %1 of the variance").arg(percent(threshold, 0)),
                                            .colorIndex = 2};
    if (chosen > 0)
        c.annotations << ui::AnnotationSpec{.kind = ui::AnnotationSpec::Kind::VerticalLine, .x = double(chosen),
                                            .label = QStringLiteral("k = %1").arg(chosen), .colorIndex = 2};
    return c;
}

Eigen::VectorXd allRatios(const linalg::Pca& pca) { return pca.allExplainedVariance / pca.totalVariance; }

Eigen::Index definedComponents(const linalg::Pca& pca)
{
    Eigen::Index k = 0;
    while (k < pca.componentCount() && pca.explainedVariance[k] > kNullVariance * pca.totalVariance)
        ++k;
    return k;
}

double maxDifference(const linalg::PcaFit& a, const linalg::PcaFit& b)
{
    double largest = 0;
    for (Eigen::Index i = 0; i < definedComponents(a.pca); ++i) {
        largest = std::max({largest, (a.pca.components.row(i) - b.pca.components.row(i)).cwiseAbs().maxCoeff(),
                            (a.scores.col(i) - b.scores.col(i)).cwiseAbs().maxCoeff()});
    }
    return largest;
}

QJsonArray jsonArray(const Eigen::VectorXd& v)
{
    QJsonArray a;
    for (const double x : v)
        a.append(x);
    return a;
}

QString percent(double fraction, int decimals) { return QStringLiteral("%1%").arg(100 * fraction, 0, 'f', decimals); }

} // namespace mlwb::labs::pcalab
