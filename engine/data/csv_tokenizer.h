#pragma once
#include "core/large_allocator.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

// Splitting CSV text into fields without copying: each field is a span of the text,
// quotes included (csv_reader unquotes while converting).
namespace mlwb::data::csv {

struct Span {
    std::uint32_t begin;   // relative to the chunk's base offset
    std::uint32_t length;  // 0: empty field
};

struct TokenError {
    std::size_t offset = 0;  // into the whole text
    std::string message;     // without the location
    std::size_t rowInChunk = 0;
    bool wrongFieldCount = false;  // message reads "has N fields, ..." and needs "row R " before it
};

// The fields of a run of whole records.
struct Chunk {
    std::size_t base = 0, end = 0;           // byte range in the text
    std::vector<LargeVector<Span>> columns;  // [column][row]
    LargeVector<std::int64_t> rowLine;      // 0-based line of each row, relative to the chunk
    std::int64_t lineBreaks = 0;             // '\n' characters in the chunk (incl. inside quotes)
    std::optional<TokenError> error;         // the first one; tokenizing stops there
    std::size_t rows() const { return rowLine.size(); }
};

// Reads one record starting at `pos` into `fields` (absolute offsets), advancing pos past
// its line break and adding the line breaks seen to `lines`. Returns an error message or "".
std::string readRecord(std::string_view text, std::size_t& pos, std::size_t end, char delimiter,
                       std::vector<std::pair<std::size_t, std::size_t>>& fields, std::int64_t& lines,
                       std::size_t& errorOffset);

// Byte offsets where chunks of about equal size start, each at a record boundary
// (found by quote parity, which is exact for valid RFC 4180 text). First is `begin`.
std::vector<std::size_t> chunkStarts(std::string_view text, std::size_t begin, int parts);

// Tokenizes text[chunk.base, chunk.end) into chunk, expecting `columns` fields per record.
// Blank lines are skipped. `progress` (may be null) gets the fraction done.
void tokenize(std::string_view text, char delimiter, std::size_t columns, Chunk& chunk, std::stop_token stop,
              const std::function<void(double)>* progress);

} // namespace mlwb::data::csv
