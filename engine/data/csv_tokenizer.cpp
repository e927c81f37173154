#include "data/csv_tokenizer.h"

#include <algorithm>
#include <cstring>
#include <fmt/format.h>

namespace mlwb::data::csv {

std::string readRecord(std::string_view text, std::size_t& pos, std::size_t end, char delimiter,
                       std::vector<std::pair<std::size_t, std::size_t>>& fields, std::int64_t& lines,
                       std::size_t& errorOffset)
{
    const char* s = text.data();
    fields.clear();
    std::size_t p = pos;
    for (;;) {
        const std::size_t start = p;
        if (p < end && s[p] == '"') {
            ++p;
            for (;;) {
                const auto* q = static_cast<const char*>(std::memchr(s + p, '"', end - p));
                if (!q) {
                    errorOffset = start;
                    return "unterminated quoted field: the quote opened here is never closed";
                }
                lines += std::count(s + p, q, '\n');
                p = std::size_t(q - s) + 1;
                if (p < end && s[p] == '"') {  // a doubled quote stands for one quote
                    ++p;
                    continue;
                }
                break;
            }
            if (p < end && s[p] != delimiter && s[p] != '\n' && !(s[p] == '\r' && (p + 1 == end || s[p + 1] == '\n'))) {
                errorOffset = p;
                return "unexpected text after a closing quote; a quote inside a quoted field must be doubled (\"\")";
            }
            fields.emplace_back(start, p);
            if (p < end && s[p] == '\r')
                ++p;
        } else {
            while (p < end && s[p] != delimiter && s[p] != '\n') {
                if (s[p] == '"') {
                    errorOffset = p;
                    return "a quote inside an unquoted field; quote the whole field and double the quote (\"\")";
                }
                ++p;
            }
            std::size_t stop = p;
            if (stop > start && s[stop - 1] == '\r' && (p == end || s[p] == '\n'))
                --stop;  // the CR of a CRLF line end
            fields.emplace_back(start, stop);
        }
        if (p < end && s[p] == delimiter) {
            ++p;
            continue;
        }
        break;
    }
    if (p < end) {  // at '\n'
        ++p;
        ++lines;
    }
    pos = p;
    return {};
}

// Past the line break if the line at pos holds only spaces (and tabs, unless they separate
// fields), else 0. Hand-edited files end with such lines; pandas skips them too.
std::size_t blankLineEnd(std::string_view text, std::size_t pos, std::size_t end, char delimiter)
{
    while (pos < end && (text[pos] == ' ' || (text[pos] == '\t' && delimiter != '\t')))
        ++pos;
    if (pos < end && text[pos] == '\r')
        ++pos;
    if (pos == end)
        return end;  // only spaces up to the end of the text
    return text[pos] == '\n' ? pos + 1 : 0;
}

std::vector<std::size_t> chunkStarts(std::string_view text, std::size_t begin, int parts)
{
    std::vector<std::size_t> starts{begin};
    const std::size_t size = text.size() - begin;
    const char* s = text.data();
    std::size_t scanned = begin;
    std::size_t quotes = 0;  // quote characters in [begin, scanned)
    for (int i = 1; i < parts; ++i) {
        std::size_t target = begin + size / std::size_t(parts) * std::size_t(i);
        if (target <= starts.back())
            continue;
        quotes += std::size_t(std::count(s + scanned, s + target, '"'));
        scanned = target;
        // Walk to the first line break outside quotes.
        std::size_t p = target;
        bool inQuotes = quotes % 2 == 1;
        while (p < text.size() && (s[p] != '\n' || inQuotes)) {
            inQuotes ^= s[p] == '"';
            ++p;
        }
        if (p + 1 >= text.size())
            break;
        quotes += std::size_t(std::count(s + scanned, s + p + 1, '"'));
        scanned = p + 1;
        starts.push_back(p + 1);
    }
    return starts;
}

void tokenize(std::string_view text, char delimiter, std::size_t columns, Chunk& chunk, std::stop_token stop,
              const std::function<void(double)>* progress)
{
    chunk.columns.assign(columns, {});
    // Reserve from an estimate of the row count so the span vectors grow once.
    const std::size_t sample = std::min<std::size_t>(chunk.end - chunk.base, 1 << 16);
    const auto sampleLines = std::count(text.data() + chunk.base, text.data() + chunk.base + sample, '\n');
    if (sampleLines > 0) {
        const auto estimate = std::size_t(double(chunk.end - chunk.base) / double(sample) * double(sampleLines) * 1.05);
        for (auto& c : chunk.columns)
            c.reserve(estimate);
        chunk.rowLine.reserve(estimate);
    }
    std::vector<std::pair<std::size_t, std::size_t>> fields;
    fields.reserve(columns + 1);
    std::size_t pos = chunk.base;
    std::int64_t line = 0;
    while (pos < chunk.end) {
        if (const std::size_t next = blankLineEnd(text, pos, chunk.end, delimiter)) {
            pos = next;
            ++line;
            continue;
        }
        const std::size_t recordStart = pos;
        const std::int64_t recordLine = line;
        std::size_t errorOffset = 0;
        std::string error = readRecord(text, pos, chunk.end, delimiter, fields, line, errorOffset);
        const bool wrongCount = error.empty() && fields.size() != columns;
        if (wrongCount) {
            error = fmt::format("has {} field{}, the header has {}", fields.size(), fields.size() == 1 ? "" : "s", columns);
            errorOffset = recordStart;
        }
        if (!error.empty()) {
            chunk.error = TokenError{errorOffset, std::move(error), chunk.rows(), wrongCount};
            break;
        }
        for (std::size_t c = 0; c < columns; ++c)
            chunk.columns[c].push_back(Span{std::uint32_t(fields[c].first - chunk.base),
                                            std::uint32_t(fields[c].second - fields[c].first)});
        chunk.rowLine.push_back(recordLine);
        if ((chunk.rows() & 0xFFFF) == 0) {
            if (stop.stop_requested())
                return;
            if (progress && *progress)
                (*progress)(double(pos - chunk.base) / double(chunk.end - chunk.base));
        }
    }
    chunk.lineBreaks = line;
}

} // namespace mlwb::data::csv
