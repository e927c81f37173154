// Step 1: subscripts and shapes in, parsed indices, output shape, loop nest and FLOPs out.
#include "common/tensor_charts.h"
#include "einsum/steps.h"

#include "tensor/einsum.h"

#include <spdlog/spdlog.h>

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
    ui::BarsSpec::Set set{.name = "FLOPs", .colorIndex = 0};
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

// Axes under "..." are named 0, 1, … in the plan's strings: e0, e1, … here, as in explain().
QString indexName(char c) { return c >= '0' && c <= '9' ? QStringLiteral("e%1").arg(QChar(c)) : QString(QChar(c)); }

QString operandName(size_t i) { return i < 26 ? QString(QChar('A' + int(i))) : QStringLiteral("T%1").arg(i + 1); }

QString subscripted(const QString& name, const std::string& subs)
{
    QStringList parts;
    for (char c : subs)
        parts << indexName(c);
    return parts.isEmpty() ? name : name + '[' + parts.join(", ") + ']';
}

// The plan in the sentences a learner reads; explain()'s full dump goes to the log.
QStringList describePlan(const EinsumPlan& plan)
{
    QStringList inputs, factors, summed;
    for (size_t i = 0; i < plan.inputSubscripts.size(); ++i) {
        inputs << QStringLiteral("%1 %2 indexed %3")
                      .arg(operandName(i), shapeText(plan.inputShapes[i]), qs(plan.inputSubscripts[i]).isEmpty()
                                                                             ? QStringLiteral("by nothing (a scalar)")
                                                                             : qs(plan.inputSubscripts[i]));
        factors << subscripted(operandName(i), plan.inputSubscripts[i]);
    }
    for (char c : plan.summed)
        summed << indexName(c);
    QStringList lines;
    lines << QStringLiteral("einsum('%1'): %2 give an output of shape %3%4.")
                 .arg(qs(plan.normalized), inputs.join(inputs.size() == 2 ? " and " : ", "), shapeText(plan.outputShape),
                      plan.outputSubscripts.empty() ? QStringLiteral(", a scalar")
                                                    : QStringLiteral(" indexed %1").arg(qs(plan.outputSubscripts)));
    lines << (summed.isEmpty() ? QStringLiteral("No index is summed: each output element is a single product.")
                               : QStringLiteral("%1 appear%2 in the inputs but not in the output, so %3 summed over.")
                                     .arg(summed.join(", "), summed.size() == 1 ? "s" : "", summed.size() == 1 ? "it is" : "they are"));
    lines << QStringLiteral("As loops: %1 = %2%3.")
                 .arg(subscripted("out", plan.outputSubscripts),
                      summed.isEmpty() ? QString() : QStringLiteral("Σ over %1 of ").arg(summed.join(", ")),
                      factors.join(" · "));
    static const char* kinds[] = {"a reduction", "a batched matrix product (GEMM)", "an elementwise product",
                                  "a reordering of axes"};
    QStringList steps;
    for (const EinsumStep& s : plan.steps)
        steps << QString::fromLatin1(kinds[int(s.kind)]);
    if (steps.size() > 3) {  // a long plan as counts: "40 × an elementwise product, 23 × a GEMM"
        QStringList counted;
        for (int k = 0; k < 4; ++k)
            if (const auto n = steps.count(QString::fromLatin1(kinds[k])))
                counted << QStringLiteral("%1 × %2").arg(n).arg(QString::fromLatin1(kinds[k]));
        steps = counted;
    }
    const double ratio = plan.flops > 0 ? plan.naiveFlops / plan.flops : 1;
    const auto count = [](double v) { return v < 1e15 ? QString::number(v, 'f', 0) : QString::number(v, 'g', 4); };
    lines << QStringLiteral("One loop nest over every index costs %1 floating-point operations; the plan does it in %2 "
                            "step%3 (%4) with %5%6.")
                 .arg(count(plan.naiveFlops))
                 .arg(plan.steps.size())
                 .arg(plan.steps.size() == 1 ? "" : "s")
                 .arg(steps.join(plan.steps.size() > 3 ? ", " : ", then "))
                 .arg(count(plan.flops))
                 .arg(ratio >= 1.5 ? QStringLiteral(", %1× fewer").arg(ratio, 0, 'g', 3) : QString());
    return lines;
}

void run(ui::RunContext& ctx)
{
    const std::vector<Shape> shapes = parseShapeList(ctx.text("shapes"));
    const EinsumPlan plan = planEinsum(ctx.text("subscripts").toStdString(), shapes);
    ctx.publish(indexTable(plan));
    ctx.publish(flopBars(plan));
    for (const QString& line : describePlan(plan))
        ctx.note(line);
    spdlog::debug("einsum plan:\n{}", explain(plan));
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
