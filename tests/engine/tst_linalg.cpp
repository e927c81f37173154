// The linear-algebra engine against published data-set figures, scikit-learn's documented
// values, closed forms, Eigen's own decompositions and brute-force loops.
#include "bench/pca_workloads.h"
#include "core/input_error.h"
#include "data/csv_reader.h"
#include "linalg/adjusted_rand.h"
#include "linalg/completion.h"
#include "linalg/householder_qr.h"
#include "linalg/kmeans.h"
#include "linalg/pca.h"
#include "linalg/randomized_svd.h"
#include "linalg/small_svd.h"
#include "linalg/spectral.h"
#include "linalg/symmetric_eigen.h"
#include "linalg/synthetic_ratings.h"
#include "linalg/toy_data.h"

#include <Eigen/Dense>

#include <QtTest>

#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <random>

using namespace mlwb;
using namespace mlwb::linalg;
using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

Q_DECLARE_METATYPE(mlwb::linalg::PcaSolver)

class LinalgTest : public QObject {
    Q_OBJECT
private slots:
    void explainedVarianceMatchesPublishedFigures_data();
    void explainedVarianceMatchesPublishedFigures();
    void irisComponentsMatchScikitLearn();
    void componentsHaveTheirLargestEntryPositive();
    void fitWithoutScoresIsTheSameFit();
    void routesAgree_data();
    void routesAgree();
    void inverseTransformRecoversData_data();
    void inverseTransformRecoversData();
    void whitenedScoresHaveIdentityCovariance();
    void varianceFractionChoosesComponents();
    void svdRouteKeepsDigitsCovarianceLoses();
    void symmetricEigenpairsMatchFullSolver_data();
    void symmetricEigenpairsMatchFullSolver();
    void smallSvdMatchesBdcsvd_data();
    void smallSvdMatchesBdcsvd();
    void householderQrMatchesEigen_data();
    void householderQrMatchesEigen();
    void randomizedSvdMatchesExactTopK();
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
    void pcaWorkloadsVerify_data();
    void pcaWorkloadsVerify();
};

namespace {

struct Dataset {
    MatrixXd x;
    std::vector<std::string> names;
};

// The numeric columns of a bundled data set, except `label`.
Dataset load(const char* name, const char* label)
{
    const auto table = data::readCsvFile(std::string(MLWB_DATASETS "/") + name + ".csv").table;
    Dataset d;
    for (const auto& c : table.columns)
        if (c.type == data::ColumnType::Numeric && c.name != label)
            d.names.push_back(c.name);
    d.x.resize(Index(table.rowCount()), Index(d.names.size()));
    for (std::size_t j = 0; j < d.names.size(); ++j) {
        const auto& c = table.column(d.names[j]);
        for (std::size_t i = 0; i < table.rowCount(); ++i)
            d.x(Index(i), Index(j)) = c.numbers[i];
    }
    return d;
}

Dataset iris() { return load("iris", "species"); }
Dataset wine() { return load("wine", "cultivar"); }
Dataset digits() { return load("digits", "digit"); }

// A matrix with the given singular values: U·diag(s)·Vᵀ with U's columns orthonormal and
// orthogonal to the ones vector (so centring leaves it as it is) and V orthogonal.
MatrixXd withSingularValues(Index rows, const VectorXd& s, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    const Index p = s.size();
    MatrixXd a(rows, p), b(p, p);
    for (MatrixXd* m : {&a, &b})
        for (Index j = 0; j < m->cols(); ++j)
            for (Index i = 0; i < m->rows(); ++i)
                (*m)(i, j) = normal(rng);
    a.rowwise() -= a.colwise().mean();
    const MatrixXd u = Eigen::HouseholderQR<MatrixXd>(a).householderQ() * MatrixXd::Identity(rows, p);
    const MatrixXd v = Eigen::HouseholderQR<MatrixXd>(b).householderQ();
    return u * s.asDiagonal() * v.transpose();
}

double maxAbs(const MatrixXd& m) { return m.cwiseAbs().maxCoeff(); }

template <typename F>
QString errorOf(F&& f)
{
    try {
        f();
    } catch (const InputError& e) {
        return QString::fromStdString(e.what());
    }
    return QStringLiteral("(no InputError)");
}

} // namespace

