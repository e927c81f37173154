// Classification metrics and threshold curves, checked against scikit-learn's documented
// examples, hand counts and brute-force definitions.
#include "error_of.h"

#include "core/input_error.h"
#include "metrics/classification.h"
#include "metrics/curves.h"

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

using namespace mlwb::metrics;
using enginetest::errorOf;

using Ints = std::vector<int>;
using Doubles = std::vector<double>;

class MetricsTest : public QObject {
    Q_OBJECT
private slots:
    void confusionMatrixCounts();
    void normalizedMatrix();
    void reportScikitExample();
    void reportZeroDivision();
    void accuracyAndConfusedPair();
    void logLossValues_data();
    void logLossValues();
    void classificationErrors();
    void roc_data();
    void roc();
    void precisionRecall_data();
    void precisionRecall();
    void aucMatchesPairCount();
    void curvesMatchDefinition();
    void calibration_data();
    void calibration();
    void curveErrors();
};

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

// Equal within 1e-12 relative (infinities equal when of the same sign).
bool close(const Doubles& actual, const Doubles& expected)
{
    if (actual.size() != expected.size())
        return false;
    for (std::size_t i = 0; i < actual.size(); ++i)
        if (actual[i] != expected[i]
            && !(std::abs(actual[i] - expected[i]) <= 1e-12 * std::max(1.0, std::abs(expected[i]))))
            return false;
    return true;
}

QByteArray show(const Doubles& v)
{
    QByteArray s = "[";
    for (double x : v)
        s += QByteArray::number(x, 'g', 17) + " ";
    return s + "]";
}

#define COMPARE_VECTORS(actual, expected) QVERIFY2(close(actual, expected), show(actual).constData())

} // namespace

void MetricsTest::confusionMatrixCounts()
{
    // scikit-learn's confusion_matrix example: [2,0,2,2,0,1] vs [0,0,2,2,0,2] gives
    // [[2,0,0],[0,0,1],[1,0,2]].
    const Ints truth{2, 0, 2, 2, 0, 1}, predicted{0, 0, 2, 2, 0, 2};
    const ConfusionMatrix m = confusionMatrix(truth, predicted, 3);
    QCOMPARE(m.classes, 3);
    QVERIFY((m.counts == std::vector<long>{2, 0, 0, 0, 0, 1, 1, 0, 2}));
    QCOMPARE(m.at(2, 0), 1L);
    QCOMPARE(m.at(1, 2), 1L);
    QCOMPARE(m.total(), 6L);
    // An unused class keeps its (zero) row and column.
    QVERIFY((confusionMatrix(Ints{0, 1}, Ints{1, 1}, 3).counts == std::vector<long>{0, 1, 0, 0, 1, 0, 0, 0, 0}));
}

void MetricsTest::normalizedMatrix()
{
    const ConfusionMatrix m = confusionMatrix(Ints{2, 0, 2, 2, 0, 1}, Ints{0, 0, 2, 2, 0, 2}, 3);
    COMPARE_VECTORS(normalized(m, Normalize::None), (Doubles{2, 0, 0, 0, 0, 1, 1, 0, 2}));
    // Row sums 2, 1, 3.
    COMPARE_VECTORS(normalized(m, Normalize::ByTrue), (Doubles{1, 0, 0, 0, 0, 1, 1.0 / 3, 0, 2.0 / 3}));
    // Column sums 3, 0, 3: the empty column stays 0 (scikit-learn turns its 0/0 into 0).
    COMPARE_VECTORS(normalized(m, Normalize::ByPredicted),
                    (Doubles{2.0 / 3, 0, 0, 0, 0, 1.0 / 3, 1.0 / 3, 0, 2.0 / 3}));
}

