// The classifiers, their training loop and observers, permutation importance, and the
// label encoding and split, against finite differences, known data-set figures and brute force.
#include "core/input_error.h"
#include "data/csv_reader.h"
#include "models/class_labels.h"
#include "models/importance.h"
#include "models/linear_models.h"
#include "models/mlp.h"
#include "models/observers.h"
#include "models/training.h"
#include "tensor/detail/gemm.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <tuple>

using namespace mlwb;
using namespace mlwb::models;

class ModelsTest : public QObject {
    Q_OBJECT
private slots:
    void gradientMatchesFiniteDifferences_data();
    void gradientMatchesFiniteDifferences();
    void logisticMatchesPlainLoopsAtEveryIsa_data();
    void logisticMatchesPlainLoopsAtEveryIsa();
    void mlpMatchesPlainLoopsAtEveryIsa_data();
    void mlpMatchesPlainLoopsAtEveryIsa();
    void blockOfRowsInPlaceEqualsCopy();
    void fusedSgdStepEqualsGradientStep();
    void softmaxSeparatesSeparableData();
    void logisticBreastCancerReachesAnchor();
    void mlpDigitsBeatsNinetyFivePercent();
    void permutationImportanceFindsInformativeFeature();
    void earlyStoppingRestoresBestWeights();
    void sameSeedSameCurves();
    void divergenceStopsWithMessage();
    void observersThrottleAndStop();
    void classLabels();
    void threeWaySplit();
};

namespace {

std::unique_ptr<Classifier> makeModel(const QString& kind, int features, int classes)
{
    if (kind == "logistic")
        return std::make_unique<LogisticRegression>(features);
    if (kind == "softmax")
        return makeSoftmaxRegression(features, classes);
    if (kind == "mlp-relu")
        return std::make_unique<Mlp>(Mlp::Options{.inputs = features, .hidden = {7, 5}, .classes = classes});
    return std::make_unique<Mlp>(Mlp::Options{.inputs = features, .hidden = {6, 5, 4}, .classes = classes,
                                              .activation = Activation::Tanh, .init = Initialization::Glorot});
}

LabeledData randomData(int rows, int features, int classes, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    LabeledData d;
    d.x.resize(rows, features);
    for (int i = 0; i < rows; ++i) {
        for (int j = 0; j < features; ++j)
            d.x(i, j) = normal(rng);
        d.y.push_back(int(rng() % std::uint64_t(classes)));
    }
    return d;
}

// Features standardized with the population sd, by plain loops (not the pipeline).
LabeledData breastCancer()
{
    const auto csv = data::readCsvFile(MLWB_DATASETS "/breast_cancer.csv");
    const auto& t = csv.table;
    LabeledData d;
    d.x.resize(Eigen::Index(t.rowCount()), 30);
    int j = 0;
    for (const auto& c : t.columns) {
        if (c.name == "diagnosis") {
            for (std::size_t r = 0; r < t.rowCount(); ++r)
                d.y.push_back(c.levels[std::size_t(c.codes[r])] == "malignant" ? 1 : 0);
            continue;
        }
        double mean = 0, var = 0;
        for (const double v : c.numbers)
            mean += v;
        mean /= double(c.numbers.size());
        for (const double v : c.numbers)
            var += (v - mean) * (v - mean);
        const double sd = std::sqrt(var / double(c.numbers.size()));
        for (std::size_t r = 0; r < t.rowCount(); ++r)
            d.x(Eigen::Index(r), j) = (c.numbers[r] - mean) / sd;
        ++j;
    }
    return d;
}

} // namespace

void ModelsTest::gradientMatchesFiniteDifferences_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("classes");
    QTest::addColumn<double>("l2");
    QTest::newRow("logistic") << "logistic" << 2 << 0.0;
    QTest::newRow("logistic, L2") << "logistic" << 2 << 0.3;
    QTest::newRow("softmax, 3 classes, L2") << "softmax" << 3 << 0.1;
    QTest::newRow("MLP ReLU 2 layers, L2") << "mlp-relu" << 4 << 0.05;
    QTest::newRow("MLP tanh 3 layers") << "mlp-tanh" << 3 << 0.0;
}

