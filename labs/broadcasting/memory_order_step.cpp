// Step 1: shapes, strides and memory order; transpose is a view.
#include "broadcasting/steps.h"
#include "common/tensor_charts.h"

#include "core/input_error.h"
#include "tensor/tensor.h"

#include <QJsonArray>

namespace mlwb::labs::broadcasting {

using ui::Parameter;
using namespace tensor;

namespace {
constexpr std::int64_t kMaxCells = 400;

// Each cell's position in memory, counted in elements: (Σ index·stride) / itemsize. Drawn
// as a grid: the last axis across, every other axis folded into rows.
ui::ChartSpec memoryMap(const QString& id, const QString& title, const Tensor& t)
{
    const Shape& shape = t.shape();
    const int cols = t.ndim() == 0 ? 1 : int(shape.back());
    const int rows = int(t.size() / std::max(cols, 1));
    ui::HeatmapSpec h;
    h.rows = rows;
    h.cols = cols;
    h.colorBarTitle = "position in memory";
    h.labelPrecision = 4;
    std::vector<std::int64_t> index(size_t(t.ndim()), 0);
    for (int cell = 0; cell < rows * cols; ++cell) {
        std::int64_t bytes = 0;
        for (int a = 0; a < t.ndim(); ++a)
            bytes += index[size_t(a)] * t.strides()[size_t(a)];
        h.values.push_back(double(bytes / std::int64_t(t.itemsize())));
        for (int a = t.ndim() - 1; a >= 0; --a) {  // next index in C order of the view
            if (++index[size_t(a)] < shape[size_t(a)])
                break;
            index[size_t(a)] = 0;
        }
    }
    for (int r = 0; r < rows; ++r) {
        QStringList prefix;  // the folded leading indices of this row
        std::int64_t rest = r;
        for (int a = t.ndim() - 2; a >= 0; --a) {
            prefix.prepend(QString::number(rest % shape[size_t(a)]));
            rest /= shape[size_t(a)];
        }
        h.rowLabels << (prefix.isEmpty() ? QStringLiteral("[:]") : QStringLiteral("[%1, :]").arg(prefix.join(", ")));
    }
    for (int c = 0; c < cols; ++c)
        h.colLabels << QString::number(c);
    ui::ChartSpec chart;
    chart.id = id;
    chart.title = title;
    chart.x = {"last index", false, {}, {}};
    chart.y = {"leading indices", false, {}, {}};
    chart.heatmap = h;
    return chart;
}

QString stridesText(const Tensor& t) { return shapeText(t.strides()); }

void run(ui::RunContext& ctx)
{
    const Shape shape = parseShape(ctx.text("shape").toStdString());
    if (shape.empty() || shape.size() > 3)
        throw InputError("draw 1 to 3 axes here; shape " + formatShape(shape) + " has " +
                         std::to_string(shape.size()));
    if (shapeSize(shape) > kMaxCells || shapeSize(shape) == 0)
        throw InputError("shape " + formatShape(shape) + " has " + std::to_string(shapeSize(shape)) +
                         " cells; pick between 1 and " + std::to_string(kMaxCells) + " to draw them");
    const Order order = ctx.choice("order") == "F" ? Order::F : Order::C;
    const DType dtype = parseDType(ctx.choice("dtype").toStdString());
    const Tensor a = Tensor::zeros(shape, dtype, order);
    const Tensor t = a.transpose();

    const QString orderName = order == Order::C ? "C order (row-major)" : "Fortran order (column-major)";
    ctx.publish(memoryMap("memory-order",
                          QStringLiteral("a: shape %1, %2, strides %3 bytes").arg(shapeText(shape), orderName, stridesText(a)), a));
    ctx.publish(memoryMap("transposed",
                          QStringLiteral("a.T: shape %1, strides %2 bytes (a view)").arg(shapeText(t.shape()), stridesText(t)), t));
    ctx.note(QStringLiteral("a = np.zeros(%1, dtype=np.%2, order='%3'): itemsize %4 bytes, strides %5.")
                 .arg(shapeText(shape), ctx.choice("dtype"), ctx.choice("order")).arg(a.itemsize()).arg(stridesText(a)));
    ctx.note(QStringLiteral("C-contiguous: %1, F-contiguous: %2.")
                 .arg(a.isCContiguous() ? "yes" : "no", a.isFContiguous() ? "yes" : "no"));
    ctx.note(QStringLiteral("a.T has strides %1 and shares a's memory: %2. Nothing was copied; only the strides were reversed.")
                 .arg(stridesText(t), sharesMemory(a, t) ? "yes" : "no"));
    ctx.metric("strides", jsonArray(a.strides()));
    ctx.metric("transposed_strides", jsonArray(t.strides()));
    ctx.metric("c_contiguous", a.isCContiguous());
    ctx.metric("f_contiguous", a.isFContiguous());
    ctx.metric("transpose_shares_memory", sharesMemory(a, t));
}
} // namespace

ui::Step memoryOrderStep()
{
    ui::Step s;
    s.id = "memory-order";
    s.title = "Shapes, strides and memory order";
    s.textFile = ":/labs/broadcasting/memory-order.md";
    s.parameters = {
        Parameter::text("shape", "Shape", "(3, 4)", "1 to 3 axes, e.g. (3, 4) or (2, 3, 4)"),
        Parameter::choice("order", "Memory order", {"C", "F"}, "C", "C: last index fastest; F: first index fastest"),
        Parameter::choice("dtype", "Element type", {"float64", "float32", "int64"}, "float64"),
    };
    s.run = run;
    return s;
}

} // namespace mlwb::labs::broadcasting