void MetricsTest::reportScikitExample()
{
    // scikit-learn's classification_report example, y_true=[0,1,2,2,2], y_pred=[0,0,2,2,1]:
    // precision 0.50 0.00 1.00, recall 1.00 0.00 0.67, f1 0.67 0.00 0.80, support 1 1 3,
    // accuracy 0.60, macro avg 0.50 0.56 0.49, weighted avg 0.70 0.60 0.61. Exact fractions from
    // the matrix [[1,0,0],[1,0,0],[0,1,2]] (column sums 2, 1, 2).
    const ClassificationReport r = classificationReport(confusionMatrix(Ints{0, 1, 2, 2, 2}, Ints{0, 0, 2, 2, 1}, 3));
    COMPARE_VECTORS(r.precision, (Doubles{0.5, 0, 1}));
    COMPARE_VECTORS(r.recall, (Doubles{1, 0, 2.0 / 3}));
    COMPARE_VECTORS(r.f1, (Doubles{2.0 / 3, 0, 0.8}));  // 2·1/(2·1+1), 0, 2·2/(2·2+1)
    QVERIFY((r.support == std::vector<long>{1, 1, 3}));
    QCOMPARE(r.accuracy, 0.6);
    QCOMPARE(r.macroPrecision, 0.5);
    QCOMPARE(r.macroRecall, 5.0 / 9);              // (1 + 0 + 2/3) / 3 = 0.556
    QCOMPARE(r.macroF1, (2.0 / 3 + 0.8) / 3);      // 0.489
    QCOMPARE(r.weightedPrecision, 0.7);            // (0.5 + 0 + 3) / 5
    QCOMPARE(r.weightedRecall, 0.6);               // (1 + 0 + 2) / 5
    QCOMPARE(r.weightedF1, (2.0 / 3 + 2.4) / 5);   // 0.613
}

void MetricsTest::reportZeroDivision()
{
    // truth [0,0,1], predicted [0,0,0], 3 classes: matrix [[2,0,0],[1,0,0],[0,0,0]]. Class 1 is
    // never predicted (precision 0/0 → 0); class 2 never occurs (everything 0/0 → 0) but still
    // counts in the macro average.
    const ClassificationReport r = classificationReport(confusionMatrix(Ints{0, 0, 1}, Ints{0, 0, 0}, 3));
    COMPARE_VECTORS(r.precision, (Doubles{2.0 / 3, 0, 0}));
    COMPARE_VECTORS(r.recall, (Doubles{1, 0, 0}));
    COMPARE_VECTORS(r.f1, (Doubles{0.8, 0, 0}));  // 2·2/(2·2 + 1 + 0)
    QVERIFY((r.support == std::vector<long>{2, 1, 0}));
    QCOMPARE(r.accuracy, 2.0 / 3);
    QCOMPARE(r.macroPrecision, 2.0 / 9);
    QCOMPARE(r.macroRecall, 1.0 / 3);
    QCOMPARE(r.weightedPrecision, 4.0 / 9);  // 2 · 2/3 / 3
    QCOMPARE(r.weightedF1, 1.6 / 3);
    // An empty matrix: every ratio is 0/0.
    const ClassificationReport empty = classificationReport(confusionMatrix(Ints{}, Ints{}, 2));
    QCOMPARE(empty.accuracy, 0.0);
    QCOMPARE(empty.weightedF1, 0.0);
}

void MetricsTest::accuracyAndConfusedPair()
{
    QCOMPARE(accuracy(Ints{0, 2, 1, 3}, Ints{0, 1, 2, 3}), 0.5);  // scikit-learn's accuracy_score example
    // Off-diagonal cells of [[2,0,0],[0,0,1],[1,0,2]]: (1,2) and (2,0) both hold 1; (1,2) comes first.
    const ConfusionMatrix m = confusionMatrix(Ints{2, 0, 2, 2, 0, 1}, Ints{0, 0, 2, 2, 0, 2}, 3);
    QCOMPARE(mostConfusedPair(m), std::make_pair(1, 2));
    // Two rows of class 2 taken for 0, one of class 0 for 1: (2,0) wins.
    QCOMPARE(mostConfusedPair(confusionMatrix(Ints{0, 2, 2}, Ints{1, 0, 0}, 3)), std::make_pair(2, 0));
    QCOMPARE(mostConfusedPair(confusionMatrix(Ints{0, 1}, Ints{0, 1}, 2)), std::make_pair(-1, -1));
}

