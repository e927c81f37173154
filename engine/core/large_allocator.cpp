#include "core/large_allocator.h"

#include <cstdint>
#include <cstdlib>
#include <sys/mman.h>
#include <unistd.h>

namespace mlwb {

namespace {
constexpr std::size_t kHugePage = std::size_t(2) << 20;
// From 1 MiB: a million-row int32 column (4,000,000 bytes) must qualify; the rounding to
// whole huge pages wastes at most half of the smallest such block.
constexpr std::size_t kLargeFrom = std::size_t(1) << 20;

std::size_t rounded(std::size_t bytes) { return (bytes + kHugePage - 1) / kHugePage * kHugePage; }
} // namespace

void* allocateLarge(std::size_t bytes)
{
    if (bytes < kLargeFrom) {
        if (void* p = std::malloc(bytes == 0 ? 1 : bytes))
            return p;
        throw std::bad_alloc();
    }
    // Map one huge page more than needed, then unmap the unaligned head and the tail.
    const std::size_t size = rounded(bytes);
    void* raw = mmap(nullptr, size + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED)
        throw std::bad_alloc();
    const auto start = reinterpret_cast<std::uintptr_t>(raw);
    const auto aligned = (start + kHugePage - 1) / kHugePage * kHugePage;
    if (aligned > start)
        munmap(raw, aligned - start);
    if (const auto tail = start + size + kHugePage - (aligned + size))
        munmap(reinterpret_cast<void*>(aligned + size), tail);
    void* p = reinterpret_cast<void*>(aligned);
    madvise(p, size, MADV_HUGEPAGE);  // advice only: without THP it is ignored
    return p;
}

std::size_t physicalMemoryBytes()
{
    return static_cast<std::size_t>(sysconf(_SC_PHYS_PAGES)) * static_cast<std::size_t>(sysconf(_SC_PAGE_SIZE));
}

void freeLarge(void* p, std::size_t bytes) noexcept
{
    if (!p)
        return;
    if (bytes < kLargeFrom)
        std::free(p);
    else
        munmap(p, rounded(bytes));
}

} // namespace mlwb
