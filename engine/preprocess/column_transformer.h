#pragma once
#include "preprocess/pipeline.h"

namespace mlwb::preprocess {

class JsonFields;

// Which columns a branch takes: named ones, or every numeric / categorical column, resolved at fit.
struct ColumnSelection {
    enum class Kind { Named, AllNumeric, AllCategorical };
    Kind kind = Kind::Named;
    std::vector<std::string> names;  // Named only

    static ColumnSelection named(std::vector<std::string> names) { return {Kind::Named, std::move(names)}; }
    static ColumnSelection allNumeric() { return {Kind::AllNumeric, {}}; }
    static ColumnSelection allCategorical() { return {Kind::AllCategorical, {}}; }
};

// What happens to the columns no branch selects.
enum class Remainder { Passthrough, Drop };

// Routes columns to branches, each a pipeline run on just its columns (scikit-learn's
// ColumnTransformer): typically imputing and scaling the numeric columns, one-hot encoding the
// categorical ones. Output columns: each branch's output in branch order, then the remainder
// columns (those present at fit that no branch took) in table order, or none with Drop.
// A column may belong to one branch only. Branches must keep the row count.
class ColumnTransformer : public Transformer {
public:
    struct Branch {
        std::string name;
        ColumnSelection selection;
        Pipeline pipeline;
    };

    explicit ColumnTransformer(Remainder remainder = Remainder::Passthrough);
    ColumnTransformer& add(std::string name, ColumnSelection selection, Pipeline pipeline);
    const std::vector<Branch>& branches() const { return branches_; }
    Remainder remainder() const { return remainder_; }
    // Per branch, the columns it took at fit; and the remainder columns.
    const std::vector<std::vector<std::string>>& fittedColumns() const { return fitted_columns_; }
    const std::vector<std::string>& remainderColumns() const { return remainder_columns_; }

    std::string kind() const override { return "column_transformer"; }
    // Copies the table once; prefer fitTransform(std::move(table)) for large tables.
    void fit(const data::Table& table) override;
    data::Table fitTransform(data::Table table) override;
    data::Table transform(data::Table table) const override;
    nlohmann::json toJson() const override;
    std::vector<LearnedParameter> learned() const override;
    static std::unique_ptr<ColumnTransformer> fromJson(const JsonFields& json);

private:
    struct Parts {
        std::vector<data::Table> branches;
        std::vector<data::Column> remainder;
        LargeVector<std::int64_t> lines;
        std::size_t rows = 0;
    };
    // Moves the fitted columns out of `table` into one table per branch, plus the remainder.
    Parts split(data::Table table) const;
    data::Table assemble(Parts parts) const;

    Remainder remainder_;
    std::vector<Branch> branches_;
    std::vector<std::vector<std::string>> fitted_columns_;
    std::vector<std::string> remainder_columns_;
};

} // namespace mlwb::preprocess
