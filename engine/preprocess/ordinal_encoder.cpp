#include "preprocess/ordinal_encoder.h"

#include "core/parallel_pieces.h"
#include "preprocess/categories.h"
#include "preprocess/json_fields.h"
#include "preprocess/table_columns.h"

#include <cmath>

namespace mlwb::preprocess {

using data::Column;
using data::Table;

OrdinalEncoder::OrdinalEncoder(Options options)
    : options_(std::move(options))
{
}

void OrdinalEncoder::fit(const Table& table)
{
    fitted_ = false;
    auto columns = resolveColumns(table, options_.columns, categoricalTypes, codedTypes, kind());
    categories_ = learnCategories(table, columns);
    fitted_columns_ = std::move(columns);
    fitted_ = true;
}

Table OrdinalEncoder::transform(Table table) const
{
    requireFitted();
    std::vector<Column*> targets;
    std::vector<std::vector<std::int32_t>> lookups;
    for (std::size_t i = 0; i < fitted_columns_.size(); ++i) {
        targets.push_back(&table.column(fitted_columns_[i]));
        requireType(*targets.back(), codedTypes, kind());
        lookups.push_back(categoryLookup(table, *targets.back(), categories_[i], true, options_.useUnknownValue, kind()));
    }
    forEachIndex(targets.size(), 1, [&](std::size_t i) {
        Column& c = *targets[i];
        const auto& lookup = lookups[i];
        LargeVector<double> values(c.codes.size());
        for (std::size_t r = 0; r < values.size(); ++r) {
            const std::int32_t category = lookup[std::size_t(c.codes[r] + 1)];
            values[r] = category >= 0 ? double(category)
                        : category == missingCategory ? NAN : options_.unknownValue;
        }
        c.type = data::ColumnType::Numeric;
        c.numbers = std::move(values);
        c.codes = {};
        c.levels = {};
    }, table.rowCount() > 20000);
    return table;
}

nlohmann::json OrdinalEncoder::toJson() const
{
    nlohmann::json j;
    j["kind"] = kind();
    j["use_unknown_value"] = options_.useUnknownValue;
    j["unknown_value"] = jsonNumber(options_.unknownValue);
    writeColumns(j, options_.columns, fitted_columns_);
    j["fitted"] = fitted_;
    j["categories"] = categoriesJson(categories_);
    return j;
}

std::unique_ptr<OrdinalEncoder> OrdinalEncoder::fromJson(const JsonFields& json)
{
    Options o;
    o.useUnknownValue = json.flag("use_unknown_value");
    o.unknownValue = json.number("unknown_value");
    auto encoder = std::make_unique<OrdinalEncoder>(o);
    encoder->fitted_ = json.flag("fitted");
    readColumns(json, encoder->options_.columns, encoder->fitted_columns_, encoder->fitted_);
    if (encoder->fitted_)
        encoder->categories_ = readCategories(json, encoder->fitted_columns_.size());
    return encoder;
}

std::vector<LearnedParameter> OrdinalEncoder::learned() const
{
    return categoryParameters(fitted_columns_, categories_);
}

} // namespace mlwb::preprocess
