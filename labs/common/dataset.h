#pragma once
// The data set the steps of the preprocessing and training labs work on: a bundled one
// ("titanic", "digits", …) or the learner's own CSV file, read once and cached, with the column types
// the learner set. Plus the column pickers and charts the steps share.
#include "chart_spec.h"
#include "data/table.h"
#include "run_context.h"

#include <QString>

#include <functional>
#include <map>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mlwb::labs {

struct Dataset {
    std::string fileName;  // "titanic.csv": what error messages and titles name
    data::Table table;
    std::vector<std::string> warnings;
    char delimiter = ',';
    double readSeconds = 0;
    std::string target;  // the label column the bundled set is about ("survived"), or ""
};

// The `dataset`, `types` and `target` parameters every step shares.
QList<ui::Parameter> datasetParameters(const QString& defaultDataset = QStringLiteral("titanic"));

// Loads ctx's data set (from the cache when the file and types are unchanged). InputError
// with the file's own message when it cannot be read; Cancelled when stopped.
std::shared_ptr<const Dataset> loadDataset(ui::RunContext& ctx);

// "age=categorical, survived=boolean" → overrides; InputError naming the bad part.
std::map<std::string, data::ColumnType, std::less<>> parseTypes(const QString& text);

// The label column: the `target` parameter; with "auto" the bundled set's own, or a column
// named label, target, class or outcome (any case; not "y", as often a coordinate); "" for none.
std::string targetColumn(ui::RunContext& ctx, const Dataset& data);

// A column that names or numbers the rows: called id, index or …_id/…Id (PassengerId), or
// whole numbers counting up by one. Not a feature: imputing or scaling it teaches nothing.
bool isIdentifier(const data::Column& c);

// The column the `column` parameter names, or with "auto" the first that `fits` and is not
// an identifier; InputError listing the candidates when the named one is absent or does not
// fit (`what` says why).
const data::Column& chooseColumn(const data::Table& table, const QString& name,
                                 const std::function<bool(const data::Column&)>& fits, const char* what);

// Histogram of the finite values with `bins` equal bins over [lo, hi].
ui::HistogramSpec histogram(const QString& name, const std::vector<double>& values, double lo, double hi, int bins,
                            int colorIndex);

// A number for a table cell: 4 significant digits, whole above 10⁴ (44920), "NA" for NaN.
QString cellNumber(double v);

} // namespace mlwb::labs
