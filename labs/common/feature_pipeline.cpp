#include "common/feature_pipeline.h"

#include "common/dataset.h"
#include "preprocess/column_transformer.h"
#include "preprocess/one_hot_encoder.h"
#include "preprocess/scalers.h"
#include "preprocess/simple_imputer.h"

namespace mlwb::labs {

using namespace preprocess;
using data::ColumnType;

namespace {

constexpr std::size_t kMaxOneHotLevels = 50;  // beyond this a column is an identifier, not a category

std::unique_ptr<Transformer> makeScaler(const QString& name)
{
    if (name == "min_max")
        return std::make_unique<MinMaxScaler>();
    if (name == "robust")
        return std::make_unique<RobustScaler>();
    return std::make_unique<StandardScaler>();
}

} // namespace

Features chooseFeatures(const data::Table& t, const std::string& target)
{
    Features f;
    for (const auto& c : t.columns) {
        if (c.name == target)
            continue;
        if (isIdentifier(c))
            f.identifiers.push_back(c.name);
        else if (c.type == ColumnType::Numeric)
            f.numeric.push_back(c.name);
        else if (c.type == ColumnType::Boolean)
            f.yesNo.push_back(c.name);
        else if (c.levels.size() <= kMaxOneHotLevels)
            f.categorical.push_back(c.name);
        else
            f.tooManyLevels.push_back(c.name);
    }
    return f;
}

Pipeline makePipeline(const Features& f, const QString& impute, const QString& scaler)
{
    auto columns = std::make_unique<ColumnTransformer>(Remainder::Drop);
    if (!f.numeric.empty()) {
        Pipeline numeric;
        numeric.add("impute", std::make_unique<SimpleImputer>(SimpleImputer::Options{
                                  impute == "mean" ? ImputeStrategy::Mean : ImputeStrategy::Median, {}, false, {}}));
        numeric.add("scale", makeScaler(scaler));
        columns->add("numeric", ColumnSelection::named(f.numeric), std::move(numeric));
    }
    if (!f.categorical.empty()) {
        Pipeline categorical;
        categorical.add("impute", std::make_unique<SimpleImputer>(SimpleImputer::Options{
                                      ImputeStrategy::Constant, FillValue::of(std::string("(missing)")), false, {}}));
        categorical.add("one_hot", std::make_unique<OneHotEncoder>(OneHotEncoder::Options{{}, false, UnknownCategory::AllZeros}));
        columns->add("categorical", ColumnSelection::named(f.categorical), std::move(categorical));
    }
    if (!f.yesNo.empty()) {
        // A yes/no column has no room for a "(missing)" level: a gap takes the more frequent
        // answer, and a <name>_missing column keeps that it was a gap.
        Pipeline yesNo;
        yesNo.add("impute", std::make_unique<SimpleImputer>(
                                SimpleImputer::Options{ImputeStrategy::MostFrequent, {}, true, {}}));
        yesNo.add("one_hot", std::make_unique<OneHotEncoder>(OneHotEncoder::Options{{}, true, UnknownCategory::AllZeros}));
        columns->add("yes_no", ColumnSelection::named(f.yesNo), std::move(yesNo));
    }
    Pipeline p;
    p.add("columns", std::move(columns));
    return p;
}

QString describePipeline(const Pipeline& p)
{
    // The kinds as a learner says them.
    const auto word = [](const Transformer& t) -> QString {
        const std::string kind = t.kind();
        if (kind == "simple_imputer") {
            const std::string strategy = t.toJson().value("strategy", "");
            return strategy == "constant" ? QStringLiteral("fill") : QString::fromStdString(strategy).replace('_', ' ') + " impute";
        }
        if (kind == "knn_imputer") return "KNN impute";
        if (kind == "standard_scaler") return "standard scale";
        if (kind == "min_max_scaler") return "min–max scale";
        if (kind == "robust_scaler") return "robust scale";
        if (kind == "one_hot_encoder") return "one-hot";
        if (kind == "ordinal_encoder") return "ordinal codes";
        return QString::fromStdString(kind);
    };
    const auto chain = [&](const Pipeline& q) {
        QStringList parts;
        for (const auto& s : q.steps())
            parts << word(*s.transformer);
        return parts.join(" → ");
    };
    QStringList parts;
    for (const auto& s : p.steps()) {
        if (const auto* ct = dynamic_cast<const ColumnTransformer*>(s.transformer.get())) {
            for (std::size_t b = 0; b < ct->branches().size(); ++b) {
                const auto& branch = ct->branches()[b];
                const std::size_t n = b < ct->fittedColumns().size() ? ct->fittedColumns()[b].size() : 0;
                parts << QStringLiteral("%1 (%2): %3").arg(QString::fromStdString(branch.name)).arg(n).arg(chain(branch.pipeline));
            }
            if (ct->remainder() == Remainder::Passthrough && !ct->remainderColumns().empty())
                parts << QStringLiteral("%1 more passed through").arg(ct->remainderColumns().size());
        } else if (const auto* inner = dynamic_cast<const Pipeline*>(s.transformer.get())) {
            parts << chain(*inner);
        } else {
            parts << word(*s.transformer);
        }
    }
    return parts.join("; ");
}

} // namespace mlwb::labs
