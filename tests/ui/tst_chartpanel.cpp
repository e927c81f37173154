#include "chart_panel.h"
#include "colormap.h"
#include "chart_test_helpers.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QPainter>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>
#include <QLogValueAxis>
#include <QRegularExpression>
#include <QValueAxis>
#include <QVBoxLayout>
#include <QXmlStreamReader>

#include <cmath>

using namespace mlwb::ui;
using namespace chart_test;

namespace {
// The text items Qt Charts shows in the panel (axis labels, titles), by their text, with
// where they sit in chart coordinates. Hidden and elided labels are what this looks for.
QMultiMap<QString, QRectF> visibleTexts(ChartPanel& panel)
{
    QMultiMap<QString, QRectF> out;
    for (QGraphicsItem* item : panel.chart()->scene()->items())
        if (auto* text = qgraphicsitem_cast<QGraphicsTextItem*>(item); text && text->isVisible())
            out.insert(text->toPlainText().simplified(),
                       panel.chart()->mapRectFromScene(text->sceneBoundingRect()));
    return out;
}

// A heatmap with named rows and columns, as the broadcasting lab draws them.
ChartSpec labelledHeatmap(const QStringList& rows, const QStringList& cols)
{
    ChartSpec spec;
    spec.id = "heat";
    spec.title = "heatmap";
    spec.x.title = "axis";
    spec.y.title = "array";
    HeatmapSpec h;
    h.rows = int(rows.size());
    h.cols = int(cols.size());
    h.rowLabels = rows;
    h.colLabels = cols;
    for (int i = 0; i < h.rows * h.cols; ++i)
        h.values.push_back(i % 7);
    spec.heatmap = h;
    return spec;
}

// A ChartPanel at the size of a chart in a 1250 × 780 main window, shown the way the window
// shows it or another way. "in a window": like LabView, the panel goes into the layout of a
// shown widget and gets its spec before it is shown, so Qt Charts first lays the chart out
// at the view's initial 100 × 30 pixels. "grown": a first layout at the panel's minimum size.
struct ShownChart {
    QWidget window;
    ChartPanel* panel = new ChartPanel;
    ShownChart(const ChartSpec& spec, const QString& order, QSize size = {560, 340})
    {
        auto* layout = new QVBoxLayout(&window);
        layout->setContentsMargins(0, 0, 0, 0);
        window.resize(size);
        if (order == "in a window") {
            window.show();
            layout->addWidget(panel);
            panel->setSpec(spec);
        } else if (order == "grown") {
            window.resize(320, 240);
            layout->addWidget(panel);
            window.show();
            panel->setSpec(spec);
            QTest::qWait(20);
            window.resize(size);
        } else {
            layout->addWidget(panel);
            window.show();
            panel->setSpec(spec);
        }
        // The layout settles through queued signals, later under sanitizers and load: wait
        // until the visible labels stop changing (at most 5 s).
        QList<QString> before;
        QElapsedTimer waited;
        waited.start();
        for (int unchanged = 0; unchanged < 3 && waited.elapsed() < 5000;) {
            QTest::qWait(50);
            const QList<QString> now = visibleTexts(*panel).keys();
            unchanged = now == before ? unchanged + 1 : 0;
            before = now;
        }
    }
};

} // namespace

class TestChartPanel : public QObject {
    Q_OBJECT
private slots:
    void decimatesLongSeries();
    void dropsNonFiniteAndNonPositiveOnLog();
    void logAxisEndsOnPowersOfItsBase_data();
    void logAxisEndsOnPowersOfItsBase();
    void updatesInPlaceWhenOnlyDataChanges();
    void heatmapCellsFollowTheColormap_data();
    void heatmapCellsFollowTheColormap();
    void heatmapShowsEveryCategoryLabel_data();
    void heatmapShowsEveryCategoryLabel();
    void heatmapThinsCrowdedLabelsEvenly();
    void barLabelsAreNotElided();
    void exportsPng_data();
    void exportsPng();
    void exportsSvgAndPdf();
    void exportsTitlesWithMarkupCharacters();
    void pdfPageIsTheChart();
    void exportToMissingDirectoryFails();
    void drawsBarsHistogramsAndField();
    void logBarsShowTheSmallestBar();
};

