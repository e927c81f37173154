#include "data/parse_number.h"

#include <charconv>
#include <cmath>
#include <cstdint>

namespace mlwb::data {

namespace {

constexpr double kPowersOf10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// The fast path: false when s is not of the simple form it handles exactly.
bool fastDecimal(const char* p, const char* end, double& value)
{
    const bool negative = p < end && *p == '-';
    p += negative;
    std::uint64_t mantissa = 0;
    int digits = 0, exponent = 0;
    bool any = false;
    for (; p < end && unsigned(*p - '0') < 10; ++p, any = true)
        if (mantissa || *p != '0') {
            if (++digits > 19)
                return false;
            mantissa = mantissa * 10 + unsigned(*p - '0');
        }
    if (p < end && *p == '.')
        for (++p; p < end && unsigned(*p - '0') < 10; ++p, any = true) {
            --exponent;
            if (mantissa || *p != '0') {
                if (++digits > 19)
                    return false;
                mantissa = mantissa * 10 + unsigned(*p - '0');
            }
        }
    if (!any)
        return false;
    if (p < end && (*p == 'e' || *p == 'E')) {
        ++p;
        const bool minus = p < end && *p == '-';
        p += p < end && (*p == '-' || *p == '+');
        int e = 0;
        bool expDigits = false;
        for (; p < end && unsigned(*p - '0') < 10 && e < 1000; ++p, expDigits = true)
            e = e * 10 + (*p - '0');
        if (!expDigits)
            return false;
        exponent += minus ? -e : e;
    }
    if (p != end || mantissa > (std::uint64_t(1) << 53) || exponent < -22 || exponent > 22)
        return false;
    const double m = double(mantissa);
    value = exponent < 0 ? m / kPowersOf10[-exponent] : m * kPowersOf10[exponent];
    if (negative)
        value = -value;
    return true;
}

} // namespace

bool parseNumber(std::string_view s, double& value)
{
    const bool plus = !s.empty() && s.front() == '+';
    if (plus)
        s.remove_prefix(1);
    if (s.empty() || s.front() == '+' || (plus && s.front() == '-'))  // one sign at most
        return false;
    if (fastDecimal(s.data(), s.data() + s.size(), value))
        return true;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    return ec == std::errc() && end == s.data() + s.size() && std::isfinite(value);
}

} // namespace mlwb::data
