#pragma once
#include <QList>
#include <QPointF>
#include <QRectF>

namespace mlwb::ui {

// The part of a path inside box: from where it first enters to where it first leaves after
// that, both ends on the box's edge. Qt clips lines to the plot on screen and in PNG, but
// SVG files (QSvgGenerator has no clipping) drew a diverging path across the legend. A
// path that leaves and comes back is drawn up to where it left: a series has no gaps.
QList<QPointF> clipPathToBox(const QList<QPointF>& points, const QRectF& box);

} // namespace mlwb::ui
