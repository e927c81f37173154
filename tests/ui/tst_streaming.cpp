// Streamed series from a step's worker to the window: only new points cross, nothing is lost
// or reordered, the panel keeps everything and draws a thinned view, and the GUI thread keeps
// answering while four lines grow to a million points each.
#include "../gui_gap_probe.h"
#include "chart_panel.h"
#include "plot/histogram.h"
#include "lab_view.h"
#include "run_context.h"
#include "step_runner.h"

#include <QChart>
#include <QEventLoop>
#include <QTest>
#include <QTimer>
#include <QValueAxis>

#include <random>
#include <thread>

using namespace mlwb::ui;

namespace {

ChartSpec traceSpec(int lines, qint64 keepLast = 0)
{
    ChartSpec spec;
    spec.id = "trace";
    spec.title = "Streamed traces";
    spec.x = {"sample", false, {}, {}};
    spec.y = {"value", false, {}, {}};
    for (int i = 0; i < lines; ++i)
        spec.series << SeriesSpec{.name = QStringLiteral("chain %1").arg(i + 1), .keepLast = keepLast};
    return spec;
}

QList<QPointF> walk(qint64 from, int n, std::mt19937_64& rng)
{
    std::normal_distribution<double> step;
    QList<QPointF> points;
    double y = 0;
    for (int k = 0; k < n; ++k)
        points.append(QPointF(double(from + k), y += step(rng)));
    return points;
}

// The window's side of a run: the lab view fed by a step runner, as MainWindow wires them.
struct Window {
    LabView view;
    StepRunner runner;
    bool done = false;
    Window()
    {
        view.show();
        QObject::connect(&runner, &StepRunner::chartsChanged, &view, &LabView::showCharts);
        QObject::connect(&runner, &StepRunner::streamed, &view, &LabView::appendStreams);
        QObject::connect(&runner, &StepRunner::finished, &view, [this] { done = true; });
    }
};

} // namespace

class TestStreaming : public QObject {
    Q_OBJECT
private slots:
    void mailboxPassesOnlyNewPoints()
    {
        RunMailbox mailbox;
        mailbox.publish(traceSpec(2));
        QCOMPARE(mailbox.takeChanges().charts.size(), 1);
        mailbox.appendPoints("trace", 0, {{0, 1}, {1, 2}});
        mailbox.appendPoints("trace", 1, {{0, 5}});
        mailbox.appendPoints("trace", 0, {{2, 3}});
        RunMailbox::Changes c = mailbox.takeChanges();
        QVERIFY(c.charts.isEmpty());  // the chart itself does not travel again
        QCOMPARE(c.blocks.size(), 2);   // one block per series, in order
        QCOMPARE(c.blocks[0].series, 0);
        QCOMPARE(c.blocks[0].points, (QList<QPointF>{{0, 1}, {1, 2}, {2, 3}}));
        QCOMPARE(c.blocks[1].points, (QList<QPointF>{{0, 5}}));
        QVERIFY(mailbox.takeChanges().blocks.isEmpty());
        // Published again: blocks not yet taken belonged to the old chart.
        mailbox.appendPoints("trace", 0, {{3, 4}});
        mailbox.publish(traceSpec(2));
        c = mailbox.takeChanges();
        QCOMPARE(c.charts.size(), 1);
        QVERIFY(c.blocks.isEmpty());
    }

    void headlessMailboxKeepsFullData()
    {
        RunMailbox mailbox(/*keepStreams=*/true);
        mailbox.publish(traceSpec(1, 250));
        std::mt19937_64 rng(1);
        QList<QPointF> sent;
        for (int b = 0; b < 40; ++b) {
            const QList<QPointF> block = walk(sent.size(), int(rng() % 37), rng);
            mailbox.appendPoints("trace", 0, block);
            sent.append(block);
        }
        QCOMPARE(mailbox.allCharts()[0].series[0].points, sent.mid(sent.size() - 250));
    }

    void streamingIntoWhatIsNotThereIsAnError()
    {
        RunMailbox mailbox;
        mailbox.publish(traceSpec(1));
        QVERIFY_THROWS_EXCEPTION(std::logic_error, mailbox.appendPoints("trace", 1, {{0, 0}}));
        QVERIFY_THROWS_EXCEPTION(std::logic_error, mailbox.appendPoints("nope", 0, {{0, 0}}));
        QVERIFY_THROWS_EXCEPTION(std::logic_error, mailbox.setHistogram("trace", 0, {0, 1}, {1}));
    }

    void panelKeepsEveryPointSent_data()
    {
        QTest::addColumn<int>("maxBlock");
        QTest::addColumn<qint64>("keepLast");
        QTest::newRow("small blocks") << 13 << qint64(0);
        QTest::newRow("large blocks") << 30000 << qint64(0);
        QTest::newRow("keep last 5000") << 3000 << qint64(5000);
        QTest::newRow("keep last 10") << 100 << qint64(10);
    }

