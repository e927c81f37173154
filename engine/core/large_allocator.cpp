#include "core/large_allocator.h"

#include <cstdlib>
#include <sys/mman.h>

namespace mlwb {

namespace {
constexpr std::size_t kHugePage = std::size_t(2) << 20;
// From 1 MiB: a million-row int32 column (4,000,000 bytes) must qualify; the rounding to
// whole huge pages wastes at most half of the smallest such block.
constexpr std::size_t kLargeFrom = std::size_t(1) << 20;
} // namespace

void* allocateLarge(std::size_t bytes)
{
    if (bytes < kLargeFrom) {
        if (void* p = std::malloc(bytes == 0 ? 1 : bytes))
            return p;
        throw std::bad_alloc();
    }
    // Whole huge pages, so the advice covers only this block.
    const std::size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    void* p = nullptr;
    if (posix_memalign(&p, kHugePage, rounded) != 0)
        throw std::bad_alloc();
    madvise(p, rounded, MADV_HUGEPAGE);  // advice only: without THP it is ignored
    return p;
}

void freeLarge(void* p) noexcept { std::free(p); }

} // namespace mlwb
