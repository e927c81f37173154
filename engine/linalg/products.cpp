#include "linalg/products.h"

#include "core/parallel_pieces.h"
#include "models/dense.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace mlwb::linalg {

using Eigen::Index;
using Eigen::MatrixXd;
using ConstRef = Eigen::Ref<const MatrixXd>;

namespace {
models::ConstView view(const ConstRef& a) { return {a.data(), a.rows(), a.cols(), 1, a.outerStride()}; }
} // namespace

MatrixXd product(ConstRef a, ConstRef b)
{
    MatrixXd c(a.rows(), b.cols());
    models::multiply(view(a), view(b), models::mut(c));
    return c;
}

MatrixXd transposedProduct(ConstRef a, ConstRef b)
{
    MatrixXd c(a.cols(), b.cols());
    models::multiply(view(a).t(), view(b), models::mut(c));
    return c;
}

MatrixXd gram(ConstRef x)
{
    constexpr Index kBlock = 64;  // columns per block: 4 blocks of 256 columns make 10 products, not 16
    // Entries per chunk at least: a smaller product is not worth waking a thread for.
    constexpr Index kChunkEntries = Index(1) << 18;
    const Index n = x.rows(), p = x.cols(), ld = x.outerStride();
    if (n == 0 || p == 0)
        return MatrixXd::Zero(p, p);
    const Index chunks = std::clamp<Index>(n * p / kChunkEntries, 1, 8);
    std::vector<std::pair<Index, Index>> blocks;  // (row, column) where each block on or below the diagonal starts
    for (Index i = 0; i < p; i += kBlock)
        for (Index j = 0; j <= i; j += kBlock)
            blocks.emplace_back(i, j);
    std::vector<MatrixXd> partial(std::size_t(chunks), MatrixXd(p, p));
    forEachPiece(chunks, [&](Index c) {
        const Index first = n * c / chunks, rows = n * (c + 1) / chunks - first;
        MatrixXd& g = partial[std::size_t(c)];
        for (const auto& [i, j] : blocks) {
            const Index wi = std::min(kBlock, p - i), wj = std::min(kBlock, p - j);
            const models::ConstView xi{x.data() + first + i * ld, rows, wi, 1, ld};
            const models::ConstView xj{x.data() + first + j * ld, rows, wj, 1, ld};
            const models::MutView gij{g.data() + i + j * p, wi, wj, 1, p};
            if (i == j)
                models::gramLower(xi, gij);
            else
                models::multiply(xi.t(), xj, gij);
        }
    });
    MatrixXd g = std::move(partial[0]);
    for (std::size_t c = 1; c < partial.size(); ++c)
        g.triangularView<Eigen::Lower>() += partial[c];
    return g.selfadjointView<Eigen::Lower>();
}

} // namespace mlwb::linalg
