// Only the functions marked with a target attribute touch AVX registers, so the file itself
// stays at MLWB_MARCH (as tensor/vector_math.cpp).
#include "tensor/detail/vector_arithmetic.h"

#include "tensor/detail/gemm.h"

#include <immintrin.h>

namespace mlwb::tensor::detail {

namespace {

#define MLWB_AVX2 __attribute__((target("avx2,fma")))
#define MLWB_AVX512 __attribute__((target("avx2,fma,avx512f")))

// Whole registers of W lanes, then the rest one by one.
#define MLWB_SCALED_ADD(W, set1, load, store, fmadd)                                                          \
    std::int64_t i = 0;                                                                                        \
    for (const auto av = set1(a); i + W <= n; i += W)                                                          \
        store(y + i, fmadd(av, load(x + i), load(y + i)));                                                     \
    for (; i < n; ++i)                                                                                         \
        y[i] += a * x[i];
// Four running sums hide the adds' latency.
#define MLWB_SQUARED_NORM(W, T, zero, load, fmadd, add, sum)                                                   \
    T s0 = zero(), s1 = zero(), s2 = zero(), s3 = zero();                                                      \
    std::int64_t i = 0;                                                                                        \
    for (; i + 4 * W <= n; i += 4 * W) {                                                                       \
        const T v0 = load(x + i), v1 = load(x + i + W), v2 = load(x + i + 2 * W), v3 = load(x + i + 3 * W); \
        s0 = fmadd(v0, v0, s0);                                                                                \
        s1 = fmadd(v1, v1, s1);                                                                                \
        s2 = fmadd(v2, v2, s2);                                                                                \
        s3 = fmadd(v3, v3, s3);                                                                                \
    }                                                                                                          \
    double total = sum(add(add(s0, s1), add(s2, s3)));                                                         \
    for (; i < n; ++i)                                                                                         \
        total += x[i] * x[i];                                                                                  \
    return total;

__m128d mulAdd(__m128d a, __m128d b, __m128d c) { return _mm_add_pd(_mm_mul_pd(a, b), c); }
double sumSse(__m128d v) { return _mm_cvtsd_f64(_mm_add_sd(v, _mm_unpackhi_pd(v, v))); }
MLWB_AVX2 double sumAvx2(__m256d v)
{
    return sumSse(_mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1)));
}

void scaledAddSse(double a, const double* x, double* y, std::int64_t n)
{
    MLWB_SCALED_ADD(2, _mm_set1_pd, _mm_loadu_pd, _mm_storeu_pd, mulAdd)
}
MLWB_AVX2 void scaledAddAvx2(double a, const double* x, double* y, std::int64_t n)
{
    MLWB_SCALED_ADD(4, _mm256_set1_pd, _mm256_loadu_pd, _mm256_storeu_pd, _mm256_fmadd_pd)
}
MLWB_AVX512 void scaledAddAvx512(double a, const double* x, double* y, std::int64_t n)
{
    MLWB_SCALED_ADD(8, _mm512_set1_pd, _mm512_loadu_pd, _mm512_storeu_pd, _mm512_fmadd_pd)
}

double squaredNormSse(const double* x, std::int64_t n)
{
    MLWB_SQUARED_NORM(2, __m128d, _mm_setzero_pd, _mm_loadu_pd, mulAdd, _mm_add_pd, sumSse)
}
MLWB_AVX2 double squaredNormAvx2(const double* x, std::int64_t n)
{
    MLWB_SQUARED_NORM(4, __m256d, _mm256_setzero_pd, _mm256_loadu_pd, _mm256_fmadd_pd, _mm256_add_pd, sumAvx2)
}
MLWB_AVX512 double squaredNormAvx512(const double* x, std::int64_t n)
{
    MLWB_SQUARED_NORM(8, __m512d, _mm512_setzero_pd, _mm512_loadu_pd, _mm512_fmadd_pd, _mm512_add_pd,
                      _mm512_reduce_add_pd)
}

} // namespace

void scaledAdd(double a, const double* x, double* y, std::int64_t n)
{
    switch (activeGemmIsa()) {
    case GemmIsa::Baseline: return scaledAddSse(a, x, y, n);
    case GemmIsa::Avx2: return scaledAddAvx2(a, x, y, n);
    case GemmIsa::Avx512: return scaledAddAvx512(a, x, y, n);
    }
}

double squaredNorm(const double* x, std::int64_t n)
{
    switch (activeGemmIsa()) {
    case GemmIsa::Baseline: return squaredNormSse(x, n);
    case GemmIsa::Avx2: return squaredNormAvx2(x, n);
    case GemmIsa::Avx512: return squaredNormAvx512(x, n);
    }
    return 0;
}

} // namespace mlwb::tensor::detail
