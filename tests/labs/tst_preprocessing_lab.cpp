// The preprocessing lab run headless, as `mlwb run preprocessing` does, on the bundled
// data sets (checked against their published figures and closed forms) and on files a
// learner brings.
#include "all_labs.h"
#include "lab_steps.h"
#include "headless_runner.h"
#include "plot/histogram.h"
#include "common/dataset.h"
#include "step_runner.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <limits>

using namespace mlwb;
using labtest::writeFile;

namespace {

ui::HeadlessStepResult runStep(const QString& id, const ui::ParameterValues& overrides = {}, const QString& dir = {})
{
    return labtest::runStep(labs::preprocessingLab(), id, overrides, dir);
}

} // namespace

class TestPreprocessingLab : public QObject {
    Q_OBJECT
private slots:
    void everyStepExportsItsCharts_data();
    void everyStepExportsItsCharts();
    void loadReportsTitanicFigures();
    void medianImputationPilesAgesOn28();
    void meanImputationKeepsTheMean();
    void encodingShowsColumnsAndUnseenCategory();
    void outlierRuinsMinMaxNotRobust();
    void pipelineRoundTripIsBitIdentical();
    void userFileWithTypeOverride();
    void malformedUserFileNamesThePlace();
    void badTypeOverrideNamesTheValue();
    void pipelineIsNeverSavedOverOtherFiles();
    void binsAnyFiniteData_data();
    void binsAnyFiniteData();
    void extremeColumnsDrawHistograms_data();
    void extremeColumnsDrawHistograms();
    void zeroSpreadNeverReadsNan_data();
    void zeroSpreadNeverReadsNan();
    void ownFileWithIdLabelAndYesNoGaps();
};

void TestPreprocessingLab::everyStepExportsItsCharts_data()
{
    QTest::addColumn<QString>("dataset");
    QTest::newRow("titanic") << "titanic";
    QTest::newRow("penguins") << "penguins";
}

void TestPreprocessingLab::everyStepExportsItsCharts()
{
    QFETCH(QString, dataset);
    QTemporaryDir dir;
    const ui::Lab lab = labs::preprocessingLab();
    QCOMPARE(lab.steps.size(), 5);
    for (const auto& step : lab.steps) {
        const auto r = runStep(step.id, {{"dataset", dataset}}, dir.path());
        QVERIFY2(r.error.isEmpty(), qPrintable(step.id + ": " + r.error));
        QVERIFY(r.files.size() >= 2);
        for (const QString& file : r.files)
            QVERIFY2(!QImage(file).isNull(), qPrintable(file));
    }
}

void TestPreprocessingLab::loadReportsTitanicFigures()
{
    const auto r = runStep("load");
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.metrics["rows"].toInt(), 1309);
    const QJsonArray columns = r.metrics["columns"].toArray();
    QCOMPARE(columns.size(), 5);
    QCOMPARE(columns[3].toObject()["name"].toString(), "age");
    QCOMPARE(columns[3].toObject()["missing"].toInt(), 263);
    QCOMPARE(columns[1].toObject()["type"].toString(), "boolean");
}

void TestPreprocessingLab::medianImputationPilesAgesOn28()
{
    const auto r = runStep("missing", {{"strategy", "median"}});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.metrics["column"].toString(), "age");
    QCOMPARE(r.metrics["missing"].toInt(), 263);
    QCOMPARE(r.metrics["fill"].toString(), "28");
    // 263 values at the median shrink the spread. Closed form for the sample variances
    // (n − 1, as describe() shows them): the sum of squares about the new mean is the old one
    // plus the shift of the observed values' mean plus the fills' distance from it.
    const double n = 1309, obs = 1046, m0 = r.metrics["mean_before"].toDouble(), m1 = r.metrics["mean_after"].toDouble();
    const double v0 = std::pow(r.metrics["std_before"].toDouble(), 2);
    const double expected = ((obs - 1) * v0 + obs * (m0 - m1) * (m0 - m1) + (n - obs) * (28 - m1) * (28 - m1)) / (n - 1);
    QVERIFY(std::abs(std::pow(r.metrics["std_after"].toDouble(), 2) - expected) < 1e-9 * expected);
    QVERIFY(r.metrics["std_after"].toDouble() < r.metrics["std_before"].toDouble());
}

void TestPreprocessingLab::meanImputationKeepsTheMean()
{
    const auto knn = runStep("missing", {{"strategy", "knn"}});  // Titanic: age is its only numeric column
    QVERIFY2(knn.notes.join('\n').contains("every row is equally near, so it fills in the mean"),
             qPrintable(knn.notes.join('\n')));
    const auto r = runStep("missing", {{"strategy", "mean"}});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QVERIFY(std::abs(r.metrics["mean_after"].toDouble() - r.metrics["mean_before"].toDouble()) < 1e-12);
    // The sample std scales by sqrt((observed − 1) / (all − 1)) when the gaps sit on the mean.
    QVERIFY(std::abs(r.metrics["std_after"].toDouble() - r.metrics["std_before"].toDouble() * std::sqrt(1045.0 / 1308.0)) < 1e-9);
}

