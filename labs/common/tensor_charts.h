#pragma once
// Helpers the labs share: text conversion, tensors and timings turned into charts.
#include "chart_spec.h"
#include "run_context.h"
#include "tensor/tensor.h"

#include <QJsonArray>
#include <QString>
#include <QStringList>

#include <functional>
#include <random>

namespace mlwb::labs {

QString qs(const std::string& s);
QString shapeText(const tensor::Shape& shape);  // "(3, 4)"
QJsonArray jsonArray(const std::vector<std::int64_t>& values);  // shapes and strides for --json

// Standard-normal float64 entries from the step's seeded generator.
tensor::Tensor randomNormal(const tensor::Shape& shape, std::mt19937_64& rng);

// A heatmap of a 1-D or 2-D tensor (any dtype), row 0 at the top. Cell labels are drawn
// when the cells are large enough to hold them.
ui::HeatmapSpec heatmapOf(const tensor::Tensor& t, const QString& colorBarTitle, int labelPrecision = 3);

// Shapes typed by the learner: "(2, 3); (3, 4)" or "(2,3),(3,4)" → one shape each.
// InputError naming the text when a part is not a shape.
std::vector<tensor::Shape> parseShapeList(const QString& text);

// "8.4× faster" or "2.8× slower" than the reference time.
QString speedupText(double referenceSeconds, double seconds);

// "12 ms", "3.4 s", "850 µs".
QString formatSeconds(double seconds);
// "1.5 MB", "640 B".
QString formatBytes(double bytes);

} // namespace mlwb::labs
