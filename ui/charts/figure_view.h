#pragma once
#include "chart_export.h"
#include "figure_spec.h"

#include <QWidget>

QT_BEGIN_NAMESPACE
class QGridLayout;
class QLabel;
QT_END_NAMESPACE

namespace mlwb::ui {

class ChartPanel;

// A figure on screen: its title over a grid of chart panels with row and column spans. The
// panels stay ChartPanels (each still exports alone); the figure exports as one image by
// rendering this widget once, the same scene for PNG, SVG and PDF.
class FigureView : public QWidget {
    Q_OBJECT
public:
    explicit FigureView(QWidget* parent = nullptr);

    void setSpec(const FigureSpec& spec);
    const FigureSpec& spec() const { return spec_; }
    // Puts panel in its cell when the figure names its chart; returns whether it did.
    bool place(ChartPanel* panel);
    void setDark(bool dark);

    // A panel cell's height on screen: the figure grows with its rows.
    static constexpr int kRowHeight = 340;

    bool exportTo(const QString& path, ExportFormat format, int scale, QString* error);

private:
    FigureSpec spec_;
    QLabel* title_;
    QGridLayout* grid_;
};

} // namespace mlwb::ui
