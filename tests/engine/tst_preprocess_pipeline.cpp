// Column transformer and pipeline: routing, output order, learned state, JSON save/load with
// bit-identical transforms, and the messages for malformed JSON.
#include "preprocess/column_transformer.h"
#include "preprocess/json_fields.h"
#include "preprocess/knn_imputer.h"
#include "preprocess/missing_filter.h"
#include "preprocess/one_hot_encoder.h"
#include "preprocess/ordinal_encoder.h"
#include "preprocess/pipeline.h"
#include "preprocess/scalers.h"
#include "preprocess/simple_imputer.h"
#include "tst_preprocess_util.h"

#include <QTemporaryDir>
#include <QtTest>
#include <sys/stat.h>
#include <cfloat>
#include <cstring>
#include <fstream>

using namespace mlwb::preprocess;
using namespace preprocesstest;
using nlohmann::json;

class PreprocessPipelineTest : public QObject {
    Q_OBJECT
private slots:
    void columnTransformerRoutesAndOrders();
    void remainderDrop();
    void learnedNamesTheSteps();
    void doublesRoundTripExactly();
    void savedPipelineTransformsIdentically();
    void everyKindRoundTrips();
    void unfittedPipelineRoundTrips();
    void malformedJson();
    void fileErrors();
    void columnTransformerErrors();
};

namespace {

Table training()
{
    return table({num("age", {22, NA, 26, 35, NA, 54}), num("fare", {10, 70, 10, 50, 10, 30}),
                  cat("embarked", {"S", "C", "S", "S", "", "Q"}),
                  cat("sex", {"male", "female", "female", "female", "male", "male"}),
                  num("survived", {0, 1, 1, 1, 0, 0})},
                 {2, 3, 4, 5, 6, 7});
}

// New passengers: levels in another order, missing entries in both kinds of column.
Table newPassengers()
{
    return table({num("age", {NA, 80, 1}), num("fare", {20, NA, 1e6}), cat("embarked", {"Q", "", "C"}),
                  cat("sex", {"female", "male", ""}), num("survived", {1, 0, 1})},
                 {40, 41, 42});
}

std::unique_ptr<Transformer> median() { return std::make_unique<SimpleImputer>(SimpleImputer::Options{ImputeStrategy::Median, {}, false, {}}); }
std::unique_ptr<Transformer> frequent() { return std::make_unique<SimpleImputer>(SimpleImputer::Options{ImputeStrategy::MostFrequent, {}, false, {}}); }

Pipeline titanicPipeline()
{
    Pipeline numeric;
    numeric.add("impute", median()).add("scale", std::make_unique<StandardScaler>());
    Pipeline categorical;
    categorical.add("impute", frequent()).add("encode", std::make_unique<OneHotEncoder>(OneHotEncoder::Options{}));
    auto columns = std::make_unique<ColumnTransformer>();
    columns->add("numeric", ColumnSelection::named({"age", "fare"}), std::move(numeric));
    columns->add("categorical", ColumnSelection::allCategorical(), std::move(categorical));
    Pipeline pipeline;
    pipeline.add("columns", std::move(columns));
    return pipeline;
}

// Same names, types, levels, lines and the very same bits in every cell.
void compareBits(const Table& a, const Table& b)
{
    QCOMPARE(names(a), names(b));
    QCOMPARE(a.rowCount(), b.rowCount());
    QVERIFY(a.lines == b.lines);
    for (std::size_t i = 0; i < a.columnCount(); ++i) {
        const Column& x = a.columns[i];
        const Column& y = b.columns[i];
        QCOMPARE(x.type, y.type);
        QCOMPARE(x.levels, y.levels);
        QCOMPARE(x.numbers.size(), y.numbers.size());
        QCOMPARE(x.codes.size(), y.codes.size());
        if (!x.numbers.empty())  // memcmp must not see the null data() of an empty vector
            QCOMPARE(std::memcmp(x.numbers.data(), y.numbers.data(), x.numbers.size() * sizeof(double)), 0);
        if (!x.codes.empty())
            QCOMPARE(std::memcmp(x.codes.data(), y.codes.data(), x.codes.size() * sizeof(std::int32_t)), 0);
    }
}

Pipeline reload(const Pipeline& pipeline)
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("pipeline.json").toStdString();
    pipeline.saveJson(path);
    return Pipeline::loadJson(path);
}

} // namespace

