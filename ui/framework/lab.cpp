#include "lab.h"

#include <cmath>

namespace mlwb::ui {

namespace {
Parameter described(Parameter::Kind kind, QString name, QString label, QVariant def, QString help)
{
    Parameter p;
    p.kind = kind;
    p.name = std::move(name);
    p.label = std::move(label);
    p.defaultValue = std::move(def);
    p.help = std::move(help);
    return p;
}
} // namespace

Parameter Parameter::real(QString name, QString label, double def, double min, double max,
                          bool logScale, int decimals, QString help)
{
    Parameter p = described(Kind::Real, std::move(name), std::move(label), def, std::move(help));
    p.min = min;
    p.max = max;
    p.logScale = logScale;
    p.decimals = decimals;
    return p;
}

Parameter Parameter::integer(QString name, QString label, int def, int min, int max, QString help)
{
    Parameter p = described(Kind::Integer, std::move(name), std::move(label), def, std::move(help));
    p.min = min;
    p.max = max;
    return p;
}

Parameter Parameter::choice(QString name, QString label, QStringList choices, QString def, QString help)
{
    Parameter p = described(Kind::Choice, std::move(name), std::move(label), std::move(def), std::move(help));
    p.choices = std::move(choices);
    return p;
}

Parameter Parameter::flag(QString name, QString label, bool def, QString help)
{
    return described(Kind::Flag, std::move(name), std::move(label), def, std::move(help));
}

Parameter Parameter::text(QString name, QString label, QString def, QString help)
{
    return described(Kind::Text, std::move(name), std::move(label), std::move(def), std::move(help));
}

Parameter Parameter::file(QString name, QString label, QString def, QString filter, QString help)
{
    Parameter p = described(Kind::File, std::move(name), std::move(label), std::move(def), std::move(help));
    p.fileFilter = std::move(filter);
    return p;
}

QString Parameter::describeRange() const
{
    switch (kind) {
    case Kind::Real:
    case Kind::Integer:
        return QStringLiteral("%1 … %2").arg(min, 0, 'g', 6).arg(max, 0, 'g', 6);
    case Kind::Choice:
        return QStringLiteral("one of ") + choices.join(QStringLiteral(", "));
    case Kind::Flag:
        return QStringLiteral("true or false");
    case Kind::Text:
        return QStringLiteral("one line of text");
    case Kind::File:
        return QStringLiteral("a file path or a data set name");
    }
    return {};
}

bool Parameter::accepts(const QVariant& value) const
{
    switch (kind) {
    case Kind::Real: {
        if (value.typeId() != QMetaType::Double)
            return false;
        const double v = value.toDouble();
        return std::isfinite(v) && v >= min && v <= max;
    }
    case Kind::Integer:
        return value.typeId() == QMetaType::Int && value.toInt() >= min && value.toInt() <= max;
    case Kind::Choice:
        return value.typeId() == QMetaType::QString && choices.contains(value.toString());
    case Kind::Flag:
        return value.typeId() == QMetaType::Bool;
    case Kind::Text:
        return value.typeId() == QMetaType::QString && !value.toString().contains(QLatin1Char('\n'));
    case Kind::File:
        return value.typeId() == QMetaType::QString && !value.toString().isEmpty();
    }
    return false;
}

std::optional<QVariant> Parameter::parse(const QString& text, QString* error) const
{
    const QString t = text.trimmed();
    std::optional<QVariant> value;
    bool ok = false;
    switch (kind) {
    case Kind::Real: {
        const double v = t.toDouble(&ok);  // QString::toDouble is locale-independent ("C")
        if (ok)
            value = QVariant(v);
        break;
    }
    case Kind::Integer: {
        const int v = t.toInt(&ok);
        if (ok)
            value = QVariant(v);
        break;
    }
    case Kind::Choice:
        value = QVariant(t);
        break;
    case Kind::Text:
        value = QVariant(text);  // as typed: what it means is the step's to judge
        break;
    case Kind::File:
        value = QVariant(t);  // whether it exists is the step's to say, in its InputError
        break;
    case Kind::Flag:
        if (t == QLatin1String("true") || t == QLatin1String("1") || t == QLatin1String("yes"))
            value = QVariant(true);
        else if (t == QLatin1String("false") || t == QLatin1String("0") || t == QLatin1String("no"))
            value = QVariant(false);
        break;
    }
    if (!value || !accepts(*value)) {
        *error = QStringLiteral("parameter %1: \"%2\" is not allowed (expected %3)").arg(name, text, describeRange());
        return std::nullopt;
    }
    return value;
}

ParameterValues Step::defaults() const
{
    ParameterValues values;
    for (const Parameter& p : parameters)
        values.insert(p.name, p.defaultValue);
    return values;
}

const Parameter* Step::parameter(const QString& name) const
{
    for (const Parameter& p : parameters)
        if (p.name == name)
            return &p;
    return nullptr;
}

int Lab::stepIndex(const QString& idOrNumber) const
{
    for (int i = 0; i < steps.size(); ++i)
        if (steps[i].id == idOrNumber)
            return i;
    bool ok = false;
    const int n = idOrNumber.toInt(&ok);
    return ok && n >= 1 && n <= steps.size() ? n - 1 : -1;
}

} // namespace mlwb::ui