void TestPreprocessingLab::encodingShowsColumnsAndUnseenCategory()
{
    auto r = runStep("encoding", {{"dataset", "penguins"}, {"column", "island"}, {"unseen", "Atlantis"}});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.metrics["one_hot_columns"].toInt(), 3);
    QVERIFY2(r.metrics["unseen_outcome"].toString().contains(
                 "category \"Atlantis\" was not seen when fitting (seen: \"Biscoe\", \"Dream\", \"Torgersen\")"),
             qPrintable(r.metrics["unseen_outcome"].toString()));
    r = runStep("encoding", {{"dataset", "penguins"}, {"column", "island"}, {"unseen", "Atlantis"}, {"unknown", "all_zeros"},
                             {"drop_first", true}});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.metrics["one_hot_columns"].toInt(), 2);
    QVERIFY2(r.metrics["unseen_outcome"].toString().startsWith("one-hot gives all zeros [0, 0]; ordinal gives -1"),
             qPrintable(r.metrics["unseen_outcome"].toString()));
    // ... which is also the dropped first category's code: the lab must say so.
    QVERIFY2(r.notes.join('\n').contains("all zeros is also how \"Biscoe\" is encoded"), qPrintable(r.notes.join('\n')));
}

void TestPreprocessingLab::outlierRuinsMinMaxNotRobust()
{
    const auto clean = runStep("scaling", {{"dataset", "penguins"}, {"column", "body_mass_g"}});
    const auto dirty = runStep("scaling", {{"dataset", "penguins"}, {"column", "body_mass_g"}, {"outlier", 50.0}});
    QVERIFY2(clean.error.isEmpty() && dirty.error.isEmpty(), qPrintable(clean.error + dirty.error));
    // Robust scaling divides by the IQR: the bulk's IQR is exactly 1 without the outlier.
    QVERIFY(std::abs(clean.metrics["iqr_robust"].toDouble() - 1.0) < 1e-12);
    // Max grows from max to max + 50 std: the min-max band shrinks by (range + 50 std) / range.
    QVERIFY(dirty.metrics["iqr_minmax"].toDouble() < clean.metrics["iqr_minmax"].toDouble() / 5);
    QVERIFY(std::abs(dirty.metrics["iqr_robust"].toDouble() - 1.0) < 0.02);
}

void TestPreprocessingLab::pipelineRoundTripIsBitIdentical()
{
    QTemporaryDir dir;
    const QString json = dir.filePath("titanic-pipeline.json");
    const auto r = runStep("pipeline", {{"json", json}});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QVERIFY(r.metrics["round_trip_identical"].toBool());
    QCOMPARE(r.metrics["train_rows"].toInt() + r.metrics["test_rows"].toInt(), 1309);
    QVERIFY(std::abs(r.metrics["test_rows"].toInt() - 0.25 * 1309) <= 2);
    // age (1) + sex (2) + passengerClass (3): name is an identifier and left out.
    QCOMPARE(r.metrics["output_columns"].toInt(), 6);
    QFile saved(json);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QVERIFY(QJsonDocument::fromJson(saved.readAll()).isObject());
}

void TestPreprocessingLab::userFileWithTypeOverride()
{
    QTemporaryDir dir;
    const QString path = writeFile(dir, "shop.csv",
                                   "zip;price;paid\r\n\"01234\";3,5;yes\r\n\"99999\";4;no\r\n\"01234\";;yes\r\n");
    auto r = runStep("load", {{"dataset", path}, {"types", "zip=categorical"}});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    const QJsonArray columns = r.metrics["columns"].toArray();
    QCOMPARE(columns[0].toObject()["type"].toString(), "categorical");
    QCOMPARE(columns[0].toObject()["distinct"].toInt(), 2);
    QCOMPARE(columns[1].toObject()["type"].toString(), "categorical");  // "3,5": a decimal comma is not a number
    QCOMPARE(columns[2].toObject()["type"].toString(), "boolean");
    QCOMPARE(r.metrics["file"].toString(), "shop.csv");
    // "-" declared a missing marker: the price column has one more gap.
    const QString dashed = writeFile(dir, "dashed.csv", "id,price\n1,3.5\n2,-\n3,\n");
    r = runStep("load", {{"dataset", dashed}, {"missing", "-, NA"}});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.metrics["columns"].toArray()[1].toObject()["type"].toString(), "numeric");
    QCOMPARE(r.metrics["columns"].toArray()[1].toObject()["missing"].toInt(), 2);
}

