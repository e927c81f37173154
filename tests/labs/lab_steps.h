#pragma once
// Running one step of a lab headless with its defaults and a few overrides, as
// `mlwb run LAB --step ID --param k=v` does (seed 7, PNG exports into dir when given).
#include "headless_runner.h"
#include "lab.h"

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

} // namespace labtest