void ModelsTest::gradientMatchesFiniteDifferences()
{
    QFETCH(QString, kind);
    QFETCH(int, classes);
    QFETCH(double, l2);
    const LabeledData d = randomData(23, 5, classes, 7);
    auto model = makeModel(kind, 5, classes);
    std::mt19937_64 rng(3);
    model->initialize(rng);
    Vec w = model->parameters();
    if (kind != "mlp-relu" && kind != "mlp-tanh")  // linear models start at 0: move off it
        for (Eigen::Index i = 0; i < w.size(); ++i)
            w[i] = 0.3 * std::sin(1.7 * double(i) + 0.4);
    Vec g;
    model->evaluate(w, d.x, d.y, l2, &g);
    QCOMPARE(g.size(), w.size());
    double worst = 0;
    for (Eigen::Index i = 0; i < w.size(); ++i) {
        const double h = 1e-6;
        Vec up = w, down = w;
        up[i] += h;
        down[i] -= h;
        const double numeric = (model->evaluate(up, d.x, d.y, l2, nullptr).loss -
                                model->evaluate(down, d.x, d.y, l2, nullptr).loss) / (2 * h);
        worst = std::max(worst, std::abs(numeric - g[i]) / std::max(1e-3, std::abs(numeric)));
    }
    QVERIFY2(worst < 1e-5, qPrintable(QString("largest relative difference %1").arg(worst)));
}

void ModelsTest::logisticMatchesPlainLoopsAtEveryIsa_data()
{
    QTest::addColumn<int>("rows");
    // Fewer rows than a block, whole blocks of every ISA's width, and whole blocks and a rest.
    QTest::newRow("23 rows") << 23;
    QTest::newRow("128 rows") << 128;
    QTest::newRow("569 rows") << 569;
}

void ModelsTest::logisticMatchesPlainLoopsAtEveryIsa()
{
    // The blocked, per-ISA evaluation against the formulas row by row.
    QFETCH(int, rows);
    const LabeledData d = randomData(rows, 9, 2, 11);
    LogisticRegression model(9);
    Vec params(10);
    std::mt19937_64 rng(5);
    std::normal_distribution<double> normal;
    for (double& p : params)
        p = 2 * normal(rng);
    double loss = 0;
    long correct = 0;
    Vec expected = Vec::Zero(10);
    for (int i = 0; i < rows; ++i) {
        const double z = d.x.row(i).dot(params.head(9)) + params[9], y = d.y[std::size_t(i)];
        loss += std::log1p(std::exp(-std::abs(z))) + std::max(z, 0.0) - y * z;
        correct += (z > 0) == (y == 1);
        const double r = (1 / (1 + std::exp(-z)) - y) / rows;
        expected.head(9) += r * d.x.row(i).transpose();
        expected[9] += r;
    }
    expected.head(9) += 0.2 * params.head(9);
    const auto active = tensor::detail::activeGemmIsa();
    for (const auto isa : tensor::detail::supportedGemmIsas()) {
        tensor::detail::useGemmIsa(isa);
        Vec gradient;
        const Evaluation e = model.evaluate(params, d.x, d.y, 0.2, &gradient);
        const QString at = QString::fromUtf8(tensor::detail::gemmIsaName(isa).data());
        QVERIFY2(std::abs(e.loss - e.penalty - loss / rows) < 1e-13, qPrintable(at));
        QVERIFY2(e.correct == correct, qPrintable(at));
        QVERIFY2((gradient - expected).cwiseAbs().maxCoeff() < 1e-13, qPrintable(at));
        QVERIFY2(model.evaluate(params, d.x, d.y, 0.2, nullptr).loss == e.loss, qPrintable(at));
    }
    tensor::detail::useGemmIsa(active);
}

