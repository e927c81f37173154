#pragma once
// Turning optimiser results into chart specs, shared by the optimizers lab's steps.
#include "chart_spec.h"
#include "common/tensor_charts.h"
#include "optim/minimize.h"
#include "optim/objective.h"
#include "run_context.h"

#include <QJsonObject>
#include <QString>

#include <functional>
#include <string>
#include <vector>

namespace mlwb::labs::optimizers {

// Short scientific notation for notes and legends: "3.1e12", "4.2e-7".
QString sci(double v);

// f sampled on an n×n grid (fine enough that contour edges look smooth at 2× export) over the region, coloured in log bands (loss landscapes span
// many decades).
ui::FieldSpec sampleField(const optim::Objective& f, double xmin, double xmax, double ymin, double ymax,
                          int n = 400);

// The first `count` points of a trajectory in the plane; with step > 1 every step-th
// point and the last (live frames stay cheap, the chart decimates anyway).
QList<QPointF> pathPoints(const std::vector<optim::Vec>& path, size_t count, size_t step = 1);
// Loss against iteration (0-based) for the first `count` values, thinned the same way.
QList<QPointF> lossPoints(const std::vector<double>& values, size_t count, size_t step = 1);

// How many points of a path to draw: all of them, or up to and including the first
// outside the region (a diverging path's later segments only sweep across the plot).
size_t pointsInside(const std::vector<optim::Vec>& path, double xmin, double xmax, double ymin, double ymax);

// A trajectory in palette slot `color`, with a dot per iterate when `markers` (short paths).
ui::SeriesSpec pathSeries(const QString& name, QList<QPointF> points, int color, bool markers);
// A single large marker (start point, optimum); no legend entry when name is empty.
ui::SeriesSpec markerSeries(const QString& name, QPointF at, int color, double size = 12);

// Says in a note how a run ended (diverged, with iteration and loss; reached the
// tolerance, at which iteration; or where it stopped) and returns its metrics:
// final_loss, iterations_to_tolerance (−1: never), final_point, diverged_at.
QJsonObject reportRun(ui::RunContext& ctx, const QString& label, const optim::MinimizeResult& r, double tolerance);

// Replays precomputed iterations so the learner sees them unfold: calls draw(k, step)
// with k = how many to show, at most ~30 times a second, spread over the run's pacing
// time (none headless). Live frames pass a thinning step that keeps them to a few
// thousand points per series, so a frame takes milliseconds and Stop is felt at once;
// the last call shows all `total` with step 1. Progress runs from progressFrom (the
// share already spent computing) to 1. Returns false when stopped.
bool unfold(ui::RunContext& ctx, size_t total, const std::function<void(size_t shown, size_t step)>& draw,
            double progressFrom = 0.0);

} // namespace mlwb::labs::optimizers
