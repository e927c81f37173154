#pragma once
#include "chart_export.h"
#include "dialogs.h"
#include "lab.h"
#include "replace_permission.h"

#include <QMainWindow>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

QT_BEGIN_NAMESPACE
class QAction;
class QMimeData;
class QDockWidget;
class QLabel;
class QProgressBar;
class QToolButton;
QT_END_NAMESPACE

namespace mlwb::ui {

class ChartPanel;
class FigureView;
class LabNavigator;
class LabView;
class LogDock;
class StepRunner;

// Assembles the window: the lab navigator (dock), the lab view (centre), the log dock,
// menus and the status bar. Remembers geometry, docks, the last step and every
// parameter in QSettings (shared parameters once per lab). Behaviour of the parts lives
// in the parts. A step's first File parameter can also be set by File → Open Data… and
// by dropping a file on the window; a data set that fails to load is not kept.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(QList<Lab> labs, QString aboutText, std::unique_ptr<Dialogs> dialogs = nullptr,
               QWidget* parent = nullptr);
    ~MainWindow() override;

    // Shows a step with its remembered parameters and runs it.
    void openStep(int lab, int step);
    void run();
    // Runs the current step allowing it to replace these files it did not write.
    void runReplacing(const ReplacePermission& replace);
    void stop();
    void back();
    void next();
    // Asks for a file for the current step's first File parameter and runs with it.
    void openData();
    void exportCurrentChart();
    void exportAllCharts(ExportFormat format);
    void setDarkTheme(bool dark);

    int currentLab() const { return lab_; }
    int currentStep() const { return step_; }
    LabView* labView() const { return view_; }
    StepRunner* runner() const { return runner_; }

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    // The settings key naming a run that has started and not ended ("lab/step").
    static constexpr const char* kUnfinishedRun = "run/unfinished";

    bool selectStep(int lab, int step);  // shows it without running it; false if out of range
    void markRunUnfinished(const QString& key);  // empty: no run is in progress
    QString unfinishedRunKey() const;
    void createMenus();
    void createStatusBar();
    void restoreSettings();
    ParameterValues storedValues(const Step& step) const;
    void storeValue(const QString& name, const QVariant& value);
    QString settingsPrefix() const;
    QString settingsKey(const Parameter& p) const;
    const Parameter* fileParameter() const;
    QString droppedFile(const QMimeData* mime) const;
    QString dataDirectory() const;
    void onParameterChanged(const QString& name, const QVariant& value);
    void onFinished(const QString& error, bool stopped, double seconds);
    void askToReplace(const QString& path);
    void setPaused(bool paused);
    void stepOnce();
    void exportChart(ChartPanel* panel, ExportFormat format, int scale);
    void exportFigure(FigureView* figure, ExportFormat format, int scale);
    void exportCurrentFigure(ExportFormat format, int scale);
    void exportAs(const QString& dialogTitle, const QString& name, ExportFormat format, int scale,
                  const std::function<bool(const QString&, ExportFormat, int, QString*)>& write);
    void updateNavigationActions();

    QList<Lab> labs_;
    QString aboutText_;
    std::unique_ptr<Dialogs> dialogs_;
    int lab_ = -1, step_ = -1;

    LabNavigator* navigator_;
    QDockWidget* navigatorDock_;
    LabView* view_;
    LogDock* log_;
    StepRunner* runner_;
    QTimer rerun_;  // debounces re-runs while a parameter is being dragged
    // A File parameter changed and the run that will try it has not succeeded yet: if it
    // fails, `previous` (the value before the change) is put back.
    struct PendingFile {
        QString name;
        QString previous;
        bool started = false;  // a run with the new value has started
    };
    std::optional<PendingFile> pendingFile_;

    QAction* openDataAction_ = nullptr;
    QAction* runAction_ = nullptr;
    QAction* stopAction_ = nullptr;
    QAction* pauseAction_ = nullptr;
    QAction* backAction_ = nullptr;
    QAction* nextAction_ = nullptr;
    QAction* darkAction_ = nullptr;
    QAction* animateAction_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* elapsed_ = nullptr;
    QToolButton* statusStop_ = nullptr;
};

} // namespace mlwb::ui
