// The broadcasting lab run headless, as `mlwb run broadcasting` does.
#include "all_labs.h"
#include "headless_runner.h"
#include "step_runner.h"

#include <QImage>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace mlwb;

namespace {
ui::HeadlessStepResult runStep(const QString& id, const ui::ParameterValues& overrides = {})
{
    const ui::Lab lab = labs::broadcastingLab();
    const int index = lab.stepIndex(id);
    ui::ParameterValues values = lab.steps[index].defaults();
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        values[it.key()] = it.value();
    return ui::runStepHeadless(lab, index, values, 7, {}, ui::ExportFormat::Png);
}

QList<qint64> ints(const QJsonValue& v)
{
    QList<qint64> out;
    for (const QJsonValue& x : v.toArray())
        out << x.toInteger();
    return out;
}
} // namespace

class TestBroadcastingLab : public QObject {
    Q_OBJECT
private slots:
    void everyStepExportsItsCharts();
    void stridesMatchTheLayout_data();
    void stridesMatchTheLayout();
    void coursePresets_data();
    void coursePresets();
    void badShapeTextIsReportedWithItsColumn();
    void vectorizedAgreesWithLoops();
    void viewAllocatesNothing();
};

void TestBroadcastingLab::everyStepExportsItsCharts()
{
    QTemporaryDir dir;
    const ui::Lab lab = labs::broadcastingLab();
    for (int s = 0; s < lab.steps.size(); ++s) {
        const auto r = ui::runStepHeadless(lab, s, lab.steps[s].defaults(), 1, dir.path(), ui::ExportFormat::Png);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QVERIFY(r.files.size() >= 2);
        for (const QString& file : r.files)
            QVERIFY2(!QImage(file).isNull(), qPrintable(file));
    }
}

// Hand-computed: C order strides are itemsize·(product of later sizes), F order of earlier.
void TestBroadcastingLab::stridesMatchTheLayout_data()
{
    QTest::addColumn<QString>("shape");
    QTest::addColumn<QString>("order");
    QTest::addColumn<QString>("dtype");
    QTest::addColumn<QList<qint64>>("strides");
    QTest::newRow("C float64") << "(3, 4)" << "C" << "float64" << QList<qint64>{32, 8};
    QTest::newRow("F float64") << "(3, 4)" << "F" << "float64" << QList<qint64>{8, 24};
    QTest::newRow("C float32 3-D") << "(2, 3, 4)" << "C" << "float32" << QList<qint64>{48, 16, 4};
    QTest::newRow("F int64 3-D") << "(2, 3, 4)" << "F" << "int64" << QList<qint64>{8, 16, 48};
}

void TestBroadcastingLab::stridesMatchTheLayout()
{
    QFETCH(QString, shape);
    QFETCH(QString, order);
    QFETCH(QString, dtype);
    QFETCH(QList<qint64>, strides);
    const auto r = runStep("memory-order", {{"shape", shape}, {"order", order}, {"dtype", dtype}});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(ints(r.metrics.value("strides")), strides);
    QList<qint64> reversed(strides.rbegin(), strides.rend());
    QCOMPARE(ints(r.metrics.value("transposed_strides")), reversed);
    QVERIFY(r.metrics.value("transpose_shares_memory").toBool());
}

void TestBroadcastingLab::coursePresets_data()
{
    QTest::addColumn<QString>("preset");
    QTest::addColumn<QList<qint64>>("result");
    QTest::addColumn<QString>("error");
    QTest::newRow("column + row") << "(3, 1) + (4,)" << QList<qint64>{3, 4} << "";
    QTest::newRow("four axes") << "(8, 1, 6, 1) * (7, 1, 5)" << QList<qint64>{8, 7, 6, 5} << "";
    QTest::newRow("fails") << "(2, 3) + (3, 2)" << QList<qint64>{}
                           << "cannot broadcast shapes (2, 3) and (3, 2): axis -1 is 3 vs 2";
}

