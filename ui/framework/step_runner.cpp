#include "step_runner.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <exception>

namespace mlwb::ui {

namespace {
std::function<void()> beforeEveryStep, afterEveryStep;
std::atomic<bool> abandoned{false};
} // namespace

bool workerAbandoned() { return abandoned.load(); }

void setBeforeEveryStep(std::function<void()> fn) { beforeEveryStep = std::move(fn); }
void setAfterEveryStep(std::function<void()> fn) { afterEveryStep = std::move(fn); }

std::jthread startStepWorker(const Step& step, ParameterValues values, quint64 seed, double pacingSeconds,
                             std::shared_ptr<RunMailbox> mailbox, ReplacePermission replace)
{
    return std::jthread([step, values = std::move(values), seed, pacingSeconds, mailbox = std::move(mailbox),
                         replace = std::move(replace)](std::stop_token stop) {
        if (beforeEveryStep)
            beforeEveryStep();
        QString error;
        QString consentPath;
        try {
            RunContext context(values, seed, stop, *mailbox, pacingSeconds, replace);
            step.run(context);
        } catch (const ReplaceNeedsConsent& e) {
            error = QString::fromUtf8(e.what());
            consentPath = e.path();
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        } catch (...) {
            error = QStringLiteral("the step failed with an unknown error");
        }
        if (afterEveryStep)
            afterEveryStep();
        if (!error.isEmpty())
            spdlog::error("step '{}' failed: {}", step.id.toStdString(), error.toStdString());
        mailbox->finish(error, consentPath);
    });
}

StepRunner::StepRunner(QObject* parent) : QObject(parent)
{
    timer_.setInterval(33);
    connect(&timer_, &QTimer::timeout, this, &StepRunner::poll);
}

StepRunner::~StepRunner()
{
    if (!worker_.joinable())
        return;
    worker_.request_stop();
    const auto deadline = std::chrono::steady_clock::now() + kAbandonAfter;
    while (mailbox_ && !mailbox_->isFinished() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (mailbox_ && !mailbox_->isFinished()) {
        // A loop that never checks the stop token: leave it (it owns what it uses) rather
        // than keep a closed window's process alive.
        spdlog::warn("the running step did not stop within {} ms; leaving it behind", kAbandonAfter.count());
        abandoned = true;
        worker_.detach();
    }
}

void StepRunner::start(const Step& step, const ParameterValues& values, quint64 seed, double pacingSeconds,
                       const ReplacePermission& replace)
{
    if (worker_.joinable()) {
        worker_.request_stop();
        worker_.join();
    }
    spdlog::info("running step '{}'", step.id.toStdString());
    mailbox_ = std::make_shared<RunMailbox>();
    mailbox_->setSpeed(speed_);
    mailbox_->setPaused(paused_);
    notesShown_ = 0;
    running_ = true;
    elapsed_.start();
    worker_ = startStepWorker(step, values, seed, pacingSeconds, mailbox_, replace);
    timer_.start();
}

void StepRunner::stop()
{
    if (running_)
        worker_.request_stop();
}

void StepRunner::setPaused(bool paused)
{
    paused_ = paused;
    if (mailbox_)
        mailbox_->setPaused(paused);
}

void StepRunner::stepOnce()
{
    if (running_ && mailbox_)
        mailbox_->stepOnce();
}

void StepRunner::setSpeed(double factor)
{
    speed_ = factor;
    if (mailbox_)
        mailbox_->setSpeed(factor);
}

void StepRunner::poll()
{
    if (!mailbox_)
        return;
    RunMailbox::Changes c = mailbox_->takeChanges();
    const double seconds = elapsed_.nsecsElapsed() / 1e9;
    if (!c.figures.isEmpty())
        emit figuresChanged(c.figures);  // first: new charts then land in their cells
    if (!c.charts.isEmpty())
        emit chartsChanged(c.charts);
    if (!c.blocks.isEmpty() || !c.histograms.isEmpty())
        emit streamed(c.blocks, c.histograms);
    if (c.notes.size() != notesShown_) {
        notesShown_ = c.notes.size();
        emit notesChanged(c.notes);
    }
    emit progressChanged(c.progress, seconds);
    if (!c.finished)
        return;
    timer_.stop();
    worker_.join();
    running_ = false;
    const bool stopped = worker_.get_stop_source().stop_requested();
    spdlog::info("step {} after {:.2f} s", stopped ? "stopped" : (c.error.isEmpty() ? "finished" : "failed"), seconds);
    emit finished(c.error, stopped, seconds, mailbox_->metrics());
    if (!c.replaceConsentPath.isEmpty())
        emit replaceConsentNeeded(c.replaceConsentPath);
}

} // namespace mlwb::ui
