#pragma once

namespace mlwb {

// glibc's default heap policy suits programs of small objects, not numeric work: a block from
// 128 KiB up is mapped fresh and unmapped again when freed, and free memory at the top of the
// heap goes straight back to the system. A loop that makes a 512 KiB result per iteration
// then spends most of its time in page faults (a 256 × 256 float64 matmul took 2.6–4.5 ms on
// this VM instead of 0.3 ms, depending on the heap's history).

// Call once at start-up: blocks up to 32 MiB come from the heap and freed memory stays with
// the process (up to 128 MiB at the top) for the next allocation. Arrays of 8 MiB and more
// do not use the heap (see large_allocator.h and the tensor block cache).
void keepFreedHeapMemory();

// Call when a unit of work ends (a lab step, a benchmark workload): gives the free memory the
// heap holds back to the system, so an idle program stays small.
void returnFreedHeapMemory();

} // namespace mlwb
