#include "../stop_budget.h"
#include "chart_panel.h"
#include "fake_dialogs.h"
#include "lab_navigator.h"
#include "lab_view.h"
#include "main_window.h"
#include "parameter_form.h"
#include "run_context.h"
#include "step_runner.h"
#include "window_test_helpers.h"

#include <QAction>
#include <QChartView>
#include <QCheckBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
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
using namespace window_test;

namespace {

// A lab whose one step writes "saved" to a path, replacing an existing file only with
// consent, as the preprocessing lab's pipeline step does.
Lab saveLab()
{
    Lab lab;
    lab.id = "save";
    lab.title = "Save lab";
    Step save{"save", "Save", {}, {Parameter::text("path", "Save to", "")}, {}};
    save.run = [](RunContext& ctx) {
        const QString path = ctx.text("path");
        if (QFileInfo::exists(path) && !ctx.mayReplace(path))
            throw ReplaceNeedsConsent(QFileInfo(path).canonicalFilePath(), "would replace " + path.toStdString());
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write("saved") != 5)
            throw std::runtime_error("cannot write");
    };
    lab.steps = {save};
    return lab;
}

QByteArray contents(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
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
    void chartsARunDidNotDrawAreRemoved();
    void exportsCurrentChartInEveryFormat();
    void exportsAllCharts();
    void settingsRoundTrip();
    void backAndNext();
    void closingDuringARunStopsIt();
    void aRunIsMarkedOnDiskUntilItEnds();
    void aRunThatDidNotFinishIsNotRepeatedAtStart();
    void runCommitsTheFieldBeingTyped();
    void replacingAFileTheStepDidNotWriteAsksFirst();
    void closingEndsWithinASecondEvenIfAStepIgnoresStop();
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
    QVERIFY2(clock.elapsed() < kStopBudgetMs, qPrintable(QString::number(clock.elapsed())));
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
    // issue 11: the old chart sat beside "The run failed" as if it were the new result.
    QVERIFY(LabView::isStale(w.labView()->charts()[0]));
    QVERIFY2(error->text().contains("dimmed charts are from the last run that worked"), qPrintable(error->text()));
    // Still usable: the next run succeeds and clears the message and the dimming.
    qobject_cast<QCheckBox*>(w.labView()->form()->editor("fail"))->setChecked(false);
    QVERIFY(finished.wait(3000));
    QVERIFY(!error->isVisible());
    QVERIFY(!LabView::isStale(w.labView()->charts()[0]));
}

// A run that no longer draws a chart (another option chosen) takes the old one away.
void TestMainWindow::chartsARunDidNotDrawAreRemoved()
{
    Lab lab;
    lab.id = "two";
    lab.title = "Two charts";
    Step step{"step", "Step", {}, {Parameter::flag("both", "Both", true)}, {}};
    step.run = [](RunContext& ctx) {
        ctx.publish(lineSpec(5));
        if (ctx.flag("both")) {
            ChartSpec second = lineSpec(7);
            second.id = "second";
            ctx.publish(second);
        }
    };
    lab.steps = {step};
    MainWindow w({lab}, "about");
    w.show();
    waitForRun(w);
    QCOMPARE(w.labView()->charts().size(), 2);
    QSignalSpy finished(w.runner(), &StepRunner::finished);
    qobject_cast<QCheckBox*>(w.labView()->form()->editor("both"))->setChecked(false);
    QVERIFY(finished.wait(3000));
    QCOMPARE(w.labView()->charts().size(), 1);
    QCOMPARE(w.labView()->charts()[0]->spec().id, QStringLiteral("line"));
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

    // Export SVG… offers SVG first, so the dialog preselects it (it offered "PNG image").
    ChartPanel* panel = w.labView()->charts()[0];
    fake->savePath = dir.filePath("chosen.svg");
    emit panel->exportRequested(panel, ExportFormat::Svg, 1);
    QVERIFY2(fake->saveFilters.last().startsWith("SVG drawing (*.svg)"), qPrintable(fake->saveFilters.last()));
    emit panel->exportRequested(panel, ExportFormat::Pdf, 1);
    QVERIFY(fake->saveFilters.last().startsWith("PDF document (*.pdf)"));
    QCOMPARE(fake->saveFilters.last().count(";;"), 2);
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

// The mark must be in the settings file itself while the run lasts: a crash gives no chance
// to write it later.
void TestMainWindow::aRunIsMarkedOnDiskUntilItEnds()
{
    MainWindow w({testLab()}, "about");
    w.show();
    waitForRun(w);
    w.openStep(0, 1);
    QVERIFY(w.runner()->isRunning());
    const QString file = QSettings().fileName();
    QCOMPARE(QSettings(file, QSettings::NativeFormat).value("run/unfinished").toString(), QStringLiteral("test/slow"));
    QSignalSpy finished(w.runner(), &StepRunner::finished);
    w.runner()->stop();
    QVERIFY(finished.wait(2000));
    QVERIFY(!QSettings(file, QSettings::NativeFormat).contains("run/unfinished"));
}

// As the settings file is after a crash in the middle of step "fail" (with the values that
// crashed it stored): the window opens that step, does not run it, and says why.
void TestMainWindow::aRunThatDidNotFinishIsNotRepeatedAtStart()
{
    {
        QSettings s;
        s.setValue("lab/current", "test");
        s.setValue("lab/step", 2);
        s.setValue("run/unfinished", "test/fail");
    }
    MainWindow w({testLab()}, "about");
    w.show();
    QCOMPARE(w.currentStep(), 2);
    QVERIFY(!w.runner()->isRunning());
    QTest::qWait(600);  // past the re-run debounce: still nothing runs
    QVERIFY(!w.runner()->isRunning());
    QVERIFY(w.labView()->charts().isEmpty());
    auto* error = w.labView()->findChild<QLabel*>("error");
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains("did not finish") && error->text().contains("Press Run"), qPrintable(error->text()));
    QVERIFY(!QSettings().contains("run/unfinished"));  // a second start runs it again
    QSignalSpy finished(w.runner(), &StepRunner::finished);
    QTest::mouseClick(w.labView()->findChild<QPushButton*>("run"), Qt::LeftButton);
    QVERIFY(finished.wait(3000));
    QCOMPARE(w.labView()->charts().size(), 1);
}

