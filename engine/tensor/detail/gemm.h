#pragma once
// Internal to engine/tensor: the 2-D products behind matmul, built once per x86-64 ISA level.
//
// The binary targets MLWB_MARCH (x86-64-v2: SSE only), but Eigen picks its GEMM kernel when
// it is compiled, so tensor/gemm_kernels.cpp is compiled three times (engine/CMakeLists.txt):
// at the baseline, with AVX2+FMA and with AVX-512. Each build fills one GemmKernels table and
// matmul calls through the table the CPU can run, chosen once at run time.
//
// Nothing else may cross between the builds: each renames Eigen's namespace and keeps its own
// code in an ISA-named namespace, so the linker cannot merge, say, the AVX-512 instance of an
// Eigen template into the baseline path (tst_tensor_gemm_symbols checks the object files).
// This header must not include Eigen.
#include <cstdint>
#include <span>
#include <string_view>

namespace mlwb::tensor::detail {

// A 2-D operand: row and column strides in elements, one of them 1 (or its axis of length 1).
struct Strides2 {
    std::int64_t rs, cs;
};

// c (m×n) = a (m×k) · b (k×n), overwriting c (or subtracting from it, f64Subtract); m, k, n > 0.
template <class T>
using GemmFn = void (*)(const T* a, Strides2 as, const T* b, Strides2 bs, T* c, Strides2 cs, std::int64_t m,
                        std::int64_t k, std::int64_t n);

struct GemmKernels {
    GemmFn<std::int64_t> i64;
    GemmFn<float> f32;
    GemmFn<double> f64;
    // c −= a·b: a Householder QR's trailing update, without a pass over c to subtract a product.
    GemmFn<double> f64Subtract;
    // The lower triangle of c (n×n) = aᵀ·a, a (k×n) column-major; k, n > 0. Half a GEMM's work.
    void (*f64GramLower)(const double* a, std::int64_t lda, std::int64_t k, std::int64_t n, double* c,
                         std::int64_t ldc);
    // [R; A] = Q·[R'; 0], R ← R': r (n×n, upper triangular; its strict lower triangle is not
    // read or written) stacked on a (m×n), both column-major; a is overwritten; m, n > 0.
    // LAPACK's dtpqrt for a rectangular A, without Q: one step of a QR that streams the rows.
    void (*f64TriangleUpdate)(double* r, std::int64_t ldr, double* a, std::int64_t lda, std::int64_t m,
                              std::int64_t n);
    // Eigen's UpperBidiagonalization of a (n×n, column-major, n ≥ 2), half of it matrix-vector
    // products that gain from the wider vectors: a ← the Householder vectors and coefficients as
    // that class stores them (its householder()), d (n) and e (n − 1) ← the upper bidiagonal.
    void (*f64Bidiagonalize)(double* a, std::int64_t n, double* d, double* e);
};

// The ISA levels with a kernel build, slowest first. Baseline is MLWB_MARCH itself.
enum class GemmIsa { Baseline, Avx2, Avx512 };

// "baseline", "avx2", "avx512": also the values MLWB_ISA accepts.
std::string_view gemmIsaName(GemmIsa isa);
// The levels this CPU (and OS) can run, slowest first; always starts with Baseline.
std::span<const GemmIsa> supportedGemmIsas();
// The kernels matmul uses now.
const GemmKernels& gemmKernels();
GemmIsa activeGemmIsa();
// Switches every later matmul to another level (tests; the CPU must support it).
void useGemmIsa(GemmIsa isa);

// One table per build, defined by tensor/gemm_kernels.cpp.
extern const GemmKernels gemmKernelsBaseline;
extern const GemmKernels gemmKernelsAvx2;
extern const GemmKernels gemmKernelsAvx512;

} // namespace mlwb::tensor::detail
