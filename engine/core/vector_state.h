#pragma once
// The program is built for x86-64-v2 (SSE) and calls AVX code: its own run-time-dispatched
// kernels, glibc's, Qt's. Code that leaves the upper halves of the vector registers non-zero
// without a closing vzeroupper makes every later SSE instruction on an Intel core wait on
// those halves, and a new thread starts with its parent's registers. Measured here: a
// Metropolis chain on a thread started from the Qt program's main thread ran at 33 instead of
// 53 M steps/s. Threads that run numeric loops call this first.

namespace mlwb {

// vzeroupper where the CPU has AVX (it is an AVX instruction); nothing elsewhere.
inline void clearUpperVectorState()
{
#if defined(__x86_64__) && defined(__GNUC__)
    static const bool avx = __builtin_cpu_supports("avx");
    if (avx)
        asm volatile("vzeroupper");
#endif
}

} // namespace mlwb
