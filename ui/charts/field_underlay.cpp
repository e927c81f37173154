#include "field_underlay.h"

#include "chart_axes.h"
#include "colormap.h"
#include "raster_item.h"

#include <QImage>

#include <cmath>
#include <limits>

namespace mlwb::ui {

namespace {

QColor washed(QColor c, double amount)
{
    return QColor::fromRgbF(c.redF() + (1 - c.redF()) * amount, c.greenF() + (1 - c.greenF()) * amount,
                            c.blueF() + (1 - c.blueF()) * amount);
}

constexpr double kFieldWash = 0.45;  // keeps trajectories drawn over a field readable

} // namespace

FieldUnderlay::FieldUnderlay(QChart* chart, bool dark) : raster_(new RasterItem(chart)), colorBar_(new ColorBarItem(chart))
{
    colorBar_->setTextColor(dark ? QColor(Qt::white) : QColor(Qt::black));
}

FieldUnderlay::~FieldUnderlay()
{
    delete raster_;
    delete colorBar_;
}

void FieldUnderlay::plotAreaChanged()
{
    raster_->plotAreaChanged();
    colorBar_->plotAreaChanged();
}

void FieldUnderlay::setField(const FieldSpec& f)
{
    if (f.nx < 2 || f.ny < 2 || f.values.size() < std::size_t(f.nx) * f.ny)
        return;
    double minPositive = std::numeric_limits<double>::infinity();
    for (double v : f.values)
        if (v > 0 && std::isfinite(v))
            minPositive = std::min(minPositive, v);
    std::vector<double> scaled(f.values.size());
    Range r;
    for (std::size_t i = 0; i < f.values.size(); ++i) {
        double v = f.values[i];
        if (f.logScale)
            v = std::log10(std::isfinite(v) ? std::max(v, minPositive) : minPositive);
        scaled[i] = v;
        r.add(v, false);
    }
    if (r.empty())
        return;
    const double span = r.hi > r.lo ? r.hi - r.lo : 1.0;
    auto band = [&](std::size_t i) {
        const double t = (scaled[i] - r.lo) / span;
        return f.bands > 0 ? std::min(f.bands - 1, static_cast<int>(t * f.bands)) : 0;
    };
    QImage image(f.nx, f.ny, QImage::Format_RGB32);
    for (int iy = 0; iy < f.ny; ++iy)
        for (int ix = 0; ix < f.nx; ++ix) {
            const std::size_t i = std::size_t(iy) * f.nx + ix;
            double t = (scaled[i] - r.lo) / span;
            QColor c;
            if (f.bands > 0) {
                const int b = band(i);
                t = (b + 0.5) / f.bands;
                c = f.fromWhite ? whiteToBlue(t) : washed(viridis(t), kFieldWash);
                // A band edge on the right or above makes a contour line.
                const bool edge = (ix + 1 < f.nx && band(i + 1) != b) || (iy + 1 < f.ny && band(i + f.nx) != b);
                if (edge)
                    c = c.darker(135);
            } else {
                c = f.fromWhite ? whiteToBlue(t) : washed(viridis(t), kFieldWash);
            }
            image.setPixel(ix, f.ny - 1 - iy, c.rgb());  // image row 0 is the top (ymax)
        }
    raster_->setImage(image, f.xmin, f.xmax, f.ymax, f.ymin, true);
    colorBar_->setColorMap(f.fromWhite ? whiteToBlue : viridis);
    colorBar_->setRange(r.lo, r.hi, f.logScale, f.colorBarTitle);
}

} // namespace mlwb::ui
