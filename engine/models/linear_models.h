#pragma once
// The two linear classifiers: binary logistic regression (one weight per feature and a bias,
// a sigmoid of the score) and multinomial softmax regression (one score per class).
#include "models/classifier.h"

namespace mlwb::models {

class LogisticRegression final : public Classifier {
public:
    explicit LogisticRegression(int features);
    std::string describe() const override { return "logistic regression"; }
    int features() const override { return features_; }
    int classes() const override { return 2; }
    bool isLinear() const override { return true; }
    Matrix coefficients() const override;  // 1 × features
    void initialize(std::mt19937_64& rng) override;
    // Labels must be 0 or 1. The loss is computed from the score z as log(1 + e^z) − y·z,
    // which stays exact where a clipped probability would not.
    Evaluation evaluate(const Vec& params, ConstView x, std::span<const int> y, double l2,
                        Vec* gradient) const override;
    using Classifier::evaluate;
    // Always taken: full-batch training's 1000 steps of 31 weights went a tenth of their time
    // on the general path's closure, allocation and separate passes.
    bool stepSgd(ConstView x, std::span<const int> y, double rate, Evaluation& before) override;
    std::unique_ptr<Classifier> clone() const override { return std::make_unique<LogisticRegression>(*this); }

protected:
    Matrix probabilities(const Vec& params, ConstView x) const override;

private:
    Vec scores(const Vec& params, ConstView x) const;
    int features_;
    Vec stepGradient_;  // stepSgd's, kept between steps
};

// Softmax regression is the network with no hidden layer (models/mlp.h), started at zero.
std::unique_ptr<Classifier> makeSoftmaxRegression(int features, int classes);

} // namespace mlwb::models
