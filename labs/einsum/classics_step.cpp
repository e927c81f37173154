// Step 2: matrix product, batch matrix product, outer product, trace and transpose, each
// by einsum and by its explicit loops.
#include "common/tensor_charts.h"
#include "common/timing_report.h"
#include "einsum/steps.h"

#include "tensor/einsum.h"
#include "tensor/ops.h"
#include "tensor/reduce.h"

#include <random>

namespace mlwb::labs::einsum {

using ui::Parameter;
using namespace tensor;

namespace {

struct Classic {
    QString name;
    std::string subscripts;
    std::vector<Tensor> operands;
    std::function<Tensor()> loops;  // the explicit implementation
};

std::vector<Classic> classics(std::int64_t n, std::mt19937_64& rng)
{
    const std::int64_t b = 8;
    const Tensor a = randomNormal({n, n}, rng), c = randomNormal({n, n}, rng);
    const Tensor ba = randomNormal({b, n, n}, rng), bc = randomNormal({b, n, n}, rng);
    const Tensor u = randomNormal({n}, rng), v = randomNormal({n}, rng);
    return {
        {"matrix product", "ij,jk->ik", {a, c}, [=] {
             Tensor out = Tensor::zeros({n, n});
             for (std::int64_t i = 0; i < n; ++i)
                 for (std::int64_t k = 0; k < n; ++k) {
                     double s = 0;
                     for (std::int64_t j = 0; j < n; ++j)
                         s += a.at<double>({i, j}) * c.at<double>({j, k});
                     out.at<double>({i, k}) = s;
                 }
             return out;
         }},
        {"batch matrix product", "bij,bjk->bik", {ba, bc}, [=] {
             Tensor out = Tensor::zeros({b, n, n});
             for (std::int64_t p = 0; p < b; ++p)
                 for (std::int64_t i = 0; i < n; ++i)
                     for (std::int64_t k = 0; k < n; ++k) {
                         double s = 0;
                         for (std::int64_t j = 0; j < n; ++j)
                             s += ba.at<double>({p, i, j}) * bc.at<double>({p, j, k});
                         out.at<double>({p, i, k}) = s;
                     }
             return out;
         }},
        {"outer product", "i,j->ij", {u, v}, [=] {
             Tensor out = Tensor::zeros({n, n});
             for (std::int64_t i = 0; i < n; ++i)
                 for (std::int64_t j = 0; j < n; ++j)
                     out.at<double>({i, j}) = u.at<double>({i}) * v.at<double>({j});
             return out;
         }},
        {"trace", "ii->", {a}, [=] {
             double s = 0;
             for (std::int64_t i = 0; i < n; ++i)
                 s += a.at<double>({i, i});
             return Tensor::scalar(s);
         }},
        {"transpose", "ij->ji", {a}, [=] {
             Tensor out = Tensor::zeros({n, n});
             for (std::int64_t i = 0; i < n; ++i)
                 for (std::int64_t j = 0; j < n; ++j)
                     out.at<double>({j, i}) = a.at<double>({i, j});
             return out;
         }},
    };
}

void run(ui::RunContext& ctx)
{
    std::mt19937_64 rng(ctx.seed());
    const std::int64_t n = ctx.integer("n");
    ui::ChartSpec chart;
    chart.id = "times";
    chart.title = QStringLiteral("einsum against explicit loops (n = %1, batch 8)").arg(n);
    chart.x = {"", false, {}, {}};
    chart.y = {"time per run (ms, log scale)", true, {}, {}};
    ui::BarsSpec bars;
    ui::BarsSpec::Set loopSet{"explicit loops", {}, 1}, einsumSet{"einsum", {}, 0};
    const auto all = classics(n, rng);
    QStringList timedNames;
    std::vector<Timing> timings;
    for (size_t i = 0; i < all.size() && !ctx.stopRequested(); ++i) {
        const Classic& c = all[i];
        Tensor viaEinsum, viaLoops;
        const Timing te = timeContender(ctx, 5, 1.0, [&] { viaEinsum = tensor::einsum(c.subscripts, c.operands); });
        const Timing tl = timeContender(ctx, 3, 1.0, [&] { viaLoops = c.loops(); });
        timedNames << QStringLiteral("%1 by einsum").arg(c.name) << QStringLiteral("%1 by loops").arg(c.name);
        timings.insert(timings.end(), {te, tl});
        const double diff = max(abs(subtract(viaEinsum, viaLoops))).item<double>();
        bars.categories << QStringLiteral("%1<br>'%2'").arg(c.name, qs(c.subscripts));
        loopSet.values << tl.medianSeconds * 1e3;
        einsumSet.values << te.medianSeconds * 1e3;
        ctx.note(QStringLiteral("%1, einsum('%2'): shape %3, agrees with the loops to %4.")
                     .arg(c.name, qs(c.subscripts), shapeText(viaEinsum.shape())).arg(diff, 0, 'g', 2));
        ctx.metric(QString(c.name).replace(' ', '_') + "_max_abs_difference", diff);
        ctx.progress(double(i + 1) / double(all.size()));
    }
    bars.sets << loopSet << einsumSet;
    bars.labelPrecision = 3;
    chart.bars = bars;
    ctx.publish(chart);
    noteTimingCaveats(ctx, timedNames, timings);
}
} // namespace

ui::Step classicsStep()
{
    ui::Step s;
    s.id = "classics";
    s.title = "The five classics";
    s.textFile = ":/labs/einsum/classics.md";
    s.parameters = {Parameter::integer("n", "Size n", 48, 2, 256, "Matrices are n × n, vectors length n")};
    s.run = run;
    return s;
}

} // namespace mlwb::labs::einsum
