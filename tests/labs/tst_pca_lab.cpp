// The PCA lab headless, as `mlwb run pca` does: the metrics contract against published
// explained-variance figures, reconstructions against a brute-force PCA written here with
// Eigen's own eigensolver, closed forms for the 2-D cloud, and bad input named.
#include "all_labs.h"
#include "lab_steps.h"

#include <Eigen/Eigenvalues>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <numbers>

using namespace mlwb;
using labtest::numbers;
using labtest::writeFile;

namespace {

ui::HeadlessStepResult runStep(const QString& id, const ui::ParameterValues& overrides = {}, const QString& dir = {})
{
    return labtest::runStep(labs::pcaLab(), id, overrides, dir);
}

// The bundled digits' 64 pixel columns, read here with a plain split (no CSV reader of ours).
Eigen::MatrixXd digitPixels()
{
    QFile f(":/datasets/digits.csv");
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
    Eigen::MatrixXd x(lines.size() - 1, 64);
    for (qsizetype r = 1; r < lines.size(); ++r) {
        const QList<QByteArray> fields = lines[r].split(',');
        for (int j = 0; j < 64; ++j)
            x(r - 1, j) = fields[j].toDouble();
    }
    return x;
}

} // namespace

class TestPcaLab : public QObject {
    Q_OBJECT
private slots:
    void everyStepExportsItsCharts();
    void figuresExportAsSvgAndPdf();
    void nearlyStraightCloudsExport();
    void publishedExplainedVariance_data();
    void publishedExplainedVariance();
    void cloudMatchesTheClosedForm();
    void svdRouteKeepsTheDigitsEigenLoses();
    void reconstructionMatchesBruteForce();
    void recommenderFindsTheTrueRank();
    void spectralSeparatesWhatKMeansCannot_data();
    void spectralSeparatesWhatKMeansCannot();
    void badInputIsNamed_data();
    void badInputIsNamed();
    void ownCsvWithTextColumnsWorks();
};

void TestPcaLab::everyStepExportsItsCharts()
{
    QTemporaryDir dir;
    const ui::Lab lab = labs::pcaLab();
    QCOMPARE(lab.steps.size(), 7);
    for (const auto& step : lab.steps) {
        const auto r = runStep(step.id, {}, dir.path());
        QVERIFY2(r.error.isEmpty(), qPrintable(step.id + ": " + r.error));
        QVERIFY2(r.files.size() >= 2 && r.figures.size() == 1, qPrintable(step.id));
        for (const QString& file : r.files + r.figures) {
            const QImage image(file);
            QVERIFY2(!image.isNull() && image.width() >= 600, qPrintable(file));
        }
    }
}

void TestPcaLab::figuresExportAsSvgAndPdf()
{
    QTemporaryDir dir;
    const ui::Lab lab = labs::pcaLab();
    for (const auto& [format, magic] : {std::pair{ui::ExportFormat::Svg, QByteArray("<svg")}, std::pair{ui::ExportFormat::Pdf, QByteArray("%PDF")}}) {
        const auto r = ui::runStepHeadless(lab, lab.stepIndex("spectral"), labtest::valuesFor(lab, "spectral", {}), 7, dir.path(), format);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.figures.size(), 1);
        for (const QString& file : r.files + r.figures) {
            QFile f(file);
            QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(file));
            QVERIFY2(f.read(4096).contains(magic), qPrintable(file));
        }
    }
}

// An equal-scale chart of points on a line: the layout once recursed until the stack ran out.
void TestPcaLab::nearlyStraightCloudsExport()
{
    QTemporaryDir dir;
    for (const ui::ParameterValues& v : {ui::ParameterValues{{"correlation", 0.99}, {"points", 10}},
                                         ui::ParameterValues{{"correlation", -0.99}, {"points", 10}},
                                         ui::ParameterValues{{"sd_x", 0.1}, {"sd_y", 10.0}}}) {
        const auto r = runStep("intuition", v, dir.path());
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        for (const QString& file : r.files + r.figures)
            QVERIFY2(!QImage(file).isNull(), qPrintable(file));
    }
}

