#include "models/training.h"

#include "core/input_error.h"
#include "tensor/detail/vector_arithmetic.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <new>
#include <numeric>
#include <utility>

namespace mlwb::models {

namespace {

void checkFits(const Classifier& model, const LabeledData& d, const char* what)
{
    if (d.x.rows() != Eigen::Index(d.y.size()))
        throw InputError(fmt::format("the {} data have {} rows of features but {} labels", what, d.x.rows(), d.y.size()));
    if (d.rows() > 0 && d.x.cols() != model.features())
        throw InputError(fmt::format("the {} data have {} features; the model takes {}", what, d.x.cols(), model.features()));
    for (std::size_t i = 0; i < d.y.size(); ++i)
        if (d.y[i] < 0 || d.y[i] >= model.classes())
            throw InputError(fmt::format("{} row {} has class {}; the model knows classes 0 to {}", what, i, d.y[i],
                                         model.classes() - 1));
}

// The training rows in an epoch's order, copied once per epoch so that every batch is a block
// of consecutive rows read in place. Each column starts on a 64-byte boundary (the leading
// dimension is a multiple of 8), so a batch that starts on a multiple of 8 rows (full batch,
// or batch sizes of multiples of 8) is read without a vector load straddling cache lines: for
// full-batch logistic regression that alone was a fifth of the time. The copy holds the
// training rows a second time while training runs.
class OrderedRows {
public:
    explicit OrderedRows(const LabeledData& d)
        : d_(d),
          ld_((Eigen::Index(d.rows()) + 7) / 8 * 8),
          x_(static_cast<double*>(::operator new(std::size_t(ld_ * d.x.cols()) * sizeof(double), kAlignment))),
          y_(d.rows())
    {
    }
    void arrange(std::span<const int> order)
    {
        for (Eigen::Index j = 0; j < d_.x.cols(); ++j) {
            const double* from = d_.x.col(j).data();
            double* to = x_.get() + j * ld_;
            for (std::size_t i = 0; i < order.size(); ++i)
                to[i] = from[order[i]];
        }
        for (std::size_t i = 0; i < order.size(); ++i)
            y_[i] = d_.y[std::size_t(order[i])];
    }
    ConstView x(int first, int count) const { return {x_.get() + first, count, d_.x.cols(), 1, ld_}; }
    std::span<const int> y(int first, int count) const
    {
        return std::span<const int>(y_).subspan(std::size_t(first), std::size_t(count));
    }

private:
    static constexpr std::align_val_t kAlignment{64};
    struct Free {
        void operator()(double* p) const { ::operator delete(p, kAlignment); }
    };
    const LabeledData& d_;
    Eigen::Index ld_;
    std::unique_ptr<double, Free> x_;  // not zeroed: rows past the data are never read
    std::vector<int> y_;
};

// Our own Fisher–Yates, so the order does not depend on the library. A draw below i + 1 is
// the high word of rng() · (i + 1) (Lemire's method): a 64-bit division per row was 2% of an
// MLP's epoch.
void shuffle(std::vector<int>& order, std::mt19937_64& rng)
{
    __extension__ typedef unsigned __int128 Wide;  // GCC and clang; __extension__ for -Wpedantic
    for (std::size_t i = order.size() - 1; i > 0; --i)
        std::swap(order[i], order[std::size_t((Wide(rng()) * (i + 1)) >> 64)]);
}

bool anyObserver(std::span<TrainingObserver* const> observers, auto&& call)
{
    bool stop = false;
    for (auto* o : observers)
        stop = call(*o) || stop;  // every observer hears every event
    return stop;
}

} // namespace

TrainResult train(Classifier& model, const LabeledData& train, const LabeledData& validation,
                  const TrainOptions& options, std::span<TrainingObserver* const> observers)
{
    checkFits(model, train, "training");
    checkFits(model, validation, "validation");
    if (train.rows() == 0)
        throw InputError("there are no training rows");
    if (options.epochs < 1)
        throw InputError(fmt::format("the number of epochs must be at least 1, not {}", options.epochs));

    std::mt19937_64 rng(options.seed);
    if (options.initialize)
        model.initialize(rng);
    const auto optimizer = optim::makeOptimizer(options.method, options.hyper);
    const int n = int(train.rows());
    const int batch = options.batchSize <= 0 ? n : std::min(options.batchSize, n);
    const bool fullBatch = batch == n;
    // Plain SGD's step, which a model may take fused with its gradient (Classifier::stepSgd).
    const bool plainSgd = options.method == optim::Method::SGD && options.l2 == 0;
    std::vector<int> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), 0);

    TrainResult result;
    const auto start = std::chrono::steady_clock::now();
    const auto finish = [&](TrainResult::End end) {
        result.end = end;
        for (auto* o : observers)
            o->onEnd(model, result);
        return result;
    };
    if (anyObserver(observers, [&](TrainingObserver& o) { return o.onBegin(model, options); }))
        return finish(TrainResult::End::Stopped);

    OrderedRows rows(train);
    if (fullBatch)  // once for all epochs; mini-batches arrange each epoch's shuffled order
        rows.arrange(order);
    double startLoss = std::numeric_limits<double>::quiet_NaN();  // at the starting weights
    Vec before;  // the weights before each epoch, in one allocation for all epochs
    for (int epoch = 1; epoch <= options.epochs; ++epoch) {
        before = model.parameters();
        if (!fullBatch) {
            shuffle(order, rng);
            rows.arrange(order);
        }
        double lossSum = 0, gradSquares = 0;
        long correct = 0;
        int batches = 0, seen = 0;
        bool stop = false;
        for (int first = 0; first < n && !stop; first += batch) {
            const int count = std::min(batch, n - first);
            const ConstView x = rows.x(first, count);
            const std::span<const int> y = rows.y(first, count);
            // The batch's evaluation at the weights before its step.
            const auto record = [&](const Evaluation& e, const Vec& g) {
                if (std::isnan(startLoss))
                    startLoss = e.loss - e.penalty;
                lossSum += (e.loss - e.penalty) * count;
                correct += e.correct;
                gradSquares += std::isnan(e.gradientSquares) ? tensor::detail::squaredNorm(g.data(), g.size())
                                                             : e.gradientSquares;
            };
            Evaluation fused;
            if (plainSgd && model.stepSgd(x, y, options.hyper.learningRate, fused)) {
                record(fused, {});
            } else {
                bool firstEvaluation = true;  // Nesterov evaluates elsewhere too; report the first evaluation
                optimizer->step(model.parameters(), [&](const Vec& at) {
                    Vec g;
                    const Evaluation e = model.evaluate(at, x, y, options.l2, &g);
                    if (std::exchange(firstEvaluation, false))
                        record(e, g);
                    return g;
                });
            }
            ++batches;
            seen += count;
            stop = anyObserver(observers, [&](TrainingObserver& o) { return o.onBatchEnd(model); });
        }
        if (seen < n)  // stopped within the epoch: keep the weights, report no partial epoch
            return finish(TrainResult::End::Stopped);
        EpochStats s;
        s.epoch = epoch;
        s.trainLoss = lossSum / n;
        s.trainAccuracy = double(correct) / n;
        s.gradientNorm = std::sqrt(gradSquares / std::max(batches, 1));
        s.learningRate = options.hyper.learningRate;
        s.validationLoss = s.validationAccuracy = std::numeric_limits<double>::quiet_NaN();
        const bool finiteWeights = model.parameters().allFinite();
        if (validation.rows() > 0 && finiteWeights) {
            const Evaluation v = model.evaluate(validation.x, validation.y);
            s.validationLoss = v.loss;
            s.validationAccuracy = double(v.correct) / double(validation.rows());
        }
        s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        // Cross-entropy starts near log(classes); ten times that (or 10 nats) means nearly every
        // row is confidently wrong. Huge weights can still be finite while their scores overflow:
        // a non-finite validation loss counts too.
        const bool blewUp = std::isfinite(s.trainLoss) && s.trainLoss > 10 * std::max(startLoss, 1.0);
        const bool nonFinite = !finiteWeights || !std::isfinite(s.trainLoss) || !std::isfinite(s.gradientNorm) ||
                               (validation.rows() > 0 && !std::isfinite(s.validationLoss));
        if (nonFinite || blewUp) {
            model.parameters() = before;
            result.message = fmt::format(
                "training diverged at epoch {}: {} (it was {:.4g} at the start). The weights of epoch {} are "
                "kept; lower the learning rate (now {:.4g}).",
                epoch,
                nonFinite ? std::string("the weights or the loss became infinite or NaN")
                                                              : fmt::format("the training loss grew to {:.4g}", s.trainLoss),
                startLoss, epoch - 1, options.hyper.learningRate);
            return finish(TrainResult::End::Diverged);
        }
        result.history.push_back(s);
        stop = anyObserver(observers, [&](TrainingObserver& o) { return o.onEpochEnd(model, s); }) || stop;
        if (stop)
            return finish(TrainResult::End::Stopped);
    }
    return finish(TrainResult::End::Finished);
}

} // namespace mlwb::models
