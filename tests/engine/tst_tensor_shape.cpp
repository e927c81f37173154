// dtype.h and shape.h: names, promotion, shape text, broadcasting and its errors.
#include "tensor/dtype.h"
#include "tensor/shape.h"

#include <QtTest>
#include <random>

using namespace mlwb::tensor;
Q_DECLARE_METATYPE(mlwb::tensor::Shape)

class TensorShapeTest : public QObject {
    Q_OBJECT
private slots:
    void dtypeNames();
    void promotionTable_data();
    void promotionTable();
    void formatsLikeNumpy_data();
    void formatsLikeNumpy();
    void parsesShapes_data();
    void parsesShapes();
    void rejectsBadShapeText_data();
    void rejectsBadShapeText();
    void broadcastsPairs_data();
    void broadcastsPairs();
    void broadcastErrorsName_data();
    void broadcastErrorsName();
    void broadcastMatchesBruteForce();
    void explainsAlignment();
    void axisErrors();
    void sizesThatOverflowAreRefused_data();
    void sizesThatOverflowAreRefused();
};

void TensorShapeTest::dtypeNames()
{
    QCOMPARE(dtypeName(DType::Float64), std::string_view("float64"));
    QCOMPARE(dtypeName(DType::Float32), std::string_view("float32"));
    QCOMPARE(dtypeName(DType::Int64), std::string_view("int64"));
    QCOMPARE(dtypeName(DType::Bool), std::string_view("bool"));
    QCOMPARE(itemsize(DType::Bool), std::size_t{1});
    QCOMPARE(itemsize(DType::Float32), std::size_t{4});
    QCOMPARE(itemsize(DType::Int64), std::size_t{8});
    QCOMPARE(parseDType("f4"), DType::Float32);
    QVERIFY_THROWS_EXCEPTION(mlwb::InputError, parseDType("complex128"));
}

void TensorShapeTest::promotionTable_data()
{
    QTest::addColumn<int>("a");
    QTest::addColumn<int>("b");
    QTest::addColumn<int>("expected");
    using D = DType;
    // np.result_type over the 4 × 4 table (NumPy 1.24).
    const D table[4][4] = {{D::Bool, D::Int64, D::Float32, D::Float64},
                           {D::Int64, D::Int64, D::Float64, D::Float64},
                           {D::Float32, D::Float64, D::Float32, D::Float64},
                           {D::Float64, D::Float64, D::Float64, D::Float64}};
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j)
            QTest::addRow("%s+%s", dtypeName(D(i)).data(), dtypeName(D(j)).data()) << i << j << int(table[i][j]);
}

void TensorShapeTest::promotionTable()
{
    QFETCH(int, a);
    QFETCH(int, b);
    QFETCH(int, expected);
    QCOMPARE(int(promoteTypes(DType(a), DType(b))), expected);
}

void TensorShapeTest::formatsLikeNumpy_data()
{
    QTest::addColumn<Shape>("shape");
    QTest::addColumn<QString>("text");
    QTest::newRow("2-d") << Shape{3, 4} << "(3, 4)";
    QTest::newRow("1-d") << Shape{5} << "(5,)";
    QTest::newRow("0-d") << Shape{} << "()";
    QTest::newRow("zero") << Shape{2, 0, 1} << "(2, 0, 1)";
}

void TensorShapeTest::formatsLikeNumpy()
{
    QFETCH(Shape, shape);
    QFETCH(QString, text);
    QCOMPARE(QString::fromStdString(formatShape(shape)), text);
}

void TensorShapeTest::parsesShapes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<Shape>("shape");
    QTest::newRow("tuple") << "(3,4)" << Shape{3, 4};
    QTest::newRow("spaces") << " ( 3 , 4 ) " << Shape{3, 4};
    QTest::newRow("bare") << "3,4" << Shape{3, 4};
    QTest::newRow("one") << "(5,)" << Shape{5};
    QTest::newRow("bare one") << "5" << Shape{5};
    QTest::newRow("empty tuple") << "()" << Shape{};
    QTest::newRow("empty text") << "" << Shape{};
    QTest::newRow("list") << "[2, 0, 1]" << Shape{2, 0, 1};
}

void TensorShapeTest::parsesShapes()
{
    QFETCH(QString, text);
    QFETCH(Shape, shape);
    QCOMPARE(parseShape(text.toStdString()), shape);
}

