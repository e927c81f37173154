#include "models/design_matrix.h"

#include "core/input_error.h"
#include "preprocess/to_matrix.h"

namespace mlwb::models {

Matrix designMatrix(const preprocess::Transformer& fitted, const data::Table& table, std::string_view label,
                    std::vector<std::string>* names)
{
    const data::Table out = fitted.transform(table);
    std::vector<std::string> features;
    for (const auto& c : out.columns)
        if (c.name != label)
            features.push_back(c.name);
    if (features.empty())
        throw InputError("the pipeline left no feature columns besides the label \"" + std::string(label) + "\"");
    Matrix x = preprocess::toMatrix(out, features);
    if (names)
        *names = std::move(features);
    return x;
}

LabeledData selectRows(const Matrix& x, const std::vector<int>& codes, const std::vector<std::size_t>& rows)
{
    LabeledData d;
    d.x.resize(Eigen::Index(rows.size()), x.cols());
    d.y.resize(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        d.x.row(Eigen::Index(i)) = x.row(Eigen::Index(rows[i]));
        d.y[i] = codes[rows[i]];
    }
    return d;
}

} // namespace mlwb::models
