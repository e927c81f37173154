#pragma once
// What the main window tests share: a lab exercising the framework, and waiting for a run.
#include "chart_test_helpers.h"
#include "main_window.h"
#include "run_context.h"
#include "step_runner.h"

#include <QSignalSpy>

#include <chrono>
#include <stdexcept>
#include <thread>

namespace window_test {

using namespace mlwb::ui;
using chart_test::lineSpec;

// A lab whose steps exercise the framework: one that draws n points, one that runs until
// stopped, one that fails on request.
inline Lab testLab()
{
    Lab lab;
    lab.id = "test";
    lab.title = "Test lab";
    Step count{"count", "Count", {}, {Parameter::integer("n", "Points", 10, 1, 1000)}, {}};
    count.run = [](RunContext& ctx) {
        ctx.publish(lineSpec(ctx.integer("n")));
        ctx.metric("n", ctx.integer("n"));
    };
    Step slow{"slow", "Slow", {}, {}, {}};
    slow.run = [](RunContext& ctx) {
        for (int i = 1; !ctx.stopRequested(); ++i) {
            if (ctx.publishDue())
                ctx.publish(lineSpec(i % 1000 + 2));
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    };
    Step fail{"fail", "Fail", {}, {Parameter::flag("fail", "Fail", false)}, {}};
    fail.run = [](RunContext& ctx) {
        if (ctx.flag("fail"))
            throw std::invalid_argument("cannot broadcast shapes (3,4) and (5,)");
        ctx.publish(lineSpec(50));
    };
    lab.steps = {count, slow, fail};
    return lab;
}

// Waits for the current run to end; returns finished()'s arguments.
inline QList<QVariant> waitForRun(MainWindow& w, int timeoutMs = 5000)
{
    QSignalSpy spy(w.runner(), &StepRunner::finished);
    if (!w.runner()->isRunning() && spy.isEmpty())
        return {};
    if (!spy.wait(timeoutMs))
        return {};
    return spy.takeFirst();
}

} // namespace window_test
