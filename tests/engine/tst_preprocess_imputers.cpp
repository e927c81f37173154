// Imputers and the missing filter against hand-computed values.
#include "preprocess/knn_imputer.h"
#include "preprocess/missing_filter.h"
#include "preprocess/simple_imputer.h"
#include "tst_preprocess_util.h"

#include <QtTest>

using namespace mlwb::preprocess;
using namespace preprocesstest;

class PreprocessImputersTest : public QObject {
    Q_OBJECT
private slots:
    void numericStrategies_data();
    void numericStrategies();
    void mostFrequentLevelTiesGoToSmallestText();
    void constantTextAddsALevel();
    void indicatorsOnlyForColumnsWithMissingValues();
    void learnedState();
    void imputerErrors();
    void knnScikitLearnExample();
    void knnHandWorkedScaledDistance();
    void knnNoComparableDonorGetsTheMean();
    void knnTransformsNewRowsFromFittedDonors();
    void missingFilterDropsColumnsThenRows();
    void transformBeforeFit();
};

void PreprocessImputersTest::numericStrategies_data()
{
    QTest::addColumn<int>("strategy");
    QTest::addColumn<double>("fill");
    // Observed values 1, 2, 10, 3, 2: mean 18/5 = 3.6, sorted 1 2 2 3 10 -> median 2,
    // 2 occurs twice -> most frequent 2.
    QTest::newRow("mean") << int(ImputeStrategy::Mean) << 3.6;
    QTest::newRow("median") << int(ImputeStrategy::Median) << 2.0;
    QTest::newRow("most frequent") << int(ImputeStrategy::MostFrequent) << 2.0;
    QTest::newRow("constant") << int(ImputeStrategy::Constant) << -7.0;
}

void PreprocessImputersTest::numericStrategies()
{
    QFETCH(int, strategy);
    QFETCH(double, fill);
    SimpleImputer imputer({ImputeStrategy(strategy), FillValue::of(-7.0), false, {}});
    const Table out = imputer.fitTransform(table({num("x", {1, NA, 2, 10, 3, 2})}));
    QCOMPARE(numbers(out.column("x")), (std::vector<double>{1, fill, 2, 10, 3, 2}));

    // Median of an even count is the mean of the two middle values: 1 4 | 6 9 -> 5.
    SimpleImputer median({ImputeStrategy::Median, {}, false, {}});
    median.fit(table({num("x", {9, NA, 1, 6, 4})}));
    QCOMPARE(median.fills().at(0).number, 5.0);
    // Numeric most-frequent ties go to the smallest value (scikit-learn): 5 and 2 both twice.
    SimpleImputer frequent({ImputeStrategy::MostFrequent, {}, false, {}});
    frequent.fit(table({num("x", {5, NA, 2, 5, 2, 9})}));
    QCOMPARE(frequent.fills().at(0).number, 2.0);
}

void PreprocessImputersTest::mostFrequentLevelTiesGoToSmallestText()
{
    // S twice, C twice, Q once: the tie goes to "C". Numeric columns are imputed too.
    SimpleImputer imputer({ImputeStrategy::MostFrequent, {}, false, {}});
    const Table out = imputer.fitTransform(
        table({cat("embarked", {"S", "C", "", "C", "S", "Q"}), num("age", {NA, 30, 30, 20, NA, 40})}));
    QCOMPARE(texts(out.column("embarked")), (std::vector<std::string>{"S", "C", "C", "C", "S", "Q"}));
    QCOMPARE(numbers(out.column("age")), (std::vector<double>{30, 30, 30, 20, 30, 40}));
    QCOMPARE(imputer.fittedColumns(), (std::vector<std::string>{"embarked", "age"}));
}

void PreprocessImputersTest::constantTextAddsALevel()
{
    SimpleImputer imputer({ImputeStrategy::Constant, FillValue::of(std::string("unknown")), false, {}});
    // A text constant defaults to the categorical columns only.
    const Table out = imputer.fitTransform(table({cat("deck", {"B", "", "C"}), num("age", {NA, 1, 2})}));
    QCOMPARE(texts(out.column("deck")), (std::vector<std::string>{"B", "unknown", "C"}));
    QCOMPARE(out.column("deck").levels, (std::vector<std::string>{"B", "C", "unknown"}));
    QVERIFY(std::isnan(out.column("age").numbers[0]));
}

