// The training lab headless, as `mlwb run training` does (the command line's metrics
// contract, exports, bad input), and in the window (Stop keeps the model; the GUI thread
// keeps answering while the dashboard trains).
#include "../gui_gap_probe.h"
#include "all_labs.h"
#include "lab_steps.h"
#include "headless_runner.h"
#include "lab_view.h"
#include "preprocess/column_transformer.h"
#include "preprocess/pipeline.h"
#include "preprocess/scalers.h"
#include "step_runner.h"

#include <QEventLoop>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <cmath>

using namespace mlwb;
using labtest::writeFile;

namespace {

ui::ParameterValues valuesFor(const QString& id, const ui::ParameterValues& overrides)
{
    return labtest::valuesFor(labs::trainingLab(), id, overrides);
}

ui::HeadlessStepResult runStep(const QString& id, const ui::ParameterValues& overrides = {}, const QString& dir = {})
{
    return labtest::runStep(labs::trainingLab(), id, overrides, dir);
}

// True when the image has drawn content (more than a few colours) in the given rectangle.
bool hasContent(const QImage& image, const QRect& r)
{
    QSet<QRgb> colours;
    for (int y = r.top(); y < r.bottom(); y += 3)
        for (int x = r.left(); x < r.right(); x += 3)
            colours.insert(image.pixel(x, y));
    return colours.size() > 20;
}

} // namespace

class TestTrainingLab : public QObject {
    Q_OBJECT
private slots:
    void everyStepExportsItsCharts_data();
    void everyStepExportsItsCharts();
    void commandLineMetricsContract();
    void multiclassContract();
    void dashboardExportsOneImageOfFourPanels();
    void overfittingShowsTheGapClosing();
    void savedPipelineFromThePreprocessingLab();
    void badInputGetsClearMessages_data();
    void badInputGetsClearMessages();
    void divergingLearningRateSaysWhere();
    void pauseAndStepMoveOneEpoch();
    void stopKeepsTheModelForLaterSteps();
    void guiStaysResponsiveWhileTraining();
};

void TestTrainingLab::everyStepExportsItsCharts_data()
{
    QTest::addColumn<QString>("dataset");
    QTest::addColumn<QString>("model");
    QTest::addColumn<bool>("exported");  // drawing every chart of every data set takes long: one set does
    QTest::newRow("breast_cancer, logistic") << "breast_cancer" << "logistic" << true;
    QTest::newRow("iris, MLP") << "iris" << "mlp" << false;
    QTest::newRow("digits, softmax") << "digits" << "softmax" << false;
}

void TestTrainingLab::everyStepExportsItsCharts()
{
    QFETCH(QString, dataset);
    QFETCH(QString, model);
    QFETCH(bool, exported);
    QTemporaryDir dir;
    const ui::Lab lab = labs::trainingLab();
    QCOMPARE(lab.steps.size(), 7);
    for (const auto& step : lab.steps) {
        const auto r = runStep(step.id, {{"dataset", dataset}, {"model", model}, {"epochs", 30}}, exported ? dir.path() : QString());
        QVERIFY2(r.error.isEmpty(), qPrintable(step.id + ": " + r.error));
        QVERIFY2(!exported || r.files.size() >= 1, qPrintable(step.id));
        for (const QString& file : r.files + r.figures)
            QVERIFY2(!QImage(file).isNull(), qPrintable(file));
    }
    if (dataset == "digits") {  // importance as an 8×8 image, softmax weights as ten images
        const auto r = runStep("importance", {{"dataset", dataset}, {"model", model}, {"epochs", 30}}, dir.path());
        QVERIFY(!QImage(dir.filePath("training-importance-importance-image.png")).isNull());
        QVERIFY(!QImage(dir.filePath("training-importance-class-weights.png")).isNull());
    }
}