    void panelKeepsEveryPointSent()
    {
        QFETCH(int, maxBlock);
        QFETCH(qint64, keepLast);
        ChartPanel panel;
        panel.resize(900, 500);
        panel.show();
        panel.setSpec(traceSpec(2, keepLast));
        std::mt19937_64 rng(9);
        QList<QPointF> sent[2];
        for (int frame = 0; frame < 60; ++frame) {
            QList<SeriesBlock> blocks;
            for (int line = 0; line < 2; ++line) {
                const QList<QPointF> block = walk(sent[line].size(), int(rng() % (maxBlock + 1)), rng);
                sent[line].append(block);
                blocks.append({"trace", line, block});
            }
            panel.appendPoints(blocks);
        }
        for (int line = 0; line < 2; ++line) {
            const QList<QPointF> expected = keepLast > 0 ? sent[line].mid(std::max<qsizetype>(0, sent[line].size() - keepLast)) : sent[line];
            QCOMPARE(panel.seriesPoints(line), expected);
            QVERIFY(panel.drawnPointCount(line) <= 4 * 450 + 8);  // about two points per pixel
        }
        // The axes show everything kept.
        const auto* x = qobject_cast<QValueAxis*>(panel.chart()->axes(Qt::Horizontal).front());
        QVERIFY(x);
        const qsizetype last = std::max(sent[0].size(), sent[1].size()) - 1;
        QVERIFY(x->max() >= double(last));
        if (keepLast > 0)
            QVERIFY(x->min() >= double(std::min(sent[0].size(), sent[1].size()) - keepLast) - 1e-9 - 0.1 * last);
    }

    void histogramBinsReplaceTheOldOnes()
    {
        ChartPanel panel;
        panel.show();
        ChartSpec spec = traceSpec(0);
        spec.histograms << HistogramSpec{"samples", {0, 1, 2}, {1, 1}, 0};
        panel.setSpec(spec);
        panel.setHistogramBins(0, {-1, 0, 1, 2}, {4, 5, 6});
        QCOMPARE(panel.spec().histograms[0].counts, (std::vector<double>{4, 5, 6}));
        QCOMPARE(panel.spec().histograms[0].edges.front(), -1.0);
    }

    // A step's accumulator sends its bins as samples arrive; the window's histogram ends up
    // with the bins of every sample.
    void accumulatedHistogramReachesTheWindow()
    {
        std::vector<double> all;
        Step step;
        step.id = "histogram";
        step.run = [&all](RunContext& ctx) {
            ChartSpec spec = traceSpec(0);
            spec.histograms << HistogramSpec{.name = "samples"};
            ctx.publish(spec);
            mlwb::plot::HistogramAccumulator acc = mlwb::plot::HistogramAccumulator::growing(32);
            std::mt19937_64 rng(3);
            std::normal_distribution<double> normal(5, 2);
            for (int block = 0; block < 20; ++block) {
                std::vector<double> samples(500);
                for (double& v : samples)
                    v = normal(rng);
                acc.add(samples);
                all.insert(all.end(), samples.begin(), samples.end());
                ctx.updateHistogram("trace", 0, acc.edges(), acc.counts());
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
        };
        Window w;
        w.runner.start(step, {}, 1, 0.0);
        QVERIFY(QTest::qWaitFor([&] { return w.done; }, 10000));
        const HistogramSpec& shown = w.view.charts()[0]->spec().histograms[0];
        QCOMPARE(shown.counts.size() + 1, shown.edges.size());
        QVERIFY(shown.counts.size() <= 32);
        QCOMPARE(shown.counts, mlwb::plot::binValues(all, shown.edges.front(), shown.edges.back(), int(shown.counts.size())).counts);
    }

    // The probe: a timer on the GUI thread while a step streams four lines to 1e6
    // points each, in blocks of 10 000 at 30 frames a second.
    void guiThreadNeverStallsWhileFourMillionPointsStream()
    {
        Step step;
        step.id = "stream";
        step.run = [](RunContext& ctx) {
            ctx.publish(traceSpec(4));
            std::vector<SeriesStream> lines;
            for (int i = 0; i < 4; ++i)
                lines.push_back(ctx.stream("trace", i));
            std::mt19937_64 rng(5);
            auto next = std::chrono::steady_clock::now();
            for (int frame = 0; frame < 100 && !ctx.stopRequested(); ++frame) {
                for (SeriesStream& s : lines)
                    s.append(walk(qint64(frame) * 10000, 10000, rng));
                next += std::chrono::milliseconds(33);
                std::this_thread::sleep_until(next);
            }
        };
        Window w;
        w.view.resize(1280, 800);
        LabView& view = w.view;
        StepRunner& runner = w.runner;
        // The probe measures from the first streamed block on: the stream, not the layout
        // of the new chart before it.
        GuiGapProbe probe;
        bool probing = false;
        connect(&runner, &StepRunner::streamed, this, [&] {
            if (!std::exchange(probing, true))
                probe.start();
        });
        runner.start(step, {}, 1, 0.0);
        QEventLoop loop;
        connect(&runner, &StepRunner::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        loop.exec();
        QVERIFY(w.done);
        probe.stop();
        QCOMPARE(view.charts().size(), 1);
        for (int line = 0; line < 4; ++line)
            QCOMPARE(view.charts()[0]->seriesPoints(line).size(), qsizetype(1000000));
        qInfo("longest gap between probe ticks: %lld ms", static_cast<long long>(probe.worstGapMs()));
        QVERIFY2(probe.worstGapMs() <= GuiGapProbe::kBudgetMs,
                 qPrintable(QStringLiteral("the GUI thread stalled for %1 ms").arg(probe.worstGapMs())));
    }
};

QTEST_MAIN(TestStreaming)
#include "tst_streaming.moc"
