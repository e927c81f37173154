// The linear-algebra engine's decompositions, randomized SVD, matrix completion, k-means and
// spectral clustering against closed forms, Eigen's own decompositions, scikit-learn's
// documented values and brute-force loops. PCA itself: tst_pca.
#include "linalg_test_data.h"

#include "linalg/adjusted_rand.h"
#include "linalg/completion.h"
#include "linalg/householder_qr.h"
#include "linalg/kmeans.h"
#include "linalg/randomized_svd.h"
#include "linalg/small_svd.h"
#include "linalg/spectral.h"
#include "linalg/symmetric_eigen.h"
#include "linalg/synthetic_ratings.h"
#include "linalg/toy_data.h"
#include "tensor/detail/gemm.h"

#include <QtTest>

#include <cmath>
#include <functional>
#include <limits>
#include <map>

using namespace mlwb;
using namespace mlwb::linalg;
using namespace linalgtest;

class LinalgTest : public QObject {
    Q_OBJECT
private slots:
    void symmetricEigenpairsMatchFullSolver_data();
    void symmetricEigenpairsMatchFullSolver();
    void smallSvdMatchesBdcsvd_data();
    void smallSvdMatchesBdcsvd();
    void householderQrMatchesEigen_data();
    void householderQrMatchesEigen();
    void centredTriangleMatchesEigen_data();
    void centredTriangleMatchesEigen();
    void completionRecoversNoiselessLowRank();
    void completionCallbackStops();
    void syntheticRatingsFollowOptions();
    void toyDataShapes();
    void kMeansFindsBlobs();
    void spectralSeparatesMoonsWhereKMeansFails_data();
    void spectralSeparatesMoonsWhereKMeansFails();
    void denseAndSparseEigensolversAgree_data();
    void denseAndSparseEigensolversAgree();
    void eigengapSuggestsClusters();
    void adjustedRandIndexKnownValues_data();
    void adjustedRandIndexKnownValues();
    void adjustedRandIndexMatchesPairCounting();
    void badInputNamesTheProblem_data();
    void badInputNamesTheProblem();
};

void LinalgTest::symmetricEigenpairsMatchFullSolver_data()
{
    QTest::addColumn<QString>("matrix");
    QTest::addColumn<bool>("largest");
    QTest::newRow("random, largest") << "random" << true;
    QTest::newRow("random, smallest") << "random" << false;
    QTest::newRow("a cluster of 4 equal eigenvalues, largest") << "cluster" << true;
    QTest::newRow("a cluster of 4 equal eigenvalues, smallest") << "bottom cluster" << false;
}

void LinalgTest::symmetricEigenpairsMatchFullSolver()
{
    QFETCH(QString, matrix);
    QFETCH(bool, largest);
    constexpr Index n = 120, k = 8;
    const MatrixXd g = lowRankPlusNoise(n, n, 0, 1.0, 8);
    MatrixXd c = g + g.transpose();
    if (matrix != "random") {
        // Q diag(λ) Qᵀ with λ from 4 down to −7, the top four (or the bottom four) made equal.
        const MatrixXd q = Eigen::HouseholderQR<MatrixXd>(g).householderQ();
        VectorXd lambda = VectorXd::LinSpaced(n, 4.0, -7.0);
        if (matrix == "cluster")
            lambda.head(4).setConstant(5.0);
        else
            lambda.tail(4).setConstant(-8.0);
        c = q * lambda.asDiagonal() * q.transpose();
    }
    const SymmetricEigenpairs pairs = symmetricEigenpairs(c, k, largest ? SpectrumEnd::Largest : SpectrumEnd::Smallest);
    const Eigen::SelfAdjointEigenSolver<MatrixXd> full(c);
    QVERIFY(maxAbs(pairs.values - full.eigenvalues()) < 1e-12 * maxAbs(c));
    const VectorXd lambda =
        largest ? VectorXd(full.eigenvalues().tail(k).reverse()) : VectorXd(full.eigenvalues().head(k));
    QCOMPARE(pairs.vectors.cols(), k);
    // Eigenpairs, orthonormal, spanning what the full solver's vectors span.
    QVERIFY(maxAbs(c * pairs.vectors - pairs.vectors * lambda.asDiagonal()) < 1e-12 * maxAbs(c));
    QVERIFY(maxAbs(pairs.vectors.transpose() * pairs.vectors - MatrixXd::Identity(k, k)) < 1e-12);
    const MatrixXd reference = largest ? full.eigenvectors().rightCols(k) : full.eigenvectors().leftCols(k);
    QVERIFY(largestPrincipalAngleSine(reference, pairs.vectors) < 1e-10);
}

