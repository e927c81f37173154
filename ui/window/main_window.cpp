#include "main_window.h"

#include "chart_panel.h"
#include "figure_view.h"
#include "lab_navigator.h"
#include "lab_view.h"
#include "logging.h"
#include "parameter_form.h"
#include "step_runner.h"
#include "theme.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QProgressBar>
#include <QScreen>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QToolButton>

#include <spdlog/spdlog.h>

namespace mlwb::ui {

namespace {
// Interactive runs are spread over this long so a learner sees the optimisers move.
constexpr double kAnimationSeconds = 2.5;

// The chosen format's filter first: the dialog preselects it (Export as SVG offered "PNG image").
QString exportFilter(ExportFormat chosen)
{
    QStringList filters{QObject::tr("PNG image (*.png)"), QObject::tr("SVG drawing (*.svg)"),
                        QObject::tr("PDF document (*.pdf)")};
    filters.move(static_cast<int>(chosen), 0);
    return filters.join(QStringLiteral(";;"));
}
} // namespace

MainWindow::MainWindow(QList<Lab> labs, QString aboutText, std::unique_ptr<Dialogs> dialogs, QWidget* parent)
    : QMainWindow(parent), labs_(std::move(labs)), aboutText_(std::move(aboutText)),
      dialogs_(dialogs ? std::move(dialogs) : std::make_unique<Dialogs>())
{
    setWindowTitle(tr("ML Workbench"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/mlwb.svg")));

    view_ = new LabView;
    setCentralWidget(view_);
    view_->form()->setDialogs(dialogs_.get());
    view_->form()->setBrowseDirectory(dataDirectory());
    setAcceptDrops(true);

    navigator_ = new LabNavigator(labs_);
    navigatorDock_ = new QDockWidget(tr("Labs"), this);
    navigatorDock_->setObjectName(QStringLiteral("navigatorDock"));
    navigatorDock_->setWidget(navigator_);
    addDockWidget(Qt::LeftDockWidgetArea, navigatorDock_);

    log_ = new LogDock(this);
    addDockWidget(Qt::BottomDockWidgetArea, log_);

    runner_ = new StepRunner(this);
    rerun_.setSingleShot(true);
    rerun_.setInterval(400);

    createMenus();
    createStatusBar();

    connect(navigator_, &LabNavigator::stepChosen, this, &MainWindow::openStep);
    connect(view_, &LabView::runRequested, this, &MainWindow::run);
    connect(view_, &LabView::stopRequested, this, &MainWindow::stop);
    connect(view_, &LabView::pauseToggled, this, &MainWindow::setPaused);
    connect(view_, &LabView::stepRequested, this, &MainWindow::stepOnce);
    connect(view_, &LabView::speedChanged, runner_, &StepRunner::setSpeed);
    connect(view_, &LabView::exportRequested, this, &MainWindow::exportChart);
    connect(view_, &LabView::figureExportRequested, this, &MainWindow::exportFigure);
    connect(view_, &LabView::parameterChanged, this, &MainWindow::onParameterChanged);
    connect(view_, &LabView::seedChanged, this, [this](quint64 seed) {
        QSettings().setValue(settingsPrefix() + QStringLiteral("seed"), seed);
        rerun_.start();
    });
    // Defaults resets every field the step shows, its shared ones too (the data set): a
    // learner who pressed it after a failed experiment expects the lab as it came.
    connect(view_, &LabView::defaultsRequested, this, [this] {
        QSettings settings;
        settings.remove(settingsPrefix());
        for (const Parameter& p : labs_[lab_].steps[step_].parameters)
            if (p.shared)
                settings.remove(settingsKey(p));
        pendingFile_.reset();
        openStep(lab_, step_);
    });
    connect(&rerun_, &QTimer::timeout, this, &MainWindow::run);

    connect(runner_, &StepRunner::figuresChanged, view_, &LabView::showFigures);
    connect(runner_, &StepRunner::chartsChanged, view_, &LabView::showCharts);
    connect(runner_, &StepRunner::streamed, view_, &LabView::appendStreams);
    connect(runner_, &StepRunner::notesChanged, view_, &LabView::showNotes);
    connect(runner_, &StepRunner::progressChanged, this, [this](double fraction, double seconds) {
        progress_->setValue(static_cast<int>(fraction * 1000));
        elapsed_->setText(tr("%1 s").arg(seconds, 0, 'f', 1));
    });
    connect(runner_, &StepRunner::finished, this,
            [this](const QString& error, bool stopped, double seconds, const QJsonObject&) {
                onFinished(error, stopped, seconds);
            });
    // Queued: the question is asked after the failed run has been shown, outside the poll.
    connect(runner_, &StepRunner::replaceConsentNeeded, this, &MainWindow::askToReplace, Qt::QueuedConnection);

    restoreSettings();
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    openDataAction_ = file->addAction(tr("&Open Data…"), this, &MainWindow::openData);
    openDataAction_->setObjectName(QStringLiteral("openData"));
    openDataAction_->setShortcut(QKeySequence::Open);
    openDataAction_->setToolTip(tr("Choose the data set of this step (you can also drop a file on the window)"));
    file->addSeparator();
    QAction* exportCurrent = file->addAction(tr("&Export Current Chart…"), this, &MainWindow::exportCurrentChart);
    exportCurrent->setShortcut(Qt::CTRL | Qt::Key_E);
    QMenu* exportFig = file->addMenu(tr("Export &Figure"));
    for (int scale : {1, 2, 3})
        exportFig->addAction(tr("As PNG (%1×)…").arg(scale), this, [this, scale] { exportCurrentFigure(ExportFormat::Png, scale); });
    exportFig->addAction(tr("As SVG…"), this, [this] { exportCurrentFigure(ExportFormat::Svg, 1); });
    exportFig->addAction(tr("As PDF…"), this, [this] { exportCurrentFigure(ExportFormat::Pdf, 1); });
    QMenu* exportAll = file->addMenu(tr("Export &All Charts of This Step"));
    for (ExportFormat f : {ExportFormat::Png, ExportFormat::Svg, ExportFormat::Pdf})
        exportAll->addAction(tr("As %1…").arg(formatSuffix(f).toUpper()), this, [this, f] { exportAllCharts(f); });
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* copy = edit->addAction(tr("&Copy Current Chart"), this, [this] {
        if (ChartPanel* panel = view_->currentChart())
            panel->copyToClipboard();
    });
    copy->setShortcut(QKeySequence::Copy);

    QMenu* lab = menuBar()->addMenu(tr("&Lab"));
    runAction_ = lab->addAction(tr("&Run Step"), this, &MainWindow::run);
    runAction_->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_R), QKeySequence(Qt::Key_F5)});
    stopAction_ = lab->addAction(tr("&Stop"), this, &MainWindow::stop);
    stopAction_->setShortcut(QKeySequence::Cancel);
    stopAction_->setEnabled(false);
    pauseAction_ = lab->addAction(tr("&Pause"));
    pauseAction_->setCheckable(true);
    pauseAction_->setShortcut(Qt::Key_F8);
    connect(pauseAction_, &QAction::toggled, this, &MainWindow::setPaused);
    QAction* stepOnceAction = lab->addAction(tr("Step &Once"), this, &MainWindow::stepOnce);
    stepOnceAction->setShortcut(Qt::Key_F10);
    lab->addSeparator();
    backAction_ = lab->addAction(tr("&Back"), this, &MainWindow::back);
    backAction_->setShortcuts({QKeySequence(QKeySequence::Back), QKeySequence(Qt::CTRL | Qt::Key_PageUp)});
    nextAction_ = lab->addAction(tr("&Next"), this, &MainWindow::next);
    nextAction_->setShortcuts({QKeySequence(QKeySequence::Forward), QKeySequence(Qt::CTRL | Qt::Key_PageDown)});

