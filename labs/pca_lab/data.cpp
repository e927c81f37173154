#include "pca_lab/data.h"

#include "common/tensor_charts.h"
#include "core/input_error.h"
#include "data/csv_reader.h"
#include "models/class_labels.h"

#include <QFile>

namespace mlwb::labs::pcalab {

namespace {
constexpr std::size_t kMostClassesColoured = 12;
constexpr double kLargestValue = 1e150;
}

QList<ui::Parameter> dataParameters(const QString& defaultDataset)
{
    auto parameters = datasetParameters(defaultDataset);
    auto standardize = ui::Parameter::flag("standardize", "Standardize", true,
                                           "Divide each column by its standard deviation before PCA, so a feature "
                                           "measured in large units does not dominate by its units alone");
    standardize.shared = true;
    parameters << standardize;
    return parameters;
}

std::shared_ptr<const NumericData> numericData(ui::RunContext& ctx)
{
    const auto dataset = loadDataset(ctx);
    const data::Table& t = dataset->table;
    auto d = std::make_shared<NumericData>();
    d->fileName = qs(dataset->fileName);
    d->label = targetColumn(ctx, *dataset);
    std::vector<const data::Column*> numeric;
    QStringList leftOut;
    for (const auto& c : t.columns) {
        if (c.name == d->label)
            continue;
        if (c.type != data::ColumnType::Numeric)
            leftOut << QStringLiteral("%1 (not numbers)").arg(qs(c.name));
        else if (isIdentifier(c))
            leftOut << QStringLiteral("%1 (numbers the rows)").arg(qs(c.name));
        else
            numeric.push_back(&c);
    }
    if (!leftOut.isEmpty())
        ctx.note(QStringLiteral("Left out of PCA: %1. Set a column's type with Column types (e.g. \"year=numeric\").")
                     .arg(leftOut.join(", ")));
    const std::size_t rows = t.rowCount();
    if (numeric.size() < 2 || rows < 2)
        throw InputError(dataset->fileName + " has " + std::to_string(numeric.size()) +
                         (numeric.size() == 1 ? " numeric column" : " numeric columns") +
                         " besides the label and identifiers, and " + std::to_string(rows) +
                         " rows: PCA needs at least two of each");
    d->x.resize(Eigen::Index(rows), Eigen::Index(numeric.size()));
    for (std::size_t j = 0; j < numeric.size(); ++j) {
        const data::Column& c = *numeric[j];
        d->features.push_back(c.name);
        for (std::size_t r = 0; r < rows; ++r) {
            const double v = c.numbers[r];
            const auto place = [&] {
                return dataset->fileName + ":" + (t.lines.empty() ? "row " + std::to_string(r + 1) : std::to_string(t.lines[r])) +
                       ": column \"" + c.name + "\"";
            };
            if (std::isnan(v))
                throw InputError(place() + " has no value; PCA needs every value (the preprocessing lab imputes missing "
                                 "ones), or leave the column out with types=\"" + c.name + "=categorical\"");
            // Squares of larger values overflow the variances to infinity.
            if (!(std::abs(v) <= kLargestValue))
                throw InputError(place() + " holds " + c.text(r) + ", too large for its square to be a number; "
                                 "rescale the column");
            d->x(Eigen::Index(r), Eigen::Index(j)) = v;
        }
    }
    if (!d->label.empty()) {
        // The label only colours the points: one that is not a class (a measurement) or has
        // too many classes to tell apart by colour leaves them uncoloured, with a note why.
        try {
            models::ClassLabels labels = models::encodeClasses(t, d->label);
            if (labels.names.size() <= kMostClassesColoured) {
                d->classes = std::move(labels.codes);
                d->classNames = std::move(labels.names);
            } else {
                ctx.note(QStringLiteral("The label column \"%1\" has %2 classes, too many to tell apart by colour: "
                                        "the points are drawn in one colour.")
                             .arg(qs(d->label))
                             .arg(labels.names.size()));
            }
        } catch (const InputError& e) {
            ctx.note(QStringLiteral("The points are drawn in one colour: %1").arg(QString::fromUtf8(e.what())));
        }
    }
    return d;
}

std::shared_ptr<const NumericData> bundledDigits()
{
    static const std::shared_ptr<const NumericData> digits = [] {
        QFile f(":/datasets/digits.csv");
        if (!f.open(QIODevice::ReadOnly))
            throw std::runtime_error("the bundled data set digits is missing from the program");
        const QByteArray bytes = f.readAll();
        const data::Table t = data::parseCsv(std::string_view(bytes.constData(), std::size_t(bytes.size())), "digits.csv").table;
        auto d = std::make_shared<NumericData>();
        d->fileName = "digits.csv";
        d->label = "digit";
        const models::ClassLabels labels = models::encodeClasses(t, d->label);
        d->classes = labels.codes;
        d->classNames = labels.names;
        d->x.resize(Eigen::Index(t.rowCount()), Eigen::Index(t.columnCount() - 1));
        Eigen::Index j = 0;
        for (const auto& c : t.columns)
            if (c.name != d->label) {
                d->features.push_back(c.name);
                d->x.col(j++) = Eigen::Map<const Eigen::VectorXd>(c.numbers.data(), Eigen::Index(c.numbers.size()));
            }
        return d;
    }();
    return digits;
}

NumericData varyingColumns(const NumericData& d, std::vector<std::string>& dropped)
{
    std::vector<Eigen::Index> kept;
    for (Eigen::Index j = 0; j < d.x.cols(); ++j) {
        if ((d.x.col(j).array() == d.x(0, j)).all())
            dropped.push_back(d.features[std::size_t(j)]);
        else
            kept.push_back(j);
    }
    NumericData out = d;
    out.x = d.x(Eigen::all, kept);
    out.features.clear();
    for (const Eigen::Index j : kept)
        out.features.push_back(d.features[std::size_t(j)]);
    return out;
}

PcaInput pcaInput(ui::RunContext& ctx, linalg::PcaSolver solver)
{
    PcaInput in;
    in.data = in.allColumns = numericData(ctx);
    std::vector<std::string> constant;
    auto varying = std::make_shared<NumericData>(varyingColumns(*in.allColumns, constant));
    if (varying->x.cols() < 2)
        throw InputError(varying->fileName.toStdString() + ": PCA needs at least two columns that vary; " +
                         std::to_string(varying->x.cols()) + " of " + std::to_string(in.allColumns->x.cols()) + " do");
    in.options = {.solver = solver, .standardize = ctx.flag("standardize")};
    if (in.options.standardize && !constant.empty()) {
        QStringList names;
        for (const auto& n : constant)
            names << qs(n);
        ctx.note(QStringLiteral("%1 constant column%2 left out (%3): a column that never changes has no spread to "
                                "divide by, and no variance to explain.")
                     .arg(constant.size())
                     .arg(constant.size() == 1 ? " is" : "s are")
                     .arg(names.size() > 6 ? names.mid(0, 6).join(", ") + ", …" : names.join(", ")));
        in.data = varying;
    }
    in.options.columnNames = in.data->features;
    return in;
}

} // namespace mlwb::labs::pcalab
