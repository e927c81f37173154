#include "models/observers.h"

#include <cmath>

namespace mlwb::models {

bool EarlyStopping::onBegin(Classifier&, const TrainOptions&)
{
    bestEpoch_ = stoppedAt_ = 0;
    restored_ = false;
    return false;
}

bool EarlyStopping::onEpochEnd(Classifier& model, const EpochStats& s)
{
    const double loss = std::isnan(s.validationLoss) ? s.trainLoss : s.validationLoss;
    if (bestEpoch_ == 0 || loss < bestLoss_ - minDelta_) {
        bestEpoch_ = s.epoch;
        bestLoss_ = loss;
        best_ = model.parameters();
        return false;
    }
    if (s.epoch - bestEpoch_ >= patience_) {
        stoppedAt_ = s.epoch;
        return true;
    }
    return false;
}

void EarlyStopping::onEnd(Classifier& model, const TrainResult& result)
{
    if (bestEpoch_ > 0 && bestEpoch_ != result.epochsRun()) {
        model.parameters() = best_;
        restored_ = true;
    }
}

bool Throttle::onEpochEnd(Classifier& model, const EpochStats& s)
{
    const auto now = std::chrono::steady_clock::now();
    if (lastPublished_ == 0 || now - last_ >= interval_) {
        publish_(model, s);
        last_ = now;
        lastPublished_ = s.epoch;
    }
    return false;
}

void Throttle::onEnd(Classifier& model, const TrainResult& result)
{
    if (!result.history.empty() && result.history.back().epoch != lastPublished_) {
        publish_(model, result.history.back());
        lastPublished_ = result.history.back().epoch;
    }
}

bool ProgressReporter::onBegin(Classifier&, const TrainOptions& o)
{
    epochs_ = std::max(o.epochs, 1);
    report_(0.0);
    return false;
}

bool ProgressReporter::onEpochEnd(Classifier&, const EpochStats& s)
{
    report_(double(s.epoch) / epochs_);
    return false;
}

} // namespace mlwb::models
