// Calls into libmvec with the vector width of the chosen ISA level. Only functions marked
// with a target attribute touch AVX registers, so the file itself stays at MLWB_MARCH.
#include "tensor/detail/vector_math.h"

#include "tensor/detail/gemm.h"

#include <immintrin.h>

#include <algorithm>
#include <cstring>

// libmvec's names follow the x86-64 vector function ABI: _ZGV, then b (SSE), d (AVX2) or
// e (AVX-512), N and the lane count, v (one vector argument), then the scalar name. The
// wide ones carry their target too: clang refuses AVX arguments to a function without it.
extern "C" {
__m128d _ZGVbN2v_exp(__m128d);
__m128d _ZGVbN2v_log(__m128d);
__m128d _ZGVbN2v_tanh(__m128d);
__m128 _ZGVbN4v_expf(__m128);
__m128 _ZGVbN4v_logf(__m128);
__m128 _ZGVbN4v_tanhf(__m128);
__attribute__((target("avx2,fma"))) __m256d _ZGVdN4v_exp(__m256d);
__attribute__((target("avx2,fma"))) __m256d _ZGVdN4v_log(__m256d);
__attribute__((target("avx2,fma"))) __m256d _ZGVdN4v_tanh(__m256d);
__attribute__((target("avx2,fma"))) __m256 _ZGVdN8v_expf(__m256);
__attribute__((target("avx2,fma"))) __m256 _ZGVdN8v_logf(__m256);
__attribute__((target("avx2,fma"))) __m256 _ZGVdN8v_tanhf(__m256);
__attribute__((target("avx2,fma,avx512f"))) __m512d _ZGVeN8v_exp(__m512d);
__attribute__((target("avx2,fma,avx512f"))) __m512d _ZGVeN8v_log(__m512d);
__attribute__((target("avx2,fma,avx512f"))) __m512d _ZGVeN8v_tanh(__m512d);
__attribute__((target("avx2,fma,avx512f"))) __m512 _ZGVeN16v_expf(__m512);
__attribute__((target("avx2,fma,avx512f"))) __m512 _ZGVeN16v_logf(__m512);
__attribute__((target("avx2,fma,avx512f"))) __m512 _ZGVeN16v_tanhf(__m512);
}

