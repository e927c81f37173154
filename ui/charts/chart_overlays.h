#pragma once
#include "chart_spec.h"

#include <memory>

namespace mlwb::ui {

class AnnotationItem;
class ErrorBarsItem;
struct ChartCanvas;

// What is drawn over a chart's data, whatever its kind: error bars on bars and points, and
// annotations. Placed through the first series' axes, so only charts with series have them.
class ChartOverlays {
public:
    // Null when spec asks for neither or the chart has no series to place them by.
    static std::unique_ptr<ChartOverlays> make(const ChartSpec& spec, const ChartCanvas& canvas);
    ~ChartOverlays();
    void update(const ChartSpec& spec, const ChartCanvas& canvas);
    void plotAreaChanged();

private:
    ChartOverlays() = default;
    ErrorBarsItem* errorBars_ = nullptr;
    AnnotationItem* annotations_ = nullptr;
};

} // namespace mlwb::ui
