#include "bench/preprocess_workloads.h"

#include "data/csv_reader.h"
#include "data/describe.h"
#include "preprocess/column_transformer.h"
#include "preprocess/one_hot_encoder.h"
#include "preprocess/pipeline.h"
#include "preprocess/scalers.h"
#include "preprocess/simple_imputer.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <memory>
#include <random>
#include <unistd.h>

namespace mlwb::bench {

namespace {

constexpr int kNumeric = 10;
constexpr int kLevels[] = {5, 12, 20};

// Uniform in [0, 1) from the top 53 bits, independent of the standard library's distributions.
double uniform(std::mt19937_64& rng) { return double(rng() >> 11) * 0x1.0p-53; }

// A generated file on disk for the lifetime of the prepared workload.
struct TempCsv {
    std::filesystem::path path;
    SyntheticCsvFacts facts;
    ~TempCsv()
    {
        std::error_code ec;
        std::filesystem::remove(path, ec);
    }
};

std::shared_ptr<TempCsv> writeTempCsv(std::size_t rows, const char* tag)
{
    auto file = std::make_shared<TempCsv>();
    file->path = std::filesystem::temp_directory_path() / fmt::format("mlwb-{}-{}.csv", tag, getpid());
    const std::string text = syntheticCsv(rows, 9, &file->facts);
    std::ofstream(file->path, std::ios::binary).write(text.data(), std::streamsize(text.size()));
    return file;
}

} // namespace

std::string syntheticCsv(std::size_t rows, std::uint64_t seed, SyntheticCsvFacts* facts)
{
    std::mt19937_64 rng(seed);
    SyntheticCsvFacts f;
    f.rows = rows;
    f.missingPerNumeric.assign(kNumeric, 0);
    std::vector<bool> seen[3];
    for (int c = 0; c < 3; ++c)
        seen[c].assign(std::size_t(kLevels[c]), false);
    std::string text;
    text.reserve(rows * 96 + 128);
    for (int c = 0; c < kNumeric; ++c)
        text += fmt::format("x{},", c);
    text += "c5,c12,c20\n";
    for (std::size_t r = 0; r < rows; ++r) {
        for (int c = 0; c < kNumeric; ++c) {
            if (uniform(rng) < 0.05) {
                ++f.missingPerNumeric[std::size_t(c)];
                if (r == 0 && c == 0)
                    f.firstValue = std::nan("");
            } else {
                // Box–Muller; column c has mean c·10 and spread 10^(c mod 4 − 1).
                const double z = std::sqrt(-2.0 * std::log(1.0 - uniform(rng))) * std::cos(2 * M_PI * uniform(rng));
                const double v = c * 10.0 + z * std::pow(10.0, c % 4 - 1);
                char buf[32];
                const auto end = fmt::format_to(buf, "{:.6g}", v);
                text.append(buf, end);
                if (r == 0 && c == 0)
                    f.firstValue = std::strtod(std::string(buf, end).c_str(), nullptr);
            }
            text += ',';
        }
        for (int c = 0; c < 3; ++c) {
            const auto level = std::size_t(uniform(rng) * kLevels[c]);
            seen[c][level] = true;
            text += fmt::format("{}{}", "abcdefghijklmnopqrstuvwxyz"[level % 26], level);
            text += c < 2 ? ',' : '\n';
        }
    }
    for (auto& s : seen)
        f.levelsPerCategory.push_back(std::size_t(std::count(s.begin(), s.end(), true)));
    if (facts)
        *facts = f;
    return text;
}

Workload readCsvWorkload(std::size_t rows)
{
    return {"W9_read_csv",
            fmt::format("read a {}-row CSV file (10 numeric columns with 5% missing, 3 categorical) into typed columns", rows),
            [rows] {
                auto file = writeTempCsv(rows, "w9-read");
                auto table = std::make_shared<data::Table>();
                auto run = [file, table] {
                    *table = {};  // the previous run's result must not add to this run's peak memory
                    *table = data::readCsvFile(file->path.string()).table;
                };
                auto verify = [file, table] {
                    const auto& f = file->facts;
                    if (table->rowCount() != f.rows || table->columnCount() != kNumeric + 3)
                        return false;
                    for (int c = 0; c < kNumeric; ++c)
                        if (table->columns[std::size_t(c)].type != data::ColumnType::Numeric ||
                            table->columns[std::size_t(c)].missingCount() != f.missingPerNumeric[std::size_t(c)])
                            return false;
                    for (int c = 0; c < 3; ++c)
                        if (table->columns[std::size_t(kNumeric + c)].levels.size() != f.levelsPerCategory[std::size_t(c)])
                            return false;
                    const double first = table->columns[0].numbers[0];
                    return std::isnan(f.firstValue) ? std::isnan(first) : first == f.firstValue;
                };
                const double bytes = double(std::filesystem::file_size(file->path));
                return PreparedWorkload{run, bytes, 1e6, "MB/s", verify};
            }};
}

namespace {

// The scikit-learn ColumnTransformer of the pandas anchor, built from our transformers.
preprocess::Pipeline w9Pipeline()
{
    using namespace preprocess;
    Pipeline numeric;
    numeric.add("impute", std::make_unique<SimpleImputer>(SimpleImputer::Options{ImputeStrategy::Median, {}, false, {}}));
    numeric.add("scale", std::make_unique<StandardScaler>());
    Pipeline categorical;
    categorical.add("one_hot", std::make_unique<OneHotEncoder>(OneHotEncoder::Options{}));
    auto columns = std::make_unique<ColumnTransformer>(Remainder::Drop);
    columns->add("numeric", ColumnSelection::allNumeric(), std::move(numeric));
    columns->add("categorical", ColumnSelection::allCategorical(), std::move(categorical));
    Pipeline all;
    all.add("columns", std::move(columns));
    return all;
}

// Checks the output against statistics computed here by sorting and summing the raw column.
bool checkPreprocessed(const data::Table& raw, const data::Table& out, const SyntheticCsvFacts& facts)
{
    std::size_t oneHot = 0;
    for (const auto l : facts.levelsPerCategory)
        oneHot += l;
    if (out.rowCount() != facts.rows || out.columnCount() != kNumeric + oneHot)
        return false;
    // x0: median of the present values fills the gaps; then (v - mean) / population std.
    std::vector<double> present;
    for (const double v : raw.columns[0].numbers)
        if (!std::isnan(v))
            present.push_back(v);
    std::sort(present.begin(), present.end());
    const std::size_t n = present.size();
    const double median = n % 2 ? present[n / 2] : (present[n / 2 - 1] + present[n / 2]) / 2;
    double sum = 0, squares = 0;
    for (const double v : raw.columns[0].numbers)
        sum += std::isnan(v) ? median : v;
    const double mean = sum / double(facts.rows);
    for (const double v : raw.columns[0].numbers)
        squares += ((std::isnan(v) ? median : v) - mean) * ((std::isnan(v) ? median : v) - mean);
    const double sd = std::sqrt(squares / double(facts.rows));
    for (std::size_t r = 0; r < facts.rows; r += 997) {
        const double v = raw.columns[0].numbers[r];
        const double expected = ((std::isnan(v) ? median : v) - mean) / sd;
        if (std::abs(out.columns[0].numbers[r] - expected) > 1e-9)
            return false;
    }
    // Each categorical column becomes indicators with exactly one 1 per row.
    for (std::size_t r = 0; r < facts.rows; r += 991) {
        int ones = 0;
        for (std::size_t c = kNumeric; c < out.columnCount(); ++c)
            ones += out.columns[c].codes[r];
        if (ones != 3)
            return false;
    }
    return true;
}

} // namespace

Workload preprocessWorkload(std::size_t rows)
{
    return {"W9_preprocess",
            fmt::format("read a {}-row CSV file, median-impute and standard-scale 10 numeric columns, "
                        "one-hot encode 3 categorical ones (fit and transform)",
                        rows),
            [rows] {
                auto file = writeTempCsv(rows, "w9-pre");
                auto out = std::make_shared<data::Table>();
                auto run = [file, out] {
                    *out = {};  // as above
                    auto pipeline = w9Pipeline();
                    *out = pipeline.fitTransform(data::readCsvFile(file->path.string()).table);
                };
                auto verify = [file, out] {
                    return checkPreprocessed(data::readCsvFile(file->path.string()).table, *out, file->facts);
                };
                const double bytes = double(std::filesystem::file_size(file->path));
                return PreparedWorkload{run, bytes, 1e6, "MB/s", verify};
            }};
}

} // namespace mlwb::bench
