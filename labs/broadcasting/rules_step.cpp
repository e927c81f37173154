// Step 2: NumPy's broadcasting rules, axis by axis, or the exact error.
#include "broadcasting/steps.h"
#include "common/tensor_charts.h"

#include "core/input_error.h"
#include "tensor/ops.h"
#include "tensor/shape.h"
#include "tensor/tensor.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace mlwb::labs::broadcasting {

using ui::Parameter;
using namespace tensor;

namespace {

// The course's presets; "custom" uses the typed shapes.
const QStringList kPresets{"custom", "(3, 1) + (4,)", "(8, 1, 6, 1) * (7, 1, 5)", "(2, 3) + (3, 2)"};

// "(3, 1) + (4,)" → "(3, 1)", "(4,)"
QStringList presetShapes(const QString& preset)
{
    return preset.split(QRegularExpression(QStringLiteral("\\s[+*]\\s")));
}

std::vector<Shape> chosenShapes(ui::RunContext& ctx)
{
    const QString preset = ctx.choice("preset");
    QStringList parts;
    if (preset == "custom")
        parts = {ctx.text("a"), ctx.text("b"), ctx.text("c")};
    else
        parts = presetShapes(preset);
    std::vector<Shape> shapes;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        if (parts[i].trimmed().isEmpty())
            continue;
        try {
            shapes.push_back(parseShape(parts[i].toStdString()));
        } catch (const InputError& e) {
            throw InputError(QStringLiteral("shape %1: %2").arg(QChar('a' + int(i))).arg(QString::fromUtf8(e.what())).toStdString());
        }
    }
    if (shapes.size() < 2)
        throw InputError("type at least two shapes, for example a = (3, 1) and b = (4,)");
    return shapes;
}

// Rows: each input as aligned under the result, then the result. Colour: what happened to
// the axis. Text: the sizes.
ui::ChartSpec alignmentChart(const BroadcastAlignment& al)
{
    const int cols = int(al.result.size());
    const int rows = int(al.inputs.size()) + 1;
    ui::HeatmapSpec h;
    h.rows = rows;
    h.cols = cols;
    h.colorBarTitle = "axis";
    h.categories = {"kept", "stretched", "added"};
    for (size_t i = 0; i < al.inputs.size(); ++i) {
        const Shape& in = al.inputs[i];
        for (int c = 0; c < cols; ++c) {
            const AxisRole role = al.roles[i][size_t(c)];
            const std::int64_t n = al.result[size_t(c)];
            h.values.push_back(role == AxisRole::Kept ? 0.0 : role == AxisRole::Stretched ? 1.0 : 2.0);
            h.cellText << (role == AxisRole::Kept        ? QString::number(n)
                           : role == AxisRole::Stretched ? QStringLiteral("1 → %1").arg(n)
                                                         : QStringLiteral("· → %1").arg(n));
        }
        h.rowLabels << QStringLiteral("%1 %2").arg(QChar('a' + int(i))).arg(shapeText(in));
    }
    for (int c = 0; c < cols; ++c) {
        h.values.push_back(0.0);
        h.cellText << QString::number(al.result[size_t(c)]);
        h.colLabels << QStringLiteral("axis %1").arg(c - cols);
    }
    h.rowLabels << QStringLiteral("result %1").arg(shapeText(al.result));
    ui::ChartSpec chart;
    chart.id = "alignment";
    chart.title = "Shapes aligned from the right: which axes are kept, stretched or added";
    chart.x = {"axis, counted from the right", false, {}, {}};
    chart.y = {"", false, {}, {}};
    chart.heatmap = h;
    return chart;
}

// For results of at most two axes: the actual sum of arange-filled inputs, a·10^k per input so
// each cell shows which elements met.
void publishExample(ui::RunContext& ctx, const std::vector<Shape>& shapes, const Shape& result)
{
    if (result.size() > 2 || shapeSize(result) > 400 || shapeSize(result) == 0) {
        ctx.note(QStringLiteral("The example sum is drawn for results of at most two axes and 400 elements; %1 is not one.")
                     .arg(shapeText(result)));
        return;
    }
    Tensor sum;
    double scale = 1;
    for (size_t i = 0; i < shapes.size(); ++i, scale *= 10) {
        const Tensor t = Tensor::arange(shapeSize(shapes[i])).astype(DType::Float64).reshape(shapes[i]).tensor * scale;
        sum = i == 0 ? t : add(sum, t);
    }
    ui::ChartSpec chart;
    chart.id = "example";
    chart.title = "np.arange(…).reshape(a) + 10·np.arange(…).reshape(b) (+ 100·… for c)";
    chart.x = {"last axis", false, {}, {}};
    chart.y = {"first axis", false, {}, {}};
    chart.heatmap = heatmapOf(sum, "value");
    ctx.publish(chart);
}

void run(ui::RunContext& ctx)
{
    const std::vector<Shape> shapes = chosenShapes(ctx);
    // Throws "cannot broadcast shapes (2, 3) and (3, 2): axis -1 is 3 vs 2" when they do not fit.
    const BroadcastAlignment al = explainBroadcast(shapes);
    ctx.publish(alignmentChart(al));
    publishExample(ctx, shapes, al.result);
    for (const QString& line : qs(describe(al)).split('\n', Qt::SkipEmptyParts))
        ctx.note(line);
    bool stretched = false, added = false;
    for (const auto& roles : al.roles)
        for (AxisRole r : roles) {
            stretched = stretched || r == AxisRole::Stretched;
            added = added || r == AxisRole::Prepended;
        }
    ctx.note(stretched || added
                 ? QStringLiteral("Result shape %1: no element was copied to stretch or add an axis; in the "
                                  "broadcast view of that input its stride is 0.")
                       .arg(shapeText(al.result))
                 : QStringLiteral("Result shape %1: the shapes are equal, so nothing is stretched; the operation "
                                  "pairs elements one to one.")
                       .arg(shapeText(al.result)));
    ctx.metric("result_shape", jsonArray(al.result));
}
} // namespace

ui::Step rulesStep()
{
    ui::Step s;
    s.id = "rules";
    s.title = "The broadcasting rules";
    s.textFile = ":/labs/broadcasting/rules.md";
    Parameter preset = Parameter::choice("preset", "Example", kPresets, "(3, 1) + (4,)",
                                         "Course examples, shown in the shapes below; edit a shape for \"custom\"");
    for (const QString& example : kPresets.mid(1)) {
        const QStringList parts = presetShapes(example);
        preset.fills[example] = {{"a", parts.value(0)}, {"b", parts.value(1)}, {"c", parts.value(2)}};
    }
    preset.editedChoice = "custom";
    s.parameters = {
        preset,
        Parameter::text("a", "Shape a", "(3, 1)"),
        Parameter::text("b", "Shape b", "(4,)"),
        Parameter::text("c", "Shape c (optional)", ""),
    };
    s.run = run;
    return s;
}

} // namespace mlwb::labs::broadcasting