void LinalgTest::smallSvdMatchesBdcsvd_data()
{
    QTest::addColumn<QString>("matrix");
    QTest::addColumn<int>("vectors");
    QTest::newRow("random triangle, 10 vectors: Golub–Kahan") << "random" << 10;
    QTest::newRow("singular values 1 … 1e-12, 5 vectors") << "graded" << 5;
    QTest::newRow("random triangle, 30 vectors: BDCSVD") << "random" << 30;
}

void LinalgTest::smallSvdMatchesBdcsvd()
{
    QFETCH(QString, matrix);
    QFETCH(int, vectors);
    constexpr Index n = 100;
    const VectorXd s = VectorXd::LinSpaced(n, 0.0, -12.0).unaryExpr([](double e) { return std::pow(10.0, e); });
    const MatrixXd r = matrix == "random" ? MatrixXd(lowRankPlusNoise(n, n, 0, 1.0, 9).triangularView<Eigen::Upper>())
                                          : withSingularValues(n, s, 10);
    const Eigen::BDCSVD<MatrixXd> reference(r, Eigen::ComputeThinV);
    // The bidiagonalisation runs at the dispatched ISA level: every level the CPU has.
    const auto active = tensor::detail::activeGemmIsa();
    for (const auto isa : tensor::detail::supportedGemmIsas()) {
        tensor::detail::useGemmIsa(isa);
        const RightSingularVectors svd = rightSingularVectors(r, vectors);
        // Both backward stable: the values agree to rounding of the largest.
        QVERIFY(maxAbs(svd.singularValues - reference.singularValues()) < 1e-13 * reference.singularValues()(0));
        QCOMPARE(svd.v.cols(), vectors);
        QVERIFY(maxAbs(svd.v.transpose() * svd.v - MatrixXd::Identity(vectors, vectors)) < 1e-12);
        // r·v = σ·u with u unit length: ‖r·v‖ = σ, and the span is BDCSVD's.
        for (int j = 0; j < vectors; ++j)
            QVERIFY(std::abs((r * svd.v.col(j)).norm() - svd.singularValues(j)) < 1e-13 * svd.singularValues(0));
        QVERIFY(largestPrincipalAngleSine(reference.matrixV().leftCols(vectors), svd.v) < 1e-10);
    }
    tensor::detail::useGemmIsa(active);
}

void LinalgTest::householderQrMatchesEigen_data()
{
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("cols");
    QTest::newRow("10 × 3") << 10 << 3;
    QTest::newRow("square 70") << 70 << 70;
    QTest::newRow("3000 × 150: row chunks, panels, recursion") << 3000 << 150;
}

void LinalgTest::householderQrMatchesEigen()
{
    QFETCH(int, rows);
    QFETCH(int, cols);
    const MatrixXd a = lowRankPlusNoise(rows, cols, 0, 1.0, 5);
    const MatrixXd r = triangularFactor(a);
    const MatrixXd reference =
        Eigen::HouseholderQR<MatrixXd>(a).matrixQR().topRows(cols).triangularView<Eigen::Upper>();
    // R is unique up to the signs of its rows.
    QVERIFY(maxAbs(r.cwiseAbs() - reference.cwiseAbs()) < 1e-12 * maxAbs(reference));
    QVERIFY(maxAbs(MatrixXd(r.triangularView<Eigen::StrictlyLower>())) == 0);
    const MatrixXd q = orthonormalBasis(a);
    QVERIFY(maxAbs(q.transpose() * q - MatrixXd::Identity(cols, cols)) < 1e-13);
    QVERIFY(maxAbs(q * (q.transpose() * a) - a) < 1e-12 * maxAbs(a));
}

