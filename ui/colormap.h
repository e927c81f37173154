#pragma once
#include <QColor>
#include <QImage>

namespace mlwb::ui {

// Perceptually uniform viridis colour for t in [0, 1] (clamped).
QColor viridis(double t);
// A vertical colour bar image (top = 1, bottom = 0) of the given size.
QImage colorBarImage(int width, int height);
// Qualitative palette for series (Okabe–Ito, colour-blind safe); index wraps.
QColor seriesColor(int index, bool dark);

} // namespace mlwb::ui
