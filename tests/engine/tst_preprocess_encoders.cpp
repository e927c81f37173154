// One-hot and ordinal encoders: names, codes, dropFirst, unknown and missing entries.
#include "preprocess/one_hot_encoder.h"
#include "preprocess/ordinal_encoder.h"
#include "tst_preprocess_util.h"

#include <QtTest>

using namespace mlwb::preprocess;
using namespace preprocesstest;
using mlwb::data::ColumnType;

class PreprocessEncodersTest : public QObject {
    Q_OBJECT
private slots:
    void oneHotInPlaceSortedCategories();
    void oneHotDropFirst();
    void oneHotMatchesLevelsByText();
    void oneHotUnknownError();
    void oneHotUnknownAllZeros();
    void oneHotMissingEntry();
    void oneHotLearned();
    void ordinalCodes();
    void ordinalUnknown();
    void encoderErrors();
};

namespace {

Table passengers()
{
    // Levels first seen S, C, Q; sorted categories C, Q, S.
    return table({num("age", {22, 38, 26, 35}), cat("embarked", {"S", "C", "S", "Q"}), num("fare", {7.25, 71.3, 7.9, 53.1})});
}

} // namespace

void PreprocessEncodersTest::oneHotInPlaceSortedCategories()
{
    OneHotEncoder encoder({});
    const Table out = encoder.fitTransform(passengers());
    QCOMPARE(names(out), (std::vector<std::string>{"age", "embarked=C", "embarked=Q", "embarked=S", "fare"}));
    QCOMPARE(codes(out.column("embarked=C")), (std::vector<std::int32_t>{0, 1, 0, 0}));
    QCOMPARE(codes(out.column("embarked=Q")), (std::vector<std::int32_t>{0, 0, 0, 1}));
    QCOMPARE(codes(out.column("embarked=S")), (std::vector<std::int32_t>{1, 0, 1, 0}));
    QCOMPARE(out.column("embarked=S").type, ColumnType::Boolean);
    QCOMPARE(out.column("embarked=S").levels, (std::vector<std::string>{"0", "1"}));
    QCOMPARE(numbers(out.column("fare")), (std::vector<double>{7.25, 71.3, 7.9, 53.1}));
    QCOMPARE(encoder.categories().at(0), (std::vector<std::string>{"C", "Q", "S"}));
}

void PreprocessEncodersTest::oneHotDropFirst()
{
    OneHotEncoder encoder({{}, true, UnknownCategory::Error});
    const Table out = encoder.fitTransform(passengers());
    QCOMPARE(names(out), (std::vector<std::string>{"age", "embarked=Q", "embarked=S", "fare"}));
    QCOMPARE(codes(out.column("embarked=Q")), (std::vector<std::int32_t>{0, 0, 0, 1}));
}

void PreprocessEncodersTest::oneHotMatchesLevelsByText()
{
    OneHotEncoder encoder({});
    encoder.fit(passengers());
    // Another table's levels come in another order (Q first): codes map by text.
    const Table out = encoder.transform(table({cat("embarked", {"Q", "S", "C"})}));
    QCOMPARE(codes(out.column("embarked=C")), (std::vector<std::int32_t>{0, 0, 1}));
    QCOMPARE(codes(out.column("embarked=Q")), (std::vector<std::int32_t>{1, 0, 0}));
    QCOMPARE(codes(out.column("embarked=S")), (std::vector<std::int32_t>{0, 1, 0}));
}

void PreprocessEncodersTest::oneHotUnknownError()
{
    OneHotEncoder encoder({});
    encoder.fit(table({cat("embarked", {"S", "C", "S"})}));
    QCOMPARE(errorOf([&] { encoder.transform(table({cat("embarked", {"C", "S", "Q"})}, {10, 11, 12})); }),
             QStringLiteral("column \"embarked\", line 12: category \"Q\" was not seen when fitting (seen: \"C\", \"S\")"));
    QCOMPARE(errorOf([&] { encoder.transform(table({cat("embarked", {"Q"})})); }),
             QStringLiteral("column \"embarked\", row 1: category \"Q\" was not seen when fitting (seen: \"C\", \"S\")"));
    // A level present in the table's level list but in no row is no error.
    Column unused = cat("embarked", {"C", "Q"});
    unused.codes[1] = 0;
    QCOMPARE(encoder.transform(table({unused})).columnCount(), std::size_t(2));
}