namespace {

struct PlainResult {
    double loss = 0;  // mean −log p(true class)
    long correct = 0;
    Vec gradient;
    Matrix probabilities;
};

// An MLP's outputs, loss and gradient row by row with the chain rule written out, for the
// parameter layout Mlp documents (per layer: W outputs × inputs column-major, then biases).
PlainResult plainMlp(const Mlp::Options& o, const Vec& params, const LabeledData& d)
{
    std::vector<int> sizes{o.inputs};
    sizes.insert(sizes.end(), o.hidden.begin(), o.hidden.end());
    sizes.push_back(o.classes);
    const int layers = int(sizes.size()) - 1;
    std::vector<Eigen::Index> offset;
    Eigen::Index total = 0;
    for (int l = 0; l < layers; ++l) {
        offset.push_back(total);
        total += Eigen::Index(sizes[l + 1]) * (sizes[l] + 1);
    }
    const bool relu = o.activation == Activation::ReLU;
    const auto w = [&](int l, int out, int in) { return params[offset[l] + out + Eigen::Index(in) * sizes[l + 1]]; };
    const auto b = [&](int l, int out) { return params[offset[l] + Eigen::Index(sizes[l + 1]) * sizes[l] + out]; };
    const int n = int(d.rows());
    PlainResult r;
    r.gradient = Vec::Zero(total);
    r.probabilities.resize(n, o.classes);
    for (int row = 0; row < n; ++row) {
        std::vector<std::vector<double>> a{std::vector<double>(d.x.row(row).begin(), d.x.row(row).end())};
        for (int l = 0; l < layers; ++l) {
            std::vector<double> z(std::size_t(sizes[l + 1]));
            for (int out = 0; out < sizes[l + 1]; ++out) {
                z[std::size_t(out)] = b(l, out);
                for (int in = 0; in < sizes[l]; ++in)
                    z[std::size_t(out)] += w(l, out, in) * a[std::size_t(l)][std::size_t(in)];
                if (l + 1 < layers)
                    z[std::size_t(out)] = relu ? std::max(z[std::size_t(out)], 0.0) : std::tanh(z[std::size_t(out)]);
            }
            a.push_back(z);
        }
        std::vector<double>& p = a.back();
        const double largest = *std::max_element(p.begin(), p.end());
        double sum = 0;
        for (double& v : p)
            sum += v = std::exp(v - largest);
        for (double& v : p)
            v /= sum;
        const int truth = d.y[std::size_t(row)];
        for (int k = 0; k < o.classes; ++k)
            r.probabilities(row, k) = p[std::size_t(k)];
        r.loss -= std::log(std::max(p[std::size_t(truth)], 1e-15)) / n;
        r.correct += std::max_element(p.begin(), p.end()) - p.begin() == truth;
        std::vector<double> delta = p;
        delta[std::size_t(truth)] -= 1;
        for (double& v : delta)
            v /= n;
        for (int l = layers - 1; l >= 0; --l) {
            std::vector<double> below(std::size_t(sizes[l]), 0.0);
            for (int out = 0; out < sizes[l + 1]; ++out) {
                for (int in = 0; in < sizes[l]; ++in) {
                    r.gradient[offset[l] + out + Eigen::Index(in) * sizes[l + 1]] +=
                        delta[std::size_t(out)] * a[std::size_t(l)][std::size_t(in)];
                    below[std::size_t(in)] += w(l, out, in) * delta[std::size_t(out)];
                }
                r.gradient[offset[l] + Eigen::Index(sizes[l + 1]) * sizes[l] + out] += delta[std::size_t(out)];
            }
            for (int in = 0; l > 0 && in < sizes[l]; ++in) {
                const double h = a[std::size_t(l)][std::size_t(in)];
                below[std::size_t(in)] *= relu ? (h > 0 ? 1.0 : 0.0) : 1 - h * h;
            }
            delta = below;
        }
    }
    return r;
}

} // namespace

void ModelsTest::mlpMatchesPlainLoopsAtEveryIsa_data()
{
    QTest::addColumn<int>("rows");
    QTest::addColumn<bool>("relu");
    QTest::addColumn<std::vector<int>>("hidden");
    // Layer widths that are and are not whole packets; one pass of rows, exactly one, and
    // several with a rest.
    QTest::newRow("23 rows, 5-7-3 ReLU") << 23 << true << std::vector<int>{7};
    QTest::newRow("64 rows, 5-16-3 ReLU") << 64 << true << std::vector<int>{16};
    QTest::newRow("150 rows, 5-13-8-3 tanh") << 150 << false << std::vector<int>{13, 8};
    QTest::newRow("150 rows, 5-3 softmax") << 150 << true << std::vector<int>{};
    QTest::newRow("70 rows, 5-33-3 ReLU") << 70 << true << std::vector<int>{33};
    QTest::newRow("9 rows, 5-17-9-6-3 tanh") << 9 << false << std::vector<int>{17, 9, 6};
}

