// Step 4: the same matrix product by explicit loops, by einsum and by matmul (GEMM).
#include "common/tensor_charts.h"
#include "common/timing_report.h"
#include "einsum/steps.h"

#include "tensor/einsum.h"
#include "tensor/matmul.h"
#include "tensor/ops.h"
#include "tensor/reduce.h"

#include <random>

namespace mlwb::labs::einsum {

using ui::Parameter;
using namespace tensor;

namespace {
void run(ui::RunContext& ctx)
{
    const std::int64_t n = ctx.integer("n");
    std::mt19937_64 rng(ctx.seed());
    const Tensor a = randomNormal({n, n}, rng), b = randomNormal({n, n}, rng);
    const std::vector<Tensor> operands{a, b};
    Tensor byLoops = Tensor::zeros({n, n}), byEinsum, byMatmul;
    const double* pa = a.data<double>();
    const double* pb = b.data<double>();
    double* po = byLoops.data<double>();
    // i-k-j order: the innermost loop walks rows of b and of the result contiguously.
    const Timing tLoops = timeContender(ctx, 3, 3.0, [&] {
        std::fill(po, po + n * n, 0.0);
        for (std::int64_t i = 0; i < n; ++i)
            for (std::int64_t k = 0; k < n; ++k)
                for (std::int64_t j = 0; j < n; ++j)
                    po[i * n + j] += pa[i * n + k] * pb[k * n + j];
    });
    const Timing tEinsum = timeContender(ctx, 5, 3.0, [&] { byEinsum = tensor::einsum("ij,jk->ik", operands); });
    const Timing tMatmul = timeContender(ctx, 5, 3.0, [&] { byMatmul = matmul(a, b); });
    if (ctx.stopRequested())
        return;
    const QStringList names{"explicit loops", "einsum('ij,jk->ik')", "matmul (GEMM)"};
    const std::vector<Timing> timings{tLoops, tEinsum, tMatmul};
    ctx.publish(timingBars("times", QStringLiteral("C = A·B for %1 × %1 matrices (%2 GFLOP)").arg(n).arg(2.0 * n * n * n / 1e9, 0, 'g', 3),
                           names, timings));
    const double flops = 2.0 * double(n) * double(n) * double(n);
    for (size_t i = 0; i < timings.size(); ++i)
        ctx.note(QStringLiteral("%1: %2, %3 GFLOP/s")
                     .arg(names[qsizetype(i)], formatSeconds(timings[i].medianSeconds))
                     .arg(flops / timings[i].medianSeconds / 1e9, 0, 'g', 3));
    noteTimingCaveats(ctx, names, timings);
    // Said from the measured ratio: on a busy machine, or at small n where the plan's own work
    // shows, the two differ, and the note must not claim otherwise.
    const double ratio = tEinsum.medianSeconds / tMatmul.medianSeconds;
    const QString agree = QStringLiteral("einsum and matmul agree to %1; einsum plans this as one GEMM")
                              .arg(max(abs(subtract(byEinsum, byMatmul))).item<double>(), 0, 'g', 2);
    if (ratio >= 0.8 && ratio <= 1.25)
        ctx.note(agree + QStringLiteral(", so it costs the same (%1× matmul's time here).").arg(ratio, 0, 'f', 2));
    else
        ctx.note(agree + QStringLiteral(", so the two should cost the same, but here einsum took %1× matmul's time.")
                             .arg(ratio, 0, 'f', 2));
    ctx.metric("loops_seconds", tLoops.medianSeconds);
    ctx.metric("einsum_seconds", tEinsum.medianSeconds);
    ctx.metric("matmul_seconds", tMatmul.medianSeconds);
    ctx.metric("loops_max_abs_difference", max(abs(subtract(byLoops, byMatmul))).item<double>());
}
} // namespace

ui::Step speedStep()
{
    ui::Step s;
    s.id = "speed";
    s.title = "Speed: loops, einsum and GEMM";
    s.textFile = ":/labs/einsum/speed.md";
    s.parameters = {Parameter::integer("n", "Matrix size n", 256, 16, 1024)};
    s.run = run;
    return s;
}

} // namespace mlwb::labs::einsum
