#pragma once
// np.einsum: Einstein summation over named indices, planned before it runs.
//
//   einsum("ij,jk->ik", {A, B})          matrix product (explicit mode: output after "->")
//   einsum("ij,jk", {A, B})              the same (implicit mode: output = the indices that
//                                        appear once, in alphabetical order, upper case first)
//   einsum("ii->", {A}) / ("ii->i")      trace / diagonal (a repeated index walks the diagonal)
//   einsum("...ij,...jk->...ik", {A, B}) "..." stands for leading axes, which broadcast
//   einsum("ij,jk,kl->il", {A, B, C})    any number of operands
//
// Indices are the letters a-z and A-Z; spaces are ignored. An index in several operands must
// have the same size in each (no broadcasting of lettered axes; use "..." for that). Indices
// missing from the output are summed. Errors are InputErrors a learner can act on, e.g.
//   "einsum: operand 1 has 3 dimensions but subscripts 'ij' name 2"   (operands count from 0)
//   "einsum: index 'k' has sizes 64 and 32"
//
// Planning: an operand with a repeated index or an index no one else needs is first reduced
// on its own (a strided diagonal view and a sum). Then operands are contracted two at a time,
// the cheapest pair (fewest FLOPs) first. A pair sharing a summed index is a GEMM: both are
// permuted and reshaped to (batch…, M, K) @ (batch…, K, N) and go to matmul(); a pair with no
// summed index is a broadcast elementwise product. A final permute puts the output axes in order.
//
// FLOPs count multiplies and adds: a contraction does one multiply and one add per iteration
// of its loop nest (2·M·N·K for a matrix product), a product without summation one multiply,
// a one-operand sum one add per element read, a permute or diagonal copy none.
#include "tensor/tensor.h"

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mlwb::tensor {

struct EinsumStep {
    enum class Kind {
        Reduce,    // one operand: diagonal of repeated indices and/or sum of unneeded ones
        Gemm,      // two operands sharing a summed index: batched matmul after permute/reshape
        Multiply,  // two operands, nothing summed: broadcast elementwise product
        Permute,   // the final reordering of the output axes (no arithmetic)
    };
    Kind kind = Kind::Reduce;
    std::vector<int> inputs;   // working operands: 0 … n-1 are the inputs, n + s is step s's result
    std::string subscripts;    // this step alone, e.g. "bhsd,bhtd->bhst"
    Shape resultShape;
    double flops = 0;
    // For Gemm: the index groups, e.g. batch "bh", m "s", n "t", k "d".
    std::string batch, m, n, k;
};

struct EinsumPlan {
    std::string subscripts;                   // as given
    std::string normalized;                   // explicit form, e.g. "ij,jk->ik"
    std::vector<std::string> inputSubscripts;  // per operand, "..." expanded to 0, 1, … (see below)
    std::string outputSubscripts;
    std::vector<Shape> inputShapes;
    Shape outputShape;
    std::string indices;                      // every index, in order of first appearance
    std::vector<std::int64_t> sizes;          // sizes[i] is the size of indices[i]
    std::string summed;                       // the indices summed over
    std::vector<EinsumStep> steps;
    double naiveFlops = 0;  // the single loop nest over every index (what explain() prints)
    double flops = 0;       // the sum over steps
    // Axes covered by "..." are named '0', '1', … (outermost first) in the strings above, and
    // e0, e1, … in explain()'s loop nest.
    std::vector<std::vector<int>> inputLabels;  // internal label ids per operand axis
    std::vector<int> outputLabels;
};

// Parses and plans without touching data (for labs showing shapes and cost before running).
EinsumPlan planEinsum(std::string_view subscripts, std::span<const Shape> shapes);
inline EinsumPlan planEinsum(std::string_view subscripts, std::initializer_list<Shape> shapes)
{
    return planEinsum(subscripts, std::span<const Shape>(shapes.begin(), shapes.size()));
}

// Human-readable: the parsed indices and sizes, the output shape, the equivalent loop nest as
// C-like pseudocode, its FLOP count, and the steps of the plan with theirs.
std::string explain(const EinsumPlan& plan);

// Plans and runs. The result is new memory; its dtype is the promotion of the operands'
// (bool operands are summed as int64 and the result read back as != 0).
Tensor einsum(std::string_view subscripts, std::span<const Tensor> operands);
inline Tensor einsum(std::string_view subscripts, std::initializer_list<Tensor> operands)
{
    return einsum(subscripts, std::span<const Tensor>(operands.begin(), operands.size()));
}
// Runs a plan made for these operands' shapes (InputError if the shapes differ).
Tensor einsum(const EinsumPlan& plan, std::span<const Tensor> operands);

} // namespace mlwb::tensor
