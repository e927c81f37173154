// Step 4: the same distance matrix by an interpreted loop, a plain C++ loop, a broadcasting
// expression and the matrix-product form, and by real Python and NumPy when they are here.
#include "broadcasting/python_reference.h"
#include "broadcasting/steps.h"
#include "common/tensor_charts.h"
#include "common/timing_report.h"

#include "interp/boxed_vm.h"

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

    // The interpreter runs at most 2 s; at large n its time is extrapolated from the rows done.
    const auto start = std::chrono::steady_clock::now();
    const interp::DistanceLoopResult slow =
        interp::interpretDistanceLoop({x.data<double>(), std::size_t(n * d)}, n, d, 2.0, ctx.stopToken());
    if (ctx.stopRequested())
        return;
    const double slowElapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double slowSeconds = slowElapsed * double(n) / double(slow.rowsDone);
    std::vector<Timing> timings{singleRun(slowSeconds)};
    std::vector<Tensor> results(contenders.size());
    for (size_t c = 0; c < contenders.size(); ++c) {
        timings.push_back(timeContender(ctx, 5, 3.0, [&] { results[c] = contenders[c](); }));
        ctx.progress(0.7 * double(c + 1) / double(contenders.size()));
        if (ctx.stopRequested())
            return;
    }
    names.prepend("interpreted loop");
    keys.prepend("interpreted_loop");

    // The same work in this machine's own Python and NumPy, beside ours.
    QStringList allNames = names;
    std::vector<Timing> allTimings = timings;
    QString pythonWhy;
    if (ctx.flag("compare_python")) {
        const bool withBroadcasting = keys.contains("broadcasting");
        const std::optional<PythonTimings> py =
            timeInPython(ctx, {x.data<double>(), std::size_t(n * d)}, n, d, 2.0, withBroadcasting, &pythonWhy);
        if (ctx.stopRequested())
            return;
        if (py) {
            allNames << QStringLiteral("Python %1 loop (real)").arg(py->pythonVersion);
            allTimings.push_back(singleRun(py->loopSeconds));
            if (withBroadcasting) {
                allNames << QStringLiteral("NumPy %1 broadcasting (real)").arg(py->numpyVersion);
                allTimings.push_back(singleRun(py->broadcastingSeconds));
            }
            allNames << QStringLiteral("NumPy %1 matrix-product form (real)").arg(py->numpyVersion);
            allTimings.push_back(singleRun(py->matrixProductSeconds));
            ctx.metric("python_loop_seconds", py->loopSeconds);
            if (withBroadcasting)
                ctx.metric("numpy_broadcasting_seconds", py->broadcastingSeconds);
            ctx.metric("numpy_matrix_product_seconds", py->matrixProductSeconds);
            pythonWhy = QStringLiteral("The bars marked \"real\" were measured on this machine with %1 (Python %2, "
                                       "NumPy %3) on the same data; the Python loop is extrapolated from its first "
                                       "%4 of %5 rows, as ours is. Real Python's loop takes %6 ns per innermost step "
                                       "against our interpreter's %7 ns: modern CPython caches lookups and "
                                       "specializes arithmetic. Against real NumPy, real Python's loop is %8.")
                            .arg(py->interpreter, py->pythonVersion, py->numpyVersion)
                            .arg(py->loopRows)
                            .arg(n)
                            .arg(py->loopSeconds / (double(n) * double(n) * double(d)) * 1e9, 0, 'f', 0)
                            .arg(slowSeconds / (double(n) * double(n) * double(d)) * 1e9, 0, 'f', 0)
                            .arg((withBroadcasting ? QStringLiteral("%1 than broadcasting and ")
                                                             .arg(speedupText(py->broadcastingSeconds, py->loopSeconds))
                                                   : QString()) +
                                 QStringLiteral("%1 than the matrix-product form")
                                     .arg(speedupText(py->matrixProductSeconds, py->loopSeconds)));
        }
    }
    ctx.progress(1.0);
    ctx.publish(timingBars("timings", QStringLiteral("Distance matrix of X %1").arg(shapeText(x.shape())), allNames,
                           allTimings));
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
    const Slice doneRows{0, slow.rowsDone, 1};
    const Tensor slowResult = Tensor::fromVector(slow.distances, {n, n});
    for (qsizetype c = 0; c < names.size(); ++c) {
        const double sec = timings[size_t(c)].medianSeconds;
        QString text = QStringLiteral("%1: %2").arg(names[c], formatSeconds(sec));
        if (c == 0 && slow.rowsDone < n)
            text += QStringLiteral(" (estimated from the first %1 of %2 rows)").arg(slow.rowsDone).arg(n);
        if (c > 0)
            text += QStringLiteral(", %1").arg(speedupText(timings[0].medianSeconds, sec));
        if (c == 1) {
            text += QStringLiteral(": the reference for the differences");
        } else {
            const double diff = c == 0 ? maxAbsDifference(slowResult.slice({doneRows}), exact.slice({doneRows}))
                                       : maxAbsDifference(results[size_t(c - 1)], exact);
            text += QStringLiteral(", largest difference %1").arg(diff, 0, 'g', 2);
        }
        ctx.note(text);
        ctx.metric(keys[c] + "_seconds", sec);
    }
    // What the interpreter pays per element: the lesson of the step.
    const double perIteration = slowElapsed / double(slow.innerIterations);
    const int perBody = interp::innerLoopInstructions();
    ctx.note(QStringLiteral("The interpreted loop costs %1 ns for each of its n·n·d = %2 innermost steps: %3 bytecode "
                            "instructions of about %4 ns each. Each X[i][k] is two subscripts that check types and "
                            "bounds, each arithmetic result is a new heap object, each name is a hash-table lookup. "
                            "The plain loop spends about %5 ns on the same step.")
                 .arg(perIteration * 1e9, 0, 'f', 0)
                 .arg(double(n) * double(n) * double(d), 0, 'g', 3)
                 .arg(perBody)
                 .arg(slowElapsed / double(slow.instructions) * 1e9, 0, 'f', 1)
                 .arg(timings[1].medianSeconds / (double(n) * double(n) * double(d)) * 1e9, 0, 'g', 2));
    ctx.metric("interpreted_ns_per_element", perIteration * 1e9);
    if (!pythonWhy.isEmpty())
        ctx.note(pythonWhy);
    noteTimingCaveats(ctx, allNames, allTimings);
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
        Parameter::flag("compare_python", "Also time real Python and NumPy", true,
                        "when this machine has a python3 with NumPy"),
    };
    s.run = run;
    return s;
}

} // namespace mlwb::labs::broadcasting
