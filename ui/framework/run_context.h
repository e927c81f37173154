#pragma once
#include "chart_spec.h"
#include "figure_spec.h"
#include "lab.h"
#include "replace_permission.h"

#include <QJsonObject>
#include <QStringList>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>

namespace mlwb::ui {

// What a running step has produced so far. The worker writes, the GUI (or the headless
// runner) reads; all members are guarded by one mutex. Charts are kept per id, latest
// wins, so however fast a lab publishes the reader only sees the newest state.
class RunMailbox {
public:
    // keepStreams: streamed points and histogram bins go into the charts themselves, so
    // allCharts() has the full data (the headless runner). Otherwise only what is new since
    // the last takeChanges() is held, and the window keeps the rest.
    explicit RunMailbox(bool keepStreams = false) : keepStreams_(keepStreams) {}

    // Replaces the chart with this id (and drops its streamed blocks not yet taken).
    void publish(ChartSpec spec);
    // Appends to a published chart's series; std::logic_error when there is no such series.
    void appendPoints(const QString& chart, int series, const QList<QPointF>& block);
    void setHistogram(const QString& chart, int index, std::vector<double> edges, std::vector<double> counts);
    void declareFigure(FigureSpec figure);  // latest wins per id, like charts
    void setProgress(double fraction);
    void addNote(const QString& note);
    void setMetric(const QString& key, const QJsonValue& value);
    // replaceConsentPath: the run stopped before replacing this file, for want of consent.
    void finish(const QString& error, const QString& replaceConsentPath = {});

    struct Changes {
        QList<ChartSpec> charts;  // changed since the last take, in first-publish order
        QList<FigureSpec> figures;  // declared or changed since the last take
        QList<SeriesBlock> blocks;  // points appended since the last take, one block per series
        QList<HistogramUpdate> histograms;  // latest bins per histogram
        QStringList notes;        // all notes so far
        double progress = 0;
        bool finished = false;
        QString error;
        QString replaceConsentPath;
    };
    Changes takeChanges();
    bool isFinished() const;
    // Pause, single step and speed, set from the GUI thread and obeyed at the worker's
    // checkpoints. Nobody pauses a headless run, so it never waits.
    void setPaused(bool paused);
    bool isPaused() const;
    void stepOnce();           // paused: the worker passes exactly one more checkpoint
    void setSpeed(double factor);  // paced runs go factor× as fast (1: as designed)
    double speed() const;
    // Waits while paused and no step is granted; returns at once on stop.
    void waitAtCheckpoint(std::stop_token stop);
    qint64 checkpointsPassed() const;
    bool isWaitingAtCheckpoint() const;

    QList<ChartSpec> allCharts() const;
    QList<FigureSpec> allFigures() const;
    QJsonObject metrics() const;
    QStringList notes() const;

private:
    qsizetype indexOf(const QString& chart) const;  // −1 when not published
    const bool keepStreams_;
    mutable std::mutex mutex_;
    QList<ChartSpec> charts_;
    QList<SeriesBlock> blocks_;
    QList<HistogramUpdate> histogramUpdates_;
    QList<bool> dirty_;
    QList<FigureSpec> figures_;
    QList<bool> figureDirty_;
    QStringList notes_;
    QJsonObject metrics_;
    double progress_ = 0;
    bool finished_ = false;
    QString error_;
    QString replaceConsentPath_;

    mutable std::mutex controlMutex_;  // apart from mutex_: a waiting worker holds it in wait()
    std::condition_variable_any control_;
    bool paused_ = false;
    qint64 stepsGranted_ = 0;
    qint64 checkpointsPassed_ = 0;
    bool waiting_ = false;
    double speed_ = 1.0;
};

// A step's handle to one line of a published chart: blocks appended here reach the window as
// they are, without the points sent before. Cheap to copy; use from the worker thread.
class SeriesStream {
public:
    SeriesStream(RunMailbox& mailbox, QString chart, int series)
        : mailbox_(&mailbox), chart_(std::move(chart)), series_(series) {}
    void append(const QList<QPointF>& block) { mailbox_->appendPoints(chart_, series_, block); }
    void append(QPointF point) { append(QList<QPointF>{point}); }

private:
    RunMailbox* mailbox_;
    QString chart_;
    int series_;
};

// Handed to a step's run(): typed parameter access, the seed, the stop token, progress,
// chart publishing and metrics. Used only from the worker thread.
class RunContext {
public:
    RunContext(ParameterValues values, quint64 seed, std::stop_token stop, RunMailbox& mailbox,
               double pacingSeconds, ReplacePermission replace = {});

    double real(const QString& name) const;
    int integer(const QString& name) const;
    QString choice(const QString& name) const;
    bool flag(const QString& name) const;
    QString text(const QString& name) const { return choice(name); }
    QString file(const QString& name) const { return choice(name); }
    quint64 seed() const { return seed_; }
    // Whether the learner agreed to replace this existing file that the step did not write.
    bool mayReplace(const QString& path) const { return replace_.allows(path); }

    std::stop_token stopToken() const { return stop_; }
    bool stopRequested() const { return stop_.stop_requested(); }

    void progress(double fraction);
    // True at most ~30 times a second, and at every step of a paused run: build and publish
    // intermediate charts only then.
    bool publishDue();
    void publish(ChartSpec spec);
    // A handle to series `series` of a chart published before, for appending points in blocks
    // (a loss curve growing by epochs, an MCMC trace). std::logic_error when there is no such
    // series. Publishing the chart again replaces its series and what was streamed into them.
    SeriesStream stream(const QString& chart, int series);
    // New bins for histogram `index` of a published chart (plot::HistogramAccumulator's).
    void updateHistogram(const QString& chart, int index, std::vector<double> edges, std::vector<double> counts);
    // Arranges charts of this step (published before or after) into a figure the window
    // lays out as a grid and every export writes as one image. Throws std::logic_error
    // when the layout is unsound (a panel outside the grid, two panels in one cell).
    void figure(FigureSpec spec);
    void metric(const QString& key, const QJsonValue& value);
    // A sentence shown under the charts and in the log ("Adam diverged at iteration 37…").
    void note(const QString& text);
    // Interactive runs are spread over pacingSeconds (divided by the speed the learner chose)
    // so a learner can watch them; headless runs are not paced. Call with the current and
    // total work units; returns at once when the run is stopped. Also a checkpoint.
    void pace(double done, double total);
    // An animation point (one optimizer iteration, one MCMC proposal): a paused run waits
    // here until resumed or granted one step; Stop ends the wait at once.
    void checkpoint();

private:
    QVariant value(const QString& name) const;
    ParameterValues values_;
    quint64 seed_;
    std::stop_token stop_;
    RunMailbox& mailbox_;
    double pacingSeconds_;
    ReplacePermission replace_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point lastPublish_{};
    std::chrono::steady_clock::time_point due_ = start_;  // when pace() lets the run go on
    double pacedDone_ = 0;
};

} // namespace mlwb::ui
