// Files written atomically: the whole new content or the old file, never a part. The file
// size limit (RLIMIT_FSIZE) stands in for a full disk.
#include "core/atomic_file.h"
#include "core/input_error.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/resource.h>

class TestAtomicFile : public QObject {
    Q_OBJECT
private slots:
    void replacesTheWholeFile();
    void aFailedWriteKeepsTheOldFile();
};

namespace {
QByteArray contents(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("(unreadable)");
}
} // namespace

void TestAtomicFile::replacesTheWholeFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("p.json");
    mlwb::writeFileAtomically(path.toStdString(), "first");
    mlwb::writeFileAtomically(path.toStdString(), "second, longer");
    QCOMPARE(contents(path), QByteArray("second, longer"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"p.json"});
    QVERIFY(QFile::permissions(path) & QFileDevice::ReadOther);  // not mkstemp's private 0600
}

void TestAtomicFile::aFailedWriteKeepsTheOldFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("p.json");
    mlwb::writeFileAtomically(path.toStdString(), "the old pipeline");
    rlimit old{};
    ::getrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit limited = old;
    limited.rlim_cur = 1000;
    ::setrlimit(RLIMIT_FSIZE, &limited);
    QString error;
    try {
        mlwb::writeFileAtomically(path.toStdString(), std::string(5000, 'x'));
    } catch (const mlwb::InputError& e) {
        error = e.what();
    }
    ::setrlimit(RLIMIT_FSIZE, &old);
    QVERIFY2(error.contains(path) && error.contains("File too large"), qPrintable(error));
    QCOMPARE(contents(path), QByteArray("the old pipeline"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"p.json"});
    QVERIFY_THROWS_EXCEPTION(mlwb::InputError, mlwb::writeFileAtomically("/nonexistent-dir/p.json", "x"));
}

QTEST_MAIN(TestAtomicFile)
#include "tst_atomic_file.moc"
