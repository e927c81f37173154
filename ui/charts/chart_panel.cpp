#include "chart_panel.h"

#include "chart_axes.h"
#include "chart_overlays.h"
#include "chart_renderer.h"
#include "legend_item.h"

#include <QChart>
#include <QChartView>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QGuiApplication>
#include <QMenu>
#include <QValueAxis>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

namespace mlwb::ui {

namespace {
constexpr double kMinEqualScaleSide = 60;  // pixels
}

ChartPanel::ChartPanel(QWidget* parent) : QWidget(parent), chart_(new QChart)
{
    view_ = new QChartView(chart_, this);
    legend_ = new LegendItem(chart_);
    chart_->legend()->setVisible(false);  // legend_ draws it, wrapped
    canvas_.chart = chart_;
    connect(chart_, &QGraphicsWidget::geometryChanged, this, &ChartPanel::reserveLegendSpace);
    view_->setRenderHint(QPainter::Antialiasing);
    view_->viewport()->installEventFilter(this);
    view_->setFocusPolicy(Qt::ClickFocus);
    view_->installEventFilter(this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view_);
    setMinimumSize(320, 240);
    connect(chart_, &QChart::plotAreaChanged, this, [this] {
        if (renderer_)
            renderer_->plotAreaChanged(spec_, canvas_);
        if (overlays_)
            overlays_->plotAreaChanged();
        if (fittingLayout_)
            return;
        fittingLayout_ = true;
        fitAxisTitles();
        fitTicks(canvas_.axisX, chart_->plotArea().width(), Qt::Horizontal);
        fitTicks(canvas_.axisY, chart_->plotArea().height(), Qt::Vertical);
        applyEqualScale();
        fittingLayout_ = false;
    });
}

void ChartPanel::fitTitle()
{
    const QMargins m = baseMargins_;  // the title gets the width inside them, however narrow equalScale makes the plot
    const double width = std::max(120.0, chart_->size().width() - m.left() - m.right() - 24);
    const QString title = wrappedTitle(spec_.title, chart_->titleFont(), width);
    if (chart_->title() != title)
        chart_->setTitle(title);
}

// Axis titles as long as their axis at most ("loss f(x, y) (log scale)" beside a short plot).
void ChartPanel::fitAxisTitles()
{
    const QRectF plot = chart_->plotArea();
    if (plot.width() < 20 || plot.height() < 20)
        return;
    const std::pair<QAbstractAxis*, std::pair<const QString*, double>> axes[] = {
        {canvas_.axisX, {&spec_.x.title, plot.width()}}, {canvas_.axisY, {&spec_.y.title, plot.height()}}};
    for (const auto& [axis, titleAndLength] : axes) {
        if (!axis)
            continue;
        const QString text = wrappedTitle(*titleAndLength.first, axis->titleFont(), titleAndLength.second);
        if (axis->titleText() != text)
            axis->setTitleText(text);
    }
}

void ChartPanel::reserveLegendSpace()
{
    fitTitle();
    const int height = static_cast<int>(std::ceil(legend_->heightFor(chart_->size().width())));
    baseMargins_.setBottom(6 + height);
    chart_->setMargins(baseMargins_);  // also undoes applyEqualScale(), which plotAreaChanged redoes
    legend_->chartResized();
}

void ChartPanel::applyEqualScale()
{
    auto* x = qobject_cast<QValueAxis*>(canvas_.axisX);
    auto* y = qobject_cast<QValueAxis*>(canvas_.axisY);
    if (!spec_.equalScale || !x || !y || !(x->max() > x->min()) || !(y->max() > y->min()))
        return;
    // Wider margins, not a fixed plot area: with setPlotArea() Qt no longer lays out the
    // title and the legend. The layout then shrinks the plot by the same amount.
    const QRectF plot = chart_->plotArea();
    if (plot.width() < 10 || plot.height() < 10)
        return;
    const double perPixel = std::max((x->max() - x->min()) / plot.width(), (y->max() - y->min()) / plot.height());
    // Data far wider than tall (a nearly straight cloud) would leave a strip too thin to
    // read: the plot keeps at least kMinEqualScaleSide pixels each way, scales then unequal.
    const auto shrink = [&](double length, double range) {
        return static_cast<int>(std::max(0.0, std::min(length - range / perPixel, length - kMinEqualScaleSide)));
    };
    const int dw = shrink(plot.width(), x->max() - x->min()), dh = shrink(plot.height(), y->max() - y->min());
    if (dw < 2 && dh < 2)
        return;
    QMargins m = chart_->margins();
    m += QMargins(dw / 2, dh / 2, dw - dw / 2, dh - dh / 2);
    chart_->setMargins(m);  // its plotAreaChanged comes back here and finds nothing to do
}

ChartPanel::~ChartPanel() = default;

void ChartPanel::setSpec(const ChartSpec& spec)
{
    spec_ = spec;
    if (structureKey() != builtKey_) {
        rebuild();
        return;
    }
    renderer_->load(spec_);
    updateData();
}

void ChartPanel::appendPoints(const QList<SeriesBlock>& blocks)
{
    if (!renderer_)
        return;
    for (const SeriesBlock& b : blocks)
        renderer_->append(spec_, b);
    refreshData();
}

void ChartPanel::setHistogramBins(int index, std::vector<double> edges, std::vector<double> counts)
{
    if (!renderer_ || index < 0 || index >= spec_.histograms.size())
        return;
    spec_.histograms[index].edges = std::move(edges);
    spec_.histograms[index].counts = std::move(counts);
    refreshData();
}

QList<QPointF> ChartPanel::seriesPoints(int series) const
{
    return renderer_ ? renderer_->seriesPoints(spec_, series) : QList<QPointF>{};
}

void ChartPanel::redraw()
{
    if (renderer_)
        updateData();
}

void ChartPanel::setDark(bool dark)
{
    if (dark == dark_)
        return;
    dark_ = dark;
    if (renderer_) {  // the lines' points live in the renderer: carry them over
        for (int i = 0; i < spec_.series.size(); ++i)
            spec_.series[i].points = renderer_->seriesPoints(spec_, i);
        rebuild();
    }
}

QString ChartPanel::structureKey() const
{
    QStringList parts{spec_.title, spec_.x.title, spec_.y.title, QString::number(spec_.x.log),
                      QString::number(spec_.y.log), QString::number(spec_.equalScale), QString::number(spec_.field.has_value()),
                      QString::number(spec_.table.has_value()), QString::number(spec_.imageGrid.has_value()),
                      QString::number(!spec_.annotations.isEmpty())};
    for (const auto& s : spec_.series)
        parts << s.name << QString::number(int(s.kind)) << QString::number(s.colorIndex)
              << QString::number(s.width) << QString::number(s.dashed) << QString::number(s.pointMarkers)
              << QString::number(s.keepLast) << QString::number(!s.yErrors.isEmpty());
    for (const auto& h : spec_.histograms)
        parts << QStringLiteral("H") + h.name;
    if (spec_.bars) {
        parts << QStringLiteral("B") << spec_.bars->categories;
        for (const auto& s : spec_.bars->sets)
            parts << s.name << QString::number(!s.errors.isEmpty());
    }
    if (spec_.heatmap)
        parts << QStringLiteral("M%1x%2").arg(spec_.heatmap->rows).arg(spec_.heatmap->cols)
              << spec_.heatmap->rowLabels << spec_.heatmap->colLabels;
    return parts.join(QChar(0x1F));
}

void ChartPanel::rebuild()
{
    overlays_.reset();
    renderer_.reset();
    chart_->removeAllSeries();
    for (QAbstractAxis* a : chart_->axes()) {
        chart_->removeAxis(a);
        delete a;
    }
    canvas_ = ChartCanvas{.chart = chart_, .dark = dark_};

    chart_->setTheme(dark_ ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart_->setBackgroundRoundness(0);
    QFont titleFont = chart_->titleFont();
    titleFont.setPointSizeF(12);
    titleFont.setBold(true);
    chart_->setTitleFont(titleFont);
    fitTitle();

    renderer_ = makeRenderer(spec_);
    renderer_->load(spec_);
    renderer_->build(spec_, canvas_);
    for (QAbstractAxis* axis : {canvas_.axisX, canvas_.axisY}) {
        if (!axis)
            continue;
        QFont f = axis->titleFont();
        f.setPointSizeF(9.5);
        f.setBold(false);
        axis->setTitleFont(f);
    }
    baseMargins_ = QMargins(6, 6, canvas_.rightMargin, 6);
    chart_->setMargins(baseMargins_);
    legend_->setEntries(canvas_.legend);
    legend_->setTextColor(canvas_.textColor());
    reserveLegendSpace();
    overlays_ = ChartOverlays::make(spec_, canvas_);
    builtKey_ = structureKey();
    renderer_->plotAreaChanged(spec_, canvas_);
    updateData();
}

void ChartPanel::updateData()
{
    renderer_->update(spec_, canvas_);
    afterData();
}

void ChartPanel::refreshData()
{
    renderer_->refresh(spec_, canvas_);
    afterData();
}

void ChartPanel::afterData()
{
    if (overlays_)
        overlays_->update(spec_, canvas_);
    applyEqualScale();
}

qsizetype ChartPanel::drawnPointCount(int series) const
{
    const auto all = chart_->series();
    if (series < 0 || series >= all.size())
        return 0;
    if (auto* xy = qobject_cast<QXYSeries*>(all[series]))
        return xy->count();
    return 0;
}

bool ChartPanel::exportTo(const QString& path, ExportFormat format, int scale, QString* error)
{
    return exportWidget(view_, path, format, scale, spec_.title, error);
}

void ChartPanel::paintInto(QPainter& painter, const QRectF& target)
{
    // The scene itself, not the view widget: QWidget::render of a view placed away from the
    // origin lost the bar value labels in PDF output.
    view_->scene()->render(&painter, target, QRectF(QPointF(0, 0), QSizeF(view_->viewport()->size())),
                           Qt::IgnoreAspectRatio);
}

void ChartPanel::copyToClipboard()
{
    QGuiApplication::clipboard()->setImage(view_->grab().toImage());
}

void ChartPanel::contextMenuEvent(QContextMenuEvent* event)
{
    emit activated(this);
    QMenu menu(this);
    for (int scale : {1, 2, 3})
        menu.addAction(tr("Export PNG (%1×)…").arg(scale), this,
                       [this, scale] { emit exportRequested(this, ExportFormat::Png, scale); });
    menu.addAction(tr("Export SVG…"), this, [this] { emit exportRequested(this, ExportFormat::Svg, 1); });
    menu.addAction(tr("Export PDF…"), this, [this] { emit exportRequested(this, ExportFormat::Pdf, 1); });
    if (inFigure_) {
        QMenu* figure = menu.addMenu(tr("Export Figure"));
        for (int scale : {1, 2, 3})
            figure->addAction(tr("PNG (%1×)…").arg(scale), this,
                              [this, scale] { emit figureExportRequested(this, ExportFormat::Png, scale); });
        figure->addAction(tr("SVG…"), this, [this] { emit figureExportRequested(this, ExportFormat::Svg, 1); });
        figure->addAction(tr("PDF…"), this, [this] { emit figureExportRequested(this, ExportFormat::Pdf, 1); });
    }
    menu.addSeparator();
    menu.addAction(tr("Copy to clipboard"), this, &ChartPanel::copyToClipboard);
    menu.exec(event->globalPos());
}

void ChartPanel::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    if (renderer_ && renderer_->redrawOnResize(canvas_))  // thinning follows the width in pixels
        refreshData();
}

bool ChartPanel::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::MouseButtonPress || event->type() == QEvent::FocusIn)
        emit activated(this);
    return QWidget::eventFilter(watched, event);
}

} // namespace mlwb::ui
