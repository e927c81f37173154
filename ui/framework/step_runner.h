#pragma once
#include "chart_spec.h"
#include "lab.h"
#include "run_context.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <memory>
#include <functional>
#include <thread>

namespace mlwb::ui {

// Installs work the worker thread does before every step (the app clears the vector registers
// it inherited, core/vector_state.h), and after it, before finishing the mailbox (the app gives
// memory the engine kept for reuse back to the system). Set once, at start-up.
void setBeforeEveryStep(std::function<void()> fn);
void setAfterEveryStep(std::function<void()> fn);

// Starts step.run on a new worker thread, feeding mailbox; any exception becomes the
// mailbox's error, in words. The thread finishes the mailbox when run returns.
std::jthread startStepWorker(const Step& step, ParameterValues values, quint64 seed, double pacingSeconds,
                             std::shared_ptr<RunMailbox> mailbox, ReplacePermission replace = {});

// True once a StepRunner was destroyed while its worker ignored the stop request for longer
// than kAbandonAfter: the worker was left running, and the program must end with
// std::_Exit, since static destructors cannot run under a live thread.
bool workerAbandoned();
inline constexpr std::chrono::milliseconds kAbandonAfter{500};  // five times the Stop budget

// Runs one step at a time for the window. Polls the worker's mailbox on the GUI thread
// ~30 times a second, so charts repaint at most that often however fast points arrive.
// Owns its worker: destroying the runner stops the run and waits for it, but not for ever:
// closing the window must end the program within a second whatever a step is doing.
class StepRunner : public QObject {
    Q_OBJECT
public:
    explicit StepRunner(QObject* parent = nullptr);
    ~StepRunner() override;

    void start(const Step& step, const ParameterValues& values, quint64 seed, double pacingSeconds,
               const ReplacePermission& replace = {});
    void stop();  // asks the worker to stop; finished() follows within one poll
    bool isRunning() const { return running_; }
    // Held at the step's next checkpoint (RunContext::checkpoint) until resumed; kept for
    // the next run too, so a run can start paused and be stepped from its first checkpoint.
    void setPaused(bool paused);
    bool isPaused() const { return paused_; }
    void stepOnce();  // paused: one more checkpoint
    void setSpeed(double factor);  // of paced (animated) runs; 1 as designed
    const RunMailbox* mailbox() const { return mailbox_.get(); }

signals:
    void chartsChanged(const QList<mlwb::ui::ChartSpec>& charts);
    void figuresChanged(const QList<mlwb::ui::FigureSpec>& figures);
    // Points and bins streamed into charts already shown (after chartsChanged of the same poll).
    void streamed(const QList<mlwb::ui::SeriesBlock>& blocks, const QList<mlwb::ui::HistogramUpdate>& histograms);
    void notesChanged(const QStringList& notes);
    void progressChanged(double fraction, double elapsedSeconds);
    // error is empty on success. stopped: the user stopped it (not an error).
    void finished(const QString& error, bool stopped, double elapsedSeconds, const QJsonObject& metrics);
    // Follows finished() when the run stopped short of replacing path without consent.
    void replaceConsentNeeded(const QString& path);

private:
    void poll();
    QTimer timer_;
    QElapsedTimer elapsed_;
    std::shared_ptr<RunMailbox> mailbox_;
    std::jthread worker_;
    bool running_ = false;
    bool paused_ = false;
    double speed_ = 1.0;
    qsizetype notesShown_ = 0;
};

} // namespace mlwb::ui
