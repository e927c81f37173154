// The CSV reader against hand-written files, the published figures of the bundled data
// sets, an independent RFC 4180 writer (random round trips across parallel chunks) and a
// corpus of malformed files, each with its own message.
#include "bench/preprocess_workloads.h"
#include "core/cancelled.h"
#include "core/input_error.h"
#include "data/csv_reader.h"
#include "data/describe.h"
#include "data/parse_number.h"

#include <QtTest>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sys/stat.h>

using namespace mlwb::data;

namespace {

std::string cell(const Table& t, std::size_t row, std::size_t col) { return t.columns[col].text(row); }

// Quotes a field only when it must, as RFC 4180 says, written without the reader's code.
std::string writeField(const std::string& s)
{
    if (s.find_first_of(",\"\r\n") == std::string::npos && !s.empty() && s.front() != ' ' && s.back() != ' ')
        return s;
    std::string out = "\"";
    for (const char c : s) {
        out += c;
        if (c == '"')
            out += '"';
    }
    return out + "\"";
}

std::string tempPath(const char* name) { return (std::filesystem::temp_directory_path() / name).string(); }

} // namespace

class CsvReaderTest : public QObject {
    Q_OBJECT

private slots:
    void rfc4180Fields();
    void delimitersAndEncodings_data();
    void delimitersAndEncodings();
    void typeInference();
    void typeOverrides();
    void linesOfRows();
    void malformed_data();
    void malformed();
    void allMissingColumnWarns();
    void files();
    void titanicFigures();
    void irisFigures();
    void penguinsMissing();
    void randomRoundTripAcrossChunks();
    void mutatedInputNeverCrashes();
    void syntheticFileFacts();
    void stopAndProgress();
    void numberForms();
    void specialFilesAreRefused_data();
    void specialFilesAreRefused();
    void duplicateHeaderCheckIsLinear_data();
    void duplicateHeaderCheckIsLinear();
};

void CsvReaderTest::rfc4180Fields()
{
    const std::string text = "name,note,n\r\n"
                             "\"Allen, Miss\",\"said \"\"hi\"\"\",1\r\n"
                             "\"two\nlines\",,2\r\n"
                             "plain,\"\",3\r\n";
    const Table t = parseCsv(text, "q.csv").table;
    QCOMPARE(t.rowCount(), std::size_t(3));
    QCOMPARE(cell(t, 0, 0), std::string("Allen, Miss"));
    QCOMPARE(cell(t, 0, 1), std::string("said \"hi\""));
    QCOMPARE(cell(t, 1, 0), std::string("two\nlines"));
    QVERIFY(t.columns[1].isMissing(1));
    QVERIFY(t.columns[1].isMissing(2));  // "" is missing too, as pandas reads it
    QCOMPARE(t.columns[2].type, ColumnType::Numeric);
    QCOMPARE(t.columns[2].numbers[2], 3.0);
}

void CsvReaderTest::delimitersAndEncodings_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<char>("delimiter");
    QTest::newRow("comma") << QByteArray("a,b\n1.5,x\n") << ',';
    QTest::newRow("semicolon") << QByteArray("a;b\n1.5;x\n") << ';';
    QTest::newRow("tab") << QByteArray("a\tb\n1.5\tx\n") << '\t';
    QTest::newRow("semicolon, commas quoted") << QByteArray("\"a,1\";b\n1.5;x\n") << ';';
    QTest::newRow("BOM and CRLF") << QByteArray("\xEF\xBB\xBF" "a,b\r\n1.5,x\r\n") << ',';
    QTest::newRow("no final newline") << QByteArray("a,b\n1.5,x") << ',';
    QTest::newRow("trailing blank lines") << QByteArray("a,b\n1.5,x\n\n\n") << ',';
    QTest::newRow("spaces around") << QByteArray("a,b\n  1.5 , x \n") << ',';
    QTest::newRow("plus sign") << QByteArray("a,b\n+1.5,x\n") << ',';
    QTest::newRow("lone CR (classic Mac)") << QByteArray("a,b\r1.5,x\r") << ',';  // read as "no data rows"
    QTest::newRow("lone CR, quoted, no final") << QByteArray("\"a\";b\r1.5;\"x\"") << ';';
}

