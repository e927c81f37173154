#pragma once
// A lab: an ordered list of steps, each with its text, typed parameters and a run
// function executed on a worker thread. The window, the parameter form and the headless
// runner are all built from these descriptions; there is one implementation of each lab.
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <functional>
#include <optional>

namespace mlwb::ui {

class RunContext;

struct Parameter {
    enum class Kind { Real, Integer, Choice, Flag, Text, File };
    QString name;   // identifier used by --param name=value and in settings
    QString label;  // shown in the form
    QString help;   // tooltip
    Kind kind = Kind::Real;
    QVariant defaultValue;
    double min = 0, max = 1;  // Real and Integer
    bool logScale = false;    // Real: the slider moves in log space (learning rates)
    int decimals = 3;         // Real
    QStringList choices;      // Choice
    // Choice as a preset: choosing a key shows its values in these other parameters' fields
    // (an example's shapes); editing one of them afterwards selects editedChoice ("custom").
    QMap<QString, QVariantMap> fills;
    QString editedChoice;
    QString fileFilter;       // File: the open dialog's filter, "CSV files (*.csv)"
    // One value for every step of the lab that declares this parameter (a data set chosen
    // in step 1 and used by the later steps); the window stores it once per lab.
    bool shared = false;

    static Parameter real(QString name, QString label, double def, double min, double max,
                          bool logScale = false, int decimals = 3, QString help = {});
    static Parameter integer(QString name, QString label, int def, int min, int max, QString help = {});
    static Parameter choice(QString name, QString label, QStringList choices, QString def, QString help = {});
    static Parameter flag(QString name, QString label, bool def, QString help = {});
    // Free text a step parses itself (a shape "(3, 1)", einsum subscripts); the step
    // reports what it cannot understand as an InputError naming the text.
    static Parameter text(QString name, QString label, QString def, QString help = {});
    // A data file: a path, or a name the step understands ("titanic"). The form offers a
    // Browse… button, the window File → Open Data… and drag and drop.
    static Parameter file(QString name, QString label, QString def, QString filter, QString help = {});

    // Parses text typed on the command line. On failure returns nothing and sets *error to
    // one line naming the parameter, the value and what is allowed.
    std::optional<QVariant> parse(const QString& text, QString* error) const;
    // True when value has this parameter's type and lies in its range/choices.
    bool accepts(const QVariant& value) const;
    QString describeRange() const;  // "0.0001 … 2", "one of sgd, adam", "true or false"
};

using ParameterValues = QVariantMap;

struct Step {
    QString id;        // short, file-name safe: "learning-rate"
    QString title;
    QString textFile;  // Markdown resource, e.g. ":/labs/optimizers/learning-rate.md"
    QList<Parameter> parameters;
    std::function<void(RunContext&)> run;

    ParameterValues defaults() const;
    const Parameter* parameter(const QString& name) const;
};

struct Lab {
    QString id;
    QString title;
    QString summary;
    QList<Step> steps;

    // Index of the step with this id or 1-based number; −1 when none.
    int stepIndex(const QString& idOrNumber) const;
};

} // namespace mlwb::ui
