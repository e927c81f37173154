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

} // namespace mlwb::ui
