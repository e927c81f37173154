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

// The plane of an objective with its field underneath, for paths to stream into.
ui::ChartSpec planeChart(const QString& id, const QString& title, const QString& xTitle, const QString& yTitle,
                         ui::FieldSpec field);
// Loss against iteration 0 … iterations on a log axis titled yTitle, for curves to stream into.
ui::ChartSpec lossChart(int iterations, const QString& yTitle);

// Points from..to−1 of a trajectory in the plane (those it has): what a frame streams.
QList<QPointF> pathPoints(const std::vector<optim::Vec>& path, size_t from, size_t to);
// Loss against iteration (0-based) for values from..to−1.
QList<QPointF> lossPoints(const std::vector<double>& values, size_t from, size_t to);

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

// Replays precomputed iterations so the learner sees them unfold: calls send(from, to) with
// the iterations new since the last call, at most ~30 times a second (each one while paused
// and stepped), spread over the run's pacing time (none headless); the last call ends at
// `total`. Steps stream [from, to) into their series, so a frame costs only the new points.
// Every iteration is a checkpoint. Progress runs from progressFrom (the share already spent
// computing) to 1. Returns false when stopped.
bool replay(ui::RunContext& ctx, size_t total, const std::function<void(size_t from, size_t to)>& send,
            double progressFrom = 0.0);

} // namespace mlwb::labs::optimizers