void TestBroadcastingLab::coursePresets()
{
    QFETCH(QString, preset);
    QFETCH(QList<qint64>, result);
    QFETCH(QString, error);
    const auto r = runStep("rules", {{"preset", preset}});
    QCOMPARE(r.error, error);
    if (error.isEmpty())
        QCOMPARE(ints(r.metrics.value("result_shape")), result);
    // The shapes a preset fills into the form are the ones it runs: as "custom" they give
    // the same result or the same error.
    const ui::Lab lab = labs::broadcastingLab();
    const QVariantMap fills = lab.steps[lab.stepIndex("rules")].parameter("preset")->fills.value(preset);
    QCOMPARE(fills.keys(), (QStringList{"a", "b", "c"}));
    ui::ParameterValues custom = fills;
    custom["preset"] = "custom";
    const auto typed = runStep("rules", custom);
    QCOMPARE(typed.error, error);
    QCOMPARE(typed.metrics.value("result_shape"), r.metrics.value("result_shape"));
}

void TestBroadcastingLab::badShapeTextIsReportedWithItsColumn()
{
    const auto r = runStep("rules", {{"preset", "custom"}, {"a", "(3, 1)"}, {"b", "(3,x)"}});
    QVERIFY2(r.error.startsWith("shape b: "), qPrintable(r.error));
    QVERIFY(r.error.contains("(3,x)"));
    QVERIFY(r.error.contains("column 4"));
    // What the notes say matches what happened: equal shapes stretch nothing, and a 4-D result
    // says why it has no example chart.
    const auto equal = runStep("rules", {{"preset", "custom"}, {"a", "(3,)"}, {"b", "(3,)"}, {"c", ""}});
    QVERIFY(equal.notes.join('\n').contains("nothing is stretched"));
    QVERIFY(!equal.notes.join('\n').contains("stride is 0"));
    const auto fourAxes = runStep("rules", {{"preset", "(8, 1, 6, 1) * (7, 1, 5)"}});
    QVERIFY(fourAxes.notes.join('\n').contains("drawn for results of at most two axes"));
    QVERIFY(fourAxes.notes.join('\n').contains("stride is 0"));
    // issue 11: the element count wrapped 64 bits (SIGSEGV).
    const auto huge = runStep("rules", {{"preset", "custom"}, {"a", "(1000003, 4425120820247502466)"}, {"b", "(1,)"}});
    QVERIFY2(huge.error.contains("array is too big"), qPrintable(huge.error));
    QVERIFY(huge.error.contains("(1000003, 4425120820247502466)"));
}

void TestBroadcastingLab::vectorizedAgreesWithLoops()
{
    const auto outer = runStep("outer-batch", {{"size", 16}, {"batch", 4}});
    QCOMPARE(outer.metrics.value("outer_max_abs_difference").toDouble(), 0.0);
    QVERIFY(outer.metrics.value("matmul_max_abs_difference").toDouble() < 1e-12);
    const auto dist = runStep("loop-vs-vectorized", {{"n", 40}, {"d", 5}});
    QVERIFY2(dist.error.isEmpty(), qPrintable(dist.error));
    QVERIFY(dist.notes.join('\n').contains("broadcasting"));
    for (const char* key : {"interpreted_loop_seconds", "plain_loop_seconds", "broadcasting_seconds",
                            "matrix_product_form_seconds"})
        QVERIFY2(dist.metrics.value(key).toDouble() > 0, key);
}

// A window view shares the signal's memory; the copy costs (n − w + 1)·w·8 bytes.
void TestBroadcastingLab::viewAllocatesNothing()
{
    const auto r = runStep("views-copies", {{"n", 1000}, {"window", 10}});
    QVERIFY(r.metrics.value("view_shares_memory").toBool());
    QCOMPARE(r.metrics.value("view_bytes").toDouble(), 0.0);
    QCOMPARE(r.metrics.value("copy_bytes").toDouble(), 991.0 * 10 * 8);
    QCOMPARE(r.metrics.value("result_bytes").toDouble(), 991.0 * 8);
    const auto tooBig = runStep("views-copies", {{"n", 2000000}, {"window", 5000}});
    QVERIFY(tooBig.error.contains("copying the windows would take"));
}

QTEST_MAIN(TestBroadcastingLab)
#include "tst_broadcasting_lab.moc"
