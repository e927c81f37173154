#include "fake_dialogs.h"
#include "lab.h"
#include "parameter_form.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTest>

using namespace mlwb::ui;

class TestParameters : public QObject {
    Q_OBJECT
private slots:
    void parses_data();
    void parses();
    void stepLookup();
    void formEditsReachValues();
    void logSliderSpansDecades();
    void fileAcceptsAnyNonEmptyString();
    void browseAsksTheDialogsAndCommits();
    void presetFillsItsFieldsAndEditingLeavesIt();
};

void TestParameters::parses_data()
{
    QTest::addColumn<int>("which");  // 0 real, 1 integer, 2 choice, 3 flag, 4 text, 5 file
    QTest::addColumn<QString>("text");
    QTest::addColumn<QVariant>("expected");  // invalid: must be rejected
    QTest::newRow("real") << 0 << "0.25" << QVariant(0.25);
    QTest::newRow("real exponent") << 0 << "1e-3" << QVariant(1e-3);
    QTest::newRow("real spaces") << 0 << " 0.5 " << QVariant(0.5);
    QTest::newRow("real comma decimal") << 0 << "0,5" << QVariant();
    QTest::newRow("real below") << 0 << "0.00001" << QVariant();
    QTest::newRow("real above") << 0 << "3" << QVariant();
    QTest::newRow("real nan") << 0 << "nan" << QVariant();
    QTest::newRow("real words") << 0 << "fast" << QVariant();
    QTest::newRow("integer") << 1 << "32" << QVariant(32);
    QTest::newRow("integer fraction") << 1 << "3.5" << QVariant();
    QTest::newRow("integer above") << 1 << "443" << QVariant();
    QTest::newRow("choice") << 2 << "adam" << QVariant(QStringLiteral("adam"));
    QTest::newRow("choice unknown") << 2 << "lbfgs" << QVariant();
    QTest::newRow("flag true") << 3 << "true" << QVariant(true);
    QTest::newRow("flag 0") << 3 << "0" << QVariant(false);
    QTest::newRow("flag maybe") << 3 << "maybe" << QVariant();
    QTest::newRow("text kept as typed") << 4 << " (3, 1) " << QVariant(QStringLiteral(" (3, 1) "));
    QTest::newRow("file path") << 5 << " /data/my titanic.csv " << QVariant(QStringLiteral("/data/my titanic.csv"));
    QTest::newRow("file data set name") << 5 << "titanic" << QVariant(QStringLiteral("titanic"));
    QTest::newRow("file empty") << 5 << "  " << QVariant();
}

void TestParameters::parses()
{
    QFETCH(int, which);
    QFETCH(QString, text);
    QFETCH(QVariant, expected);
    const QList<Parameter> ps{Parameter::real("lr", "Learning rate", 0.1, 1e-4, 2, true),
                              Parameter::integer("batch", "Batch", 32, 1, 442),
                              Parameter::choice("opt", "Optimizer", {"sgd", "adam"}, "sgd"),
                              Parameter::flag("log", "Log axis", false),
                              Parameter::text("shape", "Shape", "(3, 1)"),
                              Parameter::file("dataset", "Data set", "titanic", "CSV files (*.csv)")};
    const Parameter& p = ps[which];
    QString error;
    const std::optional<QVariant> v = p.parse(text, &error);
    if (expected.isValid()) {
        QVERIFY2(v.has_value(), qPrintable(error));
        QCOMPARE(*v, expected);
        QVERIFY(p.accepts(*v));
    } else {
        QVERIFY(!v.has_value());
        // One line naming the parameter, the value and what is allowed.
        QVERIFY(error.contains(p.name));
        QVERIFY(error.contains(text));
        QVERIFY(error.contains(p.describeRange()));
        QVERIFY(!error.contains('\n'));
    }
}

void TestParameters::stepLookup()
{
    Lab lab;
    lab.steps = {Step{"first", "First", {}, {}, {}}, Step{"second", "Second", {}, {}, {}}};
    QCOMPARE(lab.stepIndex("second"), 1);
    QCOMPARE(lab.stepIndex("1"), 0);
    QCOMPARE(lab.stepIndex("2"), 1);
    QCOMPARE(lab.stepIndex("3"), -1);
    QCOMPARE(lab.stepIndex("0"), -1);
    QCOMPARE(lab.stepIndex("third"), -1);
}