void LinalgTest::centredTriangleMatchesEigen_data()
{
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("cols");
    QTest::addColumn<double>("offset");
    QTest::newRow("300 × 6: one block") << 300 << 6 << 0.0;
    QTest::newRow("3000 × 40: two chunks, each in pieces of two blocks and one") << 3000 << 40 << 0.0;
    QTest::newRow("20000 × 12: eight chunks, each in pieces of three blocks and two") << 20000 << 12 << 0.0;
    QTest::newRow("1999 × 77: every remainder of the kernels' blocks") << 1999 << 77 << 0.0;
    QTest::newRow("3000 × 40, means of 1e6 over a spread of 1") << 3000 << 40 << 1e6;
}

// R and the means from one pass, at every ISA level of the kernel, against Eigen's QR of the
// data centred by Eigen.
void LinalgTest::centredTriangleMatchesEigen()
{
    QFETCH(int, rows);
    QFETCH(int, cols);
    QFETCH(double, offset);
    MatrixXd a = lowRankPlusNoise(rows, cols, 0, 1.0, 8);
    a.rowwise() += Eigen::RowVectorXd::LinSpaced(cols, offset, 2 * offset);
    // Exact means, so that the reference's centring adds only the rounding of the entries.
    Eigen::RowVectorXd mean(cols);
    for (int j = 0; j < cols; ++j) {
        long double sum = 0;
        for (int i = 0; i < rows; ++i)
            sum += a(i, j);
        mean(j) = double(sum / rows);
    }
    const MatrixXd reference = Eigen::HouseholderQR<MatrixXd>(a.rowwise() - mean)
                                   .matrixQR()
                                   .topRows(cols)
                                   .triangularView<Eigen::Upper>();
    // Centring values of 1e6 leaves errors of their rounding, 1e-16 · 1e6 each (R's came out
    // 2.4e-11 of its largest entry from the reference's).
    const double tolerance = 1e-13 + 1e-16 * offset;
    const auto active = tensor::detail::activeGemmIsa();
    for (const auto isa : tensor::detail::supportedGemmIsas()) {
        tensor::detail::useGemmIsa(isa);
        const CentredTriangle f = triangularFactorOfCentred(a);
        QVERIFY(maxAbs(f.mean - mean) <= 1e-15 * (1 + 2 * offset));
        // R is unique up to the signs of its rows.
        QVERIFY2(maxAbs(f.r.cwiseAbs() - reference.cwiseAbs()) < tolerance * maxAbs(reference),
                 qPrintable(QString::number(maxAbs(f.r.cwiseAbs() - reference.cwiseAbs()) / maxAbs(reference))));
        QVERIFY(maxAbs(MatrixXd(f.r.triangularView<Eigen::StrictlyLower>())) == 0);
    }
    tensor::detail::useGemmIsa(active);
}

void LinalgTest::completionRecoversNoiselessLowRank()
{
    const SyntheticRatings s = syntheticRatings(
        {.users = 120, .items = 90, .rank = 3, .noise = 0, .observedFraction = 0.5, .heldOutFraction = 0.2, .seed = 2});
    const Completion c =
        completeAls(s.ratings, s.train, s.heldOut, {.rank = 3, .l2 = 1e-9, .iterations = 100, .seed = 1});
    QCOMPARE(int(c.trainRmse.size()), 100);
    QVERIFY2(c.heldOutRmse.back() < 1e-6, qPrintable(QString::number(c.heldOutRmse.back())));
    // Every entry, seen or not, is the truth's.
    QVERIFY(maxAbs(c.predictions() - s.truth) < 1e-5);
    // The RMSE is what its definition says, by a loop.
    double sum = 0;
    int count = 0;
    const MatrixXd predicted = c.predictions();
    for (Index j = 0; j < 90; ++j)
        for (Index i = 0; i < 120; ++i)
            if (s.train(i, j)) {
                sum += std::pow(s.ratings(i, j) - predicted(i, j), 2);
                ++count;
            }
    QVERIFY(std::abs(std::sqrt(sum / count) - c.trainRmse.back()) < 1e-15 + 1e-12 * c.trainRmse.back());
}