// Published figures: scikit-learn's PCA on its bundled copies of these data sets (the same
// numbers appear in its documentation's examples and countless course notebooks).
void TestPcaLab::publishedExplainedVariance_data()
{
    QTest::addColumn<QString>("dataset");
    QTest::addColumn<bool>("standardize");
    QTest::addColumn<QList<double>>("expected");
    QTest::newRow("iris unscaled") << "iris" << false << QList<double>{0.9246, 0.0531};
    QTest::newRow("wine unscaled") << "wine" << false << QList<double>{0.9981, 0.0017};
    QTest::newRow("wine standardized") << "wine" << true << QList<double>{0.3620, 0.1921, 0.1112};
    QTest::newRow("digits") << "digits" << false << QList<double>{0.1489, 0.1362, 0.1179};
}

void TestPcaLab::publishedExplainedVariance()
{
    QFETCH(QString, dataset);
    QFETCH(bool, standardize);
    QFETCH(QList<double>, expected);
    const auto r = runStep("real-data", {{"dataset", dataset}, {"standardize", standardize}});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    const QList<double> ratios = numbers(r.metrics["explained_variance_ratio"]);
    const QList<double> singular = numbers(r.metrics["singular_values"]);
    QCOMPARE(ratios.size(), singular.size());
    QVERIFY(ratios.size() >= expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i)
        QVERIFY2(std::abs(ratios[i] - expected[i]) < 5e-5 + 1e-9,
                 qPrintable(QString("component %1: %2 vs published %3").arg(i + 1).arg(ratios[i]).arg(expected[i])));
    double sum = 0, squares = 0;
    for (qsizetype i = 0; i < ratios.size(); ++i) {
        sum += ratios[i];
        squares += singular[i] * singular[i];
        if (i > 0)
            QVERIFY(singular[i] <= singular[i - 1]);
    }
    QVERIFY(std::abs(sum - 1) < 1e-12);
    // Singular values and ratios agree: σᵢ² / Σσ² is the ratio.
    QVERIFY(std::abs(singular[0] * singular[0] / squares - ratios[0]) < 1e-12);
    QVERIFY2(r.metrics["eigen_svd_max_difference"].toDouble() < 1e-6,
             qPrintable(QString::number(r.metrics["eigen_svd_max_difference"].toDouble())));
}

void TestPcaLab::cloudMatchesTheClosedForm()
{
    // Covariance [[4, 1.6], [1.6, 1]]: eigenvalues (5 ± √19.24)/2, the first axis at
    // atan((λ₁ − 4)/1.6) from x. 5000 points: a few percent of sampling error.
    const auto r = runStep("intuition", {{"correlation", 0.8}, {"sd_x", 2.0}, {"sd_y", 1.0}, {"points", 5000}});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    const double l1 = (5 + std::sqrt(19.24)) / 2, l2 = (5 - std::sqrt(19.24)) / 2;
    const QList<double> variance = numbers(r.metrics["explained_variance"]);
    QVERIFY2(std::abs(variance[0] / l1 - 1) < 0.06, qPrintable(QString::number(variance[0])));
    QVERIFY2(std::abs(variance[1] / l2 - 1) < 0.06, qPrintable(QString::number(variance[1])));
    const double angle = std::atan((l1 - 4) / 1.6) * 180 / std::numbers::pi;
    double found = r.metrics["pc1_angle_degrees"].toDouble();
    if (found < -90 || found > 90)  // an axis, not a direction
        found -= std::copysign(180.0, found);
    QVERIFY2(std::abs(found - angle) < 2, qPrintable(QString("%1° vs %2°").arg(found).arg(angle)));
    QVERIFY(std::abs(r.metrics["score_correlation"].toDouble()) < 1e-12);
}

void TestPcaLab::svdRouteKeepsTheDigitsEigenLoses()
{
    const auto r = runStep("svd", {{"condition", 10.0}});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QVERIFY(r.metrics["eigen_svd_max_difference"].toDouble() < 1e-10);  // standardized wine
    QVERIFY(r.metrics["eigen_seconds"].toDouble() > 0 && r.metrics["svd_seconds"].toDouble() > 0);
    const QJsonObject ill = r.metrics["ill_conditioned"].toObject();
    // σ = 1e-10 from XᵀX in double precision: λ = 1e-20 lies below rounding (1e-16 of λ₁ = 1).
    QVERIFY2(ill["eigen_max_relative_error"].toDouble() > 0.5, qPrintable(QString::number(ill["eigen_max_relative_error"].toDouble())));
    QVERIFY2(ill["svd_max_relative_error"].toDouble() < 1e-5, qPrintable(QString::number(ill["svd_max_relative_error"].toDouble())));
    // A well-conditioned matrix loses nothing either way.
    const auto easy = runStep("svd", {{"condition", 2.0}});
    QVERIFY(easy.metrics["ill_conditioned"].toObject()["eigen_max_relative_error"].toDouble() < 1e-9);
}

