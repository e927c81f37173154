// PCA against published data-set figures, scikit-learn's documented values and signs, closed
// forms and Eigen's own decompositions; and the W6 workloads' own checks.
#include "linalg_test_data.h"

#include "bench/pca_workloads.h"
#include "linalg/pca.h"
#include "linalg/randomized_svd.h"
#include "linalg/toy_data.h"

#include <QtTest>

#include <cmath>
#include <functional>
#include <limits>
#include <map>

using namespace mlwb;
using namespace mlwb::linalg;
using namespace linalgtest;

Q_DECLARE_METATYPE(mlwb::linalg::PcaSolver)

class PcaTest : public QObject {
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
    void randomizedSvdMatchesExactTopK();
    void badInputNamesTheProblem_data();
    void badInputNamesTheProblem();
    void pcaWorkloadsVerify_data();
    void pcaWorkloadsVerify();
};

void PcaTest::explainedVarianceMatchesPublishedFigures_data()
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

void PcaTest::explainedVarianceMatchesPublishedFigures()
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

void PcaTest::irisComponentsMatchScikitLearn()
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
void PcaTest::componentsHaveTheirLargestEntryPositive()
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
void PcaTest::fitWithoutScoresIsTheSameFit()
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

void PcaTest::routesAgree_data()
{
    QTest::addColumn<QString>("dataset");
    QTest::addColumn<bool>("standardize");
    QTest::addColumn<bool>("center");
    QTest::addColumn<int>("components");
    QTest::newRow("iris") << "iris" << false << true << 0;
    QTest::newRow("wine standardized") << "wine" << true << true << 0;
    // Scaled by the standard deviations about the means, as scikit-learn's StandardScaler(with_mean=False).
    QTest::newRow("wine standardized, not centred") << "wine" << true << false << 0;
    QTest::newRow("iris, not centred") << "iris" << false << false << 0;
    // The ninth component of 9 rows has no variance, so no direction to agree on.
    QTest::newRow("wide: 9 rows × 14 columns, 8 components") << "wide" << false << true << 8;
    QTest::newRow("singular values 10 … 1, 500 rows") << "spread" << false << true << 0;
    QTest::newRow("the top 3 of them: inverse iteration") << "spread" << false << true << 3;
}

void PcaTest::routesAgree()
{
    QFETCH(QString, dataset);
    QFETCH(bool, standardize);
    QFETCH(bool, center);
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
    const PcaOptions options{.center = center, .standardize = standardize, .components = components};
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

void PcaTest::inverseTransformRecoversData_data()
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

void PcaTest::inverseTransformRecoversData()
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

void PcaTest::whitenedScoresHaveIdentityCovariance()
{
    const MatrixXd x = wine().x;
    for (const PcaSolver solver : {PcaSolver::Covariance, PcaSolver::Svd}) {
        const PcaFit fit = fitPca(x, {.solver = solver, .standardize = true, .whiten = true});
        const MatrixXd covariance = fit.scores.transpose() * fit.scores / double(x.rows() - 1);
        QVERIFY(maxAbs(covariance - MatrixXd::Identity(13, 13)) < 1e-10);
        QVERIFY(fit.scores.colwise().mean().cwiseAbs().maxCoeff() < 1e-12);
    }
}

void PcaTest::varianceFractionChoosesComponents()
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

void PcaTest::svdRouteKeepsDigitsCovarianceLoses()
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

void PcaTest::randomizedSvdMatchesExactTopK()
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

void PcaTest::badInputNamesTheProblem_data()
{
    QTest::addColumn<QString>("problem");
    QTest::addColumn<QString>("message");
    QTest::newRow("more components than features")
        << "components" << "cannot keep 5 components: the data have 4 features";
    QTest::newRow("constant column, named") << "constant" << "column 1 (b) is constant (every value is 2.5)";
    QTest::newRow("NaN, column and row") << "nan" << "column 2 (c), row 3 is NaN";
    QTest::newRow("variance fraction") << "fraction" << "must lie in (0, 1], not 1.5";
    QTest::newRow("whitening no variance") << "whiten" << "component 2 has no variance";
    QTest::newRow("transform columns") << "transform" << "fitted on 3 features (columns); these data have 2";
}

void PcaTest::badInputNamesTheProblem()
{
    QFETCH(QString, problem);
    QFETCH(QString, message);
    MatrixXd small(6, 3);
    small << 1, 2.5, 3, 2, 2.5, 1, 4, 2.5, 0, 3, 2.5, 7, 5, 2.5, 1, 0, 2.5, 2;
    const std::vector<std::string> names{"a", "b", "c"};
    const std::map<QString, std::function<void()>> cases{
        {"components", [] { fitPca(iris().x, {.components = 5}); }},
        {"constant", [&] { fitPca(small, {.standardize = true, .columnNames = names}); }},
        {"nan",
         [&] {
             MatrixXd x = small;
             x(3, 2) = std::numeric_limits<double>::quiet_NaN();
             fitPca(x, {.columnNames = names});
         }},
        {"fraction", [&] { fitPca(small, {.varianceFraction = 1.5}); }},
        {"whiten",
         [] {
             // Rank 2 in 3 columns: the third component has no variance.
             const MatrixXd x = withSingularValues(10, VectorXd::LinSpaced(2, 2, 1), 1) * MatrixXd::Identity(2, 3);
             fitPca(x, {.whiten = true});
         }},
        {"transform", [&] { fitPca(small).pca.transform(MatrixXd::Ones(2, 2)); }},
    };
    const QString error = errorOf(cases.at(problem));
    QVERIFY2(error.contains(message), qPrintable(error));
}

void PcaTest::pcaWorkloadsVerify_data()
{
    QTest::addColumn<PcaSolver>("solver");
    QTest::newRow("eigh") << PcaSolver::Covariance;
    QTest::newRow("svd") << PcaSolver::Svd;
    QTest::newRow("randomized") << PcaSolver::Randomized;
}

void PcaTest::pcaWorkloadsVerify()
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

QTEST_APPLESS_MAIN(PcaTest)
#include "tst_pca.moc"
