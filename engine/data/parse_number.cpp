#include "data/parse_number.h"

#include <charconv>
#include <cmath>

namespace mlwb::data {

bool parseNumber(std::string_view s, double& value)
{
    const bool plus = !s.empty() && s.front() == '+';  // from_chars rejects a leading '+'
    if (plus)
        s.remove_prefix(1);
    if (s.empty() || s.front() == '+' || (plus && s.front() == '-'))  // one sign at most
        return false;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    return ec == std::errc() && end == s.data() + s.size() && std::isfinite(value);
}

} // namespace mlwb::data
