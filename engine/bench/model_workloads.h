#pragma once
// The model workloads (W8, W10), judged against NumPy and scikit-learn on this kind of
// machine. The data sets come from the caller: the program reads its bundled CSV files.
#include "bench/bench.h"
#include "models/classifier.h"

#include <functional>

namespace mlwb::bench {

// W8_logreg_train: full-batch gradient descent, learning rate 0.1, 1000 epochs, binary
// logistic regression from zero weights on the given rows (standardized breast_cancer).
// NumPy: 27 ms, training accuracy 0.988. The accuracy reached is a detail of the row.
Workload logisticTrainingWorkload(std::function<models::LabeledData()> data, int epochs = 1000);

// W10_mlp_epoch_digits: one epoch of a 64-128-10 ReLU MLP, SGD, batch 32, learning rate 0.1,
// over the given rows (all of digits, pixels / 16). NumPy: 13 ms; scikit-learn: 28 ms.
Workload mlpEpochWorkload(std::function<models::LabeledData()> data);

} // namespace mlwb::bench
