#include "plots.h"

#include <QJsonArray>

#include <algorithm>

namespace mlwb::labs::optimizers {

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

ui::ChartSpec planeChart(const QString& id, const QString& title, const QString& xTitle, const QString& yTitle,
                         ui::FieldSpec field)
{
    ui::ChartSpec chart;
    chart.id = id;
    chart.title = title;
    chart.x = {xTitle, false, field.xmin, field.xmax};
    chart.y = {yTitle, false, field.ymin, field.ymax};
    chart.field = std::move(field);
    return chart;
}

ui::ChartSpec lossChart(int iterations, const QString& yTitle)
{
    ui::ChartSpec chart;
    chart.id = "loss";
    chart.title = "Loss against iteration";
    chart.x = {"iteration", false, 0.0, double(iterations)};
    chart.y = {yTitle, true, {}, {}};
    return chart;
}

QList<QPointF> pathPoints(const std::vector<optim::Vec>& path, size_t from, size_t to)
{
    QList<QPointF> points;
    for (size_t i = from; i < std::min(to, path.size()); ++i)
        points.append(QPointF(path[i][0], path[i][1]));
    return points;
}

QList<QPointF> lossPoints(const std::vector<double>& values, size_t from, size_t to)
{
    QList<QPointF> points;
    for (size_t i = from; i < std::min(to, values.size()); ++i)
        points.append(QPointF(double(i), values[i]));
    return points;
}

size_t pointsInside(const std::vector<optim::Vec>& path, double xmin, double xmax, double ymin, double ymax)
{
    for (size_t i = 0; i < path.size(); ++i)
        if (!(path[i][0] >= xmin && path[i][0] <= xmax && path[i][1] >= ymin && path[i][1] <= ymax))
            return i + 1;
    return path.size();
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

QJsonObject reportRun(ui::RunContext& ctx, const QString& label, const optim::MinimizeResult& r, double tolerance)
{
    const optim::Vec& x = r.path.back();
    if (r.diverged)
        ctx.note(QStringLiteral("%1 %2.").arg(label, qs(r.divergenceMessage())));
    else if (r.iterationsToTolerance >= 0)
        ctx.note(QStringLiteral("%1 reached f < %2 at iteration %3.").arg(label, sci(tolerance)).arg(r.iterationsToTolerance));
    else
        ctx.note(QStringLiteral("%1 did not reach f < %2 in %3 iterations: it stopped at (%4, %5), loss %6.")
                     .arg(label, sci(tolerance)).arg(r.values.size() - 1).arg(x[0], 0, 'g', 4).arg(x[1], 0, 'g', 4)
                     .arg(sci(r.values.back())));
    QJsonObject m{{"final_loss", r.values.back()},
                  {"iterations_to_tolerance", r.iterationsToTolerance},
                  {"final_point", QJsonArray{x[0], x[1]}}};
    if (r.diverged)
        m["diverged_at"] = r.divergedAt;
    return m;
}

bool replay(ui::RunContext& ctx, size_t total, const std::function<void(size_t from, size_t to)>& send,
            double progressFrom)
{
    size_t sent = 0;
    for (size_t k = 1; k < total; ++k) {
        ctx.pace(double(k), double(total));
        if (ctx.stopRequested())
            return false;
        if (ctx.publishDue()) {
            ctx.progress(progressFrom + (1 - progressFrom) * double(k) / double(total));
            send(sent, k);
            sent = k;
        }
    }
    ctx.pace(double(total), double(total));
    if (ctx.stopRequested())
        return false;
    send(sent, total);
    ctx.progress(1.0);
    return true;
}

} // namespace mlwb::labs::optimizers
