#include "broadcasting/python_reference.h"


#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryFile>

namespace mlwb::labs::broadcasting {

namespace {

QStringList pythonCandidates()
{
    QStringList found;
    for (const QString& p : {QStandardPaths::findExecutable(QStringLiteral("python3")), QStringLiteral("/usr/bin/python3")})
        if (!p.isEmpty() && QFileInfo(p).isExecutable() && !found.contains(QFileInfo(p).canonicalFilePath()))
            found << QFileInfo(p).canonicalFilePath();
    return found;
}

// Runs the script to its end, or kills it when the step is stopped or it overruns.
std::optional<QJsonObject> runScript(ui::RunContext& ctx, const QString& python, const QStringList& args, QString* why)
{
    QFile script(QStringLiteral(":/labs/broadcasting/python_distance.py"));
    if (!script.open(QIODevice::ReadOnly)) {
        *why = QStringLiteral("the Python script is missing from the program's resources");
        return std::nullopt;
    }
    QProcess process;
    process.start(python, QStringList{QStringLiteral("-c"), QString::fromUtf8(script.readAll())} + args);
    constexpr int kLimitMs = 60'000;
    for (int waited = 0; !process.waitForFinished(50); waited += 50) {
        if (process.state() == QProcess::NotRunning)
            break;
        if (ctx.stopRequested() || waited > kLimitMs) {
            process.kill();
            process.waitForFinished(1000);
            *why = ctx.stopRequested() ? QString() : QStringLiteral("%1 did not finish within a minute").arg(python);
            return std::nullopt;
        }
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        *why = QStringLiteral("%1 failed: %2").arg(python, QString::fromLocal8Bit(process.readAllStandardError()).trimmed().right(300));
        return std::nullopt;
    }
    const QJsonDocument doc = QJsonDocument::fromJson(process.readAllStandardOutput().trimmed());
    if (!doc.isObject()) {
        *why = QStringLiteral("%1 printed no result").arg(python);
        return std::nullopt;
    }
    return doc.object();
}

} // namespace

std::optional<PythonTimings> timeInPython(ui::RunContext& ctx, std::span<const double> x, std::int64_t n,
                                          std::int64_t d, double loopBudgetSeconds, bool withBroadcasting,
                                          QString* why)
{
    const QStringList pythons = pythonCandidates();
    if (pythons.isEmpty()) {
        *why = QStringLiteral("This machine has no python3, so there is no comparison with real Python and NumPy.");
        return std::nullopt;
    }
    QTemporaryFile data;
    if (!data.open() || data.write(reinterpret_cast<const char*>(x.data()), qint64(x.size_bytes())) != qint64(x.size_bytes()) ||
        !data.flush()) {
        *why = QStringLiteral("could not write the data for Python: %1").arg(data.errorString());
        return std::nullopt;
    }
    const QStringList args{data.fileName(), QString::number(n), QString::number(d), QString::number(loopBudgetSeconds),
                           withBroadcasting ? QStringLiteral("1") : QStringLiteral("0")};
    QStringList withoutNumpy;
    for (const QString& python : pythons) {
        const std::optional<QJsonObject> r = runScript(ctx, python, args, why);
        if (!r)
            return std::nullopt;
        if (r->value("numpy").isNull()) {
            withoutNumpy << QStringLiteral("%1 (Python %2)").arg(python, r->value("python").toString());
            continue;
        }
        PythonTimings t;
        t.interpreter = python;
        t.pythonVersion = r->value("python").toString();
        t.numpyVersion = r->value("numpy").toString();
        t.loopSeconds = r->value("loop_seconds").toDouble();
        t.loopRows = r->value("loop_rows").toInteger();
        t.broadcastingSeconds = r->value("broadcasting_seconds").toDouble();
        t.matrixProductSeconds = r->value("matrix_product_seconds").toDouble();
        return t;
    }
    *why = QStringLiteral("No python3 here has NumPy (%1), so there is no comparison with real NumPy.")
               .arg(withoutNumpy.join(QStringLiteral(", ")));
    return std::nullopt;
}

} // namespace mlwb::labs::broadcasting