void PreprocessPipelineTest::columnTransformerRoutesAndOrders()
{
    Pipeline pipeline = titanicPipeline();
    const Table out = pipeline.fitTransform(training());
    QCOMPARE(names(out), (std::vector<std::string>{"age", "fare", "embarked=C", "embarked=Q", "embarked=S",
                                                   "sex=female", "sex=male", "survived"}));
    // age: median of 22 26 35 54 is 30.5; imputed column mean 198 / 6 = 33, squares sum 627.5.
    const double ageStd = std::sqrt(627.5 / 6);
    const auto age = numbers(out.column("age"));
    QCOMPARE(age[0], (22 - 33) / ageStd);
    QCOMPARE(age[1], (30.5 - 33) / ageStd);
    QCOMPARE(age[5], (54 - 33) / ageStd);
    // fare: mean 30, squares sum 3200.
    QCOMPARE(numbers(out.column("fare"))[1], 40 / std::sqrt(3200.0 / 6));
    // embarked's gap becomes "S", the most frequent.
    QCOMPARE(codes(out.column("embarked=S")), (std::vector<std::int32_t>{1, 0, 1, 1, 1, 0}));
    QCOMPARE(codes(out.column("sex=male")), (std::vector<std::int32_t>{1, 0, 0, 0, 1, 1}));
    QCOMPARE(numbers(out.column("survived")), (std::vector<double>{0, 1, 1, 1, 0, 0}));
    QVERIFY((std::vector<std::int64_t>(out.lines.begin(), out.lines.end())) == (std::vector<std::int64_t>{2, 3, 4, 5, 6, 7}));
    const auto& columns = static_cast<const ColumnTransformer&>(*pipeline.steps()[0].transformer);
    QCOMPARE(columns.fittedColumns().at(1), (std::vector<std::string>{"embarked", "sex"}));
    QCOMPARE(columns.remainderColumns(), (std::vector<std::string>{"survived"}));
    // fit on a const table gives the same state as fitTransform.
    Pipeline again = titanicPipeline();
    again.fit(training());
    QCOMPARE(again.toJson().dump(), pipeline.toJson().dump());
}

void PreprocessPipelineTest::remainderDrop()
{
    ColumnTransformer columns(Remainder::Drop);
    Pipeline scale;
    scale.add("scale", std::make_unique<MinMaxScaler>());
    columns.add("numeric", ColumnSelection::allNumeric(), std::move(scale));
    const Table out = columns.fitTransform(table({cat("c", {"u", "v"}), num("x", {1, 3}), num("y", {5, 4})}));
    QCOMPARE(names(out), (std::vector<std::string>{"x", "y"}));
    QCOMPARE(numbers(out.column("y")), (std::vector<double>{1, 0}));
}

void PreprocessPipelineTest::learnedNamesTheSteps()
{
    Pipeline pipeline = titanicPipeline();
    pipeline.fit(training());
    const auto learned = pipeline.learned();
    QVERIFY(!learned.empty());
    QCOMPARE(learned[0].step, std::string("columns/numeric/impute"));
    QCOMPARE(learned[0].column, std::string("age"));
    QCOMPARE(learned[0].value, std::string("30.5"));
    QCOMPARE(learned[2].step, std::string("columns/numeric/scale"));
    QCOMPARE(learned[2].name, std::string("mean"));
    QCOMPARE(learned[2].value, std::string("33"));
    QCOMPARE(learned.back().column, std::string("survived"));
    QCOMPARE(learned.back().name, std::string("remainder"));
}

// nlohmann writes the shortest text that reads back to the same double; check the awkward ones.
void PreprocessPipelineTest::doublesRoundTripExactly()
{
    const std::vector<double> values{0.1, 1.0 / 3, 2.0 / 3, 4.9e-324, 2.2250738585072014e-308, DBL_MAX, -0.0,
                                     std::sqrt(2.0), 1e21, 123456789.123456789, std::nan(""), INFINITY, -INFINITY};
    const std::string text = jsonNumbers(values).dump();
    const json back = json::parse(text);
    QCOMPARE(back.size(), values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        double v = 0;
        QVERIFY(readJsonNumber(back[i], v));
        if (std::isnan(values[i]))
            QVERIFY(std::isnan(v));
        else
            QCOMPARE(std::memcmp(&v, &values[i], sizeof v), 0);
    }
    QCOMPARE(back[10], json("NaN"));
}