    QMenu* view = menuBar()->addMenu(tr("&View"));
    auto* themes = new QActionGroup(this);
    QAction* light = view->addAction(tr("&Light Theme"));
    darkAction_ = view->addAction(tr("&Dark Theme"));
    for (QAction* a : {light, darkAction_}) {
        a->setCheckable(true);
        themes->addAction(a);
    }
    light->setChecked(true);
    connect(darkAction_, &QAction::toggled, this, &MainWindow::setDarkTheme);
    view->addSeparator();
    animateAction_ = view->addAction(tr("&Animate Runs"));
    animateAction_->setCheckable(true);
    animateAction_->setChecked(true);
    animateAction_->setToolTip(tr("Spread each run over a few seconds so the optimisers can be watched"));
    connect(animateAction_, &QAction::toggled, this, [](bool on) { QSettings().setValue("view/animate", on); });
    view->addSeparator();
    for (QDockWidget* dock : findChildren<QDockWidget*>())
        view->addAction(dock->toggleViewAction());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About ML Workbench"), this,
                    [this] { dialogs_->about(this, tr("About ML Workbench"), aboutText_); });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::createStatusBar()
{
    progress_ = new QProgressBar;
    progress_->setRange(0, 1000);
    progress_->setTextVisible(false);
    progress_->setMaximumWidth(220);
    elapsed_ = new QLabel;
    elapsed_->setMinimumWidth(60);
    statusStop_ = new QToolButton;
    statusStop_->setObjectName(QStringLiteral("statusStop"));
    statusStop_->setDefaultAction(stopAction_);
    statusStop_->setToolButtonStyle(Qt::ToolButtonTextOnly);
    statusBar()->addPermanentWidget(progress_);
    statusBar()->addPermanentWidget(elapsed_);
    statusBar()->addPermanentWidget(statusStop_);
}

