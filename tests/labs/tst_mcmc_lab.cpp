// The MCMC lab headless, as `mlwb run mcmc` does (the metrics contract, exports, numbers
// against closed forms), and in the window (one proposal per Step; four chains of a million
// draws streaming while the GUI thread keeps answering).
#include "../gui_gap_probe.h"
#include "all_labs.h"
#include "lab_steps.h"
#include "chart_panel.h"
#include "headless_runner.h"
#include "lab_view.h"
#include "step_runner.h"

#include <QEventLoop>
#include <QImage>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace mlwb;
using labtest::numbers;

namespace {

ui::ParameterValues valuesFor(const QString& id, const ui::ParameterValues& overrides)
{
    return labtest::valuesFor(labs::mcmcLab(), id, overrides);
}

ui::HeadlessStepResult runStep(const QString& id, const ui::ParameterValues& overrides = {}, const QString& dir = {})
{
    return labtest::runStep(labs::mcmcLab(), id, overrides, dir);
}

} // namespace

class TestMcmcLab : public QObject {
    Q_OBJECT
private slots:
    void everyStepExportsItsCharts();
    void samplingStepsReportTheContract_data();
    void samplingStepsReportTheContract();
    void gaussianCovarianceWithinMonteCarloError();
    void regressionMatchesTheExactPosterior();
    void proposalScaleExtremes();
    void stepMovesOneProposal();
    void millionDrawChainsKeepTheWindowResponsive();
};

void TestMcmcLab::everyStepExportsItsCharts()
{
    QTemporaryDir dir;
    const ui::Lab lab = labs::mcmcLab();
    QCOMPARE(lab.steps.size(), 6);
    for (const auto& step : lab.steps) {
        const auto r = runStep(step.id, {{"draws", 2000}}, dir.path());
        QVERIFY2(r.error.isEmpty(), qPrintable(step.id + ": " + r.error));
        QVERIFY2(!r.files.isEmpty(), qPrintable(step.id));
        for (const QString& file : r.files + r.figures)
            QVERIFY2(!QImage(file).isNull(), qPrintable(file));
    }
}

void TestMcmcLab::samplingStepsReportTheContract_data()
{
    QTest::addColumn<QString>("step");
    QTest::addColumn<int>("dimension");
    for (const char* s : {"one-proposal", "proposal-scale", "chains", "hard-targets"})
        QTest::newRow(s) << QString(s) << 2;
    QTest::newRow("regression") << "regression" << 10;
}

void TestMcmcLab::samplingStepsReportTheContract()
{
    QFETCH(QString, step);
    QFETCH(int, dimension);
    const auto r = runStep(step, {{"draws", 3000}});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    for (const char* key : {"acceptance_rate", "sample_mean", "sample_sd", "ess_bulk", "ess_tail", "rhat", "mcse_mean"})
        QVERIFY2(r.metrics[key].toArray().size() == dimension, key);
    QCOMPARE(r.metrics["sample_cov"].toArray().size(), dimension);
    for (const double sd : numbers(r.metrics["sample_sd"]))
        QVERIFY(sd > 0 && std::isfinite(sd));
}

void TestMcmcLab::gaussianCovarianceWithinMonteCarloError()
{
    // Four chains on the Gaussian with correlation 0.9: means 0, variances 1, covariance 0.9.
    const auto r = runStep("chains", {{"draws", 20000}, {"scale", 1.0}});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    const auto mean = numbers(r.metrics["sample_mean"]), mcse = numbers(r.metrics["mcse_mean"]);
    for (int p = 0; p < 2; ++p)
        QVERIFY2(std::abs(mean[p]) < 4 * mcse[p], qPrintable(QString("%1 vs MCSE %2").arg(mean[p]).arg(mcse[p])));
    const QJsonArray cov = r.metrics["sample_cov"].toArray();
    QVERIFY(std::abs(cov[0].toArray()[0].toDouble() - 1) < 0.08);
    QVERIFY(std::abs(cov[0].toArray()[1].toDouble() - 0.9) < 0.08);
    for (const double rhat : numbers(r.metrics["rhat"]))
        QVERIFY(rhat < 1.01);
}

