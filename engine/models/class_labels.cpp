#include "models/class_labels.h"

#include "core/input_error.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

namespace mlwb::models {

std::vector<long> ClassLabels::counts() const
{
    std::vector<long> c(names.size(), 0);
    for (const int k : codes)
        ++c[std::size_t(k)];
    return c;
}

namespace {

std::string where(const data::Table& table, std::size_t row)
{
    return table.lines.empty() ? fmt::format("row {}", row + 1) : fmt::format("line {}", table.lines[row]);
}

} // namespace

ClassLabels encodeClasses(const data::Table& table, std::string_view name)
{
    const data::Column& c = table.column(name);
    ClassLabels out;
    out.codes.resize(c.size());
    if (c.type == data::ColumnType::Numeric) {
        std::map<double, int> classOf;
        for (std::size_t r = 0; r < c.size(); ++r) {
            const double v = c.numbers[r];
            if (std::isnan(v))
                throw InputError(fmt::format("the label \"{}\" is missing at {}: drop such rows or choose another label",
                                             name, where(table, r)));
            if (v != std::round(v) || std::abs(v) > 1e15)
                throw InputError(fmt::format("the label \"{}\" holds {} at {}: a measurement, not a class. Choose a "
                                             "column of classes",
                                             name, data::formatNumber(v), where(table, r)));
            classOf.emplace(v, 0);
        }
        int k = 0;
        for (auto& [value, code] : classOf) {
            code = k++;
            out.names.push_back(data::formatNumber(value));
        }
        for (std::size_t r = 0; r < c.size(); ++r)
            out.codes[r] = classOf.at(c.numbers[r]);
    } else {
        // Only the levels that occur become classes, in the order of the levels.
        std::vector<int> classOf(c.levels.size(), -1);
        for (std::size_t r = 0; r < c.size(); ++r) {
            if (c.codes[r] < 0)
                throw InputError(fmt::format("the label \"{}\" is missing at {}: drop such rows or choose another label",
                                             name, where(table, r)));
            classOf[std::size_t(c.codes[r])] = 0;
        }
        int k = 0;
        for (std::size_t l = 0; l < c.levels.size(); ++l)
            if (classOf[l] == 0) {
                classOf[l] = k++;
                out.names.push_back(c.levels[l]);
            }
        for (std::size_t r = 0; r < c.size(); ++r)
            out.codes[r] = classOf[std::size_t(c.codes[r])];
    }
    if (out.names.size() < 2)
        throw InputError(fmt::format("the label \"{}\" has {} class{} in {} rows: a classifier needs at least two",
                                     name, out.names.size(), out.names.size() == 1 ? "" : "es", c.size()));
    return out;
}

ThreeWaySplit stratifiedThreeWaySplit(const ClassLabels& labels, double validationFraction, double testFraction,
                                      std::uint64_t seed)
{
    if (!(validationFraction >= 0 && testFraction > 0 && validationFraction + testFraction < 1))
        throw InputError(fmt::format("the validation ({}) and test ({}) fractions must be at least 0 and above 0, and "
                                     "leave rows for training",
                                     validationFraction, testFraction));
    std::vector<std::vector<std::size_t>> byClass(labels.names.size());
    for (std::size_t r = 0; r < labels.codes.size(); ++r)
        byClass[std::size_t(labels.codes[r])].push_back(r);
    std::mt19937_64 rng(seed);
    ThreeWaySplit out;
    const std::size_t sides = validationFraction > 0 ? 3 : 2;
    for (std::size_t k = 0; k < byClass.size(); ++k) {
        auto& rows = byClass[k];
        const std::size_t n = rows.size();
        if (n < sides)
            throw InputError(fmt::format("class \"{}\" has {} row{}: too few to appear in the training, {}test rows. "
                                         "Choose another label, or a data set with more rows of it",
                                         labels.names[k], n, n == 1 ? "" : "s", sides == 3 ? "validation and " : ""));
        for (std::size_t i = n - 1; i > 0; --i)  // our own Fisher–Yates: the same on every library
            std::swap(rows[i], rows[std::size_t(rng() % (i + 1))]);
        const auto share = [n](double f) { return f > 0 ? std::max<std::size_t>(1, std::size_t(std::floor(n * f + 0.5))) : 0; };
        std::size_t test = share(testFraction), validation = share(validationFraction);
        while (test + validation > n - 1)  // keep a training row
            validation > 1 ? --validation : --test;
        out.test.insert(out.test.end(), rows.begin(), rows.begin() + std::ptrdiff_t(test));
        out.validation.insert(out.validation.end(), rows.begin() + std::ptrdiff_t(test),
                              rows.begin() + std::ptrdiff_t(test + validation));
        out.train.insert(out.train.end(), rows.begin() + std::ptrdiff_t(test + validation), rows.end());
    }
    for (auto* part : {&out.train, &out.validation, &out.test})
        std::sort(part->begin(), part->end());
    return out;
}

} // namespace mlwb::models
