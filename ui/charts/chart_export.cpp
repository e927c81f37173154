#include "chart_export.h"

#include <QBuffer>
#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QWidget>

#include <cerrno>
#include <cstring>

namespace mlwb::ui {

QString formatSuffix(ExportFormat f)
{
    switch (f) {
    case ExportFormat::Png: return QStringLiteral("png");
    case ExportFormat::Svg: return QStringLiteral("svg");
    case ExportFormat::Pdf: return QStringLiteral("pdf");
    }
    return {};
}

std::optional<ExportFormat> formatFromName(const QString& name)
{
    for (auto f : {ExportFormat::Png, ExportFormat::Svg, ExportFormat::Pdf})
        if (name.compare(formatSuffix(f), Qt::CaseInsensitive) == 0)
            return f;
    return std::nullopt;
}

namespace {
bool renderInto(const Painting& what, QIODevice& file, ExportFormat format, int scale, const QString& title)
{
    const QSize size = what.size;
    switch (format) {
    case ExportFormat::Png: {
        QImage image(size * scale, QImage::Format_ARGB32_Premultiplied);
        image.setDevicePixelRatio(scale);
        image.fill(what.background);
        {
            QPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            what.paint(painter);
        }
        return image.save(&file, "PNG");
    }
    case ExportFormat::Svg: {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        // Fonts are sized in points: at QSvgGenerator's default 72 dpi a 9 pt label became
        // 9 px instead of the screen's (and the PNG's) 12, text a quarter smaller.
        svg.setResolution(what.dpi);
        svg.setTitle(title.toHtmlEscaped());  // QSvgGenerator writes it into the XML unescaped
        svg.setDescription(QStringLiteral("Exported from ML Workbench"));
        QPainter painter(&svg);
        what.paint(painter);
        return painter.end();
    }
    case ExportFormat::Pdf: {
        // One page exactly the chart's size (a pixel at 96 dpi is 0.75 pt), so the figure
        // drops into a document at its natural size. QWidget::render ignores painter
        // viewport/window mappings, so matching the page is also what makes it fill it.
        QPdfWriter pdf(&file);
        pdf.setTitle(title);
        pdf.setCreator(QStringLiteral("ML Workbench"));
        pdf.setResolution(96);
        pdf.setPageLayout(QPageLayout(QPageSize(QSizeF(size) * 0.75, QPageSize::Point, {}, QPageSize::ExactMatch), QPageLayout::Portrait,
                                      QMarginsF(0, 0, 0, 0)));
        QPainter painter(&pdf);
        what.paint(painter);
        return painter.end();
    }
    }
    return false;
}
} // namespace

QString chartFileName(const QString& lab, const QString& step, const QString& chart, ExportFormat format)
{
    return QStringLiteral("%1-%2-%3.%4").arg(lab, step, chart, formatSuffix(format));
}

// A rendering that is whole: the format's signature at the start, its end marker at the end.
bool isComplete(const QByteArray& bytes, ExportFormat format)
{
    switch (format) {
    case ExportFormat::Png: return bytes.startsWith("\x89PNG\r\n\x1a\n") && bytes.contains("IEND");
    case ExportFormat::Svg: return bytes.startsWith("<?xml") && bytes.trimmed().endsWith("</svg>");
    case ExportFormat::Pdf: return bytes.startsWith("%PDF-") && bytes.trimmed().endsWith("%%EOF");
    }
    return false;
}

bool exportWidget(QWidget* widget, const QString& path, ExportFormat format, int scale,
                  const QString& title, QString* error)
{
    return exportPainting({widget->size(), widget->palette().window().color(), widget->logicalDpiX(),
                           [widget](QPainter& painter) { widget->render(&painter); }},
                          path, format, scale, title, error);
}

bool exportPainting(const Painting& what, const QString& path, ExportFormat format, int scale,
                    const QString& title, QString* error)
{
    // Rendered in memory first, then written in one piece: the painters write in many small
    // pieces through streams that drop write errors (a full disk once left a truncated SVG
    // that QSaveFile committed). One large write reports the system's error, and QSaveFile
    // keeps the old file until the new one is complete.
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    if (!renderInto(what, buffer, format, std::max(1, scale), title) || !isComplete(buffer.data(), format)) {
        *error = QStringLiteral("cannot render the chart into %1").arg(path);
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    const QByteArray& bytes = buffer.data();
    errno = 0;
    if (file.write(bytes) != bytes.size()) {
        // QSaveFile's own errorString() reads "Unknown error" here; errno still names the cause.
        const int cause = errno;
        *error = QStringLiteral("cannot write %1: %2")
                     .arg(path, cause ? QString::fromLocal8Bit(std::strerror(cause)).toLower() : file.errorString());
        file.cancelWriting();
        return false;
    }
    if (!file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace mlwb::ui
