// Exports that cannot be completed leave the old file as it was and say why, in the
// system's words; the file size limit (RLIMIT_FSIZE) stands in for a full disk.
#include "chart_panel.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/resource.h>

using namespace mlwb::ui;

namespace {
ChartSpec lineSpec(int n)
{
    ChartSpec spec;
    spec.id = "line";
    spec.title = "A line";
    spec.x = {"x", false, {}, {}};
    spec.y = {"y", false, {}, {}};
    SeriesSpec s;
    s.name = "values";
    for (int i = 0; i < n; ++i)
        s.points.append({double(i), double((i * 7919) % 101)});
    spec.series << s;
    return spec;
}

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

QTEST_MAIN(TestChartExport)
#include "tst_chart_export.moc"
