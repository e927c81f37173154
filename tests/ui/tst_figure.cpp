// Figures: the layout check, the headless export of a 2×2 figure (each panel in its cell,
// every title in SVG and PDF, the PDF page the figure's size) and the SVG and PDF drawn
// the same as the PNG, heatmap colours included (rasterized with rsvg-convert and pdftoppm).
#include "colormap.h"
#include "figure_spec.h"
#include "headless_runner.h"
#include "run_context.h"

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace mlwb::ui;

namespace {

const QStringList kTitles{"Loss curves", "Confusion counts", "Importance", "Predictions"};

// A chart whose plot is one colour in its middle: a single full-height bar in palette
// colour `color`, or (heatmap) one cell per row, so the middle is the colour of value 1.
ChartSpec barChart(const QString& id, const QString& title, int color)
{
    ChartSpec c;
    c.id = id;
    c.title = title;
    c.x.title = "class";
    c.y = {"count", false, 0.0, 1.0};
    BarsSpec bars;
    bars.categories = {"a"};
    bars.sets = {{"n", {1.0}, color}};
    bars.valueLabels = false;
    c.bars = bars;
    return c;
}

ChartSpec heatmapChart(const QString& id, const QString& title)
{
    ChartSpec c;
    c.id = id;
    c.title = title;
    c.x.title = "predicted";
    c.y.title = "true";
    HeatmapSpec h;
    h.rows = 3;
    h.cols = 3;
    h.values = {0, 0, 0, 1, 1, 1, 0.5, 0.5, 0.5};  // the middle row is the top of the scale
    h.cellLabels = false;
    h.colorBarTitle = "count";
    c.heatmap = h;
    return c;
}

Lab figureLab()
{
    Step s;
    s.id = "dashboard";
    s.title = "Dashboard";
    s.run = [](RunContext& ctx) {
        ctx.figure({"dashboard", "Model analysis", 2, 2,
                    {{"a", 0, 0}, {"b", 0, 1}, {"c", 1, 0}, {"d", 1, 1}}});
        ctx.publish(barChart("a", kTitles[0], 0));
        ctx.publish(heatmapChart("b", kTitles[1]));
        ctx.publish(barChart("c", kTitles[2], 2));
        ctx.publish(barChart("d", kTitles[3], 4));
    };
    Lab lab;
    lab.id = "fig";
    lab.title = "Figures";
    lab.steps = {s};
    return lab;
}

// The mean colour of a small square at the centre of cell (row, col) of a rows × cols grid
// drawn in image below a title band of titleHeight pixels (in the image's own pixels).
QColor cellMiddle(const QImage& image, int row, int col, double titleFraction)
{
    const double top = image.height() * titleFraction;
    const double cellW = image.width() / 2.0, cellH = (image.height() - top) / 2.0;
    const int cx = int(cellW * (col + 0.5)), cy = int(top + cellH * (row + 0.5));
    double r = 0, g = 0, b = 0;
    int n = 0;
    for (int y = cy - 4; y <= cy + 4; ++y)
        for (int x = cx - 4; x <= cx + 4; ++x) {
            const QColor c = image.pixelColor(x, y);
            r += c.redF();
            g += c.greenF();
            b += c.blueF();
            ++n;
        }
    return QColor::fromRgbF(float(r / n), float(g / n), float(b / n));
}

double colorDistance(const QColor& a, const QColor& b)
{
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue());
}

QImage rasterize(const QString& program, const QStringList& args, const QString& out)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        return {};
    return QImage(out);
}

} // namespace

class TestFigure : public QObject {
    Q_OBJECT
private slots:
    void layoutProblemsNamePanelAndCell()
    {
        FigureSpec ok{"f", "t", 2, 2, {{"wide", 0, 0, 1, 2}, {"a", 1, 0}, {"b", 1, 1}}};
        QVERIFY2(ok.problem().isEmpty(), qPrintable(ok.problem()));
        FigureSpec outside{"f", "t", 2, 2, {{"loss", 2, 0}}};
        QVERIFY(outside.problem().contains("\"loss\""));
        QVERIFY(outside.problem().contains("2 × 2"));
        FigureSpec overlap{"f", "t", 2, 2, {{"wide", 0, 0, 1, 2}, {"b", 0, 1}}};
        QVERIFY(overlap.problem().contains("overlap at row 0, column 1"));
        FigureSpec twice{"f", "t", 2, 2, {{"a", 0, 0}, {"a", 1, 1}}};
        QVERIFY(twice.problem().contains("twice"));
        FigureSpec empty{"f", "t", 0, 2, {}};
        QVERIFY(!empty.problem().isEmpty());
    }

    void unsoundFigureFailsTheStep()
    {
        Lab lab = figureLab();
        lab.steps[0].run = [](RunContext& ctx) { ctx.figure({"f", "t", 1, 1, {{"a", 0, 1}}}); };
        const HeadlessStepResult r = runStepHeadless(lab, 0, {}, 1, {}, ExportFormat::Png);
        QVERIFY(r.error.contains("outside"));
    }