void ModelsTest::mlpMatchesPlainLoopsAtEveryIsa()
{
    // The per-ISA kernel against the network written out row by row.
    QFETCH(int, rows);
    QFETCH(bool, relu);
    QFETCH(std::vector<int>, hidden);
    const LabeledData d = randomData(rows, 5, 3, 13);
    const Mlp::Options options{.inputs = 5, .hidden = hidden, .classes = 3,
                               .activation = relu ? Activation::ReLU : Activation::Tanh};
    Mlp model(options);
    std::mt19937_64 rng(9);
    std::normal_distribution<double> normal;
    for (double& p : model.parameters())
        p = normal(rng);
    const Vec params = model.parameters();
    const PlainResult expected = plainMlp(options, params, d);
    const auto active = tensor::detail::activeGemmIsa();
    for (const auto isa : tensor::detail::supportedGemmIsas()) {
        tensor::detail::useGemmIsa(isa);
        const QString at = QString::fromUtf8(tensor::detail::gemmIsaName(isa).data());
        Vec gradient;
        const Evaluation e = model.evaluate(params, d.x, d.y, 0.0, &gradient);
        QVERIFY2(std::abs(e.loss - expected.loss) < 1e-13, qPrintable(at));
        QVERIFY2(e.correct == expected.correct, qPrintable(at));
        QVERIFY2((gradient - expected.gradient).cwiseAbs().maxCoeff() < 1e-13, qPrintable(at));
        QVERIFY2(std::abs(e.gradientSquares - expected.gradient.squaredNorm()) < 1e-12, qPrintable(at));
        QVERIFY2((model.predictProba(d.x) - expected.probabilities).cwiseAbs().maxCoeff() < 1e-14, qPrintable(at));
        QVERIFY2(model.evaluate(params, d.x, d.y, 0.0, nullptr).loss == e.loss, qPrintable(at));
    }
    tensor::detail::useGemmIsa(active);
}

void ModelsTest::blockOfRowsInPlaceEqualsCopy()
{
    // Training hands the models blocks of rows of a larger matrix, read in place: rows 37 to
    // 136 of 200 give what a copy of those rows gives. The rows around them are NaN, so a read
    // past the block would show.
    LabeledData all = randomData(200, 6, 2, 17);
    all.x.topRows(37).setConstant(std::numeric_limits<double>::quiet_NaN());
    all.x.bottomRows(63).setConstant(std::numeric_limits<double>::quiet_NaN());
    LabeledData part;
    part.x = all.x.middleRows(37, 100);
    part.y.assign(all.y.begin() + 37, all.y.begin() + 137);
    const ConstView inPlace{all.x.data() + 37, 100, 6, 1, all.x.rows()};
    std::vector<std::unique_ptr<Classifier>> models;
    models.push_back(std::make_unique<LogisticRegression>(6));
    models.push_back(std::make_unique<Mlp>(Mlp::Options{.inputs = 6, .hidden = {9}, .classes = 2}));
    for (auto& model : models) {
        std::mt19937_64 rng(4);
        model->initialize(rng);
        for (double& p : model->parameters())
            p += 0.1;
        Vec fromCopy, fromBlock;
        const Evaluation a = model->evaluate(model->parameters(), part.x, part.y, 0.1, &fromCopy);
        const Evaluation b = model->evaluate(model->parameters(), inPlace, part.y, 0.1, &fromBlock);
        QCOMPARE(b.loss, a.loss);
        QCOMPARE(b.correct, a.correct);
        QVERIFY2(fromBlock == fromCopy, model->describe().c_str());
    }
}

