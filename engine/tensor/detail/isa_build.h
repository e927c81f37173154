#pragma once
// The first include of a file compiled once per ISA level (tensor/gemm_kernels.cpp,
// models/logistic_kernels.cpp): CMake defines MLWB_GEMM_ISA (Baseline, Avx2, Avx512) and adds
// that level's -m flags. Nothing may include Eigen before this header.
#ifndef MLWB_GEMM_ISA
#error "compile this file through the per-ISA object targets of engine/CMakeLists.txt"
#endif
// GCC 12 warns that its own AVX-512 intrinsics read an uninitialised __Y (GCC bug 105593, a
// false positive reported where Eigen's kernels are instantiated); only file-wide pragmas
// silence it.
#if defined(__AVX512F__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#define MLWB_CAT2(a, b) a##b
#define MLWB_CAT(a, b) MLWB_CAT2(a, b)

// Eigen's templates and inline functions are emitted as weak symbols that the linker merges
// by name across object files. Renaming the namespace (Eigen → Eigen_Avx2, …) gives each
// level its own names; the files of one level share them, built with the same settings.
#define Eigen MLWB_CAT(Eigen_, MLWB_GEMM_ISA)
// Eigen would split a mid-sized product over the OpenMP threads itself, with threads that
// spin until the others have packed their blocks: when another program has one of them off
// its core, the product waits for the scheduler's next tick (a 300 × 16 × 300 product took
// 4 ms instead of 0.2 on a busy machine). The kernels do all the splitting.
#define EIGEN_DONT_PARALLELIZE
#include <Eigen/Core>
