#pragma once
// A miniature of CPython's evaluation loop, so the broadcasting lab can show what an
// interpreted loop costs without needing Python: a stack machine running bytecode over
// boxed, dynamically typed, reference-counted values, with globals looked up by name.
//
// It runs one program, the distance-matrix triple loop as a learner writes it in Python:
//
//     for i in range(n):
//         for j in range(n):
//             s = 0.0
//             for k in range(d):
//                 diff = X[i][k] - X[j][k]
//                 s = s + diff * diff
//             D[i][j] = sqrt(s)
//
// X and D are lists of lists of float objects, as `X.tolist()` gives. Every arithmetic
// result is a new heap object, every subscript checks types and bounds, every name in the
// global scope is a hash-table lookup. It is the textbook interpreter: CPython 3.11 runs
// the same loop about 3× faster on this kind of machine (it caches global lookups in the
// instruction stream, specializes float arithmetic and recycles float objects), and the lab
// times the real one beside it whenever a python3 with NumPy is installed.
#include <cstdint>
#include <span>
#include <stop_token>
#include <vector>

namespace mlwb::interp {

struct DistanceLoopResult {
    std::int64_t rowsDone = 0;         // rows i of D filled (all n unless stopped or out of time)
    std::int64_t instructions = 0;     // bytecode instructions executed
    std::int64_t innerIterations = 0;  // executions of the innermost loop body
    std::vector<double> distances;     // n × n, row-major; rows past rowsDone are 0
};

// The number of bytecode instructions the innermost loop body executes per iteration.
int innerLoopInstructions();

// Interprets the loop above on x (n × d, row-major) for at most budgetSeconds (at least one
// row), or until stop is requested.
DistanceLoopResult interpretDistanceLoop(std::span<const double> x, std::int64_t n, std::int64_t d,
                                         double budgetSeconds, std::stop_token stop = {});

} // namespace mlwb::interp