void ModelsTest::fusedSgdStepEqualsGradientStep()
{
    // Plain SGD fused with the backward pass (weights stepped in place, layers of whole packets
    // and with a masked part) against the gradient and a separate step, at every ISA; an MLP
    // declines batches over 64 rows, unchanged.
    for (const auto& [rows, hidden, activation] :
         {std::tuple{40, std::vector<int>{16}, Activation::ReLU},
          std::tuple{40, std::vector<int>{7, 9}, Activation::ReLU},
          std::tuple{5, std::vector<int>{11}, Activation::Tanh}}) {
        const LabeledData d = randomData(rows, 5, 8, 21);
        Mlp model(Mlp::Options{.inputs = 5, .hidden = hidden, .classes = 8, .activation = activation});
        std::mt19937_64 rng(6);
        model.initialize(rng);
        const Vec start = model.parameters();
        Vec gradient;
        const Evaluation expected = model.evaluate(start, d.x, d.y, 0.0, &gradient);
        const auto active = tensor::detail::activeGemmIsa();
        for (const auto isa : tensor::detail::supportedGemmIsas()) {
            tensor::detail::useGemmIsa(isa);
            const QString at = QString::fromUtf8(tensor::detail::gemmIsaName(isa).data()) + " " +
                               QString::fromStdString(model.describe());
            model.parameters() = start;
            Evaluation before;
            QVERIFY2(model.stepSgd(view(d.x), d.y, 0.3, before), qPrintable(at));
            QVERIFY2((model.parameters() - (start - 0.3 * gradient)).cwiseAbs().maxCoeff() < 1e-14, qPrintable(at));
            QVERIFY2(std::abs(before.loss - expected.loss) < 1e-14, qPrintable(at));
            QCOMPARE(before.correct, expected.correct);
            QVERIFY2(std::abs(before.gradientSquares - gradient.squaredNorm()) < 1e-12, qPrintable(at));
        }
        tensor::detail::useGemmIsa(active);
    }
    // Logistic regression takes every step itself, for any number of rows.
    const LabeledData binary = randomData(300, 5, 2, 8);
    LogisticRegression logistic(5);
    logistic.parameters() << 0.3, -0.2, 0.1, 0.5, -0.4, 0.05;
    const Vec from = logistic.parameters();
    Vec gradient;
    const Evaluation expected = logistic.evaluate(from, binary.x, binary.y, 0.0, &gradient);
    Evaluation before;
    QVERIFY(logistic.stepSgd(view(binary.x), binary.y, 0.3, before));
    QVERIFY((logistic.parameters() - (from - 0.3 * gradient)).cwiseAbs().maxCoeff() < 1e-15);
    QCOMPARE(before.loss, expected.loss);
    QVERIFY(std::abs(before.gradientSquares - gradient.squaredNorm()) < 1e-15);

    const LabeledData many = randomData(65, 5, 3, 2);
    Mlp model(Mlp::Options{.inputs = 5, .hidden = {4}, .classes = 3});
    const Vec start = model.parameters();
    Evaluation unused;
    QVERIFY(!model.stepSgd(view(many.x), many.y, 0.3, unused));
    QVERIFY(model.parameters() == start);
}

void ModelsTest::softmaxSeparatesSeparableData()
{
    // Three blobs 6 sd apart: a linear model can separate them exactly.
    std::mt19937_64 rng(11);
    std::normal_distribution<double> normal;
    LabeledData d;
    d.x.resize(90, 2);
    const double centres[3][2] = {{0, 0}, {6, 0}, {3, 6}};
    for (int i = 0; i < 90; ++i) {
        const int k = i % 3;
        d.x(i, 0) = centres[k][0] + normal(rng) * 0.5;
        d.x(i, 1) = centres[k][1] + normal(rng) * 0.5;
        d.y.push_back(k);
    }
    auto model = makeSoftmaxRegression(2, 3);
    TrainOptions o{.method = optim::Method::Adam, .hyper = {.learningRate = 0.1}, .epochs = 300};
    const TrainResult r = train(*model, d, {}, o);
    QCOMPARE(r.end, TrainResult::End::Finished);
    QCOMPARE(model->evaluate(d.x, d.y).correct, 90L);
    QVERIFY(std::isnan(r.history.back().validationLoss));
}