void TestChartPanel::decimatesLongSeries()
{
    ChartPanel panel;
    panel.resize(800, 500);
    panel.show();
    panel.setSpec(lineSpec(1'000'000));
    QVERIFY(panel.drawnPointCount(0) > 100);
    QVERIFY(panel.drawnPointCount(0) <= 4 * 800);
}

void TestChartPanel::dropsNonFiniteAndNonPositiveOnLog()
{
    ChartSpec spec;
    spec.id = "loss";
    spec.title = "loss";
    spec.y.log = true;
    SeriesSpec s;
    s.points = {{0, 1.0}, {1, std::nan("")}, {2, 0.0}, {3, -1.0}, {4, INFINITY}, {5, 1e-3}};
    spec.series << s;
    ChartPanel panel;
    panel.resize(600, 400);
    panel.show();
    panel.setSpec(spec);
    QCOMPARE(panel.drawnPointCount(0), 2);
}

void TestChartPanel::logAxisEndsOnPowersOfItsBase_data()
{
    QTest::addColumn<double>("low");
    QTest::addColumn<double>("high");
    QTest::newRow("2 decades") << 0.03 << 2.0;
    QTest::newRow("31 decades") << 2e-30 << 4.1;
    QTest::newRow("huge") << 1e-3 << 3.1e12;
}

// QLogValueAxis puts its labels at the wrong values unless the range ends on powers of
// the base, and the panel raises the base to keep the tick count readable.
void TestChartPanel::logAxisEndsOnPowersOfItsBase()
{
    QFETCH(double, low);
    QFETCH(double, high);
    ChartSpec spec;
    spec.id = "loss";
    spec.y.log = true;
    SeriesSpec s;
    s.points = {{0, high}, {1, low}};
    spec.series << s;
    ChartPanel panel;
    panel.setSpec(spec);
    auto* axis = qobject_cast<QLogValueAxis*>(panel.chart()->axes(Qt::Vertical).front());
    QVERIFY(axis);
    QVERIFY(axis->min() <= low && axis->max() >= high);
    const double lo = std::log(axis->min()) / std::log(axis->base());
    const double hi = std::log(axis->max()) / std::log(axis->base());
    QVERIFY2(std::abs(lo - std::round(lo)) < 1e-9, qPrintable(QString::number(lo)));
    QVERIFY2(std::abs(hi - std::round(hi)) < 1e-9, qPrintable(QString::number(hi)));
    QVERIFY(std::round(hi - lo) <= 9);  // ~8 intervals, plus one from aligning both ends
}

void TestChartPanel::updatesInPlaceWhenOnlyDataChanges()
{
    ChartPanel panel;
    panel.resize(600, 400);
    panel.show();
    panel.setSpec(lineSpec(100));
    QList<QAbstractSeries*> before = panel.chart()->series();
    panel.setSpec(lineSpec(300));
    QCOMPARE(panel.chart()->series(), before);  // same objects: no rebuild
    QCOMPARE(panel.drawnPointCount(0), 300);
    ChartSpec other = lineSpec(10);
    other.series[0].name = "renamed";
    panel.setSpec(other);
    QCOMPARE(panel.drawnPointCount(0), 10);
}

void TestChartPanel::heatmapCellsFollowTheColormap_data()
{
    QTest::addColumn<int>("n");
    QTest::newRow("2 × 2, category axes") << 2;
    QTest::newRow("40 × 40, index axes") << 40;
}