void TestTrainingLab::commandLineMetricsContract()
{
    const auto r = runStep("confusion", {{"dataset", "breast_cancer"}, {"model", "logistic"}});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    const QJsonObject& m = r.metrics;
    for (const char* key : {"train_accuracy", "validation_accuracy", "test_accuracy", "log_loss", "roc_auc"}) {
        QVERIFY2(m[key].isDouble(), key);
        QVERIFY2(std::isfinite(m[key].toDouble()), key);
    }
    QVERIFY(m["test_accuracy"].toDouble() > 0.93);
    QVERIFY(m["roc_auc"].toDouble() > 0.97);
    QVERIFY(m["log_loss"].toDouble() > 0 && m["log_loss"].toDouble() < 0.3);
    QCOMPARE(m["epochs_run"].toInt(), 100);
    QCOMPARE(m["classes"].toArray(), (QJsonArray{"malignant", "benign"}));
    // 569 rows, 20% of each class to the test rows: round(212·0.2) + round(357·0.2) = 42 + 71.
    const QJsonArray confusion = m["confusion_matrix"].toArray();
    QCOMPARE(confusion.size(), 2);
    long total = 0, rowMalignant = 0;
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 2; ++j) {
            total += confusion[i].toArray()[j].toInt();
            rowMalignant += i == 0 ? confusion[i].toArray()[j].toInt() : 0;
        }
    QCOMPARE(total, 113L);
    QCOMPARE(rowMalignant, 42L);
    const double correct = confusion[0].toArray()[0].toInt() + confusion[1].toArray()[1].toInt();
    QCOMPARE(correct / 113, m["test_accuracy"].toDouble());
    const QJsonArray importance = m["feature_importance"].toArray();
    QCOMPARE(importance.size(), 30);
    QCOMPARE(importance[0].toObject()["feature"].toString(), "mean radius");
    QVERIFY(importance[0].toObject()["sd"].toDouble() >= 0);
}

void TestTrainingLab::multiclassContract()
{
    const auto r = runStep("predictions", {{"dataset", "wine"}, {"model", "mlp"}, {"hidden", "16"}});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.metrics["classes"].toArray().size(), 3);
    QVERIFY(!r.metrics.contains("roc_auc"));
    QVERIFY(r.metrics["test_accuracy"].toDouble() > 0.9);
    QCOMPARE(r.metrics["confusion_matrix"].toArray().size(), 3);
    QVERIFY(r.notes.join('\n').contains("more than 90% confidence"));
    const auto logistic = runStep("predictions", {{"dataset", "wine"}, {"model", "logistic"}});
    QVERIFY2(logistic.error.contains("logistic regression tells two classes apart") && logistic.error.contains("has 3"),
             qPrintable(logistic.error));
}

void TestTrainingLab::dashboardExportsOneImageOfFourPanels()
{
    QTemporaryDir dir;
    const auto r = runStep("dashboard", {{"dataset", "breast_cancer"}}, dir.path());
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.figures.size(), 1);
    const QImage image(r.figures[0]);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() > 1200 && image.height() > 700);
    // Four quadrants, each with a chart in it.
    const int w = image.width() / 2, h = image.height() / 2;
    for (int q = 0; q < 4; ++q)
        QVERIFY2(hasContent(image, QRect((q % 2) * w + 20, (q / 2) * h + 40, w - 40, h - 60)), qPrintable(QString::number(q)));
    for (const char* chart : {"loss", "confusion", "importance", "probabilities"})
        QVERIFY2(QFile::exists(dir.filePath(QStringLiteral("training-dashboard-%1.png").arg(chart))), chart);
    // The same figure as one vector page.
    const ui::Lab lab = labs::trainingLab();
    const int index = lab.stepIndex("dashboard");
    for (const auto format : {ui::ExportFormat::Svg, ui::ExportFormat::Pdf}) {
        const auto v = ui::runStepHeadless(lab, index, valuesFor("dashboard", {}), 7, dir.path(), format);
        QVERIFY2(v.error.isEmpty(), qPrintable(v.error));
        QCOMPARE(v.figures.size(), 1);
        QFile f(v.figures[0]);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY(bytes.startsWith(format == ui::ExportFormat::Pdf ? "%PDF" : "<?xml"));
        QVERIFY(bytes.contains("Confusion matrix") || format == ui::ExportFormat::Pdf);  // SVG keeps text as text
    }
}

void TestTrainingLab::overfittingShowsTheGapClosing()
{
    const auto r = runStep("overfitting");
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    const int best = r.metrics["best_epoch"].toInt();
    QVERIFY2(best > 5 && best < 100, qPrintable(QString::number(best)));
    // The validation loss turned up after its best epoch, and L2 narrows the gap.
    QVERIFY(r.metrics["no_l2_validation_rise"].toDouble() > 1.2);
    QVERIFY(r.metrics["gap_no_l2"].toDouble() > 1.5 * r.metrics["gap_l2"].toDouble());
    QVERIFY(r.notes.join('\n').contains("it memorised"));
}