void LinalgTest::completionCallbackStops()
{
    const SyntheticRatings s = syntheticRatings({.users = 60, .items = 40, .rank = 2, .noise = 0.3, .seed = 4});
    std::vector<double> seen;
    const auto stopAtFive = [&](int iteration, double, double heldOut) {
        seen.push_back(heldOut);
        return iteration == 5;
    };
    const Completion c = completeAls(s.ratings, s.train, s.heldOut, {.rank = 2, .iterations = 50}, stopAtFive);
    QVERIFY(c.stopped);
    QCOMPARE(int(c.heldOutRmse.size()), 5);
    QCOMPARE(seen, c.heldOutRmse);
    QVERIFY(c.heldOutRmse.back() < c.heldOutRmse.front());
}

void LinalgTest::syntheticRatingsFollowOptions()
{
    const SyntheticRatings s = syntheticRatings({.users = 200,
                                                 .items = 150,
                                                 .rank = 4,
                                                 .noise = 0.5,
                                                 .observedFraction = 0.3,
                                                 .heldOutFraction = 0.25,
                                                 .seed = 9});
    const double observed = double((s.train || s.heldOut).count()) / (200.0 * 150.0);
    QVERIFY(std::abs(observed - 0.3) < 0.01);
    QVERIFY(std::abs(double(s.heldOut.count()) / double((s.train || s.heldOut).count()) - 0.25) < 0.02);
    QVERIFY(!(s.train && s.heldOut).any());
    QCOMPARE(Eigen::FullPivLU<MatrixXd>(s.truth).rank(), 4);
    QVERIFY(std::abs(s.truth.squaredNorm() / double(s.truth.size()) - 1.0) < 0.15);
    const Mask unobserved = !(s.train || s.heldOut);
    for (Index j = 0; j < 150; ++j)
        for (Index i = 0; i < 200; ++i)
            QCOMPARE(bool(std::isnan(s.ratings(i, j))), bool(unobserved(i, j)));
    // The noise: observed ratings minus truth have standard deviation 0.5.
    double sum = 0;
    for (Index j = 0; j < 150; ++j)
        for (Index i = 0; i < 200; ++i)
            if (!unobserved(i, j))
                sum += std::pow(s.ratings(i, j) - s.truth(i, j), 2);
    QVERIFY(std::abs(std::sqrt(sum / double((!unobserved).count())) - 0.5) < 0.02);
}

void LinalgTest::toyDataShapes()
{
    // Without noise each point lies on its curve.
    const LabeledPoints moons = makeMoons(101, 0.0, 1);
    QCOMPARE(moons.points.rows(), 101);
    QCOMPARE(std::count(moons.labels.begin(), moons.labels.end(), 0), 50);
    const LabeledPoints circles = makeCircles(80, 0.0, 0.4, 1);
    for (Index i = 0; i < 101; ++i) {
        const Eigen::RowVector2d p = moons.points.row(i);
        const Eigen::RowVector2d centre =
            moons.labels[std::size_t(i)] == 0 ? Eigen::RowVector2d(0, 0) : Eigen::RowVector2d(1, 0.5);
        QVERIFY(std::abs((p - centre).norm() - 1.0) < 1e-12);
    }
    for (Index i = 0; i < 80; ++i)
        QVERIFY(std::abs(circles.points.row(i).norm() - (circles.labels[std::size_t(i)] == 0 ? 1.0 : 0.4)) < 1e-12);
    const LabeledPoints blobs = makeBlobs(100, 3, 0.5, 4, 2);
    QCOMPARE(blobs.points.cols(), 4);
    QCOMPARE(std::count(blobs.labels.begin(), blobs.labels.end(), 0), 34);
    QCOMPARE(std::count(blobs.labels.begin(), blobs.labels.end(), 2), 33);
    // The same seed, the same points.
    QCOMPARE(makeMoons(101, 0.1, 5).points, makeMoons(101, 0.1, 5).points);
    QVERIFY(makeMoons(101, 0.1, 5).points != makeMoons(101, 0.1, 6).points);
}

