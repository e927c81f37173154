#pragma once
#include "chart_spec.h"

QT_BEGIN_NAMESPACE
class QChart;
QT_END_NAMESPACE

namespace mlwb::ui {

class ColorBarItem;
class RasterItem;

// A scalar field under an x–y chart's series, as filled contour bands with a colour bar.
// Coloured when set, not when the series over it change: a loss landscape is sent once.
class FieldUnderlay {
public:
    FieldUnderlay(QChart* chart, bool dark);
    ~FieldUnderlay();
    void setField(const FieldSpec& field);
    void plotAreaChanged();

private:
    RasterItem* raster_;
    ColorBarItem* colorBar_;
};

} // namespace mlwb::ui