void LinalgTest::explainedVarianceMatchesPublishedFigures_data()
{
    QTest::addColumn<QString>("dataset");
    QTest::addColumn<bool>("standardize");
    QTest::addColumn<PcaSolver>("solver");
    QTest::addColumn<QList<double>>("ratios");
    // The figures scikit-learn's PCA gives, as the course notes print them (4 decimals).
    for (const auto& [solver, route] : {std::pair{PcaSolver::Covariance, "eigen"}, {PcaSolver::Svd, "SVD"}}) {
        QTest::addRow("iris unscaled, %s", route) << "iris" << false << solver << QList<double>{0.9246, 0.0531};
        QTest::addRow("wine unscaled, %s", route) << "wine" << false << solver << QList<double>{0.9981, 0.0017};
        QTest::addRow("wine standardized, %s", route)
            << "wine" << true << solver << QList<double>{0.3620, 0.1921, 0.1112};
        QTest::addRow("digits, %s", route) << "digits" << false << solver << QList<double>{0.1489, 0.1362, 0.1179};
    }
}

void LinalgTest::explainedVarianceMatchesPublishedFigures()
{
    QFETCH(QString, dataset);
    QFETCH(bool, standardize);
    QFETCH(PcaSolver, solver);
    QFETCH(QList<double>, ratios);
    const Dataset d = dataset == "iris" ? iris() : dataset == "wine" ? wine() : digits();
    const Pca pca = fitPca(d.x, {.solver = solver, .standardize = standardize}).pca;
    QCOMPARE(pca.componentCount(), std::min(d.x.rows(), d.x.cols()));
    for (int i = 0; i < ratios.size(); ++i)
        QVERIFY2(std::abs(pca.explainedVarianceRatio(i) - ratios[i]) <= 5e-5,
                 qPrintable(QString("component %1: %2").arg(i).arg(pca.explainedVarianceRatio(i), 0, 'g', 8)));
    QVERIFY(std::abs(pca.explainedVarianceRatio.sum() - 1.0) < 1e-12);
    // The explained variances are the variances (n − 1) of the score columns.
    const MatrixXd scores = pca.transform(d.x);
    const VectorXd variances = scores.colwise().squaredNorm() / double(d.x.rows() - 1);
    QVERIFY(maxAbs(variances - pca.explainedVariance) <= 1e-9 * pca.explainedVariance(0));
}

void LinalgTest::irisComponentsMatchScikitLearn()
{
    // scikit-learn's PCA(n_components=2).fit(iris).components_ (the same in 1.2 and 1.5:
    // both rows have their largest entry positive already).
    MatrixXd expected(2, 4);
    expected << 0.36138659, -0.08452251, 0.85667061, 0.3582892, 0.65658877, 0.73016143, -0.17337266, -0.07548102;
    for (const PcaSolver solver : {PcaSolver::Covariance, PcaSolver::Svd}) {
        const Pca pca = fitPca(iris().x, {.solver = solver, .components = 2}).pca;
        QVERIFY2(maxAbs(pca.components - expected) < 1e-8, "components differ from scikit-learn's");
        QVERIFY(std::abs(pca.singularValues(0) - 25.09996044) < 1e-6);
    }
}

// scikit-learn's PCA since 1.5 (svd_flip with u_based_decision=False): each component's entry
// of largest magnitude is positive, whatever the route.
void LinalgTest::componentsHaveTheirLargestEntryPositive()
{
    const Dataset d = wine();
    for (const PcaSolver solver : {PcaSolver::Covariance, PcaSolver::Svd, PcaSolver::Randomized}) {
        const Pca pca = fitPca(d.x, {.solver = solver, .standardize = true, .components = 5}).pca;
        for (Eigen::Index i = 0; i < pca.componentCount(); ++i) {
            Eigen::Index largest = 0;
            pca.components.row(i).cwiseAbs().maxCoeff(&largest);
            QVERIFY2(pca.components(i, largest) > 0, qPrintable(QString("component %1").arg(i)));
        }
    }
}

