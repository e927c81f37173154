#include "bench/preprocess_workloads.h"

#include "data/csv_reader.h"

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
                auto run = [file, table] { *table = data::readCsvFile(file->path.string()).table; };
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

} // namespace mlwb::bench
