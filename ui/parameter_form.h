#pragma once
#include "lab.h"

#include <QHash>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QFormLayout;
QT_END_NAMESPACE

namespace mlwb::ui {

// A form generated from a step's typed parameters: numbers with ranges get a spin box
// and a slider (log-spaced for log-scale reals), choices a combo box, flags a check box.
class ParameterForm : public QWidget {
    Q_OBJECT
public:
    explicit ParameterForm(QWidget* parent = nullptr);
    void setParameters(const QList<Parameter>& parameters, const ParameterValues& values);
    ParameterValues values() const { return values_; }
    QWidget* editor(const QString& name) const { return editors_.value(name); }

signals:
    void valueChanged(const QString& name, const QVariant& value);

private:
    QWidget* makeEditor(const Parameter& p, const QVariant& value);
    void set(const QString& name, const QVariant& value);
    QFormLayout* layout_;
    ParameterValues values_;
    QHash<QString, QWidget*> editors_;
};

} // namespace mlwb::ui