void LinalgTest::kMeansFindsBlobs()
{
    const LabeledPoints blobs = makeBlobs(300, 4, 0.4, 2, 8);
    const KMeansResult r = kMeans(blobs.points, {.clusters = 4, .seed = 1});
    QCOMPARE(adjustedRandIndex(blobs.labels, r.labels), 1.0);
    // The inertia and the centres are what their definitions say, by loops.
    double inertia = 0;
    for (Index i = 0; i < 300; ++i) {
        const int c = r.labels[std::size_t(i)];
        inertia += (blobs.points.row(i) - r.centers.row(c)).squaredNorm();
        for (Index other = 0; other < 4; ++other)
            QVERIFY((blobs.points.row(i) - r.centers.row(c)).norm() <=
                    (blobs.points.row(i) - r.centers.row(other)).norm());
    }
    QVERIFY(std::abs(inertia - r.inertia) < 1e-9 * inertia);
}

void LinalgTest::spectralSeparatesMoonsWhereKMeansFails_data()
{
    QTest::addColumn<QString>("shape");
    QTest::addColumn<int>("graph");
    QTest::newRow("two moons, 10 nearest neighbours") << "moons" << int(GraphKind::NearestNeighbors);
    QTest::newRow("two moons, Gaussian kernel σ = 0.1") << "moons" << int(GraphKind::GaussianKernel);
    QTest::newRow("circles, 10 nearest neighbours") << "circles" << int(GraphKind::NearestNeighbors);
}

void LinalgTest::spectralSeparatesMoonsWhereKMeansFails()
{
    QFETCH(QString, shape);
    QFETCH(int, graph);
    const LabeledPoints d = shape == "moons" ? makeMoons(300, 0.05, 3) : makeCircles(300, 0.05, 0.5, 3);
    const SpectralClustering s =
        spectralClustering(d.points, {.clusters = 2, .graph = GraphKind(graph), .sigma = 0.1, .seed = 1});
    const double spectralAri = adjustedRandIndex(d.labels, s.labels);
    const double kMeansAri = adjustedRandIndex(d.labels, kMeans(d.points, {.clusters = 2, .seed = 1}).labels);
    QVERIFY2(spectralAri > 0.95, qPrintable(QString::number(spectralAri)));
    QVERIFY2(kMeansAri < 0.5, qPrintable(QString::number(kMeansAri)));
    QCOMPARE(s.suggestedClusters, 2);
    QCOMPARE(s.eigenvalues.size(), 10);
    // The eigenvalue 0 once per connected component (the nearest-neighbour graph of the
    // moons falls apart into the two: the ideal case), then a gap.
    QVERIFY(s.graphComponents == 1 || s.graphComponents == 2);
    QCOMPARE((s.eigenvalues.array().abs() < 1e-10).count(), s.graphComponents);
    QVERIFY(s.eigenvalues(s.graphComponents) > 1e-6);
    for (Index i = 0; i < 300; ++i)
        QVERIFY(std::abs(s.embedding.row(i).norm() - 1.0) < 1e-12);
}

void LinalgTest::denseAndSparseEigensolversAgree_data()
{
    QTest::addColumn<int>("neighbors");
    QTest::newRow("connected, 30 neighbours") << 30;
    QTest::newRow("two components, 8 neighbours") << 8;
}

