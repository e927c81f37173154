#include "core/input_error.h"
#include "data/numeric_table.h"

#include <QtTest>
#include <fstream>
#include <sstream>

using mlwb::data::NumericTable;
using mlwb::data::parseNumericCsv;

namespace {

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

class NumericTableTest : public QObject {
    Q_OBJECT

private slots:
    void parsesExactValues_data();
    void parsesExactValues();
    void errorsNameThePlace_data();
    void errorsNameThePlace();
    void columnLookup();
    void diabetes();
};

void NumericTableTest::parsesExactValues_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("plain") << QByteArray("x,y\n1,2.5\n-3,1e-3\n0.1,-0\n");
    QTest::newRow("no final newline") << QByteArray("x,y\n1,2.5\n-3,1e-3\n0.1,-0");
    QTest::newRow("CRLF") << QByteArray("x,y\r\n1,2.5\r\n-3,1e-3\r\n0.1,-0\r\n");
    QTest::newRow("trailing blank lines") << QByteArray("x,y\n1,2.5\n-3,1e-3\n0.1,-0\n\n  \n");
    QTest::newRow("spaces around fields") << QByteArray(" x , y\n1 ,\t2.5\n -3,1E-3 \n0.1,-0.0\n");
    QTest::newRow("UTF-8 BOM") << QByteArray("\xEF\xBB\xBFx,y\n1,2.5\n-3,0.001\n.1,-0\n");
}

// from_chars rounds correctly, so every value equals the double the literal denotes
// (compared with ==, not QCOMPARE's fuzzy comparison).
void NumericTableTest::parsesExactValues()
{
    QFETCH(QByteArray, text);
    const NumericTable t = parseNumericCsv(text.toStdString(), "small.csv");
    QCOMPARE(t.columns, (std::vector<std::string>{"x", "y"}));
    const Eigen::MatrixXd expected{{1.0, 2.5}, {-3.0, 0.001}, {0.1, 0.0}};
    QCOMPARE(t.values.rows(), expected.rows());
    QCOMPARE(t.values.cols(), expected.cols());
    QVERIFY(t.values == expected);
}

void NumericTableTest::errorsNameThePlace_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << QByteArray("") << "in.csv is empty";
    QTest::newRow("only blank lines") << QByteArray("\n \r\n") << "in.csv is empty";
    QTest::newRow("header only") << QByteArray("a,b\n") << "in.csv has a header but no data rows";
    QTest::newRow("word in a cell") << QByteArray("a,b\n1,2\n3,abc\n")
                                    << "in.csv:3:3: column \"b\": cannot parse \"abc\" as a number";
    QTest::newRow("number then text") << QByteArray("a,b\n1,2kg\n")
                                      << "in.csv:2:3: column \"b\": cannot parse \"2kg\" as a number";
    QTest::newRow("empty cell") << QByteArray("a,b,c\n1,,3\n")
                                << "in.csv:2: column \"b\" has no value in this row, expected a number";
    QTest::newRow("infinity") << QByteArray("a\n1\ninf\n") << "in.csv:3:1: column \"a\": cannot parse \"inf\" as a number";
    QTest::newRow("nan") << QByteArray("a\n2\nnan\n") << "in.csv:3: column \"a\" has no value in this row, expected a number";
    QTest::newRow("too few fields") << QByteArray("a,b,c\n1,2,3\n4,5\n")
                                    << "in.csv:3:1: row 2 has 2 fields, the header has 3";
    QTest::newRow("too many fields") << QByteArray("a,b\r\n1,2,3\r\n")
                                     << "in.csv:2:1: row 1 has 3 fields, the header has 2";
    QTest::newRow("repeated column") << QByteArray("a,b,a\n1,2,3\n")
                                     << "in.csv:1:5: the header names column \"a\" twice (columns 1 and 3)";
}

void NumericTableTest::errorsNameThePlace()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    try {
        parseNumericCsv(text.toStdString(), "in.csv");
        QFAIL("no exception");
    } catch (const mlwb::InputError& e) {
        QCOMPARE(QString(e.what()), message);
    }
}

void NumericTableTest::columnLookup()
{
    const NumericTable t = parseNumericCsv("x,y,z\n1,2,3\n", "t.csv");
    QCOMPARE(t.column("x"), 0);
    QCOMPARE(t.column("z"), 2);
    try {
        t.column("w");
        QFAIL("no exception");
    } catch (const mlwb::InputError& e) {
        QCOMPARE(QString(e.what()), QString("no column \"w\"; the columns are: x, y, z"));
    }
}

// The diabetes data of Efron et al. (2004): 442 patients, 10 baseline variables and the
// disease progression a year later, whose mean is 152.133... (sum 67243, checked with awk).
void NumericTableTest::diabetes()
{
    const NumericTable t =
        parseNumericCsv(readFile(std::string(MLWB_DATASETS) + "/diabetes.csv"), "diabetes.csv");
    QCOMPARE(t.values.rows(), 442);
    QCOMPARE(t.values.cols(), 11);
    QCOMPARE(t.columns, (std::vector<std::string>{"age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4",
                                                  "s5", "s6", "progression"}));
    const Eigen::RowVectorXd first{{59, 2, 32.1, 101, 157, 93.2, 38, 4, 4.8598, 87, 151}};
    const Eigen::RowVectorXd last{{36, 1, 19.6, 71, 250, 133.2, 97, 3, 4.5951, 92, 57}};
    QVERIFY(t.values.row(0) == first);
    QVERIFY(t.values.row(441) == last);
    QVERIFY(t.values.col(t.column("progression")).sum() == 67243.0);
}

QTEST_APPLESS_MAIN(NumericTableTest)
#include "tst_numeric_table.moc"
