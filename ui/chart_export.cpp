#include "chart_export.h"

#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QWidget>

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
bool renderInto(QWidget* widget, QSaveFile& file, ExportFormat format, int scale, const QString& title)
{
    const QSize size = widget->size();
    switch (format) {
    case ExportFormat::Png: {
        QImage image(size * scale, QImage::Format_ARGB32_Premultiplied);
        image.setDevicePixelRatio(scale);
        image.fill(widget->palette().window().color());
        {
            QPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            widget->render(&painter);
        }
        return image.save(&file, "PNG");
    }
    case ExportFormat::Svg: {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(title.toHtmlEscaped());  // QSvgGenerator writes it into the XML unescaped
        svg.setDescription(QStringLiteral("Exported from ML Workbench"));
        QPainter painter(&svg);
        widget->render(&painter);
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
        widget->render(&painter);
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

bool exportWidget(QWidget* widget, const QString& path, ExportFormat format, int scale,
                  const QString& title, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    if (!renderInto(widget, file, format, std::max(1, scale), title)) {
        file.cancelWriting();
        *error = QStringLiteral("cannot render the chart into %1").arg(path);
        return false;
    }
    if (!file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace mlwb::ui
