#include "plots.h"

#include "optim/minimize.h"

#include <algorithm>

namespace mlwb::labs::optimizers {

QString qs(const std::string& s) { return QString::fromStdString(s); }

QString sci(double v) { return qs(optim::shortScientific(v)); }

ui::FieldSpec sampleField(const optim::Objective& f, double xmin, double xmax, double ymin, double ymax, int n)
{
    ui::FieldSpec field;
    field.nx = field.ny = n;
    field.xmin = xmin;
    field.xmax = xmax;
    field.ymin = ymin;
    field.ymax = ymax;
    field.logScale = true;
    field.bands = 18;
    field.colorBarTitle = QStringLiteral("f(x, y), log scale");
    field.values.resize(size_t(n) * n);
    optim::Vec p(2);
    for (int iy = 0; iy < n; ++iy)
        for (int ix = 0; ix < n; ++ix) {
            p << xmin + (xmax - xmin) * (ix + 0.5) / n, ymin + (ymax - ymin) * (iy + 0.5) / n;
            field.values[size_t(iy) * n + ix] = f.value(p);
        }
    return field;
}

QList<QPointF> pathPoints(const std::vector<optim::Vec>& path, size_t count)
{
    QList<QPointF> points;
    count = std::min(count, path.size());
    points.reserve(qsizetype(count));
    for (size_t i = 0; i < count; ++i)
        points.append({path[i][0], path[i][1]});
    return points;
}

QList<QPointF> lossPoints(const std::vector<double>& values, size_t count)
{
    QList<QPointF> points;
    count = std::min(count, values.size());
    points.reserve(qsizetype(count));
    for (size_t i = 0; i < count; ++i)
        points.append({double(i), values[i]});
    return points;
}

ui::SeriesSpec pathSeries(const QString& name, QList<QPointF> points, int color, bool markers)
{
    ui::SeriesSpec s;
    s.name = name;
    s.points = std::move(points);
    s.colorIndex = color;
    s.width = 2.0;
    s.pointMarkers = markers;
    return s;
}

ui::SeriesSpec markerSeries(const QString& name, QPointF at, int color, double size)
{
    ui::SeriesSpec s;
    s.name = name;
    s.kind = ui::SeriesSpec::Kind::Scatter;
    s.points = {at};
    s.colorIndex = color;
    s.width = size;
    return s;
}

bool unfold(ui::RunContext& ctx, size_t total, const std::function<void(size_t shown)>& draw, double progressFrom)
{
    for (size_t k = 1; k < total; ++k) {
        ctx.pace(double(k), double(total));
        if (ctx.stopRequested())
            return false;
        if (ctx.publishDue()) {
            ctx.progress(progressFrom + (1 - progressFrom) * double(k) / double(total));
            draw(k);
        }
    }
    ctx.pace(double(total), double(total));
    if (ctx.stopRequested())
        return false;
    draw(total);
    ctx.progress(1.0);
    return true;
}

} // namespace mlwb::labs::optimizers
