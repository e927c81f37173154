#include "clip_path.h"

#include <algorithm>
#include <cmath>

namespace mlwb::ui {

namespace {
// Liang–Barsky: the parameters t0 ≤ t1 in [0, 1] of the segment a→b inside box, if any.
bool clipSegment(QPointF a, QPointF b, const QRectF& box, double& t0, double& t1)
{
    t0 = 0;
    t1 = 1;
    const double dx = b.x() - a.x(), dy = b.y() - a.y();
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {a.x() - box.left(), box.right() - a.x(), a.y() - box.top(), box.bottom() - a.y()};
    for (int k = 0; k < 4; ++k) {
        if (p[k] == 0) {
            if (q[k] < 0)
                return false;  // parallel to this edge and outside it
            continue;
        }
        const double t = q[k] / p[k];
        if (p[k] < 0)
            t0 = std::max(t0, t);
        else
            t1 = std::min(t1, t);
    }
    return t0 <= t1;
}
} // namespace

QList<QPointF> clipPathToBox(const QList<QPointF>& points, const QRectF& box)
{
    if (std::all_of(points.begin(), points.end(), [&](const QPointF& p) { return box.contains(p); }))
        return points;
    QList<QPointF> out;
    for (qsizetype i = 1; i < points.size(); ++i) {
        const QPointF a = points[i - 1], b = points[i];
        double t0 = 0, t1 = 1;
        if (!clipSegment(a, b, box, t0, t1)) {
            if (!out.isEmpty())
                break;  // left the box at the end of the previous segment
            continue;
        }
        if (out.isEmpty())
            out << a + t0 * (b - a);
        else if (t0 > 0)
            break;
        out << a + t1 * (b - a);
        if (t1 < 1)
            break;
    }
    return out;
}

} // namespace mlwb::ui
