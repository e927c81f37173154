// The real tensor labs in the window: a bad shape or einsum string typed into the form
// shows the message and keeps the previous charts.
#include "all_labs.h"
#include "chart_panel.h"
#include "lab_view.h"
#include "main_window.h"
#include "parameter_form.h"
#include "step_runner.h"

#include <QComboBox>
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

QTEST_MAIN(TestLabWindow)
#include "tst_lab_window.moc"
