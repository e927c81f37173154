#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mlwb::data {

struct TextLocation {
    std::int64_t line = 1;    // 1-based
    std::int64_t column = 1;  // 1-based, in characters (UTF-8 code points)
};

// Line and column of a byte offset into text.
TextLocation locate(std::string_view text, std::size_t offset);

// "<source>:<line>:<col>" for a byte offset into text.
std::string where(std::string_view source, std::string_view text, std::size_t offset);

// InputError unless text is UTF-8 without NUL bytes: "<source>: looks like a binary file"
// or "<source>:<line>:<col>: not UTF-8 text (byte 0xE9) ...".
void requireUtf8Text(std::string_view text, std::string_view source);

} // namespace mlwb::data