// A fit without scores (scikit-learn's PCA.fit) finds the same components and spectrum.
void LinalgTest::fitWithoutScoresIsTheSameFit()
{
    const Dataset d = wine();
    for (const PcaSolver solver : {PcaSolver::Covariance, PcaSolver::Svd}) {
        const PcaFit with = fitPca(d.x, {.solver = solver, .standardize = true});
        const PcaFit without = fitPca(d.x, {.solver = solver, .standardize = true, .scores = false});
        QCOMPARE(without.scores.size(), Eigen::Index(0));
        QVERIFY(maxAbs(with.pca.components - without.pca.components) == 0);
        QVERIFY(maxAbs(with.pca.allSingularValues - without.pca.allSingularValues) == 0);
        QVERIFY(maxAbs(without.pca.transform(d.x) - with.scores) < 1e-12);
    }
}

void LinalgTest::routesAgree_data()
{
    QTest::addColumn<QString>("dataset");
    QTest::addColumn<bool>("standardize");
    QTest::addColumn<int>("components");
    QTest::newRow("iris") << "iris" << false << 0;
    QTest::newRow("wine standardized") << "wine" << true << 0;
    // The ninth component of 9 rows has no variance, so no direction to agree on.
    QTest::newRow("wide: 9 rows × 14 columns, 8 components") << "wide" << false << 8;
    QTest::newRow("singular values 10 … 1, 500 rows") << "spread" << false << 0;
    QTest::newRow("the top 3 of them: inverse iteration") << "spread" << false << 3;
}

void LinalgTest::routesAgree()
{
    QFETCH(QString, dataset);
    QFETCH(bool, standardize);
    QFETCH(int, components);
    MatrixXd x;
    if (dataset == "iris")
        x = iris().x;
    else if (dataset == "wine")
        x = wine().x;
    else if (dataset == "wide")
        x = withSingularValues(9, VectorXd::LinSpaced(8, 8.0, 1.0), 3) * MatrixXd::Identity(8, 14) +
            MatrixXd::Constant(9, 14, 2.0);
    else
        x = withSingularValues(500, VectorXd::LinSpaced(12, 10.0, 1.0), 4);
    const PcaOptions options{.standardize = standardize, .components = components};
    PcaOptions eigenOptions = options;
    eigenOptions.solver = PcaSolver::Covariance;
    const PcaFit eigen = fitPca(x, eigenOptions);
    const PcaFit svd = fitPca(x, options);
    QVERIFY2(maxAbs(eigen.pca.components - svd.pca.components) < 1e-10,
             qPrintable(QString::number(maxAbs(eigen.pca.components - svd.pca.components))));
    QVERIFY(maxAbs(eigen.scores - svd.scores) < 1e-10 * maxAbs(svd.scores));
    QVERIFY(maxAbs(eigen.pca.singularValues - svd.pca.singularValues) < 1e-10 * svd.pca.singularValues(0));
    // The scores are the data projected on the components: transform gives them again.
    QVERIFY(maxAbs(svd.pca.transform(x) - svd.scores) < 1e-10 * maxAbs(svd.scores));
}

void LinalgTest::inverseTransformRecoversData_data()
{
    QTest::addColumn<QString>("dataset");
    QTest::addColumn<bool>("standardize");
    QTest::addColumn<bool>("whiten");
    QTest::addColumn<PcaSolver>("solver");
    QTest::newRow("iris, SVD") << "iris" << false << false << PcaSolver::Svd;
    QTest::newRow("wine standardized, whitened, eigen") << "wine" << true << true << PcaSolver::Covariance;
    QTest::newRow("digits, SVD") << "digits" << false << false << PcaSolver::Svd;
    QTest::newRow("digits, eigen") << "digits" << false << false << PcaSolver::Covariance;
}