// An n×n heatmap in four blocks, 0 on the diagonal blocks and 1 off it: the top-left cells
// are drawn in viridis(0)'s colour, the top-right in viridis(1)'s (row 0 at the top).
void TestChartPanel::heatmapCellsFollowTheColormap()
{
    QFETCH(int, n);
    ChartSpec spec;
    spec.id = "confusion";
    spec.title = "heatmap";
    HeatmapSpec h;
    h.rows = h.cols = n;
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c)
            h.values.push_back((r < n / 2) != (c < n / 2) ? 1.0 : 0.0);
    h.cellLabels = false;
    spec.heatmap = h;
    ChartPanel panel;
    panel.resize(700, 500);
    panel.show();
    panel.setSpec(spec);
    QTest::qWait(50);
    auto* view = panel.findChild<QChartView*>();
    const QImage image = view->grab().toImage();
    const QRectF plot = panel.chart()->mapRectToScene(panel.chart()->plotArea());
    auto sample = [&](double fx, double fy) {
        const QPoint at = view->mapFromScene(QPointF(plot.left() + fx * plot.width(), plot.top() + fy * plot.height()));
        return image.pixelColor(at * image.devicePixelRatio());
    };
    QVERIFY2(distance(sample(0.25, 0.25), viridis(0.0)) < 40, qPrintable(sample(0.25, 0.25).name()));
    QVERIFY2(distance(sample(0.75, 0.25), viridis(1.0)) < 40, qPrintable(sample(0.75, 0.25).name()));
    QVERIFY2(distance(sample(0.25, 0.75), viridis(1.0)) < 40, qPrintable(sample(0.25, 0.75).name()));
}

void TestChartPanel::heatmapShowsEveryCategoryLabel_data()
{
    QTest::addColumn<QString>("order");
    QTest::newRow("added to a shown window") << "in a window";
    QTest::newRow("shown, then the spec") << "shown first";
    QTest::newRow("grown after a first layout") << "grown";
}

// The broadcasting lab's alignment heatmap in a window-sized chart: every row and column
// label is drawn whole, beside its row or below its column. (Qt once hid the first and last
// row labels for good after one layout at a small size, because the row axis was reversed.)
void TestChartPanel::heatmapShowsEveryCategoryLabel()
{
    QFETCH(QString, order);
    const QStringList rows{"a (3, 1)", "b (4,)", "result (3, 4)"};
    const QStringList cols{"axis -2", "axis -1"};
    ShownChart shown(labelledHeatmap(rows, cols), order);
    const auto texts = visibleTexts(*shown.panel);
    const QRectF plot = shown.panel->chart()->plotArea();
    for (int i = 0; i < rows.size(); ++i) {
        QVERIFY2(texts.contains(rows[i]), qPrintable(QStringList(texts.keys()).join(" | ")));
        const double y = texts.value(rows[i]).center().y();
        QVERIFY2(y > plot.top() + i * plot.height() / 3 && y < plot.top() + (i + 1) * plot.height() / 3,
                 qPrintable(QString("%1 at %2").arg(rows[i]).arg(y)));
    }
    for (int j = 0; j < cols.size(); ++j) {
        QVERIFY2(texts.contains(cols[j]), qPrintable(QStringList(texts.keys()).join(" | ")));
        const double x = texts.value(cols[j]).center().x();
        QVERIFY2(x > plot.left() + j * plot.width() / 2 && x < plot.left() + (j + 1) * plot.width() / 2,
                 qPrintable(QString("%1 at %2").arg(cols[j]).arg(x)));
    }
}

// 24 × 24 cells in a window-sized chart: too many for every label. Every k-th row and
// column keeps its label, whole (not "…"), starting with the first; none in between.
void TestChartPanel::heatmapThinsCrowdedLabelsEvenly()
{
    QStringList rows, cols;
    for (int i = 0; i < 24; ++i) {
        rows << QString("query %1").arg(i);
        cols << QString("key %1").arg(i);
    }
    for (const QString order : {"in a window", "grown"}) {
        ShownChart shown(labelledHeatmap(rows, cols), order);
        const auto texts = visibleTexts(*shown.panel);
        QVERIFY2(!texts.contains("…") && !texts.contains("..."), qPrintable(QStringList(texts.keys()).join(" | ")));
        for (const QStringList& labels : {rows, cols}) {
            QList<int> drawn;
            for (int i = 0; i < labels.size(); ++i)
                if (texts.contains(labels[i]))
                    drawn << i;
            const QString what = order + ": " + QStringList(texts.keys()).join(" | ");
            QVERIFY2(drawn.size() >= 3 && drawn.size() < labels.size(), qPrintable(what));
            const int k = drawn[1] - drawn[0];
            for (int n = 0; n < drawn.size(); ++n)
                QVERIFY2(drawn[n] == n * k, qPrintable(what));
            QVERIFY2(drawn.back() + k >= labels.size(), qPrintable(what));  // none left out at the end
        }
    }
}

