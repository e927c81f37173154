// The optimizers lab run headless, as `mlwb run` does, against closed forms and
// published figures.
#include "../stop_budget.h"
#include "all_labs.h"
#include "headless_runner.h"
#include "step_runner.h"

#include <QImage>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace mlwb;

namespace {
ui::HeadlessStepResult runStep(const QString& id, const ui::ParameterValues& overrides = {},
                               const QString& exportDir = {})
{
    const ui::Lab lab = labs::optimizersLab();
    const int index = lab.stepIndex(id);
    Q_ASSERT(index >= 0);
    ui::ParameterValues values = lab.steps[index].defaults();
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        values[it.key()] = it.value();
    return ui::runStepHeadless(lab, index, values, 42, exportDir, ui::ExportFormat::Png);
}

double number(const QJsonObject& metrics, const QString& key, const QString& field)
{
    return metrics.value(key).toObject().value(field).toDouble(std::nan(""));
}
} // namespace

class TestOptimizersLab : public QObject {
    Q_OBJECT
private slots:
    void everyStepExportsItsCharts();
    void learningRateShowsAllThreeRegimes();
    void raceReachesRosenbrocksMinimum();
    void miniBatchApproachesPublishedFit();
    void lagrangeMatchesClosedForm_data();
    void lagrangeMatchesClosedForm();
    void lagrangeSaysWhenItHasNotConverged();
    void stopEndsAPacedRunQuickly();
};

void TestOptimizersLab::everyStepExportsItsCharts()
{
    QTemporaryDir dir;
    const ui::Lab lab = labs::optimizersLab();
    QCOMPARE(lab.steps.size(), 5);
    for (int s = 0; s < lab.steps.size(); ++s) {
        const auto r = ui::runStepHeadless(lab, s, lab.steps[s].defaults(), 1, dir.path(), ui::ExportFormat::Png);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QVERIFY(r.files.size() >= 2);
        for (const QString& file : r.files) {
            QVERIFY(file.startsWith(dir.filePath("optimizers-" + lab.steps[s].id + "-")));
            const QImage image(file);
            QVERIFY2(!image.isNull(), qPrintable(file));
            QCOMPARE(image.size(), QSize(960, 600));
        }
    }
}

// η·λmax < 2 converges, > 2 diverges (λmax = κ = 10 by default).
void TestOptimizersLab::learningRateShowsAllThreeRegimes()
{
    const auto r = runStep("learning-rate");
    QVERIFY(r.error.isEmpty());
    QCOMPARE(number(r.metrics, "small", "iterations_to_tolerance"), -1.0);
    QVERIFY(number(r.metrics, "good", "iterations_to_tolerance") > 0);
    QVERIFY(number(r.metrics, "large", "diverged_at") > 0);
    QVERIFY(r.notes.join('\n').contains(QRegularExpression("η = 0.25 diverged at iteration \\d+: loss \\d")));

    // Just below the stability limit 2/κ it converges, just above it diverges.
    const auto edge = runStep("learning-rate", {{"lr_good", 0.19}, {"lr_large", 0.21}, {"iterations", 2000}});
    QVERIFY(number(edge.metrics, "good", "iterations_to_tolerance") > 0);
    QVERIFY(number(edge.metrics, "large", "diverged_at") > 0);
}

void TestOptimizersLab::raceReachesRosenbrocksMinimum()
{
    const auto r = runStep("rosenbrock-race");
    QVERIFY(r.error.isEmpty());
    for (const QString name : {"SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam"}) {
        const QJsonArray x = r.metrics.value(name).toObject().value("final_point").toArray();
        QCOMPARE(x.size(), 2);
        QVERIFY2(std::hypot(x[0].toDouble() - 1, x[1].toDouble() - 1) < 1e-2, qPrintable(name));
    }
}