void LinalgTest::inverseTransformRecoversData()
{
    QFETCH(QString, dataset);
    QFETCH(bool, standardize);
    QFETCH(bool, whiten);
    QFETCH(PcaSolver, solver);
    const MatrixXd x = dataset == "iris" ? iris().x : dataset == "wine" ? wine().x : digits().x;
    const PcaFit fit = fitPca(x, {.solver = solver, .standardize = standardize, .whiten = whiten});
    QVERIFY(maxAbs(fit.pca.inverseTransform(fit.scores) - x) < 1e-10 * maxAbs(x));
    QVERIFY(maxAbs(fit.pca.inverseTransform(fit.pca.transform(x)) - x) < 1e-10 * maxAbs(x));
}

void LinalgTest::whitenedScoresHaveIdentityCovariance()
{
    const MatrixXd x = wine().x;
    for (const PcaSolver solver : {PcaSolver::Covariance, PcaSolver::Svd}) {
        const PcaFit fit = fitPca(x, {.solver = solver, .standardize = true, .whiten = true});
        const MatrixXd covariance = fit.scores.transpose() * fit.scores / double(x.rows() - 1);
        QVERIFY(maxAbs(covariance - MatrixXd::Identity(13, 13)) < 1e-10);
        QVERIFY(fit.scores.colwise().mean().cwiseAbs().maxCoeff() < 1e-12);
    }
}

void LinalgTest::varianceFractionChoosesComponents()
{
    // Iris: 0.9246, then 0.9777 cumulative.
    const MatrixXd x = iris().x;
    QCOMPARE(fitPca(x, {.varianceFraction = 0.9}).pca.componentCount(), 1);
    QCOMPARE(fitPca(x, {.varianceFraction = 0.95}).pca.componentCount(), 2);
    QCOMPARE(fitPca(x, {.varianceFraction = 1.0}).pca.componentCount(), 4);
    const Pca three = fitPca(x, {.components = 3}).pca;
    QCOMPARE(three.componentCount(), 3);
    QCOMPARE(three.allExplainedVariance.size(), 4);  // the scree plot still sees every component
}

void LinalgTest::svdRouteKeepsDigitsCovarianceLoses()
{
    // Singular values 1 … 1e-8: the covariance holds their squares, down to 1e-16 of the
    // largest, which is the eigensolver's rounding (about 1e-16 of the largest); the SVD route
    // works on the data, where rounding costs about 1e-16 / 1e-8 of the smallest.
    const VectorXd s = (VectorXd(6) << 1.0, 0.3, 1e-2, 1e-4, 1e-6, 1e-8).finished();
    const MatrixXd x = withSingularValues(300, s, 11);
    const Pca eigen = fitPca(x, {.solver = PcaSolver::Covariance}).pca;
    const Pca svd = fitPca(x, {.solver = PcaSolver::Svd}).pca;
    const double svdError = std::abs(svd.allSingularValues(5) / s(5) - 1.0);
    const double eigenError = std::abs(eigen.allSingularValues(5) / s(5) - 1.0);
    QVERIFY2(svdError < 1e-8, qPrintable(QString::number(svdError)));
    QVERIFY2(eigenError > 1e-3, qPrintable(QString::number(eigenError)));
    // The large ones are accurate either way.
    QVERIFY(std::abs(eigen.allSingularValues(0) - 1.0) < 1e-12);
}

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
    const RightSingularVectors svd = rightSingularVectors(r, vectors);
    const Eigen::BDCSVD<MatrixXd> reference(r, Eigen::ComputeThinV);
    // Both backward stable: the values agree to rounding of the largest.
    QVERIFY(maxAbs(svd.singularValues - reference.singularValues()) < 1e-13 * reference.singularValues()(0));
    QCOMPARE(svd.v.cols(), vectors);
    QVERIFY(maxAbs(svd.v.transpose() * svd.v - MatrixXd::Identity(vectors, vectors)) < 1e-12);
    // r·v = σ·u with u unit length: ‖r·v‖ = σ, and the span is BDCSVD's.
    for (int j = 0; j < vectors; ++j)
        QVERIFY(std::abs((r * svd.v.col(j)).norm() - svd.singularValues(j)) < 1e-13 * svd.singularValues(0));
    QVERIFY(largestPrincipalAngleSine(reference.matrixV().leftCols(vectors), svd.v) < 1e-10);
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
    MatrixXd work = a;
    const MatrixXd r = triangularFactorInPlace(work);
    const MatrixXd reference =
        Eigen::HouseholderQR<MatrixXd>(a).matrixQR().topRows(cols).triangularView<Eigen::Upper>();
    // R is unique up to the signs of its rows.
    QVERIFY(maxAbs(r.cwiseAbs() - reference.cwiseAbs()) < 1e-12 * maxAbs(reference));
    QVERIFY(maxAbs(MatrixXd(r.triangularView<Eigen::StrictlyLower>())) == 0);
    const MatrixXd q = orthonormalBasis(a);
    QVERIFY(maxAbs(q.transpose() * q - MatrixXd::Identity(cols, cols)) < 1e-13);
    QVERIFY(maxAbs(q * (q.transpose() * a) - a) < 1e-12 * maxAbs(a));
}

