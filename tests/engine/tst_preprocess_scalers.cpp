// Scalers and the statistics behind them, against hand-computed values.
#include "preprocess/scalers.h"
#include "preprocess/statistics.h"
#include "tst_preprocess_util.h"

#include <QtTest>
#include <cfloat>
#include "core/input_error.h"
#include "data/describe.h"

using namespace mlwb::preprocess;
using namespace preprocesstest;

class PreprocessScalersTest : public QObject {
    Q_OBJECT
private slots:
    void medianAndPercentiles();
    void standard();
    void standardConstantColumnGivesZeros();
    void minMax();
    void robust();
    void robustZeroIqrDividesByOne();
    void learnedAndSelectedColumns();
    void scalerErrors();
    void momentsNearDblMaxStayFinite_data();
    void momentsNearDblMaxStayFinite();
    void describeNamesAColumnWithNoFiniteStd();
};

void PreprocessScalersTest::medianAndPercentiles()
{
    std::vector<double> odd{9, 1, 5};
    QCOMPARE(median(odd), 5.0);
    std::vector<double> even{9, 1, 6, 4};
    QCOMPARE(median(even), 5.0);
    // np.percentile(range(1, 11), [25, 50, 75]) = 3.25, 5.5, 7.75 (positions 2.25, 4.5, 6.75).
    std::vector<double> ten{10, 3, 1, 8, 2, 9, 4, 7, 6, 5};
    QCOMPARE(percentile(ten, 25), 3.25);
    QCOMPARE(percentile(ten, 50), 5.5);
    QCOMPARE(percentile(ten, 75), 7.75);
    QCOMPARE(percentile(ten, 0), 1.0);
    QCOMPARE(percentile(ten, 100), 10.0);
    // NumPy interpolates from the upper end when the fraction is at least 0.5: at position
    // 0.71 between 1 and 1.1, 1 + 0.1·0.71 gives 1.0710000000000002, 1.1 − 0.1·0.29 gives
    // 1.071, which np.percentile([1, 1.1], 71) returns. (== here: QCOMPARE is fuzzy.)
    std::vector<double> two{1, 1.1};
    QVERIFY(percentile(two, 71) == 1.071);
    const MeanStd m = meanAndStd(std::vector<double>{2, 4, NA, 4, 4, 5, 5, 7, 9});
    QCOMPARE(m.mean, 5.0);
    QCOMPARE(m.std, 2.0);
    QCOMPARE(m.count, std::size_t(8));
}

void PreprocessScalersTest::standard()
{
    // Mean 5, population std 2.
    StandardScaler scaler;
    const Table out = scaler.fitTransform(table({num("x", {2, 4, 4, NA, 4, 5, 5, 7, 9})}));
    QVERIFY(sameValues(numbers(out.column("x")), {-1.5, -0.5, -0.5, NA, -0.5, 0, 0, 1, 2}));
    QCOMPARE(scaler.parameters().at(0)[0], 5.0);
    QCOMPARE(scaler.parameters().at(0)[1], 2.0);
}

void PreprocessScalersTest::standardConstantColumnGivesZeros()
{
    // 0.1 three times sums to 0.30000000000000004; the mean must still be exactly 0.1.
    StandardScaler scaler;
    const Table out = scaler.fitTransform(table({num("c", {0.1, 0.1, NA, 0.1})}));
    QVERIFY(sameValues(numbers(out.column("c")), {0, 0, NA, 0}));
    QCOMPARE(scaler.parameters().at(0)[1], 0.0);
    QCOMPARE(scaler.learned().at(1).value, std::string("0"));
    // New data is centred by the constant: 0.6 - 0.1 = 0.5 over std 1.
    QCOMPARE(numbers(scaler.transform(table({num("c", {0.1, 1.1})})).column("c")), (std::vector<double>{0, 1}));
}

void PreprocessScalersTest::minMax()
{
    MinMaxScaler scaler({}, -1, 1);
    const Table out = scaler.fitTransform(table({num("x", {2, 4, NA, 6, 10}), num("k", {3, 3, 3, 3, 3})}));
    QVERIFY(sameValues(numbers(out.column("x")), {-1, -0.5, NA, 0, 1}));
    QCOMPARE(numbers(out.column("k")), (std::vector<double>(5, -1.0)));  // constant: the low end
    QCOMPARE(numbers(scaler.transform(table({num("x", {18}), num("k", {4})})).column("x")), (std::vector<double>{3}));
}

void PreprocessScalersTest::robust()
{
    // Median 5.5, IQR 7.75 - 3.25 = 4.5.
    RobustScaler scaler;
    const Table out = scaler.fitTransform(table({num("x", {10, 3, 1, 8, 2, 9, NA, 4, 7, 6, 5})}));
    QCOMPARE(scaler.parameters().at(0)[0], 5.5);
    QCOMPARE(scaler.parameters().at(0)[1], 4.5);
    const auto x = numbers(out.column("x"));
    QCOMPARE(x[0], 1.0);
    QCOMPARE(x[2], -1.0);
    QVERIFY(std::isnan(x[6]));
    QCOMPARE(x[10], -0.5 / 4.5);
}

