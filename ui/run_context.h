#pragma once
#include "chart_spec.h"
#include "lab.h"
#include "replace_permission.h"

#include <QJsonObject>
#include <QStringList>

#include <chrono>
#include <mutex>
#include <stop_token>

namespace mlwb::ui {

// What a running step has produced so far. The worker writes, the GUI (or the headless
// runner) reads; all members are guarded by one mutex. Charts are kept per id, latest
// wins, so however fast a lab publishes the reader only sees the newest state.
class RunMailbox {
public:
    void publish(ChartSpec spec);
    void setProgress(double fraction);
    void addNote(const QString& note);
    void setMetric(const QString& key, const QJsonValue& value);
    // replaceConsentPath: the run stopped before replacing this file, for want of consent.
    void finish(const QString& error, const QString& replaceConsentPath = {});

    struct Changes {
        QList<ChartSpec> charts;  // changed since the last take, in first-publish order
        QStringList notes;        // all notes so far
        double progress = 0;
        bool finished = false;
        QString error;
        QString replaceConsentPath;
    };
    Changes takeChanges();
    bool isFinished() const;
    QList<ChartSpec> allCharts() const;
    QJsonObject metrics() const;
    QStringList notes() const;

private:
    mutable std::mutex mutex_;
    QList<ChartSpec> charts_;
    QList<bool> dirty_;
    QStringList notes_;
    QJsonObject metrics_;
    double progress_ = 0;
    bool finished_ = false;
    QString error_;
    QString replaceConsentPath_;
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
    // True at most ~30 times a second: build and publish intermediate charts only then.
    bool publishDue();
    void publish(ChartSpec spec);
    void metric(const QString& key, const QJsonValue& value);
    // A sentence shown under the charts and in the log ("Adam diverged at iteration 37…").
    void note(const QString& text);
    // Interactive runs are spread over pacingSeconds so a learner can watch them; headless
    // runs are not paced. Call with the current and total work units; returns at once when
    // the run is stopped.
    void pace(double done, double total);

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
};

} // namespace mlwb::ui
