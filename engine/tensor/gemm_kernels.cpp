// matmul's 2-D products through Eigen's blocked GEMM, compiled once per ISA level: CMake
// defines MLWB_GEMM_ISA (Baseline, Avx2, Avx512) and adds that level's -m flags. See
// tensor/detail/gemm.h for why nothing of this file may be shared between the builds.
#include "tensor/detail/isa_build.h"

#include "core/parallel_pieces.h"
#include "tensor/detail/gemm.h"

#include <Eigen/SVD>

#include <algorithm>
#include <cmath>
#include <limits>
#include <omp.h>

namespace mlwb::tensor::detail::MLWB_CAT(gemm_, MLWB_GEMM_ISA) {

template <class T> using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;
template <class T> using RowMat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using OStride = Eigen::OuterStride<>;

// Maps each operand as row- or column-major, whichever has the unit stride. Subtract: c −= a·b.
template <class T, bool Subtract>
void eigenProduct(const T* a, Strides2 as, const T* b, Strides2 bs, T* c, Strides2 cs, std::int64_t m,
                       std::int64_t k, std::int64_t n)
{
    const auto run = [&](const auto& A, const auto& B) {
        if (cs.cs == 1) {
            Eigen::Map<RowMat<T>, 0, OStride> C(c, m, n, OStride(cs.rs));
            if constexpr (Subtract)
                C.noalias() -= A * B;
            else
                C.noalias() = A * B;
        } else {
            Eigen::Map<Mat<T>, 0, OStride> C(c, m, n, OStride(cs.cs));
            if constexpr (Subtract)
                C.noalias() -= A * B;
            else
                C.noalias() = A * B;
        }
    };
    const auto withB = [&](const auto& A) {
        if (bs.cs == 1 || n == 1)
            run(A, Eigen::Map<const RowMat<T>, 0, OStride>(b, k, n, OStride(n == 1 ? std::max<std::int64_t>(bs.rs, 1) : bs.rs)));
        else
            run(A, Eigen::Map<const Mat<T>, 0, OStride>(b, k, n, OStride(bs.cs)));
    };
    if (as.cs == 1 || k == 1)
        withB(Eigen::Map<const RowMat<T>, 0, OStride>(a, m, k, OStride(k == 1 ? std::max<std::int64_t>(as.rs, 1) : as.rs)));
    else
        withB(Eigen::Map<const Mat<T>, 0, OStride>(a, m, k, OStride(as.cs)));
}

// Eigen splits a product evenly over the OpenMP threads, so a thread that shares its core with
// another program holds all the others up. A large product is cut instead into panels of C's
// rows (or columns, when there are more of them) that the pool's threads take as they finish;
// Eigen runs each panel on one thread (isa_build.h turns its own threading off).
template <class T, bool Subtract = false>
void gemm(const T* a, Strides2 as, const T* b, Strides2 bs, T* c, Strides2 cs, std::int64_t m, std::int64_t k,
          std::int64_t n)
{
    constexpr std::int64_t kMinPanel = 64;
    const int threads = omp_get_max_threads();
    const bool byRows = m >= n;
    const std::int64_t split = byRows ? m : n;
    const std::int64_t panels = std::min<std::int64_t>(4 * threads, split / kMinPanel);
    if (threads == 1 || inParallelWork() || panels < 2 || 2.0 * double(m) * double(k) * double(n) < 4e6) {
        eigenProduct<T, Subtract>(a, as, b, bs, c, cs, m, k, n);
        return;
    }
    const auto edge = [&](std::int64_t i) { return split * i / panels; };
    forEachPiece(panels, [&](std::int64_t p) {
        const std::int64_t lo = edge(p), len = edge(p + 1) - lo;
        if (byRows)
            eigenProduct<T, Subtract>(a + lo * as.rs, as, b, bs, c + lo * cs.rs, cs, len, k, n);
        else
            eigenProduct<T, Subtract>(a, as, b + lo * bs.cs, bs, c + lo * cs.cs, cs, m, k, len);
    });
}

// Eigen's rank update multiplies only the blocks on and below the diagonal.
void gramLower(const double* a, std::int64_t lda, std::int64_t k, std::int64_t n, double* c, std::int64_t ldc)
{
    const Eigen::Map<const Mat<double>, 0, OStride> A(a, k, n, OStride(lda));
    Eigen::Map<Mat<double>, 0, OStride> C(c, n, n, OStride(ldc));
    C.triangularView<Eigen::Lower>().setZero();
    C.selfadjointView<Eigen::Lower>().rankUpdate(A.transpose());
}

// ---- f64TriangleUpdate: [R; A] = Q·[R'; 0], the step of a QR that streams blocks of rows ----
// Each reflector is I − τ·y·yᵀ with y = [e_j; v]: 1 at R's row j, v in A. As in LAPACK's
// dtpqrt, panels are factored and then applied to the columns on their right in the compact
// WY form, here with the panels factored recursively (Elmroth & Gustavson 2000) so that nearly
// all of the work is products on the block, which the caller keeps small enough for the cache.

using Index = Eigen::Index;
using StridedMap = Eigen::Map<Mat<double>, 0, OStride>;

// A column-major block of a larger matrix: element (i, j) at data[i + j·ld].
struct Block {
    double* data;
    Index rows, cols, ld;

