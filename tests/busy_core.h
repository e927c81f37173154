#pragma once
// Another process spinning on one core for as long as this object lives, as a learner's
// browser keeps a core busy: for tests of timings and Stop on a loaded machine.
#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

class BusyCore {
public:
    BusyCore() : pid_(::fork())
    {
        if (pid_ == 0)
            for (volatile unsigned long i = 0;;)
                i = i + 1;
    }
    ~BusyCore()
    {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
    BusyCore(const BusyCore&) = delete;
    BusyCore& operator=(const BusyCore&) = delete;
    bool started() const { return pid_ > 0; }

private:
    pid_t pid_;
};