void LinalgTest::denseAndSparseEigensolversAgree()
{
    QFETCH(int, neighbors);
    const LabeledPoints d = makeMoons(400, 0.05, 4);
    const SparseMatrix graph = nearestNeighborGraph(d.points, neighbors);
    QCOMPARE(connectedComponents(graph).count, neighbors == 8 ? 2 : 1);
    const SparseMatrix laplacian = normalizedLaplacian(graph);
    const Eigenpairs dense = smallestEigenpairs(laplacian, 6, EigenSolverKind::Dense);
    const Eigenpairs sparse = smallestEigenpairs(laplacian, 6, EigenSolverKind::Sparse);
    QVERIFY(maxAbs(dense.values - sparse.values) < 1e-9);
    for (const Eigenpairs* pairs : {&dense, &sparse}) {
        // Each is an eigenpair, L v = λ v, and the vectors are orthonormal.
        QVERIFY(maxAbs(laplacian * pairs->vectors - pairs->vectors * pairs->values.asDiagonal()) < 1e-7);
        QVERIFY(maxAbs(pairs->vectors.transpose() * pairs->vectors - MatrixXd::Identity(6, 6)) < 1e-9);
    }
    QVERIFY(largestPrincipalAngleSine(dense.vectors, sparse.vectors) < 1e-6);
}

void LinalgTest::eigengapSuggestsClusters()
{
    QCOMPARE(eigengapClusters((VectorXd(5) << 0, 0.01, 0.02, 0.5, 0.6).finished()), 3);
    // Steady growth, as along two moons: the first jump counts, not the largest difference.
    QCOMPARE(eigengapClusters((VectorXd(6) << 0, 0.002, 0.005, 0.008, 0.014, 0.023).finished()), 2);
    // Two components: two zeros, rounding apart.
    QCOMPARE(eigengapClusters((VectorXd(4) << -1e-17, 4e-17, 0.0025, 0.0026).finished()), 2);
    QCOMPARE(eigengapClusters(VectorXd::Zero(2)), 1);
    // The ratio it weighs, as the lab labels it: λ4/λ3 = 0.5/0.02; a zero divisor counts as 1e-10.
    const VectorXd values = (VectorXd(5) << 0, 0.01, 0.02, 0.5, 0.6).finished();
    QCOMPARE(eigengapRatio(values, 3), 25.0);
    QCOMPARE(eigengapRatio(values, 1), 1e8);
    QCOMPARE(eigengapRatio(values, 0), 0.0);
    QCOMPARE(eigengapRatio(values, 5), 0.0);
    // Three blobs far apart for the kernel's width: three eigenvalues near 0.
    const LabeledPoints blobs = makeBlobs(150, 3, 0.3, 2, 21);
    const SpectralClustering s =
        spectralClustering(blobs.points, {.clusters = 3, .graph = GraphKind::GaussianKernel, .sigma = 1.0, .seed = 2});
    QCOMPARE(s.suggestedClusters, 3);
    QCOMPARE(adjustedRandIndex(blobs.labels, s.labels), 1.0);
}

void LinalgTest::adjustedRandIndexKnownValues_data()
{
    QTest::addColumn<QList<int>>("truth");
    QTest::addColumn<QList<int>>("predicted");
    QTest::addColumn<double>("expected");
    // scikit-learn's documented examples (adjusted_rand_score).
    QTest::newRow("same") << QList<int>{0, 0, 1, 1} << QList<int>{0, 0, 1, 1} << 1.0;
    QTest::newRow("renamed") << QList<int>{0, 0, 1, 1} << QList<int>{1, 1, 0, 0} << 1.0;
    QTest::newRow("split class") << QList<int>{0, 0, 1, 2} << QList<int>{0, 0, 1, 1} << 4.0 / 7.0;
    QTest::newRow("merged") << QList<int>{0, 0, 1, 1} << QList<int>{0, 0, 1, 2} << 4.0 / 7.0;
    QTest::newRow("all apart") << QList<int>{0, 0, 0, 0} << QList<int>{0, 1, 2, 3} << 0.0;
    QTest::newRow("crossed") << QList<int>{0, 0, 1, 1} << QList<int>{0, 1, 0, 1} << -0.5;
    // By hand: the table [[2,1,0],[0,1,2]] has Σ C(nij,2) = 2, rows Σ C(3,2) = 6, columns
    // Σ C(2,2) = 3, C(6,2) = 15: (2 − 6·3/15) / ((6 + 3)/2 − 6·3/15) = 8/33.
    QTest::newRow("by hand, 6 points") << QList<int>{0, 0, 0, 1, 1, 1} << QList<int>{0, 0, 1, 1, 2, 2} << 8.0 / 33.0;
    QTest::newRow("any integers as labels") << QList<int>{-5, -5, 7, 7} << QList<int>{100, 100, 3, 3} << 1.0;
}