void TensorShapeTest::rejectsBadShapeText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("letter") << "(3,x)" << "invalid shape '(3,x)': expected a number at column 4";
    QTest::newRow("negative") << "(3,-1)" << "invalid shape '(3,-1)': negative dimension at column 4";
    QTest::newRow("double comma") << "(3,,4)" << "invalid shape '(3,,4)': expected a number at column 4";
    QTest::newRow("lone comma") << "(,)" << "invalid shape '(,)': expected a number at column 2";
    QTest::newRow("unclosed") << "(3, 4" << "invalid shape '(3, 4': expected ')' at column 6";
    QTest::newRow("space separated") << "3 4" << "invalid shape '3 4': expected ',' or the end at column 3";
    QTest::newRow("trailing") << "(3)x" << "invalid shape '(3)x': unexpected text after the shape at column 4";
}

void TensorShapeTest::rejectsBadShapeText()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    try {
        parseShape(text.toStdString());
        QFAIL("no exception");
    } catch (const mlwb::InputError& e) {
        QCOMPARE(QString(e.what()), message);
    }
}

void TensorShapeTest::broadcastsPairs_data()
{
    QTest::addColumn<Shape>("a");
    QTest::addColumn<Shape>("b");
    QTest::addColumn<Shape>("result");
    QTest::newRow("row") << Shape{3, 4} << Shape{4} << Shape{3, 4};
    QTest::newRow("column x row") << Shape{3, 1} << Shape{1, 4} << Shape{3, 4};
    QTest::newRow("scalar") << Shape{} << Shape{2, 3} << Shape{2, 3};
    QTest::newRow("W1") << Shape{512, 1, 256} << Shape{1, 512, 256} << Shape{512, 512, 256};
    QTest::newRow("size 0 with 1") << Shape{0, 3} << Shape{1, 3} << Shape{0, 3};
    QTest::newRow("size 0 with 0") << Shape{2, 0} << Shape{0} << Shape{2, 0};
    QTest::newRow("prepend") << Shape{5, 1, 1} << Shape{2, 3} << Shape{5, 2, 3};
}

void TensorShapeTest::broadcastsPairs()
{
    QFETCH(Shape, a);
    QFETCH(Shape, b);
    QFETCH(Shape, result);
    QCOMPARE(broadcastShapes(a, b), result);
    QCOMPARE(broadcastShapes(b, a), result);
}

void TensorShapeTest::broadcastErrorsName_data()
{
    QTest::addColumn<Shape>("a");
    QTest::addColumn<Shape>("b");
    QTest::addColumn<QString>("message");
    QTest::newRow("issue example") << Shape{3, 4} << Shape{5} << "cannot broadcast shapes (3, 4) and (5,): axis -1 is 4 vs 5";
    QTest::newRow("middle axis") << Shape{2, 3, 4} << Shape{5, 4} << "cannot broadcast shapes (2, 3, 4) and (5, 4): axis -2 is 3 vs 5";
    QTest::newRow("zero vs 2") << Shape{0} << Shape{2} << "cannot broadcast shapes (0,) and (2,): axis -1 is 0 vs 2";
}

void TensorShapeTest::broadcastErrorsName()
{
    QFETCH(Shape, a);
    QFETCH(Shape, b);
    QFETCH(QString, message);
    try {
        broadcastShapes(a, b);
        QFAIL("no exception");
    } catch (const BroadcastError& e) {
        QCOMPARE(QString(e.what()), message);
    }
}

// Random pairs against the rule written out longhand: pad with 1s on the left, compare axis by
// axis from the right, the first conflicting axis is the one named.
void TensorShapeTest::broadcastMatchesBruteForce()
{
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<int> nd(0, 4), sz(0, 3);
    int errors = 0, successes = 0;
    for (int trial = 0; trial < 2000; ++trial) {
        Shape a(std::size_t(nd(rng))), b(std::size_t(nd(rng)));
        for (auto& x : a)
            x = sz(rng);
        for (auto& x : b)
            x = sz(rng);
        const std::size_t n = std::max(a.size(), b.size());
        Shape pa(n - a.size(), 1), pb(n - b.size(), 1);
        pa.insert(pa.end(), a.begin(), a.end());
        pb.insert(pb.end(), b.begin(), b.end());
        Shape expected(n);
        QString expectedError;
        for (std::size_t k = 0; k < n; ++k) {
            const std::size_t i = n - 1 - k;
            if (pa[i] == pb[i] || pb[i] == 1)
                expected[i] = pa[i];
            else if (pa[i] == 1)
                expected[i] = pb[i];
            else if (expectedError.isEmpty())
                expectedError = QString("cannot broadcast shapes %1 and %2: axis -%3 is %4 vs %5")
                                    .arg(QString::fromStdString(formatShape(a)), QString::fromStdString(formatShape(b)))
                                    .arg(k + 1)
                                    .arg(pa[i])
                                    .arg(pb[i]);
        }
        try {
            const Shape r = broadcastShapes(a, b);
            QVERIFY2(expectedError.isEmpty(), qPrintable(expectedError));
            QCOMPARE(r, expected);
            ++successes;
        } catch (const BroadcastError& e) {
            QCOMPARE(QString(e.what()), expectedError);
            ++errors;
        }
    }
    QVERIFY(errors > 100 && successes > 100);
}