void CsvReaderTest::delimitersAndEncodings()
{
    QFETCH(QByteArray, text);
    QFETCH(char, delimiter);
    const auto r = parseCsv(text.toStdString(), "d.csv");
    QCOMPARE(r.delimiter, delimiter);
    QCOMPARE(r.table.rowCount(), std::size_t(1));
    QCOMPARE(r.table.columns[1].text(0), std::string("x"));
    QCOMPARE(r.table.columns[0].type, ColumnType::Numeric);
    QCOMPARE(r.table.columns[0].numbers[0], 1.5);  // '.' whatever the locale
}

void CsvReaderTest::typeInference()
{
    const std::string text = "n,b,c,m,e\n"
                             "1,yes,red,NA,1e3\n"
                             "2.5,No,blue,?,-2E-2\n"
                             ",YES,red,null,\n";
    const Table t = parseCsv(text, "t.csv").table;
    QCOMPARE(t.column("n").type, ColumnType::Numeric);
    QVERIFY(t.column("n").isMissing(2));
    QCOMPARE(t.column("b").type, ColumnType::Boolean);
    QCOMPARE(t.column("b").levels, (std::vector<std::string>{"No", "yes"}));
    QCOMPARE(std::vector<std::int32_t>(t.column("b").codes.begin(), t.column("b").codes.end()),
             (std::vector<std::int32_t>{1, 0, 1}));
    QCOMPARE(t.column("c").type, ColumnType::Categorical);
    QCOMPARE(t.column("c").levels, (std::vector<std::string>{"red", "blue"}));
    QCOMPARE(t.column("m").missingCount(), std::size_t(3));
    QCOMPARE(t.column("e").numbers[0], 1000.0);
    QCOMPARE(t.column("e").numbers[1], -0.02);
    // 0/1 stays numeric, "inf" is not a finite number, so that column is text.
    const Table u = parseCsv("a,b\n0,inf\n1,2\n", "u.csv").table;
    QCOMPARE(u.columns[0].type, ColumnType::Numeric);
    QCOMPARE(u.columns[1].type, ColumnType::Categorical);
}

void CsvReaderTest::typeOverrides()
{
    CsvOptions options;
    options.types = {{"code", ColumnType::Categorical}, {"flag", ColumnType::Boolean}};
    const Table t = parseCsv("code,flag\n007,true\n12,false\n", "o.csv", options).table;
    QCOMPARE(t.columns[0].type, ColumnType::Categorical);
    QCOMPARE(t.columns[0].levels, (std::vector<std::string>{"007", "12"}));
    QCOMPARE(t.columns[1].type, ColumnType::Boolean);

    CsvOptions numeric;
    numeric.types = {{"age", ColumnType::Numeric}};
    try {
        parseCsv("id,age\n1,20\n2,abc\n", "people.csv", numeric);
        QFAIL("no error");
    } catch (const mlwb::InputError& e) {
        QCOMPARE(std::string(e.what()), std::string("people.csv:3:3: column \"age\": cannot parse \"abc\" as a number"));
    }
    CsvOptions boolean;
    boolean.types = {{"b", ColumnType::Boolean}};
    try {
        parseCsv("b\nyes\nmaybe\n", "b.csv", boolean);
        QFAIL("no error");
    } catch (const mlwb::InputError& e) {
        QCOMPARE(std::string(e.what()),
                 std::string("b.csv:3:1: column \"b\": \"maybe\" is not a boolean (expected true/false or yes/no)"));
    }
}

void CsvReaderTest::linesOfRows()
{
    // Row 2 spans two lines, a blank line precedes row 3.
    const Table t = parseCsv("h1,h2\nx,1\n\"a\nb\",2\n\ny,3\n", "l.csv").table;
    QCOMPARE(std::vector<std::int64_t>(t.lines.begin(), t.lines.end()), (std::vector<std::int64_t>{2, 3, 6}));
}

