// A matrix of values cell by cell with a colour bar (or a key of categories) and cell
// labels: confusion matrices, attention weights, missingness maps.
#include "chart_axes.h"
#include "chart_renderer.h"
#include "colormap.h"
#include "raster_item.h"

#include <QCategoryAxis>
#include <QChart>
#include <QImage>

#include <cmath>

namespace mlwb::ui {

namespace {

class HeatmapRenderer final : public ChartRenderer {
public:
    ~HeatmapRenderer() override
    {
        delete raster_;
        delete colorBar_;
    }

    void build(const ChartSpec& spec, ChartCanvas& canvas) override
    {
        const HeatmapSpec& h = *spec.heatmap;
        canvas.axisX = makeCategoryAxis(h.cols, spec.x.title);
        canvas.axisY = makeCategoryAxis(h.rows, spec.y.title);
        if (!qobject_cast<QCategoryAxis*>(canvas.axisY))
            canvas.axisY->setReverse(true);  // row 0 at the top (fitCellLabels() orders the categories)
        canvas.chart->addAxis(canvas.axisX, Qt::AlignBottom);
        canvas.chart->addAxis(canvas.axisY, Qt::AlignLeft);
        raster_ = new RasterItem(canvas.chart);
        colorBar_ = new ColorBarItem(canvas.chart);
        colorBar_->setTextColor(canvas.textColor());
        canvas.rightMargin = ColorBarItem::kReservedWidth;
    }

    void update(const ChartSpec& spec, ChartCanvas& canvas) override;

    // Cell labels follow the cells' size; row labels change the plot's width once, which settles.
    void plotAreaChanged(const ChartSpec& spec, ChartCanvas& canvas) override
    {
        raster_->plotAreaChanged();
        colorBar_->plotAreaChanged();
        const HeatmapSpec& h = *spec.heatmap;
        const QSizeF plot = canvas.chart->plotArea().size();
        if (auto* x = qobject_cast<QCategoryAxis*>(canvas.axisX))
            fitCellLabels(x, h.colLabels, h.cols, false, plot.width() / std::max(h.cols, 1));
        if (auto* y = qobject_cast<QCategoryAxis*>(canvas.axisY))
            fitCellLabels(y, h.rowLabels, h.rows, true, plot.height() / std::max(h.rows, 1));
    }

private:
    RasterItem* raster_ = nullptr;
    ColorBarItem* colorBar_ = nullptr;
};

void HeatmapRenderer::update(const ChartSpec& spec, ChartCanvas& canvas)
{
    const HeatmapSpec& h = *spec.heatmap;
    Range r;
    for (double v : h.values)
        r.add(v, false);
    if (r.empty())
        r = Range{0, 1};
    const double span = r.hi > r.lo ? r.hi - r.lo : 1.0;
    const bool categorical = !h.categories.isEmpty();
    // Light tints of the series palette: cell labels stay readable in black on them.
    const auto categoryColor = [&](double code) {
        const QColor base = seriesColor(static_cast<int>(code), false);
        return code >= 0 && code < double(h.categories.size()) ? base.lighter(150) : QColor(170, 170, 170);
    };
    QImage image(std::max(1, h.cols), std::max(1, h.rows), QImage::Format_RGB32);
    QStringList labels;
    QList<bool> darkCell;
    for (int row = 0; row < h.rows; ++row)
        for (int col = 0; col < h.cols; ++col) {
            const auto i = std::size_t(row) * h.cols + col;
            const double v = i < h.values.size() ? h.values[i] : std::nan("");
            const bool finite = std::isfinite(v);
            const double t = finite ? (v - r.lo) / span : 0.0;
            const QColor colour = !finite ? QColor(170, 170, 170)
                                  : categorical ? categoryColor(v)
                                                : viridis(t);
            image.setPixel(col, row, colour.rgb());
            if (h.cellLabels) {
                if (i < std::size_t(h.cellText.size()))
                    labels << h.cellText[qsizetype(i)];
                else
                    labels << (finite ? QString::number(v, 'g', h.labelPrecision) : QStringLiteral("–"));
                darkCell << (finite && colour.lightnessF() < 0.5);
            }
        }
    // Row 0 at the top: value 0 on the reversed index axis, h.rows on the category axis.
    const bool reversed = canvas.axisY->isReverse();
    raster_->setImage(image, 0, h.cols, reversed ? 0 : h.rows, reversed ? h.rows : 0, false);
    if (h.cellLabels)
        raster_->setCellLabels(labels, darkCell);
    if (categorical) {
        QList<QColor> colours;
        for (qsizetype c = 0; c < h.categories.size(); ++c)
            colours << categoryColor(double(c));
        colorBar_->setCategories(h.categories, colours, h.colorBarTitle);
    } else {
        colorBar_->setRange(r.lo, r.hi, false, h.colorBarTitle);
    }
}

} // namespace

std::unique_ptr<ChartRenderer> makeHeatmapRenderer() { return std::make_unique<HeatmapRenderer>(); }

} // namespace mlwb::ui