void ModelsTest::logisticBreastCancerReachesAnchor()
{
    // W8's settings: full batch, SGD, learning rate 0.1, 1000 epochs, weights from 0. NumPy
    // reaches training accuracy 0.988 (562 of 569 rows).
    const LabeledData d = breastCancer();
    QCOMPARE(d.rows(), std::size_t(569));
    LogisticRegression model(30);
    TrainOptions o{.method = optim::Method::SGD, .hyper = {.learningRate = 0.1}, .batchSize = 0, .epochs = 1000};
    const TrainResult r = train(model, d, {}, o);
    QCOMPARE(r.epochsRun(), 1000);
    const long correct = model.evaluate(d.x, d.y).correct;
    QVERIFY2(correct >= 562, qPrintable(QString("%1 of 569 correct").arg(correct)));
    QCOMPARE(QString::number(double(correct) / 569, 'f', 3), QString("0.988"));
}

void ModelsTest::mlpDigitsBeatsNinetyFivePercent()
{
    const auto csv = data::readCsvFile(MLWB_DATASETS "/digits.csv");
    const ClassLabels labels = encodeClasses(csv.table, "digit");
    QCOMPARE(labels.names.size(), std::size_t(10));
    Matrix x(Eigen::Index(csv.table.rowCount()), 64);
    for (int j = 0; j < 64; ++j)
        for (Eigen::Index r = 0; r < x.rows(); ++r)
            x(r, j) = csv.table.columns[std::size_t(j)].numbers[std::size_t(r)] / 16.0;
    const ThreeWaySplit split = stratifiedThreeWaySplit(labels, 0.0, 0.2, 5);
    const auto pick = [&](const std::vector<std::size_t>& rows) {
        LabeledData d;
        d.x.resize(Eigen::Index(rows.size()), 64);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            d.x.row(Eigen::Index(i)) = x.row(Eigen::Index(rows[i]));
            d.y.push_back(labels.codes[rows[i]]);
        }
        return d;
    };
    const LabeledData trainRows = pick(split.train), testRows = pick(split.test);
    Mlp model({.inputs = 64, .hidden = {128}, .classes = 10});
    TrainOptions o{.method = optim::Method::SGD, .hyper = {.learningRate = 0.1}, .batchSize = 32, .epochs = 20, .seed = 2};
    train(model, trainRows, {}, o);
    const double accuracy = double(model.evaluate(testRows.x, testRows.y).correct) / double(testRows.rows());
    QVERIFY2(accuracy > 0.95, qPrintable(QString("test accuracy %1").arg(accuracy)));
}

void ModelsTest::permutationImportanceFindsInformativeFeature()
{
    // Feature 2 decides the class; features 0, 1, 3, 4 are noise.
    LabeledData d = randomData(400, 5, 2, 21);
    for (std::size_t i = 0; i < d.rows(); ++i)
        d.y[i] = d.x(Eigen::Index(i), 2) > 0 ? 1 : 0;
    LogisticRegression model(5);
    train(model, d, {}, {.method = optim::Method::Adam, .hyper = {.learningRate = 0.1}, .epochs = 200});
    const FeatureImportance imp = permutationImportance(model, d, 5, 9);
    QVERIFY(imp.baseline > 0.97);
    QVERIFY2(imp.mean[2] > 0.3, qPrintable(QString::number(imp.mean[2])));
    for (const int j : {0, 1, 3, 4}) {
        QVERIFY2(std::abs(imp.mean[std::size_t(j)]) < 0.05, qPrintable(QString::number(imp.mean[std::size_t(j)])));
        QVERIFY(imp.sd[std::size_t(j)] < 0.05);
    }
    QVERIFY(imp.sd[2] > 0);  // five different shuffles do not drop the accuracy alike
    QVERIFY_THROWS_EXCEPTION(InputError, permutationImportance(model, d, 0, 9));
    // Standardized coefficients: the informative feature's weight dominates.
    const Matrix c = standardizedCoefficients(model, d.x);
    QCOMPARE(c.rows(), Eigen::Index(1));
    Eigen::Index best = 0;
    c.row(0).cwiseAbs().maxCoeff(&best);
    QCOMPARE(best, Eigen::Index(2));
}