// Timing bars' category labels in a window-sized chart: a name and, on a second line, the
// speed-up. Both lines are drawn, and no word is elided.
void TestChartPanel::barLabelsAreNotElided()
{
    ChartSpec spec;
    spec.id = "times";
    spec.title = "times";
    spec.y.title = "time per run (ms)";
    BarsSpec b;
    b.categories = {"explicit loops", "einsum('ij,jk->ik')<br>8.37× faster", "matmul (Eigen GEMM per matrix)<br>9.66× faster",
                    "most frequent value<br>1.2× slower"};
    b.sets = {{"median time (ms)", {78.9, 9.4, 8.2, 60}, 0}};
    spec.bars = b;
    ShownChart shown(spec, "in a window");
    const QString all = QStringList(visibleTexts(*shown.panel).keys()).join(" ");
    for (const char* word : {"explicit", "loops", "einsum('ij,jk->ik')", "8.37×", "matmul", "(Eigen", "GEMM", "matrix)", "9.66×",
                             "most", "frequent", "value", "1.2×", "slower", "faster"})
        QVERIFY2(all.contains(word), qPrintable(QString(word) + " not in: " + all));
    QVERIFY2(!all.contains("…") && !all.contains("..."), qPrintable(all));
}

void TestChartPanel::exportsPng_data()
{
    QTest::addColumn<int>("scale");
    QTest::newRow("1x") << 1;
    QTest::newRow("2x") << 2;
    QTest::newRow("3x") << 3;
}

void TestChartPanel::exportsPng()
{
    QFETCH(int, scale);
    QTemporaryDir dir;
    ChartPanel panel;
    panel.resize(640, 400);
    panel.show();
    panel.setSpec(lineSpec(5000));
    const QString path = dir.filePath("chart.png");
    QString error;
    QVERIFY2(panel.exportTo(path, ExportFormat::Png, scale, &error), qPrintable(error));
    QImage image(path);
    QVERIFY(!image.isNull());
    QCOMPARE(image.width(), 640 * scale);
    QCOMPARE(image.height(), 400 * scale);
    QVERIFY(distinctColors(image) > 20);
}

void TestChartPanel::exportsSvgAndPdf()
{
    QTemporaryDir dir;
    ChartPanel panel;
    panel.resize(640, 400);
    panel.show();
    panel.setSpec(lineSpec(5000));
    QString error;
    const QString svg = dir.filePath("chart.svg");
    QVERIFY2(panel.exportTo(svg, ExportFormat::Svg, 1, &error), qPrintable(error));
    QSvgRenderer renderer(svg);
    QVERIFY(renderer.isValid());
    QVERIFY(renderer.defaultSize().width() > 0);
    QImage rendered(640, 400, QImage::Format_ARGB32);
    rendered.fill(Qt::white);
    QPainter painter(&rendered);
    renderer.render(&painter);
    painter.end();
    QVERIFY(distinctColors(rendered) > 5);

    const QString pdf = dir.filePath("chart.pdf");
    QVERIFY2(panel.exportTo(pdf, ExportFormat::Pdf, 1, &error), qPrintable(error));
    QFile f(pdf);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QVERIFY(bytes.startsWith("%PDF-"));
    QVERIFY(bytes.contains("%%EOF"));
    QVERIFY(bytes.size() > 2000);
}

// "f < 1e-6" in a title once made the SVG invalid XML.
void TestChartPanel::exportsTitlesWithMarkupCharacters()
{
    QTemporaryDir dir;
    ChartPanel panel;
    panel.resize(500, 300);
    ChartSpec spec = lineSpec(100);
    spec.title = "Iterations to f < 1e-6 & <b>more</b>";
    spec.y.title = "loss < 1";
    panel.setSpec(spec);
    QString error;
    const QString svg = dir.filePath("chart.svg");
    QVERIFY2(panel.exportTo(svg, ExportFormat::Svg, 1, &error), qPrintable(error));
    QFile f(svg);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&f);
    while (!xml.atEnd())
        xml.readNext();
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(QSvgRenderer(svg).isValid());
}

