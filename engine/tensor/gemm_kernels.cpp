// matmul's 2-D products through Eigen's blocked GEMM, compiled once per ISA level: CMake
// defines MLWB_GEMM_ISA (Baseline, Avx2, Avx512) and adds that level's -m flags. See
// tensor/detail/gemm.h for why nothing of this file may be shared between the builds.
#include "tensor/detail/isa_build.h"

#include "tensor/detail/gemm.h"

#include <algorithm>
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
// rows (or columns, when there are more of them) that the threads take as they finish; Eigen
// runs each panel on one thread, since it is called inside a parallel region.
template <class T, bool Subtract = false>
void gemm(const T* a, Strides2 as, const T* b, Strides2 bs, T* c, Strides2 cs, std::int64_t m, std::int64_t k,
          std::int64_t n)
{
    constexpr std::int64_t kMinPanel = 64;
    const int threads = omp_get_max_threads();
    const bool byRows = m >= n;
    const std::int64_t split = byRows ? m : n;
    const std::int64_t panels = std::min<std::int64_t>(4 * threads, split / kMinPanel);
    if (threads == 1 || omp_in_parallel() || panels < 2 || 2.0 * double(m) * double(k) * double(n) < 4e6) {
        eigenProduct<T, Subtract>(a, as, b, bs, c, cs, m, k, n);
        return;
    }
    const auto edge = [&](std::int64_t i) { return split * i / panels; };
#pragma omp parallel for schedule(dynamic, 1)
    for (std::int64_t p = 0; p < panels; ++p) {
        const std::int64_t lo = edge(p), len = edge(p + 1) - lo;
        if (byRows)
            eigenProduct<T, Subtract>(a + lo * as.rs, as, b, bs, c + lo * cs.rs, cs, len, k, n);
        else
            eigenProduct<T, Subtract>(a, as, b + lo * bs.cs, bs, c + lo * cs.cs, cs, m, k, len);
    }
}

// Eigen's rank update multiplies only the blocks on and below the diagonal.
void gramLower(const double* a, std::int64_t lda, std::int64_t k, std::int64_t n, double* c, std::int64_t ldc)
{
    const Eigen::Map<const Mat<double>, 0, OStride> A(a, k, n, OStride(lda));
    Eigen::Map<Mat<double>, 0, OStride> C(c, n, n, OStride(ldc));
    C.triangularView<Eigen::Lower>().setZero();
    C.selfadjointView<Eigen::Lower>().rankUpdate(A.transpose());
}

} // namespace mlwb::tensor::detail::MLWB_CAT(gemm_, MLWB_GEMM_ISA)

namespace mlwb::tensor::detail {

extern const GemmKernels MLWB_CAT(gemmKernels, MLWB_GEMM_ISA){
    MLWB_CAT(gemm_, MLWB_GEMM_ISA)::gemm<std::int64_t>, MLWB_CAT(gemm_, MLWB_GEMM_ISA)::gemm<float>,
    MLWB_CAT(gemm_, MLWB_GEMM_ISA)::gemm<double>, MLWB_CAT(gemm_, MLWB_GEMM_ISA)::gemm<double, true>,
    MLWB_CAT(gemm_, MLWB_GEMM_ISA)::gramLower};

} // namespace mlwb::tensor::detail
