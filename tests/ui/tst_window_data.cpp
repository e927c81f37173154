// The window and data sets: File → Open Data…, drag and drop, a data set that fails to load,
// and values shared by the steps of a lab.
#include "fake_dialogs.h"
#include "lab_view.h"
#include "parameter_form.h"
#include "window_test_helpers.h"

#include <QAction>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace mlwb::ui;
using namespace window_test;

namespace {

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

} // namespace

class TestWindowData : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void openDataRunsWithTheChosenFile();
    void aFailedLoadKeepsThePreviousDataSet();
    void sharedValuesReachEveryStepAndDefaultsResetsThem();
    void droppingAFileSetsTheDataSet();
    void openDataNeedsAFileParameter();
};

void TestWindowData::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName("mlwb-tests");
    QCoreApplication::setApplicationName("tst_window_data");
}

void TestWindowData::init()
{
    QSettings s;
    s.clear();
    s.setValue("view/animate", false);
}

void TestWindowData::openDataRunsWithTheChosenFile()
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

void TestWindowData::aFailedLoadKeepsThePreviousDataSet()
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

void TestWindowData::sharedValuesReachEveryStepAndDefaultsResetsThem()
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

void TestWindowData::droppingAFileSetsTheDataSet()
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

void TestWindowData::openDataNeedsAFileParameter()
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

QTEST_MAIN(TestWindowData)
#include "tst_window_data.moc"