// Typing in a text field and pressing Ctrl+R (the focus stays in the field, so it never
// finished editing) once ran with the old value.
void TestMainWindow::runCommitsTheFieldBeingTyped()
{
    Lab lab;
    lab.id = "text";
    lab.title = "Text lab";
    Step echo{"echo", "Echo", {}, {Parameter::text("words", "Words", "old")}, {}};
    echo.run = [](RunContext& ctx) { ctx.metric("words", ctx.text("words")); };
    lab.steps = {echo};
    MainWindow w({lab}, "about");
    w.show();
    waitForRun(w);
    auto* line = qobject_cast<QLineEdit*>(w.labView()->form()->editor("words"));
    line->setFocus();
    QTRY_VERIFY(line->hasFocus());
    line->selectAll();
    QTest::keyClicks(line, "smoker=categorical");
    QAction* run = nullptr;
    for (QAction* a : w.findChildren<QAction*>())
        if (a->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::Key_R)))
            run = a;
    QVERIFY(run);
    QSignalSpy finished(w.runner(), &StepRunner::finished);
    run->trigger();  // what Ctrl+R does
    QVERIFY(finished.wait(3000));
    QCOMPARE(finished.first().at(3).toJsonObject().value("words").toString(), QStringLiteral("smoker=categorical"));
}

// issue 11: a step once saved over the learner's own file. Now it stops, the window asks,
// and only "Replace" runs it again with permission for that one file.
void TestMainWindow::replacingAFileTheStepDidNotWriteAsksFirst()
{
    QTemporaryDir dir;
    const QString mine = dir.filePath("notes.txt");
    {
        QFile f(mine);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("mine");
    }
    QSettings().setValue("params/save/save/path", mine);
    auto dialogs = std::make_unique<FakeDialogs>();
    FakeDialogs* fake = dialogs.get();
    MainWindow w({saveLab()}, "about", std::move(dialogs));
    w.show();
    QSignalSpy finished(w.runner(), &StepRunner::finished);
    QVERIFY(finished.wait(3000));
    QTRY_COMPARE(fake->questions.size(), 1);  // asked after the failed run is shown
    QVERIFY2(fake->questions[0].contains(QDir::toNativeSeparators(QFileInfo(mine).canonicalFilePath())),
             qPrintable(fake->questions[0]));
    QVERIFY(finished.first().at(0).toString().contains("would replace"));
    QVERIFY(!finished.wait(700));  // "Cancel": no second run
    QCOMPARE(contents(mine), QByteArray("mine"));

    fake->confirmAnswer = true;
    w.run();
    QVERIFY(finished.wait(3000));
    QTRY_COMPARE(fake->questions.size(), 2);
    QVERIFY(finished.wait(3000));  // the run with permission
    QVERIFY2(finished.last().at(0).toString().isEmpty(), qPrintable(finished.last().at(0).toString()));
    QCOMPARE(contents(mine), QByteArray("saved"));
    QVERIFY(!w.labView()->findChild<QLabel*>("error")->isVisible());

    // The permission was for that run: the next run asks again.
    fake->confirmAnswer = false;
    w.run();
    QVERIFY(finished.wait(3000));
    QTRY_COMPARE(fake->questions.size(), 3);
}

// issue 11: "closing the window ends the process within a second, whatever is running".
// A step that never looks at its stop token is left behind, not waited for.
void TestMainWindow::closingEndsWithinASecondEvenIfAStepIgnoresStop()
{
    Lab lab;
    lab.id = "stuck";
    lab.title = "Stuck";
    Step stuck{"stuck", "Stuck", {}, {}, {}};
    stuck.run = [](RunContext&) { std::this_thread::sleep_for(std::chrono::milliseconds(2500)); };
    lab.steps = {stuck};
    QVERIFY(!workerAbandoned());
    QElapsedTimer clock;
    {
        auto w = std::make_unique<MainWindow>(QList<Lab>{lab}, "about");
        w->show();
        QTRY_VERIFY(w->runner()->isRunning());
        clock.start();
        w->close();
    }
    QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(workerAbandoned());
    std::this_thread::sleep_for(std::chrono::milliseconds(2000));  // let it end before the test does
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