void CsvReaderTest::malformed_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << QByteArray("") << "bad.csv is empty";
    QTest::newRow("blank") << QByteArray(" \r\n\n") << "bad.csv is empty";
    QTest::newRow("header only") << QByteArray("a,b,c\n") << "bad.csv has a header but no data rows";
    QTest::newRow("unterminated") << QByteArray("a,b,c\n1,2,3\n4,\"five,6\n")
                                  << "bad.csv:3:3: unterminated quoted field: the quote opened here is never closed";
    QTest::newRow("too many fields") << QByteArray("a,b,c\n1,2,3\n4,5,6,7\n") << "bad.csv:3:1: row 2 has 4 fields, the header has 3";
    QTest::newRow("too few fields") << QByteArray("a,b,c\n1,2\n") << "bad.csv:2:1: row 1 has 2 fields, the header has 3";
    QTest::newRow("text after quote") << QByteArray("a,b\n\"x\"y,2\n")
                                      << "bad.csv:2:4: unexpected text after a closing quote; a quote inside a quoted field must be doubled (\"\")";
    QTest::newRow("bare quote") << QByteArray("a,b\n5\" pipe,2\n")
                                << "bad.csv:2:2: a quote inside an unquoted field; quote the whole field and double the quote (\"\")";
    QTest::newRow("binary") << QByteArray("a,b\n1,\0\x01\x02", 9) << "bad.csv: looks like a binary file, not CSV text (a zero byte at byte 6)";
    QTest::newRow("latin-1") << QByteArray("name,city\nAnna,M\xFCnchen\n")
                             << "bad.csv:2:7: not UTF-8 text (byte 0xFC); the file may be Latin-1 or Windows-1252: save it as UTF-8 and open it again";
    QTest::newRow("duplicate header") << QByteArray("a,b,a\n1,2,3\n") << "bad.csv:1:5: the header names column \"a\" twice (columns 1 and 3)";
    QTest::newRow("unknown override") << QByteArray("a,b\n1,2\n") << "bad.csv: a type is set for column \"zzz\", but the header has no such column";
}

void CsvReaderTest::malformed()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    CsvOptions options;
    if (QByteArray(QTest::currentDataTag()) == "unknown override")
        options.types = {{"zzz", ColumnType::Numeric}};
    try {
        parseCsv(std::string_view(text.constData(), std::size_t(text.size())), "bad.csv", options);
        QFAIL("no error");
    } catch (const mlwb::InputError& e) {
        QCOMPARE(QString::fromUtf8(e.what()), message);
    }
}

void CsvReaderTest::allMissingColumnWarns()
{
    const auto r = parseCsv("a,b\n1,\n2,NA\n", "w.csv");
    QCOMPARE(r.warnings, (std::vector<std::string>{"column \"b\" is missing in every row"}));
}

void CsvReaderTest::files()
{
    try {
        readCsvFile("/nonexistent/people.csv");
        QFAIL("no error");
    } catch (const mlwb::InputError& e) {
        QCOMPARE(std::string(e.what()), std::string("cannot open data set \"/nonexistent/people.csv\": No such file or directory"));
    }
    const auto dir = std::filesystem::temp_directory_path().string();
    try {
        readCsvFile(dir);
        QFAIL("no error");
    } catch (const mlwb::InputError& e) {
        QCOMPARE(std::string(e.what()),
                 "data set \"" + dir + "\" is a folder, not a regular file; save the data to a file and open that");
    }
    const std::string path = tempPath("mlwb-tst-bad.csv");
    std::ofstream(path, std::ios::binary) << "x,y\n1,2\n3,\"4\n";
    try {
        readCsvFile(path);
        QFAIL("no error");
    } catch (const mlwb::InputError& e) {  // the file's name, not its path, like a compiler
        QCOMPARE(std::string(e.what()), std::string("mlwb-tst-bad.csv:3:3: unterminated quoted field: the quote opened here is never closed"));
    }
    std::filesystem::remove(path);
}

void CsvReaderTest::titanicFigures()
{
    const Table t = readCsvFile(MLWB_DATASETS "/titanic.csv").table;
    QCOMPARE(t.rowCount(), std::size_t(1309));
    const Column& survived = t.column("survived");
    QCOMPARE(survived.type, ColumnType::Boolean);
    QCOMPARE(std::count(survived.codes.begin(), survived.codes.end(), 1), std::ptrdiff_t(500));
    const auto age = describe(t.column("age"));
    QCOMPARE(age.missing, std::size_t(263));
    QCOMPARE(age.median, 28.0);
    QCOMPARE(t.column("name").text(0), std::string("Allen, Miss. Elisabeth Walton"));
    QCOMPARE(t.column("passengerClass").levels, (std::vector<std::string>{"1st", "2nd", "3rd"}));
}

void CsvReaderTest::irisFigures()
{
    // UCI iris.names: means and standard deviations to two decimals.
    const Table t = readCsvFile(MLWB_DATASETS "/iris.csv").table;
    QCOMPARE(t.rowCount(), std::size_t(150));
    const double mean[] = {5.84, 3.05, 3.76, 1.20}, sd[] = {0.83, 0.43, 1.76, 0.76};
    const auto summary = describe(t);
    for (int c = 0; c < 4; ++c) {
        QVERIFY2(std::abs(summary[std::size_t(c)].mean - mean[c]) < 0.01, summary[std::size_t(c)].name.c_str());
        QVERIFY2(std::abs(summary[std::size_t(c)].std - sd[c]) < 0.01, summary[std::size_t(c)].name.c_str());
    }
    QCOMPARE(summary[4].distinct, std::size_t(3));
    QCOMPARE(summary[4].topCount, std::size_t(50));
    QCOMPARE(summary[0].min, 4.3);
    QCOMPARE(summary[0].max, 7.9);
}

