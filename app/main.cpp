// mlwb: the window by default, or a headless command (labs, run, bench).
#include "about.h"
#include "all_labs.h"
#include "cli.h"
#include "core/heap_policy.h"
#include "core/thread_placement.h"
#include "core/thread_policy.h"
#include "core/vector_state.h"
#include "logging.h"
#include "local_path.h"
#include "main_window.h"
#include "step_runner.h"
#include "tensor/tensor.h"

#include <QApplication>
#include <QDir>
#include <QStandardPaths>

#include <cstdio>
#include <cstdlib>
#include <optional>

namespace {

void describeApplication()
{
    QCoreApplication::setOrganizationName(QStringLiteral("mlwb"));
    QCoreApplication::setApplicationName(QStringLiteral("mlwb"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MLWB_VERSION));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("ML Workbench"));
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.mlwb"));
}

int openWindow(int argc, char** argv)
{
    QApplication app(argc, argv);
    describeApplication();
    mlwb::ui::initLogging(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/logs"));
    int status = 0;
    {
        mlwb::ui::MainWindow window(mlwb::labs::allLabs(), mlwb::app::aboutText());
        window.show();
        status = app.exec();
    }
    mlwb::ui::shutdownLogging();
    if (mlwb::ui::workerAbandoned())
        std::_Exit(status);  // a step ignored Stop; its thread must not see static destructors
    return status;
}

int runHeadless(int argc, char** argv, const QStringList& args)
{
    // Arguments are checked before Qt starts, so a typo gets one line and nothing else.
    const QList<mlwb::ui::Lab> labs = mlwb::labs::allLabs();
    QString error;
    const std::optional<mlwb::app::RunRequest> request = mlwb::app::parseRun(labs, args, &error);
    if (!request)
        return mlwb::app::badUsage(error);
    // Charts are drawn and exported without a display, exactly as the window draws them.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    describeApplication();
    mlwb::ui::initLogging({});
    const int status = mlwb::app::runLab(labs, *request);
    mlwb::ui::shutdownLogging();
    return status;
}

} // namespace

int main(int argc, char** argv)
{
    mlwb::ensurePassiveOpenMpWaiting(argv);
    mlwb::keepFreedHeapMemory();
    // While a step runs, the pool's helpers keep to cores other than its worker thread's
    // (core/thread_placement.h: on a busy machine they would otherwise share one).
    static thread_local std::optional<mlwb::PlacedParallelWork> stepPlacement;
    mlwb::ui::setBeforeEveryStep([] {
        mlwb::clearUpperVectorState();
        stepPlacement.emplace();
    });
    // A finished step's arrays are gone: what was kept for reuse within it goes back.
    mlwb::ui::setAfterEveryStep([] {
        stepPlacement.reset();
        mlwb::tensor::releaseCachedBuffers();
        mlwb::returnFreedHeapMemory();
    });
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << mlwb::ui::decodeLocalPath(argv[i]);  // a file name need not be UTF-8
    if (args.isEmpty())
        return openWindow(argc, argv);

    const QString command = args.takeFirst();
    if (command == "run")
        return runHeadless(argc, argv, args);
    if (command == "bench") {
        // The G* workloads draw charts, offscreen like a headless run.
        qputenv("QT_QPA_PLATFORM", "offscreen");
        QApplication app(argc, argv);
        describeApplication();
        return mlwb::app::bench(args);
    }
    QCoreApplication app(argc, argv);
    describeApplication();
    if (command == "--version" && args.isEmpty()) {
        std::printf("mlwb %s\n", MLWB_VERSION);
        return mlwb::app::kExitOk;
    }
    if ((command == "--help" || command == "-h") && args.isEmpty()) {
        std::fputs(mlwb::app::usage().toLocal8Bit().constData(), stdout);
        return mlwb::app::kExitOk;
    }
    if (command == "labs" && args.isEmpty())
        return mlwb::app::listLabs(mlwb::labs::allLabs());
    return mlwb::app::badUsage(QStringLiteral("unknown command '%1' (try mlwb --help)")
                                   .arg(QStringList{command, args.join(QLatin1Char(' '))}.join(QLatin1Char(' ')).trimmed()));
}