void MainWindow::restoreSettings()
{
    QSettings s;
    if (!restoreGeometry(s.value("window/geometry").toByteArray())) {
        // First start: most of the screen, with room for two charts side by side.
        const QSize screen = QGuiApplication::primaryScreen()->availableSize();
        resize(std::min(1600, screen.width() * 9 / 10), std::min(1000, screen.height() * 9 / 10));
        // On a small screen (1024 × 700) the parameters and Run come first: narrow docks.
        const bool small = screen.height() < 800 || screen.width() < 1280;
        resizeDocks({navigatorDock_}, {small ? 200 : 240}, Qt::Horizontal);
        resizeDocks({log_}, {small ? 70 : 130}, Qt::Vertical);
    }
    restoreState(s.value("window/state").toByteArray());
    const bool dark = s.value("view/dark", false).toBool();
    darkAction_->setChecked(dark);
    setDarkTheme(dark);
    animateAction_->setChecked(s.value("view/animate", true).toBool());
    int lab = 0, step = 0;
    const QString labId = s.value("lab/current").toString();
    for (int l = 0; l < labs_.size(); ++l)
        if (labs_[l].id == labId) {
            lab = l;
            step = std::clamp(s.value("lab/step", 0).toInt(), 0, int(labs_[l].steps.size()) - 1);
        }
    if (labs_.isEmpty())
        return;
    const QString unfinished = s.value(kUnfinishedRun).toString();
    selectStep(lab, step);
    if (unfinished.isEmpty() || unfinished != unfinishedRunKey()) {
        run();
        return;
    }
    markRunUnfinished({});
    const QString title = labs_[lab].steps[step].title;
    spdlog::warn("the last run of step '{}' did not finish; not re-running it", unfinished.toStdString());
    view_->showError(tr("The last run of “%1” did not finish: the program ended during it, perhaps by a crash. "
                        "It was not run again at start, so the same values cannot end the program twice. Press Run "
                        "to try again, or Defaults to start from the step's usual values.")
                         .arg(title));
    statusBar()->showMessage(tr("Not re-run: the last run of %1 did not finish").arg(title));
}

QString MainWindow::settingsPrefix() const
{
    const Lab& lab = labs_.at(lab_);
    return QStringLiteral("params/%1/%2/").arg(lab.id, lab.steps.at(step_).id);
}

// Shared parameters live beside the steps' groups, so a step's Defaults (which removes
// its group) leaves them alone.
QString MainWindow::settingsKey(const Parameter& p) const
{
    if (p.shared)
        return QStringLiteral("params/%1/shared/%2").arg(labs_.at(lab_).id, p.name);
    return settingsPrefix() + p.name;
}

const Parameter* MainWindow::fileParameter() const
{
    if (lab_ < 0)
        return nullptr;
    for (const Parameter& p : labs_[lab_].steps[step_].parameters)
        if (p.kind == Parameter::Kind::File)
            return &p;
    return nullptr;
}

QString MainWindow::dataDirectory() const
{
    return QSettings().value("data/dir", QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)).toString();
}