void LinalgTest::adjustedRandIndexKnownValues()
{
    QFETCH(QList<int>, truth);
    QFETCH(QList<int>, predicted);
    QFETCH(double, expected);
    const double ari = adjustedRandIndex(std::span<const int>(truth.data(), std::size_t(truth.size())),
                                         std::span<const int>(predicted.data(), std::size_t(predicted.size())));
    QVERIFY2(std::abs(ari - expected) < 1e-15, qPrintable(QString::number(ari, 'g', 17)));
}

void LinalgTest::adjustedRandIndexMatchesPairCounting()
{
    // Hubert & Arabie's formula from a loop over all pairs of points.
    std::mt19937_64 rng(12);
    for (int trial = 0; trial < 20; ++trial) {
        const int n = 5 + trial * 3;
        std::vector<int> a(static_cast<std::size_t>(n)), b(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) {
            a[std::size_t(i)] = int(rng() % 4);
            b[std::size_t(i)] = int(rng() % 3);
        }
        double both = 0, inA = 0, inB = 0;
        for (int i = 0; i < n; ++i)
            for (int j = i + 1; j < n; ++j) {
                const bool sameA = a[std::size_t(i)] == a[std::size_t(j)];
                const bool sameB = b[std::size_t(i)] == b[std::size_t(j)];
                both += sameA && sameB;
                inA += sameA;
                inB += sameB;
            }
        const double pairs = n * (n - 1) / 2.0, expected = inA * inB / pairs;
        const double ari = (both - expected) / ((inA + inB) / 2 - expected);
        QVERIFY(std::abs(adjustedRandIndex(a, b) - ari) < 1e-12);
    }
}

void LinalgTest::badInputNamesTheProblem_data()
{
    QTest::addColumn<QString>("problem");
    QTest::addColumn<QString>("message");
    QTest::newRow("k ≥ n in k-means") << "kmeans" << "cannot make 5 clusters of 5 points";
    QTest::newRow("k ≥ n in spectral clustering") << "spectral k" << "cannot make 8 clusters of 8 points";
    QTest::newRow("disconnected graph")
        << "disconnected" << "disconnected: it has 3 connected components (of 20, 20, 20 points), more than the 2";
    QTest::newRow("randomized rank") << "randomized" << "between 1 and 4";
    QTest::newRow("rating NaN") << "rating" << "user (row) 0 for item (column) 1 is nan";
    QTest::newRow("masks overlap") << "overlap" << "both trained on and held out";
}

void LinalgTest::badInputNamesTheProblem()
{
    QFETCH(QString, problem);
    QFETCH(QString, message);
    const Mask all = Mask::Constant(2, 2, true);
    const std::map<QString, std::function<void()>> cases{
        {"kmeans", [] { kMeans(MatrixXd::Random(5, 2), {.clusters = 5}); }},
        {"spectral k", [] { spectralClustering(MatrixXd::Random(8, 2), {.clusters = 8}); }},
        {"disconnected",
         [] {
             MatrixXd x = MatrixXd::Random(60, 2);
             x.middleRows(20, 20).array() += 100;
             x.bottomRows(20).array() -= 100;
             spectralClustering(x, {.clusters = 2, .neighbors = 5});
         }},
        {"randomized", [] { randomizedSvd(MatrixXd::Random(10, 4), 5); }},
        {"rating",
         [] {
             MatrixXd r = MatrixXd::Ones(2, 2);
             r(0, 1) = std::numeric_limits<double>::quiet_NaN();
             completeAls(r, Mask::Constant(2, 2, true), Mask::Constant(2, 2, false), {.rank = 1});
         }},
        {"overlap", [&] { completeAls(MatrixXd::Ones(2, 2), all, all, {.rank = 1}); }},
    };
    const QString error = errorOf(cases.at(problem));
    QVERIFY2(error.contains(message), qPrintable(error));
}

QTEST_APPLESS_MAIN(LinalgTest)
#include "tst_linalg.moc"
