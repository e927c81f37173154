// The streamed-series store and the histogram accumulator against plain references: the
// data sent, decimating everything at once, binning every sample at once by a linear search.
#include "plot/histogram.h"
#include "plot/stream_store.h"

#include <QTest>

#include <cmath>
#include <limits>
#include <numeric>
#include <random>

using namespace mlwb::plot;

Q_DECLARE_METATYPE(std::vector<double>)

class TestPlotStream : public QObject {
    Q_OBJECT
private slots:
    void streamKeepsEveryPointInOrder_data();
    void streamKeepsEveryPointInOrder();
    void incrementalViewEqualsDecimatingAll_data();
    void incrementalViewEqualsDecimatingAll();
    void viewStaysNearItsBucketCount();
    void viewReachesEveryExtreme();
    void narrowViewMergesBuckets();
    void knowsTracesFromPaths();
    void nonFinitePointsAreKeptButNotDrawn();
    void growingHistogramEqualsBinningAll_data();
    void growingHistogramEqualsBinningAll();
    void fixedHistogramEqualsBinningAll();
    void growingHistogramSurvivesHugeValues();
};

namespace {

// Random walk with blocks of random sizes (1 … maxBlock), some of them empty.
std::vector<std::vector<Point>> randomBlocks(std::mt19937_64& rng, std::int64_t total, int maxBlock)
{
    std::uniform_int_distribution<int> size(0, maxBlock);
    std::normal_distribution<double> step;
    std::vector<std::vector<Point>> blocks;
    double y = 0;
    std::int64_t i = 0;
    while (i < total) {
        std::vector<Point> block;
        for (int k = size(rng); k > 0 && i < total; --k, ++i)
            block.push_back({double(i), y += step(rng)});
        blocks.push_back(std::move(block));
    }
    return blocks;
}

// Counts per bin by a linear search over the edges: bins [e_k, e_k+1), the last one closed.
std::vector<double> binByLinearSearch(const std::vector<double>& samples, const std::vector<double>& edges)
{
    std::vector<double> counts(edges.size() - 1, 0.0);
    for (const double v : samples)
        for (std::size_t k = 0; k + 1 < edges.size(); ++k)
            if (v >= edges[k] && (v < edges[k + 1] || (k + 2 == edges.size() && v == edges[k + 1]))) {
                counts[k] += 1;
                break;
            }
    return counts;
}

} // namespace

void TestPlotStream::streamKeepsEveryPointInOrder_data()
{
    QTest::addColumn<qint64>("total");
    QTest::addColumn<int>("maxBlock");
    QTest::addColumn<qint64>("keepLast");
    QTest::newRow("small blocks, keep all") << qint64(20000) << 7 << qint64(0);
    QTest::newRow("large blocks, keep all") << qint64(300000) << 20000 << qint64(0);
    QTest::newRow("keep last 1000") << qint64(50000) << 300 << qint64(1000);
    QTest::newRow("keep last 5000, blocks larger") << qint64(100000) << 12000 << qint64(5000);
    QTest::newRow("keep last 1") << qint64(5000) << 10 << qint64(1);
    QTest::newRow("keep more than sent") << qint64(3000) << 100 << qint64(10000);
}

void TestPlotStream::streamKeepsEveryPointInOrder()
{
    QFETCH(qint64, total);
    QFETCH(int, maxBlock);
    QFETCH(qint64, keepLast);
    std::mt19937_64 rng(7);
    StreamStore store(keepLast, 64);
    std::vector<Point> sent;
    for (const auto& block : randomBlocks(rng, total, maxBlock)) {
        store.append(block);
        sent.insert(sent.end(), block.begin(), block.end());
        const std::size_t kept = keepLast > 0 ? std::min<std::size_t>(sent.size(), std::size_t(keepLast)) : sent.size();
        QCOMPARE(store.size(), std::int64_t(kept));
        QCOMPARE(store.firstIndex(), std::int64_t(sent.size() - kept));
    }
    const std::vector<Point> expected(sent.end() - store.size(), sent.end());
    QVERIFY(store.points() == expected);
    const auto b = store.bounds();
    QVERIFY(b.has_value());
    QCOMPARE(b->minX, expected.front().x);
    QCOMPARE(b->maxX, expected.back().x);
    double minY = INFINITY, maxY = -INFINITY;
    for (const Point& p : expected) {
        minY = std::min(minY, p.y);
        maxY = std::max(maxY, p.y);
    }
    QCOMPARE(b->minY, minY);
    QCOMPARE(b->maxY, maxY);
}

