#include "parameter_form.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>

#include <cmath>

namespace mlwb::ui {

namespace {
constexpr int kSliderSteps = 1000;

// Slider position ↔ value, linear or logarithmic over [min, max].
int toSlider(const Parameter& p, double v)
{
    const double t = p.logScale ? std::log(v / p.min) / std::log(p.max / p.min) : (v - p.min) / (p.max - p.min);
    return static_cast<int>(std::lround(std::clamp(t, 0.0, 1.0) * kSliderSteps));
}

double fromSlider(const Parameter& p, int pos)
{
    const double t = double(pos) / kSliderSteps;
    return p.logScale ? p.min * std::pow(p.max / p.min, t) : p.min + t * (p.max - p.min);
}
} // namespace

ParameterForm::ParameterForm(QWidget* parent) : QWidget(parent), layout_(new QFormLayout(this))
{
    layout_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
}

void ParameterForm::setParameters(const QList<Parameter>& parameters, const ParameterValues& values)
{
    while (layout_->rowCount() > 0)
        layout_->removeRow(0);
    editors_.clear();
    presets_.clear();
    values_ = values;
    for (const Parameter& p : parameters) {
        QWidget* editor = makeEditor(p, values.value(p.name, p.defaultValue));
        editor->setToolTip(p.shared ? p.help + (p.help.isEmpty() ? QString() : QStringLiteral("\n"))
                                          + tr("Shared by all steps of this lab.")
                                    : p.help);
        layout_->addRow(p.label + QLatin1Char(':'), editor);
        if (!p.fills.isEmpty())
            presets_ << p;
    }
}

void ParameterForm::set(const QString& name, const QVariant& value)
{
    if (values_.value(name) == value)
        return;
    values_.insert(name, value);
    emit valueChanged(name, value);
    if (filling_)
        return;
    for (const Parameter& p : std::as_const(presets_))
        if (p.name == name)
            applyFills(p, value.toString());
    leavePresetIfEdited(name, value);
}

void ParameterForm::showValue(const QString& name, const QVariant& value)
{
    // Combo, check and spin boxes set() themselves through their signals; a line edit
    // commits only on editingFinished, so the set() below is what records it.
    QWidget* editor = editors_.value(name);
    if (auto* line = qobject_cast<QLineEdit*>(editor))
        line->setText(value.toString());
    else if (auto* combo = qobject_cast<QComboBox*>(editor))
        combo->setCurrentText(value.toString());
    else if (auto* check = qobject_cast<QCheckBox*>(editor))
        check->setChecked(value.toBool());
    else if (auto* real = qobject_cast<QDoubleSpinBox*>(editor))
        real->setValue(value.toDouble());
    else if (auto* integer = qobject_cast<QSpinBox*>(editor))
        integer->setValue(value.toInt());
    set(name, value);
}

void ParameterForm::applyFills(const Parameter& preset, const QString& choice)
{
    const QVariantMap fills = preset.fills.value(choice);
    filling_ = true;
    for (auto it = fills.begin(); it != fills.end(); ++it)
        if (editors_.contains(it.key()))
            showValue(it.key(), it.value());
    filling_ = false;
}

// A field a preset filled, then changed by hand, no longer shows the preset.
void ParameterForm::leavePresetIfEdited(const QString& name, const QVariant& value)
{
    for (const Parameter& p : std::as_const(presets_)) {
        const QVariantMap fills = p.fills.value(values_.value(p.name).toString());
        if (fills.contains(name) && fills.value(name) != value && !p.editedChoice.isEmpty()) {
            filling_ = true;
            showValue(p.name, p.editedChoice);
            filling_ = false;
        }
    }
}

void ParameterForm::setText(const QString& name, const QString& text, bool notify)
{
    auto* line = qobject_cast<QLineEdit*>(editors_.value(name));
    if (!line)
        return;
    line->setText(text);
    if (notify)
        set(name, text);
    else
        values_.insert(name, text);
}

QWidget* ParameterForm::makeFileEditor(const Parameter& p, const QVariant& value)
{
    auto* row = new QWidget;
    auto* h = new QHBoxLayout(row);
    h->setContentsMargins(0, 0, 0, 0);
    auto* line = new QLineEdit(value.toString());
    line->setPlaceholderText(tr("a file, or a data set name"));
    line->setAccessibleName(p.label);
    // Like Text: a half-typed path must not start a load.
    connect(line, &QLineEdit::editingFinished, this, [this, p, line] {
        const QString text = line->text().trimmed();
        if (text.isEmpty())  // a file parameter always names something: show the current one again
            line->setText(values_.value(p.name).toString());
        else if (values_.value(p.name).toString() != text)
            set(p.name, text);
    });
    auto* button = new QPushButton(tr("Browse…"));
    button->setObjectName(p.name + QStringLiteral("-browse"));
    connect(button, &QPushButton::clicked, this, [this, p] { browse(p); });
    h->addWidget(line, 1);
    h->addWidget(button);
    editors_.insert(p.name, line);
    return row;
}

void ParameterForm::browse(const Parameter& p)
{
    static Dialogs qtDialogs;
    Dialogs* dialogs = dialogs_ ? dialogs_ : &qtDialogs;
    const QFileInfo current(values_.value(p.name).toString());
    const QString dir = current.isFile() ? current.absolutePath() : browseDir_;
    const QString path = dialogs->openFile(this, tr("Choose %1").arg(p.label), p.fileFilter, dir);
    if (!path.isEmpty())
        setText(p.name, path);
}

QWidget* ParameterForm::makeEditor(const Parameter& p, const QVariant& value)
{
    QWidget* editor = nullptr;
    switch (p.kind) {
    case Parameter::Kind::Real:
    case Parameter::Kind::Integer: {
        auto* row = new QWidget;
        auto* h = new QHBoxLayout(row);
        h->setContentsMargins(0, 0, 0, 0);
        auto* slider = new QSlider(Qt::Horizontal);
        slider->setRange(0, kSliderSteps);
        slider->setAccessibleName(p.label);
        QAbstractSpinBox* spinBox = nullptr;
        if (p.kind == Parameter::Kind::Real) {
            auto* spin = new QDoubleSpinBox;
            spin->setDecimals(p.decimals);
            spin->setRange(p.min, p.max);
            spin->setSingleStep(p.logScale ? std::pow(10.0, std::floor(std::log10(value.toDouble()))) / 10
                                           : (p.max - p.min) / 100);
            spin->setValue(value.toDouble());
            slider->setValue(toSlider(p, value.toDouble()));
            connect(spin, &QDoubleSpinBox::valueChanged, this, [this, p, slider](double v) {
                QSignalBlocker block(slider);
                slider->setValue(toSlider(p, v));
                set(p.name, v);
            });
            connect(slider, &QSlider::valueChanged, spin, [p, spin](int pos) {
                // Round to what the spin box shows so the two never disagree.
                const double v = QString::number(fromSlider(p, pos), 'f', p.decimals).toDouble();
                spin->setValue(std::clamp(v, p.min, p.max));
            });
            spinBox = spin;
        } else {
            auto* spin = new QSpinBox;
            spin->setRange(static_cast<int>(p.min), static_cast<int>(p.max));
            spin->setValue(value.toInt());
            slider->setValue(toSlider(p, value.toInt()));
            connect(spin, &QSpinBox::valueChanged, this, [this, p, slider](int v) {
                QSignalBlocker block(slider);
                slider->setValue(toSlider(p, v));
                set(p.name, v);
            });
            connect(slider, &QSlider::valueChanged, spin,
                    [p, spin](int pos) { spin->setValue(static_cast<int>(std::lround(fromSlider(p, pos)))); });
            spinBox = spin;
        }
        spinBox->setObjectName(p.name);
        spinBox->setAccessibleName(p.label);
        spinBox->setMinimumWidth(90);
        h->addWidget(slider, 1);
        h->addWidget(spinBox);
        editors_.insert(p.name, spinBox);
        editor = row;
        break;
    }
    case Parameter::Kind::Choice: {
        auto* combo = new QComboBox;
        combo->addItems(p.choices);
        combo->setCurrentText(value.toString());
        connect(combo, &QComboBox::currentTextChanged, this, [this, p](const QString& t) { set(p.name, t); });
        editors_.insert(p.name, combo);
        editor = combo;
        break;
    }
    case Parameter::Kind::Text: {
        auto* line = new QLineEdit(value.toString());
        line->setPlaceholderText(p.label);
        // Typing a shape or subscripts half-way must not start runs: commit on Enter or focus out.
        connect(line, &QLineEdit::editingFinished, this, [this, p, line] {
            if (values_.value(p.name).toString() != line->text())
                set(p.name, line->text());
        });
        editors_.insert(p.name, line);
        editor = line;
        break;
    }
    case Parameter::Kind::File:
        editor = makeFileEditor(p, value);
        break;
    case Parameter::Kind::Flag: {
        auto* check = new QCheckBox;
        check->setChecked(value.toBool());
        connect(check, &QCheckBox::toggled, this, [this, p](bool on) { set(p.name, on); });
        editors_.insert(p.name, check);
        editor = check;
        break;
    }
    }
    editors_.value(p.name)->setObjectName(p.name);
    return editor;
}

void ParameterForm::commitEditing()
{
    auto* line = qobject_cast<QLineEdit*>(QApplication::focusWidget());
    if (line && isAncestorOf(line))
        emit line->editingFinished();
}

} // namespace mlwb::ui