void TestPreprocessingLab::malformedUserFileNamesThePlace()
{
    QTemporaryDir dir;
    const QString path = writeFile(dir, "passengers.csv", "name,age\n\"Smith, J\",30\n\"Jones,40\n");
    const auto r = runStep("load", {{"dataset", path}});
    QCOMPARE(r.error, QString("passengers.csv:3:1: unterminated quoted field: the quote opened here is never closed"));
    const auto missing = runStep("missing", {{"dataset", dir.filePath("nope.csv")}});
    QVERIFY2(missing.error.startsWith("there is no file " + dir.filePath("nope.csv") + ": type titanic, penguins, breast_cancer, wine, iris or digits"), qPrintable(missing.error));
}

void TestPreprocessingLab::badTypeOverrideNamesTheValue()
{
    auto r = runStep("load", {{"types", "passengerClass=numeric"}});
    QCOMPARE(r.error, QString("titanic.csv:2:51: column \"passengerClass\": cannot parse \"1st\" as a number"));
    r = runStep("load", {{"types", "age=text"}});
    QCOMPARE(r.error, QString("column types: \"text\" is not a type; use numeric, categorical or boolean"));
}

// `--param json=mydata.csv` once replaced the learner's CSV with JSON and exited 0.
void TestPreprocessingLab::pipelineIsNeverSavedOverOtherFiles()
{
    QTemporaryDir dir;
    const QByteArray csv = "sex,age,label\nmale,22,a\nfemale,38,b\nfemale,26,a\nmale,35,b\nmale,54,a\nfemale,2,b\n"
                           "male,27,a\nfemale,14,b\n";
    const QString data = writeFile(dir, "mydata.csv", csv);
    auto r = runStep("pipeline", {{"dataset", data}, {"target", "label"}, {"json", data}});
    QVERIFY2(r.error.contains("that is the data set this step reads"), qPrintable(r.error));
    const QString notes = writeFile(dir, "notes.txt", "my notes");
    r = runStep("pipeline", {{"dataset", data}, {"target", "label"}, {"json", notes}});
    QVERIFY2(r.error.contains("exists and is not a saved pipeline"), qPrintable(r.error));
    for (const auto& [path, bytes] : {std::pair{data, csv}, std::pair{notes, QByteArray("my notes")}}) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), bytes);
    }
    // A pipeline saved before may be replaced, and no temporary file stays behind.
    const QString json = dir.filePath("p.json");
    for (int run = 0; run < 2; ++run) {
        r = runStep("pipeline", {{"dataset", data}, {"target", "label"}, {"json", json}});
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    }
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 3);
}

// issue 11: 1e308 and -1e308 made hi - lo overflow to inf and the bin index garbage (SIGSEGV).
// The reference bins in long double, whose range holds hi - lo.
void TestPreprocessingLab::binsAnyFiniteData_data()
{
    QTest::addColumn<std::vector<double>>("values");
    constexpr double big = std::numeric_limits<double>::max();
    QTest::newRow("+-1e308") << std::vector<double>{1e308, -1e308, 5};
    QTest::newRow("+-DBL_MAX") << std::vector<double>{big, -big, 0, big / 3};
    QTest::newRow("one huge value") << std::vector<double>{big, big};
    QTest::newRow("one value") << std::vector<double>{-3, -3};
    QTest::newRow("ordinary") << std::vector<double>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9.5};
}

void TestPreprocessingLab::binsAnyFiniteData()
{
    QFETCH(std::vector<double>, values);
    constexpr int bins = 7;
    const double lo = *std::min_element(values.begin(), values.end());
    const double hi = *std::max_element(values.begin(), values.end());
    const plot::HistogramBins h = plot::binValues(values, lo, hi, bins);
    QCOMPARE(int(h.edges.size()), bins + 1);
    QCOMPARE(int(h.counts.size()), bins);
    for (std::size_t i = 0; i + 1 < h.edges.size(); ++i) {
        QVERIFY(std::isfinite(h.edges[i]));
        QVERIFY(h.edges[i] < h.edges[i + 1]);
    }
    std::vector<double> expected(bins, 0.0);
    for (const double v : values) {
        const long double a = h.edges.front(), b = h.edges.back();
        const long double t = (static_cast<long double>(v) - a) / (b - a) * bins;
        expected[std::size_t(std::clamp<long double>(std::floor(t), 0, bins - 1))] += 1;
    }
    QCOMPARE(h.counts, expected);
}

void TestPreprocessingLab::extremeColumnsDrawHistograms_data()
{
    QTest::addColumn<QString>("step");
    QTest::newRow("scaling") << "scaling";
    QTest::newRow("missing, with a gap") << "missing";
}