void LinalgTest::randomizedSvdMatchesExactTopK()
{
    const MatrixXd x = lowRankPlusNoise(2000, 100, 10, 1.0, 7);
    const Eigen::BDCSVD<MatrixXd> exact(x, Eigen::ComputeThinU | Eigen::ComputeThinV);
    const Svd svd = randomizedSvd(x, 10, {.seed = 3});
    QVERIFY(largestPrincipalAngleSine(exact.matrixV().leftCols(10), svd.v) < 1e-6);
    QVERIFY(largestPrincipalAngleSine(exact.matrixU().leftCols(10), svd.u) < 1e-6);
    QVERIFY(maxAbs(svd.singularValues - exact.singularValues().head(10)) < 1e-10 * exact.singularValues()(0));
    QVERIFY(maxAbs(svd.u.transpose() * svd.u - MatrixXd::Identity(10, 10)) < 1e-13);
    // The same seed, the same numbers; as PCA, the same components as the exact route.
    QCOMPARE(randomizedSvd(x, 10, {.seed = 3}).v, svd.v);
    const PcaOptions options{.solver = PcaSolver::Randomized, .components = 10};
    const Pca randomized = fitPca(x, options).pca;
    const Pca full = fitPca(x, {.components = 10}).pca;
    QVERIFY(maxAbs(randomized.components - full.components) < 1e-6);
    QVERIFY(std::abs(randomized.totalVariance - full.totalVariance) < 1e-12 * full.totalVariance);
    // Without power iterations the noise leaks into the subspace.
    const Svd rough = randomizedSvd(x, 10, {.oversamples = 0, .powerIterations = 0, .seed = 3});
    QVERIFY(largestPrincipalAngleSine(exact.matrixV().leftCols(10), rough.v) > 1e-3);
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
    QTest::newRow("more components than features")
        << "components" << "cannot keep 5 components: the data have 4 features";
    QTest::newRow("constant column, named") << "constant" << "column 1 (b) is constant (every value is 2.5)";
    QTest::newRow("NaN, column and row") << "nan" << "column 2 (c), row 3 is NaN";
    QTest::newRow("k ≥ n in k-means") << "kmeans" << "cannot make 5 clusters of 5 points";
    QTest::newRow("k ≥ n in spectral clustering") << "spectral k" << "cannot make 8 clusters of 8 points";
    QTest::newRow("disconnected graph")
        << "disconnected" << "disconnected: it has 3 connected components (of 20, 20, 20 points), more than the 2";
    QTest::newRow("variance fraction") << "fraction" << "must lie in (0, 1], not 1.5";
    QTest::newRow("whitening no variance") << "whiten" << "component 2 has no variance";
    QTest::newRow("randomized rank") << "randomized" << "between 1 and 4";
    QTest::newRow("rating NaN") << "rating" << "user (row) 0 for item (column) 1 is nan";
    QTest::newRow("masks overlap") << "overlap" << "both trained on and held out";
    QTest::newRow("transform columns") << "transform" << "fitted on 3 features (columns); these data have 2";
}