void PreprocessImputersTest::indicatorsOnlyForColumnsWithMissingValues()
{
    SimpleImputer imputer({ImputeStrategy::Median, {}, true, {}});
    const Table out = imputer.fitTransform(table({num("a", {1, NA, 3}), num("b", {4, 5, 6})}));
    QCOMPARE(names(out), (std::vector<std::string>{"a", "b", "a_missing"}));
    const Column& indicator = out.column("a_missing");
    QCOMPARE(indicator.type, mlwb::data::ColumnType::Boolean);
    QCOMPARE(codes(indicator), (std::vector<std::int32_t>{0, 1, 0}));
    QCOMPARE(indicator.levels, (std::vector<std::string>{"0", "1"}));
    QCOMPARE(numbers(out.column("a")), (std::vector<double>{1, 2, 3}));
    // New data gets the same indicator columns, even without missing entries.
    const Table next = imputer.transform(table({num("a", {7}), num("b", {NA})}));
    QCOMPARE(names(next), (std::vector<std::string>{"a", "b", "a_missing"}));
    QCOMPARE(numbers(next.column("b")), (std::vector<double>{5}));
}

void PreprocessImputersTest::learnedState()
{
    SimpleImputer imputer({ImputeStrategy::Median, {}, true, {"x"}});
    imputer.fit(table({num("x", {1, NA, 2, 10}), num("y", {NA, 1, 1, 1})}));
    const auto learned = imputer.learned();
    QCOMPARE(learned.size(), std::size_t(2));
    QCOMPARE(learned[0].column, std::string("x"));
    QCOMPARE(learned[0].name, std::string("median"));
    QCOMPARE(learned[0].value, std::string("2"));
    QCOMPARE(learned[1].value, std::string("x_missing"));
}

void PreprocessImputersTest::imputerErrors()
{
    const Table t = table({cat("embarked", {"S", ""}), num("x", {NA, NA}), num("y", {1, 2})});
    QCOMPARE(errorOf([&] { SimpleImputer({ImputeStrategy::Mean, {}, false, {"embarked"}}).fit(t); }),
             QStringLiteral("the simple imputer's mean strategy works on numeric columns, but column \"embarked\" is categorical"));
    QCOMPARE(errorOf([&] { SimpleImputer({ImputeStrategy::Median, {}, false, {}}).fit(t); }),
             QStringLiteral("column \"x\" has no observed values to impute from"));
    QCOMPARE(errorOf([&] { SimpleImputer({ImputeStrategy::Median, {}, false, {"z"}}).fit(t); }),
             QStringLiteral("no column \"z\"; the columns are \"embarked\", \"x\", \"y\""));

    SimpleImputer fitted({ImputeStrategy::Mean, {}, false, {"y"}});
    fitted.fit(t);
    QCOMPARE(errorOf([&] { fitted.transform(table({num("x", {1})})); }),
             QStringLiteral("no column \"y\"; the columns are \"x\""));
    QCOMPARE(errorOf([&] { fitted.transform(table({cat("y", {"a"})})); }),
             QStringLiteral("the simple imputer works on numeric columns, but column \"y\" is categorical"));

    Column flag = cat("alone", {"no", "yes", ""});
    flag.type = mlwb::data::ColumnType::Boolean;
    QCOMPARE(errorOf([&] { SimpleImputer({ImputeStrategy::Constant, FillValue::of(std::string("maybe")), false, {}}).fit(table({flag})); }),
             QStringLiteral("cannot fill boolean column \"alone\" with \"maybe\": its values are \"no\" and \"yes\""));
    QCOMPARE(errorOf([] { KnnImputer({5, {}}).fit(table({num("x", {NA, NA})})); }),
             QStringLiteral("column \"x\" has no observed values to impute from"));
    QCOMPARE(errorOf([] { KnnImputer({0, {}}).fit(table({num("x", {1})})); }),
             QStringLiteral("the k-nearest-neighbours imputer needs k of at least 1"));
    QCOMPARE(errorOf([] { KnnImputer({2, {"c"}}).fit(table({cat("c", {"a"})})); }),
             QStringLiteral("the k-nearest-neighbours imputer works on numeric columns, but column \"c\" is categorical"));
}

// scikit-learn's documented example: KNNImputer(n_neighbors=2).
void PreprocessImputersTest::knnScikitLearnExample()
{
    KnnImputer imputer({2, {}});
    const Table out = imputer.fitTransform(
        table({num("a", {1, 3, NA, 8}), num("b", {2, 4, 6, 8}), num("c", {NA, 3, 5, 7})}));
    QCOMPARE(numbers(out.column("a")), (std::vector<double>{1, 3, 5.5, 8}));
    QCOMPARE(numbers(out.column("b")), (std::vector<double>{2, 4, 6, 8}));
    QCOMPARE(numbers(out.column("c")), (std::vector<double>{4, 3, 5, 7}));
}

