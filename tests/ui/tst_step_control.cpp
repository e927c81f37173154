// Pause, single step, resume and stop of a running step, at its checkpoints.
#include "run_context.h"
#include "step_runner.h"

#include <QElapsedTimer>
#include <QTest>

#include <atomic>
#include <thread>

using namespace mlwb::ui;

namespace {

// Counts how many of its 1000 checkpoints it got past.
Step countingStep(std::atomic<int>& passed)
{
    Step s;
    s.id = "count";
    s.run = [&passed](RunContext& ctx) {
        for (int i = 0; i < 1000 && !ctx.stopRequested(); ++i) {
            ctx.checkpoint();
            if (ctx.stopRequested())
                return;
            passed = i + 1;
        }
    };
    return s;
}

bool waitFor(const std::function<bool()>& condition, int ms = 5000)
{
    QElapsedTimer t;
    t.start();
    while (!condition()) {
        if (t.elapsed() > ms)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

} // namespace

class TestStepControl : public QObject {
    Q_OBJECT
private slots:
    void pauseHoldsStepAdvancesOneResumeFinishes()
    {
        std::atomic<int> passed{0};
        auto mailbox = std::make_shared<RunMailbox>();
        mailbox->setPaused(true);
        std::jthread worker = startStepWorker(countingStep(passed), {}, 1, 0.0, mailbox);
        QVERIFY(waitFor([&] { return mailbox->isWaitingAtCheckpoint(); }));
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        QCOMPARE(passed.load(), 0);  // held at the first checkpoint
        for (int k = 1; k <= 3; ++k) {
            mailbox->stepOnce();
            QVERIFY(waitFor([&] { return mailbox->checkpointsPassed() == k && mailbox->isWaitingAtCheckpoint(); }));
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            QCOMPARE(passed.load(), k);  // exactly one more, then held again
        }
        mailbox->setPaused(false);
        QVERIFY(waitFor([&] { return mailbox->isFinished(); }));
        QCOMPARE(passed.load(), 1000);
        QVERIFY(mailbox->takeChanges().error.isEmpty());
    }

    void stopEndsAPausedRunAtOnce()
    {
        std::atomic<int> passed{0};
        auto mailbox = std::make_shared<RunMailbox>();
        mailbox->setPaused(true);
        std::jthread worker = startStepWorker(countingStep(passed), {}, 1, 0.0, mailbox);
        QVERIFY(waitFor([&] { return mailbox->isWaitingAtCheckpoint(); }));
        QElapsedTimer t;
        t.start();
        worker.request_stop();
        QVERIFY(waitFor([&] { return mailbox->isFinished(); }, 1000));
        QVERIFY2(t.elapsed() < 100, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(passed.load(), 0);
    }

    void headlessRunsNeverWait()
    {
        std::atomic<int> passed{0};
        auto mailbox = std::make_shared<RunMailbox>();  // nobody pauses it
        startStepWorker(countingStep(passed), {}, 1, 0.0, mailbox).join();
        QCOMPARE(passed.load(), 1000);
    }

    void runnerStartsPausedAndSteps()
    {
        std::atomic<int> passed{0};
        const Step step = countingStep(passed);
        StepRunner runner;
        bool finished = false;
        connect(&runner, &StepRunner::finished, this, [&] { finished = true; });
        runner.setPaused(true);
        runner.start(step, {}, 1, 0.0);
        QVERIFY(QTest::qWaitFor([&] { return runner.mailbox()->isWaitingAtCheckpoint(); }));
        runner.stepOnce();
        runner.stepOnce();
        QVERIFY(QTest::qWaitFor([&] { return runner.mailbox()->checkpointsPassed() == 2 && runner.mailbox()->isWaitingAtCheckpoint(); }));
        QCOMPARE(passed.load(), 2);
        runner.setPaused(false);
        QVERIFY(QTest::qWaitFor([&] { return finished; }));
        QCOMPARE(passed.load(), 1000);
    }

    // A paced run: Pause freezes it mid-way, and on Resume it carries on from where it was
    // rather than racing through the time it was held.
    void pacedRunResumesWithoutRacing()
    {
        std::atomic<int> passed{0};
        Step s;
        s.id = "paced";
        s.run = [&passed](RunContext& ctx) {
            for (int i = 1; i <= 100 && !ctx.stopRequested(); ++i) {
                ctx.pace(i, 100);
                passed = i;
            }
        };
        auto mailbox = std::make_shared<RunMailbox>();
        std::jthread worker = startStepWorker(s, {}, 1, 1.0, mailbox);  // 1 s for 100 steps
        QVERIFY(waitFor([&] { return passed >= 30; }));
        mailbox->setPaused(true);
        QVERIFY(waitFor([&] { return mailbox->isWaitingAtCheckpoint(); }));
        const int held = passed;
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
        QCOMPARE(passed.load(), held);
        mailbox->setPaused(false);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        QVERIFY2(passed < 100, qPrintable(QString::number(passed)));  // not all at once
        QVERIFY(waitFor([&] { return mailbox->isFinished(); }));
    }
};

QTEST_MAIN(TestStepControl)
#include "tst_step_control.moc"