void MetricsTest::logLossValues_data()
{
    QTest::addColumn<Ints>("truth");
    QTest::addColumn<Eigen::MatrixXd>("probabilities");
    QTest::addColumn<double>("expected");
    // scikit-learn's example log_loss(["spam","ham","ham","spam"], [[.1,.9],[.9,.1],[.8,.2],[.35,.65]])
    // = 0.21616…; its classes sort as ham = 0, spam = 1.
    QTest::newRow("scikit-learn") << Ints{1, 0, 0, 1}
                                  << Eigen::MatrixXd{{.1, .9}, {.9, .1}, {.8, .2}, {.35, .65}}
                                  << -(std::log(.9) + std::log(.9) + std::log(.8) + std::log(.65)) / 4;
    // A certain wrong answer is clipped to 1e-15: −ln 1e-15 = 15 ln 10 = 34.538776394910684.
    QTest::newRow("clipped") << Ints{0} << Eigen::MatrixXd{{0, 1}} << 34.538776394910684;
    // −(ln 0.5 + ln 0.5) / 2 = ln 2.
    QTest::newRow("three classes") << Ints{0, 2} << Eigen::MatrixXd{{.5, .25, .25}, {.2, .3, .5}} << std::log(2.0);
}

void MetricsTest::logLossValues()
{
    QFETCH(Ints, truth);
    QFETCH(Eigen::MatrixXd, probabilities);
    QFETCH(double, expected);
    QCOMPARE(logLoss(truth, probabilities), expected);
}

void MetricsTest::classificationErrors()
{
    QCOMPARE(errorOf([] { confusionMatrix(Ints{0, 1}, Ints{0}, 2); }),
             QStringLiteral("the true labels have 2 entries but the predictions have 1"));
    QCOMPARE(errorOf([] { confusionMatrix(Ints{}, Ints{}, 0); }),
             QStringLiteral("the number of classes must be at least 1, not 0"));
    QCOMPARE(errorOf([] { confusionMatrix(Ints{0, 1, 3}, Ints{0, 1, 1}, 3); }),
             QStringLiteral("true label 3 at index 2 is outside the classes 0 … 2"));
    QCOMPARE(errorOf([] { confusionMatrix(Ints{0, 1}, Ints{-1, 1}, 2); }),
             QStringLiteral("predicted label -1 at index 0 is outside the classes 0 … 1"));
    QCOMPARE(errorOf([] { accuracy(Ints{0, 1}, Ints{0, 1, 1}); }),
             QStringLiteral("the true labels have 2 entries but the predictions have 3"));
    QCOMPARE(errorOf([] { accuracy(Ints{}, Ints{}); }),
             QStringLiteral("there are no labels to score; accuracy needs at least one row"));

    const Eigen::MatrixXd p{{.2, .8}, {.6, .4}};
    QCOMPARE(errorOf([&] { logLoss(Ints{0}, p); }),
             QStringLiteral("the true labels have 1 entries but the probabilities have 2 rows"));
    QCOMPARE(errorOf([] { logLoss(Ints{}, Eigen::MatrixXd(0, 2)); }),
             QStringLiteral("there are no labels to score; log loss needs at least one row"));
    QCOMPARE(errorOf([&] { logLoss(Ints{0, 2}, p); }),
             QStringLiteral("true label 2 at index 1 is outside the classes 0 … 1 of the probability columns"));
    QCOMPARE(errorOf([] { logLoss(Ints{0, 1}, Eigen::MatrixXd{{.5, .5}, {std::nan(""), 1}}); }),
             QStringLiteral("probability row 1, column 0 is NaN"));
    QCOMPARE(errorOf([] { logLoss(Ints{0}, Eigen::MatrixXd{{1.5, -0.5}}); }),
             QStringLiteral("probability row 0, column 0 is 1.5; probabilities must lie in [0, 1]"));
    QCOMPARE(errorOf([] { logLoss(Ints{0}, Eigen::MatrixXd{{.5, .4}}); }),
             QStringLiteral("probability row 0 sums to 0.9, not 1; log loss needs each row to be a distribution "
                            "over the classes"));
}

