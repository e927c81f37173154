#include "optim/test_functions.h"

#include "core/input_error.h"

#include <cmath>
#include <fmt/format.h>

namespace mlwb::optim {

QuadraticBowl::QuadraticBowl(double condition, double angleRadians) : condition_(condition)
{
    if (!(condition >= 1.0) || !std::isfinite(condition))
        throw InputError(fmt::format("quadratic bowl: condition number must be a finite number "
                                     "of at least 1, got {:g}",
                                     condition));
    const double c = std::cos(angleRadians), s = std::sin(angleRadians);
    Eigen::Matrix2d r;
    r << c, -s, s, c;
    a_ = r * Eigen::Vector2d(1.0, condition).asDiagonal() * r.transpose();
}

std::string QuadraticBowl::name() const
{
    return fmt::format("quadratic bowl (condition {:g})", condition_);
}

double QuadraticBowl::value(const Vec& x) const
{
    return 0.5 * x.dot(a_ * x);
}

Vec QuadraticBowl::gradient(const Vec& x) const
{
    return a_ * x;
}

double Rosenbrock::value(const Vec& p) const
{
    const double x = p[0], y = p[1];
    return (a_ - x) * (a_ - x) + b_ * (y - x * x) * (y - x * x);
}

Vec Rosenbrock::gradient(const Vec& p) const
{
    const double x = p[0], y = p[1];
    Vec g(2);
    g << -2.0 * (a_ - x) - 4.0 * b_ * x * (y - x * x), 2.0 * b_ * (y - x * x);
    return g;
}

namespace {
// Beale's three terms are (c_k − x + x·y^k)², k = 1, 2, 3.
constexpr double bealeConstants[3] = {1.5, 2.25, 2.625};
} // namespace

double Beale::value(const Vec& p) const
{
    const double x = p[0], y = p[1];
    double sum = 0.0;
    for (int k = 1; k <= 3; ++k) {
        const double t = bealeConstants[k - 1] - x + x * std::pow(y, k);
        sum += t * t;
    }
    return sum;
}

Vec Beale::gradient(const Vec& p) const
{
    const double x = p[0], y = p[1];
    Vec g = Vec::Zero(2);
    for (int k = 1; k <= 3; ++k) {
        const double t = bealeConstants[k - 1] - x + x * std::pow(y, k);
        g[0] += 2.0 * t * (std::pow(y, k) - 1.0);
        g[1] += 2.0 * t * x * k * std::pow(y, k - 1);
    }
    return g;
}

double Himmelblau::value(const Vec& p) const
{
    const double x = p[0], y = p[1];
    const double u = x * x + y - 11.0, v = x + y * y - 7.0;
    return u * u + v * v;
}

Vec Himmelblau::gradient(const Vec& p) const
{
    const double x = p[0], y = p[1];
    const double u = x * x + y - 11.0, v = x + y * y - 7.0;
    Vec g(2);
    g << 4.0 * x * u + 2.0 * v, 2.0 * u + 4.0 * y * v;
    return g;
}

const std::vector<TestFunctionInfo>& testFunctions()
{
    static const std::vector<TestFunctionInfo> all{
        {"rosenbrock", {-1.2, 1.0}, -2.0, 2.0, -1.0, 3.0, {{1.0, 1.0}}},
        {"beale", {1.0, 1.0}, -4.5, 4.5, -4.5, 4.5, {{3.0, 0.5}}},
        {"himmelblau",
         {0.0, 0.0},
         -5.0,
         5.0,
         -5.0,
         5.0,
         {{3.0, 2.0},
          {-2.805118086952745, 3.131312518250573},
          {-3.779310253377747, -3.283185991286170},
          {3.584428340330492, -1.848126526964404}}},
    };
    return all;
}

const TestFunctionInfo& testFunction(std::string_view id)
{
    std::string known;
    for (const auto& info : testFunctions()) {
        if (info.id == id)
            return info;
        known += (known.empty() ? "" : ", ") + info.id;
    }
    throw InputError(fmt::format("unknown test function \"{}\"; known: {}", id, known));
}

std::unique_ptr<Objective> makeTestFunction(std::string_view id)
{
    const std::string& known = testFunction(id).id;
    if (known == "rosenbrock")
        return std::make_unique<Rosenbrock>();
    if (known == "beale")
        return std::make_unique<Beale>();
    return std::make_unique<Himmelblau>();
}

} // namespace mlwb::optim
