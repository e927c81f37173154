#pragma once
// Gradient-descent training of a Classifier with the optimizers of engine/optim, reporting
// to observers in ensmallen's style: onBegin, onBatchEnd, onEpochEnd, onEnd, where
// returning true stops training. Progress, live charts, early stopping and Stop are all
// observers (models/observers.h).
#include "models/classifier.h"
#include "optim/optimizer.h"

#include <cstdint>
#include <span>

namespace mlwb::models {

struct TrainOptions {
    optim::Method method = optim::Method::Adam;
    optim::Hyperparameters hyper{.learningRate = 1e-2};
    int batchSize = 0;  // rows per update; 0 or ≥ the training rows: full batch
    int epochs = 100;
    double l2 = 0;            // penalty l2/2 · Σ w² on the weights, not the biases
    std::uint64_t seed = 1;   // initial weights and the shuffling of each epoch
    bool initialize = true;   // false: go on from the model's current weights
};

struct EpochStats {
    int epoch = 0;  // 1-based
    // Mean over the epoch's batches, each taken before its update (as Keras reports them).
    // Losses are the cross-entropy alone, without the L2 term, so runs with different
    // penalties compare on one scale.
    double trainLoss = 0, trainAccuracy = 0;
    double validationLoss = 0, validationAccuracy = 0;  // NaN without validation rows
    double gradientNorm = 0;  // root mean square over the batches of ‖gradient‖
    double learningRate = 0;
    double seconds = 0;  // since training began
};

struct TrainResult {
    enum class End { Finished, Stopped, Diverged };
    End end = End::Finished;
    std::vector<EpochStats> history;
    // Diverged: at which epoch and why, in words; the weights are those before that epoch.
    std::string message;
    int epochsRun() const { return int(history.size()); }
};

class TrainingObserver {
public:
    virtual ~TrainingObserver() = default;
    virtual bool onBegin(Classifier&, const TrainOptions&) { return false; }
    virtual bool onBatchEnd(Classifier&) { return false; }
    virtual bool onEpochEnd(Classifier&, const EpochStats&) { return false; }
    virtual void onEnd(Classifier&, const TrainResult&) {}
};

// Trains model on `train`, evaluating on `validation` after each epoch (may have no rows).
// Stops when an observer says so, or when the loss or weights become non-finite or the loss
// grows tenfold past its start: then End::Diverged with the weights of the epoch before kept.
// InputError when the data do not fit the model (features, classes) or train has no rows.
TrainResult train(Classifier& model, const LabeledData& train, const LabeledData& validation,
                  const TrainOptions& options, std::span<TrainingObserver* const> observers = {});

} // namespace mlwb::models
