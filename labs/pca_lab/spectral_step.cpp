// Step 7: spectral clustering against k-means on shapes no straight boundary separates: the
// similarity graph, its Laplacian's eigenvector embedding where the groups come apart, and the
// eigengap that suggests how many there are.
#include "pca_lab/charts.h"
#include "pca_lab/steps.h"
#include "run_context.h"

#include "core/input_error.h"
#include "linalg/adjusted_rand.h"
#include "linalg/kmeans.h"
#include "linalg/spectral.h"
#include "linalg/toy_data.h"

#include <QJsonObject>

#include <algorithm>
#include <random>

namespace mlwb::labs::pcalab {

namespace {

constexpr qsizetype kMostEdgesDrawn = 20000;

// Three round blobs on the corners of a triangle of side 6, each point's group in turn, with
// sd 0.5 + 10 × noise. Fixed centres, not random ones as make_blobs draws them: two of those
// can land on each other, and then no method finds three groups.
linalg::LabeledPoints blobs(int n, double noise, std::uint64_t seed)
{
    constexpr double kCentres[3][2] = {{0, 0}, {6, 0}, {3, 5.196}};
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, 0.5 + 10 * noise);
    linalg::LabeledPoints p{Eigen::MatrixXd(n, 2), std::vector<int>(std::size_t(n))};
    for (int i = 0; i < n; ++i) {
        const int g = i % 3;
        p.labels[std::size_t(i)] = g;
        p.points(i, 0) = kCentres[g][0] + normal(rng);
        p.points(i, 1) = kCentres[g][1] + normal(rng);
    }
    return p;
}

linalg::LabeledPoints makePoints(ui::RunContext& ctx)
{
    const QString shape = ctx.choice("shape");
    const int n = ctx.integer("points");
    const double noise = ctx.real("noise");
    if (shape == "circles")
        return linalg::makeCircles(n, noise, 0.5, ctx.seed());
    if (shape == "blobs")
        return blobs(n, noise, ctx.seed());
    return linalg::makeMoons(n, noise, ctx.seed());
}

// Cluster numbers renamed to the true group each overlaps most (greedily, largest overlap
// first), so the same colour means the same group in every panel.
std::vector<int> matchedToTruth(const std::vector<int>& found, const std::vector<int>& truth, int clusters, int groups)
{
    std::vector<std::vector<int>> overlap(std::size_t(clusters), std::vector<int>(std::size_t(groups), 0));
    for (std::size_t i = 0; i < found.size(); ++i)
        ++overlap[std::size_t(found[i])][std::size_t(truth[i])];
    std::vector<int> rename(std::size_t(clusters), -1);
    std::vector<bool> used(std::size_t(groups), false);
    for (int round = 0; round < std::min(clusters, groups); ++round) {
        int bestC = -1, bestG = -1, most = -1;
        for (int c = 0; c < clusters; ++c)
            for (int g = 0; g < groups; ++g)
                if (rename[std::size_t(c)] < 0 && !used[std::size_t(g)] && overlap[std::size_t(c)][std::size_t(g)] > most) {
                    most = overlap[std::size_t(c)][std::size_t(g)];
                    bestC = c;
                    bestG = g;
                }
        rename[std::size_t(bestC)] = bestG;
        used[std::size_t(bestG)] = true;
    }
    int next = groups;  // clusters beyond the true groups keep colours of their own
    for (int& r : rename)
        if (r < 0)
            r = next++;
    std::vector<int> out(found.size());
    for (std::size_t i = 0; i < found.size(); ++i)
        out[i] = rename[std::size_t(found[i])];
    return out;
}

std::vector<std::string> clusterNames(int count)
{
    std::vector<std::string> names;
    for (int c = 0; c < count; ++c)
        names.push_back("cluster " + std::to_string(c + 1));
    return names;
}

ui::ChartSpec clusterChart(const QString& id, const QString& title, const Eigen::MatrixXd& points, const std::vector<int>& labels,
                           int count)
{
    ui::ChartSpec c = scatterByClass(id, title, points, labels, clusterNames(count), "x", "y");
    c.equalScale = true;
    return c;
}

ui::ChartSpec graphChart(const linalg::SparseMatrix& graph, const Eigen::MatrixXd& points, const std::vector<int>& truth,
                         int groups, const QString& kind, int components)
{
    std::vector<std::string> names;
    for (int g = 0; g < groups; ++g)
        names.push_back("true group " + std::to_string(g + 1));
    ui::ChartSpec c = scatterByClass("graph",
                                     QStringLiteral("The similarity graph (%1): %2 edges, %3 connected component%4")
                                         .arg(kind)
                                         .arg(graph.nonZeros() / 2)
                                         .arg(components)
                                         .arg(components == 1 ? "" : "s"),
                                     points, truth, names, "x", "y");
    for (auto& s : c.series)
        s.width = 4;
    c.equalScale = true;
    for (int col = 0; col < graph.outerSize() && c.annotations.size() < kMostEdgesDrawn; ++col)
        for (linalg::SparseMatrix::InnerIterator it(graph, col); it; ++it)
            if (it.row() < col)  // each edge once
                c.annotations << ui::AnnotationSpec{.kind = ui::AnnotationSpec::Kind::Segment, .x = points(it.row(), 0),
                                                    .y = points(it.row(), 1), .x2 = points(col, 0), .y2 = points(col, 1)};
    return c;
}

ui::ChartSpec eigenvalueChart(const Eigen::VectorXd& values, int suggested, int clusters)
{
    ui::ChartSpec c;
    c.id = "eigengap";
    c.title = QStringLiteral("Smallest eigenvalues of the normalised Laplacian: the eigengap suggests k = %1").arg(suggested);
    c.x = {"index of the eigenvalue (ascending)", false, 0.5, double(values.size()) + 0.5};
    c.y = {"eigenvalue λ", false, std::nullopt, std::nullopt};
    ui::SeriesSpec s{.name = "λ", .kind = ui::SeriesSpec::Kind::Line, .colorIndex = 0, .pointMarkers = true};
    for (Eigen::Index i = 0; i < values.size(); ++i)
        s.points << QPointF(double(i + 1), values[i]);
    c.series << s;
    // The engine's eigengap is a ratio (linalg/spectral.h): on this linear axis a later
    // difference can look larger, so the label says which ratio it is.
    c.annotations << ui::AnnotationSpec{.kind = ui::AnnotationSpec::Kind::VerticalLine, .x = suggested + 0.5,
                                        .label = QStringLiteral("largest ratio λ%1/λ%2 = %3: k = %2")
                                                     .arg(suggested + 1)
                                                     .arg(suggested)
                                                     .arg(linalg::eigengapRatio(values, suggested), 0, 'g', 3),
                                        .colorIndex = 5};
    if (clusters != suggested)
        c.annotations << ui::AnnotationSpec{.kind = ui::AnnotationSpec::Kind::VerticalLine, .x = clusters + 0.5,
                                            .label = QStringLiteral("clusters asked: %1").arg(clusters), .colorIndex = 7};
    return c;
}

void run(ui::RunContext& ctx)
{
    const linalg::LabeledPoints data = makePoints(ctx);
    const int groups = 1 + *std::max_element(data.labels.begin(), data.labels.end());
    const int clusters = ctx.integer("clusters") == 0 ? groups : ctx.integer("clusters");
    if (clusters < 2)
        throw InputError("clusters = 1 puts every point in one cluster: ask for 2 or more, or 0 for as many as the data have");
    const bool knn = ctx.choice("graph") == "knn";
    const linalg::SpectralClustering spectral = linalg::spectralClustering(
        data.points, {.clusters = clusters,
                      .graph = knn ? linalg::GraphKind::NearestNeighbors : linalg::GraphKind::GaussianKernel,
                      .neighbors = ctx.integer("neighbors"),
                      .sigma = ctx.real("sigma"),
                      .eigenvalues = std::max(10, clusters + 1),
                      .seed = ctx.seed()});
    ctx.progress(0.5);
    const linalg::KMeansResult kmeans = linalg::kMeans(data.points, {.clusters = clusters, .seed = ctx.seed()});
    const double ariKMeans = linalg::adjustedRandIndex(data.labels, kmeans.labels);
    const double ariSpectral = linalg::adjustedRandIndex(data.labels, spectral.labels);

    const int colours = std::max(clusters, groups);
    ctx.publish(clusterChart("kmeans", QStringLiteral("k-means: adjusted Rand index %1").arg(ariKMeans, 0, 'f', 3), data.points,
                             matchedToTruth(kmeans.labels, data.labels, clusters, groups), colours));
    ctx.publish(clusterChart("spectral", QStringLiteral("Spectral clustering: adjusted Rand index %1").arg(ariSpectral, 0, 'f', 3),
                             data.points, matchedToTruth(spectral.labels, data.labels, clusters, groups), colours));
    const QString kind = knn ? QStringLiteral("%1 nearest neighbours").arg(ctx.integer("neighbors"))
                             : QStringLiteral("Gaussian kernel, σ = %1").arg(ctx.real("sigma"));
    ctx.publish(graphChart(spectral.graph, data.points, data.labels, groups, kind, spectral.graphComponents));
    std::vector<std::string> names;
    for (int g = 0; g < groups; ++g)
        names.push_back("true group " + std::to_string(g + 1));
    ui::ChartSpec embedding = scatterByClass("embedding", "The eigenvector embedding (rows scaled to length 1)",
                                             spectral.embedding.leftCols(2), data.labels, names, "eigenvector 1 coordinate",
                                             "eigenvector 2 coordinate");
    ctx.publish(embedding);
    ctx.publish(eigenvalueChart(spectral.eigenvalues, spectral.suggestedClusters, clusters));
    ctx.figure({.id = "spectral", .title = "k-means against spectral clustering", .rows = 3, .cols = 2,
                .panels = {{.chart = "kmeans"}, {.chart = "spectral", .col = 1}, {.chart = "graph", .row = 1},
                           {.chart = "embedding", .row = 1, .col = 1}, {.chart = "eigengap", .row = 2, .colSpan = 2}}});

    ctx.note(QStringLiteral("Adjusted Rand index against the true groups (1: the same grouping, 0: chance): k-means %1, "
                            "spectral clustering %2.")
                 .arg(ariKMeans, 0, 'f', 3)
                 .arg(ariSpectral, 0, 'f', 3));
    ctx.note(QStringLiteral("The graph has %1 connected component%2; the eigengap among its %3 smallest eigenvalues suggests "
                            "%4 cluster%5. The gap is read as a ratio, λ%6/λ%4 = %7 here, not as a difference: the "
                            "eigenvalues of elongated clusters grow steadily, so the largest difference comes late, "
                            "while the largest ratio marks the first clear jump.")
                 .arg(spectral.graphComponents)
                 .arg(spectral.graphComponents == 1 ? "" : "s")
                 .arg(spectral.eigenvalues.size())
                 .arg(spectral.suggestedClusters)
                 .arg(spectral.suggestedClusters == 1 ? "" : "s")
                 .arg(spectral.suggestedClusters + 1)
                 .arg(linalg::eigengapRatio(spectral.eigenvalues, spectral.suggestedClusters), 0, 'g', 3));
    if (spectral.graphComponents == clusters)
        ctx.note(QStringLiteral("The graph falls apart into exactly %1 pieces, so the embedding is %1 points: every point "
                                "of a piece lands on the same spot, and k-means there cannot go wrong. Raise the noise to "
                                "join the pieces.")
                     .arg(clusters));
    ctx.metric("adjusted_rand_index", QJsonObject{{"kmeans", ariKMeans}, {"spectral", ariSpectral}});
    ctx.metric("suggested_clusters", spectral.suggestedClusters);
    ctx.metric("graph_components", spectral.graphComponents);
    ctx.metric("eigenvalues", jsonArray(spectral.eigenvalues));
}

} // namespace

