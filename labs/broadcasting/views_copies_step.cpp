// Step 5: a moving average through a sliding-window view, a materialized copy, and an
// in-place running sum into a preallocated output.
#include "broadcasting/steps.h"
#include "common/tensor_charts.h"

#include "core/input_error.h"
#include "tensor/ops.h"
#include "tensor/reduce.h"
#include "tensor/tensor.h"

#include <cmath>
#include <numbers>
#include <random>

namespace mlwb::labs::broadcasting {

using ui::Parameter;
using namespace tensor;

namespace {

// out[i] = mean(x[i : i + w]) by a running sum: reads x once, writes only into out.
void runningMean(const Tensor& x, std::int64_t w, const Tensor& out)
{
    const double* p = x.data<double>();
    double* o = out.data<double>();
    double s = 0;
    for (std::int64_t i = 0; i < w; ++i)
        s += p[i];
    o[0] = s / double(w);
    for (std::int64_t i = 1; i < out.dim(0); ++i) {
        s += p[i + w - 1] - p[i - 1];
        o[i] = s / double(w);
    }
}

void run(ui::RunContext& ctx)
{
    const std::int64_t n = ctx.integer("n"), w = ctx.integer("window");
    if (w > n)
        throw InputError("the window (" + std::to_string(w) + ") is longer than the signal (" + std::to_string(n) + ")");
    const double copyBytes = double(n - w + 1) * double(w) * 8.0;
    if (copyBytes > 1e9)
        throw InputError("copying the windows would take " + formatBytes(copyBytes).toStdString() +
                         "; choose a shorter signal or window (at most 1 GB here)");
    std::mt19937_64 rng(ctx.seed());
    std::normal_distribution<double> noise(0.0, 0.4);
    std::vector<double> values(static_cast<size_t>(n));
    for (std::int64_t i = 0; i < n; ++i)
        values[size_t(i)] = std::sin(2 * std::numbers::pi * double(i) / 2000.0) + noise(rng);
    const Tensor x = Tensor::fromVector(values, {n});

    const Tensor windows = x.slidingWindowView(w);  // (n - w + 1, w), no copy
    const Tensor viaView = mean(windows, {-1});
    const Tensor copied = windows.copy();
    const Tensor viaCopy = mean(copied, {-1});
    const Tensor viaRunning = Tensor::zeros({n - w + 1});
    runningMean(x, w, viaRunning);

    const double outBytes = double(viaView.nbytes());
    const double viewBytes = sharesMemory(windows, x) ? 0.0 : double(windows.nbytes());
    ui::ChartSpec bytes;
    bytes.id = "bytes";
    bytes.title = QStringLiteral("Memory allocated for a moving average of %1 values, window %2").arg(n).arg(w);
    bytes.x = {"", false, {}, {}};
    bytes.y = {"bytes allocated (MB)", false, {}, {}};
    ui::BarsSpec b;
    b.categories = {"view + mean", "copy + mean", "running sum (out=)"};
    b.sets = {{"windows", {viewBytes / 1e6, double(copied.nbytes()) / 1e6, 0.0}, 1},
              {"result", {outBytes / 1e6, outBytes / 1e6, 0.0}, 0}};
    b.labelPrecision = 3;
    bytes.bars = b;
    ctx.publish(bytes);

    ui::ChartSpec signal;
    signal.id = "signal";
    signal.title = QStringLiteral("Noisy signal and its moving average (window %1)").arg(w);
    signal.x = {"sample", false, {}, {}};
    signal.y = {"value", false, {}, {}};
    ui::SeriesSpec raw{.name = "signal", .colorIndex = 6, .width = 1.0};
    ui::SeriesSpec avg{.name = "moving average", .colorIndex = 1, .width = 2.5};
    const std::vector<double> smooth = viaView.toVector<double>();
    for (std::int64_t i = 0; i < n; ++i)
        raw.points.append({double(i), values[size_t(i)]});
    for (size_t i = 0; i < smooth.size(); ++i)
        avg.points.append({double(i) + double(w - 1) / 2, smooth[i]});  // centred on its window
    signal.series << raw << avg;
    ctx.publish(signal);

    const double diffCopy = max(abs(subtract(viaView, viaCopy))).item<double>();
    const double diffRunning = max(abs(subtract(viaView, viaRunning))).item<double>();
    ctx.note(QStringLiteral("The window view has shape %1 and strides %2: it shares x's memory (%3) and allocated nothing.")
                 .arg(shapeText(windows.shape()), shapeText(windows.strides()), sharesMemory(windows, x) ? "yes" : "no"));
    ctx.note(QStringLiteral("Copying the windows allocates %1, %2× the signal itself.")
                 .arg(formatBytes(double(copied.nbytes()))).arg(double(copied.nbytes()) / double(x.nbytes()), 0, 'g', 3));
    ctx.note(QStringLiteral("All three agree: largest differences %1 (copy) and %2 (running sum: rounding).")
                 .arg(diffCopy, 0, 'g', 2).arg(diffRunning, 0, 'g', 2));
    ctx.metric("view_bytes", viewBytes);
    ctx.metric("copy_bytes", double(copied.nbytes()));
    ctx.metric("result_bytes", outBytes);
    ctx.metric("view_shares_memory", sharesMemory(windows, x));
}
} // namespace

ui::Step viewsAndCopiesStep()
{
    ui::Step s;
    s.id = "views-copies";
    s.title = "Views against copies";
    s.textFile = ":/labs/broadcasting/views-copies.md";
    s.parameters = {
        Parameter::integer("n", "Signal length", 20000, 10, 2000000),
        Parameter::integer("window", "Window", 50, 1, 5000),
    };
    s.run = run;
    return s;
}

} // namespace mlwb::labs::broadcasting
