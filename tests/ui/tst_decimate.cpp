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
    void clipsAPathToTheBox_data();
    void clipsAPathToTheBox();
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

// Box [0, 10] × [0, 10]. The expected end points are where the segments cross its edges.
void TestDecimate::clipsAPathToTheBox_data()
{
    QTest::addColumn<QList<QPointF>>("path");
    QTest::addColumn<QList<QPointF>>("expected");
    QTest::newRow("inside") << QList<QPointF>{{1, 1}, {5, 5}, {9, 2}} << QList<QPointF>{{1, 1}, {5, 5}, {9, 2}};
    QTest::newRow("diverges") << QList<QPointF>{{5, 5}, {8, 5}, {14, 5}, {-40, 5}}
                              << QList<QPointF>{{5, 5}, {8, 5}, {10, 5}};
    QTest::newRow("crosses") << QList<QPointF>{{-5, 15}, {15, -5}} << QList<QPointF>{{0, 10}, {10, 0}};
    QTest::newRow("enters") << QList<QPointF>{{-10, 5}, {5, 5}, {6, 6}} << QList<QPointF>{{0, 5}, {5, 5}, {6, 6}};
    QTest::newRow("leaves and comes back") << QList<QPointF>{{5, 5}, {5, 20}, {5, 6}} << QList<QPointF>{{5, 5}, {5, 10}};
    QTest::newRow("never inside") << QList<QPointF>{{-1, -1}, {-5, 20}, {20, 20}} << QList<QPointF>{};
}

void TestDecimate::clipsAPathToTheBox()
{
    QFETCH(QList<QPointF>, path);
    QFETCH(QList<QPointF>, expected);
    const QList<QPointF> got = mlwb::ui::clipPathToBox(path, QRectF(QPointF(0, 0), QPointF(10, 10)));
    QCOMPARE(got.size(), expected.size());
    for (qsizetype i = 0; i < got.size(); ++i) {
        QVERIFY2(std::abs(got[i].x() - expected[i].x()) < 1e-12 && std::abs(got[i].y() - expected[i].y()) < 1e-12,
                 qPrintable(QStringLiteral("point %1: (%2, %3)").arg(i).arg(got[i].x()).arg(got[i].y())));
    }
}

QTEST_APPLESS_MAIN(TestDecimate)
#include "tst_decimate.moc"
