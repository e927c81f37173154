// Chooses which build of tensor/gemm_kernels.cpp matmul runs (see tensor/detail/gemm.h).
#include "tensor/detail/gemm.h"

#include "tensor/matmul.h"

#include <atomic>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

namespace mlwb::tensor::detail {

namespace {

// The CPU features each build was compiled for: keep in step with the -m flags of the
// mlwb_gemm_* targets in engine/CMakeLists.txt. GCC's checks include the OS saving the
// AVX/AVX-512 registers.
bool cpuRuns(GemmIsa isa)
{
    switch (isa) {
    case GemmIsa::Baseline: return true;
    case GemmIsa::Avx2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case GemmIsa::Avx512: break;
    }
    return cpuRuns(GemmIsa::Avx2) && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw");
}

// The fastest level the CPU runs, or the one MLWB_ISA names if the CPU runs it (to compare
// the builds, or to try the baseline path on a newer machine).
GemmIsa initialIsa()
{
    const std::span<const GemmIsa> supported = supportedGemmIsas();
    const char* requested = std::getenv("MLWB_ISA");
    for (GemmIsa isa : supported)
        if (requested && gemmIsaName(isa) == requested)
            return isa;
    return supported.back();
}

std::atomic<GemmIsa>& active()
{
    static std::atomic<GemmIsa> isa{initialIsa()};
    return isa;
}

} // namespace

std::string_view gemmIsaName(GemmIsa isa)
{
    switch (isa) {
    case GemmIsa::Baseline: return "baseline";
    case GemmIsa::Avx2: return "avx2";
    case GemmIsa::Avx512: break;
    }
    return "avx512";
}

std::span<const GemmIsa> supportedGemmIsas()
{
    static const std::vector<GemmIsa> supported = [] {
        std::vector<GemmIsa> s;
        for (GemmIsa isa : {GemmIsa::Baseline, GemmIsa::Avx2, GemmIsa::Avx512})
            if (cpuRuns(isa))
                s.push_back(isa);
        return s;
    }();
    return supported;
}

GemmIsa activeGemmIsa() { return active().load(std::memory_order_relaxed); }

const GemmKernels& gemmKernels()
{
    switch (activeGemmIsa()) {
    case GemmIsa::Baseline: return gemmKernelsBaseline;
    case GemmIsa::Avx2: return gemmKernelsAvx2;
    case GemmIsa::Avx512: break;
    }
    return gemmKernelsAvx512;
}

void useGemmIsa(GemmIsa isa)
{
    if (!cpuRuns(isa))
        throw std::invalid_argument("useGemmIsa: this CPU cannot run the " + std::string(gemmIsaName(isa)) + " kernels");
    active().store(isa, std::memory_order_relaxed);
}

} // namespace mlwb::tensor::detail

namespace mlwb::tensor {

std::string_view matmulIsa() { return detail::gemmIsaName(detail::activeGemmIsa()); }

} // namespace mlwb::tensor
