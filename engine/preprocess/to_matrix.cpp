#include "preprocess/to_matrix.h"

#include "core/input_error.h"
#include "core/parallel_pieces.h"
#include "preprocess/table_columns.h"

#include <fmt/format.h>

namespace mlwb::preprocess {

using data::Column;
using data::ColumnType;

Eigen::MatrixXd toMatrix(const data::Table& table, const std::vector<std::string>& columns)
{
    std::vector<const Column*> sources;
    if (columns.empty())
        for (const auto& c : table.columns)
            sources.push_back(&c);
    else
        for (const auto& name : columns)
            sources.push_back(&table.column(name));
    for (const Column* c : sources) {
        if (c->type == ColumnType::Categorical)
            throw InputError(fmt::format("column \"{}\" is categorical; a model needs numbers, so one-hot or "
                                         "ordinal encode it first",
                                         c->name));
        const std::size_t missing = firstMissing(*c);
        if (missing < c->size())
            throw InputError(fmt::format("column \"{}\" has a missing entry at {}; a model needs every value, "
                                         "so impute or drop missing entries first",
                                         c->name, rowPlace(table, missing)));
    }
    const auto rows = Eigen::Index(table.rowCount());
    Eigen::MatrixXd m(rows, Eigen::Index(sources.size()));
    forEachIndex(sources.size(), 1, [&](std::size_t j) {
        const Column& c = *sources[j];
        double* out = m.col(Eigen::Index(j)).data();
        if (c.type == ColumnType::Numeric)
            std::copy(c.numbers.begin(), c.numbers.end(), out);
        else
            for (std::size_t r = 0; r < c.codes.size(); ++r)
                out[r] = double(c.codes[r]);
    }, rows > 20000);
    return m;
}

} // namespace mlwb::preprocess
