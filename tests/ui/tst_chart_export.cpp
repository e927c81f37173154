// Exports that cannot be completed leave the old file as it was and say why, in the
// system's words; the file size limit (RLIMIT_FSIZE) stands in for a full disk. And an SVG
// looks like the PNG: text of the same size, sharp heatmap cells, paths clipped to the plot.
#include "chart_test_helpers.h"

#include <QChart>
#include <QDir>
#include <QXYSeries>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/resource.h>

using namespace mlwb::ui;
using chart_test::lineSpec;

namespace {
// Files written while it lives may not grow beyond `bytes`; writes past it fail with EFBIG.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        ::getrlimit(RLIMIT_FSIZE, &old_);
        std::signal(SIGXFSZ, SIG_IGN);
        rlimit limited = old_;
        limited.rlim_cur = bytes;
        ::setrlimit(RLIMIT_FSIZE, &limited);
    }
    ~FileSizeLimit() { ::setrlimit(RLIMIT_FSIZE, &old_); }

private:
    rlimit old_{};
};
} // namespace

class TestChartExport : public QObject {
    Q_OBJECT
private slots:
    void aFailedExportKeepsTheOldFile_data();
    void aFailedExportKeepsTheOldFile();
    void svgLooksLikeThePng();
};

void TestChartExport::aFailedExportKeepsTheOldFile_data()
{
    QTest::addColumn<int>("format");
    QTest::newRow("png") << int(ExportFormat::Png);
    QTest::newRow("svg") << int(ExportFormat::Svg);
    QTest::newRow("pdf") << int(ExportFormat::Pdf);
}

void TestChartExport::aFailedExportKeepsTheOldFile()
{
    QFETCH(int, format);
    const auto f = ExportFormat(format);
    QTemporaryDir dir;
    const QString path = dir.filePath("chart." + formatSuffix(f));
    const QByteArray old = "the learner's earlier export";
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(old);
    }
    ChartPanel panel;
    panel.resize(800, 500);
    panel.show();
    panel.setSpec(lineSpec(2000));
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QString error;
    {
        const FileSizeLimit limit(1024);
        QVERIFY(!panel.exportTo(path, f, 2, &error));
    }
    QVERIFY2(error.contains(path) && error.contains("too large"), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), old);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1);  // no temporary left behind
    // Without the limit the same export succeeds.
    QVERIFY2(panel.exportTo(path, f, 2, &error), qPrintable(error));
    QVERIFY(QFileInfo(path).size() > 1024);
}

void TestChartExport::svgLooksLikeThePng()
{
    QTemporaryDir dir;
    ChartPanel panel;
    panel.resize(800, 500);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));

    ChartSpec heat;
    heat.id = "heat";
    heat.title = "Confusion";
    heat.x = {"predicted", false, {}, {}};
    heat.y = {"true", false, {}, {}};
    HeatmapSpec h;
    h.rows = h.cols = 3;
    h.values = {5, 1, 0, 2, 7, 1, 0, 0, 9};
    heat.heatmap = h;
    panel.setSpec(heat);
    const QString path = dir.filePath("heat.svg");
    QString error;
    QVERIFY2(panel.exportTo(path, ExportFormat::Svg, 1, &error), qPrintable(error));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString svg = QString::fromUtf8(f.readAll());
    // Only the colour bar's gradient (14 px wide) is a bitmap; the cells, which viewers blurred
    // when they scaled an image, are rectangles.
    int images = 0;
    for (const auto& m : QRegularExpression(R"re(<image[^>]*width="([0-9.]+)")re").globalMatch(svg)) {
        ++images;
        QVERIFY2(m.captured(1).toDouble() < 30, qPrintable(m.captured(0)));
    }
    QCOMPARE(images, 1);
    // The title is 11 pt: 14.67 px at the screen's 96 dpi; at QSvgGenerator's default 72 dpi
    // it was 11 px, a quarter smaller than in the PNG.
    double largest = 0;
    for (const auto& m : QRegularExpression(R"re(font-size="([0-9.]+)")re").globalMatch(svg))
        largest = std::max(largest, m.captured(1).toDouble());
    QVERIFY2(largest > 14 && largest < 20, qPrintable(QString::number(largest)));

    // A path leaving a fixed view stops at its edge (SVG has no clipping to hide the rest).
    ChartSpec line = lineSpec(5);
    line.x = {"x", false, 0.0, 10.0};
    line.y = {"y", false, 0.0, 10.0};
    line.series[0].points = {{1, 1}, {5, 5}, {40, 5}};
    panel.setSpec(line);
    const QList<QPointF> drawn = static_cast<QXYSeries*>(panel.chart()->series().front())->points();
    QCOMPARE(drawn.size(), 3);
    QVERIFY(std::abs(drawn[2].x() - 10) < 1e-6 && drawn[2].y() == 5);
}

QTEST_MAIN(TestChartExport)
#include "tst_chart_export.moc"
