#pragma once
// The data workloads (W9): reading and preprocessing a large generated CSV file, judged
// against pandas 1.5 + scikit-learn on this machine (about 1.0 s to read, 4.6 s end to end
// for 1,000,000 rows).
#include "bench/bench.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mlwb::bench {

// What the generator wrote, so a reader can be checked against it independently.
struct SyntheticCsvFacts {
    std::size_t rows = 0;
    std::vector<std::size_t> missingPerNumeric;  // 10 entries
    std::vector<std::size_t> levelsPerCategory;  // {5, 12, 20}
    double firstValue = 0;                       // column x0, row 0 (NaN when missing)
};

// A CSV text with a header, `rows` rows, 10 numeric columns x0..x9 on different scales
// with 5% missing (empty fields), and 3 categorical columns c5, c12, c20 with that many
// levels. Deterministic for a seed; about 90 bytes per row.
std::string syntheticCsv(std::size_t rows, std::uint64_t seed, SyntheticCsvFacts* facts = nullptr);

// W9_read_csv: read and type the file (MB/s of file).
Workload readCsvWorkload(std::size_t rows);
// W9_preprocess: read the file, then fit and apply median imputation + standard scaling of
// the numeric columns and one-hot encoding of the categorical ones (MB/s of file).
Workload preprocessWorkload(std::size_t rows);

} // namespace mlwb::bench
