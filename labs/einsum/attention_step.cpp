// Step 3: attention weights softmax(QKᵀ/√d), and what the √d does to their peakedness.
#include "common/tensor_charts.h"
#include "einsum/steps.h"

#include "tensor/einsum.h"
#include "tensor/ops.h"
#include "tensor/reduce.h"

#include <cmath>
#include <numbers>
#include <random>

namespace mlwb::labs::einsum {

using ui::Parameter;
using namespace tensor;

namespace {

// Random: independent standard normal entries (variance of q·k grows like d).
// Structured: sinusoidal position codes, so each position resembles its neighbours.
Tensor queriesOrKeys(std::int64_t s, std::int64_t d, bool structured, std::mt19937_64& rng)
{
    std::normal_distribution<double> normal;
    std::vector<double> v(static_cast<size_t>(s * d));
    for (std::int64_t i = 0; i < s; ++i)
        for (std::int64_t j = 0; j < d; ++j) {
            // The transformer's code: pairs of cos/sin at frequencies 1 … 1/(4s), scaled to
            // unit variance per entry like the random case.
            const double frequency = std::pow(4.0 * double(s), -double(j / 2 * 2) / double(d));
            const double phase = double(i) * frequency - double(j % 2) * std::numbers::pi / 2;
            v[size_t(i * d + j)] = structured ? std::sqrt(2.0) * std::cos(phase) : normal(rng);
        }
    return Tensor::fromVector(v, {s, d});
}

Tensor attentionWeights(const Tensor& q, const Tensor& k, bool scaled)
{
    std::vector<Tensor> operands{q, k};
    Tensor scores = tensor::einsum("sd,td->st", operands);
    if (scaled)
        scores = divide(scores, std::sqrt(double(q.dim(1))));
    return softmax(scores, {-1});
}

// Mean over rows of −Σ p log p, in nats.
double meanEntropy(const Tensor& weights)
{
    const Tensor p = clip(weights, 1e-300, 1.0);
    return -mean(sum(multiply(weights, log(p)), {-1})).item<double>();
}

ui::ChartSpec entropySweep(std::int64_t s, std::mt19937_64& rng)
{
    ui::ChartSpec chart;
    chart.id = "entropy";
    chart.title = QStringLiteral("Peakedness of softmax(QKᵀ) rows against d (random Q, K; %1 keys)").arg(s);
    chart.x = {"dimension d (log scale)", true, {}, {}};
    chart.y = {"mean row entropy (nats)", false, 0.0, std::log(double(s)) * 1.08};
    ui::SeriesSpec scaled{.name = "scaled by 1/√d", .colorIndex = 0, .pointMarkers = true};
    ui::SeriesSpec raw{.name = "unscaled", .colorIndex = 1, .pointMarkers = true};
    for (std::int64_t d = 2; d <= 1024; d *= 2) {
        const Tensor q = queriesOrKeys(s, d, false, rng), k = queriesOrKeys(s, d, false, rng);
        scaled.points.append({double(d), meanEntropy(attentionWeights(q, k, true))});
        raw.points.append({double(d), meanEntropy(attentionWeights(q, k, false))});
    }
    ui::SeriesSpec uniform{.name = QStringLiteral("uniform: ln %1").arg(s),
                           .points = {{2.0, std::log(double(s))}, {1024.0, std::log(double(s))}},
                           .colorIndex = 7, .width = 1.5, .dashed = true};
    chart.series << scaled << raw << uniform;
    return chart;
}

void run(ui::RunContext& ctx)
{
    std::mt19937_64 rng(ctx.seed());
    const std::int64_t s = ctx.integer("positions"), d = ctx.choice("d").toLongLong();
    const bool structured = ctx.choice("inputs") == "position codes";
    const bool scaled = ctx.flag("scaled");
    const Tensor q = queriesOrKeys(s, d, structured, rng), k = queriesOrKeys(s, d, structured, rng);
    const Tensor w = attentionWeights(q, k, scaled);

    ui::ChartSpec heat;
    heat.id = "weights";
    heat.title = QStringLiteral("softmax(QKᵀ%1) for Q, K of shape %2").arg(scaled ? "/√d" : "", shapeText(q.shape()));
    heat.x = {"key position t", false, {}, {}};
    heat.y = {"query position s", false, {}, {}};
    heat.heatmap = heatmapOf(w, "attention weight", 2);
    heat.heatmap->cellLabels = s <= 12;
    ctx.publish(heat);
    ctx.publish(entropySweep(32, rng));

    const double entropy = meanEntropy(w);
    const std::vector<double> rowSums = sum(w, {-1}).toVector<double>();
    double worst = 0;
    for (double r : rowSums)
        worst = std::max(worst, std::abs(r - 1));
    ctx.note(QStringLiteral("Each row is a probability distribution over the keys (rows sum to 1 within %1).").arg(worst, 0, 'g', 2));
    ctx.note(QStringLiteral("Mean row entropy %1 nats; a uniform row would have ln %2 = %3, a one-hot row 0.")
                 .arg(entropy, 0, 'f', 3).arg(s).arg(std::log(double(s)), 0, 'f', 3));
    ctx.metric("mean_entropy", entropy);
    ctx.metric("max_row_sum_error", worst);
}
} // namespace

ui::Step attentionStep()
{
    ui::Step s;
    s.id = "attention";
    s.title = "Attention weights";
    s.textFile = ":/labs/einsum/attention.md";
    s.parameters = {
        Parameter::integer("positions", "Sequence length", 16, 2, 128),
        Parameter::choice("d", "Dimension d", {"4", "16", "64", "256", "1024"}, "64"),
        Parameter::choice("inputs", "Q and K", {"random", "position codes"}, "random"),
        Parameter::flag("scaled", "Scale by 1/√d", true),
    };
    s.run = run;
    return s;
}

} // namespace mlwb::labs::einsum
