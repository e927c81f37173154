#include "preprocess/transformer.h"

#include "core/input_error.h"
#include "preprocess/column_transformer.h"
#include "preprocess/json_fields.h"
#include "preprocess/knn_imputer.h"
#include "preprocess/missing_filter.h"
#include "preprocess/one_hot_encoder.h"
#include "preprocess/ordinal_encoder.h"
#include "preprocess/pipeline.h"
#include "preprocess/scalers.h"
#include "preprocess/simple_imputer.h"
#include "preprocess/table_columns.h"

#include <fmt/format.h>

namespace mlwb::preprocess {

data::Table Transformer::fitTransform(data::Table table)
{
    fit(table);
    return transform(std::move(table));
}

void Transformer::requireFitted() const
{
    if (!fitted_)
        throw InputError(fmt::format("the {} has not been fitted yet: fit it on training data before transforming",
                                     displayName(kind())));
}

std::unique_ptr<Transformer> fromJson(const nlohmann::json& json, const std::string& where)
{
    const JsonFields fields(json, where);
    const std::string kind = fields.text("kind");
    if (kind == "simple_imputer")
        return SimpleImputer::fromJson(fields);
    if (kind == "knn_imputer")
        return KnnImputer::fromJson(fields);
    if (kind == "missing_filter")
        return MissingFilter::fromJson(fields);
    if (kind == "one_hot_encoder")
        return OneHotEncoder::fromJson(fields);
    if (kind == "ordinal_encoder")
        return OrdinalEncoder::fromJson(fields);
    if (kind == "standard_scaler")
        return StandardScaler::fromJson(fields);
    if (kind == "min_max_scaler")
        return MinMaxScaler::fromJson(fields);
    if (kind == "robust_scaler")
        return RobustScaler::fromJson(fields);
    if (kind == "column_transformer")
        return ColumnTransformer::fromJson(fields);
    if (kind == "pipeline")
        return Pipeline::fromJson(fields);
    fields.fail("kind", fmt::format("names no known transformer: \"{}\"", kind));
}

} // namespace mlwb::preprocess
