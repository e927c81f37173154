#pragma once
// Small observers that compose (ensmallen's callbacks): pass several to train().
#include "models/training.h"

#include <chrono>
#include <functional>
#include <stop_token>

namespace mlwb::models {

// Stops when the validation loss (the training loss without validation rows) has not
// improved by more than minDelta for `patience` epochs, and at the end puts back the
// weights of the best epoch (ensmallen's EarlyStopAtMinLoss).
class EarlyStopping final : public TrainingObserver {
public:
    explicit EarlyStopping(int patience, double minDelta = 0) : patience_(patience), minDelta_(minDelta) {}
    bool onBegin(Classifier&, const TrainOptions&) override;
    bool onEpochEnd(Classifier& model, const EpochStats& s) override;
    void onEnd(Classifier& model, const TrainResult&) override;
    int bestEpoch() const { return bestEpoch_; }        // 0 before the first epoch
    double bestLoss() const { return bestLoss_; }
    int stoppedAt() const { return stoppedAt_; }        // the epoch it stopped after; 0: it did not
    bool restored() const { return restored_; }         // the best weights were put back

private:
    int patience_;
    double minDelta_;
    int bestEpoch_ = 0, stoppedAt_ = 0;
    double bestLoss_ = 0;
    bool restored_ = false;
    Vec best_;
};

// Stops at the next batch once the token is set (the window's Stop button).
class StopOnToken final : public TrainingObserver {
public:
    explicit StopOnToken(std::stop_token token) : token_(std::move(token)) {}
    bool onBatchEnd(Classifier&) override { return token_.stop_requested(); }
    bool onEpochEnd(Classifier&, const EpochStats&) override { return token_.stop_requested(); }

private:
    std::stop_token token_;
};

// Calls `publish` after the first epoch, then at most once per `interval`, and once more at
// the end with the last epoch if that one was skipped: live charts at a pace a screen can
// show, however fast the epochs run.
class Throttle final : public TrainingObserver {
public:
    using Publish = std::function<void(const Classifier&, const EpochStats&)>;
    Throttle(std::chrono::duration<double> interval, Publish publish)
        : interval_(interval), publish_(std::move(publish)) {}
    bool onEpochEnd(Classifier& model, const EpochStats& s) override;
    void onEnd(Classifier& model, const TrainResult& result) override;

private:
    std::chrono::duration<double> interval_;
    Publish publish_;
    std::chrono::steady_clock::time_point last_{};
    int lastPublished_ = 0;
};

// Reports the fraction of the planned epochs done, after every epoch and 1 at the end.
class ProgressReporter final : public TrainingObserver {
public:
    explicit ProgressReporter(std::function<void(double)> report) : report_(std::move(report)) {}
    bool onBegin(Classifier&, const TrainOptions& o) override;
    bool onEpochEnd(Classifier&, const EpochStats& s) override;
    void onEnd(Classifier&, const TrainResult&) override { report_(1.0); }

private:
    std::function<void(double)> report_;
    int epochs_ = 1;
};

// Any function of the epoch's stats; returning true stops (a step's pause point, a test).
class EpochCallback final : public TrainingObserver {
public:
    explicit EpochCallback(std::function<bool(Classifier&, const EpochStats&)> f) : f_(std::move(f)) {}
    bool onEpochEnd(Classifier& model, const EpochStats& s) override { return f_(model, s); }

private:
    std::function<bool(Classifier&, const EpochStats&)> f_;
};

} // namespace mlwb::models