// The PDF page has the chart's size (0.75 pt per pixel), so the chart fills it.
void TestChartPanel::pdfPageIsTheChart()
{
    QTemporaryDir dir;
    ChartPanel panel;
    panel.resize(800, 500);
    panel.show();
    panel.setSpec(lineSpec(100));
    const QSize viewSize = panel.findChild<QChartView*>()->size();
    QString error;
    const QString pdf = dir.filePath("chart.pdf");
    QVERIFY2(panel.exportTo(pdf, ExportFormat::Pdf, 1, &error), qPrintable(error));
    QFile f(pdf);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QRegularExpressionMatch box =
        QRegularExpression(R"(/MediaBox \[0 0 ([\d.]+) ([\d.]+)\])").match(QString::fromLatin1(f.readAll()));
    QVERIFY(box.hasMatch());
    QVERIFY(std::abs(box.captured(1).toDouble() - viewSize.width() * 0.75) < 1.0);
    QVERIFY(std::abs(box.captured(2).toDouble() - viewSize.height() * 0.75) < 1.0);
}

void TestChartPanel::exportToMissingDirectoryFails()
{
    ChartPanel panel;
    panel.resize(300, 200);
    panel.setSpec(lineSpec(10));
    QString error;
    QVERIFY(!panel.exportTo("/nonexistent-dir/x/chart.png", ExportFormat::Png, 1, &error));
    QVERIFY(error.contains("/nonexistent-dir/x/chart.png"));
}

// Timing bars spanning decades: the log axis must start below the smallest bar (it once
// started at an invalid 0 and Qt fell back to a range that hid the fastest contender).
void TestChartPanel::logBarsShowTheSmallestBar()
{
    ChartSpec spec;
    spec.id = "times";
    spec.title = "times";
    spec.y.log = true;
    BarsSpec b;
    b.categories = {"loop", "vectorized", "GEMM"};
    b.sets = {{"median time (ms)", {12.7, 1.48, 0.273}, 0}};
    spec.bars = b;
    ChartPanel panel;
    panel.setSpec(spec);
    auto* axis = qobject_cast<QLogValueAxis*>(panel.chart()->axes(Qt::Vertical).front());
    QVERIFY(axis);
    QVERIFY2(axis->min() > 0 && axis->min() < 0.273, qPrintable(QString::number(axis->min())));
    QVERIFY2(axis->max() > 12.7, qPrintable(QString::number(axis->max())));
}

void TestChartPanel::drawsBarsHistogramsAndField()
{
    ChartPanel panel;
    panel.resize(640, 400);
    panel.show();
    ChartSpec bars;
    bars.id = "bars";
    bars.title = "bars";
    BarsSpec b;
    b.categories = {"a", "b", "c"};
    b.sets = {{"one", {1, 2, 3}, 0}, {"two", {3, -1, 0.5}, 1}};
    bars.bars = b;
    panel.setSpec(bars);
    QVERIFY(distinctColors(panel.grab().toImage()) > 10);

    ChartSpec hist;
    hist.id = "hist";
    hist.title = "histogram";
    hist.histograms << HistogramSpec{"ages", {0, 10, 20, 30}, {5, 12, 3}, 0};
    panel.setSpec(hist);
    QVERIFY(distinctColors(panel.grab().toImage()) > 10);

    ChartSpec field;
    field.id = "field";
    field.title = "field";
    FieldSpec f;
    f.nx = f.ny = 50;
    for (int i = 0; i < 2500; ++i)
        f.values.push_back(1 + (i % 50) * (i / 50));
    f.logScale = true;
    field.field = f;
    panel.setSpec(field);
    QVERIFY(distinctColors(panel.grab().toImage()) > 15);
}

QTEST_MAIN(TestChartPanel)
#include "tst_chartpanel.moc"
