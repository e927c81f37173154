#pragma once
// The training lab's charts, one scheme for all: training in palette slot 0 (blue),
// validation in 1 (vermillion); class k's histograms in slot k; errors in vermillion.
#include "chart_spec.h"
#include "metrics/classification.h"
#include "models/importance.h"
#include "models/training.h"
#include "training/session.h"

namespace mlwb::labs::training {

inline constexpr int kTrainColor = 0, kValidationColor = 1, kWrongColor = 1, kRightColor = 2, kMarkerColor = 7;

// Empty loss curves over epochs 1 … epochs: series 0 training, 1 validation (to stream into).
ui::ChartSpec lossCurves(const QString& id, const QString& title, int epochs);
// Empty accuracy curves (percent), the same two series.
ui::ChartSpec accuracyCurves(const QString& id, int epochs);
// The points one epoch adds to the loss (or accuracy) curves.
QPointF lossPoint(const models::EpochStats& s, bool validation);
QPointF accuracyPoint(const models::EpochStats& s, bool validation);
// A vertical line at the epoch whose weights early stopping kept.
ui::AnnotationSpec bestEpochMarker(int epoch);

// Class shares of the training, validation and test rows.
ui::ChartSpec classBalance(const Prepared& d);

// Confusion matrix heatmap: counts, or shares by true or predicted class (percent), with the
// count in every cell either way; rows = true class.
ui::ChartSpec confusionHeatmap(const QString& id, const metrics::ConfusionMatrix& m, const QStringList& classes,
                               metrics::Normalize how, const QString& rowsName);
// Precision, recall, F1 and support per class, then the macro and weighted averages.
ui::ChartSpec classReportTable(const metrics::ClassificationReport& r, const QStringList& classes);

// The `top` most important features, sorted, with ± sd whiskers.
ui::ChartSpec importanceBars(const QString& id, const models::FeatureImportance& imp,
                             const std::vector<std::string>& names, int top, int repeats);
// Standardized coefficients of a linear model: signed for binary, the largest magnitude over
// classes for more.
ui::ChartSpec coefficientBars(const models::Matrix& coefficients, const std::vector<std::string>& names, int top,
                              const QStringList& classes);
// Feature order from most to least important.
std::vector<std::size_t> byImportance(const std::vector<double>& values);

// Probability histograms: binary, P(second class) per true class; more classes, the winning
// class's probability for right and wrong predictions.
ui::ChartSpec probabilityHistogram(const QString& id, const models::Matrix& probabilities, const std::vector<int>& truth,
                                   const QStringList& classes, int bins);
ui::ChartSpec rocChart(const std::vector<int>& truth, const std::vector<double>& score, const QString& positive);
ui::ChartSpec precisionRecallChart(const std::vector<int>& truth, const std::vector<double>& score, const QString& positive);
ui::ChartSpec calibrationChart(const std::vector<int>& truth, const std::vector<double>& probability, int bins,
                               const QString& positive);

} // namespace mlwb::labs::training
