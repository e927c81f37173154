#include "common/dataset.h"

#include "common/tensor_charts.h"
#include "core/input_error.h"
#include "data/csv_reader.h"
#include "plot/histogram.h"
#include "lab.h"
#include "local_path.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <mutex>

#include <sys/stat.h>

namespace mlwb::labs {

namespace {

struct Bundled {
    const char* name;
    const char* resource;
    const char* target;
};
constexpr Bundled kBundled[] = {{"titanic", ":/datasets/titanic.csv", "survived"},
                                {"penguins", ":/datasets/penguins.csv", "species"},
                                {"breast_cancer", ":/datasets/breast_cancer.csv", "diagnosis"},
                                {"wine", ":/datasets/wine.csv", "cultivar"},
                                {"iris", ":/datasets/iris.csv", "species"},
                                {"digits", ":/datasets/digits.csv", "digit"}};

// "titanic, penguins, … or digits"
QString bundledNames()
{
    QStringList names;
    for (const auto& b : kBundled)
        names << QLatin1String(b.name);
    const QString last = names.takeLast();
    return names.join(", ") + " or " + last;
}

const Bundled* bundled(const QString& name)
{
    for (const auto& b : kBundled)
        if (name.compare(QLatin1String(b.name), Qt::CaseInsensitive) == 0)
            return &b;
    return nullptr;
}

// The last few data sets read, keyed by what determines their content, so stepping
// through the lab does not re-read a large file for every step.
class Cache {
public:
    std::shared_ptr<const Dataset> find(const QString& key)
    {
        std::lock_guard lock(mutex_);
        for (const auto& [k, d] : entries_)
            if (k == key)
                return d;
        return nullptr;
    }
    void insert(const QString& key, std::shared_ptr<const Dataset> data)
    {
        std::lock_guard lock(mutex_);
        entries_.insert(entries_.begin(), {key, std::move(data)});
        if (entries_.size() > 3)
            entries_.pop_back();
    }

private:
    std::mutex mutex_;
    std::vector<std::pair<QString, std::shared_ptr<const Dataset>>> entries_;
};

Cache& cache()
{
    static Cache c;
    return c;
}

} // namespace

QList<ui::Parameter> datasetParameters(const QString& defaultDataset)
{
    auto dataset = ui::Parameter::file(
        "dataset", "Data set", defaultDataset, "CSV files (*.csv *.tsv *.txt);;All files (*)",
        bundledNames() + " (bundled), or the path of your own CSV file: File → Open Data… or drop it on the window");
    dataset.shared = true;
    auto types = ui::Parameter::text("types", "Column types", "",
                                     "Override inferred types, e.g. \"year=categorical, survived=numeric\" "
                                     "(numeric, categorical or boolean)");
    types.shared = true;
    auto missing = ui::Parameter::text("missing", "Missing markers", "NA, N/A, NaN, nan, null, NULL, ?",
                                       "Field texts that mean \"no value\", separated by commas; an empty field always does");
    missing.shared = true;
    auto target = ui::Parameter::text("target", "Label column", "auto",
                                      "The column to predict: kept out of the features and used to stratify the split; "
                                      "\"auto\": the bundled set's own, or a column named label, target, class "
                                      "or outcome; \"none\": no label");
    target.shared = true;
    return {dataset, types, missing, target};
}

std::map<std::string, data::ColumnType, std::less<>> parseTypes(const QString& text)
{
    std::map<std::string, data::ColumnType, std::less<>> types;
    for (const QString& part : text.split(QRegularExpression("[,;]"), Qt::SkipEmptyParts)) {
        const QString item = part.trimmed();
        if (item.isEmpty())
            continue;
        const auto eq = item.lastIndexOf('=');
        if (eq <= 0)
            throw InputError(QStringLiteral("column types: \"%1\" is not column=type").arg(item).toStdString());
        const QString type = item.mid(eq + 1).trimmed().toLower();
        data::ColumnType t;
        if (type == "numeric")
            t = data::ColumnType::Numeric;
        else if (type == "categorical")
            t = data::ColumnType::Categorical;
        else if (type == "boolean")
            t = data::ColumnType::Boolean;
        else
            throw InputError(QStringLiteral("column types: \"%1\" is not a type; use numeric, categorical or boolean")
                                 .arg(item.mid(eq + 1).trimmed())
                                 .toStdString());
        types[item.left(eq).trimmed().toStdString()] = t;
    }
    return types;
}

std::shared_ptr<const Dataset> loadDataset(ui::RunContext& ctx)
{
    const QString spec = ctx.text("dataset").trimmed();
    const QString typesText = ctx.text("types");
    const QString missingText = ctx.text("missing");
    data::CsvOptions options;
    options.types = parseTypes(typesText);
    options.missingMarkers.clear();
    for (const QString& marker : missingText.split(',', Qt::SkipEmptyParts))
        if (!marker.trimmed().isEmpty())
            options.missingMarkers.push_back(marker.trimmed().toStdString());
    options.stop = ctx.stopToken();
    options.progress = [&ctx](double f) { ctx.progress(0.5 * f); };

    const Bundled* b = bundled(spec);
    // By its bytes: a name that is not UTF-8 must still be found (ui/local_path.h).
    const std::string path = ui::encodeLocalPath(spec).toStdString();
    struct stat info {};
    const bool exists = !b && ::stat(path.c_str(), &info) == 0;
    const QString settings = typesText + '|' + missingText;
    const QString key = b ? QStringLiteral("bundled:%1|%2").arg(b->name, settings)
                          : QStringLiteral("%1|%2|%3|%4|%5")
                                .arg(std::uint64_t(info.st_dev))
                                .arg(std::uint64_t(info.st_ino))
                                .arg(std::int64_t(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec)
                                .arg(std::int64_t(info.st_size))
                                .arg(settings);
    if (auto hit = cache().find(key))
        return hit;

    auto data = std::make_shared<Dataset>();
    const auto start = std::chrono::steady_clock::now();
    data::CsvResult result;
    if (b) {
        QFile f(QString::fromLatin1(b->resource));
        if (!f.open(QIODevice::ReadOnly))
            throw std::runtime_error("the bundled data set " + std::string(b->name) + " is missing from the program");
        const QByteArray bytes = f.readAll();
        data->fileName = std::string(b->name) + ".csv";
        result = data::parseCsv(std::string_view(bytes.constData(), std::size_t(bytes.size())), data->fileName, options);
        data->target = b->target;
    } else {
        if (spec.isEmpty())
            throw InputError("no data set chosen: type " + bundledNames().toStdString() + ", or open a CSV file");
        data->fileName = QFileInfo(spec).fileName().toStdString();
        if (!exists)
            throw InputError("there is no file " + spec.toStdString() +
                             ": type " + bundledNames().toStdString() + " for a bundled data set, or the path of a CSV file");
        result = data::readCsvFile(path, options);
    }
    data->readSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    data->table = std::move(result.table);
    data->warnings = std::move(result.warnings);
    data->delimiter = result.delimiter;
    cache().insert(key, data);
    return data;
}

std::string targetColumn(ui::RunContext& ctx, const Dataset& data)
{
    const QString t = ctx.text("target").trimmed();
    if (t.isEmpty() || t == "none")
        return {};
    if (t == "auto") {
        for (const auto& c : data.table.columns)
            if (c.name == data.target)
                return data.target;
        for (const char* usual : {"label", "target", "class", "outcome"})
            for (const auto& c : data.table.columns)
                if (QString::fromStdString(c.name).compare(QLatin1String(usual), Qt::CaseInsensitive) == 0)
                    return c.name;
        return {};
    }
    data.table.indexOf(t.toStdString());  // InputError listing the columns if absent
    return t.toStdString();
}

bool isIdentifier(const data::Column& c)
{
    const QString name = qs(c.name).trimmed();
    const QString lower = name.toLower();
    if (lower == "id" || lower == "index" || lower.endsWith("_id") ||
        (name.size() > 2 && name.endsWith("Id") && name[name.size() - 3].isLower()))
        return true;
    if (c.type != data::ColumnType::Numeric || c.size() < 3)
        return false;
    for (std::size_t r = 1; r < c.size(); ++r)
        if (!(c.numbers[r] == c.numbers[r - 1] + 1))  // NaN fails too
            return false;
    return c.numbers[0] == std::floor(c.numbers[0]);
}

const data::Column& chooseColumn(const data::Table& table, const QString& name,
                                 const std::function<bool(const data::Column&)>& fits, const char* what)
{
    QStringList candidates;
    for (const auto& c : table.columns)
        if (fits(c))
            candidates << QStringLiteral("\"%1\"").arg(qs(c.name));
    if (name.trimmed() == "auto" || name.trimmed().isEmpty()) {
        for (const auto& c : table.columns)
            if (fits(c) && !isIdentifier(c))
                return c;
        throw InputError(QStringLiteral("this data set has no %1").arg(what).toStdString());
    }
    const data::Column& c = table.column(name.trimmed().toStdString());
    if (!fits(c))
        throw InputError(QStringLiteral("column \"%1\" is not a %2; candidates: %3")
                             .arg(name.trimmed(), what, candidates.isEmpty() ? "none" : candidates.join(", "))
                             .toStdString());
    return c;
}

ui::HistogramSpec histogram(const QString& name, const std::vector<double>& values, double lo, double hi, int bins,
                            int colorIndex)
{
    ui::HistogramSpec h;
    h.name = name;
    h.colorIndex = colorIndex;
    plot::HistogramBins b = plot::binValues(values, lo, hi, bins);
    h.edges = std::move(b.edges);
    h.counts = std::move(b.counts);
    return h;
}

QString cellNumber(double v)
{
    if (std::isnan(v))
        return QStringLiteral("NA");
    // Whole numbers up to a trillion in full (44920, not 4.492e+04); else 4 significant digits.
    if (std::abs(v) >= 1e4 && std::abs(v) < 1e12)
        return QString::number(std::round(v), 'f', 0);
    return QString::number(v, 'g', 4);
}

} // namespace mlwb::labs
