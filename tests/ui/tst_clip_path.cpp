#include "clip_path.h"

#include <QTest>

#include <cmath>


class TestClipPath : public QObject {
    Q_OBJECT
private slots:
    void clipsAPathToTheBox_data();
    void clipsAPathToTheBox();
};

void TestClipPath::clipsAPathToTheBox_data()
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

void TestClipPath::clipsAPathToTheBox()
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

QTEST_APPLESS_MAIN(TestClipPath)
#include "tst_clip_path.moc"
