#pragma once
// A point of a drawn series, in data coordinates. Laid out as two doubles, like Qt's QPointF,
// so the chart kit converts without arithmetic; the engine stays free of Qt.
namespace mlwb::plot {

struct Point {
    double x = 0, y = 0;
    friend bool operator==(const Point&, const Point&) = default;
};

} // namespace mlwb::plot
