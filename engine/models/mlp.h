#pragma once
// A multilayer perceptron: 0–3 hidden layers of ReLU or tanh units and a softmax output.
// With no hidden layer it is multinomial softmax regression.
#include "models/classifier.h"
#include "models/mlp_kernels.h"

namespace mlwb::models {

enum class Activation { ReLU, Tanh };
// He: normal with variance 2 / fan-in (for ReLU); Glorot: uniform on ±√(6 / (fan-in + fan-out)).
enum class Initialization { He, Glorot };

class Mlp final : public Classifier {
public:
    struct Options {
        int inputs = 0;
        std::vector<int> hidden;  // units per hidden layer; empty: softmax regression
        int classes = 2;
        Activation activation = Activation::ReLU;
        Initialization init = Initialization::He;
    };
    // InputError for more than 3 hidden layers, a layer of no units, or fewer than 2 classes.
    explicit Mlp(Options options);

    std::string describe() const override;  // "MLP 64-128-10 (ReLU)", "softmax regression"
    int features() const override { return options_.inputs; }
    int classes() const override { return options_.classes; }
    bool isLinear() const override { return options_.hidden.empty(); }
    Matrix coefficients() const override;  // classes × features when linear
    const Options& options() const { return options_; }
    // Zeros for softmax regression (a convex problem: any start will do, zero is reproducible).
    void initialize(std::mt19937_64& rng) override;
    Evaluation evaluate(const Vec& params, ConstView x, std::span<const int> y, double l2,
                        Vec* gradient) const override;
    using Classifier::evaluate;
    // Fused for batches of up to 64 rows (models/mlp_kernels.h).
    bool stepSgd(ConstView x, std::span<const int> y, double rate, Evaluation& before) override;
    std::unique_ptr<Classifier> clone() const override { return std::make_unique<Mlp>(*this); }

protected:
    Matrix probabilities(const Vec& params, ConstView x) const override;

private:
    int layers() const { return int(sizes_.size()) - 1; }
    detail::MlpNet net() const;
    // Runs the network's kernel (models/mlp_kernels.h) over the rows of x.
    detail::MlpSums run(const Vec& params, ConstView x, const int* y, double* gradient, double* probabilities) const;
    Options options_;
    std::vector<int> sizes_;            // inputs, hidden…, classes
    std::vector<Eigen::Index> offset_;  // where layer l's weights start in the parameters
};

} // namespace mlwb::models