void TestTrainingLab::savedPipelineFromThePreprocessingLab()
{
    QTemporaryDir dir;
    const QString json = dir.filePath("titanic-pipeline.json");
    const ui::Lab pre = labs::preprocessingLab();
    const int index = pre.stepIndex("pipeline");
    ui::ParameterValues values = pre.steps[index].defaults();
    values["json"] = json;
    const auto saved = ui::runStepHeadless(pre, index, values, 3, {}, ui::ExportFormat::Png);
    QVERIFY2(saved.error.isEmpty(), qPrintable(saved.error));
    const auto r = runStep("data", {{"dataset", "titanic"}, {"pipeline", json}});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QVERIFY(r.notes.join('\n').contains("loaded from a saved file"));
    QCOMPARE(r.metrics["classes"].toArray(), (QJsonArray{"no", "yes"}));
    const auto trained = runStep("confusion", {{"dataset", "titanic"}, {"pipeline", json}});
    QVERIFY2(trained.error.isEmpty(), qPrintable(trained.error));
    QVERIFY(trained.metrics["test_accuracy"].toDouble() > 0.7);
}

void TestTrainingLab::badInputGetsClearMessages_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("pipeline");
    QTest::addColumn<double>("validation");
    QTest::addColumn<QString>("expected");
    QByteArray oneClass = "x,label\n";
    QByteArray manyClasses = "x,label\n";
    for (int i = 0; i < 30; ++i) {
        oneClass += QByteArray::number(i) + ",a\n";
        manyClasses += QByteArray::number(i) + ",k" + QByteArray::number(i % 15) + "\n";
    }
    QTest::newRow("one class") << oneClass << "label" << "auto" << 0.2 << "has 1 class in 30 rows";
    QTest::newRow("more classes than rows can hold") << manyClasses << "label" << "auto" << 0.2 << "15 classes in 30 rows";
    QTest::newRow("measurement as label") << QByteArray("x,y\n1,0.5\n2,1.5\n3,2\n") << "y" << "auto" << 0.2
                                          << "holds 0.5 at line 2: a measurement, not a class";
    QTest::newRow("empty validation split") << oneClass.replace(",a\n2", ",b\n2") << "label" << "auto" << 0.0
                                            << "the validation split is empty";
    QTest::newRow("text left after the pipeline")
        << QByteArray("x,colour,label\n1,red,a\n2,blue,b\n3,red,a\n4,blue,b\n5,red,a\n6,blue,b\n7,red,a\n8,blue,b\n"
                      "9,red,a\n10,blue,b\n")
        << "label" << "passthrough" << 0.2 << "\"colour\" is categorical";
}

void TestTrainingLab::badInputGetsClearMessages()
{
    QFETCH(QByteArray, csv);
    QFETCH(QString, label);
    QFETCH(QString, pipeline);
    QFETCH(double, validation);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString dataset = writeFile(dir, "mine.csv", csv);
    if (pipeline == "passthrough") {  // scales x, passes "colour" on as text
        auto columns = std::make_unique<preprocess::ColumnTransformer>(preprocess::Remainder::Passthrough);
        preprocess::Pipeline scale;
        scale.add("scale", std::make_unique<preprocess::StandardScaler>());
        columns->add("numeric", preprocess::ColumnSelection::allNumeric(), std::move(scale));
        preprocess::Pipeline p;
        p.add("columns", std::move(columns));
        data::Table t;
        t.columns.push_back(data::Column::numeric("x", {1, 2, 3}));
        t.columns.push_back(data::Column::categorical("colour", {0, 1, 0}, {"red", "blue"}));
        p.fit(t);
        pipeline = dir.filePath("passthrough.json");
        p.saveJson(pipeline.toStdString());
    }
    for (const QString step : {"data", "confusion"}) {
        const auto r = runStep(step, {{"dataset", dataset}, {"target", label}, {"pipeline", pipeline},
                                      {"validation_fraction", validation}});
        QVERIFY2(r.error.contains(expected), qPrintable(step + ": " + r.error));
    }
}

void TestTrainingLab::divergingLearningRateSaysWhere()
{
    const auto r = runStep("train", {{"model", "mlp"}, {"optimizer", "sgd"}, {"learning_rate", 100.0}, {"batch_size", 0}});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    const QString notes = r.notes.join('\n');
    QVERIFY2(notes.contains("training diverged at epoch") && notes.contains("lower the learning rate"), qPrintable(notes));
    QVERIFY(r.metrics["epochs_run"].toInt() < 100);
    QVERIFY(std::isfinite(r.metrics["log_loss"].toDouble()));  // the last finite weights were kept
}

