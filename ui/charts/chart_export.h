#pragma once
#include <QColor>
#include <QSize>
#include <QString>

#include <functional>
#include <optional>

QT_BEGIN_NAMESPACE
class QPainter;
class QWidget;
QT_END_NAMESPACE

namespace mlwb::ui {

enum class ExportFormat { Png, Svg, Pdf };

QString formatSuffix(ExportFormat f);  // "png", "svg", "pdf"
std::optional<ExportFormat> formatFromName(const QString& name);  // case-insensitive suffix

// The file name every export uses: "<lab>-<step>-<chart>.<suffix>".
QString chartFileName(const QString& lab, const QString& step, const QString& chart, ExportFormat format);

// The one export routine for every chart and format: renders the widget once through
// QWidget::render into a PNG (at scale× its size), an SVG or a one-page PDF, written
// atomically through QSaveFile. On failure returns false and sets *error.
bool exportWidget(QWidget* widget, const QString& path, ExportFormat format, int scale,
                  const QString& title, QString* error);

// What an export draws: one paint function, called once per file with a painter on the
// PNG image (scaled), the SVG generator or the PDF page, all of size × one logical pixel.
struct Painting {
    QSize size;
    QColor background;
    int dpi = 96;  // of the fonts' points: the screen's, so SVG text is as large as in the PNG
    std::function<void(QPainter&)> paint;
};
bool exportPainting(const Painting& what, const QString& path, ExportFormat format, int scale,
                    const QString& title, QString* error);

} // namespace mlwb::ui
