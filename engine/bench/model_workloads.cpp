#include "bench/model_workloads.h"

#include "models/linear_models.h"
#include "models/mlp.h"
#include "models/training.h"

#include <memory>

namespace mlwb::bench {

namespace {

// The accuracy the model reached on its training rows, as a detail of the row.
std::function<std::vector<Detail>()> accuracyDetail(std::shared_ptr<const models::Classifier> model,
                                                    std::shared_ptr<const models::LabeledData> rows)
{
    return [=] {
        return std::vector<Detail>{
            {"training accuracy", double(model->evaluate(rows->x, rows->y).correct) / double(rows->rows()), ""}};
    };
}

} // namespace

Workload logisticTrainingWorkload(std::function<models::LabeledData()> data, int epochs)
{
    return {"W8_logreg_train",
            "logistic regression, full-batch GD, lr 0.1, 1000 epochs, breast_cancer 569×30 (NumPy 27 ms)",
            [data, epochs] {
                auto rows = std::make_shared<models::LabeledData>(data());
                auto model = std::make_shared<models::LogisticRegression>(int(rows->x.cols()));
                const models::TrainOptions options{.method = optim::Method::SGD,
                                                   .hyper = {.learningRate = 0.1},
                                                   .batchSize = 0,
                                                   .epochs = epochs};
                PreparedWorkload w;
                w.run = [=] { models::train(*model, *rows, {}, options); };
                // One pass forward and one back over the matrix per epoch: 2 multiply-adds per entry.
                w.workPerRun = 4.0 * double(rows->x.size()) * epochs;
                w.rateScale = 1e9;
                w.rateUnit = "GFLOP/s";
                w.details = accuracyDetail(model, rows);
                return w;
            }};
}

Workload mlpEpochWorkload(std::function<models::LabeledData()> data)
{
    return {"W10_mlp_epoch_digits",
            "one epoch of a 64-128-10 ReLU MLP, SGD, batch 32, lr 0.1, digits 1797×64 (NumPy 13 ms, sklearn 28 ms)",
            [data] {
                auto rows = std::make_shared<models::LabeledData>(data());
                auto model = std::make_shared<models::Mlp>(
                    models::Mlp::Options{.inputs = int(rows->x.cols()), .hidden = {128}, .classes = 10});
                std::mt19937_64 rng(1);
                model->initialize(rng);
                // Each run goes on from the weights before: one more epoch, as a training loop does.
                const models::TrainOptions options{.method = optim::Method::SGD,
                                                   .hyper = {.learningRate = 0.1},
                                                   .batchSize = 32,
                                                   .epochs = 1,
                                                   .initialize = false};
                PreparedWorkload w;
                w.run = [=] { models::train(*model, *rows, {}, options); };
                // Forward 2·n·(64·128 + 128·10) flops, backward twice that (weights and inputs).
                w.workPerRun = 6.0 * double(rows->rows()) * (64 * 128 + 128 * 10);
                w.rateScale = 1e9;
                w.rateUnit = "GFLOP/s";
                w.details = accuracyDetail(model, rows);
                return w;
            }};
}

} // namespace mlwb::bench
