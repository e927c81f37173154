#include "chart_panel.h"
#include "colormap.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QFile>
#include <QPainter>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>
#include <QLogValueAxis>
#include <QRegularExpression>
#include <QValueAxis>
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
    void heatmapCellsFollowTheColormap();
    void exportsPng_data();
    void exportsPng();
    void exportsSvgAndPdf();
    void exportsTitlesWithMarkupCharacters();
    void pdfPageIsTheChart();
    void exportToMissingDirectoryFails();
    void drawsBarsHistogramsAndField();
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

// A 2×2 heatmap with values 0 and 1 on the diagonal: the top-left cell is drawn in
// viridis(0)'s colour, the top-right in viridis(1)'s (row 0 at the top).
void TestChartPanel::heatmapCellsFollowTheColormap()
{
    ChartSpec spec;
    spec.id = "confusion";
    spec.title = "heatmap";
    HeatmapSpec h;
    h.rows = h.cols = 2;
    h.values = {0.0, 1.0, 1.0, 0.0};
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