namespace mlwb::tensor::detail {

namespace {

// Runs `one` (a function of one SIMD register, wrapped with its loads and stores) over the
// array, W values at a time; the last partial register goes through a padded buffer so every
// element gets exactly the same function.
template <int W, class T, class Block> inline void blocks(const T* x, T* y, std::int64_t n, Block one)
{
    std::int64_t i = 0;
    for (; i + W <= n; i += W)
        one(x + i, y + i);
    if (i < n) {
        alignas(64) T in[W] = {}, out[W];
        std::memcpy(in, x + i, std::size_t(n - i) * sizeof(T));
        one(in, out);
        std::memcpy(y + i, out, std::size_t(n - i) * sizeof(T));
    }
}

#define MLWB_SSE(fn, T, W, load, store)                                                                        \
    blocks<W>(x, y, n, [](const T* a, T* b) { store(b, fn(load(a))); })
#define MLWB_WIDE(attr, fn, T, W, load, store)                                                                 \
    blocks<W>(x, y, n, [](const T* a, T* b) attr { store(b, fn(load(a))); })

void sse(VectorFn f, const double* x, double* y, std::int64_t n)
{
    switch (f) {
    case VectorFn::Exp: return MLWB_SSE(_ZGVbN2v_exp, double, 2, _mm_loadu_pd, _mm_storeu_pd);
    case VectorFn::Log: return MLWB_SSE(_ZGVbN2v_log, double, 2, _mm_loadu_pd, _mm_storeu_pd);
    case VectorFn::Tanh: return MLWB_SSE(_ZGVbN2v_tanh, double, 2, _mm_loadu_pd, _mm_storeu_pd);
    }
}

void sse(VectorFn f, const float* x, float* y, std::int64_t n)
{
    switch (f) {
    case VectorFn::Exp: return MLWB_SSE(_ZGVbN4v_expf, float, 4, _mm_loadu_ps, _mm_storeu_ps);
    case VectorFn::Log: return MLWB_SSE(_ZGVbN4v_logf, float, 4, _mm_loadu_ps, _mm_storeu_ps);
    case VectorFn::Tanh: return MLWB_SSE(_ZGVbN4v_tanhf, float, 4, _mm_loadu_ps, _mm_storeu_ps);
    }
}

#define MLWB_AVX2 __attribute__((target("avx2,fma")))

MLWB_AVX2 void avx2(VectorFn f, const double* x, double* y, std::int64_t n)
{
    switch (f) {
    case VectorFn::Exp: return MLWB_WIDE(MLWB_AVX2, _ZGVdN4v_exp, double, 4, _mm256_loadu_pd, _mm256_storeu_pd);
    case VectorFn::Log: return MLWB_WIDE(MLWB_AVX2, _ZGVdN4v_log, double, 4, _mm256_loadu_pd, _mm256_storeu_pd);
    case VectorFn::Tanh: return MLWB_WIDE(MLWB_AVX2, _ZGVdN4v_tanh, double, 4, _mm256_loadu_pd, _mm256_storeu_pd);
    }
}

MLWB_AVX2 void avx2(VectorFn f, const float* x, float* y, std::int64_t n)
{
    switch (f) {
    case VectorFn::Exp: return MLWB_WIDE(MLWB_AVX2, _ZGVdN8v_expf, float, 8, _mm256_loadu_ps, _mm256_storeu_ps);
    case VectorFn::Log: return MLWB_WIDE(MLWB_AVX2, _ZGVdN8v_logf, float, 8, _mm256_loadu_ps, _mm256_storeu_ps);
    case VectorFn::Tanh: return MLWB_WIDE(MLWB_AVX2, _ZGVdN8v_tanhf, float, 8, _mm256_loadu_ps, _mm256_storeu_ps);
    }
}

#define MLWB_AVX512 __attribute__((target("avx2,fma,avx512f")))

MLWB_AVX512 void avx512(VectorFn f, const double* x, double* y, std::int64_t n)
{
    switch (f) {
    case VectorFn::Exp: return MLWB_WIDE(MLWB_AVX512, _ZGVeN8v_exp, double, 8, _mm512_loadu_pd, _mm512_storeu_pd);
    case VectorFn::Log: return MLWB_WIDE(MLWB_AVX512, _ZGVeN8v_log, double, 8, _mm512_loadu_pd, _mm512_storeu_pd);
    case VectorFn::Tanh: return MLWB_WIDE(MLWB_AVX512, _ZGVeN8v_tanh, double, 8, _mm512_loadu_pd, _mm512_storeu_pd);
    }
}

MLWB_AVX512 void avx512(VectorFn f, const float* x, float* y, std::int64_t n)
{
    switch (f) {
    case VectorFn::Exp: return MLWB_WIDE(MLWB_AVX512, _ZGVeN16v_expf, float, 16, _mm512_loadu_ps, _mm512_storeu_ps);
    case VectorFn::Log: return MLWB_WIDE(MLWB_AVX512, _ZGVeN16v_logf, float, 16, _mm512_loadu_ps, _mm512_storeu_ps);
    case VectorFn::Tanh: return MLWB_WIDE(MLWB_AVX512, _ZGVeN16v_tanhf, float, 16, _mm512_loadu_ps, _mm512_storeu_ps);
    }
}

template <class T> void dispatch(VectorFn f, const T* x, T* y, std::int64_t n)
{
    switch (activeGemmIsa()) {
    case GemmIsa::Baseline: return sse(f, x, y, n);
    case GemmIsa::Avx2: return avx2(f, x, y, n);
    case GemmIsa::Avx512: return avx512(f, x, y, n);
    }
}

} // namespace

void vectorMath(VectorFn f, const double* x, double* y, std::int64_t n) { dispatch(f, x, y, n); }
void vectorMath(VectorFn f, const float* x, float* y, std::int64_t n) { dispatch(f, x, y, n); }

} // namespace mlwb::tensor::detail
