#pragma once
#include "preprocess/transformer.h"

namespace mlwb::preprocess {

class JsonFields;

// What to do with a category transform meets that fit never saw.
enum class UnknownCategory { Error, AllZeros };

// Replaces each categorical column, where it stands, by one boolean column per category,
// named "<col>=<category>" (levels "0", "1"; stored as int32 codes, far cheaper than doubles).
// Categories are learned at fit in sorted text order, as scikit-learn does. dropFirst leaves
// out the first category's column (scikit-learn's drop="first"), which keeps a linear model's
// columns independent. An unknown category or a missing entry at transform is an InputError
// naming the column and line (Error), or gives all zeros (AllZeros) — with dropFirst, all
// zeros then looks like the first category, as in scikit-learn.
// Default columns: every categorical column (boolean ones only when named).
class OneHotEncoder : public Transformer {
public:
    struct Options {
        std::vector<std::string> columns;
        bool dropFirst = false;
        UnknownCategory unknown = UnknownCategory::Error;
    };
    explicit OneHotEncoder(Options options);

    std::string kind() const override { return "one_hot_encoder"; }
    void fit(const data::Table& table) override;
    data::Table transform(data::Table table) const override;
    nlohmann::json toJson() const override;
    std::vector<LearnedParameter> learned() const override;
    static std::unique_ptr<OneHotEncoder> fromJson(const JsonFields& json);

    const Options& options() const { return options_; }
    const std::vector<std::string>& fittedColumns() const { return fitted_columns_; }
    // Per fitted column, its categories in output order (before dropFirst).
    const std::vector<std::vector<std::string>>& categories() const { return categories_; }

private:
    Options options_;
    std::vector<std::string> fitted_columns_;
    std::vector<std::vector<std::string>> categories_;
};

std::string_view unknownName(UnknownCategory policy);

} // namespace mlwb::preprocess