void PreprocessPipelineTest::savedPipelineTransformsIdentically()
{
    Pipeline pipeline = titanicPipeline();
    pipeline.fit(training());
    const Pipeline loaded = reload(pipeline);
    QVERIFY(loaded.fitted());
    QCOMPARE(loaded.toJson().dump(), pipeline.toJson().dump());
    compareBits(loaded.transform(newPassengers()), pipeline.transform(newPassengers()));
    compareBits(loaded.transform(training()), pipeline.transform(training()));
}

void PreprocessPipelineTest::everyKindRoundTrips()
{
    const Table t = table({num("a", {1.5, NA, 3.25, 7, 0.1, 2}), num("b", {NA, 2, 2.5, 9, 4, 1}),
                           num("gone", {NA, NA, NA, NA, NA, 1}), cat("c", {"x", "y", "", "x", "z", "y"}),
                           cat("d", {"p", "q", "q", "p", "", "q"})});
    Pipeline pipeline;
    pipeline.add("filter", std::make_unique<MissingFilter>(MissingFilter::Options{{}, false, 0.5}))
        .add("knn", std::make_unique<KnnImputer>(KnnImputer::Options{2, {}}))
        .add("robust", std::make_unique<RobustScaler>(std::vector<std::string>{"a"}))
        .add("minmax", std::make_unique<MinMaxScaler>(std::vector<std::string>{"b"}, -2, 3))
        .add("fill", std::make_unique<SimpleImputer>(SimpleImputer::Options{ImputeStrategy::Constant, FillValue::of(std::string("NaN")), true, {"c"}}))
        .add("ordinal", std::make_unique<OrdinalEncoder>(OrdinalEncoder::Options{{"c"}, true, -1}))
        .add("onehot", std::make_unique<OneHotEncoder>(OneHotEncoder::Options{{"d"}, true, UnknownCategory::AllZeros}));
    const Table fitted = pipeline.fitTransform(t);
    QCOMPARE(names(fitted), (std::vector<std::string>{"a", "b", "c", "d=q", "c_missing"}));
    const Pipeline loaded = reload(pipeline);
    QCOMPARE(loaded.toJson().dump(), pipeline.toJson().dump());
    const Table fresh = table({num("a", {NA, 100}), num("b", {0.3, NA}), num("gone", {1, 2}), cat("c", {"", "w"}),
                               cat("d", {"r", "p"})});
    compareBits(loaded.transform(fresh), pipeline.transform(fresh));
    compareBits(loaded.transform(t), fitted);
}

void PreprocessPipelineTest::unfittedPipelineRoundTrips()
{
    Pipeline pipeline = titanicPipeline();
    Pipeline loaded = reload(pipeline);
    QVERIFY(!loaded.fitted());
    QCOMPARE(errorOf([&] { loaded.transform(training()); }),
             QStringLiteral("the pipeline has not been fitted yet: fit it on training data before transforming"));
    compareBits(loaded.fitTransform(training()), titanicPipeline().fitTransform(training()));
}

void PreprocessPipelineTest::malformedJson()
{
    Pipeline pipeline = titanicPipeline();
    pipeline.fit(training());
    const json good = pipeline.toJson();
    const std::string imputer = "/steps/0/transformer/branches/0/pipeline/steps/0/transformer";
    const auto errorWith = [&](const std::function<void(json&)>& edit) {
        json bad = good;
        edit(bad);
        return errorOf([&] { fromJson(bad); });
    };
    QCOMPARE(errorWith([&](json& j) { j[json::json_pointer(imputer)].erase("fills"); }),
             QStringLiteral("saved pipeline: \"steps[0].transformer.branches[0].pipeline.steps[0].transformer.fills\" is missing"));
    QCOMPARE(errorWith([&](json& j) { j[json::json_pointer(imputer + "/strategy")] = 3; }),
             QStringLiteral("saved pipeline: \"steps[0].transformer.branches[0].pipeline.steps[0].transformer.strategy\" must be a text"));
    QCOMPARE(errorWith([&](json& j) { j[json::json_pointer(imputer + "/strategy")] = "mode"; }),
             QStringLiteral("saved pipeline: \"steps[0].transformer.branches[0].pipeline.steps[0].transformer.strategy\" "
                            "must be mean, median, most_frequent or constant, not \"mode\""));
    QCOMPARE(errorWith([&](json& j) { j[json::json_pointer(imputer + "/fills")].push_back(1.0); }),
             QStringLiteral("saved pipeline: \"steps[0].transformer.branches[0].pipeline.steps[0].transformer.fills\" "
                            "must have 2 entries, one per column, not 3"));
    QCOMPARE(errorWith([&](json& j) { j["/steps/0/transformer/kind"_json_pointer] = "magic"; }),
             QStringLiteral("saved pipeline: \"steps[0].transformer.kind\" names no known transformer: \"magic\""));
    QCOMPARE(errorWith([&](json& j) { j["/steps/0/transformer/branches/0/pipeline/steps/1/transformer/mean/1"_json_pointer] = "x"; }),
             QStringLiteral("saved pipeline: \"steps[0].transformer.branches[0].pipeline.steps[1].transformer.mean\" "
                            "must be an array of numbers (entry 1 is not)"));
    QCOMPARE(errorWith([&](json& j) { j["/steps/0"_json_pointer] = 5; }),
             QStringLiteral("saved pipeline: \"steps[0]\" must be a JSON object"));
    QCOMPARE(errorOf([] { fromJson(json::array()); }), QStringLiteral("saved pipeline: \"(top level)\" must be a JSON object"));
}

