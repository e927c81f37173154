// File names as bytes: any byte string survives decode then encode, valid UTF-8 reads as text.
#include "local_path.h"

#include <QTest>

using namespace mlwb::ui;

class TestLocalPath : public QObject {
    Q_OBJECT
private slots:
    void utf8ReadsAsText();
    void anyBytesRoundTrip();
};

void TestLocalPath::utf8ReadsAsText()
{
    QCOMPARE(decodeLocalPath("/home/zoë/données 😀.csv"), QStringLiteral("/home/zoë/données 😀.csv"));
    QCOMPARE(encodeLocalPath(QStringLiteral("/tmp/zoë 😀.csv")), QByteArray("/tmp/zoë 😀.csv"));
    // A Latin-1 é is one bad byte, shown as one character and given back as that byte.
    const QString latin = decodeLocalPath("caf\xe9.csv");
    QCOMPARE(latin.size(), 8);
    QCOMPARE(latin[3].unicode(), char16_t(0xDCE9));
    QCOMPARE(encodeLocalPath(latin), QByteArray("caf\xe9.csv"));
}

void TestLocalPath::anyBytesRoundTrip()
{
    // Every byte, overlong forms, encoded surrogates, truncated sequences, code points past
    // U+10FFFF; then random strings.
    QList<QByteArray> cases{"\xc0\xaf", "\xed\xa0\x80", "\xe2\x82", "\xf4\x90\x80\x80", "\xf0\x9f\x98", "\x80\xbf\xfe\xff"};
    QByteArray all;
    for (int b = 1; b < 256; ++b)
        all += char(b);
    cases << all;
    quint32 state = 12345;
    for (int n = 0; n < 2000; ++n) {
        QByteArray s;
        for (int k = 0; k < 12; ++k) {
            state = state * 1664525u + 1013904223u;
            s += char(1 + (state >> 24) % 255);
        }
        cases << s;
    }
    for (const QByteArray& bytes : cases)
        QCOMPARE(encodeLocalPath(decodeLocalPath(bytes)), bytes);
}

QTEST_MAIN(TestLocalPath)
#include "tst_local_path.moc"
