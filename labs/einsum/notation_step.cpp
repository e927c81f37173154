// Step 1: subscripts and shapes in, parsed indices, output shape, loop nest and FLOPs out.
#include "common/tensor_charts.h"
#include "einsum/steps.h"

#include "tensor/einsum.h"

namespace mlwb::labs::einsum {

using ui::Parameter;
using namespace tensor;

namespace {

// Rows: operands and the output; columns: indices; cells: the index's size where used.
ui::ChartSpec indexTable(const EinsumPlan& plan)
{
    ui::HeatmapSpec h;
    h.cols = int(plan.indices.size());
    h.rows = int(plan.inputSubscripts.size()) + 1;
    h.colorBarTitle = "size";
    auto addRow = [&](const std::string& subs, const QString& label) {
        for (size_t c = 0; c < plan.indices.size(); ++c) {
            const bool used = subs.find(plan.indices[c]) != std::string::npos;
            h.values.push_back(used ? double(plan.sizes[c]) : std::nan(""));
            h.cellText << (used ? QString::number(plan.sizes[c]) : QString());
        }
        h.rowLabels << label;
    };
    for (size_t i = 0; i < plan.inputSubscripts.size(); ++i)
        addRow(plan.inputSubscripts[i], QStringLiteral("op %1: %2").arg(i).arg(qs(plan.inputSubscripts[i])));
    addRow(plan.outputSubscripts, QStringLiteral("out: %1").arg(qs(plan.outputSubscripts)));
    for (char c : plan.indices)
        h.colLabels << QStringLiteral("%1%2").arg(QChar(c)).arg(plan.summed.find(c) != std::string::npos ? " (summed)" : "");
    ui::ChartSpec chart;
    chart.id = "indices";
    chart.title = QStringLiteral("Which operand uses which index: %1").arg(qs(plan.normalized));
    chart.x = {"index", false, {}, {}};
    chart.y = {"", false, {}, {}};
    chart.heatmap = h;
    return chart;
}

ui::ChartSpec flopBars(const EinsumPlan& plan)
{
    ui::ChartSpec chart;
    chart.id = "flops";
    chart.title = "Arithmetic: one loop nest over every index against the planned steps";
    chart.x = {"", false, {}, {}};
    const bool log = plan.naiveFlops > 20 * std::max(plan.flops, 1.0);
    chart.y = {log ? "floating-point operations (log scale)" : "floating-point operations", log, {}, {}};
    ui::BarsSpec bars;
    ui::BarsSpec::Set set{"FLOPs", {}, 0};
    bars.categories << "single loop nest";
    set.values << std::max(plan.naiveFlops, 1.0);
    static const char* kinds[] = {"reduce", "GEMM", "multiply", "permute"};
    for (size_t s = 0; s < plan.steps.size(); ++s) {
        const EinsumStep& step = plan.steps[s];
        bars.categories << QStringLiteral("step %1: %2<br>%3").arg(s + 1).arg(kinds[int(step.kind)], qs(step.subscripts));
        set.values << std::max(step.flops, 1.0);
    }
    bars.sets << set;
    bars.labelPrecision = 4;
    chart.bars = bars;
    return chart;
}

void run(ui::RunContext& ctx)
{
    const std::vector<Shape> shapes = parseShapeList(ctx.text("shapes"));
    const EinsumPlan plan = planEinsum(ctx.text("subscripts").toStdString(), shapes);
    ctx.publish(indexTable(plan));
    ctx.publish(flopBars(plan));
    for (const QString& line : qs(explain(plan)).split('\n'))
        ctx.note(line);
    ctx.metric("normalized", qs(plan.normalized));
    ctx.metric("output_shape", jsonArray(plan.outputShape));
    ctx.metric("summed", qs(plan.summed));
    ctx.metric("naive_flops", plan.naiveFlops);
    ctx.metric("planned_flops", plan.flops);
}
} // namespace

ui::Step notationStep()
{
    ui::Step s;
    s.id = "notation";
    s.title = "The notation";
    s.textFile = ":/labs/einsum/notation.md";
    s.parameters = {
        Parameter::text("subscripts", "Subscripts", "ij,jk->ik", "e.g. ij,jk->ik, ii->, bhsd,bhtd->bhst, ...ij,...jk"),
        Parameter::text("shapes", "Operand shapes", "(2, 3), (3, 4)", "one shape per operand, separated by commas or ;"),
    };
    s.run = run;
    return s;
}

} // namespace mlwb::labs::einsum
