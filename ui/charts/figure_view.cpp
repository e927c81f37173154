#include "figure_view.h"

#include "chart_panel.h"

#include <QGridLayout>
#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>

namespace mlwb::ui {

FigureView::FigureView(QWidget* parent) : QWidget(parent)
{
    setAutoFillBackground(true);  // the exported image has the figure's background between panels
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 8);
    layout->setSpacing(4);
    title_ = new QLabel;
    title_->setObjectName(QStringLiteral("figureTitle"));
    title_->setAlignment(Qt::AlignCenter);
    title_->setWordWrap(true);
    QFont f = title_->font();
    f.setPointSizeF(f.pointSizeF() * 1.3);
    f.setBold(true);
    title_->setFont(f);
    layout->addWidget(title_);
    grid_ = new QGridLayout;
    grid_->setSpacing(6);
    layout->addLayout(grid_, 1);
    setDark(false);
}

void FigureView::setSpec(const FigureSpec& spec)
{
    spec_ = spec;
    setObjectName(QStringLiteral("figure-") + spec.id);
    title_->setText(spec.title);
    title_->setVisible(!spec.title.isEmpty());
    // Equal cells: every row and column stretches alike, so spans line up across the grid.
    for (int r = 0; r < spec.rows; ++r) {
        grid_->setRowStretch(r, 1);
        grid_->setRowMinimumHeight(r, kRowHeight);
    }
    for (int c = 0; c < spec.cols; ++c)
        grid_->setColumnStretch(c, 1);
    // Panels already here move to their (possibly new) cells; the owner places the others.
    for (ChartPanel* p : findChildren<ChartPanel*>(Qt::FindDirectChildrenOnly))
        if (!place(p))
            grid_->removeWidget(p);
}

bool FigureView::place(ChartPanel* panel)
{
    const FigureSpec::Panel* cell = spec_.panelFor(panel->spec().id);
    if (!cell)
        return false;
    grid_->removeWidget(panel);
    grid_->addWidget(panel, cell->row, cell->col, cell->rowSpan, cell->colSpan);
    panel->setMinimumHeight(0);  // the row minimum sizes it
    panel->setInFigure(true);
    panel->show();
    return true;
}

void FigureView::setDark(bool dark)
{
    // The panels' own backgrounds (Qt Charts' light and dark themes), so the gaps between
    // them do not show as a frame of another colour.
    QPalette p = palette();
    p.setColor(QPalette::Window, dark ? QColor(0x2e, 0x30, 0x3a) : QColor(Qt::white));
    p.setColor(QPalette::WindowText, dark ? QColor(Qt::white) : QColor(Qt::black));
    setPalette(p);
    title_->setPalette(p);
}

bool FigureView::exportTo(const QString& path, ExportFormat format, int scale, QString* error)
{
    // One paint function for every format: the background, the title, then each panel's
    // chart scene in its cell.
    const auto paint = [this](QPainter& painter) {
        painter.fillRect(rect(), palette().window());
        if (title_->isVisible())
            title_->render(&painter, title_->pos());
        for (ChartPanel* panel : findChildren<ChartPanel*>(Qt::FindDirectChildrenOnly))
            if (panel->isVisible())
                panel->paintInto(painter, QRectF(panel->geometry()));
    };
    return exportPainting({size(), palette().window().color(), logicalDpiX(), paint}, path, format, scale,
                          spec_.title.isEmpty() ? spec_.id : spec_.title, error);
}

} // namespace mlwb::ui
