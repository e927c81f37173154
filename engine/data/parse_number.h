#pragma once
#include <string_view>

namespace mlwb::data {

// A decimal number as CSV files write it ("12", "-0.5", "+3.25e-4"), parsed without the
// locale: true and value set only if all of s is one finite number. (An exact fast path for
// short decimals was measured at only ~20% faster than libstdc++ 12's from_chars, which
// already uses fast_float, so there is none.)
bool parseNumber(std::string_view s, double& value);

} // namespace mlwb::data
