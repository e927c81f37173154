#include "decimate.h"

#include <algorithm>
#include <cmath>

namespace mlwb::ui {

QList<QPointF> decimateLttb(const QList<QPointF>& points, int threshold)
{
    const qsizetype n = points.size();
    if (threshold < 3 || n <= threshold)
        return points;

    QList<QPointF> out;
    out.reserve(threshold);
    out.append(points.front());
    const double bucketSize = double(n - 2) / (threshold - 2);
    qsizetype chosen = 0;
    for (int b = 0; b < threshold - 2; ++b) {
        const auto begin = static_cast<qsizetype>(std::floor(b * bucketSize)) + 1;
        const auto end = std::min<qsizetype>(static_cast<qsizetype>(std::floor((b + 1) * bucketSize)) + 1, n - 1);
        // Average of the next bucket is the triangle's third corner.
        const auto nextEnd = std::min<qsizetype>(static_cast<qsizetype>(std::floor((b + 2) * bucketSize)) + 1, n);
        double ax = 0, ay = 0;
        for (qsizetype i = end; i < nextEnd; ++i) {
            ax += points[i].x();
            ay += points[i].y();
        }
        const auto count = std::max<qsizetype>(nextEnd - end, 1);
        ax /= double(count);
        ay /= double(count);

        const QPointF& a = points[chosen];
        double best = -1;
        qsizetype bestIndex = begin;
        for (qsizetype i = begin; i < end; ++i) {
            const double area = std::abs((a.x() - ax) * (points[i].y() - a.y()) -
                                         (a.x() - points[i].x()) * (ay - a.y()));
            if (area > best) {
                best = area;
                bestIndex = i;
            }
        }
        out.append(points[bestIndex]);
        chosen = bestIndex;
    }
    out.append(points.back());
    return out;
}

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