// A remembered value is used only when it still parses and fits the parameter: a lab
// whose ranges changed since must not be started with a value it no longer accepts.
ParameterValues MainWindow::storedValues(const Step& step) const
{
    QSettings s;
    ParameterValues values = step.defaults();
    for (const Parameter& p : step.parameters) {
        const QVariant stored = s.value(settingsKey(p));
        if (!stored.isValid())
            continue;
        QString error;
        if (std::optional<QVariant> v = p.parse(stored.toString(), &error))
            values[p.name] = *v;
        else
            spdlog::warn("ignoring the remembered value of {}: {}", p.name.toStdString(), error.toStdString());
    }
    return values;
}

void MainWindow::storeValue(const QString& name, const QVariant& value)
{
    if (const Parameter* p = labs_[lab_].steps[step_].parameter(name))
        QSettings().setValue(settingsKey(*p), value.toString());
}

void MainWindow::onParameterChanged(const QString& name, const QVariant& value)
{
    const Step& step = labs_[lab_].steps[step_];
    const Parameter* p = step.parameter(name);
    if (p && p->kind == Parameter::Kind::File) {
        // Several changes before a run succeeds: the one to go back to is the first's.
        if (!pendingFile_ || pendingFile_->name != name)
            pendingFile_ = PendingFile{name, storedValues(step).value(name).toString()};
        const QFileInfo file(value.toString());
        if (file.isFile()) {
            QSettings().setValue("data/dir", file.absolutePath());
            view_->form()->setBrowseDirectory(file.absolutePath());
        }
    }
    storeValue(name, value);
    rerun_.start();
}

void MainWindow::openStep(int lab, int step)
{
    if (selectStep(lab, step))
        run();
}

bool MainWindow::selectStep(int lab, int step)
{
    if (lab < 0 || lab >= labs_.size() || step < 0 || step >= labs_[lab].steps.size())
        return false;
    runner_->stop();
    rerun_.stop();
    // A data set still being tried carries over only as a shared parameter of this lab.
    if (pendingFile_) {
        const Parameter* p = labs_[lab].steps[step].parameter(pendingFile_->name);
        if (lab != lab_ || !p || !p->shared)
            pendingFile_.reset();
    }
    lab_ = lab;
    step_ = step;
    const Step& s = labs_[lab].steps[step];
    const quint64 seed = QSettings().value(settingsPrefix() + QStringLiteral("seed"), 42).toULongLong();
    view_->showStep(labs_[lab], step, storedValues(s), seed);
    navigator_->select(lab, step);
    QSettings settings;
    settings.setValue("lab/current", labs_[lab].id);
    settings.setValue("lab/step", step);
    updateNavigationActions();
    openDataAction_->setEnabled(fileParameter() != nullptr);
    return true;
}

void MainWindow::run() { runReplacing({}); }

void MainWindow::runReplacing(const ReplacePermission& replace)
{
    if (lab_ < 0)
        return;
    view_->form()->commitEditing();
    rerun_.stop();
    const Step& step = labs_[lab_].steps[step_];
    if (pendingFile_)
        pendingFile_->started = true;
    view_->clearError();
    view_->beginRun();
    view_->setRunning(true);
    runAction_->setEnabled(false);
    stopAction_->setEnabled(true);
    progress_->setValue(0);
    statusBar()->showMessage(tr("Running %1…").arg(step.title));
    markRunUnfinished(unfinishedRunKey());
    runner_->start(step, view_->values(), view_->seed(), animateAction_->isChecked() ? kAnimationSeconds : 0.0,
                   replace);
}

void MainWindow::stop()
{
    runner_->stop();
}

void MainWindow::setPaused(bool paused)
{
    runner_->setPaused(paused);
    view_->setPaused(paused);
    {
        QSignalBlocker block(pauseAction_);
        pauseAction_->setChecked(paused);
    }
    if (runner_->isRunning())
        statusBar()->showMessage(paused ? tr("Paused: Step (F10) advances one step, Resume (F8) goes on")
                                        : tr("Running %1…").arg(labs_[lab_].steps[step_].title));
}

// Paused: one more step. Idle: the run starts paused, at its first step.
void MainWindow::stepOnce()
{
    if (!runner_->isRunning()) {
        setPaused(true);
        run();
    }
    runner_->stepOnce();
}

