// Step 4: the same distance matrix by an interpreter-style loop, a plain C++ loop, a
// broadcasting expression and the matrix-product form.
#include "broadcasting/steps.h"
#include "common/tensor_charts.h"

#include "tensor/matmul.h"
#include "tensor/ops.h"
#include "tensor/reduce.h"
#include "tensor/tensor.h"

#include <cmath>
#include <random>

namespace mlwb::labs::broadcasting {

using ui::Parameter;
using namespace tensor;

namespace {

// Like Python running `for i: for j: for k:` over an array: every element access goes
// through generic index arithmetic, a bounds check and a type dispatch.
Tensor interpreted(const Tensor& x, std::stop_token stop)
{
    const std::int64_t n = x.dim(0), d = x.dim(1);
    Tensor out = Tensor::zeros({n, n});
    for (std::int64_t i = 0; i < n && !stop.stop_requested(); ++i)
        for (std::int64_t j = 0; j < n; ++j) {
            double s = 0;
            for (std::int64_t k = 0; k < d; ++k) {
                const double diff = x.value({i, k}) - x.value({j, k});
                s += diff * diff;
            }
            out.at<double>({i, j}) = std::sqrt(s);
        }
    return out;
}

// What a C programmer writes: raw pointers, the compiler vectorizes the inner loop.
Tensor plainLoop(const Tensor& x)
{
    const std::int64_t n = x.dim(0), d = x.dim(1);
    Tensor out = Tensor::zeros({n, n});
    const double* p = x.data<double>();
    double* o = out.data<double>();
    for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t j = 0; j < n; ++j) {
            double s = 0;
            for (std::int64_t k = 0; k < d; ++k) {
                const double diff = p[i * d + k] - p[j * d + k];
                s += diff * diff;
            }
            o[i * n + j] = std::sqrt(s);
        }
    return out;
}

// np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(-1)): one (n, n, d) temporary.
Tensor broadcasting(const Tensor& x)
{
    const Tensor diff = subtract(x.expandDims(1), x.expandDims(0));
    return sqrt(sum(multiply(diff, diff), {-1}));
}

// ‖xi‖² + ‖xj‖² − 2 xi·xj: the work becomes one matrix product.
Tensor gemmForm(const Tensor& x)
{
    const Tensor norms = sum(multiply(x, x), {-1});
    Tensor d2 = add(subtract(norms.expandDims(1), multiply(matmul(x, x.transpose()), 2.0)), norms.expandDims(0));
    clipInPlace(d2, 0.0, INFINITY);  // rounding can make tiny distances negative
    sqrtInPlace(d2);
    return d2;
}

double maxAbsDifference(const Tensor& a, const Tensor& b)
{
    return max(abs(subtract(a, b))).item<double>();
}

void run(ui::RunContext& ctx)
{
    const std::int64_t n = ctx.integer("n"), d = ctx.integer("d");
    std::mt19937_64 rng(ctx.seed());
    const Tensor x = randomNormal({n, d}, rng);

    const QStringList names{"interpreted loop", "plain C++ loop", "broadcasting", "matrix-product form"};
    const std::vector<std::function<Tensor()>> contenders{
        [&] { return interpreted(x, ctx.stopToken()); }, [&] { return plainLoop(x); }, [&] { return broadcasting(x); },
        [&] { return gemmForm(x); }};
    std::vector<double> seconds;
    std::vector<Tensor> results(contenders.size());
    for (size_t c = 0; c < contenders.size(); ++c) {
        seconds.push_back(medianSeconds(ctx, c == 0 ? 1 : 5, 3.0, [&] { results[c] = contenders[c](); }));
        ctx.progress(double(c + 1) / double(contenders.size()));
        if (ctx.stopRequested())
            return;
    }
    ctx.publish(timingBars("timings", QStringLiteral("Distance matrix of X %1").arg(shapeText(x.shape())), names, seconds));
    ui::ChartSpec heat;
    heat.id = "distances";
    heat.title = QStringLiteral("The distance matrix ‖xi − xj‖ (%1 points in %2 dimensions)").arg(n).arg(d);
    heat.x = {"j", false, {}, {}};
    heat.y = {"i", false, {}, {}};
    heat.heatmap = heatmapOf(results[1], "distance");
    heat.heatmap->cellLabels = n <= 12;
    ctx.publish(heat);

    for (size_t c = 0; c < contenders.size(); ++c) {
        const double diff = c == 0 ? 0.0 : maxAbsDifference(results[c], results[0]);
        ctx.note(QStringLiteral("%1: %2%3").arg(names[qsizetype(c)], formatSeconds(seconds[c]),
                                                c == 0 ? QString() : QStringLiteral(", %1× faster, largest difference %2")
                                                                         .arg(seconds[0] / seconds[c], 0, 'g', 3)
                                                                         .arg(diff, 0, 'g', 2)));
        ctx.metric(QString(names[qsizetype(c)]).replace(' ', '_') + "_seconds", seconds[c]);
    }
}
} // namespace

ui::Step loopVsVectorizedStep()
{
    ui::Step s;
    s.id = "loop-vs-vectorized";
    s.title = "Loops against vectorized code";
    s.textFile = ":/labs/broadcasting/loop-vs-vectorized.md";
    s.parameters = {
        Parameter::integer("n", "Points n", 300, 2, 3000, "X has n rows: the matrix is n × n"),
        Parameter::integer("d", "Dimensions d", 16, 1, 256),
    };
    s.run = run;
    return s;
}

} // namespace mlwb::labs::broadcasting
