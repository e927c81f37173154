#pragma once
// What the steps of the training lab share: their parameters, the data set prepared for a
// model (label, split, pipeline, design matrix), and the model trained last, so a model the
// learner trained (or stopped) in step 2 is the one the later steps examine.
#include "common/dataset.h"
#include "models/class_labels.h"
#include "models/classifier.h"
#include "models/importance.h"
#include "models/training.h"
#include "run_context.h"

#include <memory>

namespace mlwb::labs::training {

// The shared parameters: data set, label, pipeline, split, model, optimizer and training.
QList<ui::Parameter> sessionParameters();

struct Prepared {
    std::shared_ptr<const Dataset> dataset;
    std::string label;
    models::ClassLabels classes;
    std::vector<std::string> featureNames;
    QString pipeline;      // in one line
    bool savedPipeline = false;
    models::ThreeWaySplit split;
    models::LabeledData train, validation, test;
    QStringList classNames() const;
    bool binary() const { return classes.names.size() == 2; }
    QString dataName() const;  // "breast_cancer.csv"
};

// The data set of ctx's parameters, ready for a model (cached). InputError for a label that
// is not classes, a split with an empty side, a pipeline that leaves text columns, …
std::shared_ptr<const Prepared> prepare(ui::RunContext& ctx);

struct ModelSetup {
    std::unique_ptr<models::Classifier> model;
    models::TrainOptions options;
    int patience = 0;  // early stopping; 0: off
    QString optimizerName;
};
// The model and training options the shared parameters describe; InputError for logistic
// regression on more than two classes or a malformed list of hidden layers.
ModelSetup modelSetup(ui::RunContext& ctx, const Prepared& data);
// "MLP 30-64-2 (ReLU), 2,114 weights"
QString describeModel(const models::Classifier& model);

struct Trained {
    std::shared_ptr<const Prepared> data;
    std::shared_ptr<models::Classifier> model;
    models::TrainResult result;
    int epochsPlanned = 0;
    int bestEpoch = 0;     // early stopping's best epoch, 0 without it
    bool restored = false; // early stopping put the best weights back
    QString summary() const;  // "trained for 37 of 200 epochs (stopped)"
};

// Trains the model of ctx's parameters, reporting to `observers` too (live charts), and keeps
// it as the lab's current model, also when the learner stops it. Pause and Step hold at each
// epoch; interactive runs are paced so the curves can be watched.
std::shared_ptr<const Trained> trainModel(ui::RunContext& ctx, std::shared_ptr<const Prepared> data,
                                          std::span<models::TrainingObserver* const> observers = {});
// The current model if it was trained with ctx's parameters, else a new one trained now.
std::shared_ptr<const Trained> currentModel(ui::RunContext& ctx);

// Permutation importance on the validation rows with ctx's "repeats" (cached per model).
std::shared_ptr<const models::FeatureImportance> importanceOf(ui::RunContext& ctx, const Trained& t, int repeats);

// The command line's contract: train/validation/test accuracy, log_loss, epochs_run, classes,
// confusion_matrix (test rows), roc_auc (binary), feature_importance as metrics of the step.
void reportModel(ui::RunContext& ctx, const Trained& t, const models::FeatureImportance& importance);
// The same with the importance of kImportanceRepeats shuffles per feature.
inline constexpr int kImportanceRepeats = 5;
void reportModel(ui::RunContext& ctx, const Trained& t);

} // namespace mlwb::labs::training
