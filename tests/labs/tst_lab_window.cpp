// The real labs in the window: a bad shape or einsum string typed into the form shows the
// message and keeps the previous charts; a CSV file that fails to load keeps the data set
// the preprocessing lab had.
#include "all_labs.h"
#include "chart_panel.h"
#include "fake_dialogs.h"
#include "lab_view.h"
#include "main_window.h"
#include "parameter_form.h"
#include "step_runner.h"

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QTemporaryDir>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace mlwb;

class TestLabWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void badTextKeepsPreviousResult_data();
    void badTextKeepsPreviousResult();
    void failedLoadKeepsTheDataSet();
};

void TestLabWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName("mlwb-tests");
    QCoreApplication::setApplicationName("tst_lab_window");
}

void TestLabWindow::badTextKeepsPreviousResult_data()
{
    QTest::addColumn<QString>("lab");
    QTest::addColumn<QString>("step");
    QTest::addColumn<QString>("parameter");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("shape") << "broadcasting" << "rules" << "b" << "(2, 3)"
                           << "cannot broadcast shapes (3, 1) and (2, 3): axis -2 is 3 vs 2";
    QTest::newRow("einsum") << "einsum" << "notation" << "subscripts" << "ijk,jk->ik"
                            << "einsum: operand 0 has 2 dimensions but subscripts 'ijk' name 3";
    QTest::newRow("pca data") << "pca" << "real-data" << "dataset" << "titanic"
                              << "titanic.csv has 1 numeric column besides the label";
}

void TestLabWindow::badTextKeepsPreviousResult()
{
    QFETCH(QString, lab);
    QFETCH(QString, step);
    QFETCH(QString, parameter);
    QFETCH(QString, text);
    QFETCH(QString, message);
    QSettings().clear();
    QSettings().setValue("view/animate", false);
    const QList<ui::Lab> labs = labs::allLabs();
    int l = 0;
    while (labs[l].id != lab)
        ++l;
    ui::MainWindow w(labs, "about");
    w.show();
    QSignalSpy finished(w.runner(), &ui::StepRunner::finished);
    w.openStep(l, labs[l].stepIndex(step));
    QVERIFY(finished.wait(5000));
    if (lab == "broadcasting") {  // type the shapes rather than use a preset
        qobject_cast<QComboBox*>(w.labView()->form()->editor("preset"))->setCurrentText("custom");
        QVERIFY(finished.wait(5000));
    }
    QVERIFY(finished.last().at(0).toString().isEmpty());
    const qsizetype charts = w.labView()->charts().size();
    QVERIFY(charts > 0);
    const QString before = w.labView()->charts()[0]->spec().title;

    auto* line = qobject_cast<QLineEdit*>(w.labView()->form()->editor(parameter));
    line->setText(text);
    emit line->editingFinished();
    QVERIFY(finished.wait(5000));
    auto* error = w.labView()->findChild<QLabel*>("error");
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(message), qPrintable(error->text()));
    QCOMPARE(w.labView()->charts().size(), charts);
    QCOMPARE(w.labView()->charts()[0]->spec().title, before);
}

void TestLabWindow::failedLoadKeepsTheDataSet()
{
    QSettings().clear();
    QSettings().setValue("view/animate", false);
    QTemporaryDir dir;
    const auto write = [&](const QString& name, const QByteArray& text) {
        QFile f(dir.filePath(name));
        f.open(QIODevice::WriteOnly);
        f.write(text);
        return f.fileName();
    };
    const QString good = write("good.csv", "x,y,kind\n1,2,a\n3,,b\n5,6,a\n");
    const QString bad = write("bad.csv", "x,y\n1,2\n\"3,4\n");
    const QList<ui::Lab> labs = labs::allLabs();
    int l = 0;
    while (labs[l].id != "preprocessing")
        ++l;
    auto dialogs = std::make_unique<FakeDialogs>();
    FakeDialogs* fake = dialogs.get();
    ui::MainWindow w(labs, "about", std::move(dialogs));
    w.show();
    QSignalSpy finished(w.runner(), &ui::StepRunner::finished);
    w.openStep(l, labs[l].stepIndex("load"));
    QVERIFY(finished.wait(5000));
    auto* open = w.findChild<QAction*>("openData");
    QVERIFY(open && open->isEnabled());

    fake->openPath = good;
    open->trigger();
    QVERIFY(finished.wait(5000));
    QVERIFY2(finished.last().at(0).toString().isEmpty(), qPrintable(finished.last().at(0).toString()));
    QVERIFY(w.labView()->charts()[0]->spec().title.startsWith("good.csv"));

    fake->openPath = bad;
    open->trigger();
    QVERIFY(finished.wait(5000));
    auto* error = w.labView()->findChild<QLabel*>("error");
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains("bad.csv:3:1: unterminated quoted field"), qPrintable(error->text()));
    QVERIFY2(error->text().contains("Kept the previous data set: " + good), qPrintable(error->text()));
    QVERIFY(w.labView()->charts()[0]->spec().title.startsWith("good.csv"));
    QCOMPARE(qobject_cast<QLineEdit*>(w.labView()->form()->editor("dataset"))->text(), good);

    // The next step works on the kept data set.
    w.openStep(l, labs[l].stepIndex("missing"));
    QVERIFY(finished.wait(5000));
    QVERIFY2(finished.last().at(0).toString().isEmpty(), qPrintable(finished.last().at(0).toString()));
    QVERIFY2(w.labView()->charts()[0]->spec().title.startsWith("y: 2 observed values"),
             qPrintable(w.labView()->charts()[0]->spec().title));
}

QTEST_MAIN(TestLabWindow)
#include "tst_lab_window.moc"
