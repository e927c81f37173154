// Step 4: the same distance matrix by an interpreter-style loop, a plain C++ loop, a
// broadcasting expression and the matrix-product form.
#include "broadcasting/steps.h"
#include "common/tensor_charts.h"

#include "tensor/matmul.h"
#include "tensor/ops.h"
#include "tensor/reduce.h"
#include "tensor/tensor.h"

#include "core/large_allocator.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>

namespace mlwb::labs::broadcasting {

using ui::Parameter;
using namespace tensor;

namespace {

// Like Python running `for i: for j: for k:` over an array: every element access goes
// through generic index arithmetic, a bounds check and a type dispatch. Fills whole rows of
// `out` until `budgetSeconds` have passed and returns how many: at large n the full loop
// would take minutes, so its time is extrapolated from the rows done.
std::int64_t interpreted(const Tensor& x, const Tensor& out, double budgetSeconds, std::stop_token stop)
{
    const std::int64_t n = x.dim(0), d = x.dim(1);
    const auto start = std::chrono::steady_clock::now();
    std::int64_t i = 0;
    for (; i < n && !stop.stop_requested(); ++i) {
        if (i > 0 && std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > budgetSeconds)
            break;
        for (std::int64_t j = 0; j < n; ++j) {
            double s = 0;
            for (std::int64_t k = 0; k < d; ++k) {
                const double diff = x.value({i, k}) - x.value({j, k});
                s += diff * diff;
            }
            out.at<double>({i, j}) = std::sqrt(s);
        }
    }
    return i;
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

    QStringList names{"plain C++ loop", "broadcasting", "matrix-product form"};
    QStringList keys{"plain_loop", "broadcasting", "matrix_product_form"};
    std::vector<std::function<Tensor()>> contenders{[&] { return plainLoop(x); }, [&] { return broadcasting(x); },
                                                    [&] { return gemmForm(x); }};
    // The broadcasting form's (n, n, d) temporary grows with d times the answer; beyond this
    // it would push the machine into swapping (or the program out of memory), so it sits out.
    const double temporaryBytes = double(n) * double(n) * double(d) * sizeof(double);
    const double temporaryLimit = std::min(2.0 * (1 << 30), double(physicalMemoryBytes()) / 4);
    if (temporaryBytes > temporaryLimit) {
        names.removeAt(1);
        keys.removeAt(1);
        contenders.erase(contenders.begin() + 1);
        ctx.note(QStringLiteral("broadcasting: left out. Its (%1, %1, %2) temporary would need %3, more than the %4 "
                                "this lab allows it; that memory is the price of the broadcasting form. The "
                                "matrix-product form needs only the n × n answer.")
                     .arg(n)
                     .arg(d)
                     .arg(formatBytes(temporaryBytes), formatBytes(temporaryLimit)));
    }

    const Tensor slow = Tensor::zeros({n, n});
    const auto start = std::chrono::steady_clock::now();
    const std::int64_t rowsDone = interpreted(x, slow, 2.0, ctx.stopToken());
    if (ctx.stopRequested())
        return;
    const double slowSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() * double(n) / double(rowsDone);
    std::vector<double> seconds;
    std::vector<Tensor> results(contenders.size());
    for (size_t c = 0; c < contenders.size(); ++c) {
        seconds.push_back(medianSeconds(ctx, 5, 3.0, [&] { results[c] = contenders[c](); }));
        ctx.progress(double(c + 1) / double(contenders.size()));
        if (ctx.stopRequested())
            return;
    }
    names.prepend("interpreted loop");
    keys.prepend("interpreted_loop");
    seconds.insert(seconds.begin(), slowSeconds);
    ctx.publish(timingBars("timings", QStringLiteral("Distance matrix of X %1").arg(shapeText(x.shape())), names, seconds));
    ui::ChartSpec heat;
    heat.id = "distances";
    heat.title = QStringLiteral("The distance matrix ‖xi − xj‖ (%1 points in %2 dimensions)").arg(n).arg(d);
    heat.x = {"j", false, {}, {}};
    heat.y = {"i", false, {}, {}};
    heat.heatmap = heatmapOf(results[0], "distance");
    heat.heatmap->cellLabels = n <= 12;
    ctx.publish(heat);

    // Every form against the plain loop, which does exactly the arithmetic of the interpreted one.
    const Tensor& exact = results[0];
    const Slice doneRows{0, rowsDone, 1};
    for (qsizetype c = 0; c < names.size(); ++c) {
        QString text = QStringLiteral("%1: %2").arg(names[c], formatSeconds(seconds[size_t(c)]));
        if (c == 0 && rowsDone < n)
            text += QStringLiteral(" (estimated from the first %1 of %2 rows)").arg(rowsDone).arg(n);
        if (c > 0)
            text += QStringLiteral(", %1").arg(speedupText(seconds[0], seconds[size_t(c)]));
        if (c == 1) {
            text += QStringLiteral(": the reference for the differences");
        } else {
            const double diff = c == 0 ? maxAbsDifference(slow.slice({doneRows}), exact.slice({doneRows}))
                                       : maxAbsDifference(results[size_t(c - 1)], exact);
            text += QStringLiteral(", largest difference %1").arg(diff, 0, 'g', 2);
        }
        ctx.note(text);
        ctx.metric(keys[c] + "_seconds", seconds[size_t(c)]);
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