void MetricsTest::roc_data()
{
    QTest::addColumn<Ints>("truth");
    QTest::addColumn<Doubles>("score");
    QTest::addColumn<Doubles>("fpr");
    QTest::addColumn<Doubles>("tpr");
    QTest::addColumn<Doubles>("thresholds");
    QTest::addColumn<double>("auc");
    // scikit-learn's roc_curve example, y=[1,1,2,2] with pos_label=2, scores [0.1,0.4,0.35,0.8]:
    // fpr [0,0,0.5,0.5,1], tpr [0,0.5,0.5,1,1], thresholds [inf,0.8,0.4,0.35,0.1]; roc_auc_score
    // 0.75. That example runs with drop_intermediate=True, but it drops nothing there: by hand,
    // the sorted rows 0.8(+) 0.4(−) 0.35(+) 0.1(−) give (fp,tp) = (0,1) (1,1) (1,2) (2,2), no three
    // points on a line.
    QTest::newRow("scikit-learn") << Ints{0, 0, 1, 1} << Doubles{0.1, 0.4, 0.35, 0.8} << Doubles{0, 0, 0.5, 0.5, 1}
                                  << Doubles{0, 0.5, 0.5, 1, 1} << Doubles{inf, 0.8, 0.4, 0.35, 0.1} << 0.75;
    // By hand: 0.5(+) 0.4(+) 0.3(+) then 0.2(−) 0.1(−); (fp,tp) = (0,1) (0,2) (0,3) (1,3) (2,3).
    // drop_intermediate=True would keep only 4 of these collinear points; we keep all.
    QTest::newRow("separable") << Ints{0, 0, 1, 1, 1} << Doubles{0.1, 0.2, 0.3, 0.4, 0.5}
                               << Doubles{0, 0, 0, 0, 0.5, 1} << Doubles{0, 1.0 / 3, 2.0 / 3, 1, 1, 1}
                               << Doubles{inf, 0.5, 0.4, 0.3, 0.2, 0.1} << 1.0;
    // By hand: 0.8(+), then the tie 0.5(−) 0.5(+) as one threshold, then 0.2(−); (fp,tp) = (0,1)
    // (1,2) (2,2). Area 0.5·(0.5+1)/2 + 0.5·1 = 0.875; pair count: (0.8 vs 0.5, 0.2) 2 wins,
    // (0.5 vs 0.5) a tie ½, (0.5 vs 0.2) a win: 3.5 / 4.
    QTest::newRow("tie") << Ints{0, 1, 0, 1} << Doubles{0.5, 0.5, 0.2, 0.8} << Doubles{0, 0, 0.5, 1}
                         << Doubles{0, 0.5, 1, 1} << Doubles{inf, 0.8, 0.5, 0.2} << 0.875;
}

void MetricsTest::roc()
{
    QFETCH(Ints, truth);
    QFETCH(Doubles, score);
    QFETCH(Doubles, fpr);
    QFETCH(Doubles, tpr);
    QFETCH(Doubles, thresholds);
    QFETCH(double, auc);
    const Curve c = rocCurve(truth, score);
    COMPARE_VECTORS(c.x, fpr);
    COMPARE_VECTORS(c.y, tpr);
    COMPARE_VECTORS(c.thresholds, thresholds);
    QCOMPARE(rocAuc(truth, score), auc);
}

void MetricsTest::precisionRecall_data()
{
    QTest::addColumn<Ints>("truth");
    QTest::addColumn<Doubles>("score");
    QTest::addColumn<Doubles>("precision");
    QTest::addColumn<Doubles>("recall");
    QTest::addColumn<Doubles>("thresholds");
    QTest::addColumn<double>("ap");
    // scikit-learn's precision_recall_curve example on [0,0,1,1], [0.1,0.4,0.35,0.8]: precision
    // [0.5, 0.667, 0.5, 1, 1], recall [1, 1, 0.5, 0.5, 0], thresholds [0.1, 0.35, 0.4, 0.8];
    // average_precision_score 0.8333… = 0.5·1 + 0.5·2/3.
    QTest::newRow("scikit-learn") << Ints{0, 0, 1, 1} << Doubles{0.1, 0.4, 0.35, 0.8}
                                  << Doubles{0.5, 2.0 / 3, 0.5, 1, 1} << Doubles{1, 1, 0.5, 0.5, 0}
                                  << Doubles{0.1, 0.35, 0.4, 0.8} << 0.5 + 1.0 / 3;
    // By hand, rows 0.8(+), tie 0.5(−) 0.5(+), 0.2(−): at 0.8 P = 1/1, R = 1/2; at 0.5 P = 2/3,
    // R = 1; at 0.2 P = 2/4, R = 1. AP = 0.5·1 + 0.5·2/3 + 0·0.5.
    QTest::newRow("tie") << Ints{0, 1, 0, 1} << Doubles{0.5, 0.5, 0.2, 0.8} << Doubles{0.5, 2.0 / 3, 1, 1}
                         << Doubles{1, 1, 0.5, 0} << Doubles{0.2, 0.5, 0.8} << 0.5 + 1.0 / 3;
    // All rows positive: precision 1 everywhere; recall 1/3, 2/3, 1 downwards in threshold. AP = 1.
    QTest::newRow("all positive") << Ints{1, 1, 1} << Doubles{0.3, 0.2, 0.1} << Doubles{1, 1, 1, 1}
                                  << Doubles{1, 2.0 / 3, 1.0 / 3, 0} << Doubles{0.1, 0.2, 0.3} << 1.0;
}

