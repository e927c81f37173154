#include "chart_workloads.h"

#include "chart_panel.h"
#include "figure_view.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>

namespace mlwb::app {

namespace {

constexpr int kFrames = 100;
constexpr int kBlock = 10000;  // 100 frames of 10 000: a line of 1e6 points
const QSize kPanelSize(1280, 800);

double median(std::vector<double> v)
{
    std::ranges::sort(v);
    const std::size_t n = v.size();
    return n == 0 ? 0.0 : n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Random walks, one per line, cut into the blocks a step would append frame by frame.
std::vector<std::vector<QList<QPointF>>> walks(int lines)
{
    std::mt19937_64 rng(42);
    std::normal_distribution<double> step;
    auto out = std::vector<std::vector<QList<QPointF>>>(std::size_t(lines));
    for (auto& line : out) {
        double y = 0;
        for (int f = 0; f < kFrames; ++f) {
            QList<QPointF> block;
            block.reserve(kBlock);
            for (int k = 0; k < kBlock; ++k)
                block.append(QPointF(double(f) * kBlock + k, y += step(rng)));
            line.push_back(std::move(block));
        }
    }
    return out;
}

// One panel growing `lines` traces to 1e6 points each; a frame is what the window does
// when a poll brings new blocks: store and thin them, update the axes, and paint.
struct StreamBench {
    std::unique_ptr<ui::ChartPanel> panel;
    ui::ChartSpec spec;
    std::vector<std::vector<QList<QPointF>>> blocks;
    std::vector<std::vector<double>> frameMs;  // per run, the first (warm-up) run included

    explicit StreamBench(int lines) : panel(std::make_unique<ui::ChartPanel>()), blocks(walks(lines))
    {
        panel->setAttribute(Qt::WA_DontShowOnScreen);
        panel->resize(kPanelSize);
        panel->show();
        spec.id = "trace";
        spec.title = QStringLiteral("%1 streamed trace%2").arg(lines).arg(lines > 1 ? "s" : "");
        spec.x = {"sample", false, {}, {}};
        spec.y = {"value", false, {}, {}};
        for (int i = 0; i < lines; ++i)
            spec.series << ui::SeriesSpec{.name = QStringLiteral("chain %1").arg(i + 1)};
        QCoreApplication::processEvents();
    }

    void run()
    {
        panel->setSpec(spec);  // empty lines again
        QImage image(kPanelSize, QImage::Format_ARGB32_Premultiplied);
        std::vector<double>& times = frameMs.emplace_back();
        for (int f = 0; f < kFrames; ++f) {
            QList<ui::SeriesBlock> frame;
            for (std::size_t line = 0; line < blocks.size(); ++line)
                frame.append({spec.id, int(line), blocks[line][std::size_t(f)]});
            QElapsedTimer timer;
            timer.start();
            panel->appendPoints(frame);
            QPainter painter(&image);
            panel->render(&painter);
            painter.end();
            times.push_back(timer.nsecsElapsed() / 1e6);
        }
    }

    std::vector<bench::Detail> details() const
    {
        std::vector<double> all;
        for (std::size_t r = frameMs.size() > 1 ? 1 : 0; r < frameMs.size(); ++r)
            all.insert(all.end(), frameMs[r].begin(), frameMs[r].end());
        return {{"median frame", median(all), "ms"}, {"worst frame", all.empty() ? 0 : *std::ranges::max_element(all), "ms"}};
    }

    bool verify() const
    {
        for (std::size_t line = 0; line < blocks.size(); ++line)
            if (panel->seriesPoints(int(line)).size() != qsizetype(kFrames) * kBlock ||
                panel->drawnPointCount(int(line)) > 4 * kPanelSize.width())
                return false;
        return true;
    }
};

bench::PreparedWorkload streamWorkload(int lines)
{
    auto bench = std::make_shared<StreamBench>(lines);
    bench::PreparedWorkload w;
    w.run = [bench] { bench->run(); };
    w.workPerRun = double(lines) * kFrames * kBlock;
    w.rateScale = 1e6;
    w.rateUnit = "Mpoints/s";
    w.verify = [bench] { return bench->verify(); };
    w.details = [bench] { return bench->details(); };
    return w;
}

// The course's dashboard: a 1e5-point line, a 10×10 heatmap, 30 bars with error bars and a
// histogram in a 2×2 figure, exported as PNG at 2×, SVG and PDF.
struct FigureBench {
    std::unique_ptr<ui::FigureView> view;
    QTemporaryDir dir;
    std::vector<double> pngMs, svgMs, pdfMs;
    bool ok = true;

    FigureBench() : view(std::make_unique<ui::FigureView>())
    {
        std::mt19937_64 rng(7);
        std::normal_distribution<double> normal;
        ui::ChartSpec line;
        line.id = "loss";
        line.title = "Training loss";
        line.x = {"step", false, {}, {}};
        line.y = {"loss", false, {}, {}};
        ui::SeriesSpec s{.name = "train"};
        for (int i = 0; i < 100000; ++i)
            s.points.append(QPointF(i, 1.0 / (1 + i * 1e-3) + 0.05 * normal(rng)));
        line.series << s;
        ui::ChartSpec heat;
        heat.id = "confusion";
        heat.title = "Confusion matrix";
        heat.x = {"predicted class", false, {}, {}};
        heat.y = {"true class", false, {}, {}};
        ui::HeatmapSpec h;
        h.rows = h.cols = 10;
        for (int i = 0; i < 100; ++i)
            h.values.push_back(i % 11 == 0 ? 90 + i % 7 : i % 5);
        h.colorBarTitle = "count";
        heat.heatmap = h;
        ui::ChartSpec bars;
        bars.id = "importance";
        bars.title = "Permutation importance";
        bars.x = {"feature", false, {}, {}};
        bars.y = {"accuracy drop", false, {}, {}};
        ui::BarsSpec b;
        ui::BarsSpec::Set set{.name = "mean of 10 repeats"};
        for (int i = 0; i < 30; ++i) {
            b.categories << QStringLiteral("f%1").arg(i);
            set.values << 0.1 * std::exp(-i / 8.0);
            set.errors << 0.01 + 0.005 * (i % 3);
        }
        b.sets << set;
        b.valueLabels = false;
        bars.bars = b;
        ui::ChartSpec hist;
        hist.id = "predictions";
        hist.title = "Predicted probabilities";
        hist.x = {"P(class 1)", false, {}, {}};
        hist.y = {"count", false, {}, {}};
        ui::HistogramSpec hs{.name = "validation"};
        for (int i = 0; i <= 20; ++i)
            hs.edges.push_back(i / 20.0);
        for (int i = 0; i < 20; ++i)
            hs.counts.push_back(50 + 40 * std::cos(i * 0.3));
        hist.histograms << hs;

        view->setAttribute(Qt::WA_DontShowOnScreen);
        view->setSpec({"dashboard", "Model analysis", 2, 2,
                       {{"loss", 0, 0}, {"confusion", 0, 1}, {"importance", 1, 0}, {"predictions", 1, 1}}});
        for (const ui::ChartSpec& c : {line, heat, bars, hist}) {
            auto* panel = new ui::ChartPanel(view.get());
            panel->setSpec(c);
            view->place(panel);
        }
        view->resize(1600, 1200);
        view->show();
        QCoreApplication::processEvents();
        for (ui::ChartPanel* panel : view->findChildren<ui::ChartPanel*>())
            panel->redraw();
    }

    void run()
    {
        const std::pair<ui::ExportFormat, std::vector<double>*> formats[] = {
            {ui::ExportFormat::Png, &pngMs}, {ui::ExportFormat::Svg, &svgMs}, {ui::ExportFormat::Pdf, &pdfMs}};
        for (const auto& [format, times] : formats) {
            QElapsedTimer timer;
            timer.start();
            QString error;
            const QString suffix = format == ui::ExportFormat::Png ? "png" : format == ui::ExportFormat::Svg ? "svg" : "pdf";
            ok = view->exportTo(dir.filePath("dashboard." + suffix), format, format == ui::ExportFormat::Png ? 2 : 1, &error) && ok;
            times->push_back(timer.nsecsElapsed() / 1e6);
        }
    }
};

bench::PreparedWorkload figureWorkload()
{
    auto bench = std::make_shared<FigureBench>();
    bench::PreparedWorkload w;
    w.run = [bench] { bench->run(); };
    w.verify = [bench] { return bench->ok; };
    w.details = [bench] {
        return std::vector<bench::Detail>{{"PNG 2x", median(bench->pngMs), "ms"},
                                          {"SVG", median(bench->svgMs), "ms"},
                                          {"PDF", median(bench->pdfMs), "ms"}};
    };
    return w;
}

} // namespace

std::vector<bench::Workload> chartWorkloads()
{
    return {
        {"G1_stream_1e6", "one line growing to 1e6 points in blocks of 10 000, appended and painted per frame (1280x800)",
         [] { return streamWorkload(1); }},
        {"G2_stream_4x1e6", "four such lines in one panel", [] { return streamWorkload(4); }},
        {"G3_figure_export", "a 2x2 figure (1e5-point line, 10x10 heatmap, 30 bars with error bars, histogram) as PNG 2x, SVG and PDF",
         figureWorkload},
    };
}

} // namespace mlwb::app
