#pragma once
#include "preprocess/transformer.h"

namespace mlwb::preprocess {

class JsonFields;

// Replaces each categorical column, in place, by a numeric column of category codes 0 .. k−1 in
// sorted category order (scikit-learn's OrdinalEncoder). Missing entries stay missing (NaN).
// A category fit never saw is an InputError naming column and line, or, with useUnknownValue,
// becomes unknownValue (scikit-learn's handle_unknown="use_encoded_value").
// Default columns: every categorical column (boolean ones only when named).
class OrdinalEncoder : public Transformer {
public:
    struct Options {
        std::vector<std::string> columns;
        bool useUnknownValue = false;
        double unknownValue = -1;
    };
    explicit OrdinalEncoder(Options options);

    std::string kind() const override { return "ordinal_encoder"; }
    void fit(const data::Table& table) override;
    data::Table transform(data::Table table) const override;
    nlohmann::json toJson() const override;
    std::vector<LearnedParameter> learned() const override;
    static std::unique_ptr<OrdinalEncoder> fromJson(const JsonFields& json);

    const Options& options() const { return options_; }
    const std::vector<std::string>& fittedColumns() const { return fitted_columns_; }
    const std::vector<std::vector<std::string>>& categories() const { return categories_; }

private:
    Options options_;
    std::vector<std::string> fitted_columns_;
    std::vector<std::vector<std::string>> categories_;
};

} // namespace mlwb::preprocess