void CsvReaderTest::penguinsMissing()
{
    const Table t = readCsvFile(MLWB_DATASETS "/penguins.csv").table;
    QCOMPARE(t.rowCount(), std::size_t(344));
    for (const char* c : {"bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"})
        QCOMPARE(t.column(c).missingCount(), std::size_t(2));
    QCOMPARE(t.column("sex").missingCount(), std::size_t(11));
    QCOMPARE(t.column("sex").type, ColumnType::Categorical);
}

void CsvReaderTest::randomRoundTripAcrossChunks()
{
    // Random fields with delimiters, quotes, line breaks and UTF-8, written by writeField;
    // big enough (> 4 MiB) that the reader splits it into chunks parsed in parallel.
    std::mt19937_64 rng(7);
    const std::vector<std::string> alphabet{"a", "b", "Z", "0", ",", "\"", "\n", "\r\n", " ", "é", "→", ";"};
    constexpr std::size_t kColumns = 4, kRows = 60000;
    std::vector<std::vector<std::string>> cells(kRows, std::vector<std::string>(kColumns));
    std::string text = "c0,c1,c2,c3\n";
    for (auto& row : cells) {
        for (std::size_t c = 0; c < kColumns; ++c) {
            std::string s = "v";  // never empty or a number: every column stays text
            const auto length = rng() % 40;
            for (std::size_t i = 0; i < length; ++i)
                s += alphabet[rng() % alphabet.size()];
            if (s.back() == ' ')
                s += 'x';  // unquoted fields lose trailing spaces; keep the comparison exact
            row[c] = s;
            text += writeField(s) + (c + 1 < kColumns ? "," : (rng() % 2 ? "\n" : "\r\n"));
        }
    }
    QVERIFY(text.size() > (std::size_t(4) << 20));
    const Table t = parseCsv(text, "random.csv").table;
    QCOMPARE(t.rowCount(), kRows);
    for (std::size_t r = 0; r < kRows; ++r)
        for (std::size_t c = 0; c < kColumns; ++c)
            if (t.columns[c].text(r) != cells[r][c])
                QFAIL(qPrintable(QString("row %1 column %2 differs").arg(r).arg(c)));
}

void CsvReaderTest::mutatedInputNeverCrashes()
{
    // Byte flips, insertions and deletions of a valid file: each parse either succeeds or
    // throws InputError. Under the asan preset this is the fuzzer.
    const std::string valid = "name,age,flag\n\"Smith, J\",34,yes\n\"say \"\"x\"\"\",,no\n\"multi\nline\",7.5,NA\n";
    std::mt19937_64 rng(11);
    const char bytes[] = {',', '"', '\n', '\r', ';', '\t', 'a', '1', '\0', char(0xC3), char(0xA9), char(0xFF)};
    int failures = 0, successes = 0;
    for (int trial = 0; trial < 5000; ++trial) {
        std::string s = valid;
        for (int edits = 1 + int(rng() % 4); edits > 0; --edits) {
            const std::size_t at = rng() % (s.size() + 1);
            const char b = bytes[rng() % sizeof bytes];
            switch (rng() % 3) {
            case 0: if (at < s.size()) s[at] = b; break;
            case 1: s.insert(s.begin() + std::ptrdiff_t(at), b); break;
            default: if (at < s.size()) s.erase(at, 1); break;
            }
        }
        try {
            const auto r = parseCsv(s, "fuzz.csv");
            QVERIFY(r.table.rowCount() > 0);
            ++successes;
        } catch (const mlwb::InputError& e) {
            QVERIFY(std::string(e.what()).starts_with("fuzz.csv"));
            ++failures;
        }
    }
    QVERIFY(failures > 100 && successes > 100);
}