ui::Step spectralStep()
{
    ui::Step s;
    s.id = "spectral";
    s.title = "Spectral clustering";
    s.textFile = ":/labs/pca/spectral.md";
    s.parameters << ui::Parameter::choice("shape", "Data set", {"moons", "circles", "blobs"}, "moons",
                                          "Two interleaving half circles, two concentric circles, or three Gaussian blobs")
                 << ui::Parameter::integer("points", "Points", 300, 20, 2000)
                 << ui::Parameter::real("noise", "Noise", 0.07, 0.0, 0.5, false, 3,
                                        "The sd of the noise added to each coordinate (blobs: widens them)")
                 << ui::Parameter::choice("graph", "Graph", {"knn", "gaussian"}, "knn",
                                          "knn: each point joined to its nearest neighbours; gaussian: every pair "
                                          "weighted by exp(−d² / 2σ²)")
                 << ui::Parameter::integer("neighbors", "Neighbours", 10, 1, 100, "For the knn graph")
                 << ui::Parameter::real("sigma", "Kernel width σ", 0.1, 0.005, 10.0, true, 3, "For the Gaussian graph")
                 << ui::Parameter::integer("clusters", "Clusters", 0, 0, 10, "0: as many as the data set has groups");
    s.run = run;
    return s;
}

} // namespace mlwb::labs::pcalab
