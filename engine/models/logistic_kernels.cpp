// Logistic regression's loss and gradient, compiled once per ISA level: CMake defines
// MLWB_GEMM_ISA (Baseline, Avx2, Avx512) and adds that level's -m flags, as for
// tensor/gemm_kernels.cpp. See tensor/detail/gemm.h for why nothing of this file may be
// shared between the builds.
#include "tensor/detail/isa_build.h"

#include "models/logistic_kernels.h"

#include <algorithm>

namespace mlwb::models::detail::MLWB_CAT(logistic_, MLWB_GEMM_ISA) {

using namespace Eigen::internal;  // the packet primitives: pload, pmadd, pdiv, …
using Packet = packet_traits<double>::type;
constexpr int kLanes = packet_traits<double>::size;
// Rows per block: a column's slice of the block in 8 registers. The block (64 rows of 30
// features, 15 KB, with AVX-512) stays in L1 from the product that scores its rows to the
// one that adds them into the gradient, so x is read from L2 once per call, not twice.
constexpr int kPackets = 8;
constexpr std::int64_t kBlock = kPackets * kLanes;

// exp and log of each lane through glibc's libmvec at this build's width, the functions
// tensor/detail/vector_math.h calls (Eigen's packet types are the intrinsics' vector types).
#if defined(__AVX512F__)
#define MLWB_LIBMVEC(fn) _ZGVeN8v_##fn
#elif defined(__AVX2__)
#define MLWB_LIBMVEC(fn) _ZGVdN4v_##fn
#else
#define MLWB_LIBMVEC(fn) _ZGVbN2v_##fn
#endif
extern "C" Packet MLWB_LIBMVEC(exp)(Packet);
extern "C" Packet MLWB_LIBMVEC(log)(Packet);

// z (aligned) = x·w + bias for the kBlock rows that x points to (leading dimension ldx).
void scoreBlock(const double* x, std::int64_t ldx, std::int64_t d, const double* w, double bias, double* z)
{
    Packet acc[kPackets];
    for (int k = 0; k < kPackets; ++k)
        acc[k] = pset1<Packet>(bias);
    for (std::int64_t j = 0; j < d; ++j) {
        const double* col = x + j * ldx;
        const Packet wj = pset1<Packet>(w[j]);
        for (int k = 0; k < kPackets; ++k)
            acc[k] = pmadd(ploadu<Packet>(col + k * kLanes), wj, acc[k]);
    }
    for (int k = 0; k < kPackets; ++k)
        pstore(z + k * kLanes, acc[k]);
}

// Packet j of partial (aligned) += rᵢ·xᵢⱼ lane by lane over the block's kBlock rows: the
// lanes are summed once at the end, not once per block. (Prefetching the next block here paid
// while training read columns at any alignment; on the 64-byte aligned copy that training
// makes now (models/training.cpp) it no longer measures.)
void addBlockGradient(const double* x, std::int64_t ldx, std::int64_t d, const double* r, double* partial)
{
    Packet rk[kPackets];
    for (int k = 0; k < kPackets; ++k)
        rk[k] = ploadu<Packet>(r + k * kLanes);
    for (std::int64_t j = 0; j < d; ++j) {
        const double* col = x + j * ldx;
        // Two chains of multiply-adds, so each waits half as long for the one before.
        Packet even = pmul(ploadu<Packet>(col), rk[0]), odd = pmul(ploadu<Packet>(col + kLanes), rk[1]);
        for (int k = 2; k < kPackets; k += 2) {
            even = pmadd(ploadu<Packet>(col + k * kLanes), rk[k], even);
            odd = pmadd(ploadu<Packet>(col + (k + 1) * kLanes), rk[k + 1], odd);
        }
        double* lanes = partial + j * kLanes;
        pstore(lanes, padd(pload<Packet>(lanes), padd(even, odd)));
    }
}

// Sums over the rows lane by lane, added across the lanes once at the end.
struct BlockSums {
    Packet loss, correct, residual;
};

// For the first m of the block's kBlock scores z and labels (all aligned): the loss, the
// correct count and the residual σ(z) − y into r (0 past m). The libmvec calls come one after
// another, so that they overlap; interleaved with the arithmetic below they were slower.
void addBlockTerms(const double* z, const double* label, std::int64_t m, double* r, BlockSums& sums)
{
    const Packet zero = pset1<Packet>(0.0), one = pset1<Packet>(1.0);
    // e = exp(−|z|) gives both the loss log(1 + e^z) − y·z = max(z, 0) + log(1 + e) − y·z,
    // exact for large |z| where a clipped probability would not be, and σ(z) without overflow.
    alignas(64) double e[kBlock], l[kBlock];
    for (int k = 0; k < kPackets; ++k)
        pstore(e + k * kLanes, MLWB_LIBMVEC(exp)(pnegate(pabs(pload<Packet>(z + k * kLanes)))));
    for (int k = 0; k < kPackets; ++k)
        pstore(l + k * kLanes, MLWB_LIBMVEC(log)(padd(one, pload<Packet>(e + k * kLanes))));
    Packet lossSum = sums.loss, correctSum = sums.correct, residualSum = sums.residual;
    for (int k = 0; k < kPackets; ++k) {
        const Packet zk = pload<Packet>(z + k * kLanes), yk = pload<Packet>(label + k * kLanes);
        const Packet ek = pload<Packet>(e + k * kLanes), lk = pload<Packet>(l + k * kLanes);
        const Packet valid = pcmp_lt(plset<Packet>(double(k * kLanes)), pset1<Packet>(double(m)));
        const Packet loss = psub(padd(pmax(zk, zero), lk), pmul(yk, zk));
        lossSum = padd(lossSum, pand(valid, loss));
        const Packet predicted = pand(pcmp_lt(zero, zk), one);  // 1 where z > 0
        correctSum = padd(correctSum, pand(pand(valid, pcmp_eq(predicted, yk)), one));
        const Packet residual = pand(valid, psub(pdiv(pselect(pcmp_le(zero, zk), one, ek), padd(one, ek)), yk));
        pstore(r + k * kLanes, residual);
        residualSum = padd(residualSum, residual);
    }
    sums = {lossSum, correctSum, residualSum};
}

LogisticSums evaluate(const double* x, std::int64_t n, std::int64_t ldx, std::int64_t d, const double* w,
                      double bias, const int* y, double* gradient)
{
    using Array = Eigen::Array<double, kBlock, 1>;
    const Eigen::Map<const Eigen::VectorXd> weights(w, d);
    // Reused by every call on this thread (full-batch training calls this once an epoch); left
    // as it is by calls without a gradient (the validation rows each epoch).
    thread_local Eigen::VectorXd partial;  // aligned for a packet
    if (gradient)
        partial.setZero(d * kLanes);
    const Packet zero = pset1<Packet>(0.0);
    BlockSums sums{zero, zero, zero};
    Array z, label, residual;
    for (std::int64_t first = 0; first < n; first += kBlock) {
        // Full blocks through the register-blocked loops above, the last rows through Eigen;
        // the tail of the arrays past them is zero, which addBlockTerms leaves out.
        const std::int64_t m = std::min(kBlock, n - first);
        const bool full = m == kBlock;
        const Eigen::Map<const Eigen::MatrixXd, 0, Eigen::OuterStride<>> rows(x + first, m, d,
                                                                             Eigen::OuterStride<>(ldx));
        if (full) {
            scoreBlock(x + first, ldx, d, w, bias, z.data());
        } else {
            z.head(m).matrix().noalias() = rows * weights;
            z.head(m) += bias;
            z.tail(kBlock - m).setZero();
            label.tail(kBlock - m).setZero();
        }
        for (std::int64_t i = 0; i < m; ++i)
            label[i] = y[first + i];
        addBlockTerms(z.data(), label.data(), m, residual.data(), sums);
        if (!gradient)
            continue;
        if (full)
            addBlockGradient(x + first, ldx, d, residual.data(), partial.data());
        else
            Eigen::Map<Eigen::VectorXd>(gradient, d).noalias() = rows.transpose() * residual.head(m).matrix();
    }
    const LogisticSums out{predux(sums.loss), long(predux(sums.correct))};  // counts are exact in doubles
    if (!gradient)
        return out;
    // The tail block (if any) wrote its sums into gradient; the full blocks' lanes add to them.
    // The division by n waits for the sums.
    Eigen::Map<Eigen::VectorXd> g(gradient, d);
    if (n % kBlock == 0)
        g.setZero();
    const double rows = n > 0 ? double(n) : 1.0;  // no rows: a zero gradient
    for (std::int64_t j = 0; j < d; ++j)
        g[j] = (g[j] + partial.segment<kLanes>(j * kLanes).sum()) / rows;
    gradient[d] = predux(sums.residual) / rows;
    return out;
}

} // namespace mlwb::models::detail::MLWB_CAT(logistic_, MLWB_GEMM_ISA)

namespace mlwb::models::detail {

LogisticSums MLWB_CAT(logistic, MLWB_GEMM_ISA)(const double* x, std::int64_t n, std::int64_t ldx, std::int64_t d,
                                               const double* w, double bias, const int* y, double* gradient)
{
    return MLWB_CAT(logistic_, MLWB_GEMM_ISA)::evaluate(x, n, ldx, d, w, bias, y, gradient);
}

} // namespace mlwb::models::detail