void CsvReaderTest::syntheticFileFacts()
{
    mlwb::bench::SyntheticCsvFacts facts;
    const std::string text = mlwb::bench::syntheticCsv(20000, 3, &facts);
    const Table t = parseCsv(text, "w9.csv").table;
    QCOMPARE(t.rowCount(), facts.rows);
    for (std::size_t c = 0; c < 10; ++c) {
        QCOMPARE(t.columns[c].type, ColumnType::Numeric);
        QCOMPARE(t.columns[c].missingCount(), facts.missingPerNumeric[c]);
    }
    for (std::size_t c = 0; c < 3; ++c)
        QCOMPARE(t.columns[10 + c].levels.size(), facts.levelsPerCategory[c]);
}

void CsvReaderTest::stopAndProgress()
{
    const std::string text = mlwb::bench::syntheticCsv(100000, 5);
    std::vector<double> seen;
    CsvOptions options;
    options.progress = [&](double f) { seen.push_back(f); };
    parseCsv(text, "p.csv", options);
    QVERIFY(!seen.empty());
    QVERIFY(std::is_sorted(seen.begin(), seen.end()));
    QVERIFY(seen.back() > 0.99 && seen.back() <= 1.0);

    std::stop_source stop;
    stop.request_stop();
    CsvOptions stopped;
    stopped.stop = stop.get_token();
    QVERIFY_THROWS_EXCEPTION(mlwb::Cancelled, parseCsv(text, "p.csv", stopped));
}

// The number forms a CSV field may hold, and those that are not numbers.
void CsvReaderTest::numberForms()
{
    double v = 0;
    for (const char* bad : {"", "+", "-", ".", "e5", "1e", "1e+", "--1", "+-1", "-+1", "1.2.3", "0x10", "inf", "nan", "1 2", "١"})
        QVERIFY2(!parseNumber(bad, v), bad);
    QVERIFY(parseNumber("+1.5", v) && v == 1.5);
    QVERIFY(parseNumber("-0", v) && v == 0 && std::signbit(v));
    QVERIFY(parseNumber("9007199254740993", v) && v == 9007199254740992.0);  // 2^53 + 1: rounds to even
    QVERIFY(parseNumber("1e308", v) && v == 1e308);
    QVERIFY(!parseNumber("1e309", v));  // overflows to infinity: not a finite number
}

// issue 11: a FIFO blocked in open() (Stop could not end it); /dev/zero grew until bad_alloc.
void CsvReaderTest::specialFilesAreRefused_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("kind");
    QTest::newRow("FIFO") << "fifo" << "a FIFO (named pipe)";
    QTest::newRow("/dev/zero") << "/dev/zero" << "a character device";
    QTest::newRow("/dev/urandom") << "/dev/urandom" << "a character device";
}

void CsvReaderTest::specialFilesAreRefused()
{
    QFETCH(QString, path);
    QFETCH(QString, kind);
    std::string file = path.toStdString();
    if (path == "fifo") {
        file = tempPath("mlwb-tst-fifo");
        std::filesystem::remove(file);
        QCOMPARE(::mkfifo(file.c_str(), 0600), 0);
    }
    QElapsedTimer timer;
    timer.start();
    try {
        readCsvFile(file);
        QFAIL("no error");
    } catch (const mlwb::InputError& e) {
        QCOMPARE(QString(e.what()), QString::fromStdString("data set \"" + file + "\" is ") + kind +
                                        ", not a regular file; save the data to a file and open that");
    }
    QVERIFY(timer.elapsed() < 1000);
    if (path == "fifo")
        std::filesystem::remove(file);
}

// issue 11: each name was compared with every earlier one (200k columns: 75 s).
void CsvReaderTest::duplicateHeaderCheckIsLinear_data()
{
    QTest::addColumn<int>("columns");
    QTest::newRow("200k") << 200000;
    QTest::newRow("1M") << 1000000;
}

void CsvReaderTest::duplicateHeaderCheckIsLinear()
{
    QFETCH(int, columns);
    std::string header;
    for (int i = 0; i < columns; ++i)
        header += "c" + std::to_string(i) + ",";
    QElapsedTimer timer;
    timer.start();
    try {
        parseCsv(header + "c7\n", "wide.csv");
        QFAIL("no error");
    } catch (const mlwb::InputError& e) {
        QVERIFY2(QString(e.what()).endsWith(QStringLiteral("the header names column \"c7\" twice (columns 8 and %1)")
                                                .arg(columns + 1)),
                 e.what());
    }
    QVERIFY2(timer.elapsed() < 20000, qPrintable(QString::number(timer.elapsed())));  // quadratic: minutes
}

QTEST_APPLESS_MAIN(CsvReaderTest)
#include "tst_csv_reader.moc"
