#pragma once
#include "dialogs.h"
#include "lab.h"

#include <QHash>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QFormLayout;
QT_END_NAMESPACE

namespace mlwb::ui {

// A form generated from a step's typed parameters: numbers with ranges get a spin box
// and a slider (log-spaced for log-scale reals), choices a combo box, flags a check box,
// text a line edit, files a line edit with a Browse… button.
class ParameterForm : public QWidget {
    Q_OBJECT
public:
    explicit ParameterForm(QWidget* parent = nullptr);
    void setParameters(const QList<Parameter>& parameters, const ParameterValues& values);
    ParameterValues values() const { return values_; }
    QWidget* editor(const QString& name) const { return editors_.value(name); }
    // Browse… asks through dialogs (not owned; Qt's file dialog when unset), starting in
    // the current file's folder, or else in dir.
    void setDialogs(Dialogs* dialogs) { dialogs_ = dialogs; }
    void setBrowseDirectory(const QString& dir) { browseDir_ = dir; }
    // Sets a Text or File parameter as if typed and committed (valueChanged follows when
    // it differs); with notify false it is only shown and recorded.
    void setText(const QString& name, const QString& text, bool notify = true);
    // Commits the text field being typed in, as Enter would: a run started by its shortcut
    // (the focus stays in the field) must see what is on screen.
    void commitEditing();

signals:
    void valueChanged(const QString& name, const QVariant& value);

private:
    QWidget* makeEditor(const Parameter& p, const QVariant& value);
    QWidget* makeFileEditor(const Parameter& p, const QVariant& value);
    void browse(const Parameter& p);
    void set(const QString& name, const QVariant& value);
    void showValue(const QString& name, const QVariant& value);  // in its editor, then set()
    void applyFills(const Parameter& preset, const QString& choice);
    void leavePresetIfEdited(const QString& name, const QVariant& value);
    QFormLayout* layout_;
    ParameterValues values_;
    QHash<QString, QWidget*> editors_;
    QList<Parameter> presets_;  // the Choice parameters with fills
    bool filling_ = false;
    Dialogs* dialogs_ = nullptr;
    QString browseDir_;
};

} // namespace mlwb::ui
