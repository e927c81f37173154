#pragma once
// Measures how long the GUI thread goes without answering: a 5 ms timer notes the longest gap
// between its ticks while a run streams into the window. A real event loop must run meanwhile:
// QTest::qWaitFor sleeps 10 ms between its rounds, which the probe would count as stalls.
#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>

class GuiGapProbe {
public:
    GuiGapProbe()
    {
        QObject::connect(&timer_, &QTimer::timeout, [this] {
            if (!clock_.isValid()) {
                clock_.start();
                return;
            }
            worst_ = std::max(worst_, clock_.elapsed() - last_);
            last_ = clock_.elapsed();
        });
    }
    void start() { timer_.start(5); }
    void stop() { timer_.stop(); }
    qint64 worstGapMs() const { return worst_; }

    // What a test allows: instrumented code runs several times slower.
#if defined(__SANITIZE_ADDRESS__)
    static constexpr qint64 kBudgetMs = 250;
#else
    static constexpr qint64 kBudgetMs = 50;
#endif

private:
    QTimer timer_;
    QElapsedTimer clock_;
    qint64 last_ = 0, worst_ = 0;
};
