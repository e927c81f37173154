#include "tensor_charts.h"

#include "core/input_error.h"
#include "tensor/shape.h"

#include <QRegularExpression>


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
    // Three significant digits, but 1800× rather than 1.8e+03×.
    const auto times = [](double r) { return r >= 100 ? QString::number(qRound64(r)) : QString::number(r, 'g', 3); };
    return ratio >= 1 ? QStringLiteral("%1× faster").arg(times(ratio)) : QStringLiteral("%1× slower").arg(times(1 / ratio));
}

} // namespace mlwb::labs
