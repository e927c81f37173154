#include "chart_panel.h"
#include "colormap.h"
#include "table_item.h"

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

namespace {
ChartSpec lineSpec(int n)
{
    ChartSpec spec;
    spec.id = "line";
    spec.title = "A long trace";
    spec.x = {"time (s)", false, {}, {}};
    spec.y = {"value (V)", false, {}, {}};
    SeriesSpec s;
    s.name = "signal";
    s.points.reserve(n);
    for (int i = 0; i < n; ++i)
        s.points.append({i * 1e-3, std::sin(i * 1e-3)});
    spec.series << s;
    return spec;
}

// Distinct colours in the image: a blank export has one or two.
int distinctColors(const QImage& image)
{
    QSet<QRgb> colors;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            colors.insert(image.pixel(x, y));
    return int(colors.size());
}

// A data preview: numbers, text, missing cells, and one name far too long for its column.
TableSpec previewTable(int rows)
{
    TableSpec t;
    t.header = {"id", "name", "sex", "age", "fare"};
    t.headerNotes = {"numeric", "text", "categorical", "numeric", "numeric"};
    for (int r = 0; r < rows; ++r)
        t.rows << QStringList{QString::number(r + 1), r == 1 ? QString("Cumings, Mrs. John Bradley (Florence Briggs Thayer) ").repeated(4) : QString("Braund, Mr. Owen Harris"),
                              r % 2 ? "female" : "male", r % 3 ? QString::number(20 + r) : "NA", QString::number(7.25 * (r + 1))};
    return t;
}

ChartSpec tableChart(const TableSpec& table)
{
    ChartSpec spec;
    spec.id = "preview";
    spec.title = "Preview";
    spec.table = table;
    return spec;
}

TableItem* tableItem(ChartPanel& panel)
{
    for (QGraphicsItem* item : panel.chart()->childItems())
        if (auto* table = qgraphicsitem_cast<TableItem*>(item))
            return table;
    return nullptr;
}

// The pixels of a rectangle in chart coordinates, from a grab of the panel's view.
QImage pixelsOf(ChartPanel& panel, const QImage& grab, const QRectF& rect)
{
    auto* view = panel.findChild<QChartView*>();
    const QRect inView = view->mapFromScene(panel.chart()->mapRectToScene(rect)).boundingRect();
    const qreal dpr = grab.devicePixelRatio();
    return grab.copy(QRect((inView.topLeft() * dpr), inView.size() * dpr).adjusted(1, 1, -1, -1));
}

// The darkest (or lightest) pixel's lightness: where the text is.
int extremeLightness(const QImage& image, bool lightest)
{
    int best = lightest ? 0 : 255;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const int l = image.pixelColor(x, y).lightness();
            best = lightest ? std::max(best, l) : std::min(best, l);
        }
    return best;
}

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

// Colour distance in RGB, 0…441.
double distance(QColor a, QColor b)
{
    return std::hypot(a.red() - b.red(), a.green() - b.green(), a.blue() - b.blue());
}
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
    void drawsATable();
    void tableColumnsShareTheWidth();
    void tableLeavesOutRowsThatDoNotFit();
    void tableMutesMissingCells_data();
    void tableMutesMissingCells();
    void exportsATable();
    void hugeCellsDrawQuickly_data();
    void hugeCellsDrawQuickly();
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

void TestChartPanel::drawsATable()
{
    ChartPanel panel;
    panel.resize(640, 400);
    panel.show();
    panel.setSpec(lineSpec(100));  // from a line chart: axes and legend go
    panel.setSpec(tableChart(previewTable(12)));
    QVERIFY(panel.chart()->axes().isEmpty());
    QVERIFY(panel.chart()->series().isEmpty());
    QTest::qWait(20);  // removed axes are deleted later
    TableItem* item = tableItem(panel);
    QVERIFY(item);
    const TableLayout layout = item->layout();
    QCOMPARE(layout.cells.size(), 12);
    QVERIFY(layout.headerFont.bold());
    const QImage grab = panel.findChild<QChartView*>()->grab().toImage();
    // The header band is not the background, and its bold titles are darker still.
    const QImage header = pixelsOf(panel, grab, QRectF(layout.bounds.topLeft(), QSizeF(layout.bounds.width(), layout.headerHeight)));
    const QColor background = grab.pixelColor(grab.width() / 2, grab.height() - 20 * int(grab.devicePixelRatio()));
    int differing = 0;
    for (int y = 0; y < header.height(); ++y)
        for (int x = 0; x < header.width(); ++x)
            differing += distance(header.pixelColor(x, y), background) > 8;
    QVERIFY2(differing > header.width() * header.height() / 2, qPrintable(QString::number(differing)));
    QVERIFY(extremeLightness(header, false) < 100);
    // Numbers are right-aligned, text left-aligned.
    QCOMPARE(layout.numericColumn, (QList<bool>{true, false, false, true, true}));
}

void TestChartPanel::tableColumnsShareTheWidth()
{
    ChartPanel panel;
    panel.resize(640, 400);
    panel.show();
    const TableSpec table = previewTable(12);
    panel.setSpec(tableChart(table));
    const TableLayout layout = tableItem(panel)->layout();
    const QRectF plot = panel.chart()->plotArea();
    QVERIFY(layout.bounds.width() <= plot.width() + 0.5);
    // The long name is cut with an ellipsis; numbers and short texts are whole.
    QVERIFY2(layout.cells[1][1].endsWith(QChar(0x2026)), qPrintable(layout.cells[1][1]));
    QVERIFY(layout.cells[1][1].size() < table.rows[1][1].size());
    QCOMPARE(layout.cells[0][1], table.rows[0][1]);
    for (int r = 0; r < 12; ++r)
        for (int c : {0, 2, 3, 4})
            QCOMPARE(layout.cells[r][c], table.rows[r][c]);
    QCOMPARE(layout.header, table.header);
    QVERIFY(layout.font.pointSizeF() >= 9);  // one long column does not shrink the font

    // Many columns: a smaller font, but never below 7 pt.
    TableSpec wide;
    for (int c = 0; c < 30; ++c)
        wide.header << QString("column %1").arg(c);
    wide.rows << wide.header;
    panel.setSpec(tableChart(wide));
    const TableLayout narrow = tableItem(panel)->layout();
    QVERIFY(narrow.font.pointSizeF() >= 7);
    QVERIFY(narrow.font.pointSizeF() < layout.font.pointSizeF());
    QVERIFY(narrow.bounds.width() <= plot.width() + 0.5);
}