void TestMcmcLab::regressionMatchesTheExactPosterior()
{
    const auto r = runStep("regression");
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    const auto mean = numbers(r.metrics["sample_mean"]), mcse = numbers(r.metrics["mcse_mean"]);
    const auto exact = numbers(r.metrics["exact_posterior_mean"]), exactSd = numbers(r.metrics["exact_posterior_sd"]);
    const auto sd = numbers(r.metrics["sample_sd"]);
    QCOMPARE(exact.size(), 10);
    for (int p = 0; p < 10; ++p) {
        QVERIFY2(std::abs(mean[p] - exact[p]) < 4 * mcse[p], qPrintable(QString("β%1: %2 vs %3").arg(p).arg(mean[p]).arg(exact[p])));
        QVERIFY(std::abs(sd[p] / exactSd[p] - 1) < 0.1);
    }
    // bmi: published ordinary least squares on the standardized diabetes data gives about 0.32.
    QVERIFY(std::abs(exact[2] - 0.32) < 0.01);
    const auto unknown = runStep("regression", {{"unknown_noise", true}});
    QVERIFY2(unknown.error.isEmpty(), qPrintable(unknown.error));
    QCOMPARE(unknown.metrics["sample_mean"].toArray().size(), 11);  // log σ as well
}

void TestMcmcLab::proposalScaleExtremes()
{
    const auto r = runStep("proposal-scale", {{"draws", 20000}});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    const auto rates = numbers(r.metrics["acceptance_by_scale"]);
    QVERIFY(rates[0] > 0.8);                   // tiny steps: nearly all accepted
    QVERIFY(rates[1] > 0.15 && rates[1] < 0.5);  // near the optimum
    QVERIFY(rates[2] < 0.05);                  // huge steps: nearly all rejected
}

void TestMcmcLab::stepMovesOneProposal()
{
    const ui::Lab lab = labs::mcmcLab();
    ui::StepRunner runner;
    qsizetype proposals = 0;
    connect(&runner, &ui::StepRunner::streamed, this, [&](const QList<ui::SeriesBlock>& blocks) {
        for (const auto& b : blocks)
            if (b.chart == "acceptance" && b.series == 0)
                proposals += b.points.size();
    });
    bool finished = false;
    connect(&runner, &ui::StepRunner::finished, this, [&] { finished = true; });
    runner.setPaused(true);
    runner.start(lab.steps[lab.stepIndex("one-proposal")], valuesFor("one-proposal", {{"proposals", 50}}), 7, 0.0);
    const auto held = [&](qint64 passed) {
        return QTest::qWaitFor([&] { return runner.mailbox()->isWaitingAtCheckpoint() && runner.mailbox()->checkpointsPassed() == passed; });
    };
    QVERIFY(held(0));
    QVERIFY(QTest::qWaitFor([&] { return proposals == 1; }));
    runner.stepOnce();
    QVERIFY(held(1));
    QVERIFY(QTest::qWaitFor([&] { return proposals == 2; }));
    QTest::qWait(100);
    QCOMPARE(proposals, qsizetype(2));
    runner.setPaused(false);
    QVERIFY(QTest::qWaitFor([&] { return finished; }, 10000));
    QCOMPARE(proposals, qsizetype(50));
}

void TestMcmcLab::millionDrawChainsKeepTheWindowResponsive()
{
    const ui::Lab lab = labs::mcmcLab();
    ui::LabView view;
    view.resize(1280, 800);
    view.show();
    ui::StepRunner runner;
    connect(&runner, &ui::StepRunner::chartsChanged, &view, &ui::LabView::showCharts);
    connect(&runner, &ui::StepRunner::streamed, &view, &ui::LabView::appendStreams);
    GuiGapProbe probe;
    QEventLoop loop;
    connect(&runner, &ui::StepRunner::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(120000, &loop, &QEventLoop::quit);
    runner.start(lab.steps[lab.stepIndex("chains")], valuesFor("chains", {{"draws", 1000000}}), 7, 3.0);
    QTimer::singleShot(500, this, [&] { probe.start(); });
    loop.exec();
    probe.stop();
    QVERIFY(!runner.isRunning());
    QCOMPARE(view.charts()[0]->seriesPoints(0).size(), qsizetype(1000000));
    qInfo("longest gap between probe ticks: %lld ms", static_cast<long long>(probe.worstGapMs()));
    QVERIFY2(probe.worstGapMs() <= GuiGapProbe::kBudgetMs,
             qPrintable(QStringLiteral("the GUI thread stalled for %1 ms").arg(probe.worstGapMs())));
}

QTEST_MAIN(TestMcmcLab)
#include "tst_mcmc_lab.moc"
