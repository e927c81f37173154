#include "tensor_charts.h"

#include "core/input_error.h"
#include "tensor/shape.h"

#include <QRegularExpression>

#include <algorithm>
#include <chrono>

namespace mlwb::labs {

QString qs(const std::string& s) { return QString::fromStdString(s); }

QString shapeText(const tensor::Shape& shape) { return qs(tensor::formatShape(shape)); }

QJsonArray jsonArray(const std::vector<std::int64_t>& values)
{
    QJsonArray a;
    for (std::int64_t v : values)
        a.append(qint64(v));
    return a;
}

tensor::Tensor randomNormal(const tensor::Shape& shape, std::mt19937_64& rng)
{
    std::normal_distribution<double> normal;
    std::vector<double> v(static_cast<size_t>(tensor::shapeSize(shape)));
    for (double& x : v)
        x = normal(rng);
    return tensor::Tensor::fromVector(v, shape);
}

ui::HeatmapSpec heatmapOf(const tensor::Tensor& t, const QString& colorBarTitle, int labelPrecision)
{
    if (t.ndim() > 2)
        throw InputError("only 1-D and 2-D arrays can be drawn as a heatmap, not shape " +
                         tensor::formatShape(t.shape()));
    ui::HeatmapSpec h;
    h.rows = t.ndim() == 2 ? int(t.dim(0)) : 1;
    h.cols = t.ndim() == 0 ? 1 : int(t.dim(-1));
    h.values = t.astype(tensor::DType::Float64).toVector<double>();
    h.labelPrecision = labelPrecision;
    h.colorBarTitle = colorBarTitle;
    return h;
}

std::vector<tensor::Shape> parseShapeList(const QString& text)
{
    // Split between shapes: ';' anywhere, or ',' right after a closing parenthesis.
    QString normalized = text;
    normalized.replace(QRegularExpression(QStringLiteral("\\)\\s*,")), QStringLiteral(");"));
    std::vector<tensor::Shape> shapes;
    for (const QString& part : normalized.split(QLatin1Char(';'), Qt::SkipEmptyParts))
        shapes.push_back(tensor::parseShape(part.trimmed().toStdString()));
    return shapes;
}

double medianSeconds(ui::RunContext& ctx, int repeats, double budgetSeconds, const std::function<void()>& fn)
{
    // The first runs of a fast operation are slow (threads and caches wake up, the heap
    // grows), so it runs until a tenth of the budget is spent, as a benchmark would.
    constexpr int kMaxRuns = 100;
    std::vector<double> times;
    double total = 0;
    for (int r = 0; r < kMaxRuns && !ctx.stopRequested(); ++r) {
        const auto start = std::chrono::steady_clock::now();
        fn();
        times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        total += times.back();
        if (total > budgetSeconds || (r + 1 >= repeats && total >= budgetSeconds / 10))
            break;
    }
    if (times.empty())
        return 0;
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

QString formatSeconds(double s)
{
    if (s >= 1)
        return QStringLiteral("%1 s").arg(s, 0, 'g', 3);
    if (s >= 1e-3)
        return QStringLiteral("%1 ms").arg(s * 1e3, 0, 'g', 3);
    return QStringLiteral("%1 µs").arg(s * 1e6, 0, 'g', 3);
}

QString formatBytes(double b)
{
    if (b >= 1e9)
        return QStringLiteral("%1 GB").arg(b / 1e9, 0, 'g', 3);
    if (b >= 1e6)
        return QStringLiteral("%1 MB").arg(b / 1e6, 0, 'g', 3);
    if (b >= 1e3)
        return QStringLiteral("%1 kB").arg(b / 1e3, 0, 'g', 3);
    return QStringLiteral("%1 B").arg(b);
}

QString speedupText(double referenceSeconds, double seconds)
{
    if (seconds <= 0 || referenceSeconds <= 0)
        return QString();
    const double ratio = referenceSeconds / seconds;
    return ratio >= 1 ? QStringLiteral("%1× faster").arg(ratio, 0, 'g', 3)
                      : QStringLiteral("%1× slower").arg(1 / ratio, 0, 'g', 3);
}

ui::ChartSpec timingBars(const QString& id, const QString& title, const QStringList& names,
                         const std::vector<double>& seconds)
{
    ui::ChartSpec chart;
    chart.id = id;
    chart.title = title;
    chart.x = {"", false, {}, {}};
    // A log axis only when the times span more than a factor of 20.
    const auto [fastest, slowest] = std::minmax_element(seconds.begin(), seconds.end());
    const bool log = *fastest > 0 && *slowest / *fastest > 20;
    chart.y = {log ? "time per run (ms, log scale)" : "time per run (ms)", log, {}, {}};
    ui::BarsSpec bars;
    ui::BarsSpec::Set set{"median time (ms)", {}, 0};
    for (size_t i = 0; i < seconds.size(); ++i) {
        bars.categories << (i == 0 ? names[qsizetype(i)]
                                   : QStringLiteral("%1<br>%2").arg(names[qsizetype(i)], speedupText(seconds[0], seconds[i])));
        set.values << seconds[i] * 1e3;
    }
    bars.sets << set;
    bars.labelPrecision = 3;
    chart.bars = bars;
    return chart;
}

} // namespace mlwb::labs
