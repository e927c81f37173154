// Tick labels are what a learner reads off a chart: exact, short, and zero reads as zero.
#include "chart_axes.h"
#include "chart_panel.h"
#include "legend_item.h"

#include <QCategoryAxis>
#include <QChart>
#include <QTest>

using namespace mlwb::ui;

namespace {
QStringList labels(const QList<Tick>& ticks)
{
    QStringList out;
    for (const Tick& t : ticks)
        out << t.label;
    return out;
}
} // namespace

class TestChartAxes : public QObject {
    Q_OBJECT
private slots:
    void ticksAreExactAndShort_data();
    void ticksAreExactAndShort();
    void ticksStayInsideTheRange();
    void aPanelShowsZeroAsZero();
    void legendWrapsInsteadOfEliding();
};

void TestChartAxes::ticksAreExactAndShort_data()
{
    QTest::addColumn<double>("lo");
    QTest::addColumn<double>("hi");
    QTest::addColumn<QStringList>("expected");
    // Qt's dynamic ticks added 0.1 three times from -0.3 and printed -5.55112e-17.
    QTest::newRow("through zero") << -0.32 << 0.31 << QStringList{"-0.3", "-0.2", "-0.1", "0.0", "0.1", "0.2", "0.3"};
    QTest::newRow("fractions") << 0.0 << 1.0 << QStringList{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"};
    QTest::newRow("grams") << 2700.0 << 6300.0 << QStringList{"3000", "3500", "4000", "4500", "5000", "5500", "6000"};
    QTest::newRow("tens of thousands") << 0.0 << 45000.0
                                       << QStringList{"0", "10000", "20000", "30000", "40000"};
    QTest::newRow("small") << 0.0012 << 0.0041 << QStringList{"0.0015", "0.0020", "0.0025", "0.0030", "0.0035", "0.0040"};
    QTest::newRow("huge") << 0.0 << 3e9 << QStringList{"0", "5e+08", "1e+09", "1.5e+09", "2e+09", "2.5e+09", "3e+09"};
}

void TestChartAxes::ticksAreExactAndShort()
{
    QFETCH(double, lo);
    QFETCH(double, hi);
    QFETCH(QStringList, expected);
    QCOMPARE(labels(niceTicks(lo, hi)), expected);
}

void TestChartAxes::ticksStayInsideTheRange()
{
    for (const auto& [lo, hi] : {std::pair{-1e-12, 3e-12}, std::pair{-7.0, -2.0}, std::pair{1e300, 1.7e308}}) {
        const QList<Tick> ticks = niceTicks(lo, hi);
        QVERIFY(ticks.size() >= 3 && ticks.size() <= 12);
        for (const Tick& t : ticks) {
            QVERIFY(t.value >= lo - (hi - lo) * 1e-9 && t.value <= hi + (hi - lo) * 1e-9);
            QVERIFY(!t.label.contains("nan") && !t.label.contains("inf"));
        }
    }
    QVERIFY(niceTicks(1, 1).isEmpty());
    QVERIFY(niceTicks(0, std::numeric_limits<double>::infinity()).isEmpty());
}

void TestChartAxes::aPanelShowsZeroAsZero()
{
    ChartSpec spec;
    spec.id = "c";
    spec.title = "Zero";
    spec.x = {"x", false, -0.3, 0.3};
    spec.y = {"y", false, -0.3, 0.3};
    SeriesSpec s;
    s.name = "line";
    s.points = {{-0.3, -0.3}, {0.3, 0.3}};
    spec.series << s;
    ChartPanel panel;
    panel.resize(800, 500);
    panel.setSpec(spec);
    auto* axis = qobject_cast<QCategoryAxis*>(panel.chart()->axes(Qt::Horizontal).front());
    QVERIFY(axis);
    QVERIFY2(axis->categoriesLabels().contains("0.0"), qPrintable(axis->categoriesLabels().join(' ')));
    for (const QString& label : axis->categoriesLabels())
        QVERIFY2(!label.contains('e'), qPrintable(label));
}

// issue 11: Qt's one-row legend cut "constraint x² + y² = 1" to "constraint …".
void TestChartAxes::legendWrapsInsteadOfEliding()
{
    QChart chart;
    LegendItem legend(&chart);
    QCOMPARE(legend.heightFor(900), 0.0);
    QList<LegendItem::Entry> entries;
    for (const char* name : {"constraint x² + y² = 1", "path of the iterates", "start", "−∇f at the optimum",
                             "∇g at the optimum", "constrained optimum"})
        entries.append({name, Qt::blue, LegendItem::Swatch::Line});
    legend.setEntries(entries);
    const double oneRow = legend.heightFor(2000);
    QVERIFY(oneRow > 10 && oneRow < 30);
    QVERIFY(legend.heightFor(500) > 2 * oneRow);   // three rows or more at a narrow width
    QVERIFY(legend.heightFor(500) < 7 * oneRow);
}

QTEST_MAIN(TestChartAxes)
#include "tst_chart_axes.moc"