void TestChartPanel::tableLeavesOutRowsThatDoNotFit()
{
    ChartPanel panel;
    panel.resize(480, 260);
    panel.show();
    panel.setSpec(tableChart(previewTable(60)));
    const TableLayout layout = tableItem(panel)->layout();
    QVERIFY(layout.cells.size() > 3);
    QCOMPARE(layout.hiddenRows, 60 - int(layout.cells.size()));
    QVERIFY(layout.bounds.bottom() <= panel.chart()->plotArea().bottom() + 0.5);  // the "… more rows" line too
}

void TestChartPanel::tableMutesMissingCells_data()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

// issue 11: a 2 MB header cell took 8.6 s to draw; a 200 MB line never finished.
void TestChartPanel::hugeCellsDrawQuickly_data()
{
    QTest::addColumn<bool>("inHeader");
    QTest::newRow("header cell") << true;
    QTest::newRow("body cell") << false;
}

void TestChartPanel::hugeCellsDrawQuickly()
{
    QFETCH(bool, inHeader);
    const QString huge(2 * 1024 * 1024, QLatin1Char('w'));
    TableSpec table;
    table.header = {"a", inHeader ? huge : QStringLiteral("b")};
    table.rows = {{"1", inHeader ? QStringLiteral("2") : huge}};
    ChartPanel panel;
    panel.resize(500, 320);
    panel.show();
    QElapsedTimer timer;
    timer.start();
    panel.setSpec(tableChart(table));
    const TableLayout layout = tableItem(panel)->layout();
    panel.findChild<QChartView*>()->grab();
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    const QString shown = inHeader ? layout.header.value(1) : layout.cells.value(0).value(1);
    QVERIFY2(shown.size() <= kMaxCellChars + 1 && shown.endsWith(QChar(0x2026)), qPrintable(shown.left(40)));
}

// Text is far from the background in both themes; missing cells sit in between.
void TestChartPanel::tableMutesMissingCells()
{
    QFETCH(bool, dark);
    TableSpec table;
    table.header = {"cabin"};
    table.rows = {{"C85 C85 C85"}, {"NA"}};  // zebra: row 1 is banded, so compare with row 0's band too
    table.rows << table.rows[0] << QStringList{"NA"};
    ChartPanel panel;
    panel.resize(500, 320);
    panel.setDark(dark);
    panel.show();
    panel.setSpec(tableChart(table));
    QTest::qWait(20);
    const TableLayout layout = tableItem(panel)->layout();
    const QImage grab = panel.findChild<QChartView*>()->grab().toImage();
    for (int row : {0, 1}) {
        const QImage normal = pixelsOf(panel, grab, layout.cellRect(row == 0 ? 0 : 2, 0));
        const QImage muted = pixelsOf(panel, grab, layout.cellRect(row == 0 ? 1 : 3, 0));
        const int text = extremeLightness(normal, dark), mutedText = extremeLightness(muted, dark);
        const int background = extremeLightness(normal, !dark);
        QVERIFY2(std::abs(text - background) > 150, qPrintable(QString("%1 vs %2").arg(text).arg(background)));
        QVERIFY2(std::abs(mutedText - text) > 40, qPrintable(QString("%1 vs %2").arg(mutedText).arg(text)));
        QVERIFY2(std::abs(mutedText - background) > 40, qPrintable(QString("%1 vs %2").arg(mutedText).arg(background)));
    }
}

void TestChartPanel::exportsATable()
{
    QTemporaryDir dir;
    ChartPanel panel;
    panel.resize(640, 400);
    panel.show();
    panel.setSpec(tableChart(previewTable(12)));
    QString error;
    const QString svg = dir.filePath("table.svg");
    QVERIFY2(panel.exportTo(svg, ExportFormat::Svg, 1, &error), qPrintable(error));
    QFile f(svg);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray xml = f.readAll();
    QVERIFY(xml.contains("Braund, Mr. Owen Harris"));
    QVERIFY(xml.contains("fare"));
    QVERIFY(QSvgRenderer(svg).isValid());

    const QString png = dir.filePath("table.png");
    QVERIFY2(panel.exportTo(png, ExportFormat::Png, 2, &error), qPrintable(error));
    QVERIFY(distinctColors(QImage(png)) > 10);

    // The PDF's size grows with the rows drawn: they are in it.
    auto pdfSize = [&](int rows) {
        panel.setSpec(tableChart(previewTable(rows)));
        const QString pdf = dir.filePath(QString("table%1.pdf").arg(rows));
        QString pdfError;
        if (!panel.exportTo(pdf, ExportFormat::Pdf, 1, &pdfError))
            return qint64(-1);
        return QFileInfo(pdf).size();
    };
    const qint64 headerOnly = pdfSize(0);
    QVERIFY(headerOnly > 0);
    QVERIFY2(pdfSize(12) > headerOnly + 1000, qPrintable(QString::number(headerOnly)));
}

QTEST_MAIN(TestChartPanel)
#include "tst_chartpanel.moc"