void PreprocessPipelineTest::fileErrors()
{
    QTemporaryDir dir;
    const std::string missing = dir.filePath("none.json").toStdString();
    QCOMPARE(errorOf([&] { Pipeline::loadJson(missing); }),
             QString::fromStdString("cannot open saved pipeline \"" + missing + "\": No such file or directory"));
    // issue 11: a FIFO as the pipeline path blocked in open(), for reading and for writing.
    const std::string fifo = dir.filePath("fifo.json").toStdString();
    QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);
    QCOMPARE(errorOf([&] { Pipeline::loadJson(fifo); }),
             QString::fromStdString("saved pipeline \"" + fifo +
                                    "\" is a FIFO (named pipe), not a regular file; save the data to a file and open that"));
    QCOMPARE(errorOf([&] { Pipeline{}.saveJson(fifo); }),
             QString::fromStdString("pipeline file \"" + fifo + "\" is a FIFO (named pipe), not a regular file; choose a file name"));
    const std::string broken = dir.filePath("broken.json").toStdString();
    std::ofstream(broken) << "{\"format\": ";
    QCOMPARE(errorOf([&] { Pipeline::loadJson(broken); }),
             QString::fromStdString("\"" + broken + "\" is not valid JSON (at byte 12)"));
    const std::string other = dir.filePath("other.json").toStdString();
    std::ofstream(other) << R"({"format": "something else", "version": 1, "pipeline": {}})";
    QCOMPARE(errorOf([&] { Pipeline::loadJson(other); }),
             QString::fromStdString(other + ": saved pipeline: \"format\" must be \"mlwb-pipeline\""));
    const std::string scaler = dir.filePath("scaler.json").toStdString();
    std::ofstream(scaler) << json{{"format", "mlwb-pipeline"}, {"version", 1}, {"pipeline", StandardScaler().toJson()}}.dump();
    QCOMPARE(errorOf([&] { Pipeline::loadJson(scaler); }),
             QString::fromStdString(scaler + ": saved pipeline: \"pipeline.kind\" must be \"pipeline\""));
}

void PreprocessPipelineTest::columnTransformerErrors()
{
    ColumnTransformer overlap;
    overlap.add("numeric", ColumnSelection::allNumeric(), Pipeline());
    overlap.add("ages", ColumnSelection::named({"age"}), Pipeline());
    QCOMPARE(errorOf([&] { overlap.fit(training()); }),
             QStringLiteral("column \"age\" is selected by both branch \"numeric\" and branch \"ages\"; "
                            "a column can go through one branch only"));
    ColumnTransformer dropping;
    Pipeline filter;
    filter.add("filter", std::make_unique<MissingFilter>(MissingFilter::Options{}));
    dropping.add("numeric", ColumnSelection::named({"age"}), std::move(filter));
    QCOMPARE(errorOf([&] { dropping.fit(training()); }),
             QStringLiteral("branch \"numeric\" turned 6 rows into 4; a column transformer's branches must keep every "
                            "row (drop rows before it)"));
    Pipeline fitted = titanicPipeline();
    fitted.fit(training());
    Table noFare = training();
    noFare.columns.erase(noFare.columns.begin() + 1);
    QCOMPARE(errorOf([&] { fitted.transform(noFare); }),
             QStringLiteral("no column \"fare\"; the columns are \"age\", \"embarked\", \"sex\", \"survived\""));
}

QTEST_APPLESS_MAIN(PreprocessPipelineTest)
#include "tst_preprocess_pipeline.moc"