// Row 2 lacks c. Squared distances over shared columns, scaled by 3 / shared:
// r0 (0,0): 9 * 3/2 = 13.5; r1 (1,0): 10 * 3/2 = 15; r3 shares only b: 2.5² * 3 = 18.75;
// r4 far. Nearest two r0, r1: c = (0 + 2) / 2 = 1. Unscaled, r3 (6.25) would win: the
// scaling matters. Row 3 lacks a: r0 (0.25 + 16) * 1.5 = 24.375; r1 (0.25 + 4) * 1.5 = 6.375;
// r2 shares only b (its c is missing in the input): 6.25 * 3 = 18.75. Nearest r1, r2: a = 0.5.
void PreprocessImputersTest::knnHandWorkedScaledDistance()
{
    KnnImputer imputer({2, {}});
    const Table out = imputer.fitTransform(table({num("a", {0, 1, 0, NA, 10}), num("b", {0, 0, 3, 0.5, 10}),
                                                  num("c", {0, 2, NA, 4, 10})}));
    QCOMPARE(numbers(out.column("a")), (std::vector<double>{0, 1, 0, 0.5, 10}));
    QCOMPARE(numbers(out.column("c")), (std::vector<double>{0, 2, 1, 4, 10}));
}

void PreprocessImputersTest::knnNoComparableDonorGetsTheMean()
{
    // Row 1 observes only y; the donors of x observe only x: no distance, so the mean of x.
    KnnImputer imputer({1, {}});
    const Table out = imputer.fitTransform(table({num("x", {1, NA, 4}), num("y", {NA, 5, NA})}));
    QCOMPARE(numbers(out.column("x")), (std::vector<double>{1, 2.5, 4}));
    QCOMPARE(imputer.means(), (std::vector<double>{2.5, 5}));
}

void PreprocessImputersTest::knnTransformsNewRowsFromFittedDonors()
{
    KnnImputer imputer({2, {}});
    imputer.fit(table({num("a", {1, 3, NA, 8}), num("b", {2, 4, 6, 8}), num("c", {NA, 3, 5, 7})}));
    // (?, 4, 3): donors of a are rows 0, 1, 3; distances² 4·3 = 12, 0, (16 + 16)·1.5 = 48.
    const Table out = imputer.transform(table({num("a", {NA}), num("b", {4}), num("c", {3})}));
    QCOMPARE(numbers(out.column("a")), (std::vector<double>{2}));
}

void PreprocessImputersTest::missingFilterDropsColumnsThenRows()
{
    MissingFilter filter({{}, true, 0.5});
    const Table t = table({num("a", {1, NA, 3, 4}), num("b", {NA, NA, NA, 1}), cat("c", {"x", "y", "", "x"}),
                           num("d", {1, 2, 3, 4})},
                          {2, 3, 5, 6});
    const Table out = filter.fitTransform(t);
    QCOMPARE(filter.droppedColumns(), (std::vector<std::string>{"b"}));
    QCOMPARE(filter.missingFractions(), (std::vector<double>{0.25, 0.75, 0.25, 0}));
    QCOMPARE(names(out), (std::vector<std::string>{"a", "c", "d"}));
    QCOMPARE(numbers(out.column("a")), (std::vector<double>{1, 4}));
    QCOMPARE(texts(out.column("c")), (std::vector<std::string>{"x", "x"}));
    QCOMPARE(numbers(out.column("d")), (std::vector<double>{1, 4}));
    QCOMPARE((std::vector<std::int64_t>(out.lines.begin(), out.lines.end())), (std::vector<std::int64_t>{2, 6}));

    // Only chosen columns decide which rows go; columns only, no rows.
    MissingFilter rowsOfA({{"a"}, true, 1.0});
    QCOMPARE(rowsOfA.fitTransform(t).rowCount(), std::size_t(3));
    MissingFilter columnsOnly({{}, false, 0.5});
    QCOMPARE(columnsOnly.fitTransform(t).rowCount(), std::size_t(4));
    QCOMPARE(errorOf([&] { MissingFilter({{}, true, 1.5}).fit(t); }),
             QStringLiteral("the largest missing fraction to keep a column must be between 0 and 1, not 1.5"));
}

void PreprocessImputersTest::transformBeforeFit()
{
    QCOMPARE(errorOf([] { SimpleImputer({}).transform(table({num("x", {1})})); }),
             QStringLiteral("the simple imputer has not been fitted yet: fit it on training data before transforming"));
    QCOMPARE(errorOf([] { KnnImputer({}).transform(table({num("x", {1})})); }),
             QStringLiteral("the k-nearest-neighbours imputer has not been fitted yet: fit it on training data before transforming"));
    QCOMPARE(errorOf([] { MissingFilter({}).transform(table({num("x", {1})})); }),
             QStringLiteral("the missing filter has not been fitted yet: fit it on training data before transforming"));
}

QTEST_APPLESS_MAIN(PreprocessImputersTest)
#include "tst_preprocess_imputers.moc"
