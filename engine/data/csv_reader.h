#pragma once
#include "data/table.h"

#include <functional>
#include <map>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace mlwb::data {

struct CsvOptions {
    char delimiter = 0;  // 0: detect ',' ';' or tab from the header line
    // Field texts meaning "missing" (compared after trimming spaces); an empty field always is.
    std::vector<std::string> missingMarkers{"NA", "N/A", "NaN", "nan", "null", "NULL", "?"};
    // Column name -> type, overriding inference. InputError if a value does not fit.
    std::map<std::string, ColumnType, std::less<>> types;
    std::function<void(double fraction)> progress;  // 0..1, from the reading thread
    std::stop_token stop;                            // Cancelled is thrown when it fires
};

struct CsvResult {
    Table table;
    char delimiter = ',';
    std::vector<std::string> warnings;  // e.g. a column missing in every row
};

// Reads RFC 4180 text: quoted fields may hold delimiters, doubled quotes and line breaks;
// CRLF or LF; a UTF-8 byte-order mark is skipped; the first record is the header. Numbers
// are parsed independently of the locale. Types are inferred per column: numeric if every
// present value is a finite number, boolean if they are all true/false or yes/no, else
// categorical. Errors are InputError "<sourceName>:<line>:<col>: ...". Large inputs are
// split at record boundaries and parsed on all cores.
CsvResult parseCsv(std::string_view text, std::string_view sourceName, const CsvOptions& options = {});

// Reads the file (reporting progress) and parses it; the file's name is the source name.
CsvResult readCsvFile(const std::string& path, const CsvOptions& options = {});

} // namespace mlwb::data
