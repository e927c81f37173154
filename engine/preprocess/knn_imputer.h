#pragma once
#include "preprocess/transformer.h"

namespace mlwb::preprocess {

class JsonFields;

// Fills a missing numeric entry with the mean of that column over the k nearest rows of the
// fitted data that have it, like scikit-learn's KNNImputer(n_neighbors=k, weights="uniform"):
// the distance between two rows is nan_euclidean, sqrt(d / m · Σ (a_j − b_j)²) over the m of
// the d columns both rows observe. A row sharing no observed column with any donor gets the
// column mean. Equal distances are broken by the donor's row order (scikit-learn leaves that
// to argpartition).
// fit stores the fitted rows (the "learned state" is the data itself, saved in the JSON).
// transform costs O(rows with a missing entry × fitted rows × columns): brute force, parallel
// over rows; fine for tens of thousands of rows, not millions.
class KnnImputer : public Transformer {
public:
    struct Options {
        std::size_t k = 5;
        std::vector<std::string> columns;  // numeric; empty: every numeric column
    };
    explicit KnnImputer(Options options);

    std::string kind() const override { return "knn_imputer"; }
    void fit(const data::Table& table) override;
    data::Table transform(data::Table table) const override;
    nlohmann::json toJson() const override;
    std::vector<LearnedParameter> learned() const override;
    static std::unique_ptr<KnnImputer> fromJson(const JsonFields& json);

    const Options& options() const { return options_; }
    const std::vector<std::string>& fittedColumns() const { return fitted_columns_; }
    const std::vector<double>& means() const { return means_; }

private:
    Options options_;
    std::vector<std::string> fitted_columns_;
    std::vector<double> donors_;  // fitted rows, row-major (rows × columns), NaN where missing
    std::vector<double> means_;   // per column, for rows with no comparable donor
};

} // namespace mlwb::preprocess
