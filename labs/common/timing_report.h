#pragma once
// Timings of contenders as a lab shows them: repeated until stable, with their spread, and
// an honest word when the machine was busy.
#include "chart_spec.h"
#include "core/timing.h"
#include "run_context.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace mlwb::labs {

// Times fn with core/timing.h, at least minRuns runs within budgetSeconds, ending with the step.
Timing timeContender(ui::RunContext& ctx, int minRuns, double budgetSeconds, const std::function<void()>& fn);

// A timing measured once, outside timeContender (an extrapolated loop).
Timing singleRun(double seconds);

// Notes on what makes the timings less certain than their numbers look: contenders whose runs
// differ by more than 20%, and other programs using a quarter or more of the CPU meanwhile.
void noteTimingCaveats(ui::RunContext& ctx, const QStringList& names, const std::vector<Timing>& timings);

// Bars of median times (a log axis when they span more than 20×); each category names the
// contender, its speed against the first, and its fastest run.
ui::ChartSpec timingBars(const QString& id, const QString& title, const QStringList& names,
                         const std::vector<Timing>& timings);

} // namespace mlwb::labs