void TestParameters::formEditsReachValues()
{
    const QList<Parameter> ps{Parameter::real("lr", "Learning rate", 0.1, 1e-4, 2, true, 4),
                              Parameter::integer("batch", "Batch", 32, 1, 442),
                              Parameter::choice("opt", "Optimizer", {"sgd", "adam"}, "sgd"),
                              Parameter::flag("log", "Log axis", false),
                              Parameter::text("shape", "Shape", "(3, 1)")};
    ParameterForm form;
    ParameterValues values{{"lr", 0.1}, {"batch", 32}, {"opt", "sgd"}, {"log", false}, {"shape", "(3, 1)"}};
    form.setParameters(ps, values);
    QSignalSpy spy(&form, &ParameterForm::valueChanged);

    qobject_cast<QSpinBox*>(form.editor("batch"))->setValue(64);
    qobject_cast<QDoubleSpinBox*>(form.editor("lr"))->setValue(0.5);
    qobject_cast<QComboBox*>(form.editor("opt"))->setCurrentText("adam");
    qobject_cast<QCheckBox*>(form.editor("log"))->setChecked(true);
    auto* line = qobject_cast<QLineEdit*>(form.editor("shape"));
    line->setText("(8, 1, 6)");
    QCOMPARE(spy.count(), 4);  // not while typing
    emit line->editingFinished();

    const ParameterValues v = form.values();
    QCOMPARE(v.value("batch"), QVariant(64));
    QCOMPARE(v.value("lr"), QVariant(0.5));
    QCOMPARE(v.value("opt"), QVariant(QStringLiteral("adam")));
    QCOMPARE(v.value("log"), QVariant(true));
    QCOMPARE(v.value("shape"), QVariant(QStringLiteral("(8, 1, 6)")));
    QCOMPARE(spy.count(), 5);
    for (const Parameter& p : ps)
        QVERIFY(p.accepts(v.value(p.name)));
}

// A log-scale slider puts 1e-4 … 2 on its track: the middle is the geometric mean.
void TestParameters::logSliderSpansDecades()
{
    const Parameter p = Parameter::real("lr", "Learning rate", 0.1, 1e-4, 1, true, 4);
    ParameterForm form;
    form.setParameters({p}, {{"lr", 0.1}});
    auto* slider = form.editor("lr")->parentWidget()->findChild<QSlider*>();
    QVERIFY(slider);
    slider->setValue((slider->minimum() + slider->maximum()) / 2);
    QCOMPARE(form.values().value("lr").toDouble(), 0.01);
    slider->setValue(slider->maximum());
    QCOMPARE(form.values().value("lr").toDouble(), 1.0);
}

void TestParameters::fileAcceptsAnyNonEmptyString()
{
    const Parameter p = Parameter::file("dataset", "Data set", "titanic", "CSV files (*.csv)", "the table to load");
    QCOMPARE(p.kind, Parameter::Kind::File);
    QCOMPARE(p.fileFilter, QStringLiteral("CSV files (*.csv)"));
    QCOMPARE(p.defaultValue, QVariant(QStringLiteral("titanic")));
    QVERIFY(!p.shared);
    QVERIFY(p.accepts(QStringLiteral("/no/such/file.csv")));  // existence is the step's to check
    QVERIFY(p.accepts(QStringLiteral("penguins")));
    QVERIFY(!p.accepts(QString()));
    QVERIFY(!p.accepts(QVariant(3)));
    QVERIFY(!p.accepts(QVariant()));
}