void TensorShapeTest::explainsAlignment()
{
    const Shape shapes[2] = {{3, 1}, {2, 1, 4}};
    const BroadcastAlignment al = explainBroadcast(shapes);
    QCOMPARE(al.result, (Shape{2, 3, 4}));
    QCOMPARE(al.roles[0], (std::vector<AxisRole>{AxisRole::Prepended, AxisRole::Kept, AxisRole::Stretched}));
    QCOMPARE(al.roles[1], (std::vector<AxisRole>{AxisRole::Kept, AxisRole::Stretched, AxisRole::Kept}));
    QCOMPARE(QString::fromStdString(describe(al)),
             QString("(3, 1) -> (2, 3, 4): axis 0 prepended (1 -> 2), axis 2 stretched (1 -> 4)\n"
                     "(2, 1, 4) -> (2, 3, 4): axis 1 stretched (1 -> 3)\n"));
    const Shape three[3] = {{2, 1}, {3, 4}, {5}};
    try {
        broadcastShapes(three);
        QFAIL("no exception");
    } catch (const BroadcastError& e) {
        QCOMPARE(QString(e.what()), QString("cannot broadcast shapes (2, 1), (3, 4) and (5,): axis -1 is 4 vs 5"));
    }
}

void TensorShapeTest::axisErrors()
{
    QCOMPARE(normalizeAxis(-1, 3), 2);
    try {
        normalizeAxis(3, 2);
        QFAIL("no exception");
    } catch (const AxisError& e) {
        QCOMPARE(QString(e.what()), QString("axis 3 is out of range for an array of 2 dimensions"));
    }
    const std::int64_t repeated[] = {0, -2};
    QVERIFY_THROWS_EXCEPTION(AxisError, normalizeAxes(repeated, 2, true));
}

// issue 11: element counts and strides wrapped 64 bits (SIGSEGV, "(2**32, 2**32) has 0 cells").
// The reference is a 128-bit product, computed independently of the code under test.
void TensorShapeTest::sizesThatOverflowAreRefused_data()
{
    QTest::addColumn<QString>("shape");
    QTest::newRow("issue input") << "(1000003, 4425120820247502466)";
    QTest::newRow("2**32 squared") << "(4294967296, 4294967296)";
    QTest::newRow("zero does not hide it") << "(0, 4294967296, 4294967296)";
    QTest::newRow("just fits") << "(3037000499, 3037000499)";
    QTest::newRow("just overflows") << "(3037000500, 3037000500)";
    QTest::newRow("ordinary") << "(2, 3, 4)";
}

void TensorShapeTest::sizesThatOverflowAreRefused()
{
    QFETCH(QString, shape);
    const Shape s = parseShape(shape.toStdString());
    long double product = 1;  // 64-bit mantissa: exact for these rows
    bool zero = false;
    for (std::int64_t d : s) {
        product *= d == 0 ? 1 : d;
        zero = zero || d == 0;
    }
    const bool fits = product <= 9223372036854775807.0L;
    try {
        const std::int64_t n = shapeSize(s);
        QVERIFY2(fits, "no exception");
        QCOMPARE(n, zero ? 0 : std::int64_t(product));
    } catch (const mlwb::InputError& e) {
        QVERIFY2(!fits, e.what());
        QVERIFY2(QString(e.what()).contains(QString::fromStdString(formatShape(s))), e.what());
    }
}

QTEST_APPLESS_MAIN(TensorShapeTest)
#include "tst_tensor_shape.moc"
