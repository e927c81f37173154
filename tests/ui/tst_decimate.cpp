#include "decimate.h"

#include <QTest>

#include <cmath>

using mlwb::ui::decimateLttb;

class TestDecimate : public QObject {
    Q_OBJECT
private slots:
    void keepsShortInput();
    void keepsEndsAndCount_data();
    void keepsEndsAndCount();
    void keepsIsolatedSpike();
    void followsASine();
};

void TestDecimate::keepsShortInput()
{
    const QList<QPointF> points{{0, 1}, {1, 3}, {2, 2}};
    QCOMPARE(decimateLttb(points, 10), points);
}

void TestDecimate::keepsEndsAndCount_data()
{
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("threshold");
    QTest::newRow("1e3 to 100") << 1000 << 100;
    QTest::newRow("1e5 to 3000") << 100000 << 3000;
    QTest::newRow("1e6 to 2880") << 1000000 << 2880;
    QTest::newRow("just above") << 101 << 100;
}

void TestDecimate::keepsEndsAndCount()
{
    QFETCH(int, n);
    QFETCH(int, threshold);
    QList<QPointF> points;
    points.reserve(n);
    for (int i = 0; i < n; ++i)
        points.append({double(i), std::sin(i * 0.01) + 0.001 * (i % 7)});
    const QList<QPointF> out = decimateLttb(points, threshold);
    QCOMPARE(out.size(), threshold);
    QCOMPARE(out.front(), points.front());
    QCOMPARE(out.back(), points.back());
    for (qsizetype i = 1; i < out.size(); ++i)
        QVERIFY(out[i].x() > out[i - 1].x());  // a subset, in order
}

// A single spike among flat points must survive: that is what LTTB is for, and what
// plain striding (every k-th point) loses.
void TestDecimate::keepsIsolatedSpike()
{
    QList<QPointF> points;
    for (int i = 0; i < 100000; ++i)
        points.append({double(i), i == 54321 ? 100.0 : 0.0});
    const QList<QPointF> out = decimateLttb(points, 500);
    bool found = false;
    for (const QPointF& p : out)
        found = found || p == QPointF(54321, 100);
    QVERIFY(found);
}

// The decimated curve stays within a small distance of the true sine at its own x.
void TestDecimate::followsASine()
{
    QList<QPointF> points;
    for (int i = 0; i < 200000; ++i)
        points.append({i * 1e-4, std::sin(i * 1e-4)});
    const QList<QPointF> out = decimateLttb(points, 1000);
    for (const QPointF& p : out)
        QVERIFY(std::abs(p.y() - std::sin(p.x())) < 1e-12);
    // and covers the range evenly: no gap wider than 3 buckets
    for (qsizetype i = 1; i < out.size(); ++i)
        QVERIFY(out[i].x() - out[i - 1].x() < 3 * 20.0 / 1000 + 1e-9);
}

QTEST_APPLESS_MAIN(TestDecimate)
#include "tst_decimate.moc"
