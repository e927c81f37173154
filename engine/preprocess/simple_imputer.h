#pragma once
#include "preprocess/transformer.h"

namespace mlwb::preprocess {

class JsonFields;

enum class ImputeStrategy { Mean, Median, MostFrequent, Constant };

// What fills a column's missing entries: a number for a numeric column, a level text for a
// categorical or boolean one.
struct FillValue {
    bool isText = false;
    double number = 0;
    std::string text;

    static FillValue of(double number) { return {false, number, {}}; }
    static FillValue of(std::string text) { return {true, 0, std::move(text)}; }
    std::string describe() const;  // the number in shortest form, or the text
};

// Fills missing entries column by column like scikit-learn's SimpleImputer: the mean or median
// (numeric columns only; median as np.median), the most frequent value (ties go to the
// smallest, as scikit-learn), or a constant. Default columns: every numeric column for mean and
// median and for a numeric constant; every categorical and boolean column for a text constant;
// every column for most_frequent. A constant text that is not yet a level becomes a new level.
// With addIndicator, a boolean column "<col>_missing" (1 where the entry was missing) is
// appended for each fitted column that had missing entries at fit time (scikit-learn's
// features="missing-only"), in fitted order after all other columns.
class SimpleImputer : public Transformer {
public:
    struct Options {
        ImputeStrategy strategy = ImputeStrategy::Mean;
        FillValue fill;  // Constant only
        bool addIndicator = false;
        std::vector<std::string> columns;  // empty: see above
    };
    explicit SimpleImputer(Options options);

    std::string kind() const override { return "simple_imputer"; }
    void fit(const data::Table& table) override;
    data::Table transform(data::Table table) const override;
    nlohmann::json toJson() const override;
    std::vector<LearnedParameter> learned() const override;
    static std::unique_ptr<SimpleImputer> fromJson(const JsonFields& json);

    const Options& options() const { return options_; }
    const std::vector<std::string>& fittedColumns() const { return fitted_columns_; }
    const std::vector<FillValue>& fills() const { return fills_; }
    const std::vector<std::string>& indicatorColumns() const { return indicator_columns_; }

private:
    Options options_;
    std::vector<std::string> fitted_columns_;
    std::vector<FillValue> fills_;  // one per fitted column
    std::vector<std::string> indicator_columns_;
};

std::string_view strategyName(ImputeStrategy strategy);

} // namespace mlwb::preprocess
