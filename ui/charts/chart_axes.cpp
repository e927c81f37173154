#include "chart_axes.h"

#include <QCategoryAxis>
#include <QFontMetricsF>
#include <QLogValueAxis>
#include <QValueAxis>

#include <algorithm>

namespace mlwb::ui {

namespace {
// Marks a linear axis whose categories are its tick labels (not a heatmap's cell labels).
constexpr const char* kNumericTicks = "mlwbNumericTicks";
} // namespace

QString wrappedTitle(const QString& text, const QFont& font, double width)
{
    const QFontMetricsF metrics(font);
    QStringList lines{QString()};
    for (const QString& word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QString longer = lines.back().isEmpty() ? word : lines.back() + QLatin1Char(' ') + word;
        if (!lines.back().isEmpty() && metrics.horizontalAdvance(longer) > width)
            lines << word;
        else
            lines.back() = longer;
    }
    for (QString& line : lines)
        line = line.toHtmlEscaped();
    return lines.join(QStringLiteral("<br>"));
}

QList<Tick> niceTicks(double lo, double hi, int target)
{
    const double raw = (hi - lo) / std::max(target, 1);
    if (!(raw > 0) || !std::isfinite(raw))
        return {};
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const int mantissa = raw / mag < 1.5 ? 1 : raw / mag < 3.5 ? 2 : raw / mag < 7.5 ? 5 : 10;
    const double step = mantissa * mag;
    // Digits after the point the step needs (0.25 → 2, 0.2 → 1, 50 → 0).
    const int decimals = std::max(0, -static_cast<int>(std::floor(std::log10(step) + 1e-9)));
    const double largest = std::max(std::abs(lo), std::abs(hi));
    const bool scientific = largest >= 1e7 || step < 1e-5;
    QList<Tick> ticks;
    for (double k = std::ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; ++k) {
        const double v = k == 0 ? 0.0 : k * step;
        QString label;
        if (scientific) {
            // As many significant digits as separate neighbouring ticks.
            const int digits = std::clamp(static_cast<int>(std::floor(std::log10(std::max(std::abs(v), step)))) -
                                              static_cast<int>(std::floor(std::log10(step))) + 1,
                                          1, 15);
            label = QString::number(v, 'g', digits);
        } else {
            label = QString::number(v, 'f', decimals);
        }
        ticks.append({v, label});
        if (ticks.size() > 20)
            break;  // cannot happen for a finite range; a guard against a loop on bad input
    }
    return ticks;
}

// Fits a range to the data (with a little padding) unless the spec fixes it.
std::pair<double, double> axisRange(const AxisSpec& axis, Range data, bool pad)
{
    if (data.empty())
        data = axis.log ? Range{1, 10} : Range{0, 1};
    double lo = data.lo, hi = data.hi;
    if (axis.log) {
        lo = std::pow(10.0, std::floor(std::log10(lo)));
        hi = std::pow(10.0, std::ceil(std::log10(hi)));
        if (hi <= lo)
            hi = lo * 10;
    } else {
        if (hi <= lo) {
            const double d = lo == 0 ? 1.0 : std::abs(lo) * 0.1;
            lo -= d;
            hi += d;
        } else if (pad) {
            const double d = (hi - lo) * 0.04;
            lo -= d;
            hi += d;
        }
    }
    return {axis.min.value_or(lo), axis.max.value_or(hi)};
}

QAbstractAxis* makeValueAxis(const AxisSpec& spec)
{
    QAbstractAxis* axis = nullptr;
    if (spec.log) {
        auto* a = new QLogValueAxis;
        a->setBase(10);
        a->setLabelFormat(QStringLiteral("%g"));
        a->setMinorTickCount(-1);
        axis = a;
    } else {
        // Labelled by niceTicks(): Qt's own dynamic ticks add the interval up from the first
        // tick, so the tick at zero read -5.55112e-17.
        auto* a = new QCategoryAxis;
        a->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        a->setProperty(kNumericTicks, true);
        a->setTruncateLabels(false);  // fitTicks() spaces them so they fit; "…" was all that showed
        axis = a;
    }
    axis->setTitleText(spec.title.toHtmlEscaped());
    return axis;
}

int ticksFor(double pixels, Qt::Orientation orientation)
{
    return std::clamp(static_cast<int>(pixels / (orientation == Qt::Horizontal ? 70 : 40)), 2, 6);
}

void fitTicks(QAbstractAxis* axis, double pixels, Qt::Orientation orientation)
{
    auto* numeric = qobject_cast<QCategoryAxis*>(axis);
    if (numeric && numeric->property(kNumericTicks).toBool() && numeric->max() > numeric->min())
        setAxisRange(axis, {numeric->min(), numeric->max()}, ticksFor(pixels, orientation));
}

void setAxisRange(QAbstractAxis* axis, std::pair<double, double> r, int target)
{
    axis->setRange(r.first, r.second);
    auto* numeric = qobject_cast<QCategoryAxis*>(axis);
    if (numeric && numeric->property(kNumericTicks).toBool()) {
        QStringList labels;
        QList<double> values;
        for (const Tick& t : niceTicks(r.first, r.second, target)) {
            labels << t.label;
            values << t.value;
        }
        if (numeric->categoriesLabels() != labels) {
            for (const QString& old : numeric->categoriesLabels())
                numeric->remove(old);
            numeric->setStartValue(r.first);
            for (qsizetype i = 0; i < labels.size(); ++i)
                numeric->append(labels[i], values[i]);
        }
        numeric->setRange(r.first, r.second);
    } else if (auto* l = qobject_cast<QLogValueAxis*>(axis)) {
        // At most ~8 labelled ticks: over many decades tick every `every` decades, and keep
        // the eight minor ticks per decade only when there are few decades. QLogValueAxis
        // labels its ticks correctly only when the range ends on powers of its base.
        const double lo = std::log10(r.first), hi = std::log10(r.second);
        const int every = std::max(1, static_cast<int>(std::ceil((hi - lo) / 8)));
        const double alignedLo = every * std::floor(lo / every), alignedHi = every * std::ceil(hi / every);
        l->setBase(std::pow(10.0, every));
        l->setMinorTickCount(hi - lo <= 4 ? -1 : 0);
        // A hair wider, so rounding in the axis's own logarithms cannot drop the end ticks.
        axis->setRange(std::pow(10.0, alignedLo) * (1 - 1e-9), std::pow(10.0, alignedHi) * (1 + 1e-9));
    }
}

QValueAxis* makeCategoryAxis(int count, const QString& title)
{
    QValueAxis* axis = nullptr;
    if (count > 30) {
        axis = new QValueAxis;
        axis->setLabelFormat(QStringLiteral("%d"));
    } else {
        auto* categories = new QCategoryAxis;
        categories->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        categories->setTruncateLabels(false);  // fitCellLabels() leaves only labels that fit
        axis = categories;
    }
    axis->setRange(0, count);
    axis->setGridLineVisible(false);
    axis->setTitleText(title.toHtmlEscaped());
    return axis;
}

// Why not one category per cell: Qt Charts elides category labels to "…" against the axis
// length shared evenly among the categories, and hides those at the plot's edges when a
// layout is small. On a reversed axis it never shows them again, and every new chart is
// first laid out at the view's initial 100 × 30 pixels: heatmaps lost their first and last
// row labels for good. So the axis holds only the labels that fit at the current size, those
// of every k-th cell from the first, each as a category ending at its cell's centre, where
// the label is drawn. Rows run top-down without reversing the axis (row i at count - i - 0.5).
void fitCellLabels(QCategoryAxis* axis, const QStringList& names, int count, bool rows, double cellPixels)
{
    const QFontMetricsF metrics(axis->labelsFont());
    // Pixels along the axis per label, with a gap: Qt hides a row label that overlaps the one
    // below it (its box is a little taller than the font's line height).
    double needed = metrics.height() + 4;
    if (!rows) {
        double widest = 0;
        for (int i = 0; i < count; ++i)
            widest = std::max(widest, metrics.horizontalAdvance(i < names.size() ? names[i] : QString::number(i)));
        needed = widest + metrics.height() / 2;
    }
    const int every = std::clamp(static_cast<int>(std::ceil(needed / std::max(cellPixels, 1.0))), 1, std::max(count, 1));

    QStringList labels;
    QList<double> ends;
    QStringList used;
    for (int i = 0; i < count; ++i) {
        QString label = i < names.size() ? names[i] : QString::number(i);
        while (used.contains(label))
            label += QChar(0x200B);  // QCategoryAxis needs unique labels
        used << label;
        if (i % every == 0) {
            labels << label;
            ends << (rows ? count - i - 0.5 : i + 0.5);
        }
    }
    if (rows) {  // categories go in increasing value: bottom row first
        std::reverse(labels.begin(), labels.end());
        std::reverse(ends.begin(), ends.end());
    }
    if (axis->categoriesLabels() == labels)
        return;
    for (const QString& old : axis->categoriesLabels())
        axis->remove(old);
    axis->setStartValue(0);
    for (int j = 0; j < labels.size(); ++j)
        axis->append(labels[j], ends[j]);
    axis->setRange(0, count);
}


} // namespace mlwb::ui
