#include "../stop_budget.h"
#include "chart_panel.h"
#include "fake_dialogs.h"
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
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

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

// Mirrors mlwb::InputError (engine/core/input_error.h): the ui tests do not link the
// engine, and the runner shows any std::exception's message the same way.
struct InputError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A lab that loads a data set: steps 1 and 2 share a File parameter, and a path with
// "bad" in it fails to load. The chart is a table naming the file it shows.
Lab dataLab()
{
    Lab lab;
    lab.id = "data";
    lab.title = "Data lab";
    Parameter dataset = Parameter::file("dataset", "Data set", "builtin", "CSV files (*.csv)");
    dataset.shared = true;
    auto load = [](RunContext& ctx) {
        const QString path = ctx.file("dataset");
        if (path.contains("bad"))
            throw InputError(QStringLiteral("%1:3:1: unterminated quoted field").arg(path).toStdString());
        ChartSpec spec;
        spec.id = "preview";
        spec.title = "Preview";
        TableSpec table;
        table.header = {"file"};
        table.rows = {{path}};
        spec.table = table;
        ctx.publish(spec);
        ctx.metric("dataset", path);
    };
    Step pick{"pick", "Pick", {}, {dataset, Parameter::integer("rows", "Rows", 5, 1, 100)}, load};
    Step use{"use", "Use", {}, {Parameter::flag("scale", "Scale", false), dataset}, load};
    Step plain{"plain", "Plain", {}, {Parameter::flag("x", "X", false)}, [](RunContext&) {}};
    lab.steps = {pick, use, plain};
    return lab;
}

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

QString shownDataSet(const MainWindow& w)
{
    const QList<ChartPanel*> charts = w.labView()->charts();
    return charts.isEmpty() || !charts[0]->spec().table ? QString() : charts[0]->spec().table->rows[0][0];
}

QString touch(const QTemporaryDir& dir, const QString& name)
{
    QFile f(dir.filePath(name));
    f.open(QIODevice::WriteOnly);
    return f.fileName();
}

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
    void chartsARunDidNotDrawAreRemoved();
    void exportsCurrentChartInEveryFormat();
    void exportsAllCharts();
    void settingsRoundTrip();
    void backAndNext();
    void closingDuringARunStopsIt();
    void openDataRunsWithTheChosenFile();
    void aFailedLoadKeepsThePreviousDataSet();
    void sharedValuesReachEveryStepAndDefaultsResetsThem();
    void droppingAFileSetsTheDataSet();
    void openDataNeedsAFileParameter();
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
        ctx.publish(lineOf(5));
        if (ctx.flag("both")) {
            ChartSpec second = lineOf(7);
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

void TestMainWindow::openDataRunsWithTheChosenFile()
{
    QTemporaryDir dir;
    const QString good = touch(dir, "good.csv");
    auto dialogs = std::make_unique<FakeDialogs>();
    FakeDialogs* fake = dialogs.get();
    MainWindow w({dataLab()}, "about", std::move(dialogs));
    w.show();
    waitForRun(w);
    QCOMPARE(shownDataSet(w), QStringLiteral("builtin"));
    auto* open = w.findChild<QAction*>("openData");
    QVERIFY(open && open->isEnabled());
    QCOMPARE(open->shortcut(), QKeySequence(QKeySequence::Open));

    QSignalSpy finished(w.runner(), &StepRunner::finished);
    fake->openPath = good;
    open->trigger();
    QVERIFY(finished.wait(3000));
    QCOMPARE(fake->openFilters, QStringList{"CSV files (*.csv)"});
    QCOMPARE(finished.first().at(3).toJsonObject().value("dataset").toString(), good);
    QCOMPARE(shownDataSet(w), good);
    QCOMPARE(qobject_cast<QLineEdit*>(w.labView()->form()->editor("dataset"))->text(), good);
    QCOMPARE(QSettings().value("params/data/shared/dataset").toString(), good);
    QCOMPARE(QSettings().value("data/dir").toString(), dir.path());  // remembered for next time

    fake->openPath.clear();  // cancelled: nothing runs
    open->trigger();
    QCOMPARE(fake->openDirs.last(), dir.path());
    QVERIFY(!w.runner()->isRunning());
    QVERIFY(!finished.wait(600));
}

void TestMainWindow::aFailedLoadKeepsThePreviousDataSet()
{
    QTemporaryDir dir;
    const QString good = touch(dir, "good.csv"), bad = touch(dir, "bad.csv"), better = touch(dir, "better.csv");
    auto dialogs = std::make_unique<FakeDialogs>();
    FakeDialogs* fake = dialogs.get();
    MainWindow w({dataLab()}, "about", std::move(dialogs));
    w.show();
    waitForRun(w);
    auto* open = w.findChild<QAction*>("openData");
    QSignalSpy finished(w.runner(), &StepRunner::finished);
    fake->openPath = good;
    open->trigger();
    QVERIFY(finished.wait(3000));

    fake->openPath = bad;
    open->trigger();
    QVERIFY(finished.wait(3000));
    QVERIFY(finished.last().at(0).toString().contains("unterminated quoted field"));
    auto* error = w.labView()->findChild<QLabel*>("error");
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(bad + ":3:1: unterminated quoted field\nKept the previous data set: " + good + "."),
             qPrintable(error->text()));
    QCOMPARE(qobject_cast<QLineEdit*>(w.labView()->form()->editor("dataset"))->text(), good);
    QCOMPARE(w.labView()->values().value("dataset").toString(), good);
    QCOMPARE(QSettings().value("params/data/shared/dataset").toString(), good);
    QCOMPARE(shownDataSet(w), good);
    QVERIFY(!LabView::isStale(w.labView()->charts()[0]));  // they match the data set put back
    QVERIFY(!finished.wait(700));  // and no re-run: the charts are the good set's already
    QVERIFY(error->isVisible());

    // Two bad tries in a row go back to the last good one, not to the first bad one.
    open->trigger();
    QVERIFY(finished.wait(3000));
    QCOMPARE(w.labView()->values().value("dataset").toString(), good);

    // A good one after a failure is simply taken.
    fake->openPath = better;
    open->trigger();
    QVERIFY(finished.wait(3000));
    QVERIFY(finished.last().at(0).toString().isEmpty());
    QVERIFY(!error->isVisible());
    QCOMPARE(shownDataSet(w), better);
    QCOMPARE(QSettings().value("params/data/shared/dataset").toString(), better);
}

