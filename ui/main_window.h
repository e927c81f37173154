#pragma once
#include "chart_export.h"
#include "dialogs.h"
#include "lab.h"

#include <QMainWindow>
#include <QTimer>

#include <memory>

QT_BEGIN_NAMESPACE
class QAction;
class QDockWidget;
class QLabel;
class QProgressBar;
class QToolButton;
QT_END_NAMESPACE

namespace mlwb::ui {

class ChartPanel;
class LabNavigator;
class LabView;
class LogDock;
class StepRunner;

// Assembles the window: the lab navigator (dock), the lab view (centre), the log dock,
// menus and the status bar. Remembers geometry, docks, the last step and every
// parameter in QSettings. Behaviour of the parts lives in the parts.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(QList<Lab> labs, QString aboutText, std::unique_ptr<Dialogs> dialogs = nullptr,
               QWidget* parent = nullptr);
    ~MainWindow() override;

    // Shows a step with its remembered parameters and runs it.
    void openStep(int lab, int step);
    void run();
    void stop();
    void back();
    void next();
    void exportCurrentChart();
    void exportAllCharts(ExportFormat format);
    void setDarkTheme(bool dark);

    int currentLab() const { return lab_; }
    int currentStep() const { return step_; }
    LabView* labView() const { return view_; }
    StepRunner* runner() const { return runner_; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createMenus();
    void createStatusBar();
    void restoreSettings();
    ParameterValues storedValues(const Step& step) const;
    void storeValue(const QString& name, const QVariant& value);
    QString settingsPrefix() const;
    void onFinished(const QString& error, bool stopped, double seconds);
    void exportChart(ChartPanel* panel, ExportFormat format, int scale);
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

    QAction* runAction_ = nullptr;
    QAction* stopAction_ = nullptr;
    QAction* backAction_ = nullptr;
    QAction* nextAction_ = nullptr;
    QAction* darkAction_ = nullptr;
    QAction* animateAction_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* elapsed_ = nullptr;
    QToolButton* statusStop_ = nullptr;
};

} // namespace mlwb::ui
