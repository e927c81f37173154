#pragma once
// Internal to engine/models: of a function built once per ISA level (models/*_kernels.cpp),
// the build for the level matmul runs at (tensor/detail/gemm.h: the widest the CPU has, or
// MLWB_ISA's choice), so that a model and matmul always agree.
#include "tensor/detail/gemm.h"

namespace mlwb::models::detail {

template <class Fn>
Fn activeIsaBuild(Fn baseline, Fn avx2, Fn avx512)
{
    switch (tensor::detail::activeGemmIsa()) {
    case tensor::detail::GemmIsa::Baseline: return baseline;
    case tensor::detail::GemmIsa::Avx2: return avx2;
    case tensor::detail::GemmIsa::Avx512: return avx512;
    }
    return baseline;
}

} // namespace mlwb::models::detail
