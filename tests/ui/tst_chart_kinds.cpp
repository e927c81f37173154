// The chart kinds the training, MCMC and PCA labs need: error bars on bars and points,
// annotations (marker lines and arrows with labels) and image grids, read back from pixels
// and from SVG text; and the value-to-colour maps they use.
#include "chart_axes.h"
#include "chart_panel.h"
#include "colormap.h"
#include "image_grid_item.h"
#include "raster_item.h"

#include <QBuffer>
#include <QChart>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace mlwb::ui;

namespace {

QImage render(ChartPanel& panel)
{
    QImage image(panel.size(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    panel.render(&painter);
    return image;
}

// The panel drawn at its size, laid out and thinned as on screen.
struct Drawn {
    std::unique_ptr<ChartPanel> panel = std::make_unique<ChartPanel>();
    QImage image;
    Drawn(const ChartSpec& spec, QSize size)
    {
        panel->resize(size);
        panel->show();
        panel->setSpec(spec);
        panel->redraw();
        image = render(*panel);
    }
    QChart* chart() const { return panel->chart(); }
    QPointF at(double x, double y) const { return chart()->mapToPosition(QPointF(x, y), chart()->series().front()); }
};

bool isDark(QRgb c) { return qGray(c) < 90; }

// Whether any pixel within `radius` of p is dark.
bool darkNear(const QImage& image, QPointF p, int radius = 1)
{
    for (int dx = -radius; dx <= radius; ++dx)
        for (int dy = -radius; dy <= radius; ++dy) {
            const QPoint q = p.toPoint() + QPoint(dx, dy);
            if (image.rect().contains(q) && isDark(image.pixel(q)))
                return true;
        }
    return false;
}

ChartSpec barsWithErrors()
{
    ChartSpec spec;
    spec.id = "importance";
    spec.title = "Permutation importance";
    spec.x = {"feature", false, {}, {}};
    spec.y = {"accuracy drop", false, {}, {}};
    BarsSpec bars;
    bars.categories = {"a", "b", "c"};
    bars.sets << BarsSpec::Set{.name = "mean", .values = {0.5, 0.3, 0.1}, .colorIndex = 5, .errors = {0.2, 0.05, 0.0}};
    bars.valueLabels = false;
    spec.bars = bars;
    return spec;
}

QString svgOf(ChartPanel& panel)
{
    QTemporaryDir dir;
    const QString path = dir.filePath("chart.svg");
    QString error;
    if (!panel.exportTo(path, ExportFormat::Svg, 1, &error))
        return "export failed: " + error;
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    return QString::fromUtf8(file.readAll());
}

} // namespace

class TestChartKinds : public QObject {
    Q_OBJECT
private slots:
    void colourMaps()
    {
        QCOMPARE(greyInk(0.0), QColor(255, 255, 255));
        QCOMPARE(greyInk(1.0), QColor(0, 0, 0));
        QCOMPARE(greyInk(2.0), QColor(0, 0, 0));  // clamped
        QCOMPARE(greyInk(std::nan("")), QColor(255, 255, 255));
        QCOMPARE(greyInk(0.5).red(), 128);
        QCOMPARE(blueWhiteRed(0.5), QColor(255, 255, 255));
        QCOMPARE(blueWhiteRed(0.0), QColor(0x21, 0x66, 0xAC));
        QCOMPARE(blueWhiteRed(1.0), QColor(0xB2, 0x18, 0x2B));
        QVERIFY(blueWhiteRed(0.25).blue() > blueWhiteRed(0.25).red());
    }

    // The whisker of bar "a" reaches 0.5 ± 0.2: ink at 0.68 and 0.32 above its centre, none
    // at 0.75; bar "c" (error 0) has none above its top.
    void errorBarsOnBarsSpanValuePlusMinusError()
    {
        const Drawn d(barsWithErrors(), QSize(700, 450));
        QVERIFY(darkNear(d.image, d.at(0, 0.68)));
        QVERIFY(darkNear(d.image, d.at(0, 0.69)));  // above the bar top
        QVERIFY(!darkNear(d.image, d.at(0, 0.75)));
        QVERIFY(!darkNear(d.image, d.at(2, 0.2)));
        // The axis leaves room for the whisker's top.
        QVERIFY(d.at(0, 0.7).y() > d.chart()->plotArea().top());
    }

    // Colour bars tick at round values inside their range, as the axes do: a density whose
    // smallest value is 3.26e-70 read "3.26e-70" at its foot, counts read 18.8 and 35.5.
    void colourBarTicksAreRound()
    {
        const auto labels = [](const QList<Tick>& ticks) {
            QStringList l;
            for (const Tick& t : ticks)
                l << t.label;
            return l;
        };
        const QList<Tick> density = colorBarTicks(3.26e-70, 1.0, false);
        QCOMPARE(labels(density), QStringList({"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}));
        const QList<Tick> counts = colorBarTicks(2, 69, false);
        QCOMPARE(labels(counts), QStringList({"10", "20", "30", "40", "50", "60"}));
        for (const Tick& t : counts)
            QVERIFY(t.value >= 2 && t.value <= 69);
        QCOMPARE(labels(colorBarTicks(0, 11, false)), QStringList({"0", "2", "4", "6", "8", "10"}));
        QCOMPARE(labels(colorBarTicks(-2, 2, true)), QStringList({"0.01", "0.1", "1", "10", "100"}));
        QCOMPARE(colorBarTicks(5, 5, false).size(), 1);
    }

    // Each bar set's legend swatch is filled solid in the set's colour, as its bars are (it
    // was a pale, translucent area swatch beside dark bars).
    void barLegendSwatchesAreTheBarsColour()
    {
        ChartSpec spec = barsWithErrors();
        spec.bars->sets[0].errors.clear();
        spec.bars->sets << BarsSpec::Set{.name = "standardized", .values = {0.2, 0.4, 0.3}, .colorIndex = 1};
        const Drawn d(spec, QSize(700, 450));
        const int legendTop = int(d.chart()->plotArea().bottom()) + 2;  // below the bars
        for (const auto& set : spec.bars->sets) {
            const QRgb colour = seriesColor(set.colorIndex, false).rgb();
            int pixels = 0;
            for (int y = legendTop; y < d.image.height(); ++y)
                for (int x = 0; x < d.image.width(); ++x)
                    pixels += d.image.pixel(x, y) == colour;
            QVERIFY2(pixels >= 80, qPrintable(set.name + ": " + QString::number(pixels)));
        }
    }

    void errorBarsOnPoints()
    {
        ChartSpec spec;
        spec.id = "mc";
        spec.title = "Monte Carlo estimates";
        spec.x = {"chain", false, 0.0, 4.0};
        spec.y = {"estimate", false, 0.0, 10.0};
        spec.series << SeriesSpec{.name = "posterior mean", .kind = SeriesSpec::Kind::Scatter,
                                  .points = {{1, 5}, {3, 5}}, .colorIndex = 0, .width = 8, .yErrors = {2.0, NAN}};
        const Drawn d(spec, QSize(600, 400));
        const auto coloured = [&](QPointF p) {
            return d.image.pixelColor(p.toPoint()).saturation() > 80;  // the series colour, not grey or white
        };
        QVERIFY(coloured(d.at(1, 6.8)));
        QVERIFY(!coloured(d.at(1, 7.6)));
        QVERIFY(!coloured(d.at(3, 6.8)));  // NaN: no whisker
    }

    void annotationsDrawLinesArrowsAndLabels()
    {
        ChartSpec spec;
        spec.id = "loss";
        spec.title = "Validation loss";
        spec.x = {"epoch", false, 0.0, 10.0};
        spec.y = {"loss", false, 0.0, 1.0};
        spec.series << SeriesSpec{.name = "validation", .points = {{0, 0.9}, {10, 0.2}}};
        spec.annotations << AnnotationSpec{.kind = AnnotationSpec::Kind::VerticalLine, .x = 6, .label = "early stop (epoch 6)", .colorIndex = 1}
                         << AnnotationSpec{.kind = AnnotationSpec::Kind::HorizontalLine, .y = 0.5, .label = "true value"}
                         << AnnotationSpec{.kind = AnnotationSpec::Kind::Arrow, .x = 1, .y = 0.1, .x2 = 3, .y2 = 0.3, .label = "PC1"};
        const Drawn d(spec, QSize(700, 450));
        const QColor orange = seriesColor(1, false);
        int onLine = 0;
        for (double y = 0.05; y < 0.8; y += 0.05) {  // dashed: most samples hit the line
            const QPoint p = d.at(6, y).toPoint();
            for (int dx = -1; dx <= 1; ++dx) {
                const QColor c = d.image.pixelColor(p + QPoint(dx, 0));
                if (std::abs(c.hue() - orange.hue()) < 15 && c.saturation() > 100) {
                    ++onLine;
                    break;
                }
            }
        }
        QVERIFY2(onLine >= 8, qPrintable(QString::number(onLine)));
        QVERIFY(darkNear(d.image, d.at(2, 0.2)));  // the arrow's shaft
        QVERIFY(darkNear(d.image, d.at(2.97, 0.297), 2));  // its head
        const QString svg = svgOf(*d.panel);
        QVERIFY(svg.contains("early stop (epoch 6)"));
        QVERIFY(svg.contains("true value"));
        QVERIFY(svg.contains("PC1"));
    }

    void imageGridLayoutFillsTheAreaWithoutOverlap()
    {
        ImageGridSpec grid;
        for (int i = 0; i < 10; ++i)
            grid.images << std::vector<double>(64, 0.0);
        grid.captions = QStringList(10, "digit");
        const QRectF area(10, 20, 800, 300);
        const ImageGridLayout layout = layoutImageGrid(grid, area, 14);
        QCOMPARE(layout.imageRects.size(), 10);
        QCOMPARE(layout.columns, 5);  // 5 × 2 gives larger cells than 10 × 1 or 4 × 3 here
        for (int i = 0; i < 10; ++i) {
            QVERIFY(area.contains(layout.imageRects[i]));
            QVERIFY(area.contains(layout.captionRects[i].adjusted(3, 0, -3, 0)));
            QCOMPARE(layout.imageRects[i].width(), layout.imageRects[i].height());
            for (int j = 0; j < i; ++j)
                QVERIFY(!layout.imageRects[i].intersects(layout.imageRects[j]));
        }
        grid.columns = 2;
        QCOMPARE(layoutImageGrid(grid, area, 14).columns, 2);
    }

    void imageGridDrawsPixelsAndCaptions()
    {
        ImageGridSpec grid;
        std::vector<double> blank(64, 0.0), ink(64, 16.0), half(64, 0.0);
        for (int y = 0; y < 8; ++y)
            for (int x = 4; x < 8; ++x)
                half[std::size_t(y * 8 + x)] = 16.0;  // right half inked
        grid.images << blank << ink << half;
        grid.captions = {"zero", "full", "half"};
        grid.min = 0;
        grid.max = 16;
        ChartSpec spec;
        spec.id = "digits";
        spec.title = "Digits";
        spec.imageGrid = grid;
        const Drawn d(spec, QSize(700, 400));
        const QImage& image = d.image;
        const ImageGridLayout layout = layoutImageGrid(grid, d.chart()->plotArea(), 14);
        QCOMPARE(qGray(image.pixel(layout.imageRects[0].center().toPoint())), 255);
        QCOMPARE(qGray(image.pixel(layout.imageRects[1].center().toPoint())), 0);
        const QRectF h = layout.imageRects[2];
        QCOMPARE(qGray(image.pixel(QPointF(h.left() + h.width() * 0.25, h.center().y()).toPoint())), 255);
        QCOMPARE(qGray(image.pixel(QPointF(h.left() + h.width() * 0.75, h.center().y()).toPoint())), 0);
        const QString svg = svgOf(*d.panel);
        QVERIFY(svg.contains("zero"));
        QVERIFY(svg.contains("half"));
    }

    void imageGridRangeIsSymmetricWhenDiverging()
    {
        ImageGridSpec grid;
        grid.images << std::vector<double>{-0.2, 0.5, NAN, 0.1};
        grid.width = grid.height = 2;
        QCOMPARE(imageGridRange(grid), (std::pair<double, double>{-0.2, 0.5}));
        grid.diverging = true;
        QCOMPARE(imageGridRange(grid), (std::pair<double, double>{-0.5, 0.5}));
    }
};

QTEST_MAIN(TestChartKinds)
#include "tst_chart_kinds.moc"
