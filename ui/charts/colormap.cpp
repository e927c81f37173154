#include "colormap.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace mlwb::ui {

namespace {
// viridis sampled at 9 evenly spaced points (matplotlib's _viridis_data), interpolated linearly.
constexpr std::array<std::array<double, 3>, 9> kViridis{{
    {0.267, 0.005, 0.329}, {0.279, 0.175, 0.483}, {0.230, 0.322, 0.546},
    {0.173, 0.449, 0.558}, {0.128, 0.567, 0.551}, {0.157, 0.684, 0.502},
    {0.369, 0.789, 0.383}, {0.678, 0.864, 0.190}, {0.993, 0.906, 0.144},
}};
} // namespace

QColor viridis(double t)
{
    if (!std::isfinite(t))
        t = 0.0;
    t = std::clamp(t, 0.0, 1.0) * (kViridis.size() - 1);
    const auto i = std::min<std::size_t>(static_cast<std::size_t>(t), kViridis.size() - 2);
    const double f = t - static_cast<double>(i);
    auto mix = [&](int c) { return kViridis[i][c] * (1 - f) + kViridis[i + 1][c] * f; };
    return QColor::fromRgbF(static_cast<float>(mix(0)), static_cast<float>(mix(1)),
                            static_cast<float>(mix(2)));
}

QColor greyInk(double t)
{
    if (!std::isfinite(t))
        t = 0.0;
    const int level = static_cast<int>(std::lround(255.0 * (1.0 - std::clamp(t, 0.0, 1.0))));
    return QColor(level, level, level);
}

QColor blueWhiteRed(double t)
{
    if (!std::isfinite(t))
        t = 0.5;
    t = std::clamp(t, 0.0, 1.0);
    // Endpoints of matplotlib's RdBu_r (#2166AC and #B2182B), through white.
    const QColor end = t < 0.5 ? QColor(0x21, 0x66, 0xAC) : QColor(0xB2, 0x18, 0x2B);
    const double f = std::abs(t - 0.5) * 2;  // 0 at white, 1 at an end
    auto mix = [&](int c) { return static_cast<int>(std::lround(255.0 + (c - 255.0) * f)); };
    return QColor(mix(end.red()), mix(end.green()), mix(end.blue()));
}

QColor whiteToBlue(double t) { return blueWhiteRed(0.5 - 0.5 * std::clamp(std::isnan(t) ? 0.0 : t, 0.0, 1.0)); }

QImage colorBarImage(int width, int height, ColorMap map)
{
    QImage img(std::max(1, width), std::max(2, height), QImage::Format_RGB32);
    for (int y = 0; y < img.height(); ++y) {
        const QRgb c = map(1.0 - double(y) / (img.height() - 1)).rgb();
        for (int x = 0; x < img.width(); ++x)
            img.setPixel(x, y, c);
    }
    return img;
}

QColor seriesColor(int index, bool dark)
{
    // Okabe–Ito. Slots 6 and 7 (grey, black/white) are kept for markers and reference
    // lines, so they never look like one of the six series.
    static constexpr std::array<QRgb, 8> kLight{0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7,
                                                0xE69F00, 0x56B4E9, 0x777777, 0x111111};
    static constexpr std::array<QRgb, 8> kDark{0x3A9BDC, 0xFF8C42, 0x2CC990, 0xE69AC8,
                                               0xF0C020, 0xA8DCFF, 0x9A9A9A, 0xF2F2F2};
    const auto& p = dark ? kDark : kLight;
    const auto i = static_cast<std::size_t>(((index % 8) + 8) % 8);
    return QColor::fromRgb(p[i]);
}

} // namespace mlwb::ui
