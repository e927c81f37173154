#include "linalg/householder_qr.h"

#include "core/parallel_pieces.h"
#include "models/dense.h"
#include "tensor/detail/gemm.h"

#include <Eigen/Householder>

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <utility>
#include <vector>

namespace mlwb::linalg {

namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using StridedMap = Eigen::Map<MatrixXd, 0, Eigen::OuterStride<>>;
using ConstRef = Eigen::Ref<const MatrixXd>;

// A column-major block of a larger matrix: element (i, j) at data[i + j·ld].
struct Block {
    double* data;
    Index rows, cols, ld;

    double& operator()(Index i, Index j) const { return data[i + j * ld]; }
    Block sub(Index i, Index j, Index r, Index c) const { return {data + i + j * ld, r, c, ld}; }
    StridedMap map() const { return StridedMap(data, rows, cols, Eigen::OuterStride<>(ld)); }
    models::ConstView view() const { return {data, rows, cols, 1, ld}; }
    models::MutView mut() const { return {data, rows, cols, 1, ld}; }
};

Block whole(MatrixXd& m) { return {m.data(), m.rows(), m.cols(), m.rows()}; }

// The factored block stores, as LAPACK does, R on and above the diagonal and the Householder
// vectors v below it (their leading 1 implied). While this is alive the block's top square
// reads as the vectors' unit lower triangle instead (1 on the diagonal, 0 above), so the block
// can enter a GEMM as the matrix V; R's entries are put back afterwards.
class ExplicitVectors {
public:
    explicit ExplicitVectors(Block v) : v_(v), saved_(v.cols, v.cols)
    {
        for (Index j = 0; j < v.cols; ++j)
            for (Index i = 0; i <= j; ++i) {
                saved_(i, j) = v(i, j);
                v(i, j) = i == j ? 1.0 : 0.0;
            }
    }
    ~ExplicitVectors()
    {
        for (Index j = 0; j < v_.cols; ++j)
            for (Index i = 0; i <= j; ++i)
                v_(i, j) = saved_(i, j);
    }
    ExplicitVectors(const ExplicitVectors&) = delete;
    ExplicitVectors& operator=(const ExplicitVectors&) = delete;

private:
    Block v_;
    MatrixXd saved_;
};

// The reflectors H₁ … H_b of a factored block multiply to I − V T Vᵀ with T upper triangular
// (the compact WY form, Schreiber & Van Loan 1989). This applies their transpose:
// a ← a − V (Tᵀ (Vᵀ a)), V explicit.
void applyTransposed(Block v, Block t, Block a)
{
    MatrixXd w(v.cols, a.cols);
    models::multiply(v.view().t(), a.view(), models::mut(w));
    w = t.map().triangularView<Eigen::Upper>().transpose() * w;
    models::subtractProduct(v.view(), models::view(w), a.mut());
}

// A narrow block column by column, building T as LAPACK's dlarft does:
// T(0:j, j) = −τⱼ T(0:j, 0:j) V(:, 0:j)ᵀ vⱼ.
void factorColumns(Block a, Block t)
{
    const Index m = a.rows, c = a.cols;
    std::vector<double> workspace(static_cast<std::size_t>(c));
    for (Index j = 0; j < c; ++j) {
        Eigen::Map<Eigen::VectorXd> column(&a(j, j), m - j);
        double tau = 0, beta = 0;
        column.makeHouseholderInPlace(tau, beta);
        a(j, j) = beta;
        const auto essential = column.tail(m - j - 1);
        if (j + 1 < c)
            a.sub(j, j + 1, m - j, c - j - 1).map().applyHouseholderOnTheLeft(essential, tau, workspace.data());
        t(j, j) = tau;
        if (j > 0) {
            // vⱼ is 0 above row j and 1 at row j, where the earlier vectors hold row j of a.
            Eigen::VectorXd z = a.sub(j, 0, 1, j).map().transpose();
            z.noalias() += a.sub(j + 1, 0, m - j - 1, j).map().transpose() * essential;
            const Eigen::VectorXd tz = t.sub(0, 0, j, j).map().triangularView<Eigen::Upper>() * z;
            t.sub(0, j, j, 1).map() = -tau * tz;
        }
    }
}

// Factors a (rows ≥ cols) in place and writes its T: the left half, then the right half once
// the left half's reflectors are applied to it, then T's corner joining the two,
// −T₁ (V₁ᵀ V₂) T₂ (Elmroth & Gustavson 2000).
void factorRecursive(Block a, Block t)
{
    constexpr Index kNarrow = 8;  // below this, products would be too thin to pay for a GEMM call
    if (a.cols <= kNarrow)
        return factorColumns(a, t);
    const Index m = a.rows, c1 = a.cols / 2, c2 = a.cols - c1;
    const Block v1 = a.sub(0, 0, m, c1), v2 = a.sub(c1, c1, m - c1, c2);
    const Block t1 = t.sub(0, 0, c1, c1), t2 = t.sub(c1, c1, c2, c2);
    factorRecursive(v1, t1);
    {
        const ExplicitVectors explicitV1(v1);
        applyTransposed(v1, t1, a.sub(0, c1, m, c2));
    }
    factorRecursive(v2, t2);
    // V₂ is zero above row c1; below its own triangle (from row c1 on) V₁ holds plain entries.
    MatrixXd s(c1, c2);
    {
        const ExplicitVectors explicitV2(v2);
        models::multiply(a.sub(c1, 0, m - c1, c1).view().t(), v2.view(), models::mut(s));
    }
    t.sub(0, c1, c1, c2).map() =
        -(t1.map().triangularView<Eigen::Upper>() * s) * t2.map().triangularView<Eigen::Upper>();
}

constexpr Index kBlockRows = 512;  // 1 MB of a 256-column matrix: the kernel's block stays in L2 (2 MB here)

// A row chunk's part of the streaming QR: its triangle and, when centring, each block's
// column means (a row per block) and number of rows.
struct ChunkFactor {
    MatrixXd r;
    MatrixXd blockMeans;
    VectorXd blockRows;
};

// A block of rows as the kernel reads it: its columns start on cache lines, so that the kernel's
// vector loads do not straddle two, and lie a cache line more apart than the rows need (4160
// bytes for 512 rows, not 4096), so that a few columns read together do not compete for the
// same sets of the L1 cache.
class RowBlock {
public:
    RowBlock(Index rows, Index cols) : ld_((rows + 7) / 8 * 8 + 8), storage_(ld_ * cols + 7)
    {
        // From an ordinary allocation, 7 doubles over: glibc's aligned allocations fragment the
        // heap when repeated (the SVD route's peak memory grew by 13 MB).
        const auto address = reinterpret_cast<std::uintptr_t>(storage_.data());
        data_ = storage_.data() + (64 - address % 64) % 64 / sizeof(double);
    }

