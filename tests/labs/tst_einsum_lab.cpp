// The einsum lab run headless, as `mlwb run einsum` does.
#include "all_labs.h"
#include "headless_runner.h"

#include <QImage>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace mlwb;

namespace {
ui::HeadlessStepResult runStep(const QString& id, const ui::ParameterValues& overrides = {})
{
    const ui::Lab lab = labs::einsumLab();
    const int index = lab.stepIndex(id);
    ui::ParameterValues values = lab.steps[index].defaults();
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        values[it.key()] = it.value();
    return ui::runStepHeadless(lab, index, values, 3, {}, ui::ExportFormat::Png);
}
} // namespace

class TestEinsumLab : public QObject {
    Q_OBJECT
private slots:
    void everyStepExportsItsCharts();
    void notationCountsFlops_data();
    void notationCountsFlops();
    void notationReadsAsSentences();
    void notationErrorsNameTheOperand_data();
    void notationErrorsNameTheOperand();
    void classicsAgreeWithLoops();
    void scalingKeepsAttentionSpread();
};

void TestEinsumLab::everyStepExportsItsCharts()
{
    QTemporaryDir dir;
    const ui::Lab lab = labs::einsumLab();
    QCOMPARE(lab.steps.size(), 4);
    for (int s = 0; s < lab.steps.size(); ++s) {
        ui::ParameterValues values = lab.steps[s].defaults();
        if (lab.steps[s].id == "speed")
            values["n"] = 64;
        const auto r = ui::runStepHeadless(lab, s, values, 1, dir.path(), ui::ExportFormat::Png);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QVERIFY(!r.files.isEmpty());
        for (const QString& file : r.files)
            QVERIFY2(!QImage(file).isNull(), qPrintable(file));
    }
}

// Hand-counted: one multiply and one add per iteration of the loop nest over all indices.
void TestEinsumLab::notationCountsFlops_data()
{
    QTest::addColumn<QString>("subscripts");
    QTest::addColumn<QString>("shapes");
    QTest::addColumn<QList<qint64>>("output");
    QTest::addColumn<double>("naiveFlops");
    QTest::newRow("matmul") << "ij,jk->ik" << "(2, 3), (3, 4)" << QList<qint64>{2, 4} << 2.0 * 2 * 3 * 4;
    QTest::newRow("implicit") << "ij,jk" << "(5, 6); (6, 7)" << QList<qint64>{5, 7} << 2.0 * 5 * 6 * 7;
    QTest::newRow("attention scores") << "bhsd,bhtd->bhst" << "(2, 4, 8, 16), (2, 4, 8, 16)"
                                      << QList<qint64>{2, 4, 8, 8} << 2.0 * 2 * 4 * 8 * 8 * 16;
}

void TestEinsumLab::notationCountsFlops()
{
    QFETCH(QString, subscripts);
    QFETCH(QString, shapes);
    QFETCH(QList<qint64>, output);
    QFETCH(double, naiveFlops);
    const auto r = runStep("notation", {{"subscripts", subscripts}, {"shapes", shapes}});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QList<qint64> got;
    for (const QJsonValue& v : r.metrics.value("output_shape").toArray())
        got << v.toInteger();
    QCOMPARE(got, output);
    QCOMPARE(r.metrics.value("naive_flops").toDouble(), naiveFlops);
    // issue 11: the notes were explain()'s dump, loop code and all; now sentences.
    for (const QString& note : r.notes) {
        QVERIFY2(!note.startsWith(' ') && !note.contains("for (int"), qPrintable(note));
        QVERIFY2(note.endsWith('.'), qPrintable(note));
    }
}

void TestEinsumLab::notationReadsAsSentences()
{
    auto r = runStep("notation", {{"subscripts", "ij,jk->ik"}, {"shapes", "(2, 3), (3, 4)"}});
    QCOMPARE(r.notes.value(0), QStringLiteral("einsum('ij,jk->ik'): A (2, 3) indexed ij and B (3, 4) indexed jk give an "
                                              "output of shape (2, 4) indexed ik."));
    QCOMPARE(r.notes.value(1), QStringLiteral("j appears in the inputs but not in the output, so it is summed over."));
    QCOMPARE(r.notes.value(2), QStringLiteral("As loops: out[i, k] = Σ over j of A[i, j] · B[j, k]."));
    r = runStep("notation", {{"subscripts", "ii->"}, {"shapes", "(3, 3)"}});
    QCOMPARE(r.notes.value(2), QStringLiteral("As loops: out = Σ over i of A[i, i]."));
}

void TestEinsumLab::notationErrorsNameTheOperand_data()
{
    QTest::addColumn<QString>("subscripts");
    QTest::addColumn<QString>("shapes");
    QTest::addColumn<QString>("error");
    QTest::newRow("dimensions") << "ij,jk->ik" << "(2, 3, 4), (3, 4)"
                                << "einsum: operand 0 has 3 dimensions but subscripts 'ij' name 2";
    QTest::newRow("sizes") << "ij,jk->ik" << "(2, 64), (32, 4)" << "einsum: index 'j' has sizes 64 and 32";
    QTest::newRow("shape text") << "ij->ji" << "(2, x)" << "(2, x)";
}

void TestEinsumLab::notationErrorsNameTheOperand()
{
    QFETCH(QString, subscripts);
    QFETCH(QString, shapes);
    QFETCH(QString, error);
    const auto r = runStep("notation", {{"subscripts", subscripts}, {"shapes", shapes}});
    QVERIFY2(r.error.contains(error), qPrintable(r.error));
}

void TestEinsumLab::classicsAgreeWithLoops()
{
    const auto r = runStep("classics", {{"n", 12}});
    QVERIFY(r.error.isEmpty());
    for (const QString key : {"matrix_product", "batch_matrix_product", "outer_product", "trace", "transpose"})
        QVERIFY2(r.metrics.value(key + QStringLiteral("_max_abs_difference")).toDouble(1) < 1e-12, qPrintable(key));
}

// q·k of random unit-variance vectors has variance d: scaled scores keep the softmax spread
// out, unscaled ones at d = 1024 make it nearly one-hot.
void TestEinsumLab::scalingKeepsAttentionSpread()
{
    const auto scaled = runStep("attention", {{"d", "1024"}, {"scaled", true}});
    const auto raw = runStep("attention", {{"d", "1024"}, {"scaled", false}});
    QVERIFY(scaled.metrics.value("max_row_sum_error").toDouble() < 1e-12);
    QVERIFY(scaled.metrics.value("mean_entropy").toDouble() > 1.5);
    QVERIFY(raw.metrics.value("mean_entropy").toDouble() < 0.5);
    QVERIFY(scaled.metrics.value("mean_entropy").toDouble() < std::log(16.0));
}

QTEST_MAIN(TestEinsumLab)
#include "tst_einsum_lab.moc"