void TestPlotStream::incrementalViewEqualsDecimatingAll_data() { streamKeepsEveryPointInOrder_data(); }

void TestPlotStream::incrementalViewEqualsDecimatingAll()
{
    QFETCH(qint64, total);
    QFETCH(int, maxBlock);
    QFETCH(qint64, keepLast);
    std::mt19937_64 rng(11);
    StreamStore store(keepLast, 64);
    int checks = 0;
    for (const auto& block : randomBlocks(rng, total, maxBlock)) {
        store.append(block);
        if (++checks % 17 != 0)  // every 17th block: the full comparison is quadratic overall
            continue;
        const std::vector<Point> all = store.points();
        QVERIFY(store.view() == decimateMinMax(all, store.bucketWidth(), store.firstIndex()));
        QVERIFY(store.view(10) == decimateMinMax(all, store.viewWidth(10), store.firstIndex()));
    }
    const std::vector<Point> all = store.points();
    QVERIFY(store.view() == decimateMinMax(all, store.bucketWidth(), store.firstIndex()));
}

void TestPlotStream::viewStaysNearItsBucketCount()
{
    StreamStore store(0, 500);
    std::vector<Point> block(10000);
    for (int frame = 0; frame < 100; ++frame) {
        for (int k = 0; k < 10000; ++k)
            block[std::size_t(k)] = {double(frame * 10000 + k), std::sin(k * 0.01) * frame};
        store.append(block);
        // Monotone x: a bucket draws its first, last, lowest and highest point at most.
        QVERIFY(store.view().size() <= 4 * 2 * 500 + 4);
    }
    QCOMPARE(store.size(), std::int64_t(1000000));
    QVERIFY(store.view().size() >= 2 * 500);
}

void TestPlotStream::viewReachesEveryExtreme()
{
    // One spike in a million points must still be drawn.
    StreamStore store(0, 100);
    std::vector<Point> block;
    for (int i = 0; i < 1000000; ++i)
        block.push_back({double(i), i == 654321 ? 1e6 : (i == 123457 ? -5e5 : 0.0)});
    store.append(block);
    const std::vector<Point> v = store.view();
    QVERIFY(std::find(v.begin(), v.end(), Point{654321, 1e6}) != v.end());
    QVERIFY(std::find(v.begin(), v.end(), Point{123457, -5e5}) != v.end());
    QCOMPARE(v.front(), (Point{0, 0}));
    QCOMPARE(v.back(), (Point{999999, 0}));
}

void TestPlotStream::narrowViewMergesBuckets()
{
    StreamStore store(0, 1000);
    std::vector<Point> block;
    for (int i = 0; i < 100000; ++i)
        block.push_back({double(i), std::cos(i * 0.001)});
    store.append(block);
    QVERIFY(store.viewWidth(100) >= store.bucketWidth());
    QVERIFY(store.view(100).size() <= 4 * 101);
    QVERIFY(store.view(100) == decimateMinMax(block, store.viewWidth(100)));
}

void TestPlotStream::knowsTracesFromPaths()
{
    StreamStore trace, path;
    trace.append(std::vector<Point>{{0, 5}, {1, -3}, {1, 2}, {NAN, 0}, {4, 1}});
    QVERIFY(trace.xIncreasing());
    path.append(std::vector<Point>{{0, 0}, {1, 1}});
    QVERIFY(path.xIncreasing());
    path.append(std::vector<Point>{{0.5, 2}});
    QVERIFY(!path.xIncreasing());
    path.clear();
    QVERIFY(path.xIncreasing());
}

void TestPlotStream::nonFinitePointsAreKeptButNotDrawn()
{
    StreamStore store;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const std::vector<Point> block{{0, 1}, {1, nan}, {2, INFINITY}, {3, -2}};
    store.append(block);
    QCOMPARE(store.size(), std::int64_t(4));
    QCOMPARE(store.view().size(), std::size_t(2));
    QCOMPARE(store.bounds()->minY, -2.0);
    QCOMPARE(store.bounds()->maxY, 1.0);
    StreamStore empty;
    empty.append(std::vector<Point>{{nan, nan}});
    QVERIFY(!empty.bounds().has_value());
}

