#pragma once
// A classifier whose weights live in one flat vector, so that any optimizer of engine/optim
// can step them and early stopping can copy them.
#include "models/dense.h"

#include <limits>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace mlwb::models {

// Rows of features with their class, 0 … classes−1.
struct LabeledData {
    Matrix x;            // rows × features
    std::vector<int> y;  // one per row
    std::size_t rows() const { return y.size(); }
};

struct Evaluation {
    double loss = 0;     // mean cross-entropy over the rows, plus the L2 term
    double penalty = 0;  // the L2 term in loss: what the curves leave out to compare runs
    long correct = 0;    // rows whose most probable class is the true one
    // Σ of the squares of the gradient when evaluate worked it out on the way (NaN: it did not):
    // training reports the gradient's norm, and reading 10⁴ weights' gradient once more per
    // mini-batch cost an MLP epoch 6%.
    double gradientSquares = std::numeric_limits<double>::quiet_NaN();
};

class Classifier {
public:
    virtual ~Classifier() = default;
    virtual std::string describe() const = 0;  // "logistic regression", "MLP 30-64-2 (ReLU)"
    virtual int features() const = 0;
    virtual int classes() const = 0;
    // True for logistic and softmax regression: one weight per feature and class.
    virtual bool isLinear() const = 0;
    // The weights of class k's score on each feature (linear models; classes() rows, or one
    // row for binary logistic regression, where it is the weight of class 1's log-odds).
    virtual Matrix coefficients() const { return {}; }

    Vec& parameters() { return params_; }
    const Vec& parameters() const { return params_; }
    // Sets the starting weights: zeros for the linear models, He or Glorot for an MLP.
    virtual void initialize(std::mt19937_64& rng) = 0;

    // Class probabilities, rows × classes(), of the rows of x with the current weights.
    Matrix predictProba(const Matrix& x) const;
    std::vector<int> predict(const Matrix& x) const;
    // With the weights `params`: the loss on (x, y) with penalty l2/2 · Σ w² over the weights
    // (not the biases), and its gradient with respect to params into *gradient when given.
    // x is column-major (x.rs == 1) with any leading dimension: a block of rows read in place.
    virtual Evaluation evaluate(const Vec& params, ConstView x, std::span<const int> y, double l2,
                                Vec* gradient) const = 0;
    Evaluation evaluate(const Vec& params, const Matrix& x, std::span<const int> y, double l2, Vec* gradient) const
    {
        return evaluate(params, view(x), y, l2, gradient);
    }
    Evaluation evaluate(const Matrix& x, std::span<const int> y, double l2 = 0) const
    {
        return evaluate(params_, view(x), y, l2, nullptr);
    }
    // Plain SGD's step without a penalty, fused with the gradient where a model can: the
    // weights −= rate · the gradient on (x, y), and *before the evaluation at the weights before
    // the step, with gradientSquares. False: not offered (nothing changed); evaluate and step.
    virtual bool stepSgd(ConstView /*x*/, std::span<const int> /*y*/, double /*rate*/, Evaluation& /*before*/)
    {
        return false;
    }
    virtual std::unique_ptr<Classifier> clone() const = 0;

protected:
    virtual Matrix probabilities(const Vec& params, ConstView x) const = 0;
    Vec params_;
};

} // namespace mlwb::models
