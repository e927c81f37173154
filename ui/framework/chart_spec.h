#pragma once
// Plain value types describing one chart. A lab fills them on its worker thread and
// publishes them; a ChartPanel draws them on the GUI thread. No widgets in here.
#include <QList>
#include <QMetaType>
#include <QPointF>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace mlwb::ui {

struct AxisSpec {
    QString title;      // with its unit, e.g. "iteration", "loss (MSE)"
    bool log = false;   // base-10 log axis; values ≤ 0 are left out
    std::optional<double> min, max;  // unset: fitted to the data
};

struct SeriesSpec {
    enum class Kind { Line, Scatter };
    // Scatter markers: shapes tell series apart without colour (accepted and rejected MCMC
    // proposals), for readers who do not see the colours and in greyscale prints.
    enum class Marker { Circle, Square, Diamond };
    QString name;             // legend text; empty hides it from the legend
    Kind kind = Kind::Line;
    QList<QPointF> points;    // full data; the panel decimates lines for drawing
    // Streamed lines (RunContext::stream): keep only the newest keepLast points; 0 keeps all.
    qint64 keepLast = 0;
    int colorIndex = -1;      // palette slot; −1 picks by position
    double width = 2.0;       // line width or marker size
    Marker marker = Marker::Circle;
    bool dashed = false;
    bool pointMarkers = false;  // draw a dot at each (decimated) point of a line
    // Scatter series: ± this much in y around each point, drawn as a whisker with caps
    // (Monte Carlo errors); empty: none. One per point; NaN: no whisker for that point.
    QList<double> yErrors;
};

// Appends block to s.points and drops the oldest points beyond s.keepLast (0 keeps all):
// how a streamed series grows wherever its points are kept.
inline void appendKeepingLast(SeriesSpec& s, const QList<QPointF>& block)
{
    s.points.append(block);
    if (s.keepLast > 0 && s.points.size() > s.keepLast)
        s.points.remove(0, s.points.size() - s.keepLast);
}

// A histogram drawn as a filled step outline over numeric bins.
struct HistogramSpec {
    QString name;
    std::vector<double> edges;   // bins + 1 ascending edges
    std::vector<double> counts;  // one per bin
    int colorIndex = -1;
};

// Grouped bars over categories, optionally labelled with their values.
struct BarsSpec {
    struct Set {
        QString name;
        QList<double> values;  // one per category
        int colorIndex = -1;
        // ± this much around each bar's value, drawn as a whisker with caps (a feature
        // importance's standard deviation over repeats); empty: none.
        QList<double> errors;
    };
    QStringList categories;
    QList<Set> sets;
    bool valueLabels = true;
    int labelPrecision = 3;  // significant digits of the labels
    // One set only: bar i in palette colour barColors[i], as the series it stands for (each
    // optimizer's bar in its path's colour). Empty: every bar in its set's colour.
    QList<int> barColors;
};

// A matrix of values drawn cell by cell with a colour bar (confusion matrices,
// attention weights, missingness). Row 0 is drawn at the top.
struct HeatmapSpec {
    int rows = 0, cols = 0;
    std::vector<double> values;  // row-major, rows × cols; NaN cells are drawn hatched grey
    QStringList rowLabels, colLabels;  // empty: indices
    bool cellLabels = true;            // print values when the cells are large enough
    int labelPrecision = 2;
    QStringList cellText;              // rows × cols labels to print instead of the values
    QString colorBarTitle;
    // Non-empty: the values are codes 0 … n−1 naming these categories, drawn in distinct
    // colours with a key of swatches instead of a continuous colour bar.
    QStringList categories;
};

// A scalar field f(x, y) sampled on a regular grid, drawn as filled contour bands under
// the chart's series (loss landscapes, densities).
struct FieldSpec {
    int nx = 0, ny = 0;
    std::vector<double> values;  // values[iy * nx + ix], iy = 0 at ymin
    double xmin = 0, xmax = 1, ymin = 0, ymax = 1;
    bool logScale = false;  // colour by log10 of the value (values ≤ 0 clamp to the smallest positive)
    int bands = 16;         // number of contour bands; 0 = continuous colour
    QString colorBarTitle;
    // A density: white where it is 0, dark blue at its peak (no wash), so points over it read
    // and the empty plane stays white. Otherwise viridis, washed (loss landscapes).
    bool fromWhite = false;
};

// A small table drawn inside a chart panel (data previews, summaries, learned parameters),
// so it exports to PNG, SVG and PDF like any chart.
struct TableSpec {
    QStringList header;        // column titles
    QStringList headerNotes;   // optional second header line per column ("numeric"), empty: none
    QList<QStringList> rows;   // cell texts, each row header.size() long
    QString missingText = QStringLiteral("NA");  // cells with exactly this text are drawn muted
};

// A marker drawn over a chart's data: a vertical or horizontal line across the plot with a
// label (the early-stopping epoch, a true parameter value), an arrow from (x, y) to
// (x2, y2) with a label at its head (a principal axis), or a thin unlabelled segment between
// them (an edge of a similarity graph: light, so hundreds read as a web over the points).
struct AnnotationSpec {
    enum class Kind { VerticalLine, HorizontalLine, Arrow, Segment };
    Kind kind = Kind::VerticalLine;
    double x = 0, y = 0;    // VerticalLine: at x; HorizontalLine: at y; Arrow, Segment: its start
    double x2 = 0, y2 = 0;  // Arrow: its head; Segment: its end
    QString label;
    int colorIndex = -1;    // palette slot; −1: the text colour
    bool dashed = true;     // lines only
};

// Small greyscale images in a grid with a caption under each (digits and their
// reconstructions, eigen-digits): each image is width × height values, row-major.
struct ImageGridSpec {
    int width = 8, height = 8;
    QList<std::vector<double>> images;
    QStringList captions;  // one per image, or empty
    int columns = 0;       // 0: as square a grid as fits
    // The values drawn black and white; unset: the range of all images. Diverging images
    // (eigen-digits around 0) use a symmetric range and a blue–white–red map.
    std::optional<double> min, max;
    bool diverging = false;
};

struct ChartSpec {
    QString id;     // stable within a step: names the export file
    QString title;
    AxisSpec x, y;
    QList<SeriesSpec> series;
    QList<HistogramSpec> histograms;
    std::optional<BarsSpec> bars;        // a bar chart (category x axis)
    std::optional<HeatmapSpec> heatmap;  // a heatmap (category axes)
    std::optional<FieldSpec> field;      // an underlay for an x–y chart
    std::optional<TableSpec> table;      // a table instead of axes (title kept, no legend)
    std::optional<ImageGridSpec> imageGrid;  // an image grid instead of axes
    QList<AnnotationSpec> annotations;   // over x–y charts and bars
    // One unit as long on x as on y (a circle stays round): the plot box takes the data's
    // proportions inside the space the layout gives it, as matplotlib's set_aspect("equal",
    // adjustable="box"). Linear axes with fixed or fitted ranges.
    bool equalScale = false;
};

// New points of series `series` of chart `chart`, appended in order to what it has.
struct SeriesBlock {
    QString chart;
    int series = 0;
    QList<QPointF> points;
};

// New bins of histogram `index` of chart `chart` (an accumulator's current state): only
// the edges and counts travel, however many samples they count.
struct HistogramUpdate {
    QString chart;
    int index = 0;
    std::vector<double> edges, counts;
};

} // namespace mlwb::ui

Q_DECLARE_METATYPE(mlwb::ui::ChartSpec)
