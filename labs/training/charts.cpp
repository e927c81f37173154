#include "training/charts.h"

#include "common/dataset.h"
#include "common/tensor_charts.h"
#include "metrics/curves.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace mlwb::labs::training {

namespace {

ui::SeriesSpec line(const QString& name, int color, bool dashed = false)
{
    ui::SeriesSpec s;
    s.name = name;
    s.colorIndex = color;
    s.dashed = dashed;
    return s;
}

ui::SeriesSpec diagonal(const QString& name)
{
    ui::SeriesSpec s = line(name, 6, true);
    s.width = 1.2;
    s.points = {{0, 0}, {1, 1}};
    return s;
}

} // namespace

ui::ChartSpec lossCurves(const QString& id, const QString& title, int epochs)
{
    ui::ChartSpec c;
    c.id = id;
    c.title = title;
    c.x = {"epoch", false, 1.0, double(std::max(epochs, 2))};
    c.y = {"loss (cross-entropy, nats per row)", false, 0.0, {}};
    c.series = {line("training", kTrainColor), line("validation", kValidationColor)};
    return c;
}

ui::ChartSpec accuracyCurves(const QString& id, int epochs)
{
    ui::ChartSpec c;
    c.id = id;
    c.title = "Accuracy while training";
    c.x = {"epoch", false, 1.0, double(std::max(epochs, 2))};
    c.y = {"accuracy (% of rows)", false, {}, 100.0};
    c.series = {line("training", kTrainColor), line("validation", kValidationColor)};
    return c;
}

QPointF lossPoint(const models::EpochStats& s, bool validation)
{
    return {double(s.epoch), validation ? s.validationLoss : s.trainLoss};
}

QPointF accuracyPoint(const models::EpochStats& s, bool validation)
{
    return {double(s.epoch), 100.0 * (validation ? s.validationAccuracy : s.trainAccuracy)};
}

ui::AnnotationSpec bestEpochMarker(int epoch)
{
    return {.kind = ui::AnnotationSpec::Kind::VerticalLine,
            .x = double(epoch),
            .label = QStringLiteral("best epoch %1 (weights kept)").arg(epoch),
            .colorIndex = kMarkerColor};
}

ui::ChartSpec classBalance(const Prepared& d)
{
    ui::BarsSpec b;
    b.categories = d.classNames();
    const auto shares = [&](const models::LabeledData& part) {
        QList<double> counts(b.categories.size(), 0.0);
        for (const int y : part.y)
            counts[y] += 1;
        return counts;
    };
    b.sets = {{QStringLiteral("training (%1 rows)").arg(d.train.rows()), shares(d.train), kTrainColor},
              {QStringLiteral("validation (%1)").arg(d.validation.rows()), shares(d.validation), kValidationColor},
              {QStringLiteral("test (%1)").arg(d.test.rows()), shares(d.test), kRightColor}};
    b.labelPrecision = 4;
    ui::ChartSpec c;
    c.id = "balance";
    c.title = QStringLiteral("Class balance of %1 in each split (stratified)").arg(qs(d.label));
    c.x = {qs(d.label), false, {}, {}};
    c.y = {"rows", false, 0.0, {}};
    c.bars = b;
    return c;
}

ui::ChartSpec confusionHeatmap(const QString& id, const metrics::ConfusionMatrix& m, const QStringList& classes,
                               metrics::Normalize how, const QString& rowsName)
{
    ui::HeatmapSpec h;
    h.rows = h.cols = m.classes;
    const std::vector<double> values = metrics::normalized(m, how);
    h.values.resize(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        h.values[i] = how == metrics::Normalize::None ? values[i] : 100.0 * values[i];
        h.cellText << (how == metrics::Normalize::None
                           ? QString::number(m.counts[i])
                           : QStringLiteral("%1%\n(%2)").arg(h.values[i], 0, 'f', h.values[i] >= 99.95 ? 0 : 1).arg(m.counts[i]));
    }
    for (const QString& name : classes) {
        h.rowLabels << name;
        h.colLabels << name;
    }
    h.colorBarTitle = how == metrics::Normalize::None       ? QStringLiteral("rows")
                      : how == metrics::Normalize::ByTrue ? QStringLiteral("% of the true class")
                                                          : QStringLiteral("% of the predicted class");
    ui::ChartSpec c;
    c.id = id;
    c.title = QStringLiteral("Confusion matrix, %1 (%2)")
                  .arg(rowsName, how == metrics::Normalize::None     ? QStringLiteral("counts")
                                 : how == metrics::Normalize::ByTrue ? QStringLiteral("each row sums to 100%")
                                                                     : QStringLiteral("each column sums to 100%"));
    c.x = {"predicted class", false, {}, {}};
    c.y = {"true class", false, {}, {}};
    c.heatmap = h;
    return c;
}

