// Tables drawn inside a chart panel: columns share the width, long cells elide, rows that do
// not fit are counted, missing cells are muted, and a table exports like any chart.
#include "chart_test_helpers.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>

using namespace mlwb::ui;
using namespace chart_test;

class TestTableItem : public QObject {
    Q_OBJECT
private slots:
    void drawsATable();
    void tableColumnsShareTheWidth();
    void tableLeavesOutRowsThatDoNotFit();
    void tableMutesMissingCells_data();
    void tableMutesMissingCells();
    void exportsATable();
    void hugeCellsDrawQuickly_data();
    void hugeCellsDrawQuickly();
    void narrowHeadersKeepTheirEnds();
};

void TestTableItem::drawsATable()
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

void TestTableItem::tableColumnsShareTheWidth()
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

void TestTableItem::tableLeavesOutRowsThatDoNotFit()
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

void TestTableItem::tableMutesMissingCells_data()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

// issue 11: a 2 MB header cell took 8.6 s to draw; a 200 MB line never finished.
void TestTableItem::hugeCellsDrawQuickly_data()
{
    QTest::addColumn<bool>("inHeader");
    QTest::newRow("header cell") << true;
    QTest::newRow("body cell") << false;
}

void TestTableItem::hugeCellsDrawQuickly()
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
void TestTableItem::tableMutesMissingCells()
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

void TestTableItem::exportsATable()
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

// issue 11: at 1024 × 700 the one-hot headers read "passengerClas…" three times.
void TestTableItem::narrowHeadersKeepTheirEnds()
{
    TableSpec t;
    t.header = {"row", "passengerClass=1st", "passengerClass=2nd", "passengerClass=3rd", "passengerClass"};
    for (int r = 0; r < 3; ++r)
        t.rows << QStringList{QString::number(r), "1", "0", "0", "0"};
    ChartPanel panel;
    panel.resize(360, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setSpec(tableChart(t));
    const TableLayout layout = tableItem(panel)->layout();
    QCOMPARE(layout.header.size(), 5);
    for (int c = 1; c <= 3; ++c)
        QVERIFY2(layout.header[c].endsWith(QStringLiteral("%1").arg(QStringList{"1st", "2nd", "3rd"}[c - 1])),
                 qPrintable(layout.header.join(" | ")));
    QVERIFY2(layout.header[1].contains(QChar(0x2026)), qPrintable(layout.header[1]));  // it was too wide
}

QTEST_MAIN(TestTableItem)
#include "tst_table_item.moc"