void TestPcaLab::reconstructionMatchesBruteForce()
{
    const Eigen::MatrixXd x = digitPixels();
    QCOMPARE(x.rows(), 1797);
    const Eigen::RowVectorXd mean = x.colwise().mean();
    const Eigen::MatrixXd xc = x.rowwise() - mean;
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(xc.transpose() * xc);
    for (const int k : {1, 10, 30}) {
        const Eigen::MatrixXd v = eigen.eigenvectors().rightCols(k);  // the k largest
        const double mse = (xc * v * v.transpose() - xc).array().square().mean();
        const auto r = runStep("reconstruction", {{"k", k}});
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        const double found = r.metrics["reconstruction_mse"].toDouble();
        QVERIFY2(std::abs(found - mse) < 1e-9 * mse, qPrintable(QString("k = %1: %2 vs %3").arg(k).arg(found).arg(mse)));
    }
    const auto all = runStep("reconstruction", {{"k", 64}});
    QVERIFY(all.metrics["reconstruction_mse"].toDouble() < 1e-20);
    QVERIFY(std::abs(all.metrics["variance_kept"].toDouble() - 1) < 1e-12);
    const QList<double> curve = numbers(all.metrics["reconstruction_mse_by_k"]);
    QCOMPARE(curve.size(), 65);
    QVERIFY(std::abs(curve[0] - xc.array().square().mean()) < 1e-9 * curve[0]);  // k = 0: the mean digit
    for (qsizetype k = 1; k < curve.size(); ++k)
        QVERIFY(curve[k] <= curve[k - 1]);
}

void TestPcaLab::recommenderFindsTheTrueRank()
{
    const auto r = runStep("recommender", {{"rank", 3}, {"noise", 0.2}, {"observed", 0.3}, {"max_k", 6}, {"sweeps", 40}});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.metrics["best_k"].toInt(), 3);
    const QList<double> heldOut = numbers(r.metrics["heldout_rmse"]), train = numbers(r.metrics["train_rmse"]);
    QCOMPARE(heldOut.size(), 6);
    // At the true rank the held-out error is near the noise; below it, far above.
    QVERIFY2(heldOut[2] < 0.3 && heldOut[0] > 0.5, qPrintable(QString("%1, %2").arg(heldOut[2]).arg(heldOut[0])));
    QVERIFY(train[5] < train[2]);  // more factors always fit the training ratings better
    // Noiseless, half observed: completion recovers the matrix.
    const auto exact = runStep("recommender", {{"rank", 2}, {"noise", 0.0}, {"observed", 0.5}, {"max_k", 2}, {"sweeps", 200},
                                               {"l2", 0.0}});
    QVERIFY2(numbers(exact.metrics["heldout_rmse"])[1] < 1e-4, qPrintable(QString::number(numbers(exact.metrics["heldout_rmse"])[1])));
    // A penalty that pulls every factor to 0 learns nothing, and the note says so rather than
    // blaming overfitting.
    const auto shrunk = runStep("recommender", {{"l2", 100.0}, {"max_k", 4}});
    QVERIFY2(shrunk.notes.join(" ").contains("No rank did much better than predicting 0"), qPrintable(shrunk.notes.join("\n")));
    QVERIFY(!shrunk.notes.join(" ").contains("fit the noise"));
}

void TestPcaLab::spectralSeparatesWhatKMeansCannot_data()
{
    QTest::addColumn<QString>("shape");
    QTest::addColumn<double>("noise");
    QTest::newRow("moons") << "moons" << 0.07;
    QTest::newRow("circles") << "circles" << 0.04;
}

