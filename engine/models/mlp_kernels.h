#pragma once
// Internal to engine/models: an MLP's forward pass, loss and gradient over rows of features,
// built once per x86-64 ISA level as matmul's GEMM kernels are (kept apart the same way:
// tensor/detail/gemm.h). Mlp calls the build of tensor::detail::activeGemmIsa(). An epoch of
// mini-batches is ~60 calls of small products (32 rows × 64 × 128): packing operands for a
// general GEMM and Eigen's element-wise loops at the binary's SSE level cost more than the
// arithmetic, so the products here read their operands in place through register blocks.
// This header must not include Eigen.
#include <cstdint>

namespace mlwb::models::detail {

// The network: weight layer l maps sizes[l] inputs to sizes[l + 1] outputs with weights W
// (outputs × inputs, column-major) followed by a bias per output, at params + offsets[l].
struct MlpNet {
    int layers = 0;                         // hidden layers + 1
    const int* sizes = nullptr;             // layers + 1 widths: inputs, hidden…, classes
    const std::int64_t* offsets = nullptr;  // layers of them
    bool relu = true;                       // else tanh; the output is always softmax
};

struct MlpSums {
    double loss = 0;   // Σ over the rows of −log p(true class), p clipped at 1e-15
    long correct = 0;  // rows whose most probable class (the first on ties) is the true one
    double gradientSquares = 0;  // Σ of the squares of the gradient, when there is one
};

// One per build, defined by models/mlp_kernels.cpp. x: n rows of sizes[0] features,
// column-major with leading dimension ldx. y (null: no loss) holds n classes. With gradient
// (as many values as the parameters, overwritten; needs y): the gradient of the mean loss over
// the n rows, without any penalty. With probabilities (n × classes, column-major): the
// softmax outputs.
MlpSums mlpBaseline(const MlpNet& net, const double* params, const double* x, std::int64_t n, std::int64_t ldx,
                    const int* y, double* gradient, double* probabilities);
MlpSums mlpAvx2(const MlpNet& net, const double* params, const double* x, std::int64_t n, std::int64_t ldx,
                const int* y, double* gradient, double* probabilities);
MlpSums mlpAvx512(const MlpNet& net, const double* params, const double* x, std::int64_t n, std::int64_t ldx,
                  const int* y, double* gradient, double* probabilities);

// Plain SGD's step fused with the gradient: params −= rate · the gradient of the mean loss over
// n ≤ 64 rows (one pass of the kernel), without storing the gradient. Returns the loss and
// right answers before the step, and the gradient's squares. rate ≠ 0.
MlpSums mlpStepBaseline(const MlpNet& net, double* params, const double* x, std::int64_t n, std::int64_t ldx,
                        const int* y, double rate);
MlpSums mlpStepAvx2(const MlpNet& net, double* params, const double* x, std::int64_t n, std::int64_t ldx,
                    const int* y, double rate);
MlpSums mlpStepAvx512(const MlpNet& net, double* params, const double* x, std::int64_t n, std::int64_t ldx,
                      const int* y, double rate);

// The rows one pass of the kernels takes (a mini-batch of up to this many is one step).
constexpr std::int64_t kMlpPassRows = 64;
// Weight layers a network may have (Mlp: up to 3 hidden layers and the output).
constexpr int kMlpMaxLayers = 4;

} // namespace mlwb::models::detail
