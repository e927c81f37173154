#include "figure_spec.h"

#include <vector>

namespace mlwb::ui {

QString FigureSpec::problem() const
{
    if (id.isEmpty())
        return QStringLiteral("a figure needs an id");
    if (rows < 1 || cols < 1 || rows > 8 || cols > 8)
        return QStringLiteral("figure \"%1\" has a %2 × %3 grid; rows and columns go from 1 to 8")
            .arg(id)
            .arg(rows)
            .arg(cols);
    std::vector<const Panel*> owner(std::size_t(rows * cols), nullptr);
    for (const Panel& p : panels) {
        if (p.chart.isEmpty())
            return QStringLiteral("figure \"%1\" has a panel without a chart id").arg(id);
        if (p.row < 0 || p.col < 0 || p.rowSpan < 1 || p.colSpan < 1 || p.row + p.rowSpan > rows ||
            p.col + p.colSpan > cols)
            return QStringLiteral("panel \"%1\" (row %2, column %3, spanning %4 × %5) is outside figure \"%6\"'s "
                                  "%7 × %8 grid")
                .arg(p.chart)
                .arg(p.row)
                .arg(p.col)
                .arg(p.rowSpan)
                .arg(p.colSpan)
                .arg(id)
                .arg(rows)
                .arg(cols);
        for (int r = p.row; r < p.row + p.rowSpan; ++r)
            for (int c = p.col; c < p.col + p.colSpan; ++c) {
                const Panel*& cell = owner[std::size_t(r * cols + c)];
                if (cell)
                    return QStringLiteral("panels \"%1\" and \"%2\" of figure \"%3\" overlap at row %4, column %5")
                        .arg(cell->chart, p.chart, id)
                        .arg(r)
                        .arg(c);
                cell = &p;
            }
    }
    for (int i = 0; i < panels.size(); ++i)
        for (int j = 0; j < i; ++j)
            if (panels[i].chart == panels[j].chart)
                return QStringLiteral("chart \"%1\" is in figure \"%2\" twice").arg(panels[i].chart, id);
    return {};
}

const FigureSpec::Panel* FigureSpec::panelFor(const QString& chart) const
{
    for (const Panel& p : panels)
        if (p.chart == chart)
            return &p;
    return nullptr;
}

} // namespace mlwb::ui