void ModelsTest::earlyStoppingRestoresBestWeights()
{
    // A large network on few noisy rows overfits: the validation loss turns up.
    const LabeledData trainRows = randomData(30, 6, 2, 4), validation = randomData(200, 6, 2, 5);
    Mlp model({.inputs = 6, .hidden = {64, 64}, .classes = 2});
    std::vector<Vec> weights{Vec()};  // weights[e]: after epoch e
    std::vector<double> validationLoss{0};
    EpochCallback record([&](Classifier& m, const EpochStats& s) {
        weights.push_back(m.parameters());
        validationLoss.push_back(s.validationLoss);
        return false;
    });
    EarlyStopping early(10);
    TrainingObserver* observers[] = {&record, &early};
    const TrainResult r = train(model, trainRows, validation,
                                {.method = optim::Method::Adam, .hyper = {.learningRate = 0.01}, .epochs = 500},
                                observers);
    QCOMPARE(r.end, TrainResult::End::Stopped);
    QVERIFY(early.bestEpoch() > 0);
    QCOMPARE(early.stoppedAt(), early.bestEpoch() + 10);
    QCOMPARE(r.epochsRun(), early.stoppedAt());
    const auto best = std::min_element(validationLoss.begin() + 1, validationLoss.end()) - validationLoss.begin();
    QCOMPARE(int(best), early.bestEpoch());
    QVERIFY(early.restored());
    QVERIFY(model.parameters() == weights[std::size_t(best)]);
    QVERIFY(!(model.parameters() == weights.back()));
}

void ModelsTest::sameSeedSameCurves()
{
    const LabeledData d = randomData(120, 4, 3, 8), v = randomData(40, 4, 3, 9);
    const auto run = [&](std::uint64_t seed) {
        Mlp model({.inputs = 4, .hidden = {16}, .classes = 3});
        return train(model, d, v, {.method = optim::Method::Momentum, .hyper = {.learningRate = 0.05}, .batchSize = 16,
                                   .epochs = 15, .seed = seed});
    };
    const TrainResult a = run(42), b = run(42), c = run(43);
    QCOMPARE(a.epochsRun(), 15);
    for (int e = 0; e < 15; ++e) {
        QCOMPARE(a.history[std::size_t(e)].trainLoss, b.history[std::size_t(e)].trainLoss);
        QCOMPARE(a.history[std::size_t(e)].validationLoss, b.history[std::size_t(e)].validationLoss);
    }
    QVERIFY(a.history.back().trainLoss != c.history.back().trainLoss);
}

void ModelsTest::divergenceStopsWithMessage()
{
    const LabeledData d = breastCancer();
    Mlp model({.inputs = 30, .hidden = {32}, .classes = 2});
    const TrainResult r =
        train(model, d, {}, {.method = optim::Method::SGD, .hyper = {.learningRate = 1e4}, .epochs = 100});
    QCOMPARE(r.end, TrainResult::End::Diverged);
    QVERIFY2(QString::fromStdString(r.message).contains("diverged at epoch"), r.message.c_str());
    QVERIFY(QString::fromStdString(r.message).contains("learning rate"));
    QVERIFY(model.parameters().allFinite());
    QVERIFY(r.epochsRun() < 100);
}

