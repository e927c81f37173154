#pragma once
#include "preprocess/transformer.h"

namespace mlwb::preprocess {

class JsonFields;

// The blunt alternative to imputing: among the chosen columns (empty: all columns), fit learns
// which ones have a missing fraction above maxMissingFraction; transform drops those columns,
// then, if dropRows, every row with a missing entry in the remaining chosen columns.
// Dropping rows changes the row count, so use it on training data, not where every row needs a
// prediction. maxMissingFraction = 1 never drops a column.
class MissingFilter : public Transformer {
public:
    struct Options {
        std::vector<std::string> columns;
        bool dropRows = true;
        double maxMissingFraction = 1.0;  // in [0, 1]
    };
    explicit MissingFilter(Options options);

    std::string kind() const override { return "missing_filter"; }
    void fit(const data::Table& table) override;
    data::Table transform(data::Table table) const override;
    nlohmann::json toJson() const override;
    std::vector<LearnedParameter> learned() const override;
    static std::unique_ptr<MissingFilter> fromJson(const JsonFields& json);

    const Options& options() const { return options_; }
    const std::vector<std::string>& fittedColumns() const { return fitted_columns_; }
    const std::vector<double>& missingFractions() const { return fractions_; }
    const std::vector<std::string>& droppedColumns() const { return dropped_columns_; }

private:
    Options options_;
    std::vector<std::string> fitted_columns_;
    std::vector<double> fractions_;  // per fitted column, at fit time
    std::vector<std::string> dropped_columns_;
};

} // namespace mlwb::preprocess