void MetricsTest::precisionRecall()
{
    QFETCH(Ints, truth);
    QFETCH(Doubles, score);
    QFETCH(Doubles, precision);
    QFETCH(Doubles, recall);
    QFETCH(Doubles, thresholds);
    QFETCH(double, ap);
    const Curve c = precisionRecallCurve(truth, score);
    COMPARE_VECTORS(c.y, precision);
    COMPARE_VECTORS(c.x, recall);
    COMPARE_VECTORS(c.thresholds, thresholds);
    QCOMPARE(averagePrecision(truth, score), ap);
}

namespace {

// 400 rows, about a third positive, scores on a grid of 0.05 so many tie across classes.
void randomSet(Ints& truth, Doubles& score)
{
    std::mt19937 rng(20240611);
    for (int i = 0; i < 400; ++i) {
        const int label = rng() % 3 == 0;
        truth.push_back(label);
        score.push_back(double(rng() % 15 + 5 * label) * 0.05);  // positives score higher on average
    }
}

} // namespace

void MetricsTest::aucMatchesPairCount()
{
    Ints truth;
    Doubles score;
    randomSet(truth, score);
    // Mann–Whitney: the AUC is the chance a random positive outscores a random negative, ties ½.
    double wins = 0;
    long pairs = 0;
    for (std::size_t i = 0; i < truth.size(); ++i)
        for (std::size_t j = 0; j < truth.size(); ++j)
            if (truth[i] == 1 && truth[j] == 0) {
                wins += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
                ++pairs;
            }
    QVERIFY(pairs > 0);
    QVERIFY(std::abs(rocAuc(truth, score) - wins / double(pairs)) < 1e-12);
}

void MetricsTest::curvesMatchDefinition()
{
    Ints truth;
    Doubles score;
    randomSet(truth, score);
    // At threshold t a row is predicted positive when its score ≥ t; count each point directly.
    auto counts = [&](double t) {
        long tp = 0, fp = 0;
        for (std::size_t i = 0; i < truth.size(); ++i)
            if (score[i] >= t)
                ++(truth[i] ? tp : fp);
        return std::make_pair(tp, fp);
    };
    const auto [positives, negatives] = counts(-inf);
    const Curve roc = rocCurve(truth, score);
    QCOMPARE(roc.thresholds.size(), std::size_t(15 + 5 + 1));  // every grid value occurs, plus +inf
    for (std::size_t k = 0; k < roc.x.size(); ++k) {
        const auto [tp, fp] = counts(roc.thresholds[k]);
        QCOMPARE(roc.x[k], double(fp) / double(negatives));
        QCOMPARE(roc.y[k], double(tp) / double(positives));
    }
    const Curve pr = precisionRecallCurve(truth, score);
    QVERIFY(std::is_sorted(pr.thresholds.begin(), pr.thresholds.end()));
    for (std::size_t k = 0; k < pr.thresholds.size(); ++k) {
        const auto [tp, fp] = counts(pr.thresholds[k]);
        QCOMPARE(pr.x[k], double(tp) / double(positives));
        QCOMPARE(pr.y[k], double(tp) / double(tp + fp));
    }
}

void MetricsTest::calibration_data()
{
    QTest::addColumn<Ints>("truth");
    QTest::addColumn<Doubles>("probability");
    QTest::addColumn<int>("bins");
    QTest::addColumn<Doubles>("meanPredicted");
    QTest::addColumn<Doubles>("fractionPositive");
    QTest::addColumn<std::vector<long>>("count");
    // scikit-learn's calibration_curve example (n_bins=3): prob_true [0, 0.5, 1], prob_pred
    // [0.2, 0.525, 0.85]; counts by hand: {0.1,0.2,0.3}, {0.4,0.65}, {0.7,0.8,0.9,1}.
    QTest::newRow("scikit-learn") << Ints{0, 0, 0, 0, 1, 1, 1, 1, 1}
                                  << Doubles{0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1.0} << 3
                                  << Doubles{0.2, 0.525, 0.85} << Doubles{0, 0.5, 1} << std::vector<long>{3, 2, 4};
    // Four bins with edges 0.25, 0.5, 0.75; a value on an edge belongs to the lower bin. By hand:
    // [0, 0.25] holds 0 (−) and 0.25 (+); (0.25, 0.5] holds 0.5 (+) and 0.3 (−); (0.5, 0.75] is
    // empty and left out; (0.75, 1] holds 0.9 (+) and 1 (+).
    QTest::newRow("edges") << Ints{0, 1, 1, 1, 1, 0} << Doubles{0, 0.25, 0.5, 0.9, 1.0, 0.3} << 4
                           << Doubles{0.125, 0.4, 0.95} << Doubles{0.5, 0.5, 1} << std::vector<long>{2, 2, 2};
    QTest::newRow("one bin") << Ints{1, 0, 0, 0} << Doubles{0.5, 0.1, 0.2, 0.2} << 1 << Doubles{0.25} << Doubles{0.25}
                             << std::vector<long>{4};
}

