#include "data/text_checks.h"

#include "core/input_error.h"

#include <algorithm>
#include <cstring>
#include <fmt/format.h>

namespace mlwb::data {

TextLocation locate(std::string_view text, std::size_t offset)
{
    offset = std::min(offset, text.size());
    const std::string_view before = text.substr(0, offset);
    const auto lineStart = before.rfind('\n') + 1;  // npos + 1 == 0
    TextLocation at;
    at.line = 1 + std::count(before.begin(), before.end(), '\n');
    // Count code points, not bytes: continuation bytes are 10xxxxxx.
    at.column = 1 + std::count_if(before.begin() + std::ptrdiff_t(lineStart), before.end(),
                                  [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
    return at;
}

std::string where(std::string_view source, std::string_view text, std::size_t offset)
{
    const auto at = locate(text, offset);
    return fmt::format("{}:{}:{}", source, at.line, at.column);
}

namespace {

// Length of the valid UTF-8 sequence starting at p (lead byte >= 0x80), or 0 if invalid.
std::size_t utf8SequenceLength(const unsigned char* p, const unsigned char* end)
{
    const unsigned char c = p[0];
    std::size_t n;
    unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) lo = 0xA0;       // no overlong forms
        if (c == 0xED) hi = 0x9F;       // no UTF-16 surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;       // nothing above U+10FFFF
    } else
        return 0;
    if (std::size_t(end - p) < n || p[1] < lo || p[1] > hi)
        return 0;
    for (std::size_t i = 2; i < n; ++i)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

} // namespace

void requireUtf8Text(std::string_view text, std::string_view source)
{
    if (const void* nul = std::memchr(text.data(), 0, text.size()))
        throw InputError(fmt::format("{}: looks like a binary file, not CSV text (a zero byte at byte {})", source,
                                     static_cast<const char*>(nul) - text.data()));
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const auto* end = p + text.size();
    while (p < end) {
        // Skip ASCII eight bytes at a time.
        while (end - p >= 8) {
            std::uint64_t word;
            std::memcpy(&word, p, 8);
            if (word & 0x8080808080808080ull)
                break;
            p += 8;
        }
        if (p == end)
            break;
        if (*p < 0x80) {
            ++p;
            continue;
        }
        const std::size_t n = utf8SequenceLength(p, end);
        if (n == 0) {
            const auto offset = std::size_t(p - reinterpret_cast<const unsigned char*>(text.data()));
            throw InputError(fmt::format("{}: not UTF-8 text (byte 0x{:02X}); the file may be Latin-1 or "
                                         "Windows-1252: save it as UTF-8 and open it again",
                                         where(source, text, offset), unsigned(*p)));
        }
        p += n;
    }
}

} // namespace mlwb::data