void PreprocessEncodersTest::oneHotUnknownAllZeros()
{
    OneHotEncoder encoder({{}, false, UnknownCategory::AllZeros});
    encoder.fit(table({cat("embarked", {"S", "C", "S"})}));
    const Table out = encoder.transform(table({cat("embarked", {"C", "Q", "", "S"})}));
    QCOMPARE(codes(out.column("embarked=C")), (std::vector<std::int32_t>{1, 0, 0, 0}));
    QCOMPARE(codes(out.column("embarked=S")), (std::vector<std::int32_t>{0, 0, 0, 1}));
}

void PreprocessEncodersTest::oneHotMissingEntry()
{
    OneHotEncoder encoder({});
    encoder.fit(table({cat("embarked", {"S", "", "C"})}));  // missing entries are ignored by fit
    QCOMPARE(encoder.categories().at(0), (std::vector<std::string>{"C", "S"}));
    QCOMPARE(errorOf([&] { encoder.transform(table({cat("embarked", {"S", ""})}, {4, 9})); }),
             QStringLiteral("column \"embarked\", line 9: the entry is missing; impute it before the one-hot encoder, "
                            "or let unknown entries become all zeros"));
}

void PreprocessEncodersTest::oneHotLearned()
{
    OneHotEncoder encoder({{}, true, UnknownCategory::Error});
    encoder.fit(passengers());
    const auto learned = encoder.learned();
    QCOMPARE(learned.size(), std::size_t(4));
    QCOMPARE(learned[1].column, std::string("embarked"));
    QCOMPARE(learned[1].name, std::string("category 1"));
    QCOMPARE(learned[1].value, std::string("Q"));
    QCOMPARE(learned[3].name, std::string("dropped (first)"));
    QCOMPARE(learned[3].value, std::string("C"));
}

void PreprocessEncodersTest::ordinalCodes()
{
    OrdinalEncoder encoder({});
    const Table out = encoder.fitTransform(table({cat("embarked", {"S", "C", "", "Q"}), num("x", {1, 2, 3, 4})}));
    QCOMPARE(names(out), (std::vector<std::string>{"embarked", "x"}));
    QCOMPARE(out.column("embarked").type, ColumnType::Numeric);
    QVERIFY(sameValues(numbers(out.column("embarked")), {2, 0, NA, 1}));
    QCOMPARE(encoder.categories().at(0), (std::vector<std::string>{"C", "Q", "S"}));
}

void PreprocessEncodersTest::ordinalUnknown()
{
    OrdinalEncoder strict({});
    strict.fit(table({cat("embarked", {"S", "C"})}));
    QCOMPARE(errorOf([&] { strict.transform(table({cat("embarked", {"C", "Q"})}, {3, 4})); }),
             QStringLiteral("column \"embarked\", line 4: category \"Q\" was not seen when fitting (seen: \"C\", \"S\")"));
    OrdinalEncoder lenient({{}, true, -1});
    lenient.fit(table({cat("embarked", {"S", "C"})}));
    QVERIFY(sameValues(numbers(lenient.transform(table({cat("embarked", {"Q", "S", ""})})).column("embarked")),
                       {-1, 1, NA}));
}

void PreprocessEncodersTest::encoderErrors()
{
    QCOMPARE(errorOf([] { OneHotEncoder({{"age"}, false, UnknownCategory::Error}).fit(passengers()); }),
             QStringLiteral("the one-hot encoder works on categorical or boolean columns, but column \"age\" is numeric"));
    QCOMPARE(errorOf([] { OneHotEncoder({}).fit(table({cat("deck", {"", ""})})); }),
             QStringLiteral("column \"deck\" has no observed values to learn categories from"));
    QCOMPARE(errorOf([] { OrdinalEncoder({}).transform(passengers()); }),
             QStringLiteral("the ordinal encoder has not been fitted yet: fit it on training data before transforming"));
    OneHotEncoder encoder({});
    encoder.fit(passengers());
    QCOMPARE(errorOf([&] { encoder.transform(table({num("embarked", {1})})); }),
             QStringLiteral("the one-hot encoder works on categorical or boolean columns, but column \"embarked\" is numeric"));
}

QTEST_APPLESS_MAIN(PreprocessEncodersTest)
#include "tst_preprocess_encoders.moc"