ui::ChartSpec classReportTable(const metrics::ClassificationReport& r, const QStringList& classes)
{
    ui::TableSpec t;
    t.header = {"class", "precision", "recall", "F1", "support"};
    const auto number = [](double v) { return QString::number(v, 'f', 3); };
    for (int k = 0; k < classes.size(); ++k)
        t.rows << QStringList{classes[k], number(r.precision[std::size_t(k)]), number(r.recall[std::size_t(k)]),
                              number(r.f1[std::size_t(k)]), QString::number(r.support[std::size_t(k)])};
    const long total = std::accumulate(r.support.begin(), r.support.end(), 0L);
    t.rows << QStringList{"accuracy", "", "", number(r.accuracy), QString::number(total)};
    t.rows << QStringList{"macro average", number(r.macroPrecision), number(r.macroRecall), number(r.macroF1),
                          QString::number(total)};
    t.rows << QStringList{"weighted average", number(r.weightedPrecision), number(r.weightedRecall),
                          number(r.weightedF1), QString::number(total)};
    ui::ChartSpec c;
    c.id = "report";
    c.title = "Precision, recall and F1 per class (test rows)";
    c.table = t;
    return c;
}

std::vector<std::size_t> byImportance(const std::vector<double>& values)
{
    std::vector<std::size_t> order(values.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] > values[b]; });
    return order;
}

ui::ChartSpec importanceBars(const QString& id, const models::FeatureImportance& imp,
                             const std::vector<std::string>& names, int top, int repeats)
{
    const auto order = byImportance(imp.mean);
    ui::BarsSpec b;
    ui::BarsSpec::Set set{.name = QStringLiteral("drop in accuracy, mean ± sd of %1 shuffles").arg(repeats),
                          .colorIndex = kTrainColor};
    for (std::size_t i = 0; i < std::min<std::size_t>(std::size_t(top), order.size()); ++i) {
        b.categories << qs(names[order[i]]);
        set.values << 100.0 * imp.mean[order[i]];
        set.errors << 100.0 * imp.sd[order[i]];
    }
    b.sets = {set};
    b.labelPrecision = 2;
    ui::ChartSpec c;
    c.id = id;
    c.title = QStringLiteral("Permutation importance on the validation rows (top %1 of %2)")
                  .arg(b.categories.size())
                  .arg(names.size());
    c.x = {"feature", false, {}, {}};
    c.y = {"accuracy lost when shuffled (percentage points)", false, {}, {}};
    c.bars = b;
    return c;
}

ui::ChartSpec coefficientBars(const models::Matrix& coefficients, const std::vector<std::string>& names, int top,
                              const QStringList& classes)
{
    const bool binary = coefficients.rows() == 1;
    std::vector<double> magnitude(std::size_t(coefficients.cols()));
    std::vector<double> shown(magnitude.size());
    for (Eigen::Index j = 0; j < coefficients.cols(); ++j) {
        Eigen::Index k = 0;
        coefficients.col(j).cwiseAbs().maxCoeff(&k);
        magnitude[std::size_t(j)] = std::abs(coefficients(k, j));
        shown[std::size_t(j)] = binary ? coefficients(0, j) : magnitude[std::size_t(j)];
    }
    const auto order = byImportance(magnitude);
    ui::BarsSpec b;
    ui::BarsSpec::Set set{.name = binary ? QStringLiteral("weight of the log-odds of %1").arg(classes.value(1))
                                         : QStringLiteral("largest |weight| over the classes"),
                          .colorIndex = kRightColor};
    for (std::size_t i = 0; i < std::min<std::size_t>(std::size_t(top), order.size()); ++i) {
        b.categories << qs(names[order[i]]);
        set.values << shown[order[i]];
    }
    b.sets = {set};
    b.labelPrecision = 2;
    ui::ChartSpec c;
    c.id = "coefficients";
    c.title = "Standardized coefficients of the linear model";
    c.x = {"feature", false, {}, {}};
    c.y = {"weight × feature sd (log-odds per sd)", false, {}, {}};
    c.bars = b;
    return c;
}

