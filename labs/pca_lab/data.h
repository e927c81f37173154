#pragma once
// The numbers PCA works on: the numeric columns of the chosen data set as a matrix, with the
// label column (if any) kept apart to colour the points.
#include "common/dataset.h"
#include "linalg/pca.h"
#include "run_context.h"

#include <Eigen/Core>

#include <memory>
#include <string>
#include <vector>

namespace mlwb::labs::pcalab {

struct NumericData {
    QString fileName;                   // "wine.csv"
    Eigen::MatrixXd x;                  // rows × numeric features
    std::vector<std::string> features;  // one name per column of x
    std::vector<int> classes;           // per row, 0 … classNames.size() − 1; empty without a label
    std::vector<std::string> classNames;
    std::string label;                  // the label column, or ""
};

// Every numeric column of ctx's data set other than the label and identifiers. InputError
// naming file, line and column for a missing value (PCA needs every value: the preprocessing
// lab imputes them), and for fewer than two numeric columns or rows.
std::shared_ptr<const NumericData> numericData(ui::RunContext& ctx);

// The bundled digits (1797 images of 8 × 8 pixels, 0–16) with their digit as the class.
std::shared_ptr<const NumericData> bundledDigits();

// The same data without its constant columns, whose names go to `dropped`. Standardizing
// divides by each column's spread, which a constant column lacks (digits' corner pixels):
// scikit-learn's StandardScaler leaves it a column of zeros, which adds nothing to PCA.
NumericData varyingColumns(const NumericData& d, std::vector<std::string>& dropped);

// ctx's data set, with its constant columns left out (and said so in a note) when the
// Standardize flag is on, and PCA's options for it: centring, standardizing as the flag says,
// the columns' names for messages.
struct PcaInput {
    std::shared_ptr<const NumericData> data;
    std::shared_ptr<const NumericData> allColumns;  // constant ones included
    linalg::PcaOptions options;
};
PcaInput pcaInput(ui::RunContext& ctx, linalg::PcaSolver solver);

// The data set parameters with `defaultDataset`, and the Standardize flag.
QList<ui::Parameter> dataParameters(const QString& defaultDataset);

} // namespace mlwb::labs::pcalab