void ModelsTest::observersThrottleAndStop()
{
    const LabeledData d = randomData(50, 3, 2, 1);
    LogisticRegression model(3);
    std::vector<int> published;
    Throttle throttle(std::chrono::hours(1), [&](const Classifier&, const EpochStats& s) { published.push_back(s.epoch); });
    std::vector<double> progress;
    ProgressReporter reporter([&](double f) { progress.push_back(f); });
    TrainingObserver* observers[] = {&throttle, &reporter};
    train(model, d, {}, {.epochs = 7}, observers);
    QCOMPARE(published, (std::vector<int>{1, 7}));  // the first epoch, then the last at the end
    QCOMPARE(progress.front(), 0.0);
    QCOMPARE(progress.back(), 1.0);
    QCOMPARE(progress.size(), std::size_t(9));

    std::stop_source source;
    StopOnToken stopper(source.get_token());
    int epochs = 0;
    EpochCallback countAndStop([&](Classifier&, const EpochStats&) {
        if (++epochs == 3)
            source.request_stop();
        return false;
    });
    TrainingObserver* both[] = {&countAndStop, &stopper};
    const TrainResult r = train(model, d, {}, {.batchSize = 5, .epochs = 50}, both);
    QCOMPARE(r.end, TrainResult::End::Stopped);
    QCOMPARE(r.epochsRun(), 3);
}

void ModelsTest::classLabels()
{
    data::Table t;
    t.columns.push_back(data::Column::numeric("digit", {3, 1, 3, 7}));
    t.columns.push_back(data::Column::numeric("size", {1.5, 2, 3, 4}));
    t.columns.push_back(data::Column::categorical("kind", {1, 0, 1, 1}, {"b", "a", "unused"}));
    t.columns.push_back(data::Column::categorical("one", {0, 0, 0, 0}, {"x"}));
    t.columns.push_back(data::Column::numeric("gap", {1, 2, NAN, 1}));
    const ClassLabels digit = encodeClasses(t, "digit");
    QCOMPARE(digit.names, (std::vector<std::string>{"1", "3", "7"}));
    QCOMPARE(digit.codes, (std::vector<int>{1, 0, 1, 2}));
    QCOMPARE(digit.counts(), (std::vector<long>{1, 2, 1}));
    const ClassLabels kind = encodeClasses(t, "kind");
    QCOMPARE(kind.names, (std::vector<std::string>{"b", "a"}));
    QCOMPARE(kind.codes, (std::vector<int>{1, 0, 1, 1}));
    const auto message = [&](const char* column) {
        try {
            encodeClasses(t, column);
        } catch (const InputError& e) {
            return QString(e.what());
        }
        return QString();
    };
    QVERIFY2(message("size").contains("1.5") && message("size").contains("measurement"), qPrintable(message("size")));
    QVERIFY2(message("one").contains("1 class"), qPrintable(message("one")));
    QVERIFY2(message("gap").contains("missing at row 3"), qPrintable(message("gap")));
}

void ModelsTest::threeWaySplit()
{
    ClassLabels labels;
    labels.names = {"a", "b"};
    for (int i = 0; i < 100; ++i)
        labels.codes.push_back(i % 5 == 0 ? 1 : 0);  // 80 a, 20 b
    const ThreeWaySplit s = stratifiedThreeWaySplit(labels, 0.2, 0.25, 1);
    QCOMPARE(s.test.size(), std::size_t(20 + 5));
    QCOMPARE(s.validation.size(), std::size_t(16 + 4));
    QCOMPARE(s.train.size(), std::size_t(44 + 11));
    std::vector<int> seen(100, 0);
    for (const auto* part : {&s.train, &s.validation, &s.test})
        for (const auto r : *part)
            ++seen[r];
    QVERIFY(std::all_of(seen.begin(), seen.end(), [](int n) { return n == 1; }));
    const ThreeWaySplit again = stratifiedThreeWaySplit(labels, 0.2, 0.25, 1);
    QCOMPARE(again.validation, s.validation);
    QVERIFY(stratifiedThreeWaySplit(labels, 0.2, 0.25, 2).validation != s.validation);
    QVERIFY(stratifiedThreeWaySplit(labels, 0.0, 0.25, 1).validation.empty());

    ClassLabels tiny{{"a", "b"}, {0, 0, 0, 1, 1}};
    try {
        stratifiedThreeWaySplit(tiny, 0.2, 0.2, 1);
        QFAIL("no error for a class of 2 rows");
    } catch (const InputError& e) {
        QVERIFY2(QString(e.what()).contains("class \"b\" has 2 rows"), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(InputError, stratifiedThreeWaySplit(labels, 0.5, 0.5, 1));
}

QTEST_APPLESS_MAIN(ModelsTest)
#include "tst_models.moc"