void TestPlotStream::growingHistogramEqualsBinningAll_data()
{
    QTest::addColumn<QString>("distribution");
    QTest::addColumn<int>("maxBins");
    QTest::newRow("normal") << "normal" << 64;
    QTest::newRow("normal, 7 bins") << "normal" << 7;
    QTest::newRow("drifting") << "drifting" << 40;
    QTest::newRow("heavy tails") << "cauchy" << 50;
    QTest::newRow("tiny spread far from 0") << "tiny" << 30;
}

void TestPlotStream::growingHistogramEqualsBinningAll()
{
    QFETCH(QString, distribution);
    QFETCH(int, maxBins);
    std::mt19937_64 rng(3);
    std::normal_distribution<double> normal;
    std::cauchy_distribution<double> cauchy;
    HistogramAccumulator acc = HistogramAccumulator::growing(maxBins);
    std::vector<double> all;
    for (int block = 0; block < 50; ++block) {
        std::vector<double> samples;
        for (int k = 0; k < 200; ++k) {
            double v = normal(rng);
            if (distribution == "drifting")
                v += block * 0.5;
            else if (distribution == "cauchy")
                v = cauchy(rng);
            else if (distribution == "tiny")
                v = 1000 + 1e-6 * v;
            samples.push_back(v);
        }
        acc.add(samples);
        all.insert(all.end(), samples.begin(), samples.end());
        const std::vector<double> edges = acc.edges();
        QVERIFY(int(acc.counts().size()) <= maxBins);
        QCOMPARE(acc.counts().size() + 1, edges.size());
        QCOMPARE(acc.counts(), binByLinearSearch(all, edges));
        QCOMPARE(std::accumulate(acc.counts().begin(), acc.counts().end(), 0.0), double(all.size()));
    }
}

void TestPlotStream::fixedHistogramEqualsBinningAll()
{
    std::mt19937_64 rng(5);
    std::normal_distribution<double> normal;
    HistogramAccumulator acc = HistogramAccumulator::fixed(-2, 2, 16);
    std::vector<double> all;
    for (int block = 0; block < 20; ++block) {
        std::vector<double> samples;
        for (int k = 0; k < 100; ++k)
            samples.push_back(normal(rng));
        samples.push_back(2.0);  // the top edge belongs to the last bin
        samples.push_back(std::nan(""));
        acc.add(samples);
        all.insert(all.end(), samples.begin(), samples.end());
    }
    QCOMPARE(acc.counts(), binByLinearSearch(all, acc.edges()));
    QCOMPARE(acc.counts(), binValues(all, -2, 2, 16).counts);
    const auto inside = std::count_if(all.begin(), all.end(), [](double v) { return v >= -2 && v <= 2; });
    QCOMPARE(acc.outside(), std::int64_t(std::count_if(all.begin(), all.end(), [](double v) { return std::isfinite(v); }) - inside));
    QCOMPARE(acc.nonFinite(), std::int64_t(20));
}

void TestPlotStream::growingHistogramSurvivesHugeValues()
{
    HistogramAccumulator acc = HistogramAccumulator::growing(20);
    const std::vector<double> samples{1e-300, 1e308, -1e308, 0, 3};
    acc.add(samples);
    const std::vector<double> edges = acc.edges();
    for (double e : edges)
        QVERIFY(std::isfinite(e));
    QCOMPARE(acc.counts(), binByLinearSearch(samples, edges));

    HistogramAccumulator tiny = HistogramAccumulator::growing(20);
    const std::vector<double> subnormal{5e-324, 1e-310, 0, 2e-300};
    tiny.add(subnormal);
    for (double e : tiny.edges())
        QVERIFY(std::isfinite(e));
    QCOMPARE(tiny.counts(), binByLinearSearch(subnormal, tiny.edges()));
}

QTEST_APPLESS_MAIN(TestPlotStream)
#include "tst_plot_stream.moc"