// A run that crashes the program would crash it again at every start, since the window
// re-runs the step it opens with. So a run is marked in the settings, on disk at once, until
// it ends; a start that finds the mark opens that step without running it.
void MainWindow::markRunUnfinished(const QString& key)
{
    QSettings s;
    if (key.isEmpty())
        s.remove(kUnfinishedRun);
    else
        s.setValue(kUnfinishedRun, key);
    s.sync();
}

QString MainWindow::unfinishedRunKey() const { return labs_[lab_].id + QLatin1Char('/') + labs_[lab_].steps[step_].id; }

void MainWindow::onFinished(const QString& error, bool stopped, double seconds)
{
    markRunUnfinished({});
    setPaused(false);  // the next Run runs
    view_->setRunning(false);
    runAction_->setEnabled(true);
    stopAction_->setEnabled(false);
    if (!error.isEmpty()) {
        QString message = error;
        const bool previousDataSetBack = pendingFile_ && pendingFile_->started;
        if (previousDataSetBack) {
            // Back to the data set the charts still show; no re-run, they are its charts.
            view_->form()->setText(pendingFile_->name, pendingFile_->previous, false);
            storeValue(pendingFile_->name, pendingFile_->previous);
            message += QLatin1Char('\n') + tr("Kept the previous data set: %1.").arg(pendingFile_->previous);
            pendingFile_.reset();
        }
        view_->showError(message, previousDataSetBack);
        statusBar()->showMessage(tr("Failed after %1 s").arg(seconds, 0, 'f', 2));
    } else if (stopped) {
        statusBar()->showMessage(tr("Stopped after %1 s").arg(seconds, 0, 'f', 2));
    } else {
        pendingFile_.reset();
        view_->finishRun();
        progress_->setValue(1000);
        statusBar()->showMessage(tr("Finished in %1 s").arg(seconds, 0, 'f', 2));
    }
}

// The step refused to replace a file it did not write; the learner decides, and the step
// runs again with the same values if they agree.
void MainWindow::askToReplace(const QString& path)
{
    if (runner_->isRunning())
        return;  // another run started meanwhile; the question no longer applies
    const QString text = tr("“%1” already exists and was not written by this step. Replace it? What it holds now "
                            "will be lost.")
                             .arg(QDir::toNativeSeparators(path));
    if (dialogs_->confirm(this, tr("Replace file?"), text, tr("Replace")))
        runReplacing(ReplacePermission{false, {path}});
}

void MainWindow::back()
{
    if (step_ > 0)
        openStep(lab_, step_ - 1);
    else if (lab_ > 0)
        openStep(lab_ - 1, int(labs_[lab_ - 1].steps.size()) - 1);
}

void MainWindow::next()
{
    if (lab_ < 0)
        return;
    if (step_ + 1 < labs_[lab_].steps.size())
        openStep(lab_, step_ + 1);
    else if (lab_ + 1 < labs_.size())
        openStep(lab_ + 1, 0);
}

void MainWindow::updateNavigationActions()
{
    backAction_->setEnabled(lab_ > 0 || step_ > 0);
    nextAction_->setEnabled(lab_ + 1 < labs_.size() || step_ + 1 < labs_[lab_].steps.size());
}

void MainWindow::setDarkTheme(bool dark)
{
    applyTheme(dark);
    view_->setDark(dark);
    QSettings().setValue("view/dark", dark);
}

void MainWindow::openData()
{
    const Parameter* p = fileParameter();
    if (!p)
        return;
    const QFileInfo current(view_->values().value(p->name).toString());
    const QString dir = current.isFile() ? current.absolutePath() : dataDirectory();
    const QString path = dialogs_->openFile(this, tr("Open Data"), p->fileFilter, dir);
    if (!path.isEmpty())
        view_->form()->setText(p->name, path);  // as if typed: stored, remembered, re-run
}