void LinalgTest::badInputNamesTheProblem()
{
    QFETCH(QString, problem);
    QFETCH(QString, message);
    MatrixXd small(6, 3);
    small << 1, 2.5, 3, 2, 2.5, 1, 4, 2.5, 0, 3, 2.5, 7, 5, 2.5, 1, 0, 2.5, 2;
    const std::vector<std::string> names{"a", "b", "c"};
    const Mask all = Mask::Constant(2, 2, true);
    const std::map<QString, std::function<void()>> cases{
        {"components", [] { fitPca(iris().x, {.components = 5}); }},
        {"constant", [&] { fitPca(small, {.standardize = true, .columnNames = names}); }},
        {"nan",
         [&] {
             MatrixXd x = small;
             x(3, 2) = std::numeric_limits<double>::quiet_NaN();
             fitPca(x, {.columnNames = names});
         }},
        {"kmeans", [] { kMeans(MatrixXd::Random(5, 2), {.clusters = 5}); }},
        {"spectral k", [] { spectralClustering(MatrixXd::Random(8, 2), {.clusters = 8}); }},
        {"disconnected",
         [] {
             MatrixXd x = MatrixXd::Random(60, 2);
             x.middleRows(20, 20).array() += 100;
             x.bottomRows(20).array() -= 100;
             spectralClustering(x, {.clusters = 2, .neighbors = 5});
         }},
        {"fraction", [&] { fitPca(small, {.varianceFraction = 1.5}); }},
        {"whiten",
         [] {
             // Rank 2 in 3 columns: the third component has no variance.
             const MatrixXd x = withSingularValues(10, VectorXd::LinSpaced(2, 2, 1), 1) * MatrixXd::Identity(2, 3);
             fitPca(x, {.whiten = true});
         }},
        {"randomized", [] { randomizedSvd(MatrixXd::Random(10, 4), 5); }},
        {"rating",
         [] {
             MatrixXd r = MatrixXd::Ones(2, 2);
             r(0, 1) = std::numeric_limits<double>::quiet_NaN();
             completeAls(r, Mask::Constant(2, 2, true), Mask::Constant(2, 2, false), {.rank = 1});
         }},
        {"overlap", [&] { completeAls(MatrixXd::Ones(2, 2), all, all, {.rank = 1}); }},
        {"transform", [&] { fitPca(small).pca.transform(MatrixXd::Ones(2, 2)); }},
    };
    const QString error = errorOf(cases.at(problem));
    QVERIFY2(error.contains(message), qPrintable(error));
}

void LinalgTest::pcaWorkloadsVerify_data()
{
    QTest::addColumn<PcaSolver>("solver");
    QTest::newRow("eigh") << PcaSolver::Covariance;
    QTest::newRow("svd") << PcaSolver::Svd;
    QTest::newRow("randomized") << PcaSolver::Randomized;
}

void LinalgTest::pcaWorkloadsVerify()
{
    QFETCH(PcaSolver, solver);
    const bench::Workload random = bench::pcaRandomWorkload(solver, 2000, 256);
    QVERIFY(random.name.starts_with("W6_pca_rand."));
    const bench::PreparedWorkload prepared = random.prepare();
    prepared.run();
    QVERIFY(prepared.verify());
    QVERIFY(prepared.details().at(0).value < 1e-6);
    if (solver == PcaSolver::Randomized)  // W6_pca_digits is a full PCA
        return;
    const bench::PreparedWorkload digitsRun = bench::pcaDigitsWorkload([] { return digits().x; }, solver).prepare();
    digitsRun.run();
    QVERIFY(digitsRun.verify());
    QVERIFY(std::abs(digitsRun.details().at(0).value - 0.1489) < 5e-5);
}

QTEST_APPLESS_MAIN(LinalgTest)
#include "tst_linalg.moc"