    void figureNamingAnUnpublishedChartFails()
    {
        Lab lab = figureLab();
        lab.steps[0].run = [](RunContext& ctx) {
            ctx.figure({"f", "t", 1, 2, {{"a", 0, 0}, {"ghost", 0, 1}}});
            ctx.publish(barChart("a", "A", 0));
        };
        QTemporaryDir dir;
        const HeadlessStepResult r = runStepHeadless(lab, 0, {}, 1, dir.path(), ExportFormat::Png);
        QVERIFY2(r.error.contains("\"ghost\""), qPrintable(r.error));
    }

    void pngHasEachPanelInItsCell()
    {
        QTemporaryDir dir;
        const HeadlessStepResult r = runStepHeadless(figureLab(), 0, {}, 1, dir.path(), ExportFormat::Png, {960, 600});
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.files.size(), 4);  // every panel alone, as before
        QCOMPARE(r.figures, QStringList{dir.filePath("fig-dashboard-dashboard.png")});
        const QImage png(r.figures.front());
        QCOMPARE(png.size(), QSize(2 * 800, 2 * 500 + 40));
        const double title = 40.0 / png.height();
        QVERIFY(colorDistance(cellMiddle(png, 0, 0, title), seriesColor(0, false)) < 30);
        QVERIFY(colorDistance(cellMiddle(png, 1, 0, title), seriesColor(2, false)) < 30);
        QVERIFY(colorDistance(cellMiddle(png, 1, 1, title), seriesColor(4, false)) < 30);
        // The heatmap's middle row holds the top of its scale.
        QVERIFY(colorDistance(cellMiddle(png, 0, 1, title), viridis(1.0)) < 40);
        // The title band is the background with dark text in its middle third.
        bool text = false;
        for (int x = png.width() / 3; x < 2 * png.width() / 3 && !text; ++x)
            for (int y = 4; y < 36 && !text; ++y)
                text = png.pixelColor(x, y).lightness() < 80;
        QVERIFY(text);
    }

    void svgAndPdfHoldEveryTitleAndMatchThePng()
    {
        QTemporaryDir dir;
        QStringList files;
        for (ExportFormat f : {ExportFormat::Png, ExportFormat::Svg, ExportFormat::Pdf}) {
            const HeadlessStepResult r = runStepHeadless(figureLab(), 0, {}, 1, dir.path(), f, {960, 600});
            QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
            files << r.figures.front();
        }
        QFile svg(files[1]);
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QString svgText = QString::fromUtf8(svg.readAll());
        for (const QString& t : kTitles + QStringList{"Model analysis"})
            QVERIFY2(svgText.contains(t), qPrintable(t));

        const QString pdftotext = QStandardPaths::findExecutable("pdftotext");
        const QString pdftoppm = QStandardPaths::findExecutable("pdftoppm");
        const QString rsvg = QStandardPaths::findExecutable("rsvg-convert");
        if (pdftotext.isEmpty() || pdftoppm.isEmpty() || rsvg.isEmpty())
            QFAIL("poppler-utils and librsvg2-bin are needed (scripts/install-deps.sh installs them)");
        QProcess text;
        text.start(pdftotext, {files[2], "-"});
        QVERIFY(text.waitForFinished(60000));
        const QString pdfText = QString::fromUtf8(text.readAllStandardOutput());
        for (const QString& t : kTitles + QStringList{"Model analysis"})
            QVERIFY2(pdfText.contains(t), qPrintable(t));

        // The page is the figure's size: 1600 × 1040 pixels at 96 dpi = 1200 × 780 pt.
        QFile pdf(files[2]);
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        const QRegularExpressionMatch box =
            QRegularExpression(R"(/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\])").match(QString::fromLatin1(pdf.readAll()));
        QVERIFY(box.hasMatch());
        QCOMPARE(qRound(box.captured(1).toDouble()), 1200);
        QCOMPARE(qRound(box.captured(2).toDouble()), 780);

        const QImage png(files[0]);
        const QImage fromSvg = rasterize(rsvg, {files[1], "-o", dir.filePath("svg.png")}, dir.filePath("svg.png"));
        const QImage fromPdf = rasterize(pdftoppm, {"-png", "-r", "96", "-singlefile", files[2], dir.filePath("pdf")},
                                         dir.filePath("pdf.png"));
        QVERIFY(!fromSvg.isNull());
        QVERIFY(!fromPdf.isNull());
        const double title = 40.0 / png.height();
        for (int row = 0; row < 2; ++row)
            for (int col = 0; col < 2; ++col) {
                const QColor expected = cellMiddle(png, row, col, title);
                const QColor s = cellMiddle(fromSvg, row, col, title), p = cellMiddle(fromPdf, row, col, title);
                QVERIFY2(colorDistance(s, expected) < 24, qPrintable(QString("SVG cell %1,%2: %3 vs %4").arg(row).arg(col).arg(s.name(), expected.name())));
                QVERIFY2(colorDistance(p, expected) < 24, qPrintable(QString("PDF cell %1,%2: %3 vs %4").arg(row).arg(col).arg(p.name(), expected.name())));
            }
    }
};

QTEST_MAIN(TestFigure)
#include "tst_figure.moc"