    double& operator()(Index i, Index j) const { return data[i + j * ld]; }
    Block sub(Index i, Index j, Index r, Index c) const { return {data + i + j * ld, r, c, ld}; }
    StridedMap map() const { return StridedMap(data, rows, cols, OStride(ld)); }
};

constexpr Index kLeaf = 8;    // columns factored one by one: wider, and products pay for their calls
constexpr Index kPanel = 32;  // columns per panel: T costs about kPanel / (2n) of the flops

// The update's two products, Vᵀ·A and A += V·W, read their operands where they are. Eigen's
// GEMM first copies its operands into a packed layout, which for these shapes (a depth or a
// width of 32) is a pass over the trailing matrix as long as the product itself: with these
// kernels on cache-line-aligned blocks the QR of 20000 × 256 took 28 ms instead of 33.
using Packet = Eigen::internal::packet_traits<double>::type;
constexpr int kLanes = Eigen::internal::packet_traits<double>::size;
// Register blocks: accumulators plus operands fit the vector registers (32 with AVX-512, 16 below).
constexpr int kDotP = kLanes == 8 ? 4 : 2;  // Vᵀ·A: columns of V …
constexpr int kDotQ = kLanes == 8 ? 6 : 4;  // … by columns of A
constexpr int kAddMp = kLanes == 8 ? 3 : 2;  // A += V·W: packets of rows …
constexpr int kAddNr = kLanes == 8 ? 8 : 4;  // … by columns

// w (P × Q, leading dimension ldw) += vᵀ·a for v (m × P) and a (m × Q), column-major: dot
// products down the columns, summed across the packets' lanes at the end.
template <int P, int Q>
void dotBlock(const double* v, Index ldv, const double* a, Index lda, Index m, double* w, Index ldw)
{
    using namespace Eigen::internal;
    Packet acc[P][Q];
#pragma GCC unroll 8
    for (int p = 0; p < P; ++p)
#pragma GCC unroll 8
        for (int q = 0; q < Q; ++q)
            acc[p][q] = pset1<Packet>(0.0);
    Index i = 0;
    for (; i + kLanes <= m; i += kLanes) {
        Packet vp[P];
#pragma GCC unroll 8
        for (int p = 0; p < P; ++p)
            vp[p] = ploadu<Packet>(v + i + p * ldv);
#pragma GCC unroll 8
        for (int q = 0; q < Q; ++q) {
            const Packet aq = ploadu<Packet>(a + i + q * lda);
#pragma GCC unroll 8
            for (int p = 0; p < P; ++p)
                acc[p][q] = pmadd(vp[p], aq, acc[p][q]);
        }
    }
    for (int p = 0; p < P; ++p)
        for (int q = 0; q < Q; ++q) {
            double sum = predux(acc[p][q]);
            for (Index r = i; r < m; ++r)  // the rows past the last whole packet
                sum += v[r + p * ldv] * a[r + q * lda];
            w[p + q * ldw] += sum;
        }
}

// dotBlock<p, q> for run-time p ≤ P and q ≤ Q.
template <int P = kDotP, int Q = kDotQ>
void dotBlockOf(int p, int q, const double* v, Index ldv, const double* a, Index lda, Index m, double* w, Index ldw)
{
    if constexpr (P > 1)
        if (p < P)
            return dotBlockOf<P - 1, Q>(p, q, v, ldv, a, lda, m, w, ldw);
    if constexpr (Q > 1)
        if (q < Q)
            return dotBlockOf<P, Q - 1>(p, q, v, ldv, a, lda, m, w, ldw);
    dotBlock<P, Q>(v, ldv, a, lda, m, w, ldw);
}

// w += vᵀ·a. a's block of columns is the outer loop: it stays in L1 while v's blocks go by.
void addTransposedProduct(Block v, Block a, Mat<double>& w)
{
    for (Index q = 0; q < a.cols; q += kDotQ)
        for (Index p = 0; p < v.cols; p += kDotP)
            dotBlockOf(int(std::min<Index>(kDotP, v.cols - p)), int(std::min<Index>(kDotQ, a.cols - q)), &v(0, p),
                       v.ld, &a(0, q), a.ld, a.rows, &w(p, q), w.rows());
}

// a (MP packets of rows × NR columns) += v (those rows × k) · w (k × NR), column-major: v's
// packets read, w's elements broadcast.
template <int MP, int NR>
void addProductBlock(const double* v, Index ldv, const double* w, Index ldw, Index k, double* a, Index lda)
{
    using namespace Eigen::internal;
    Packet acc[MP][NR];
#pragma GCC unroll 8
    for (int j = 0; j < NR; ++j)
#pragma GCC unroll 4
        for (int i = 0; i < MP; ++i)
            acc[i][j] = ploadu<Packet>(a + i * kLanes + j * lda);
    for (Index p = 0; p < k; ++p) {
        Packet column[MP];
#pragma GCC unroll 4
        for (int i = 0; i < MP; ++i)
            column[i] = ploadu<Packet>(v + i * kLanes + p * ldv);
#pragma GCC unroll 8
        for (int j = 0; j < NR; ++j) {
            const Packet element = pset1<Packet>(w[p + j * ldw]);
#pragma GCC unroll 4
            for (int i = 0; i < MP; ++i)
                acc[i][j] = pmadd(column[i], element, acc[i][j]);
        }
    }
#pragma GCC unroll 8
    for (int j = 0; j < NR; ++j)
#pragma GCC unroll 4
        for (int i = 0; i < MP; ++i)
            pstoreu(a + i * kLanes + j * lda, acc[i][j]);
}

// addProductBlock<MP, nr> for a run-time nr ≤ NR.
template <int MP, int NR = kAddNr>
void addProductBlockOf(int nr, const double* v, Index ldv, const double* w, Index ldw, Index k, double* a, Index lda)
{
    if constexpr (NR > 1)
        if (nr < NR)
            return addProductBlockOf<MP, NR - 1>(nr, v, ldv, w, ldw, k, a, lda);
    addProductBlock<MP, NR>(v, ldv, w, ldw, k, a, lda);
}

// a += v·w for rows [i, i + MP·kLanes·count) of a and v: a block of rows is the outer loop,
// its part of v staying in L1 while w's columns go by.
template <int MP>
void addProductRows(Block v, const Mat<double>& w, Block a, Index i, Index count)
{
    for (Index end = i + count * MP * kLanes; i < end; i += MP * kLanes)
        for (Index j = 0; j < a.cols; j += kAddNr)
            addProductBlockOf<MP>(int(std::min<Index>(kAddNr, a.cols - j)), &v(i, 0), v.ld, &w(0, j), w.rows(),
                                  v.cols, &a(i, j), a.ld);
}

// a += v·w (v m × k, w k × c, a m × c): blocks of kAddMp packets of rows, then single packets,
// then the rows past the last whole packet one by one.
void addProduct(Block v, const Mat<double>& w, Block a)
{
    const Index m = a.rows, wide = m / (kAddMp * kLanes), single = (m - wide * kAddMp * kLanes) / kLanes;
    addProductRows<kAddMp>(v, w, a, 0, wide);
    addProductRows<1>(v, w, a, wide * kAddMp * kLanes, single);
    for (Index i = (wide * kAddMp + single) * kLanes; i < m; ++i)
        for (Index j = 0; j < a.cols; ++j) {
            double sum = a(i, j);
            for (Index p = 0; p < v.cols; ++p)
                sum += v(i, p) * w(p, j);
            a(i, j) = sum;
        }
}

// The reflectors of the vectors v (A's rows) multiply to I − Y·T·Yᵀ; this applies the transpose,
// I − Y·Tᵀ·Yᵀ, to the columns [rTop; a] on their right: W = rTop + Vᵀa, W ← −TᵀW, rTop += W,
// a += V·W.
void applyReflectors(Block v, Block t, Block rTop, Block a)
{
    Mat<double> w = rTop.map();
    addTransposedProduct(v, a, w);
    w = -(t.map().triangularView<Eigen::Upper>().transpose() * w);
    rTop.map() += w;
    addProduct(v, w, a);
}

// Column by column, T as LAPACK's dlarft builds it: T(0:j, j) = −τⱼ·T(0:j, 0:j)·(Vᵀvⱼ), where
// only A's parts of the vectors meet (their parts in R are distinct unit vectors).
void factorLeaf(Block rd, Block a, Block t)
{
    using LeafRow = Eigen::Matrix<double, 1, Eigen::Dynamic, Eigen::RowMajor, 1, kLeaf>;
    using LeafCol = Eigen::Matrix<double, Eigen::Dynamic, 1, 0, kLeaf, 1>;
    const Index w = a.cols;
    for (Index j = 0; j < w; ++j) {
        auto v = a.map().col(j);
        const double alpha = rd(j, j), tail = v.squaredNorm();
        double tau = 0;
        if (tail > std::numeric_limits<double>::min()) {  // else H = I, as Eigen's makeHouseholder
            const double beta = -std::copysign(std::sqrt(alpha * alpha + tail), alpha);
            tau = (beta - alpha) / beta;
            v /= alpha - beta;
            rd(j, j) = beta;
        } else {
            v.setZero();
        }
        // One pass over the leaf for both uses of vᵀ·column: left of j the earlier vectors
        // (for T), right of j the columns still to reflect.
        const LeafRow u = v.transpose() * a.map();
        const Index right = w - j - 1;
        if (tau != 0 && right > 0) {
            auto rRow = rd.sub(j, j + 1, 1, right).map();
            const LeafRow z = rRow + u.tail(right);
            rRow -= tau * z;
            a.sub(0, j + 1, a.rows, right).map().noalias() -= (tau * v) * z;
        }
        t(j, j) = tau;
        if (j > 0) {
            const LeafCol tz = t.sub(0, 0, j, j).map().triangularView<Eigen::Upper>() * u.head(j).transpose();
            t.sub(0, j, j, 1).map() = -tau * tz;
        }
    }
}

// Factors [rd; a] (rd the panel's square of R) and writes its T: the left half, the right half
// once the left half's reflectors are applied to it, and T's corner −T₁₁·(V₁ᵀV₂)·T₂₂.
void factorPanel(Block rd, Block a, Block t)
{
    if (a.cols <= kLeaf)
        return factorLeaf(rd, a, t);
    const Index m = a.rows, w1 = a.cols / 2, w2 = a.cols - w1;
    const Block v1 = a.sub(0, 0, m, w1), v2 = a.sub(0, w1, m, w2);
    const Block t11 = t.sub(0, 0, w1, w1), t22 = t.sub(w1, w1, w2, w2);
    factorPanel(rd.sub(0, 0, w1, w1), v1, t11);
    applyReflectors(v1, t11, rd.sub(0, w1, w1, w2), v2);
    factorPanel(rd.sub(w1, w1, w2, w2), v2, t22);
    Mat<double> s = Mat<double>::Zero(w1, w2);
    addTransposedProduct(v1, v2, s);
    t.sub(0, w1, w1, w2).map() =
        -(t11.map().triangularView<Eigen::Upper>() * s) * t22.map().triangularView<Eigen::Upper>();
}

void triangleUpdate(double* r, std::int64_t ldr, double* a, std::int64_t lda, std::int64_t m, std::int64_t n)
{
    Mat<double> t(kPanel, kPanel);
    const Block rb{r, n, n, ldr}, ab{a, m, n, lda};
    for (Index k = 0; k < n; k += kPanel) {
        const Index w = std::min(kPanel, n - k);
        const Block panel = ab.sub(0, k, m, w), tb{t.data(), w, w, kPanel};
        factorPanel(rb.sub(k, k, w, w), panel, tb);
        if (k + w < n)
            applyReflectors(panel, tb, rb.sub(k, k + w, w, n - k - w), ab.sub(0, k + w, m, n - k - w));
    }
}

void bidiagonalize(double* a, std::int64_t n, double* d, double* e)
{
    Eigen::Map<Mat<double>> matrix(a, n, n);
    Eigen::internal::UpperBidiagonalization<Mat<double>> bidiagonalization(matrix);
    matrix = bidiagonalization.householder();
    // A copy: Eigen 3.4's const BandMatrix::diagonal<1>() does not compile.
    auto band = bidiagonalization.bidiagonal();
    Eigen::Map<Eigen::VectorXd>(d, n) = band.diagonal();
    Eigen::Map<Eigen::VectorXd>(e, n - 1) = band.template diagonal<1>();
}

} // namespace mlwb::tensor::detail::MLWB_CAT(gemm_, MLWB_GEMM_ISA)

namespace mlwb::tensor::detail {

extern const GemmKernels MLWB_CAT(gemmKernels, MLWB_GEMM_ISA){
    MLWB_CAT(gemm_, MLWB_GEMM_ISA)::gemm<std::int64_t>, MLWB_CAT(gemm_, MLWB_GEMM_ISA)::gemm<float>,
    MLWB_CAT(gemm_, MLWB_GEMM_ISA)::gemm<double>, MLWB_CAT(gemm_, MLWB_GEMM_ISA)::gemm<double, true>,
    MLWB_CAT(gemm_, MLWB_GEMM_ISA)::gramLower, MLWB_CAT(gemm_, MLWB_GEMM_ISA)::triangleUpdate,
    MLWB_CAT(gemm_, MLWB_GEMM_ISA)::bidiagonalize};

} // namespace mlwb::tensor::detail
