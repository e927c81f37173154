#pragma once
#include <QColor>
#include <QImage>

namespace mlwb::ui {

// Perceptually uniform viridis colour for t in [0, 1] (clamped).
QColor viridis(double t);
// Ink on paper for t in [0, 1] (clamped; NaN is paper): 0 white, 1 black, as matplotlib's
// gray_r draws digits.
QColor greyInk(double t);
// Diverging blue–white–red for t in [0, 1] (clamped; NaN white): 0.5 is white (a signed
// image around 0: eigen-digits, loadings).
QColor blueWhiteRed(double t);
// Sequential from white (0) to dark blue (1): a density whose empty plane stays white.
QColor whiteToBlue(double t);
using ColorMap = QColor (*)(double);
// A vertical colour bar image (top = 1, bottom = 0) of the given size.
QImage colorBarImage(int width, int height, ColorMap map = viridis);
// Qualitative palette for series (Okabe–Ito, colour-blind safe); index wraps.
QColor seriesColor(int index, bool dark);

} // namespace mlwb::ui