void TestPcaLab::spectralSeparatesWhatKMeansCannot()
{
    QFETCH(QString, shape);
    QFETCH(double, noise);
    const auto r = runStep("spectral", {{"shape", shape}, {"noise", noise}});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    const QJsonObject ari = r.metrics["adjusted_rand_index"].toObject();
    QVERIFY2(ari["spectral"].toDouble() > 0.95 && ari["kmeans"].toDouble() < 0.5,
             qPrintable(QString("spectral %1, k-means %2").arg(ari["spectral"].toDouble()).arg(ari["kmeans"].toDouble())));
    QCOMPARE(r.metrics["suggested_clusters"].toInt(), 2);
    if (shape == "moons")  // the default: one graph, so the embedding is more than two dots
        QCOMPARE(r.metrics["graph_components"].toInt(), 1);
    // Blobs: both find them; the eigengap counts three.
    const auto blobs = runStep("spectral", {{"shape", "blobs"}});
    QVERIFY(blobs.metrics["adjusted_rand_index"].toObject()["kmeans"].toDouble() > 0.9);
    QCOMPARE(blobs.metrics["suggested_clusters"].toInt(), 3);
}

void TestPcaLab::badInputIsNamed_data()
{
    QTest::addColumn<QString>("step");
    QTest::addColumn<ui::ParameterValues>("values");
    QTest::addColumn<QString>("message");
    QTest::newRow("one numeric column") << "eigen" << ui::ParameterValues{{"dataset", "titanic"}}
                                        << "titanic.csv has 1 numeric column besides the label";
    QTest::newRow("graph in pieces") << "spectral" << ui::ParameterValues{{"shape", "blobs"}, {"neighbors", 1}, {"clusters", 2}}
                                     << "connected components";
    QTest::newRow("one cluster") << "spectral" << ui::ParameterValues{{"clusters", 1}} << "ask for 2 or more";
    QTest::newRow("rank above items") << "recommender" << ui::ParameterValues{{"items", 10}, {"rank", 12}} << "rank";
}

void TestPcaLab::badInputIsNamed()
{
    QFETCH(QString, step);
    QFETCH(ui::ParameterValues, values);
    QFETCH(QString, message);
    const auto r = runStep(step, values);
    QVERIFY2(r.error.contains(message), qPrintable(r.error));
}

void TestPcaLab::ownCsvWithTextColumnsWorks()
{
    QTemporaryDir dir;
    // A text column is left out, the label colours; a missing number is named by line and column.
    const QString good = writeFile(dir, "plants.csv", "height,width,depth,colour,label\n1.2,2,3,red,a\n2.1,4.1,6,blue,b\n"
                                                      "3.3,6,9.2,red,a\n3.9,8.3,12,red,b\n5.2,9.9,15.1,blue,a\n");
    const auto r = runStep("real-data", {{"dataset", good}, {"target", "label"}, {"standardize", false}});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.metrics["features"].toInt(), 3);
    QVERIFY(numbers(r.metrics["explained_variance_ratio"])[0] > 0.99);  // three nearly proportional columns
    const QString holes = writeFile(dir, "holes.csv", "a,b\n1,2\n3,\n5,6\n");
    const auto bad = runStep("real-data", {{"dataset", holes}, {"target", "none"}});
    QVERIFY2(bad.error.contains("holes.csv:3: column \"b\" has no value"), qPrintable(bad.error));
    // Squares that overflow, and a constant column that leaves one to vary: named, not NaN drawn.
    const QString huge = writeFile(dir, "huge.csv", "a,b\n1.5,2\n3.5,1e300\n5.5,6\n");
    const auto overflow = runStep("real-data", {{"dataset", huge}, {"target", "none"}, {"standardize", false}});
    QVERIFY2(overflow.error.contains("huge.csv:3: column \"b\" holds 1e+300"), qPrintable(overflow.error));
    const QString flat = writeFile(dir, "flat.csv", "a,b\n1.5,5\n3.5,5\n5.5,5\n2.5,5\n");
    for (const bool standardize : {true, false}) {
        const auto one = runStep("real-data", {{"dataset", flat}, {"target", "none"}, {"standardize", standardize}});
        QVERIFY2(one.error.contains("PCA needs at least two columns that vary; 1 of 2 do"), qPrintable(one.error));
    }
}

QTEST_MAIN(TestPcaLab)
#include "tst_pca_lab.moc"
