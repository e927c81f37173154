// Step 3: outer products and batch matrix products without loops, checked against loops.
#include "broadcasting/steps.h"
#include "common/tensor_charts.h"
#include "common/timing_report.h"

#include "tensor/matmul.h"
#include "tensor/ops.h"
#include "tensor/tensor.h"

#include <cmath>
#include <random>

namespace mlwb::labs::broadcasting {

using ui::Parameter;
using namespace tensor;

namespace {

// out[i, j] = a[i] · b[j], the loop a learner would write.
Tensor outerByLoops(const Tensor& a, const Tensor& b)
{
    const std::int64_t n = a.dim(0), m = b.dim(0);
    Tensor out = Tensor::zeros({n, m});
    for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t j = 0; j < m; ++j)
            out.at<double>({i, j}) = a.at<double>({i}) * b.at<double>({j});
    return out;
}

// out[b] = x[b] @ y[b] with three nested loops per batch.
Tensor batchMatmulByLoops(const Tensor& x, const Tensor& y)
{
    const std::int64_t batch = x.dim(0), m = x.dim(1), k = x.dim(2), n = y.dim(2);
    Tensor out = Tensor::zeros({batch, m, n});
    const double* px = x.data<double>();
    const double* py = y.data<double>();
    double* po = out.data<double>();
    for (std::int64_t b = 0; b < batch; ++b)
        for (std::int64_t i = 0; i < m; ++i)
            for (std::int64_t j = 0; j < n; ++j) {
                double s = 0;
                for (std::int64_t p = 0; p < k; ++p)
                    s += px[(b * m + i) * k + p] * py[(b * k + p) * n + j];
                po[(b * m + i) * n + j] = s;
            }
    return out;
}

double maxAbsDifference(const Tensor& a, const Tensor& b)
{
    const std::vector<double> x = a.toVector<double>(), y = b.toVector<double>();
    double worst = 0;
    for (size_t i = 0; i < x.size(); ++i)
        worst = std::max(worst, std::abs(x[i] - y[i]));
    return worst;
}

void run(ui::RunContext& ctx)
{
    std::mt19937_64 rng(ctx.seed());
    const std::int64_t n = ctx.integer("n");
    const Tensor a = Tensor::arange(1.0, double(n) + 1);
    const Tensor b = randomNormal({n}, rng);
    // a[:, None] * b[None, :]
    const Tensor outer = multiply(a.expandDims(1), b.expandDims(0));
    const double outerDiff = maxAbsDifference(outer, outerByLoops(a, b));

    ui::ChartSpec outerChart;
    outerChart.id = "outer-product";
    outerChart.title = QStringLiteral("a[:, None] * b[None, :] with a = 1…%1, b random: shape %2").arg(n).arg(shapeText(outer.shape()));
    outerChart.x = {"j (index into b)", false, {}, {}};
    outerChart.y = {"i (index into a)", false, {}, {}};
    outerChart.heatmap = heatmapOf(outer, "a[i] · b[j]", 2);
    ctx.publish(outerChart);

    const std::int64_t batch = ctx.integer("batch"), size = ctx.integer("size");
    const Tensor x = randomNormal({batch, size, size}, rng), y = randomNormal({batch, size, size}, rng);
    Tensor viaMatmul, viaLoops;
    const Timing tMatmul = timeContender(ctx, 5, 2.0, [&] { viaMatmul = matmul(x, y); });
    const Timing tLoops = timeContender(ctx, 3, 2.0, [&] { viaLoops = batchMatmulByLoops(x, y); });
    if (ctx.stopRequested())
        return;
    const double matmulDiff = maxAbsDifference(viaMatmul, viaLoops);
    const QStringList names{"three nested loops", "matmul (Eigen GEMM per batch)"};
    ctx.publish(timingBars("batch-matmul-time",
                           QStringLiteral("x @ y for %1 and %2").arg(shapeText(x.shape()), shapeText(y.shape())), names,
                           {tLoops, tMatmul}));
    noteTimingCaveats(ctx, names, {tLoops, tMatmul});

    ctx.note(QStringLiteral("Outer product: broadcasting and the double loop agree exactly (largest difference %1).").arg(outerDiff));
    ctx.note(QStringLiteral("Batch matmul: largest difference from the loops %1%2.")
                 .arg(matmulDiff, 0, 'g', 2)
                 .arg(matmulDiff > 0 ? QStringLiteral(", rounding: GEMM adds the products in another order") : QString()));
    ctx.metric("outer_max_abs_difference", outerDiff);
    ctx.metric("matmul_max_abs_difference", matmulDiff);
    ctx.metric("loops_seconds", tLoops.medianSeconds);
    ctx.metric("matmul_seconds", tMatmul.medianSeconds);
}
} // namespace

ui::Step outerAndBatchStep()
{
    ui::Step s;
    s.id = "outer-batch";
    s.title = "Outer products and batch matmul without loops";
    s.textFile = ":/labs/broadcasting/outer-batch.md";
    s.parameters = {
        Parameter::integer("n", "Outer product length", 12, 2, 64),
        Parameter::integer("batch", "Batch size B", 16, 1, 256),
        Parameter::integer("size", "Matrix size (M = K = N)", 64, 2, 256),
    };
    s.run = run;
    return s;
}

} // namespace mlwb::labs::broadcasting