// The one local file a drag carries, when the current step takes a file; else empty.
QString MainWindow::droppedFile(const QMimeData* mime) const
{
    if (!fileParameter() || !mime || !mime->hasUrls())
        return {};
    const QList<QUrl> urls = mime->urls();
    return urls.size() == 1 && urls.front().isLocalFile() ? urls.front().toLocalFile() : QString();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (!droppedFile(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QString path = droppedFile(event->mimeData());
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    view_->form()->setText(fileParameter()->name, path);
}

void MainWindow::exportCurrentChart()
{
    ChartPanel* panel = view_->currentChart();
    if (!panel) {
        statusBar()->showMessage(tr("There is no chart to export yet: run the step first."), 5000);
        return;
    }
    exportChart(panel, ExportFormat::Png, 2);
}

void MainWindow::exportChart(ChartPanel* panel, ExportFormat format, int scale)
{
    exportAs(tr("Export Chart"), panel->spec().id, format, scale,
             [panel](const QString& path, ExportFormat f, int k, QString* error) { return panel->exportTo(path, f, k, error); });
}

void MainWindow::exportFigure(FigureView* figure, ExportFormat format, int scale)
{
    exportAs(tr("Export Figure"), figure->spec().id, format, scale,
             [figure](const QString& path, ExportFormat f, int k, QString* error) { return figure->exportTo(path, f, k, error); });
}

void MainWindow::exportCurrentFigure(ExportFormat format, int scale)
{
    FigureView* figure = view_->currentFigure();
    if (!figure) {
        statusBar()->showMessage(view_->charts().isEmpty() ? tr("There is no figure to export yet: run the step first.")
                                                           : tr("This step draws its charts one by one, not as a figure: "
                                                                "export them with Export Current Chart or Export All."),
                                 8000);
        return;
    }
    exportFigure(figure, format, scale);
}

// Asks for a file name (the format follows its suffix, defaulting to the one chosen) and
// writes the chart or figure named name through write.
void MainWindow::exportAs(const QString& dialogTitle, const QString& name, ExportFormat format, int scale,
                          const std::function<bool(const QString&, ExportFormat, int, QString*)>& write)
{
    const Lab& lab = labs_.at(lab_);
    QSettings s;
    const QString dir = s.value("export/dir", QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)).toString();
    const QString suggested = QDir(dir).filePath(chartFileName(lab.id, lab.steps[step_].id, name, format));
    QString path = dialogs_->saveFile(this, dialogTitle, suggested, exportFilter(format));
    if (path.isEmpty())
        return;
    const std::optional<ExportFormat> chosen = formatFromName(QFileInfo(path).suffix());
    if (!chosen)
        path += QLatin1Char('.') + formatSuffix(format);
    else if (*chosen != format)
        scale = 1;
    QString error;
    if (!write(path, chosen.value_or(format), scale, &error)) {
        dialogs_->error(this, tr("Export failed"), error);
        return;
    }
    s.setValue("export/dir", QFileInfo(path).absolutePath());
    spdlog::info("exported {}", path.toStdString());
    statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 5000);
}

void MainWindow::exportAllCharts(ExportFormat format)
{
    if (view_->charts().isEmpty()) {
        statusBar()->showMessage(tr("There are no charts to export yet: run the step first."), 5000);
        return;
    }
    QSettings s;
    const QString start = s.value("export/dir", QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)).toString();
    const QString dir = dialogs_->directory(this, tr("Export All Charts To"), start);
    if (dir.isEmpty())
        return;
    const Lab& lab = labs_.at(lab_);
    const int scale = format == ExportFormat::Png ? 2 : 1;
    for (ChartPanel* panel : view_->charts()) {
        const QString path = QDir(dir).filePath(chartFileName(lab.id, lab.steps[step_].id, panel->spec().id, format));
        QString error;
        if (!panel->exportTo(path, format, scale, &error)) {
            dialogs_->error(this, tr("Export failed"), error);
            return;
        }
    }
    for (FigureView* figure : view_->figures()) {
        const QString path = QDir(dir).filePath(chartFileName(lab.id, lab.steps[step_].id, figure->spec().id, format));
        QString error;
        if (!figure->exportTo(path, format, scale, &error)) {
            dialogs_->error(this, tr("Export failed"), error);
            return;
        }
    }
    s.setValue("export/dir", dir);
    statusBar()->showMessage(tr("Exported %1 charts and %2 figures to %3")
                                 .arg(view_->charts().size())
                                 .arg(view_->figures().size())
                                 .arg(QDir::toNativeSeparators(dir)),
                             5000);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    runner_->stop();
    markRunUnfinished({});  // stopped, not crashed
    QSettings s;
    s.setValue("window/geometry", saveGeometry());
    s.setValue("window/state", saveState());
    QMainWindow::closeEvent(event);
}

} // namespace mlwb::ui
