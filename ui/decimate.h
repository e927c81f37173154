#pragma once
#include <QList>
#include <QPointF>

namespace mlwb::ui {

// Largest-triangle-three-buckets (Steinarsson 2013): keeps the first and last point and,
// from each of (threshold − 2) buckets of consecutive points, the one forming the largest
// triangle with its neighbours. Buckets go by index, so it also simplifies parametric
// paths (optimizer trajectories), not only x-sorted traces. Returns the input when it has
// no more than threshold points.
QList<QPointF> decimateLttb(const QList<QPointF>& points, int threshold);

} // namespace mlwb::ui