    double* column(Index j) { return data_ + j * ld_; }
    Index ld() const { return ld_; }

private:
    Index ld_;
    VectorXd storage_;
    double* data_;
};

// Copies rows [first, first + h) of a into the top of buffer, each column less its mean over
// these rows when centring, and returns those means (zeros when not).
Eigen::RowVectorXd copyBlock(const ConstRef& a, Index first, Index h, bool centre, RowBlock& buffer)
{
    const Index n = a.cols();
    Eigen::RowVectorXd means = Eigen::RowVectorXd::Zero(n);
    for (Index j = 0; j < n; ++j) {
        // Each column's segment is a separate stream from memory, too short for the hardware
        // prefetcher to get ahead of: a few columns ahead are asked for early (the copy of
        // 20000 × 256 took 2.3 ms on two cores instead of 2.8).
        constexpr Index kAhead = 4;
        if (j + kAhead < n)
            for (Index l = 0; l < h; l += 8)
                __builtin_prefetch(a.data() + first + l + (j + kAhead) * a.outerStride());
        const auto column = a.col(j).segment(first, h);
        if (centre)
            means(j) = column.mean();
        VectorXd::Map(buffer.column(j), h) = column.array() - means(j);  // the segment is in L1 from its sum
    }
    return means;
}

// R of the rows [first, first + rows) of a, a block of kBlockRows rows at a time copied into a
// buffer the cache holds (each column less its mean over the block, when centring) and folded
// into R by the dispatched kernel: neither the centred data nor the Householder vectors are
// written out whole. The kernel's flops are those of a QR of the whole chunk, 2·rows·n².
ChunkFactor chunkTriangle(const ConstRef& a, Index first, Index rows, bool centre)
{
    const Index n = a.cols(), blocks = (rows + kBlockRows - 1) / kBlockRows;
    ChunkFactor f{MatrixXd::Zero(n, n), MatrixXd(centre ? blocks : 0, n), VectorXd(centre ? blocks : 0)};
    RowBlock buffer(std::min(kBlockRows, rows), n);
    for (Index i = 0; i < blocks; ++i) {
        const Index b = first + i * kBlockRows, h = std::min(kBlockRows, first + rows - b);
        const Eigen::RowVectorXd means = copyBlock(a, b, h, centre, buffer);
        if (centre) {
            f.blockMeans.row(i) = means;
            f.blockRows(i) = double(h);
        }
        tensor::detail::gemmKernels().f64TriangleUpdate(f.r.data(), n, buffer.column(0), buffer.ld(), h, n);
    }
    return f;
}

// Block i centred on its own mean b̄ᵢ is, up to an orthogonal transformation of its rows, the
// block centred on the overall mean μ less one row, √hᵢ·(b̄ᵢ − μ) (a reflection taking the
// block's unit vector 1/√hᵢ to e₁). So R of the centred data is that of the blocks centred on
// their own means, the rows √hᵢ·(b̄ᵢ − μ) folded in: one pass over the data, and all of it
// orthogonal transformations of centred values, as the two-pass route (the means first). With one
// block these rows are zero.
void foldBlockMeans(MatrixXd& r, Eigen::RowVectorXd& mean, const std::vector<ChunkFactor>& chunks, Index m)
{
    const Index n = r.cols();
    Index blocks = 0;
    for (const ChunkFactor& f : chunks)
        blocks += f.blockRows.size();
    MatrixXd means(blocks, n);
    VectorXd rows(blocks);
    for (Index at = 0; const ChunkFactor& f : chunks) {
        means.middleRows(at, f.blockRows.size()) = f.blockMeans;
        rows.segment(at, f.blockRows.size()) = f.blockRows;
        at += f.blockRows.size();
    }
    if (blocks == 1) {
        mean = means;
        return;
    }
    mean = rows.transpose() * means / double(m);
    MatrixXd between = (means.rowwise() - mean).array().colwise() * rows.array().sqrt();
    tensor::detail::gemmKernels().f64TriangleUpdate(r.data(), n, between.data(), blocks, blocks, n);
}

// Folds the upper triangle `below` (its strict lower part zero) into r, its rows in bands: a
// band is zero left of its first row's diagonal, so it folds into r's trailing square alone, and
// the fold takes about (2/3)·n³ flops rather than the 2·n³ of a dense block (0.9 -> 0.7 ms).
void foldTriangle(MatrixXd& r, MatrixXd& below)
{
    constexpr Index kBand = 64;
    const Index n = r.cols();
    for (Index i = 0; i < n; i += kBand) {
        const Index h = std::min(kBand, n - i);
        tensor::detail::gemmKernels().f64TriangleUpdate(&r(i, i), n, &below(i, i), n, h, n - i);
    }
}

// Rows [first, first + count) of piece p of m rows in `chunks` chunks: pieces 0 … chunks − 1
// are the chunks' first two thirds, the rest their last thirds (see stackedTriangle).
std::pair<Index, Index> pieceRows(Index m, Index chunks, Index p)
{
    const Index c = p % chunks, first = m * c / chunks, rows = m * (c + 1) / chunks - first;
    if (chunks == 1)
        return {first, rows};
    // Whole blocks of kBlockRows where there are any (the nearest number): a last block of a
    // few rows costs nearly what a whole one does.
    Index head = rows * 2 / 3;
    if (head >= kBlockRows)
        head = (head + kBlockRows / 2) / kBlockRows * kBlockRows;
    return p < chunks ? std::pair{first, head} : std::pair{first + head, rows - head};
}

CentredTriangle stackedTriangle(const ConstRef& a, bool centre)
{
    const Index m = a.rows(), n = a.cols();
    assert(m >= n && n > 0);
    // Folding one chunk's triangle into another's takes as long as about 2·n³ flops of rows do
    // (its (2/3)·n³ run in small products: 0.7 ms for n = 256), against 2·m·n² for the whole: c
    // is the largest power of two (up to 8) that keeps this under about 3.5 %, so the chunks
    // depend on the size alone and the result not on the number of threads.
    Index chunks = 1;
    while (chunks < 8 && (2 * chunks - 1) * n * 29 <= m)
        chunks *= 2;
    // Each chunk is two pieces, its first two thirds and its last third, and the threads take
    // the larger pieces first. With another program on one of two cores, the thread that shares
    // it does one large piece at half speed while the other does a large and two small ones:
    // both end at 4/3 of the quiet time, where two whole chunks ended at 3/2 (the shared one
    // half done when the other had finished). Quiet, the pieces balance as the chunks did, for
    // one more fold per chunk.
    const Index pieces = chunks == 1 ? 1 : 2 * chunks;
    std::vector<ChunkFactor> f(static_cast<std::size_t>(pieces));
    forEachPiece(pieces, [&](Index p) {
        const auto [first, rows] = pieceRows(m, chunks, p);
        f[std::size_t(p)] = chunkTriangle(a, first, rows, centre);
    });
    if (pieces > chunks)
        forEachPiece(chunks, [&](Index c) { foldTriangle(f[std::size_t(c)].r, f[std::size_t(c + chunks)].r); });
    // Pairs of triangles, the second folded into the first, until one is left.
    for (Index step = 1; step < chunks; step *= 2)
        forEachPiece(chunks / (2 * step), [&](Index pair) {
            const Index c = pair * 2 * step;
            foldTriangle(f[std::size_t(c)].r, f[std::size_t(c + step)].r);
        });
    CentredTriangle result{std::move(f[0].r), Eigen::RowVectorXd::Zero(n)};
    if (centre)
        foldBlockMeans(result.r, result.mean, f, m);
    return result;
}

} // namespace

MatrixXd triangularFactor(ConstRef a) { return stackedTriangle(a, false).r; }

CentredTriangle triangularFactorOfCentred(ConstRef a) { return stackedTriangle(a, true); }

MatrixXd orthonormalBasis(MatrixXd a)
{
    const Index m = a.rows(), l = a.cols();
    assert(m >= l);
    MatrixXd t(l, l);
    factorRecursive(whole(a), whole(t));
    // Q's first l columns: (I − V T Vᵀ)·[I; 0] = [I; 0] − V·(T·V₁ᵀ), V₁ the top l rows of V.
    const ExplicitVectors explicitV(whole(a));
    const MatrixXd w = t.triangularView<Eigen::Upper>() * a.topRows(l).transpose();
    MatrixXd q(m, l);
    models::multiply(models::view(a), models::view(w), models::mut(q));
    q = -q;
    q.topRows(l).diagonal().array() += 1.0;
    return q;
}

} // namespace mlwb::linalg
