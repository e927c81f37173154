// The timing lessons with one core kept busy by another program, as on a learner's machine
// with a browser open: the contenders keep their order, the step says the machine was busy,
// and Stop still ends a run at once.
#include "../busy_core.h"
#include "../stop_budget.h"
#include "all_labs.h"
#include "headless_runner.h"
#include "step_runner.h"

#include <QElapsedTimer>
#include <QTest>

using namespace mlwb;

namespace {
ui::HeadlessStepResult runStep(const ui::Lab& lab, const QString& id, const ui::ParameterValues& overrides = {})
{
    const int index = lab.stepIndex(id);
    ui::ParameterValues values = lab.steps[index].defaults();
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        values[it.key()] = it.value();
    return ui::runStepHeadless(lab, index, values, 7, {}, ui::ExportFormat::Png);
}

double seconds(const ui::HeadlessStepResult& r, const char* key)
{
    const double s = r.metrics.value(key).toDouble();
    if (!(s > 0))
        qWarning("no time for %s", key);
    return s;
}
} // namespace

class TestTimingUnderLoad : public QObject {
    Q_OBJECT
private slots:
    void distanceLessonKeepsItsOrder();
    void gemmStaysFasterThanLoops();
    void stopIsPromptWithACoreBusy();
};

void TestTimingUnderLoad::distanceLessonKeepsItsOrder()
{
    BusyCore busy;
    QVERIFY(busy.started());
    const auto r = runStep(labs::broadcastingLab(), "loop-vs-vectorized", {{"compare_python", false}});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    const double interpreted = seconds(r, "interpreted_loop_seconds");
    for (const char* vectorized : {"broadcasting_seconds", "matrix_product_form_seconds"})
        QVERIFY2(interpreted > 10 * seconds(r, vectorized), vectorized);
#ifdef __OPTIMIZE__
    // Only an optimised build shows this: at -O0 (the dev preset) Eigen's GEMM kernel is
    // unoptimised template code and costs about what the plain loop does.
    QVERIFY(seconds(r, "matrix_product_form_seconds") < seconds(r, "plain_loop_seconds"));
#endif
    QVERIFY2(r.notes.join('\n').contains("The machine was busy"), qPrintable(r.notes.join('\n')));
}

void TestTimingUnderLoad::gemmStaysFasterThanLoops()
{
    BusyCore busy;
    const auto r = runStep(labs::einsumLab(), "speed");
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QVERIFY(seconds(r, "matmul_seconds") < seconds(r, "loops_seconds") / 3);
    QVERIFY(seconds(r, "einsum_seconds") < seconds(r, "loops_seconds") / 3);
}

void TestTimingUnderLoad::stopIsPromptWithACoreBusy()
{
    BusyCore busy;
    const ui::Lab lab = labs::broadcastingLab();
    const ui::Step& step = lab.steps[lab.stepIndex("loop-vs-vectorized")];
    ui::ParameterValues values = step.defaults();
    values["compare_python"] = false;
    auto mailbox = std::make_shared<ui::RunMailbox>();
    std::jthread worker = ui::startStepWorker(step, values, 1, 0.0, mailbox);
    QTest::qWait(700);  // into the interpreted loop (about 2 s at the default size)
    QElapsedTimer clock;
    clock.start();
    worker.request_stop();
    worker.join();
    QVERIFY2(clock.elapsed() < kStopBudgetMs, qPrintable(QString::number(clock.elapsed())));
}

QTEST_MAIN(TestTimingUnderLoad)
#include "tst_timing_under_load.moc"