void PreprocessScalersTest::robustZeroIqrDividesByOne()
{
    RobustScaler scaler;
    const Table out = scaler.fitTransform(table({num("x", {1, 5, 5, 5, 9})}));
    QCOMPARE(numbers(out.column("x")), (std::vector<double>{-4, 0, 0, 0, 4}));
    QCOMPARE(scaler.parameters().at(0)[1], 0.0);
}

void PreprocessScalersTest::learnedAndSelectedColumns()
{
    StandardScaler scaler({"b"});
    const Table out = scaler.fitTransform(table({num("a", {1, 2}), num("b", {1, 3}), cat("c", {"u", "v"})}));
    QCOMPARE(numbers(out.column("a")), (std::vector<double>{1, 2}));
    QCOMPARE(numbers(out.column("b")), (std::vector<double>{-1, 1}));
    const auto learned = scaler.learned();
    QCOMPARE(learned.size(), std::size_t(2));
    QCOMPARE(learned[0].column, std::string("b"));
    QCOMPARE(learned[0].name, std::string("mean"));
    QCOMPARE(learned[0].value, std::string("2"));
    QCOMPARE(learned[1].name, std::string("std"));
    QCOMPARE(learned[1].value, std::string("1"));
    StandardScaler all;
    all.fit(table({num("a", {1, 2}), cat("c", {"u", "v"}), num("b", {1, 3})}));
    QCOMPARE(all.fittedColumns(), (std::vector<std::string>{"a", "b"}));
}

void PreprocessScalersTest::scalerErrors()
{
    QCOMPARE(errorOf([] { StandardScaler().fit(table({num("x", {NA, NA})})); }),
             QStringLiteral("column \"x\" has no observed values, so the standard scaler cannot learn from it"));
    QCOMPARE(errorOf([] { RobustScaler({"c"}).fit(table({cat("c", {"u"})})); }),
             QStringLiteral("the robust scaler works on numeric columns, but column \"c\" is categorical"));
    QCOMPARE(errorOf([] { MinMaxScaler({}, 1, 1).fit(table({num("x", {1})})); }),
             QStringLiteral("the min-max scaler's range must have low < high, not (1, 1)"));
    QCOMPARE(errorOf([] { MinMaxScaler().transform(table({num("x", {1})})); }),
             QStringLiteral("the min-max scaler has not been fitted yet: fit it on training data before transforming"));
    StandardScaler scaler;
    scaler.fit(table({num("x", {1, 2})}));
    QCOMPARE(errorOf([&] { scaler.transform(table({num("y", {1})})); }),
             QStringLiteral("no column \"x\"; the columns are \"y\""));
}

// issue 11: columns near ±1.7e308 gave mean and std inf (and the pipeline "median inf",
// "std -nan"). Reference: long double, whose range holds these sums.
void PreprocessScalersTest::momentsNearDblMaxStayFinite_data()
{
    QTest::addColumn<std::vector<double>>("values");
    QTest::newRow("+-1.7e308") << std::vector<double>{1.7e308, -1.7e308, 1.7e308, 5};
    QTest::newRow("all near max") << std::vector<double>{1.7e308, 1.6e308, 1.75e308};
    QTest::newRow("+-1e308 with a gap") << std::vector<double>{1e308, NA, -1e308, 0};
    QTest::newRow("ordinary") << std::vector<double>{2, 4, 4, 4, 5, 5, 7, 9};
}

void PreprocessScalersTest::momentsNearDblMaxStayFinite()
{
    QFETCH(std::vector<double>, values);
    long double sum = 0, n = 0;
    for (double v : values)
        if (!std::isnan(v)) {
            sum += v;
            n += 1;
        }
    const long double mean = sum / n;
    long double squares = 0;
    for (double v : values)
        if (!std::isnan(v))
            squares += (v - mean) * (v - mean);
    const MeanStd m = meanAndStd(values);
    QVERIFY(std::isfinite(m.mean) && std::isfinite(m.std));
    double largest = 0;
    for (double v : values)
        largest = std::isnan(v) ? largest : std::max(largest, std::abs(v));
    QVERIFY(std::abs(m.mean - double(mean)) <= 1e-15 * largest);
    QVERIFY(std::abs(m.std / double(std::sqrt(squares / n)) - 1) < 1e-12);
    std::vector<double> copy = values;
    std::erase_if(copy, [](double v) { return std::isnan(v); });
    QVERIFY(std::isfinite(percentile(copy, 50)));
}

void PreprocessScalersTest::describeNamesAColumnWithNoFiniteStd()
{
    // The sample std of {-DBL_MAX, DBL_MAX} is sqrt(2)·DBL_MAX: no double holds it.
    mlwb::data::Column c;
    c.name = "huge";
    c.type = mlwb::data::ColumnType::Numeric;
    c.numbers = {-DBL_MAX, DBL_MAX};
    try {
        mlwb::data::describe(c);
        QFAIL("no error");
    } catch (const mlwb::InputError& e) {
        QVERIFY2(QString(e.what()).contains("column \"huge\""), e.what());
    }
    c.numbers = {1.7e308, -1.7e308, 5};
    const auto s = mlwb::data::describe(c);
    QVERIFY(std::isfinite(s.mean) && std::isfinite(s.std) && std::isfinite(s.median));
}

QTEST_APPLESS_MAIN(PreprocessScalersTest)
#include "tst_preprocess_scalers.moc"