void TestMainWindow::sharedValuesReachEveryStepAndDefaultsResetsThem()
{
    QTemporaryDir dir;
    const QString good = touch(dir, "good.csv");
    MainWindow w({dataLab()}, "about");
    w.show();
    waitForRun(w);
    QSignalSpy finished(w.runner(), &StepRunner::finished);
    w.labView()->form()->setText("dataset", good);
    qobject_cast<QSpinBox*>(w.labView()->form()->editor("rows"))->setValue(9);
    QVERIFY(finished.wait(3000));
    QVERIFY(!QSettings().contains("params/data/pick/dataset"));  // once per lab, not per step

    w.openStep(0, 1);
    QCOMPARE(w.labView()->values().value("dataset").toString(), good);
    QVERIFY(finished.wait(3000));
    QCOMPARE(finished.last().at(3).toJsonObject().value("dataset").toString(), good);

    // issue 11: Defaults left the shared data set; it resets everything the step shows.
    w.openStep(0, 0);
    QVERIFY(finished.wait(3000));
    QCOMPARE(w.labView()->values().value("rows").toInt(), 9);
    auto* defaults = [&] {
        for (auto* b : w.labView()->findChildren<QPushButton*>())
            if (b->text() == "Defaults")
                return b;
        return static_cast<QPushButton*>(nullptr);
    }();
    QVERIFY(defaults);
    QTest::mouseClick(defaults, Qt::LeftButton);
    QCOMPARE(w.labView()->values().value("rows").toInt(), 5);
    QCOMPARE(w.labView()->values().value("dataset").toString(), QStringLiteral("builtin"));
    QVERIFY(finished.wait(3000));
    QCOMPARE(finished.last().at(3).toJsonObject().value("dataset").toString(), QStringLiteral("builtin"));
    w.openStep(0, 1);  // one value per lab: the other step is reset too
    QCOMPARE(w.labView()->values().value("dataset").toString(), QStringLiteral("builtin"));
    QVERIFY(finished.wait(3000));
}

void TestMainWindow::droppingAFileSetsTheDataSet()
{
    QTemporaryDir dir;
    const QString good = touch(dir, "good.csv");
    MainWindow w({dataLab()}, "about");
    w.show();
    waitForRun(w);
    auto dragEnter = [&](const QMimeData& mime) {
        QDragEnterEvent enter(QPoint(20, 20), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &enter);
        return enter.isAccepted();
    };
    QMimeData web;
    web.setUrls({QUrl("https://example.org/titanic.csv")});
    QVERIFY(!dragEnter(web));
    QMimeData two;
    two.setUrls({QUrl::fromLocalFile(good), QUrl::fromLocalFile(good)});
    QVERIFY(!dragEnter(two));

    QMimeData local;
    local.setUrls({QUrl::fromLocalFile(good)});
    QVERIFY(dragEnter(local));
    QSignalSpy finished(w.runner(), &StepRunner::finished);
    QDropEvent drop(QPointF(20, 20), Qt::CopyAction, &local, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&w, &drop);
    QVERIFY(drop.isAccepted());
    QVERIFY(finished.wait(3000));
    QCOMPARE(finished.first().at(3).toJsonObject().value("dataset").toString(), good);
    QCOMPARE(QSettings().value("params/data/shared/dataset").toString(), good);

    w.openStep(0, 2);  // no File parameter: no drop
    waitForRun(w);
    QVERIFY(!dragEnter(local));
}

void TestMainWindow::openDataNeedsAFileParameter()
{
    MainWindow w({dataLab(), testLab()}, "about");
    w.show();
    waitForRun(w);
    auto* open = w.findChild<QAction*>("openData");
    QVERIFY(open->isEnabled());
    w.openStep(0, 1);
    waitForRun(w);
    QVERIFY(open->isEnabled());  // not the first parameter, still found
    w.openStep(0, 2);
    waitForRun(w);
    QVERIFY(!open->isEnabled());
    w.openStep(1, 0);
    waitForRun(w);
    QVERIFY(!open->isEnabled());
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
