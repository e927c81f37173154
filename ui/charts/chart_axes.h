#pragma once
// The axes of a ChartPanel: ranges fitted to the data, "nice" tick labels written exactly,
// log axes that label their decades, and heatmap cell labels that fit.
#include "chart_spec.h"

#include <QFont>
#include <QString>
#include <QStringList>

#include <cmath>
#include <limits>
#include <utility>

QT_BEGIN_NAMESPACE
class QAbstractAxis;
class QCategoryAxis;
class QValueAxis;
QT_END_NAMESPACE

namespace mlwb::ui {

struct Range {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    void add(double v, bool log)
    {
        if (!std::isfinite(v) || (log && v <= 0))
            return;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    bool empty() const { return lo > hi; }
};

// Fits a range to the data (with a little padding) unless the spec fixes it.
std::pair<double, double> axisRange(const AxisSpec& axis, Range data, bool pad);

// About `target` (up to 8/6 of it) ticks at 1, 2 or 5 × 10^k inside [lo, hi], each value computed as
// k · step (not by adding steps up), labelled with just the digits the step needs: "0", not
// "-5.55112e-17"; "0.3", not "0.30000000000000004"; "45000", not "4.5e+04".
struct Tick {
    double value;
    QString label;
};
QList<Tick> niceTicks(double lo, double hi, int target = 6);

// Text for a Qt Charts title (rich text) broken at spaces into lines no wider than width:
// Qt elides a chart or axis title that does not fit ("Gradient descent o…").
QString wrappedTitle(const QString& text, const QFont& font, double width);

QAbstractAxis* makeValueAxis(const AxisSpec& spec);
// target: about how many ticks a linear axis gets (see ticksFor()).
void setAxisRange(QAbstractAxis* axis, std::pair<double, double> r, int target = 6);
// As many ticks as fit along `pixels` of axis (a label every 70 px across, 40 px up), 2 to 6.
int ticksFor(double pixels, Qt::Orientation orientation);
// Re-labels a linear axis for its length on screen; other axes are left alone.
void fitTicks(QAbstractAxis* axis, double pixels, Qt::Orientation orientation);

// Cells as categories: a QCategoryAxis whose labels fitCellLabels() sets, or, for more cells
// than labels can fit, a plain index axis.
QValueAxis* makeCategoryAxis(int count, const QString& title);
void fitCellLabels(QCategoryAxis* axis, const QStringList& names, int count, bool rows, double cellPixels);

} // namespace mlwb::ui