ui::ChartSpec probabilityHistogram(const QString& id, const models::Matrix& probabilities, const std::vector<int>& truth,
                                   const QStringList& classes, int bins)
{
    ui::ChartSpec c;
    c.id = id;
    c.x = {"", false, 0.0, 1.0};
    c.y = {"test rows", false, 0.0, {}};
    if (classes.size() == 2) {
        std::vector<double> byClass[2];
        for (Eigen::Index i = 0; i < probabilities.rows(); ++i)
            byClass[truth[std::size_t(i)]].push_back(probabilities(i, 1));
        c.title = QStringLiteral("Predicted probability of %1, by true class").arg(classes[1]);
        c.x.title = QStringLiteral("P(%1) predicted").arg(classes[1]);
        for (int k = 0; k < 2; ++k)
            c.histograms << histogram(QStringLiteral("true %1 (%2)").arg(classes[k]).arg(byClass[k].size()), byClass[k], 0,
                                      1, bins, k);
    } else {
        std::vector<double> right, wrong;
        for (Eigen::Index i = 0; i < probabilities.rows(); ++i) {
            Eigen::Index best = 0;
            const double p = probabilities.row(i).maxCoeff(&best);
            (best == truth[std::size_t(i)] ? right : wrong).push_back(p);
        }
        c.title = "Probability of the winning class: right and wrong predictions";
        c.x.title = "probability of the predicted class";
        c.histograms << histogram(QStringLiteral("right (%1)").arg(right.size()), right, 0, 1, bins, kRightColor)
                     << histogram(QStringLiteral("wrong (%1)").arg(wrong.size()), wrong, 0, 1, bins, kWrongColor);
    }
    return c;
}

ui::ChartSpec rocChart(const std::vector<int>& truth, const std::vector<double>& score, const QString& positive)
{
    const metrics::Curve roc = metrics::rocCurve(truth, score);
    const double auc = metrics::rocAuc(truth, score);
    ui::SeriesSpec curve = line(QStringLiteral("model (AUC %1)").arg(auc, 0, 'f', 3), kTrainColor);
    for (std::size_t i = 0; i < roc.x.size(); ++i)
        curve.points << QPointF(roc.x[i], roc.y[i]);
    ui::ChartSpec c;
    c.id = "roc";
    c.title = QStringLiteral("ROC curve for %1 (test rows): AUC %2").arg(positive).arg(auc, 0, 'f', 3);
    c.x = {"false-positive rate", false, 0.0, 1.0};
    c.y = {"true-positive rate (recall)", false, 0.0, 1.0};
    c.series = {diagonal("chance (AUC 0.5)"), curve};
    return c;
}

ui::ChartSpec precisionRecallChart(const std::vector<int>& truth, const std::vector<double>& score, const QString& positive)
{
    const metrics::Curve pr = metrics::precisionRecallCurve(truth, score);
    const double ap = metrics::averagePrecision(truth, score);
    ui::SeriesSpec curve = line(QStringLiteral("model (AP %1)").arg(ap, 0, 'f', 3), kTrainColor);
    for (std::size_t i = pr.x.size(); i-- > 0;)
        curve.points << QPointF(pr.x[i], pr.y[i]);
    const double base = double(std::count(truth.begin(), truth.end(), 1)) / double(truth.size());
    ui::SeriesSpec chance = line(QStringLiteral("chance (%1 positive)").arg(base, 0, 'f', 2), 6, true);
    chance.width = 1.2;
    chance.points = {{0, base}, {1, base}};
    ui::ChartSpec c;
    c.id = "precision-recall";
    c.title = QStringLiteral("Precision against recall for %1: average precision %2").arg(positive).arg(ap, 0, 'f', 3);
    c.x = {"recall", false, 0.0, 1.0};
    c.y = {"precision", false, 0.0, 1.02};
    c.series = {chance, curve};
    return c;
}

ui::ChartSpec calibrationChart(const std::vector<int>& truth, const std::vector<double>& probability, int bins,
                               const QString& positive)
{
    const metrics::Calibration cal = metrics::calibrationCurve(truth, probability, bins);
    ui::SeriesSpec curve = line("model", kTrainColor);
    curve.pointMarkers = true;
    for (std::size_t i = 0; i < cal.meanPredicted.size(); ++i)
        curve.points << QPointF(cal.meanPredicted[i], cal.fractionPositive[i]);
    ui::ChartSpec c;
    c.id = "calibration";
    c.title = QStringLiteral("Calibration: how often %1 is true at each predicted probability").arg(positive);
    c.x = {QStringLiteral("mean predicted P(%1) in the bin").arg(positive), false, 0.0, 1.0};
    c.y = {"fraction truly positive", false, 0.0, 1.0};
    c.series = {diagonal("perfectly calibrated"), curve};
    return c;
}

} // namespace mlwb::labs::training