void TestPreprocessingLab::extremeColumnsDrawHistograms()
{
    QFETCH(QString, step);
    QTemporaryDir dir;
    const QString csv = writeFile(dir, "extreme.csv", "x,y\n1e308,1\n-1e308,2\n5,3\n,4\n");
    const auto r = runStep(step, {{"dataset", csv}, {"column", "x"}}, dir.path());
    QVERIFY2(!r.files.isEmpty() || r.error.contains("\"x\""), qPrintable(r.error));
}

// issue 11: the KNN note read "from 0 to 0 (+nan%)" for a column with no spread.
void TestPreprocessingLab::zeroSpreadNeverReadsNan_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("change");
    QTest::newRow("knn") << "knn" << "from 0 to 0 (unchanged)";
    QTest::newRow("median") << "median" << "from 0 to 0 (unchanged)";
    QTest::newRow("constant") << "constant" << "from 0 to 1.5 (up from zero)";  // {3,3,3,0}: sqrt(6.75 / 3)
}

void TestPreprocessingLab::zeroSpreadNeverReadsNan()
{
    QFETCH(QString, strategy);
    QFETCH(QString, change);
    QTemporaryDir dir;
    const QString csv = writeFile(dir, "flat.csv", "x,y\n3,1\n3,2\n,3\n3,4\n");
    const auto r = runStep("missing", {{"dataset", csv}, {"column", "x"}, {"strategy", strategy}, {"k", 2}}, dir.path());
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    const QString notes = r.notes.join('\n');
    QVERIFY2(!notes.contains("nan", Qt::CaseInsensitive), qPrintable(notes));
    QVERIFY2(notes.contains("standard deviation " + change), qPrintable(notes));
}

// issue 11, a learner's own file: a yes/no column with gaps failed the pipeline ("cannot fill
// boolean column"), "auto" ignored the column named label, the id column was scaled as a
// feature and picked by default, and the encoding bars counted one column fewer than the table.
void TestPreprocessingLab::ownFileWithIdLabelAndYesNoGaps()
{
    QTemporaryDir dir;
    QByteArray csv = "id,age,smoker,town,label\n";
    for (int i = 1; i <= 24; ++i)
        csv += QStringLiteral("%1,%2,%3,%4,%5\n")
                   .arg(i)
                   .arg(i % 5 == 0 ? QString() : QString::number(20 + (i * 7) % 40))
                   .arg(i % 3 == 0 ? QString() : (i % 2 ? "yes" : "no"))
                   .arg(i % 4 == 0 ? QString() : QStringList{"north", "south", "east"}[i % 3])
                   .arg(i % 2 ? "sick" : "well")
                   .toUtf8();
    const QString data = writeFile(dir, "own.csv", csv);

    auto r = runStep("pipeline", {{"dataset", data}});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    const QString notes = r.notes.join('\n');
    QVERIFY2(notes.contains("stratified by label"), qPrintable(notes));
    QVERIFY2(notes.contains("Left out \"id\": it numbers or names the rows"), qPrintable(notes));
    QVERIFY2(notes.contains("1 numeric (imputed, scaled), 1 categorical (one-hot), 1 yes/no"), qPrintable(notes));
    // age 1 + town one-hot 4 (north, south, east, "(missing)") + smoker 1 (first dropped) +
    // smoker_missing 1: the training rows hold gaps in smoker (every third row).
    QCOMPARE(r.metrics["output_columns"].toInt(), 7);
    QVERIFY(r.metrics["round_trip_identical"].toBool());

    for (const char* step : {"missing", "scaling"}) {
        r = runStep(step, {{"dataset", data}});
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.metrics["column"].toString(), QStringLiteral("age"));  // not id
    }

    const ui::Lab lab = labs::preprocessingLab();
    const ui::Step& encoding = lab.steps[lab.stepIndex("encoding")];
    ui::ParameterValues values = encoding.defaults();
    values["dataset"] = data;
    auto mailbox = std::make_shared<ui::RunMailbox>();
    ui::startStepWorker(encoding, values, 7, 0.0, mailbox).join();
    QVERIFY2(mailbox->takeChanges().error.isEmpty(), qPrintable(mailbox->takeChanges().error));
    QCOMPARE(mailbox->metrics()["column"].toString(), QStringLiteral("town"));
    QCOMPARE(mailbox->metrics()["one_hot_columns"].toInt(), 4);
    for (const ui::ChartSpec& chart : mailbox->allCharts())
        if (chart.id == "widths") {
            const qsizetype town = chart.bars->categories.indexOf("town");
            QVERIFY(town >= 0);
            QCOMPARE(chart.bars->sets[0].values[town], 4.0);
        }
}

QTEST_MAIN(TestPreprocessingLab)
#include "tst_preprocessing_lab.moc"
