#pragma once
#include <cstddef>
#include <new>
#include <vector>

namespace mlwb {

// Memory for big arrays (columns of a million rows, file buffers). Blocks of 1 MiB and
// more are mapped directly, 2 MiB aligned and advised for transparent huge pages: on this
// kind of machine a fresh 4 KiB page costs a trap of several microseconds, so touching
// 300 MB the ordinary way costs more than parsing it. They are unmapped when freed, so a
// large file read twice does not leave the heap fragmented and the process large.
// Smaller blocks come from malloc as usual.
void* allocateLarge(std::size_t bytes);
// The machine's physical memory in bytes.
std::size_t physicalMemoryBytes();
void freeLarge(void* p, std::size_t bytes) noexcept;  // bytes: as allocated

template <class T> struct LargeAllocator {
    using value_type = T;
    LargeAllocator() = default;
    template <class U> LargeAllocator(const LargeAllocator<U>&) noexcept {}
    T* allocate(std::size_t n) { return static_cast<T*>(allocateLarge(n * sizeof(T))); }
    void deallocate(T* p, std::size_t n) noexcept { freeLarge(p, n * sizeof(T)); }
    template <class U> bool operator==(const LargeAllocator<U>&) const noexcept { return true; }
};

template <class T> using LargeVector = std::vector<T, LargeAllocator<T>>;

} // namespace mlwb