void TestTrainingLab::pauseAndStepMoveOneEpoch()
{
    const ui::Lab lab = labs::trainingLab();
    const int train = lab.stepIndex("train");
    ui::StepRunner runner;
    qsizetype trainingPoints = 0;
    connect(&runner, &ui::StepRunner::streamed, this, [&](const QList<ui::SeriesBlock>& blocks) {
        for (const auto& b : blocks)
            if (b.chart == "loss" && b.series == 0)
                trainingPoints += b.points.size();
    });
    bool finished = false;
    connect(&runner, &ui::StepRunner::finished, this, [&] { finished = true; });
    runner.setPaused(true);
    runner.start(lab.steps[train], valuesFor("train", {{"dataset", "iris"}, {"epochs", 50}}), 7, 0.0);
    const auto held = [&](qint64 passed) {
        return QTest::qWaitFor([&] {
            return runner.mailbox()->isWaitingAtCheckpoint() && runner.mailbox()->checkpointsPassed() == passed;
        });
    };
    QVERIFY(held(0));  // after epoch 1
    QVERIFY(QTest::qWaitFor([&] { return trainingPoints == 1; }));
    runner.stepOnce();
    runner.stepOnce();
    QVERIFY(held(2));
    QVERIFY(QTest::qWaitFor([&] { return trainingPoints == 3; }));
    QTest::qWait(100);
    QCOMPARE(trainingPoints, qsizetype(3));  // held: no epoch more
    runner.setPaused(false);
    QVERIFY(QTest::qWaitFor([&] { return finished; }, 10000));
    QCOMPARE(trainingPoints, qsizetype(50));
}

void TestTrainingLab::stopKeepsTheModelForLaterSteps()
{
    // The window paces training over several seconds; Stop after a few epochs.
    const ui::Lab lab = labs::trainingLab();
    const int train = lab.stepIndex("train");
    const ui::ParameterValues values = valuesFor("train", {{"epochs", 2000}, {"dataset", "iris"}});
    ui::StepRunner runner;
    bool finished = false;
    connect(&runner, &ui::StepRunner::finished, this, [&] { finished = true; });
    runner.start(lab.steps[train], values, 7, 20.0);
    QTest::qWait(600);
    runner.stop();
    QVERIFY(QTest::qWaitFor([&] { return finished; }, 5000));
    // The confusion step with the same parameters examines that model, not a new one.
    const auto r = ui::runStepHeadless(lab, lab.stepIndex("confusion"), valuesFor("confusion", {{"epochs", 2000}, {"dataset", "iris"}}),
                                       7, {}, ui::ExportFormat::Png);
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    const int epochs = r.metrics["epochs_run"].toInt();
    QVERIFY2(epochs > 0 && epochs < 2000, qPrintable(QString::number(epochs)));
    QVERIFY2(r.notes.join('\n').contains(QStringLiteral("trained for %1 of 2000 epochs (stopped)").arg(epochs)),
             qPrintable(r.notes.join('\n')));
}

void TestTrainingLab::guiStaysResponsiveWhileTraining()
{
    // The dashboard on digits with an MLP: every epoch streams, twice a second three panels
    // are recomputed and redrawn. The GUI thread must answer a 5 ms timer throughout.
    const ui::Lab lab = labs::trainingLab();
    const int index = lab.stepIndex("dashboard");
    const ui::ParameterValues values =
        valuesFor("dashboard", {{"dataset", "digits"}, {"model", "mlp"}, {"hidden", "64"}, {"epochs", 40}});
    ui::LabView view;
    view.resize(1280, 800);
    view.show();
    ui::StepRunner runner;
    connect(&runner, &ui::StepRunner::chartsChanged, &view, &ui::LabView::showCharts);
    connect(&runner, &ui::StepRunner::streamed, &view, &ui::LabView::appendStreams);
    GuiGapProbe probe;
    QEventLoop loop;
    connect(&runner, &ui::StepRunner::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    runner.start(lab.steps[index], values, 7, 4.0);
    // From the first frame on: laying out the new charts once is not a stall of training.
    QTimer::singleShot(500, this, [&] { probe.start(); });
    loop.exec();
    probe.stop();
    QVERIFY(!runner.isRunning());
    QCOMPARE(view.charts().size(), 4);
    qInfo("longest gap between probe ticks: %lld ms", static_cast<long long>(probe.worstGapMs()));
#if !defined(__SANITIZE_ADDRESS__)
    // Under ASan the three panels rebuilt twice a second draw 15–20× slower (a 440 ms gap where
    // the dev build has 20–30 ms): the sanitized run checks memory here, the others the time.
    QVERIFY2(probe.worstGapMs() <= GuiGapProbe::kBudgetMs,
             qPrintable(QStringLiteral("the GUI thread stalled for %1 ms").arg(probe.worstGapMs())));
#endif
}

QTEST_MAIN(TestTrainingLab)
#include "tst_training_lab.moc"
