// An MLP's forward pass, loss and gradient, compiled once per ISA level: CMake defines
// MLWB_GEMM_ISA (Baseline, Avx2, Avx512) and adds that level's -m flags, as for
// tensor/gemm_kernels.cpp. See tensor/detail/gemm.h for why nothing of this file may be
// shared between the builds.
//
// Activations are kept transposed, one column per row of the data (units × rows), so that
// every product has a left operand whose columns are contiguous: a register block of C takes
// packets of A's column and single elements of B, read in place wherever B lives (the data,
// an activation, a delta). A layer of 10 units is a packet and a part: the part's loads and
// stores are masked, so nothing is copied or padded.
#include "tensor/detail/isa_build.h"

#include "models/mlp_kernels.h"
#include "tensor/detail/vector_math.h"

#include <immintrin.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <span>
#include <utility>

namespace mlwb::models::detail::MLWB_CAT(mlp_, MLWB_GEMM_ISA) {

using namespace Eigen::internal;  // the packet primitives: ploadu, pmadd, pset1, …
using Packet = packet_traits<double>::type;
using Index = std::int64_t;
constexpr int kLanes = packet_traits<double>::size;
// Columns of a register block: 2 packets × kNr accumulators, plus the operands, fit the
// vector registers (32 with AVX-512, 16 below).
constexpr int kNr = kLanes == 8 ? 8 : 4;

// A count of doubles rounded up to whole packets at every level (8 doubles, 64 bytes).
Index padded(Index rows) { return (rows + 7) / 8 * 8; }

// The first `lanes` (0 < lanes < kLanes) values of a packet: a load leaves the others zero, a
// store leaves the memory past them alone.
Packet loadFirst(const double* from, int lanes)
{
#if defined(__AVX512F__)
    return _mm512_maskz_loadu_pd(__mmask8((1u << lanes) - 1), from);
#elif defined(__AVX2__)
    return _mm256_maskload_pd(from, _mm256_cmpgt_epi64(_mm256_set1_epi64x(lanes), _mm256_setr_epi64x(0, 1, 2, 3)));
#else
    (void)lanes;  // 1 of 2
    return _mm_load_sd(from);
#endif
}
void storeFirst(double* to, Packet v, int lanes)
{
#if defined(__AVX512F__)
    _mm512_mask_storeu_pd(to, __mmask8((1u << lanes) - 1), v);
#elif defined(__AVX2__)
    _mm256_maskstore_pd(to, _mm256_cmpgt_epi64(_mm256_set1_epi64x(lanes), _mm256_setr_epi64x(0, 1, 2, 3)), v);
#else
    (void)lanes;
    _mm_store_sd(to, v);
#endif
}

// Packet i of a block: whole, or (Part, the last one) its first `lanes` values.
template <bool Part> Packet load(const double* from, bool last, int lanes)
{
    if constexpr (Part)
        if (last)
            return loadFirst(from, lanes);
    return ploadu<Packet>(from);
}
template <bool Part> void store(double* to, Packet v, bool last, int lanes)
{
    if constexpr (Part)
        if (last)
            return storeFirst(to, v, lanes);
    pstoreu(to, v);
}

// A right-hand operand read in place: element (p, j) at data[p·rs + j·cs]. Passed by reference:
// by value, GCC built each copy with two stores and read it back with one wider load, which the
// core cannot forward; that stall at every block's call was a tenth of an MLP epoch.
struct Operand {
    const double* data;
    Index rs, cs;
};

// Where a product starts: from zero, from the bias (`side`: a packet per row, the same for
// every column) or from C itself; Add starts from zero and adds the result to C at the end.
// The gates start from zero and multiply the result by the derivative of ReLU or tanh at the
// activations `side` then points to, laid out as C: the backward pass's delta in one pass.
enum class Start { Zero, Bias, Accumulate, Add, ReluGate, TanhGate };

// One register block of C (MP packets of rows × NR columns, leading dimension ldc) from k
// columns of A (leading dimension lda) and k rows of B. With Part, the last packet of rows
// holds only `lanes` rows. With squares, the squares of the block's results (before any
// adding to C) are added to it lane by lane. S and Part are template arguments so that the
// accumulators stay in registers: chosen at run time, GCC kept them on the stack.
template <int MP, int NR, Start S, bool Part>
void block(const double* a, Index lda, const Operand& b, Index k, double* c, Index ldc, const double* side, int lanes,
           Packet* squares)
{
    Packet acc[MP][NR];
#pragma GCC unroll 16
    for (int j = 0; j < NR; ++j)
#pragma GCC unroll 4
        for (int i = 0; i < MP; ++i) {
            if constexpr (S == Start::Accumulate)
                acc[i][j] = load<Part>(c + i * kLanes + j * ldc, i == MP - 1, lanes);
            else if constexpr (S == Start::Bias)
                acc[i][j] = load<Part>(side + i * kLanes, i == MP - 1, lanes);
            else
                acc[i][j] = pset1<Packet>(0.0);
        }
    for (Index p = 0; p < k; ++p) {
        Packet column[MP];
#pragma GCC unroll 4
        for (int i = 0; i < MP; ++i)
            column[i] = load<Part>(a + i * kLanes + p * lda, i == MP - 1, lanes);
        const double* row = b.data + p * b.rs;
#pragma GCC unroll 16
        for (int j = 0; j < NR; ++j) {
            const Packet element = pset1<Packet>(row[j * b.cs]);
#pragma GCC unroll 4
            for (int i = 0; i < MP; ++i)
                acc[i][j] = pmadd(column[i], element, acc[i][j]);
        }
    }
    if (squares) {  // the lanes past a part are zero
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
            const bool last = i == MP - 1;
            if constexpr (S == Start::Add) {
                store<Part>(to, padd(load<Part>(to, last, lanes), acc[i][j]), last, lanes);
            } else if constexpr (S == Start::ReluGate || S == Start::TanhGate) {
                const Packet h = load<Part>(side + i * kLanes + j * ldc, last, lanes);
                const Packet derivative = S == Start::ReluGate
                                              ? pand(pcmp_lt(pset1<Packet>(0.0), h), pset1<Packet>(1.0))
                                              : psub(pset1<Packet>(1.0), pmul(h, h));
                store<Part>(to, pmul(acc[i][j], derivative), last, lanes);
            } else {
                store<Part>(to, acc[i][j], last, lanes);
            }
        }
}

// block<MP, nr, S, Part> for a run-time nr ≤ NR: the last columns of C.
template <int MP, Start S, bool Part, int NR = kNr>
void blockOfWidth(int nr, const double* a, Index lda, const Operand& b, Index k, double* c, Index ldc,
                  const double* side, int lanes, Packet* squares)
{
    if constexpr (NR > 1)
        if (nr < NR)
            return blockOfWidth<MP, S, Part, NR - 1>(nr, a, lda, b, k, c, ldc, side, lanes, squares);
    block<MP, NR, S, Part>(a, lda, b, k, c, ldc, side, lanes, squares);
}

// The rows of C from i: two packets, one, or the part of one left at the end.
template <Start S>
void productFrom(Index m, Index n, Index k, const double* a, Index lda, const Operand& b, double* c, Index ldc,
                 const double* side, Packet* squares)
{
    for (Index i = 0; i < m;) {
        const Index rows = std::min<Index>(m - i, 2 * kLanes);
        for (Index j = 0; j < n; j += kNr) {
            const int nr = int(std::min<Index>(kNr, n - j));
            const Operand bj{b.data + j * b.cs, b.rs, b.cs};
            constexpr bool gate = S == Start::ReluGate || S == Start::TanhGate;
            const double* sideIJ = side ? side + i + (gate ? j * ldc : 0) : nullptr;
            double* cij = c + i + j * ldc;
            if (rows == 2 * kLanes)
                blockOfWidth<2, S, false>(nr, a + i, lda, bj, k, cij, ldc, sideIJ, 0, squares);
            else if (rows > kLanes)
                blockOfWidth<2, S, true>(nr, a + i, lda, bj, k, cij, ldc, sideIJ, int(rows - kLanes), squares);
            else if (rows == kLanes)
                blockOfWidth<1, S, false>(nr, a + i, lda, bj, k, cij, ldc, sideIJ, 0, squares);
            else
                blockOfWidth<1, S, true>(nr, a + i, lda, bj, k, cij, ldc, sideIJ, int(rows), squares);
        }
        i += rows;
    }
}

// C (m × n) = start + A (m × k) · B (k × n). A's block of rows is the outer loop: it stays in
// L1 while B's columns go by.
void product(Index m, Index n, Index k, const double* a, Index lda, const Operand& b, double* c, Index ldc, Start start,
             const double* side = nullptr, Packet* squares = nullptr)
{
    switch (start) {
    case Start::Zero: return productFrom<Start::Zero>(m, n, k, a, lda, b, c, ldc, side, squares);
    case Start::Bias: return productFrom<Start::Bias>(m, n, k, a, lda, b, c, ldc, side, squares);
    case Start::Accumulate: return productFrom<Start::Accumulate>(m, n, k, a, lda, b, c, ldc, side, squares);
    case Start::Add: return productFrom<Start::Add>(m, n, k, a, lda, b, c, ldc, side, squares);
    case Start::ReluGate: return productFrom<Start::ReluGate>(m, n, k, a, lda, b, c, ldc, side, squares);
    case Start::TanhGate: return productFrom<Start::TanhGate>(m, n, k, a, lda, b, c, ldc, side, squares);
    }
}

// One weight layer as the products read it.
struct Layer {
    Index in = 0, out = 0;
    const double* w = nullptr;     // out × in, in the parameters
    const double* bias = nullptr;  // out values, in the parameters
    const double* wt = nullptr;    // Wᵀ, in × out (backward only)
    double* h = nullptr;           // outputs, out × pass rows
    double* gradW = nullptr;       // out × in, then out bias sums: in the gradient or the stepped weights
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
    std::array<Layer, kMlpMaxLayers> all;
    int count = 0;  // the net's layers, at the front of all
    std::span<const Layer> layers() const { return {all.data(), std::size_t(count)}; }
    double* scores = nullptr;  // the output layer's probabilities transposed: padded(pass rows) × classes
    double* delta = nullptr;   // two buffers of the widest layer × pass rows (backward only)
    double* back = nullptr;
};

// Scratch memory reused by every call on this thread: training calls this ~60 times an epoch,
// and allocating (or zeroing) the buffers each time cost as much as a product. An Eigen
// vector, not a std::vector<double>: this build's copy of std::vector's code would be a weak
// symbol the linker may pick for the whole program (tests/engine/tst_tensor_gemm_symbols).
double* scratch(Index doubles)
{
    thread_local Eigen::VectorXd memory;
    if (memory.size() < doubles + 8)
        memory.resize(doubles + 8);
    auto address = reinterpret_cast<std::uintptr_t>(memory.data());
    return memory.data() + (64 - address % 64) % 64 / 8;  // 64-byte aligned
}

// Lays out the layers' activations, transposes for the backward pass and the other buffers
// in scratch memory.
Workspace prepare(const MlpNet& net, const double* params, Index rows, double* out)
{
    Workspace ws;
    assert(net.layers >= 1 && net.layers <= kMlpMaxLayers);
    ws.count = net.layers;
    const bool backward = out != nullptr;
    Index need = padded(rows) * net.sizes[net.layers], widest = 0;
    for (int l = 0; l < net.layers; ++l) {
        const Index in = net.sizes[l], units = net.sizes[l + 1];
        widest = std::max(widest, std::max(in, units));  // max({…}) left a weak symbol (clang)
        need += padded(units * rows) + (backward && l > 0 ? padded(in * units) : 0);
    }
    need += backward ? 2 * padded(widest * rows) : 0;
    double* free = scratch(need);
    const auto take = [&free](Index doubles) { return std::exchange(free, free + padded(doubles)); };
    ws.scores = take(padded(rows) * net.sizes[net.layers]);
    for (int l = 0; l < net.layers; ++l) {
        Layer& L = ws.all[std::size_t(l)];
        L.in = net.sizes[l];
        L.out = net.sizes[l + 1];
        L.w = params + net.offsets[l];
        L.bias = L.w + L.out * L.in;
        L.h = take(L.out * rows);
        if (!backward)
            continue;
        if (l > 0) {
            double* wt = take(L.in * L.out);
            for (Index o = 0; o < L.out; ++o)
                for (Index i = 0; i < L.in; ++i)
                    wt[i + o * L.in] = L.w[o + i * L.out];
            L.wt = wt;
        }
        L.gradW = out + net.offsets[l];
    }
    if (backward) {
        ws.delta = take(widest * rows);
        ws.back = take(widest * rows);
    }
    return ws;
}

// f over whole packets of [0, count), then over the part left.
template <class F> void packets(Index count, F f)
{
    Index i = 0;
    for (; i + kLanes <= count; i += kLanes)
        f(i, false, 0);
    if (i < count)
        f(i, true, int(count - i));
}

void activate(bool relu, double* h, Index count)
{
    if (!relu)
        return tensor::detail::vectorMath(tensor::detail::VectorFn::Tanh, h, h, count);
    const Packet zero = pset1<Packet>(0.0);
    packets(count, [&](Index i, bool part, int lanes) {
        store<true>(h + i, pmax(load<true>(h + i, part, lanes), zero), part, lanes);
    });
}

// The output layer's scores z (classes × m, a column per row of the data) as softmax
// probabilities in p, transposed (mP × classes, mP = padded(m)): there 8 rows of the data fill a
// packet, where a column of z holds one row's few classes. p's rows past m are uniform.
void softmaxTransposed(const double* z, Index classes, Index m, double* p)
{
    const Index mP = padded(m);
    for (Index k = 0; k < classes; ++k) {
        double* col = p + k * mP;
        for (Index j = 0; j < m; ++j)
            col[j] = z[k + j * classes];
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
    alignas(64) double logs[kMlpPassRows] = {};
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

// The output layer's delta (classes × m): (p − onehot(y)) × scale.
void outputDelta(double* p, Index classes, Index m, const int* y, double scale, double* delta)
{
    const Index mP = padded(m);
    for (Index j = 0; j < m; ++j)
        p[j + y[j] * mP] -= 1.0;
    for (Index j = 0; j < m; ++j)
        for (Index k = 0; k < classes; ++k)
            delta[k + j * classes] = p[j + k * mP] * scale;
}

// gradW (start) delta · inputᵀ (out × in); the bias's part likewise with the sum of delta's
// columns. On the last chunk the result is final: its squares are added to squares on the way.
void addLayerGradient(const Layer& L, const double* delta, Operand inputT, Index m, Start start, Packet* squares)
{
    product(L.out, L.in, m, delta, L.out, inputT, L.gradW, L.out, start, nullptr, squares);
    double* gradBias = L.gradW + L.out * L.in;
    packets(L.out, [&](Index k, bool part, int lanes) {
        // Four running sums, so that the adds do not wait for each other along delta's row.
        Packet sums[4] = {start == Start::Accumulate ? load<true>(gradBias + k, part, lanes) : pset1<Packet>(0.0),
                          pset1<Packet>(0.0), pset1<Packet>(0.0), pset1<Packet>(0.0)};
        for (Index j = 0; j < m; ++j)
            sums[j % 4] = padd(sums[j % 4], load<true>(delta + k + j * L.out, part, lanes));
        const Packet s = padd(padd(sums[0], sums[1]), padd(sums[2], sums[3]));
        if (squares)
            *squares = pmadd(s, s, *squares);
        store<true>(gradBias + k, start == Start::Add ? padd(load<true>(gradBias + k, part, lanes), s) : s, part,
                    lanes);
    });
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
    const Index rows = std::min(n, kMlpPassRows);
    Workspace ws = prepare(net, params, rows, backward.out);
    assert(!backward.step || n <= kMlpPassRows);  // a step is one pass: the weights change
    assert(y || !backward.out);
    const std::span<const Layer> layers = ws.layers();
    const Layer& last = layers.back();
    const Index classes = last.out;
    MlpSums sums;
    Packet squares = pset1<Packet>(0.0);  // of the gradient, lane by lane
    // Passes of kMlpPassRows rows: their activations stay in L1 and L2 from the forward pass
    // to the backward one.
    for (Index first = 0; first < n; first += kMlpPassRows) {
        const Index m = std::min(kMlpPassRows, n - first), mP = padded(m);
        // Forward: h = act(W · input + b), column j for row first + j.
        Operand input{x + first, ldx, 1};
        for (const Layer& L : layers) {
            product(L.out, m, L.in, L.w, L.out, input, L.h, L.out, Start::Bias, L.bias);
            if (&L != &last)
                activate(net.relu, L.h, L.out * m);
            input = {L.h, 1, L.out};
        }
        softmaxTransposed(last.h, classes, m, ws.scores);
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
        outputDelta(ws.scores, classes, m, y + first, scale, ws.delta);
        for (int l = net.layers - 1; l >= 0; --l) {
            const Layer& L = layers[std::size_t(l)];
            const Operand inputT = l == 0 ? Operand{x + first, 1, ldx} : Operand{layers[std::size_t(l - 1)].h, L.in, 1};
            const Start start = backward.step ? Start::Add : first == 0 ? Start::Zero : Start::Accumulate;
            addLayerGradient(L, ws.delta, inputT, m, start, first + m == n ? &squares : nullptr);
            if (l == 0)
                break;
            // The previous layer's delta: (Wᵀ · delta) ⊙ act'(its output).
            product(L.in, m, L.out, L.wt, L.in, Operand{ws.delta, 1, L.out}, ws.back, L.in,
                    net.relu ? Start::ReluGate : Start::TanhGate, layers[std::size_t(l - 1)].h);
            std::swap(ws.delta, ws.back);
        }
    }
    if (backward.out)
        sums.gradientSquares = predux(squares) / (backward.step ? backward.rate * backward.rate : 1.0);
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
