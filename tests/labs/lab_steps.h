#pragma once
// Running one step of a lab headless with its defaults and a few overrides, as
// `mlwb run LAB --step ID --param k=v` does (seed 7, PNG exports into dir when given), and the
// small helpers the lab tests share.
#include "headless_runner.h"
#include "lab.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonValue>
#include <QTemporaryDir>

namespace labtest {

inline mlwb::ui::ParameterValues valuesFor(const mlwb::ui::Lab& lab, const QString& id,
                                           const mlwb::ui::ParameterValues& overrides)
{
    mlwb::ui::ParameterValues values = lab.steps[lab.stepIndex(id)].defaults();
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        values[it.key()] = it.value();
    return values;
}

inline mlwb::ui::HeadlessStepResult runStep(const mlwb::ui::Lab& lab, const QString& id,
                                            const mlwb::ui::ParameterValues& overrides = {}, const QString& dir = {})
{
    return mlwb::ui::runStepHeadless(lab, lab.stepIndex(id), valuesFor(lab, id, overrides), 7, dir,
                                     mlwb::ui::ExportFormat::Png);
}

// A metric that is a list of numbers.
inline QList<double> numbers(const QJsonValue& v)
{
    QList<double> out;
    for (const auto& x : v.toArray())
        out << x.toDouble();
    return out;
}

// Writes text to dir/name (a learner's CSV file) and returns its path.
inline QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& text)
{
    QFile f(dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(text);
    return f.fileName();
}

} // namespace labtest
