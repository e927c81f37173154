#include "run_context.h"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <stdexcept>
#include <thread>

namespace mlwb::ui {

void RunMailbox::publish(ChartSpec spec)
{
    std::lock_guard lock(mutex_);
    for (int i = 0; i < charts_.size(); ++i)
        if (charts_[i].id == spec.id) {
            charts_[i] = std::move(spec);
            dirty_[i] = true;
            return;
        }
    charts_.append(std::move(spec));
    dirty_.append(true);
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
    c.notes = notes_;
    c.progress = progress_;
    c.finished = finished_;
    c.error = error_;
    c.replaceConsentPath = replaceConsentPath_;
    return c;
}

QList<ChartSpec> RunMailbox::allCharts() const
{
    std::lock_guard lock(mutex_);
    return charts_;
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

bool RunContext::publishDue()
{
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

void RunContext::metric(const QString& key, const QJsonValue& value) { mailbox_.setMetric(key, value); }

void RunContext::note(const QString& text)
{
    spdlog::info("{}", text.toStdString());
    mailbox_.addNote(text);
}

void RunContext::pace(double done, double total)
{
    if (pacingSeconds_ <= 0 || total <= 0)
        return;
    const auto due = start_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                  std::chrono::duration<double>(pacingSeconds_ * done / total));
    if (std::chrono::steady_clock::now() >= due)
        return;
    // Sleep until due, waking at once on stop.
    std::mutex m;
    std::condition_variable_any cv;
    std::unique_lock lock(m);
    cv.wait_until(lock, stop_, due, [] { return false; });
}

} // namespace mlwb::ui
