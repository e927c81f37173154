#include "data/csv_reader.h"

#include "core/cancelled.h"
#include "core/input_error.h"
#include "core/parallel_pieces.h"
#include "core/regular_file.h"
#include "data/csv_tokenizer.h"
#include "data/parse_number.h"
#include "data/text_checks.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <fmt/format.h>
#include <memory>
#include <omp.h>
#include <unordered_map>

namespace mlwb::data {

namespace {

using csv::Chunk;
using csv::Span;

constexpr std::size_t kParallelBytes = std::size_t(4) << 20;  // smaller inputs: one chunk
constexpr std::size_t kMaxChunkBytes = std::size_t(1) << 30;  // spans hold 32-bit offsets

// Maps a stage's 0..1 onto [from, from + width) of the caller's progress.
struct ProgressStage {
    const std::function<void(double)>* report;
    double from, width;
    void operator()(double f) const
    {
        if (*report)
            (*report)(from + width * f);
    }
};

char detectDelimiter(std::string_view text, std::size_t begin)
{
    std::size_t comma = 0, semicolon = 0, tab = 0;
    bool inQuotes = false;
    for (std::size_t p = begin; p < text.size(); ++p) {
        const char c = text[p];
        if (c == '"')
            inQuotes = !inQuotes;
        else if (!inQuotes) {
            if (c == '\n')
                break;
            comma += c == ',';
            semicolon += c == ';';
            tab += c == '\t';
        }
    }
    if (semicolon > comma && semicolon >= tab)
        return ';';
    if (tab > comma && tab > semicolon)
        return '\t';
    return ',';
}

std::string_view trimSpaces(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// The value of a raw field: outer quotes removed and doubled quotes undone (in scratch
// when needed); unquoted fields lose surrounding spaces.
std::string_view fieldValue(std::string_view raw, std::string& scratch)
{
    if (raw.empty() || raw.front() != '"')
        return trimSpaces(raw);
    raw = raw.substr(1, raw.size() - 2);
    if (raw.find('"') == std::string_view::npos)
        return raw;
    scratch.clear();
    for (std::size_t i = 0; i < raw.size(); ++i) {
        scratch += raw[i];
        if (raw[i] == '"')
            ++i;  // skip the second quote of the pair
    }
    return scratch;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

// The texts of boolean columns, false first.
constexpr std::pair<std::string_view, std::string_view> kBooleanWords[] = {{"false", "true"}, {"no", "yes"}};

// Everything the per-column conversion needs to read fields and report errors.
struct Parsed {
    std::string_view text, source;
    const CsvOptions* options;
    std::vector<Chunk> chunks;
    std::size_t maxMarkerLength = 0;

    bool isMissing(std::string_view value) const
    {
        if (value.empty())
            return true;
        if (value.size() > maxMarkerLength)
            return false;
        for (const auto& m : options->missingMarkers)
            if (value == m)
                return true;
        return false;
    }
    std::string_view raw(const Chunk& chunk, Span span) const { return text.substr(chunk.base + span.begin, span.length); }
    // "source:line:col: column "name": " for the field in row `row` of `chunk`.
    std::string place(const Chunk& chunk, Span span, std::string_view column) const
    {
        return fmt::format("{}: column \"{}\"", where(source, text, chunk.base + span.begin), column);
    }
    // Calls f(value, chunk, span) for every field of column c, in row order; stops early
    // when f returns false. Returns false if it stopped.
    template <class F> bool forEachField(std::size_t c, F&& f) const
    {
        std::string scratch;
        for (const auto& chunk : chunks)
            for (const Span span : chunk.columns[c])
                if (!f(fieldValue(raw(chunk, span), scratch), chunk, span))
                    return false;
        return true;
    }
    std::size_t rows() const
    {
        std::size_t n = 0;
        for (const auto& c : chunks)
            n += c.rows();
        return n;
    }
};

// Parses every field of column c as a number into out; false at the first one that is not.
bool convertNumeric(const Parsed& in, std::size_t c, Column& out, bool required)
{
    out.numbers.clear();
    out.numbers.reserve(in.rows());
    return in.forEachField(c, [&](std::string_view v, const Chunk& chunk, Span span) {
        double x;
        if (in.isMissing(v))
            x = std::nan("");
        else if (!parseNumber(v, x)) {
            if (required)
                throw InputError(fmt::format("{}: cannot parse \"{}\" as a number", in.place(chunk, span, out.name), v));
            return false;
        }
        out.numbers.push_back(x);
        return true;
    });
}

void convertCategorical(const Parsed& in, std::size_t c, Column& out)
{
    out.type = ColumnType::Categorical;
    out.codes.clear();
    out.codes.reserve(in.rows());
    std::deque<std::string> storage;  // stable addresses for the map's keys
    std::unordered_map<std::string_view, std::int32_t> codeOf;
    std::string_view previous;  // runs of equal values are common: skip the hash then
    std::int32_t previousCode = -1;
    in.forEachField(c, [&](std::string_view v, const Chunk&, Span) {
        if (in.isMissing(v)) {
            out.codes.push_back(-1);
            return true;
        }
        if (previousCode < 0 || v != previous) {
            auto it = codeOf.find(v);
            if (it == codeOf.end()) {
                storage.emplace_back(v);
                it = codeOf.emplace(storage.back(), std::int32_t(storage.size() - 1)).first;
            }
            previous = it->first;
            previousCode = it->second;
        }
        out.codes.push_back(previousCode);
        return true;
    });
    out.levels.assign(storage.begin(), storage.end());
}

// Turns a categorical column whose levels are one true/false word pair into a boolean one.
// With `required`, InputError names the first value that is not such a word.
bool makeBoolean(const Parsed& in, std::size_t c, Column& column, bool required)
{
    for (const auto& [no, yes] : kBooleanWords) {
        // Each level must be one of the two words in any case ("yes", "Yes", "YES").
        std::vector<std::int32_t> truth(column.levels.size());
        std::string falseText, trueText;  // the first spelling seen of each
        bool fits = true;
        for (std::size_t l = 0; fits && l < column.levels.size(); ++l) {
            const bool isTrue = equalsIgnoringCase(column.levels[l], yes);
            fits = isTrue || equalsIgnoringCase(column.levels[l], no);
            truth[l] = isTrue;
            auto& text = isTrue ? trueText : falseText;
            if (text.empty())
                text = column.levels[l];
        }
        if (!fits)
            continue;
        for (auto& code : column.codes)
            if (code >= 0)
                code = truth[std::size_t(code)];
        column.levels = {falseText.empty() ? std::string(no) : falseText, trueText.empty() ? std::string(yes) : trueText};
        column.type = ColumnType::Boolean;
        return true;
    }
    if (required) {
        in.forEachField(c, [&](std::string_view v, const Chunk& chunk, Span span) {
            if (in.isMissing(v))
                return true;
            for (const auto& [no, yes] : kBooleanWords)
                if (equalsIgnoringCase(v, no) || equalsIgnoringCase(v, yes))
                    return true;
            throw InputError(fmt::format("{}: \"{}\" is not a boolean (expected true/false or yes/no)",
                                         in.place(chunk, span, column.name), v));
        });
        throw InputError(fmt::format("column \"{}\" mixes true/false with yes/no; use one pair", column.name));
    }
    return false;
}

Column convertColumn(const Parsed& in, std::size_t c, std::string name)
{
    Column column;
    column.name = std::move(name);
    const auto override = in.options->types.find(column.name);
    const std::optional<ColumnType> forced =
        override == in.options->types.end() ? std::nullopt : std::optional(override->second);
    if (!forced || *forced == ColumnType::Numeric)
        if (convertNumeric(in, c, column, forced.has_value()))
            return column;
    column.numbers = {};
    convertCategorical(in, c, column);
    if (!forced || *forced == ColumnType::Boolean)
        makeBoolean(in, c, column, forced.has_value());
    return column;
}

std::vector<std::string> readHeader(const Parsed& in, std::size_t& pos, char delimiter)
{
    std::vector<std::pair<std::size_t, std::size_t>> fields;
    std::int64_t lines = 0;
    std::size_t errorOffset = 0;
    const std::string error = csv::readRecord(in.text, pos, in.text.size(), delimiter, fields, lines, errorOffset);
    if (!error.empty())
        throw InputError(fmt::format("{}: {}", where(in.source, in.text, errorOffset), error));
    std::vector<std::string> names;
    std::unordered_map<std::string, std::size_t> firstColumn;
    std::string scratch;
    for (const auto& [b, e] : fields) {
        std::string name(fieldValue(in.text.substr(b, e - b), scratch));
        if (name.empty())
            name = fmt::format("column {}", names.size() + 1);
        // A hash map: comparing with every earlier name took 75 s for 200k columns.
        if (const auto [it, fresh] = firstColumn.try_emplace(name, names.size() + 1); !fresh)
            throw InputError(fmt::format("{}: the header names column \"{}\" twice (columns {} and {})",
                                         where(in.source, in.text, b), name, it->second, names.size() + 1));
        names.push_back(std::move(name));
    }
    for (const auto& [name, type] : in.options->types)
        if (!firstColumn.contains(name))
            throw InputError(fmt::format("{}: a type is set for column \"{}\", but the header has no such column",
                                         in.source, name));
    return names;
}

void tokenizeAll(Parsed& in, std::size_t begin, char delimiter, std::size_t columns, ProgressStage progress)
{
    const std::size_t bytes = in.text.size() - begin;
    int parts = 1;
    if (bytes >= kParallelBytes)
        parts = std::max<int>(omp_get_max_threads(), int(bytes / kMaxChunkBytes) + 1);
    const auto starts = csv::chunkStarts(in.text, begin, parts);
    in.chunks.resize(starts.size());
    for (std::size_t i = 0; i < starts.size(); ++i) {
        in.chunks[i].base = starts[i];
        in.chunks[i].end = i + 1 < starts.size() ? starts[i + 1] : in.text.size();
    }
    // Each chunk notes how many of its bytes are done; the calling thread reports the share of all.
    std::vector<std::atomic<double>> doneBytes(in.chunks.size());
    const auto report = [&] {
        if (pieceThreadNumber() != 0)
            return;
        double done = 0.0;
        for (const auto& d : doneBytes)
            done += d.load(std::memory_order_relaxed);
        progress(done / double(bytes));
    };
    forEachPiece(std::int64_t(in.chunks.size()), [&](std::int64_t i) {
        csv::Chunk& chunk = in.chunks[std::size_t(i)];
        const double size = double(chunk.end - chunk.base);
        const std::function<void(double)> chunkProgress = [&, i, size](double f) {
            doneBytes[std::size_t(i)].store(f * size, std::memory_order_relaxed);
            report();
        };
        csv::tokenize(in.text, delimiter, columns, chunk, in.options->stop, &chunkProgress);
        doneBytes[std::size_t(i)].store(size, std::memory_order_relaxed);
        report();
    });
    if (in.options->stop.stop_requested())
        throw Cancelled();
    std::size_t rowsBefore = 0;
    for (const auto& chunk : in.chunks) {
        if (chunk.error) {
            const auto& e = *chunk.error;
            throw InputError(fmt::format("{}: {}{}", where(in.source, in.text, e.offset),
                                         e.wrongFieldCount ? fmt::format("row {} ", rowsBefore + e.rowInChunk + 1) : "",
                                         e.message));
        }
        rowsBefore += chunk.rows();
    }
}

// An uninitialised byte buffer from allocateLarge (std::string would zero it first).
struct LargeBuffer {
    char* data;
    std::size_t size;
    explicit LargeBuffer(std::size_t n) : data(static_cast<char*>(allocateLarge(n))), size(n) {}
    LargeBuffer(const LargeBuffer&) = delete;
    LargeBuffer& operator=(const LargeBuffer&) = delete;
    ~LargeBuffer() { freeLarge(data, size); }
    friend void swap(LargeBuffer& a, LargeBuffer& b) noexcept
    {
        std::swap(a.data, b.data);
        std::swap(a.size, b.size);
    }
};

} // namespace

CsvResult parseCsv(std::string_view text, std::string_view sourceName, const CsvOptions& options)
{
    if (text.starts_with("\xEF\xBB\xBF"))
        text.remove_prefix(3);
    // Classic Mac OS ended lines with a lone CR (some spreadsheet exports still do); the
    // tokenizer splits at LF, so such a file read as one line with no data rows.
    std::string lineFeeds;
    if (text.find('\n') == std::string_view::npos && text.find('\r') != std::string_view::npos) {
        lineFeeds.assign(text);
        std::replace(lineFeeds.begin(), lineFeeds.end(), '\r', '\n');
        text = lineFeeds;
    }
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        throw InputError(fmt::format("{} is empty", sourceName));
    requireUtf8Text(text, sourceName);

    Parsed in{text, sourceName, &options, {}, 0};
    for (const auto& m : options.missingMarkers)
        in.maxMarkerLength = std::max(in.maxMarkerLength, m.size());
    CsvResult result;
    result.delimiter = options.delimiter ? options.delimiter : detectDelimiter(text, 0);
    std::size_t pos = 0;
    const auto names = readHeader(in, pos, result.delimiter);

    const std::function<void(double)>& report = options.progress;
    tokenizeAll(in, pos, result.delimiter, names.size(), ProgressStage{&report, 0.0, 0.6});
    if (in.rows() == 0)
        throw InputError(fmt::format("{} has a header but no data rows", sourceName));

    auto& table = result.table;
    table.columns.resize(names.size());
    std::vector<std::exception_ptr> errors(names.size());
    std::atomic<std::size_t> done = 0;
    forEachIndex(names.size(), 1, [&](std::size_t c) {
        if (options.stop.stop_requested())
            return;
        try {
            table.columns[c] = convertColumn(in, c, names[c]);
        } catch (...) {
            errors[c] = std::current_exception();
        }
        for (auto& chunk : in.chunks)  // give the spans back as soon as they are used
            LargeVector<Span>().swap(chunk.columns[c]);
        ++done;
        if (pieceThreadNumber() == 0)
            ProgressStage{&report, 0.6, 0.4}(double(done) / double(names.size()));
    }, in.rows() * names.size() > 100000);
    if (options.stop.stop_requested())
        throw Cancelled();
    ProgressStage{&report, 0.6, 0.4}(1.0);
    for (const auto& e : errors)
        if (e)
            std::rethrow_exception(e);

    std::int64_t lineBase = 1 + std::count(text.data(), text.data() + in.chunks.front().base, '\n');
    table.lines.reserve(in.rows());
    for (const auto& chunk : in.chunks) {
        for (const auto l : chunk.rowLine)
            table.lines.push_back(lineBase + l);
        lineBase += chunk.lineBreaks;
    }
    for (const auto& column : table.columns)
        if (column.missingCount() == column.size())
            result.warnings.push_back(fmt::format("column \"{}\" is missing in every row", column.name));
    return result;
}

CsvResult readCsvFile(const std::string& path, const CsvOptions& options)
{
    namespace fs = std::filesystem;
    const std::string name = fs::path(path).filename().string();
    RegularFile opened = openRegularFile(path, "data set");
    std::FILE* file = opened.file.get();
    // Read in blocks (for progress and Stop) into an uninitialised buffer that grows only
    // when the file is longer than its size said (a file being written, /proc), up to the limit.
    constexpr std::size_t kBlock = std::size_t(16) << 20;
    const std::uint64_t size = opened.size;
    std::size_t capacity = size == 0 ? kBlock : std::size_t(size) + 1;
    LargeBuffer buffer(capacity);
    std::size_t got = 0;
    for (;;) {
        if (options.stop.stop_requested())
            throw Cancelled();
        if (got == capacity) {
            if (got > opened.maxBytes)
                throwTooLarge(path, "data set", opened.maxBytes);
            LargeBuffer bigger(2 * capacity);
            std::memcpy(bigger.data, buffer.data, got);
            swap(buffer, bigger);
            capacity *= 2;
        }
        const std::size_t n = std::fread(buffer.data + got, 1, std::min(kBlock, capacity - got), file);
        got += n;
        if (options.progress && size > 0)
            options.progress(0.25 * std::min(1.0, double(got) / double(size)));
        if (n == 0)
            break;
    }
    if (std::ferror(file))
        throw InputError(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
    const std::string_view text(buffer.data, got);
    CsvOptions rest = options;
    if (options.progress)
        rest.progress = [&](double f) { options.progress(0.25 + 0.75 * f); };
    return parseCsv(text, name, rest);
}

} // namespace mlwb::data
