#include "preprocess/knn_imputer.h"

#include "core/input_error.h"
#include "core/parallel_pieces.h"
#include "preprocess/json_fields.h"
#include "preprocess/statistics.h"
#include "preprocess/table_columns.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace mlwb::preprocess {

using data::Column;
using data::Table;

namespace {

// scikit-learn's nan_euclidean distance; NaN when the rows share no observed column.
double nanEuclidean(const double* a, const double* b, std::size_t d)
{
    double sum = 0;
    std::size_t shared = 0;
    for (std::size_t j = 0; j < d; ++j) {
        if (std::isnan(a[j]) || std::isnan(b[j]))
            continue;
        sum += (a[j] - b[j]) * (a[j] - b[j]);
        ++shared;
    }
    return shared == 0 ? NAN : std::sqrt(double(d) / double(shared) * sum);
}

struct Neighbour {
    double distance;
    std::size_t row;
    bool operator<(const Neighbour& o) const { return distance < o.distance || (distance == o.distance && row < o.row); }
};

} // namespace

KnnImputer::KnnImputer(Options options)
    : options_(std::move(options))
{
}

void KnnImputer::fit(const Table& table)
{
    fitted_ = false;
    if (options_.k == 0)
        throw InputError("the k-nearest-neighbours imputer needs k of at least 1");
    auto columns = resolveColumns(table, options_.columns, numericTypes, numericTypes, kind());
    const std::size_t d = columns.size();
    const std::size_t n = table.rowCount();
    std::vector<double> means(d);
    std::vector<double> donors(n * d);
    for (std::size_t j = 0; j < d; ++j) {
        const Column& c = table.column(columns[j]);
        const MeanStd m = meanAndStd(c.numbers);
        if (m.count == 0)
            throw InputError(fmt::format("column \"{}\" has no observed values to impute from", columns[j]));
        means[j] = m.mean;
        for (std::size_t r = 0; r < n; ++r)
            donors[r * d + j] = c.numbers[r];
    }
    fitted_columns_ = std::move(columns);
    means_ = std::move(means);
    donors_ = std::move(donors);
    fitted_ = true;
}

Table KnnImputer::transform(Table table) const
{
    requireFitted();
    const std::size_t d = fitted_columns_.size();
    std::vector<Column*> targets;
    for (const auto& name : fitted_columns_) {
        targets.push_back(&table.column(name));
        requireType(*targets.back(), numericTypes, kind());
    }
    const std::size_t n = table.rowCount();
    const std::size_t donorCount = d == 0 ? 0 : donors_.size() / d;

    std::vector<std::size_t> receivers;
    for (std::size_t r = 0; r < n; ++r)
        for (const Column* c : targets)
            if (std::isnan(c->numbers[r])) {
                receivers.push_back(r);
                break;
            }

    // Each receiver writes only its own row, reading the original values gathered here first,
    // so imputed values never feed later distances (scikit-learn computes all distances first).
    std::vector<double> rows(receivers.size() * d);
    for (std::size_t i = 0; i < receivers.size(); ++i)
        for (std::size_t j = 0; j < d; ++j)
            rows[i * d + j] = targets[j]->numbers[receivers[i]];

    // Each thread keeps its own distances and candidates.
    const auto impute = [&, distances = std::vector<double>(donorCount),
                         candidates = std::vector<Neighbour>()](std::size_t i) mutable {
        candidates.reserve(donorCount);
        const double* row = &rows[i * d];
        for (std::size_t s = 0; s < donorCount; ++s)
            distances[s] = nanEuclidean(row, &donors_[s * d], d);
        for (std::size_t j = 0; j < d; ++j) {
            if (!std::isnan(row[j]))
                continue;
            candidates.clear();
            for (std::size_t s = 0; s < donorCount; ++s)
                if (!std::isnan(donors_[s * d + j]) && !std::isnan(distances[s]))
                    candidates.push_back({distances[s], s});
            double value = means_[j];
            if (!candidates.empty()) {
                const std::size_t k = std::min(options_.k, candidates.size());
                std::partial_sort(candidates.begin(), candidates.begin() + std::ptrdiff_t(k), candidates.end());
                double sum = 0;
                for (std::size_t t = 0; t < k; ++t)
                    sum += donors_[candidates[t].row * d + j];
                value = sum / double(k);
            }
            targets[j]->numbers[receivers[i]] = value;
        }
    };
    forEachIndex(receivers.size(), 16, impute);
    return table;
}

nlohmann::json KnnImputer::toJson() const
{
    nlohmann::json j;
    j["kind"] = kind();
    j["k"] = options_.k;
    writeColumns(j, options_.columns, fitted_columns_);
    j["fitted"] = fitted_;
    j["means"] = jsonNumbers(means_);
    j["donors"] = jsonNumbers(donors_);
    return j;
}

std::unique_ptr<KnnImputer> KnnImputer::fromJson(const JsonFields& json)
{
    Options o;
    o.k = json.count("k");
    auto imputer = std::make_unique<KnnImputer>(o);
    imputer->fitted_ = json.flag("fitted");
    readColumns(json, imputer->options_.columns, imputer->fitted_columns_, imputer->fitted_);
    if (imputer->fitted_) {
        const std::size_t d = imputer->fitted_columns_.size();
        json.array("means", d);
        imputer->means_ = json.numbers("means");
        imputer->donors_ = json.numbers("donors");
        if (d == 0 ? !imputer->donors_.empty() : imputer->donors_.size() % d != 0)
            json.fail("donors", fmt::format("must hold whole rows of {} values", d));
    }
    return imputer;
}

std::vector<LearnedParameter> KnnImputer::learned() const
{
    std::vector<LearnedParameter> out;
    const std::size_t d = fitted_columns_.size();
    const std::string stored = std::to_string(d == 0 ? 0 : donors_.size() / d);
    for (std::size_t j = 0; j < d; ++j) {
        out.push_back({fitted_columns_[j], "k", std::to_string(options_.k), {}});
        out.push_back({fitted_columns_[j], "donor rows", stored, {}});
        out.push_back({fitted_columns_[j], "mean (for rows with no comparable donor)", data::formatNumber(means_[j]), {}});
    }
    return out;
}

} // namespace mlwb::preprocess
