#include "run_context.h"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <stdexcept>
#include <thread>
#include <utility>

namespace mlwb::ui {

qsizetype RunMailbox::indexOf(const QString& chart) const
{
    for (qsizetype i = 0; i < charts_.size(); ++i)
        if (charts_[i].id == chart)
            return i;
    return -1;
}

void RunMailbox::appendPoints(const QString& chart, int series, const QList<QPointF>& block)
{
    std::lock_guard lock(mutex_);
    const qsizetype i = indexOf(chart);
    if (i < 0 || series < 0 || series >= charts_[i].series.size())
        throw std::logic_error(QStringLiteral("no series %1 in chart \"%2\" to stream into").arg(series).arg(chart).toStdString());
    if (block.isEmpty())
        return;
    if (keepStreams_) {
        appendKeepingLast(charts_[i].series[series], block);
        return;
    }
    for (SeriesBlock& b : blocks_)
        if (b.series == series && b.chart == chart) {
            b.points.append(block);
            return;
        }
    blocks_.append({chart, series, block});
}

void RunMailbox::setHistogram(const QString& chart, int index, std::vector<double> edges, std::vector<double> counts)
{
    std::lock_guard lock(mutex_);
    const qsizetype i = indexOf(chart);
    if (i < 0 || index < 0 || index >= charts_[i].histograms.size())
        throw std::logic_error(QStringLiteral("no histogram %1 in chart \"%2\" to update").arg(index).arg(chart).toStdString());
    if (keepStreams_) {
        charts_[i].histograms[index].edges = std::move(edges);
        charts_[i].histograms[index].counts = std::move(counts);
        return;
    }
    for (HistogramUpdate& h : histogramUpdates_)
        if (h.index == index && h.chart == chart) {
            h.edges = std::move(edges);
            h.counts = std::move(counts);
            return;
        }
    histogramUpdates_.append({chart, index, std::move(edges), std::move(counts)});
}

void RunMailbox::publish(ChartSpec spec)
{
    std::lock_guard lock(mutex_);
    // What was streamed into the old chart is superseded by the new one's own data.
    blocks_.removeIf([&](const SeriesBlock& b) { return b.chart == spec.id; });
    histogramUpdates_.removeIf([&](const HistogramUpdate& h) { return h.chart == spec.id; });
    if (const qsizetype i = indexOf(spec.id); i >= 0) {
        charts_[i] = std::move(spec);
        dirty_[i] = true;
        return;
    }
    charts_.append(std::move(spec));
    dirty_.append(true);
}

void RunMailbox::declareFigure(FigureSpec figure)
{
    std::lock_guard lock(mutex_);
    for (int i = 0; i < figures_.size(); ++i)
        if (figures_[i].id == figure.id) {
            figures_[i] = std::move(figure);
            figureDirty_[i] = true;
            return;
        }
    figures_.append(std::move(figure));
    figureDirty_.append(true);
}

void RunMailbox::setProgress(double fraction)
{
    std::lock_guard lock(mutex_);
    progress_ = std::clamp(fraction, 0.0, 1.0);
}

void RunMailbox::addNote(const QString& note)
{
    std::lock_guard lock(mutex_);
    notes_.append(note);
}

void RunMailbox::setMetric(const QString& key, const QJsonValue& value)
{
    std::lock_guard lock(mutex_);
    metrics_.insert(key, value);
}

void RunMailbox::finish(const QString& error, const QString& replaceConsentPath)
{
    std::lock_guard lock(mutex_);
    finished_ = true;
    error_ = error;
    replaceConsentPath_ = replaceConsentPath;
}

bool RunMailbox::isFinished() const
{
    std::lock_guard lock(mutex_);
    return finished_;
}

RunMailbox::Changes RunMailbox::takeChanges()
{
    std::lock_guard lock(mutex_);
    Changes c;
    for (int i = 0; i < charts_.size(); ++i)
        if (dirty_[i]) {
            c.charts.append(charts_[i]);
            dirty_[i] = false;
        }
    for (int i = 0; i < figures_.size(); ++i)
        if (figureDirty_[i]) {
            c.figures.append(figures_[i]);
            figureDirty_[i] = false;
        }
    c.blocks = std::exchange(blocks_, {});
    c.histograms = std::exchange(histogramUpdates_, {});
    c.notes = notes_;
    c.progress = progress_;
    c.finished = finished_;
    c.error = error_;
    c.replaceConsentPath = replaceConsentPath_;
    return c;
}

void RunMailbox::setPaused(bool paused)
{
    {
        std::lock_guard lock(controlMutex_);
        paused_ = paused;
        stepsGranted_ = 0;
    }
    control_.notify_all();
}

bool RunMailbox::isPaused() const
{
    std::lock_guard lock(controlMutex_);
    return paused_;
}

void RunMailbox::stepOnce()
{
    {
        std::lock_guard lock(controlMutex_);
        if (paused_)
            ++stepsGranted_;
    }
    control_.notify_all();
}

void RunMailbox::setSpeed(double factor)
{
    std::lock_guard lock(controlMutex_);
    speed_ = std::clamp(factor, 1e-3, 1e3);
}

double RunMailbox::speed() const
{
    std::lock_guard lock(controlMutex_);
    return speed_;
}

void RunMailbox::waitAtCheckpoint(std::stop_token stop)
{
    std::unique_lock lock(controlMutex_);
    waiting_ = true;
    control_.wait(lock, stop, [&] { return !paused_ || stepsGranted_ > 0; });
    waiting_ = false;
    if (stop.stop_requested())
        return;
    if (paused_)
        --stepsGranted_;
    ++checkpointsPassed_;
}

qint64 RunMailbox::checkpointsPassed() const
{
    std::lock_guard lock(controlMutex_);
    return checkpointsPassed_;
}

bool RunMailbox::isWaitingAtCheckpoint() const
{
    std::lock_guard lock(controlMutex_);
    return waiting_;
}

QList<ChartSpec> RunMailbox::allCharts() const
{
    std::lock_guard lock(mutex_);
    return charts_;
}

QList<FigureSpec> RunMailbox::allFigures() const
{
    std::lock_guard lock(mutex_);
    return figures_;
}

QJsonObject RunMailbox::metrics() const
{
    std::lock_guard lock(mutex_);
    return metrics_;
}

QStringList RunMailbox::notes() const
{
    std::lock_guard lock(mutex_);
    return notes_;
}

RunContext::RunContext(ParameterValues values, quint64 seed, std::stop_token stop, RunMailbox& mailbox,
                       double pacingSeconds, ReplacePermission replace)
    : values_(std::move(values)), seed_(seed), stop_(std::move(stop)), mailbox_(mailbox),
      pacingSeconds_(pacingSeconds), replace_(std::move(replace))
{
}

QVariant RunContext::value(const QString& name) const
{
    const auto it = values_.find(name);
    if (it == values_.end())
        throw std::logic_error("step reads undeclared parameter " + name.toStdString());
    return *it;
}

double RunContext::real(const QString& name) const { return value(name).toDouble(); }
int RunContext::integer(const QString& name) const { return value(name).toInt(); }
QString RunContext::choice(const QString& name) const { return value(name).toString(); }
bool RunContext::flag(const QString& name) const { return value(name).toBool(); }

void RunContext::progress(double fraction) { mailbox_.setProgress(fraction); }

SeriesStream RunContext::stream(const QString& chart, int series)
{
    mailbox_.appendPoints(chart, series, {});  // checks the series exists, sends nothing
    return SeriesStream(mailbox_, chart, series);
}

void RunContext::updateHistogram(const QString& chart, int index, std::vector<double> edges, std::vector<double> counts)
{
    mailbox_.setHistogram(chart, index, std::move(edges), std::move(counts));
}

bool RunContext::publishDue()
{
    if (mailbox_.isPaused())
        return true;  // stepping: every step is drawn
    const auto now = std::chrono::steady_clock::now();
    if (now - lastPublish_ < std::chrono::milliseconds(33))
        return false;
    lastPublish_ = now;
    return true;
}

void RunContext::publish(ChartSpec spec)
{
    mailbox_.publish(std::move(spec));
    // The next frame is due a frame interval after this one was finished, not begun: when
    // drawing a frame takes longer than the interval (a slow machine, a sanitizer build),
    // frames must not follow each other back to back and leave no time for the work.
    lastPublish_ = std::chrono::steady_clock::now();
}

void RunContext::figure(FigureSpec spec)
{
    if (const QString why = spec.problem(); !why.isEmpty())
        throw std::logic_error(why.toStdString());
    mailbox_.declareFigure(std::move(spec));
}

void RunContext::metric(const QString& key, const QJsonValue& value) { mailbox_.setMetric(key, value); }

void RunContext::note(const QString& text)
{
    spdlog::info("{}", text.toStdString());
    mailbox_.addNote(text);
}

void RunContext::checkpoint() { mailbox_.waitAtCheckpoint(stop_); }

void RunContext::pace(double done, double total)
{
    checkpoint();
    if (pacingSeconds_ <= 0 || total <= 0 || stop_.stop_requested())
        return;
    // Each call moves the due time on by its share of the run at the current speed. After a
    // pause the clock has run ahead of due_: it restarts from now instead of racing to catch up.
    const auto now = std::chrono::steady_clock::now();
    due_ = std::max(due_, now - std::chrono::milliseconds(50)) +
           std::chrono::duration_cast<std::chrono::steady_clock::duration>(
               std::chrono::duration<double>(pacingSeconds_ * std::max(0.0, done - pacedDone_) / total / mailbox_.speed()));
    pacedDone_ = done;
    if (now >= due_)
        return;
    // Sleep until due, waking at once on stop.
    std::mutex m;
    std::condition_variable_any cv;
    std::unique_lock lock(m);
    cv.wait_until(lock, stop_, due_, [] { return false; });
}

} // namespace mlwb::ui