void MetricsTest::calibration()
{
    QFETCH(Ints, truth);
    QFETCH(Doubles, probability);
    QFETCH(int, bins);
    QFETCH(Doubles, meanPredicted);
    QFETCH(Doubles, fractionPositive);
    QFETCH(std::vector<long>, count);
    const Calibration c = calibrationCurve(truth, probability, bins);
    COMPARE_VECTORS(c.meanPredicted, meanPredicted);
    COMPARE_VECTORS(c.fractionPositive, fractionPositive);
    QVERIFY(c.count == count);
}

void MetricsTest::curveErrors()
{
    const Ints truth{0, 1, 1};
    const Doubles score{0.2, 0.5, 0.7};
    QCOMPARE(errorOf([&] { rocCurve(truth, Doubles{0.1, 0.2}); }),
             QStringLiteral("the labels have 3 entries but the scores have 2"));
    QCOMPARE(errorOf([&] { rocAuc(Ints{0, 2, 1}, score); }), QStringLiteral("label 1 is 2; the labels must be 0 or 1"));
    QCOMPARE(errorOf([&] { rocCurve(Ints{1, 1, 1}, score); }),
             QStringLiteral("the labels have 0 rows of class 0 and 3 of class 1; a ROC curve needs both classes"));
    QCOMPARE(errorOf([&] { rocAuc(Ints{0, 0, 0}, score); }),
             QStringLiteral("the labels have 3 rows of class 0 and 0 of class 1; a ROC curve needs both classes"));
    QCOMPARE(errorOf([&] { rocCurve(truth, Doubles{0.2, std::nan(""), std::nan("")}); }),
             QStringLiteral("score 1 is NaN"));
    QCOMPARE(errorOf([&] { rocCurve(truth, Doubles{0.2, 0.5, inf}); }), QStringLiteral("score 2 is infinite"));
    const QString noPositive = QStringLiteral("no label is 1; a precision-recall curve needs at least one row of "
                                              "class 1, since recall is the fraction of them found");
    QCOMPARE(errorOf([&] { precisionRecallCurve(Ints{0, 0, 0}, score); }), noPositive);
    QCOMPARE(errorOf([&] { averagePrecision(Ints{0, 0, 0}, score); }), noPositive);
    QCOMPARE(errorOf([&] { averagePrecision(truth, Doubles{0.2, 0.5, -inf}); }), QStringLiteral("score 2 is infinite"));
    QCOMPARE(errorOf([&] { precisionRecallCurve(Ints{0, 1, -1}, score); }),
             QStringLiteral("label 2 is -1; the labels must be 0 or 1"));

    QCOMPARE(errorOf([&] { calibrationCurve(truth, score, 0); }),
             QStringLiteral("the number of bins must be at least 1, not 0"));
    QCOMPARE(errorOf([&] { calibrationCurve(truth, Doubles{0.2, 1.2, 0.5}, 5); }),
             QStringLiteral("probability 1 is 1.2; probabilities must lie in [0, 1]"));
    QCOMPARE(errorOf([&] { calibrationCurve(truth, Doubles{std::nan(""), 0.5, 0.5}, 5); }),
             QStringLiteral("probability 0 is NaN"));
    QCOMPARE(errorOf([&] { calibrationCurve(truth, Doubles{0.5}, 5); }),
             QStringLiteral("the labels have 3 entries but the probabilities have 1"));
}

QTEST_APPLESS_MAIN(MetricsTest)
#include "tst_metrics.moc"
