#pragma once
// File names on Linux are bytes, and not always UTF-8 (a file copied from an old Windows
// or Latin-1 machine: "caf\xe9.csv"). Qt decodes them as UTF-8 and turns each bad byte into
// U+FFFD, after which the file cannot be found again. These two round-trip any bytes: a
// byte that is not part of valid UTF-8 becomes the lone surrogate U+DC80 + (byte − 0x80),
// as Python's "surrogateescape" does, and goes back to the same byte.
#include <QByteArray>
#include <QString>

namespace mlwb::ui {

QString decodeLocalPath(const QByteArray& bytes);
QByteArray encodeLocalPath(const QString& path);

} // namespace mlwb::ui