// Ordinary least squares on the standardized diabetes data explains R² = 0.5177 of the
// variance (Efron et al. 2004; scikit-learn's LinearRegression gives the same), so the
// optimal loss ½·MSE of the standardized target is ½(1 − R²) = 0.2411.
void TestOptimizersLab::miniBatchApproachesPublishedFit()
{
    const auto r = runStep("minibatch");
    QVERIFY(r.error.isEmpty());
    const double optimum = r.metrics.value("optimum_loss").toDouble();
    QVERIFY(std::abs(optimum - 0.5 * (1 - 0.5177)) < 1e-3);
    for (const QString key : {"full_batch", "mini_batch", "stochastic"})
        QVERIFY(number(r.metrics, key, "final_loss") >= optimum - 1e-12);
    QVERIFY(number(r.metrics, "mini_batch", "final_loss") < optimum * 1.05);
    QCOMPARE(number(r.metrics, "stochastic", "updates"), 442.0 * 30);
}

void TestOptimizersLab::lagrangeMatchesClosedForm_data()
{
    QTest::addColumn<QString>("constraint");
    QTest::addColumn<double>("x");
    QTest::addColumn<double>("y");
    QTest::addColumn<double>("lambda");
    // f = (x−2)² + (y−1)² on x² + y² = 1: the point of the circle nearest (2, 1) is
    // (2, 1)/√5; ∇f = −λ∇g there gives λ = √5 − 1.
    QTest::newRow("circle") << "circle" << 2 / std::sqrt(5.0) << 1 / std::sqrt(5.0) << std::sqrt(5.0) - 1;
    // On x + y = 1 the nearest point to (2, 1) is (1, 0); ∇f = (−2, −2) = −λ(1, 1): λ = 2.
    QTest::newRow("line") << "line" << 1.0 << 0.0 << 2.0;
}

void TestOptimizersLab::lagrangeMatchesClosedForm()
{
    QFETCH(QString, constraint);
    QFETCH(double, x);
    QFETCH(double, y);
    QFETCH(double, lambda);
    const auto r = runStep("lagrange", {{"constraint", constraint}});
    QVERIFY(r.error.isEmpty());
    const QJsonArray p = r.metrics.value("final_point").toArray();
    QVERIFY(std::abs(p[0].toDouble() - x) < 1e-6);
    QVERIFY(std::abs(p[1].toDouble() - y) < 1e-6);
    QVERIFY(std::abs(r.metrics.value("multiplier").toDouble() - lambda) < 1e-6);
    QVERIFY(r.metrics.value("constraint_violation").toDouble() < 1e-8);
    QVERIFY(r.metrics.value("converged").toBool());
}

// One multiplier update with a weak penalty leaves the point off the curve: the step must
// say so rather than call it the optimum.
void TestOptimizersLab::lagrangeSaysWhenItHasNotConverged()
{
    const auto r = runStep("lagrange", {{"constraint", "line"}, {"penalty", 0.1}, {"outer_iterations", 1}});
    QVERIFY(r.error.isEmpty());
    QVERIFY(!r.metrics.value("converged").toBool());
    QVERIFY(r.metrics.value("constraint_violation").toDouble() > 1e-3);
    QVERIFY(r.notes.join('\n').contains("Not converged after 1 multiplier updates"));
}

void TestOptimizersLab::stopEndsAPacedRunQuickly()
{
    const ui::Lab lab = labs::optimizersLab();
    const ui::Step& step = lab.steps[lab.stepIndex("rosenbrock-race")];
    auto mailbox = std::make_shared<ui::RunMailbox>();
    std::jthread worker = ui::startStepWorker(step, step.defaults(), 1, 5.0, mailbox);
    QTRY_VERIFY_WITH_TIMEOUT(!mailbox->allCharts().isEmpty(), 10000);
    QElapsedTimer clock;
    clock.start();
    worker.request_stop();
    worker.join();
    QVERIFY2(clock.elapsed() < kStopBudgetMs, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(mailbox->takeChanges().finished);
}

QTEST_MAIN(TestOptimizersLab)
#include "tst_optimizers_lab.moc"
