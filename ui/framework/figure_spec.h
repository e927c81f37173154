#pragma once
// A figure: charts of one step arranged in a grid and exported as one image (the course's
// 2×2 model-analysis dashboard). A plain value type like ChartSpec; no widgets in here.
#include <QList>
#include <QMetaType>
#include <QString>

namespace mlwb::ui {

struct FigureSpec {
    // One chart of the step, by its ChartSpec::id, in a cell of the grid.
    struct Panel {
        QString chart;
        int row = 0, col = 0;
        int rowSpan = 1, colSpan = 1;  // a wide panel over two columns: colSpan = 2
    };
    QString id;     // stable within a step: names the export file <lab>-<step>-<id>.<fmt>
    QString title;  // drawn above the grid and kept in every export format
    int rows = 1, cols = 1;
    QList<Panel> panels;

    // What is wrong with the layout, in words ("panel "loss" at row 2 is outside the 2 × 2
    // grid", "panels "a" and "b" overlap at row 0, column 1"); empty when it is sound.
    QString problem() const;
    const Panel* panelFor(const QString& chart) const;
};

} // namespace mlwb::ui

Q_DECLARE_METATYPE(mlwb::ui::FigureSpec)
