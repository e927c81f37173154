#include "preprocess/column_transformer.h"

#include "core/input_error.h"
#include "preprocess/json_fields.h"
#include "preprocess/table_columns.h"

#include <algorithm>
#include <fmt/format.h>

namespace mlwb::preprocess {

using data::Column;
using data::Table;

namespace {

std::string_view selectionName(ColumnSelection::Kind kind)
{
    switch (kind) {
    case ColumnSelection::Kind::Named: return "named";
    case ColumnSelection::Kind::AllNumeric: return "all_numeric";
    case ColumnSelection::Kind::AllCategorical: return "all_categorical";
    }
    return "?";
}

std::vector<std::string> resolve(const Table& table, const ColumnSelection& selection)
{
    switch (selection.kind) {
    case ColumnSelection::Kind::Named: return resolveColumns(table, selection.names, anyType, anyType, "column transformer");
    case ColumnSelection::Kind::AllNumeric: return resolveColumns(table, {}, numericTypes, numericTypes, "");
    case ColumnSelection::Kind::AllCategorical: return resolveColumns(table, {}, categoricalTypes, categoricalTypes, "");
    }
    return {};
}

// Runs one branch with the table's source lines (for its error messages) moved in and out
// again: branches run one after another, so one copy of a million-row line index serves all.
template <class Run> void lendLines(Table& branch, LargeVector<std::int64_t>& lines, Run&& run)
{
    branch.lines = std::move(lines);
    branch = run(std::move(branch));
    lines = std::move(branch.lines);
}

} // namespace

ColumnTransformer::ColumnTransformer(Remainder remainder)
    : remainder_(remainder)
{
}

ColumnTransformer& ColumnTransformer::add(std::string name, ColumnSelection selection, Pipeline pipeline)
{
    branches_.push_back({std::move(name), std::move(selection), std::move(pipeline)});
    fitted_ = false;
    return *this;
}

void ColumnTransformer::fit(const Table& table)
{
    fitTransform(table);
}

Table ColumnTransformer::fitTransform(Table table)
{
    fitted_ = false;
    std::vector<std::vector<std::string>> columns;
    std::vector<std::string> owner(table.columnCount());  // branch that took each column
    for (const auto& branch : branches_) {
        columns.push_back(resolve(table, branch.selection));
        for (const auto& name : columns.back()) {
            auto& o = owner[table.indexOf(name)];
            if (!o.empty())
                throw InputError(fmt::format("column \"{}\" is selected by both branch \"{}\" and branch \"{}\"; "
                                             "a column can go through one branch only",
                                             name, o, branch.name));
            o = branch.name;
        }
    }
    std::vector<std::string> remainder;
    for (std::size_t i = 0; i < table.columnCount(); ++i)
        if (owner[i].empty())
            remainder.push_back(table.columns[i].name);
    fitted_columns_ = std::move(columns);
    remainder_columns_ = std::move(remainder);

    Parts parts = split(std::move(table));
    for (std::size_t b = 0; b < branches_.size(); ++b)
        lendLines(parts.branches[b], parts.lines, [&](Table t) { return branches_[b].pipeline.fitTransform(std::move(t)); });
    Table out = assemble(std::move(parts));
    fitted_ = true;
    return out;
}

Table ColumnTransformer::transform(Table table) const
{
    requireFitted();
    Parts parts = split(std::move(table));
    for (std::size_t b = 0; b < branches_.size(); ++b)
        lendLines(parts.branches[b], parts.lines, [&](Table t) { return branches_[b].pipeline.transform(std::move(t)); });
    return assemble(std::move(parts));
}

ColumnTransformer::Parts ColumnTransformer::split(Table table) const
{
    // Look every column up before moving any, so a missing one fails cleanly.
    std::vector<std::vector<std::size_t>> indices;
    for (const auto& names : fitted_columns_) {
        indices.emplace_back();
        for (const auto& name : names)
            indices.back().push_back(table.indexOf(name));
    }
    std::vector<std::size_t> remainder;
    if (remainder_ == Remainder::Passthrough)
        for (const auto& name : remainder_columns_)
            remainder.push_back(table.indexOf(name));

    Parts parts;
    parts.rows = table.rowCount();
    for (const auto& branch : indices) {
        Table t;  // without lines: they are lent to each branch in turn (runBranch)
        for (auto i : branch)
            t.columns.push_back(std::move(table.columns[i]));
        parts.branches.push_back(std::move(t));
    }
    for (auto i : remainder)
        parts.remainder.push_back(std::move(table.columns[i]));
    parts.lines = std::move(table.lines);
    return parts;
}

Table ColumnTransformer::assemble(Parts parts) const
{
    Table out;
    for (std::size_t b = 0; b < parts.branches.size(); ++b) {
        auto& t = parts.branches[b];
        if (t.columnCount() > 0 && t.rowCount() != parts.rows)
            throw InputError(fmt::format("branch \"{}\" turned {} rows into {}; a column transformer's branches "
                                         "must keep every row (drop rows before it)",
                                         branches_[b].name, parts.rows, t.rowCount()));
        for (auto& c : t.columns)
            out.columns.push_back(std::move(c));
    }
    for (auto& c : parts.remainder)
        out.columns.push_back(std::move(c));
    out.lines = std::move(parts.lines);
    return out;
}

nlohmann::json ColumnTransformer::toJson() const
{
    nlohmann::json j;
    j["kind"] = kind();
    j["remainder"] = remainder_ == Remainder::Passthrough ? "passthrough" : "drop";
    j["fitted"] = fitted_;
    auto branches = nlohmann::json::array();
    for (std::size_t b = 0; b < branches_.size(); ++b) {
        const auto& branch = branches_[b];
        nlohmann::json entry{{"name", branch.name},
                             {"selection", selectionName(branch.selection.kind)},
                             {"columns", branch.selection.names},
                             {"pipeline", branch.pipeline.toJson()}};
        if (fitted_)
            entry["fitted_columns"] = fitted_columns_[b];
        branches.push_back(entry);
    }
    j["branches"] = branches;
    j["remainder_columns"] = remainder_columns_;
    return j;
}

std::unique_ptr<ColumnTransformer> ColumnTransformer::fromJson(const JsonFields& json)
{
    const std::string remainder = json.text("remainder");
    if (remainder != "passthrough" && remainder != "drop")
        json.fail("remainder", fmt::format("must be passthrough or drop, not \"{}\"", remainder));
    auto transformer = std::make_unique<ColumnTransformer>(remainder == "drop" ? Remainder::Drop : Remainder::Passthrough);
    const bool fitted = json.flag("fitted");
    const auto& branches = json.at("branches");
    if (!branches.is_array())
        json.fail("branches", "must be an array");
    for (std::size_t b = 0; b < branches.size(); ++b) {
        const JsonFields branch(branches[b], fmt::format("{}[{}]", json.path("branches"), b));
        ColumnSelection selection;
        const std::string kind = branch.text("selection");
        if (kind == "named")
            selection = ColumnSelection::named(branch.texts("columns"));
        else if (kind == "all_numeric")
            selection = ColumnSelection::allNumeric();
        else if (kind == "all_categorical")
            selection = ColumnSelection::allCategorical();
        else
            branch.fail("selection", fmt::format("must be named, all_numeric or all_categorical, not \"{}\"", kind));
        auto pipeline = Pipeline::fromJson(branch.object("pipeline"));
        if (fitted && !pipeline->fitted())
            branch.fail("pipeline.fitted", "must be true in a fitted column transformer");
        transformer->add(branch.text("name"), std::move(selection), std::move(*pipeline));
        if (fitted)
            transformer->fitted_columns_.push_back(branch.texts("fitted_columns"));
    }
    if (fitted)
        transformer->remainder_columns_ = json.texts("remainder_columns");
    transformer->fitted_ = fitted;
    return transformer;
}

std::vector<LearnedParameter> ColumnTransformer::learned() const
{
    std::vector<LearnedParameter> out;
    for (const auto& branch : branches_)
        for (auto p : branch.pipeline.learned()) {
            p.step = p.step.empty() ? branch.name : fmt::format("{}/{}", branch.name, p.step);
            out.push_back(std::move(p));
        }
    if (fitted_ && remainder_ == Remainder::Passthrough)
        for (const auto& name : remainder_columns_)
            out.push_back({name, "remainder", "passed through", {}});
    return out;
}

} // namespace mlwb::preprocess
