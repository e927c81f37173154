#include "training/session.h"

#include "common/feature_pipeline.h"
#include "common/tensor_charts.h"
#include "core/cancelled.h"
#include "core/input_error.h"
#include "local_path.h"
#include "metrics/classification.h"
#include "metrics/curves.h"
#include "models/design_matrix.h"
#include "models/linear_models.h"
#include "models/mlp.h"
#include "models/observers.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>

#include <mutex>
#include <optional>

namespace mlwb::labs::training {

using ui::Parameter;

namespace {

Parameter shared(Parameter p)
{
    p.shared = true;
    return p;
}

// Every shared parameter's name: together with the seed they decide the data and the model.
const QStringList kDataParameters{"dataset", "types", "missing", "target", "pipeline", "validation_fraction",
                                  "test_fraction"};
const QStringList kModelParameters{"model",      "hidden", "activation", "init", "optimizer", "learning_rate",
                                   "batch_size", "epochs", "l2",         "patience"};

QString keyOf(ui::RunContext& ctx, const QStringList& names)
{
    QStringList parts{QString::number(ctx.seed())};
    for (const QString& n : names)
        parts << ctx.text(n);
    return parts.join(QChar(0x1f));
}

// The lab's memory between steps and runs, guarded by one mutex.
struct Memory {
    std::mutex mutex;
    QString preparedKey, trainedKey, importanceKey;
    std::shared_ptr<const Prepared> prepared;
    std::shared_ptr<const Trained> trained;
    std::shared_ptr<const models::FeatureImportance> importance;
};

Memory& memory()
{
    static Memory m;
    return m;
}

optim::Method methodOf(const QString& name) { return optim::methodFromName(name.toStdString()); }

std::vector<int> parseHidden(const QString& text)
{
    std::vector<int> units;
    for (const QString& part : text.split(QRegularExpression("[,;x× ]+"), Qt::SkipEmptyParts)) {
        bool ok = false;
        const int n = part.toInt(&ok);
        if (!ok || n < 1 || n > 4096)
            throw InputError(QStringLiteral("hidden layers: \"%1\" is not a number of units from 1 to 4096 (write "
                                            "e.g. \"64\" or \"128, 64\")")
                                 .arg(part)
                                 .toStdString());
        units.push_back(n);
    }
    if (units.empty() || units.size() > 3)
        throw InputError(QStringLiteral("hidden layers: \"%1\" gives %2 layers; an MLP here has 1 to 3")
                             .arg(text)
                             .arg(units.size())
                             .toStdString());
    return units;
}

} // namespace

QList<Parameter> sessionParameters()
{
    QList<Parameter> p = datasetParameters("breast_cancer");
    p << shared(Parameter::text("pipeline", "Pipeline", "auto",
                                "auto: impute and standard-scale numeric columns, one-hot encode categorical ones, "
                                "fitted on the training rows; or the path of a pipeline JSON saved by the "
                                "preprocessing lab"))
      << shared(Parameter::real("validation_fraction", "Validation fraction", 0.2, 0.0, 0.5, false, 2,
                                "Share of each class kept to watch overfitting, stop early and rank features"))
      << shared(Parameter::real("test_fraction", "Test fraction", 0.2, 0.05, 0.5, false, 2,
                                "Share of each class kept out until the end: the honest score"))
      << shared(Parameter::choice("model", "Model", {"auto", "logistic", "softmax", "mlp"}, "auto",
                                  "auto: logistic regression for two classes, softmax regression for more"))
      << shared(Parameter::text("hidden", "Hidden layers (MLP)", "64", "Units per hidden layer, e.g. \"64\" or \"128, 64\""))
      << shared(Parameter::choice("activation", "Activation (MLP)", {"relu", "tanh"}, "relu"))
      << shared(Parameter::choice("init", "Initialisation (MLP)", {"auto", "he", "glorot"}, "auto",
                                  "auto: He for ReLU, Glorot for tanh"))
      << shared(Parameter::choice("optimizer", "Optimizer", {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"},
                                  "adam"))
      << shared(Parameter::real("learning_rate", "Learning rate", 0.01, 1e-4, 100.0, true, 4))
      << shared(Parameter::integer("batch_size", "Batch size", 32, 0, 100000, "Rows per update; 0: all (full batch)"))
      << shared(Parameter::integer("epochs", "Epochs", 100, 1, 5000))
      << shared(Parameter::real("l2", "L2 penalty", 0.0, 0.0, 1.0, false, 4, "λ/2 · Σ w² added to the loss (biases free)"))
      << shared(Parameter::integer("patience", "Early-stopping patience", 0, 0, 1000,
                                   "Stop when the validation loss has not improved for this many epochs, and keep "
                                   "the best epoch's weights; 0: off"));
    return p;
}

QStringList Prepared::classNames() const
{
    QStringList names;
    for (const auto& n : classes.names)
        names << qs(n);
    return names;
}

QString Prepared::dataName() const { return qs(dataset->fileName); }

std::shared_ptr<const Prepared> prepare(ui::RunContext& ctx)
{
    const QString key = keyOf(ctx, kDataParameters);
    {
        std::lock_guard lock(memory().mutex);
        if (memory().preparedKey == key)
            return memory().prepared;
    }
    auto p = std::make_shared<Prepared>();
    p->dataset = loadDataset(ctx);
    const data::Table& table = p->dataset->table;
    p->label = targetColumn(ctx, *p->dataset);
    if (p->label.empty())
        throw InputError("choose the label column to predict (Label column): " + p->dataset->fileName +
                         " has no column called label, target, class or outcome");
    p->classes = models::encodeClasses(table, p->label);
    if (p->classes.names.size() > table.rowCount() / 3)
        throw InputError(QStringLiteral("the label \"%1\" has %2 classes in %3 rows: too many for every class to be "
                                        "in the training, validation and test rows. Choose a column of classes")
                             .arg(qs(p->label))
                             .arg(p->classes.names.size())
                             .arg(table.rowCount())
                             .toStdString());
    const double validation = ctx.real("validation_fraction");
    if (validation <= 0)
        throw InputError("the validation split is empty (validation fraction 0): the validation curve, early "
                         "stopping and feature importance need rows the model does not train on. Set it to 0.1 "
                         "or more");
    p->split = models::stratifiedThreeWaySplit(p->classes, validation, ctx.real("test_fraction"), ctx.seed());

    const QString pipelineSpec = ctx.text("pipeline").trimmed();
    preprocess::Pipeline pipeline;
    if (pipelineSpec.isEmpty() || pipelineSpec == "auto") {
        pipeline = makePipeline(chooseFeatures(table, p->label), "median", "standard");
        pipeline.fit(table.selectRows(p->split.train));  // on training rows only: nothing leaks
    } else {
        pipeline = preprocess::Pipeline::loadJson(ui::encodeLocalPath(pipelineSpec).toStdString());
        p->savedPipeline = true;
    }
    if (ctx.stopRequested())
        throw Cancelled();
    const models::Matrix x = models::designMatrix(pipeline, table, p->label, &p->featureNames);
    for (Eigen::Index j = 0; j < x.cols(); ++j)
        if (!x.col(j).allFinite())
            throw InputError("feature \"" + p->featureNames[std::size_t(j)] +
                             "\" holds an infinite value after the pipeline; scale or drop that column");
    p->pipeline = (p->savedPipeline ? QFileInfo(pipelineSpec).fileName() + ": " : QString()) + describePipeline(pipeline) +
                  QStringLiteral(" → %1 features").arg(x.cols());
    p->train = models::selectRows(x, p->classes.codes, p->split.train);
    p->validation = models::selectRows(x, p->classes.codes, p->split.validation);
    p->test = models::selectRows(x, p->classes.codes, p->split.test);
    std::lock_guard lock(memory().mutex);
    memory().preparedKey = key;
    memory().prepared = p;
    return p;
}

ModelSetup modelSetup(ui::RunContext& ctx, const Prepared& data)
{
    const int features = int(data.train.x.cols());
    const int classes = int(data.classes.names.size());
    QString kind = ctx.choice("model");
    if (kind == "auto")
        kind = classes == 2 ? "logistic" : "softmax";
    ModelSetup s;
    if (kind == "logistic") {
        if (classes != 2)
            throw InputError(QStringLiteral("logistic regression tells two classes apart; \"%1\" has %2. Choose "
                                            "softmax or mlp")
                                 .arg(qs(data.label))
                                 .arg(classes)
                                 .toStdString());
        s.model = std::make_unique<models::LogisticRegression>(features);
    } else if (kind == "softmax") {
        s.model = models::makeSoftmaxRegression(features, classes);
    } else {
        const bool relu = ctx.choice("activation") == "relu";
        const QString init = ctx.choice("init");
        s.model = std::make_unique<models::Mlp>(models::Mlp::Options{
            .inputs = features,
            .hidden = parseHidden(ctx.text("hidden")),
            .classes = classes,
            .activation = relu ? models::Activation::ReLU : models::Activation::Tanh,
            .init = init == "he" || (init == "auto" && relu) ? models::Initialization::He : models::Initialization::Glorot});
    }
    const optim::Method method = methodOf(ctx.choice("optimizer"));
    s.options.method = method;
    s.options.hyper = optim::defaultHyperparameters(method);
    s.options.hyper.learningRate = ctx.real("learning_rate");
    s.options.batchSize = ctx.integer("batch_size");
    s.options.epochs = ctx.integer("epochs");
    s.options.l2 = ctx.real("l2");
    s.options.seed = ctx.seed();
    s.patience = ctx.integer("patience");
    s.optimizerName = qs(std::string(optim::methodName(method)));
    return s;
}

QString describeModel(const models::Classifier& model)
{
    return QStringLiteral("%1, %2 weights").arg(qs(model.describe()), QLocale(QLocale::English).toString(model.parameters().size()));
}

QString Trained::summary() const
{
    const int run = result.epochsRun();
    QString s = QStringLiteral("%1 trained for %2 of %3 epochs").arg(qs(model->describe())).arg(run).arg(epochsPlanned);
    if (result.end == models::TrainResult::End::Diverged)
        s += " (diverged)";
    else if (result.end == models::TrainResult::End::Stopped && bestEpoch > 0 && run < epochsPlanned)
        s += QStringLiteral(" (stopped early; the weights of epoch %1 kept)").arg(bestEpoch);
    else if (result.end == models::TrainResult::End::Stopped)
        s += " (stopped)";
    else if (restored)
        s += QStringLiteral(" (the weights of the best epoch, %1, kept)").arg(bestEpoch);
    return s;
}

std::shared_ptr<const Trained> trainModel(ui::RunContext& ctx, std::shared_ptr<const Prepared> data,
                                          std::span<models::TrainingObserver* const> observers)
{
    const QString key = keyOf(ctx, kDataParameters + kModelParameters);
    ModelSetup setup = modelSetup(ctx, *data);
    models::StopOnToken stop(ctx.stopToken());
    models::ProgressReporter progress([&ctx](double f) { ctx.progress(f); });
    std::optional<models::EarlyStopping> early;
    // Paces the epochs in the window, and holds there on Pause or Step.
    models::EpochCallback pace([&](models::Classifier&, const models::EpochStats& s) {
        ctx.pace(s.epoch, setup.options.epochs);
        return false;
    });
    // Early stopping first: the observers after it see the best weights put back at the end.
    std::vector<models::TrainingObserver*> all{&stop, &progress};
    if (setup.patience > 0)
        all.push_back(&early.emplace(setup.patience));
    all.insert(all.end(), observers.begin(), observers.end());
    all.push_back(&pace);

    auto t = std::make_shared<Trained>();
    t->data = data;
    t->epochsPlanned = setup.options.epochs;
    t->result = models::train(*setup.model, data->train, data->validation, setup.options, all);
    t->model = std::move(setup.model);
    if (early) {
        t->bestEpoch = early->bestEpoch();
        t->restored = early->restored();
    }
    if (t->result.end == models::TrainResult::End::Diverged)
        ctx.note(qs(t->result.message));
    std::lock_guard lock(memory().mutex);
    memory().trainedKey = key;
    memory().trained = t;
    memory().importanceKey.clear();
    return t;
}

std::shared_ptr<const Trained> currentModel(ui::RunContext& ctx)
{
    const QString key = keyOf(ctx, kDataParameters + kModelParameters);
    {
        std::lock_guard lock(memory().mutex);
        if (memory().trainedKey == key)
            return memory().trained;
    }
    auto t = trainModel(ctx, prepare(ctx));
    if (ctx.stopRequested())
        throw Cancelled();
    return t;
}

std::shared_ptr<const models::FeatureImportance> importanceOf(ui::RunContext& ctx, const Trained& t, int repeats)
{
    const QString key = QStringLiteral("%1|%2").arg(quintptr(t.model.get())).arg(repeats);
    {
        std::lock_guard lock(memory().mutex);
        if (memory().importanceKey == key)
            return memory().importance;
    }
    auto imp = std::make_shared<const models::FeatureImportance>(
        models::permutationImportance(*t.model, t.data->validation, repeats, ctx.seed(), ctx.stopToken()));
    std::lock_guard lock(memory().mutex);
    memory().importanceKey = key;
    memory().importance = imp;
    return imp;
}

void reportModel(ui::RunContext& ctx, const Trained& t, const models::FeatureImportance& importance)
{
    const Prepared& d = *t.data;
    const auto accuracyOn = [&](const models::LabeledData& split) {
        return double(t.model->evaluate(split.x, split.y).correct) / double(split.rows());
    };
    ctx.metric("train_accuracy", accuracyOn(d.train));
    ctx.metric("validation_accuracy", accuracyOn(d.validation));
    ctx.metric("test_accuracy", accuracyOn(d.test));
    const models::Matrix probabilities = t.model->predictProba(d.test.x);
    ctx.metric("log_loss", metrics::logLoss(d.test.y, probabilities));
    ctx.metric("epochs_run", t.result.epochsRun());
    ctx.metric("classes", QJsonArray::fromStringList(d.classNames()));
    const auto confusion = metrics::confusionMatrix(d.test.y, t.model->predict(d.test.x), int(d.classes.names.size()));
    QJsonArray rows;
    for (int i = 0; i < confusion.classes; ++i) {
        QJsonArray row;
        for (int j = 0; j < confusion.classes; ++j)
            row.append(qint64(confusion.at(i, j)));
        rows.append(row);
    }
    ctx.metric("confusion_matrix", rows);
    if (d.binary()) {
        const std::vector<double> score(probabilities.col(1).data(), probabilities.col(1).data() + probabilities.rows());
        ctx.metric("roc_auc", metrics::rocAuc(d.test.y, score));
    }
    QJsonArray features;
    for (std::size_t j = 0; j < importance.mean.size(); ++j)
        features.append(QJsonObject{{"feature", qs(d.featureNames[j])}, {"mean", importance.mean[j]}, {"sd", importance.sd[j]}});
    ctx.metric("feature_importance", features);
    ctx.metric("model", qs(t.model->describe()));
}

void reportModel(ui::RunContext& ctx, const Trained& t) { reportModel(ctx, t, *importanceOf(ctx, t, kImportanceRepeats)); }

} // namespace mlwb::labs::training
