#include "local_path.h"

namespace mlwb::ui {

namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0.
int validSequence(const QByteArray& s, qsizetype i)
{
    const auto byte = [&](qsizetype k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
    const unsigned b0 = byte(i);
    const auto cont = [&](qsizetype k) { return (byte(k) & 0xC0u) == 0x80u; };
    if (b0 < 0x80)
        return 1;
    if (b0 >= 0xC2 && b0 <= 0xDF)
        return cont(i + 1) ? 2 : 0;
    if (b0 >= 0xE0 && b0 <= 0xEF) {
        const unsigned b1 = byte(i + 1);
        const bool ok = (b0 == 0xE0 ? b1 >= 0xA0 : true) && (b0 == 0xED ? b1 < 0xA0 : true);  // no overlong, no surrogates
        return ok && cont(i + 1) && cont(i + 2) ? 3 : 0;
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
        const unsigned b1 = byte(i + 1);
        const bool ok = (b0 == 0xF0 ? b1 >= 0x90 : true) && (b0 == 0xF4 ? b1 < 0x90 : true);  // U+10000 … U+10FFFF
        return ok && cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    }
    return 0;
}

} // namespace

QString decodeLocalPath(const QByteArray& bytes)
{
    QString out;
    for (qsizetype i = 0; i < bytes.size();) {
        const int n = validSequence(bytes, i);
        if (n == 0) {
            out += QChar(char16_t(0xDC00 + static_cast<unsigned char>(bytes[i])));
            ++i;
        } else {
            out += QString::fromUtf8(bytes.constData() + i, n);
            i += n;
        }
    }
    return out;
}

QByteArray encodeLocalPath(const QString& path)
{
    QByteArray out;
    for (qsizetype i = 0; i < path.size(); ++i) {
        const char16_t c = path[i].unicode();
        if (c >= 0xDC80 && c <= 0xDCFF) {  // an escaped byte (a valid pair is taken whole below)
            out += char(c - 0xDC00);
        } else if (QChar::isHighSurrogate(c) && i + 1 < path.size() && path[i + 1].isLowSurrogate()) {
            out += QStringView(path).mid(i, 2).toUtf8();
            ++i;
        } else {
            out += QStringView(path).mid(i, 1).toUtf8();
        }
    }
    return out;
}

} // namespace mlwb::ui