void TestParameters::browseAsksTheDialogsAndCommits()
{
    Parameter p = Parameter::file("dataset", "Data set", "titanic", "CSV files (*.csv)");
    p.shared = true;
    ParameterForm form;
    FakeDialogs dialogs;
    form.setDialogs(&dialogs);
    form.setBrowseDirectory("/data/start");
    form.setParameters({p}, {{"dataset", "titanic"}});
    QSignalSpy spy(&form, &ParameterForm::valueChanged);
    auto* browse = form.findChild<QPushButton*>("dataset-browse");
    QVERIFY(browse);

    QTest::mouseClick(browse, Qt::LeftButton);  // cancelled: nothing changes
    QCOMPARE(spy.count(), 0);
    QCOMPARE(dialogs.openFilters, QStringList{"CSV files (*.csv)"});
    QCOMPARE(dialogs.openDirs, QStringList{"/data/start"});  // "titanic" is no file: the given folder

    dialogs.openPath = "/data/penguins.csv";
    QTest::mouseClick(browse, Qt::LeftButton);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.first().at(0).toString(), QStringLiteral("dataset"));
    QCOMPARE(spy.first().at(1).toString(), QStringLiteral("/data/penguins.csv"));
    QCOMPARE(qobject_cast<QLineEdit*>(form.editor("dataset"))->text(), QStringLiteral("/data/penguins.csv"));
    QCOMPARE(form.values().value("dataset").toString(), QStringLiteral("/data/penguins.csv"));
    QVERIFY(form.editor("dataset")->parentWidget()->toolTip().contains("Shared by all steps"));

    // Emptied by hand: the current value comes back and nothing is emitted.
    auto* line = qobject_cast<QLineEdit*>(form.editor("dataset"));
    line->clear();
    emit line->editingFinished();
    QCOMPARE(line->text(), QStringLiteral("/data/penguins.csv"));
    QCOMPARE(spy.count(), 1);
}

// issue 11: choosing broadcasting's "(2, 3) + (3, 2)" left the shape fields showing the
// old example. A preset fills them; editing one afterwards selects "custom".
void TestParameters::presetFillsItsFieldsAndEditingLeavesIt()
{
    Parameter preset = Parameter::choice("preset", "Example", {"custom", "small", "big"}, "small");
    preset.fills["small"] = {{"a", "(3, 1)"}, {"n", 2}};
    preset.fills["big"] = {{"a", "(8, 1, 6, 1)"}, {"n", 40}};
    preset.editedChoice = "custom";
    const QList<Parameter> ps{preset, Parameter::text("a", "Shape a", "(3, 1)"),
                              Parameter::integer("n", "Count", 2, 1, 100)};
    ParameterForm form;
    form.setParameters(ps, {{"preset", "small"}, {"a", "(3, 1)"}, {"n", 2}});
    QSignalSpy spy(&form, &ParameterForm::valueChanged);
    auto* combo = qobject_cast<QComboBox*>(form.editor("preset"));
    auto* line = qobject_cast<QLineEdit*>(form.editor("a"));
    auto* count = qobject_cast<QSpinBox*>(form.editor("n"));

    combo->setCurrentText("big");
    QCOMPARE(line->text(), QStringLiteral("(8, 1, 6, 1)"));
    QCOMPARE(count->value(), 40);
    QCOMPARE(form.values().value("a"), QVariant(QStringLiteral("(8, 1, 6, 1)")));
    QCOMPARE(form.values().value("n"), QVariant(40));
    QCOMPARE(spy.count(), 3);  // each change reported once, so the window stores all three
    QCOMPARE(combo->currentText(), QStringLiteral("big"));

    line->setText("(5, 2)");
    emit line->editingFinished();
    QCOMPARE(combo->currentText(), QStringLiteral("custom"));
    QCOMPARE(form.values().value("preset"), QVariant(QStringLiteral("custom")));
    QCOMPARE(form.values().value("a"), QVariant(QStringLiteral("(5, 2)")));
    QCOMPARE(count->value(), 40);  // "custom" fills nothing

    count->setValue(7);  // a field edited under "custom" stays custom
    QCOMPARE(combo->currentText(), QStringLiteral("custom"));
    combo->setCurrentText("small");
    QCOMPARE(line->text(), QStringLiteral("(3, 1)"));
    QCOMPARE(count->value(), 2);
}

QTEST_MAIN(TestParameters)
#include "tst_parameters.moc"
