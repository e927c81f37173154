// An MLP's forward pass, loss and gradient, compiled once per ISA level: CMake defines
// MLWB_GEMM_ISA (Baseline, Avx2, Avx512) and adds that level's -m flags, as for
// tensor/gemm_kernels.cpp. See tensor/detail/gemm.h for why nothing of this file may be
// shared between the builds.
//
// Activations are kept transposed, one column per row of the data (units × rows), so that
// every product has a left operand whose columns are contiguous: a register block of C takes
// packets of A's column and single elements of B, read in place wherever B lives (the data,
// an activation, a delta). Left operands have whole packets of rows: weights whose output
// count is not a multiple of 8 are copied with zero rows below them.
#include "tensor/detail/isa_build.h"

#include "models/mlp_kernels.h"
#include "tensor/detail/vector_math.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

namespace mlwb::models::detail::MLWB_CAT(mlp_, MLWB_GEMM_ISA) {

using namespace Eigen::internal;  // the packet primitives: ploadu, pmadd, pset1, …
using Packet = packet_traits<double>::type;
using Index = std::int64_t;
constexpr int kLanes = packet_traits<double>::size;
// Columns of a register block: 2 packets × kNr accumulators, plus the operands, fit the
// vector registers (32 with AVX-512, 16 below).
constexpr int kNr = kLanes == 8 ? 8 : 4;
// Rows of the data per pass: their activations stay in L1 and L2 from the forward pass to
// the backward one. A mini-batch of up to 64 rows is one pass.
constexpr Index kChunk = kMlpPassRows;

// Units rounded up to a whole number of packets at every level (8 doubles: 64 bytes).
Index padded(Index units) { return (units + 7) / 8 * 8; }

// A right-hand operand read in place: element (p, j) at data[p·rs + j·cs].
struct Operand {
    const double* data;
    Index rs, cs;
};

// Where a product starts: from zero, from the bias (a packet per row, the same for every
// column) or from C itself; Add starts from zero and adds the result to C at the end.
enum class Start { Zero, Bias, Accumulate, Add };

// One register block of C (MP packets of rows × NR columns, leading dimension ldc) from k
// columns of A (leading dimension lda) and k rows of B. With squares, the squares of the
// block's results (before any adding to C) are added to it lane by lane. S is a template
// argument so that the accumulators stay in registers: chosen at run time, GCC kept them on
// the stack around the loop.
template <int MP, int NR, Start S>
void block(const double* a, Index lda, Operand b, Index k, double* c, Index ldc, const double* bias, Packet* squares)
{
    Packet acc[MP][NR];
#pragma GCC unroll 16
    for (int j = 0; j < NR; ++j)
#pragma GCC unroll 4
        for (int i = 0; i < MP; ++i) {
            if constexpr (S == Start::Accumulate)
                acc[i][j] = ploadu<Packet>(c + i * kLanes + j * ldc);
            else if constexpr (S == Start::Bias)
                acc[i][j] = ploadu<Packet>(bias + i * kLanes);
            else
                acc[i][j] = pset1<Packet>(0.0);
        }
    for (Index p = 0; p < k; ++p) {
        Packet column[MP];
#pragma GCC unroll 4
        for (int i = 0; i < MP; ++i)
            column[i] = ploadu<Packet>(a + i * kLanes + p * lda);
        const double* row = b.data + p * b.rs;
#pragma GCC unroll 16
        for (int j = 0; j < NR; ++j) {
            const Packet element = pset1<Packet>(row[j * b.cs]);
#pragma GCC unroll 4
            for (int i = 0; i < MP; ++i)
                acc[i][j] = pmadd(column[i], element, acc[i][j]);
        }
    }
    if (squares) {
        Packet sum = *squares;
#pragma GCC unroll 16
        for (int j = 0; j < NR; ++j)
#pragma GCC unroll 4
            for (int i = 0; i < MP; ++i)
                sum = pmadd(acc[i][j], acc[i][j], sum);
        *squares = sum;
    }
#pragma GCC unroll 16
    for (int j = 0; j < NR; ++j)
#pragma GCC unroll 4
        for (int i = 0; i < MP; ++i) {
            double* to = c + i * kLanes + j * ldc;
            if constexpr (S == Start::Add)
                pstoreu(to, padd(ploadu<Packet>(to), acc[i][j]));
            else
                pstoreu(to, acc[i][j]);
        }
}

// block<MP, nr, S> for a run-time nr ≤ NR: the last columns of C.
template <int MP, Start S, int NR = kNr>
void blockOfWidth(int nr, const double* a, Index lda, Operand b, Index k, double* c, Index ldc, const double* bias,
                  Packet* squares)
{
    if constexpr (NR > 1)
        if (nr < NR)
            return blockOfWidth<MP, S, NR - 1>(nr, a, lda, b, k, c, ldc, bias, squares);
    block<MP, NR, S>(a, lda, b, k, c, ldc, bias, squares);
}

template <Start S>
void productFrom(Index m, Index n, Index k, const double* a, Index lda, Operand b, double* c, Index ldc,
                 const double* bias, Packet* squares)
{
    for (Index i = 0; i < m;) {
        const bool two = m - i >= 2 * kLanes;
        for (Index j = 0; j < n; j += kNr) {
            const int nr = int(std::min<Index>(kNr, n - j));
            const Operand bj{b.data + j * b.cs, b.rs, b.cs};
            const double* biasI = bias ? bias + i : nullptr;
            if (two)
                blockOfWidth<2, S>(nr, a + i, lda, bj, k, c + i + j * ldc, ldc, biasI, squares);
            else
                blockOfWidth<1, S>(nr, a + i, lda, bj, k, c + i + j * ldc, ldc, biasI, squares);
        }
        i += two ? 2 * kLanes : kLanes;
    }
}

// C (m × n) = start + A (m × k) · B (k × n); m is a whole number of packets. A's block of rows
// is the outer loop: it stays in registers' reach (L1) while B's columns go by.
void product(Index m, Index n, Index k, const double* a, Index lda, Operand b, double* c, Index ldc, Start start,
             const double* bias = nullptr, Packet* squares = nullptr)
{
    switch (start) {
    case Start::Zero: return productFrom<Start::Zero>(m, n, k, a, lda, b, c, ldc, bias, squares);
    case Start::Bias: return productFrom<Start::Bias>(m, n, k, a, lda, b, c, ldc, bias, squares);
    case Start::Accumulate: return productFrom<Start::Accumulate>(m, n, k, a, lda, b, c, ldc, bias, squares);
    case Start::Add: return productFrom<Start::Add>(m, n, k, a, lda, b, c, ldc, bias, squares);
    }
}

// One weight layer as the products read it.
struct Layer {
    Index in = 0, out = 0, outP = 0;
    const double* w = nullptr;     // out × in (leading dimension ldw ≥ out, zero rows below out)
    Index ldw = 0;
    const double* bias = nullptr;  // outP values
    const double* wt = nullptr;    // inP × out: Wᵀ with zero rows below in (backward only)
    double* h = nullptr;           // outputs, outP × chunk rows
    double* gradW = nullptr;       // outP × in, then outP bias sums: their place in the output when outP = out
};

// What the backward pass does with the gradient: nothing (out null), write it to out, or add
// −rate × it to the weights out points to (plain SGD's step fused with the gradient: the
// gradient of a mini-batch is never stored, and an epoch reads 10⁴ weights twice less often).
struct Backward {
    double* out = nullptr;
    bool step = false;
    double rate = 0;
};

struct Workspace {
    std::vector<Layer> layers;
    double* scores = nullptr;  // the output layer's probabilities transposed: padded(chunk rows) × classes
    double* delta = nullptr;   // two buffers of the widest layer × chunk rows (backward only)
    double* back = nullptr;
};

// Scratch memory reused by every call on this thread: training calls this ~60 times an epoch,
// and allocating (or zeroing) the buffers each time cost as much as a product.
double* scratch(Index doubles)
{
    thread_local std::vector<double> memory;
    if (Index(memory.size()) < doubles + 8)
        memory.resize(std::size_t(doubles + 8));
    auto address = reinterpret_cast<std::uintptr_t>(memory.data());
    return memory.data() + (64 - address % 64) % 64 / 8;  // 64-byte aligned
}

// Lays out the layers in scratch memory: copies of weights that need zero rows below them,
// transposes for the backward pass, activations and gradient sums (in the output itself when
// a layer's outputs are whole packets).
Workspace prepare(const MlpNet& net, const double* params, Index rows, double* out)
{
    Workspace ws;
    ws.layers.resize(std::size_t(net.layers));
    const bool backward = out != nullptr;
    Index need = padded(rows) * net.sizes[net.layers], widest = 0;
    for (int l = 0; l < net.layers; ++l) {
        Layer& L = ws.layers[std::size_t(l)];
        L.in = net.sizes[l];
        L.out = net.sizes[l + 1];
        L.outP = padded(L.out);
        widest = std::max({widest, L.outP, padded(L.in)});
        const bool copy = L.outP != L.out;
        need += (copy ? L.outP * (L.in + 1) : 0) + L.outP * rows;
        if (backward)
            need += (l > 0 ? padded(L.in) * L.out : 0) + (copy ? L.outP * (L.in + 1) : 0);
    }
    need += backward ? 2 * widest * rows : 0;
    double* free = scratch(need);
    const auto take = [&free](Index doubles) { return std::exchange(free, free + doubles); };
    ws.scores = take(padded(rows) * net.sizes[net.layers]);
    for (int l = 0; l < net.layers; ++l) {
        Layer& L = ws.layers[std::size_t(l)];
        const double* w = params + net.offsets[l];
        const double* bias = w + L.out * L.in;
        if (L.outP == L.out) {
            L.w = w;
            L.ldw = L.out;
            L.bias = bias;
        } else {
            double* copy = take(L.outP * (L.in + 1));
            for (Index i = 0; i <= L.in; ++i)  // the columns, then the biases as one more
                for (Index o = 0; o < L.outP; ++o)
                    copy[o + i * L.outP] = o < L.out ? w[o + i * L.out] : 0.0;
            L.w = copy;
            L.ldw = L.outP;
            L.bias = copy + L.in * L.outP;
        }
        L.h = take(L.outP * rows);
        if (!backward)
            continue;
        if (l > 0) {
            const Index inP = padded(L.in);
            double* wt = take(inP * L.out);
            for (Index o = 0; o < L.out; ++o) {
                for (Index i = 0; i < L.in; ++i)
                    wt[i + o * inP] = w[o + i * L.out];
                std::fill(wt + L.in + o * inP, wt + (o + 1) * inP, 0.0);
            }
            L.wt = wt;
        }
        L.gradW = L.outP == L.out ? out + net.offsets[l] : take(L.outP * (L.in + 1));
    }
    if (backward) {
        ws.delta = take(widest * rows);
        ws.back = take(widest * rows);
    }
    return ws;
}

void activate(bool relu, double* h, Index count)
{
    if (relu) {
        const Packet zero = pset1<Packet>(0.0);
        for (Index i = 0; i < count; i += kLanes)  // count is whole packets
            pstoreu(h + i, pmax(ploadu<Packet>(h + i), zero));
    } else {
        tensor::detail::vectorMath(tensor::detail::VectorFn::Tanh, h, h, count);
    }
}

// delta ⊙= the activation's derivative at its output h (whole packets).
void multiplyByDerivative(bool relu, const double* h, double* delta, Index count)
{
    const Packet zero = pset1<Packet>(0.0), one = pset1<Packet>(1.0);
    for (Index i = 0; i < count; i += kLanes) {
        const Packet hi = ploadu<Packet>(h + i), d = ploadu<Packet>(delta + i);
        pstoreu(delta + i, relu ? pand(pcmp_lt(zero, hi), d) : pmul(d, psub(one, pmul(hi, hi))));
    }
}

// The output layer's scores z (outP × m, a column per row of the data) as softmax
// probabilities in p, transposed (mP × classes, mP = padded(m)): there 8 rows of the data fill a
// packet, where a column of z holds one row's few classes. p's rows past m are uniform.
void softmaxTransposed(const double* z, Index outP, Index classes, Index m, double* p)
{
    const Index mP = padded(m);
    for (Index k = 0; k < classes; ++k) {
        double* col = p + k * mP;
        for (Index j = 0; j < m; ++j)
            col[j] = z[k + j * outP];
        std::fill(col + m, col + mP, 0.0);
    }
    for (Index j = 0; j < mP; j += kLanes) {
        Packet largest = ploadu<Packet>(p + j);
        for (Index k = 1; k < classes; ++k)
            largest = pmax(largest, ploadu<Packet>(p + j + k * mP));
        for (Index k = 0; k < classes; ++k)
            pstoreu(p + j + k * mP, psub(ploadu<Packet>(p + j + k * mP), largest));
    }
    tensor::detail::vectorMath(tensor::detail::VectorFn::Exp, p, p, mP * classes);
    for (Index j = 0; j < mP; j += kLanes) {
        Packet sum = ploadu<Packet>(p + j);
        for (Index k = 1; k < classes; ++k)
            sum = padd(sum, ploadu<Packet>(p + j + k * mP));
        const Packet inverse = pdiv(pset1<Packet>(1.0), sum);
        for (Index k = 0; k < classes; ++k)
            pstoreu(p + j + k * mP, pmul(ploadu<Packet>(p + j + k * mP), inverse));
    }
}

// Adds the m rows' −log p(true class) and right answers (the most probable class, the first
// on ties) to sums, from the transposed probabilities.
void score(const double* p, Index classes, Index m, const int* y, MlpSums& sums)
{
    const Index mP = padded(m);
    alignas(64) double logs[kChunk] = {};
    for (Index j = 0; j < m; ++j)
        logs[j] = std::clamp(p[j + y[j] * mP], 1e-15, 1.0);
    tensor::detail::vectorMath(tensor::detail::VectorFn::Log, logs, logs, m);
    for (Index j = 0; j < m; ++j)
        sums.loss -= logs[j];
    for (Index j = 0; j < m; j += kLanes) {
        Packet best = ploadu<Packet>(p + j), winner = pset1<Packet>(0.0);
        for (Index k = 1; k < classes; ++k) {
            const Packet v = ploadu<Packet>(p + j + k * mP), better = pcmp_lt(best, v);
            best = pselect(better, v, best);
            winner = pselect(better, pset1<Packet>(double(k)), winner);
        }
        alignas(64) double winners[kLanes];
        pstore(winners, winner);
        for (Index i = 0; i < kLanes && j + i < m; ++i)
            sums.correct += int(winners[i]) == y[j + i];
    }
}

// The output layer's delta (outP × m, zero past classes): (p − onehot(y)) × scale.
void outputDelta(double* p, Index classes, Index m, const int* y, double scale, double* delta, Index outP)
{
    const Index mP = padded(m);
    for (Index j = 0; j < m; ++j)
        p[j + y[j] * mP] -= 1.0;
    for (Index j = 0; j < m; ++j)
        for (Index k = 0; k < outP; ++k)
            delta[k + j * outP] = k < classes ? p[j + k * mP] * scale : 0.0;
}

// gradW (start) delta · inputᵀ (outP × in); the bias's part likewise with the sum of delta's
// columns. On the last chunk the result is final: its squares are added to squares on the way.
void addLayerGradient(const Layer& L, const double* delta, Operand inputT, Index m, Start start, Packet* squares)
{
    product(L.outP, L.in, m, delta, L.outP, inputT, L.gradW, L.outP, start, nullptr, squares);
    double* gradBias = L.gradW + L.outP * L.in;
    for (Index k = 0; k < L.outP; k += kLanes) {
        // Four running sums, so that the adds do not wait for each other down delta's row.
        Packet sums[4] = {start == Start::Accumulate ? ploadu<Packet>(gradBias + k) : pset1<Packet>(0.0),
                          pset1<Packet>(0.0), pset1<Packet>(0.0), pset1<Packet>(0.0)};
        for (Index j = 0; j < m; ++j)
            sums[j % 4] = padd(sums[j % 4], ploadu<Packet>(delta + k + j * L.outP));
        const Packet s = padd(padd(sums[0], sums[1]), padd(sums[2], sums[3]));
        if (squares)
            *squares = pmadd(s, s, *squares);
        pstoreu(gradBias + k, start == Start::Add ? padd(ploadu<Packet>(gradBias + k), s) : s);
    }
}

MlpSums evaluate(const MlpNet& net, const double* params, const double* x, Index n, Index ldx, const int* y,
                 Backward backward, double* probabilities)
{
    if (n == 0) {  // no rows: no loss, a zero gradient, no step
        const int last = net.layers - 1;
        if (backward.out && !backward.step)
            std::fill_n(backward.out, net.offsets[last] + Index(net.sizes[last + 1]) * (net.sizes[last] + 1), 0.0);
        return {};
    }
    const Index rows = std::min(n, kChunk);
    Workspace ws = prepare(net, params, rows, backward.out);
    const std::vector<Layer>& layers = ws.layers;
    const Layer& last = layers.back();
    const Index classes = last.out;
    MlpSums sums;
    Packet squares = pset1<Packet>(0.0);  // of the gradient; the zero rows below a layer add nothing
    for (Index first = 0; first < n; first += kChunk) {
        const Index m = std::min(kChunk, n - first), mP = padded(m);
        // Forward: h = act(W · input + b), column j for row first + j.
        Operand input{x + first, ldx, 1};
        for (const Layer& L : layers) {
            product(L.outP, m, L.in, L.w, L.ldw, input, L.h, L.outP, Start::Bias, L.bias);
            if (&L != &last)
                activate(net.relu, L.h, L.outP * m);
            input = {L.h, 1, L.outP};
        }
        softmaxTransposed(last.h, last.outP, classes, m, ws.scores);
        if (probabilities)
            for (Index k = 0; k < classes; ++k)
                std::copy_n(ws.scores + k * mP, m, probabilities + first + k * n);
        if (y)
            score(ws.scores, classes, m, y + first, sums);
        if (!backward.out)
            continue;
        // Backward: delta = d mean loss / d pre-activation (times −rate for a step), layer by
        // layer down. A step adds to the weights in place: the products below read the
        // transposes prepare() copied, never a weight already stepped.
        const double scale = (backward.step ? -backward.rate : 1.0) / double(n);
        outputDelta(ws.scores, classes, m, y + first, scale, ws.delta, last.outP);
        for (int l = net.layers - 1; l >= 0; --l) {
            const Layer& L = layers[std::size_t(l)];
            const Operand inputT =
                l == 0 ? Operand{x + first, 1, ldx} : Operand{layers[std::size_t(l - 1)].h, padded(L.in), 1};
            const bool inPlace = L.gradW == backward.out + net.offsets[l];
            const Start start = backward.step && inPlace ? Start::Add : first == 0 ? Start::Zero : Start::Accumulate;
            addLayerGradient(L, ws.delta, inputT, m, start, first + m == n ? &squares : nullptr);
            if (l == 0)
                break;
            // The previous layer's delta: (Wᵀ · delta) ⊙ act'(its output).
            const Index inP = padded(L.in);
            product(inP, m, L.out, L.wt, inP, Operand{ws.delta, 1, L.outP}, ws.back, inP, Start::Zero);
            multiplyByDerivative(net.relu, layers[std::size_t(l - 1)].h, ws.back, inP * m);
            std::swap(ws.delta, ws.back);
        }
    }
    if (!backward.out)
        return sums;
    sums.gradientSquares = predux(squares) / (backward.step ? backward.rate * backward.rate : 1.0);
    for (int l = 0; l < net.layers; ++l) {
        const Layer& L = layers[std::size_t(l)];
        double* to = backward.out + net.offsets[l];
        if (L.gradW == to)
            continue;
        // Sums kept with zero rows below them: the weights' columns, then the biases.
        for (Index i = 0; i <= L.in; ++i)
            for (Index o = 0; o < L.out; ++o)
                to[o + i * L.out] = (backward.step ? to[o + i * L.out] : 0.0) + L.gradW[o + i * L.outP];
    }
    return sums;
}

} // namespace mlwb::models::detail::MLWB_CAT(mlp_, MLWB_GEMM_ISA)

namespace mlwb::models::detail {

MlpSums MLWB_CAT(mlp, MLWB_GEMM_ISA)(const MlpNet& net, const double* params, const double* x, std::int64_t n,
                                     std::int64_t ldx, const int* y, double* gradient, double* probabilities)
{
    return MLWB_CAT(mlp_, MLWB_GEMM_ISA)::evaluate(net, params, x, n, ldx, y, {.out = gradient}, probabilities);
}

MlpSums MLWB_CAT(mlpStep, MLWB_GEMM_ISA)(const MlpNet& net, double* params, const double* x, std::int64_t n,
                                         std::int64_t ldx, const int* y, double rate)
{
    return MLWB_CAT(mlp_, MLWB_GEMM_ISA)::evaluate(net, params, x, n, ldx, y,
                                                   {.out = params, .step = true, .rate = rate}, nullptr);
}

} // namespace mlwb::models::detail
