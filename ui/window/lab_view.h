#pragma once
#include "chart_export.h"
#include "chart_spec.h"
#include "figure_spec.h"
#include "lab.h"

#include <QSet>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QComboBox;
class QGridLayout;
class QLabel;
class QPushButton;
class QScrollArea;
class QSpinBox;
class QTextBrowser;
QT_END_NAMESPACE

namespace mlwb::ui {

class ChartPanel;
class FigureView;
class ParameterForm;

// The centre of the window: the current step's text, its parameter form, Run/Stop, the
// notes and errors of the last run, and its charts in a grid.
class LabView : public QWidget {
    Q_OBJECT
public:
    explicit LabView(QWidget* parent = nullptr);

    // Shows a step; its charts start empty.
    void showStep(const Lab& lab, int stepIndex, const ParameterValues& values, quint64 seed);
    ParameterValues values() const;
    quint64 seed() const;
    ParameterForm* form() const { return form_; }

    void setRunning(bool running);
    void setPaused(bool paused);  // shows the state without emitting pauseToggled
    // Creates panels for new chart ids and updates the others.
    void showCharts(const QList<ChartSpec>& charts);
    // Streamed points and bins for charts already shown; only the new data travel.
    void appendStreams(const QList<SeriesBlock>& blocks, const QList<HistogramUpdate>& histograms);
    // Creates or updates figures; their charts (present or still to come) move into them.
    void showFigures(const QList<FigureSpec>& figures);
    void showNotes(const QStringList& notes);
    // A run starts: the charts it publishes are its own, the others are from an earlier run.
    void beginRun();
    // The run succeeded: charts it did not publish are gone, they belong to other parameters.
    void finishRun();
    // A failed run: the message is shown. The earlier run's charts stay, dimmed and labelled
    // as not matching the parameters, unless chartsStillMatch (the old data set was put back).
    void showError(const QString& message, bool chartsStillMatch = false);
    void clearError();
    // Dimmed: drawn for other parameters than the form shows.
    static bool isStale(const ChartPanel* panel);

    QList<ChartPanel*> charts() const { return charts_; }
    QList<FigureView*> figures() const { return figures_; }
    ChartPanel* currentChart() const;
    // The figure holding the current chart, else the step's first figure; null when none.
    FigureView* currentFigure() const;
    void setDark(bool dark);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

signals:
    void runRequested();
    void stopRequested();
    void pauseToggled(bool paused);
    void stepRequested();
    void speedChanged(double factor);
    void parameterChanged(const QString& name, const QVariant& value);
    void seedChanged(quint64 seed);
    void defaultsRequested();
    void exportRequested(mlwb::ui::ChartPanel* panel, mlwb::ui::ExportFormat format, int scale);
    void figureExportRequested(mlwb::ui::FigureView* figure, mlwb::ui::ExportFormat format, int scale);

private:
    QLabel* title_;
    QTextBrowser* text_;
    ParameterForm* form_;
    QSpinBox* seed_;
    QPushButton* run_;
    QPushButton* stop_;
    QPushButton* pause_;
    QPushButton* step_;
    QComboBox* speed_;
    QLabel* notes_;
    QLabel* error_;
    void layOutCharts();
    void placeCharts();  // figures first, full width; then loose charts in publish order, columns_ wide
    FigureView* figureOf(const ChartPanel* panel) const;
    QWidget* chartArea_;
    QGridLayout* grid_;
    QScrollArea* scroll_;
    int columns_ = 2;
    QList<ChartPanel*> charts_;
    QList<FigureView*> figures_;
    QSet<QString> publishedThisRun_;
    QSet<QString> figuresThisRun_;
    void setStale(ChartPanel* panel, bool stale);
    ChartPanel* current_ = nullptr;
    bool dark_ = false;
};

} // namespace mlwb::ui
