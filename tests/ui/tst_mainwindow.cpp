#include "chart_panel.h"
#include "lab_navigator.h"
#include "lab_view.h"
#include "main_window.h"
#include "parameter_form.h"
#include "run_context.h"
#include "step_runner.h"

#include <QAction>
#include <QChartView>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>

#include <stdexcept>
#include <thread>

using namespace mlwb::ui;

namespace {

ChartSpec lineOf(int n)
{
    ChartSpec spec;
    spec.id = "line";
    spec.title = "Points";
    spec.x = {"index", false, {}, {}};
    spec.y = {"value", false, {}, {}};
    SeriesSpec s;
    s.name = "values";
    for (int i = 0; i < n; ++i)
        s.points.append({double(i), double(i % 17)});
    spec.series << s;
    return spec;
}

// A lab whose steps exercise the framework: one that draws n points, one that runs until
// stopped, one that fails on request.
Lab testLab()
{
    Lab lab;
    lab.id = "test";
    lab.title = "Test lab";
    Step count{"count", "Count", {}, {Parameter::integer("n", "Points", 10, 1, 1000)}, {}};
    count.run = [](RunContext& ctx) {
        ctx.publish(lineOf(ctx.integer("n")));
        ctx.metric("n", ctx.integer("n"));
    };
    Step slow{"slow", "Slow", {}, {}, {}};
    slow.run = [](RunContext& ctx) {
        for (int i = 1; !ctx.stopRequested(); ++i) {
            if (ctx.publishDue())
                ctx.publish(lineOf(i % 1000 + 2));
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    };
    Step fail{"fail", "Fail", {}, {Parameter::flag("fail", "Fail", false)}, {}};
    fail.run = [](RunContext& ctx) {
        if (ctx.flag("fail"))
            throw std::invalid_argument("cannot broadcast shapes (3,4) and (5,)");
        ctx.publish(lineOf(50));
    };
    lab.steps = {count, slow, fail};
    return lab;
}

class FakeDialogs : public Dialogs {
public:
    QString savePath, directoryPath;
    QStringList errors;
    QString saveFile(QWidget*, const QString&, const QString&, const QString&) override { return savePath; }
    QString directory(QWidget*, const QString&, const QString&) override { return directoryPath; }
    void error(QWidget*, const QString&, const QString& text) override { errors << text; }
    void about(QWidget*, const QString&, const QString&) override {}
};

// Waits for the current run to end; returns finished()'s arguments.
QList<QVariant> waitForRun(MainWindow& w, int timeoutMs = 5000)
{
    QSignalSpy spy(w.runner(), &StepRunner::finished);
    if (!w.runner()->isRunning() && spy.isEmpty())
        return {};
    if (!spy.wait(timeoutMs))
        return {};
    return spy.takeFirst();
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void choosingAStepShowsAndRunsIt();
    void editingAParameterReachesTheRun();
    void stopEndsARunWithin100ms();
    void anExceptionIsShownAndChartsStay();
    void exportsCurrentChartInEveryFormat();
    void exportsAllCharts();
    void settingsRoundTrip();
    void backAndNext();
    void closingDuringARunStopsIt();
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName("mlwb-tests");
    QCoreApplication::setApplicationName("tst_mainwindow");
}

void TestMainWindow::init()
{
    QSettings s;
    s.clear();
    s.setValue("view/animate", false);
}

void TestMainWindow::choosingAStepShowsAndRunsIt()
{
    MainWindow w({testLab()}, "about");
    w.show();
    QCOMPARE(w.currentStep(), 0);
    waitForRun(w);
    auto* nav = w.findChild<LabNavigator*>();
    QSignalSpy started(w.runner(), &StepRunner::progressChanged);
    nav->setCurrentItem(nav->topLevelItem(0)->child(2));
    QCOMPARE(w.currentStep(), 2);
    const QList<QVariant> done = waitForRun(w);
    QVERIFY(!done.isEmpty());
    QVERIFY(done[0].toString().isEmpty());
    QCOMPARE(w.labView()->charts().size(), 1);
    QCOMPARE(w.labView()->charts()[0]->drawnPointCount(0), 50);
}

void TestMainWindow::editingAParameterReachesTheRun()
{
    MainWindow w({testLab()}, "about");
    w.show();
    waitForRun(w);
    QSignalSpy finished(w.runner(), &StepRunner::finished);
    qobject_cast<QSpinBox*>(w.labView()->form()->editor("n"))->setValue(77);
    // The change re-runs the step after a short debounce.
    QVERIFY(finished.wait(3000));
    const QJsonObject metrics = finished.takeFirst().at(3).toJsonObject();
    QCOMPARE(metrics.value("n").toInt(), 77);
    QCOMPARE(w.labView()->charts()[0]->drawnPointCount(0), 77);
}

void TestMainWindow::stopEndsARunWithin100ms()
{
    MainWindow w({testLab()}, "about");
    w.show();
    waitForRun(w);
    w.openStep(0, 1);
    QVERIFY(w.runner()->isRunning());
    QTRY_VERIFY(!w.labView()->charts().isEmpty());  // it is drawing
    QSignalSpy finished(w.runner(), &StepRunner::finished);
    QElapsedTimer clock;
    clock.start();
    QTest::mouseClick(w.labView()->findChild<QPushButton*>("stop"), Qt::LeftButton);
    QVERIFY(finished.wait(1000));
    QVERIFY2(clock.elapsed() < 100, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(finished.first().at(1).toBool(), true);  // stopped, not failed
    QVERIFY(w.labView()->findChild<QPushButton*>("run")->isEnabled());
}

void TestMainWindow::anExceptionIsShownAndChartsStay()
{
    MainWindow w({testLab()}, "about");
    w.show();
    waitForRun(w);
    w.openStep(0, 2);
    waitForRun(w);
    QCOMPARE(w.labView()->charts().size(), 1);
    QSignalSpy finished(w.runner(), &StepRunner::finished);
    qobject_cast<QCheckBox*>(w.labView()->form()->editor("fail"))->setChecked(true);
    QVERIFY(finished.wait(3000));
    QVERIFY(finished.first().at(0).toString().contains("cannot broadcast shapes (3,4) and (5,)"));
    auto* error = w.labView()->findChild<QLabel*>("error");
    QVERIFY(error->isVisible());
    QVERIFY(error->text().contains("cannot broadcast shapes (3,4) and (5,)"));
    QCOMPARE(w.labView()->charts().size(), 1);
    QCOMPARE(w.labView()->charts()[0]->drawnPointCount(0), 50);
    // Still usable: the next run succeeds and clears the message.
    qobject_cast<QCheckBox*>(w.labView()->form()->editor("fail"))->setChecked(false);
    QVERIFY(finished.wait(3000));
    QVERIFY(!error->isVisible());
}

void TestMainWindow::exportsCurrentChartInEveryFormat()
{
    QTemporaryDir dir;
    auto dialogs = std::make_unique<FakeDialogs>();
    FakeDialogs* fake = dialogs.get();
    MainWindow w({testLab()}, "about", std::move(dialogs));
    w.resize(1200, 800);
    w.show();
    waitForRun(w);
    QTRY_VERIFY(w.labView()->charts()[0]->findChild<QChartView*>()->width() > 300);  // laid out

    fake->savePath = dir.filePath("chart.png");
    w.exportCurrentChart();
    QImage png(fake->savePath);
    QVERIFY(!png.isNull());
    QCOMPARE(png.width(), 2 * w.labView()->charts()[0]->findChild<QChartView*>()->width());  // 2×

    fake->savePath = dir.filePath("chart.svg");
    w.exportCurrentChart();
    QVERIFY(QSvgRenderer(fake->savePath).isValid());

    fake->savePath = dir.filePath("chart.pdf");
    w.exportCurrentChart();
    QFile pdf(fake->savePath);
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QVERIFY(pdf.readAll().startsWith("%PDF-"));

    fake->savePath = "/nonexistent-dir/chart.png";
    w.exportCurrentChart();
    QCOMPARE(fake->errors.size(), 1);
}

void TestMainWindow::exportsAllCharts()
{
    QTemporaryDir dir;
    auto dialogs = std::make_unique<FakeDialogs>();
    dialogs->directoryPath = dir.path();
    MainWindow w({testLab()}, "about", std::move(dialogs));
    w.show();
    waitForRun(w);
    w.exportAllCharts(ExportFormat::Svg);
    QVERIFY(QSvgRenderer(dir.filePath("test-count-line.svg")).isValid());
}

void TestMainWindow::settingsRoundTrip()
{
    {
        MainWindow w({testLab()}, "about");
        w.show();
        waitForRun(w);
        w.openStep(0, 2);
        waitForRun(w);
        w.openStep(0, 0);
        waitForRun(w);
        qobject_cast<QSpinBox*>(w.labView()->form()->editor("n"))->setValue(123);
        w.setDarkTheme(true);
        w.resize(1111, 777);
        w.close();
    }
    MainWindow w({testLab()}, "about");
    QCOMPARE(w.currentStep(), 0);
    QCOMPARE(w.labView()->values().value("n").toInt(), 123);
    QCOMPARE(w.size(), QSize(1111, 777));
    QVERIFY(QSettings().value("view/dark").toBool());
    waitForRun(w);
    w.setDarkTheme(false);
}

void TestMainWindow::backAndNext()
{
    MainWindow w({testLab()}, "about");
    w.show();
    waitForRun(w);
    w.next();
    QCOMPARE(w.currentStep(), 1);
    w.next();
    QCOMPARE(w.currentStep(), 2);
    w.next();  // the last step stays
    QCOMPARE(w.currentStep(), 2);
    w.back();
    QCOMPARE(w.currentStep(), 1);
    w.stop();
    waitForRun(w);
}

void TestMainWindow::closingDuringARunStopsIt()
{
    auto* w = new MainWindow({testLab()}, "about");
    w->show();
    waitForRun(*w);
    w->openStep(0, 1);
    QTRY_VERIFY(!w->labView()->charts().isEmpty());
    QVERIFY(w->runner()->isRunning());
    QElapsedTimer clock;
    clock.start();
    w->close();
    delete w;  // joins the worker
    QVERIFY(clock.elapsed() < 1000);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
