#pragma once

namespace mlwb {

// OpenMP's threads spin while they wait for each other. On a machine where another program
// keeps a core busy (a learner's browser), a spinning thread waits for a peer the scheduler
// has put aside, and parallel work ran 10× slower here. Passive waiting (threads sleep on a
// futex) costs microseconds per parallel region instead.
//
// libgomp reads OMP_WAIT_POLICY once, when it is loaded, before main runs; setting it later
// changes nothing. So main calls this first: when the variable is unset it sets it to
// "passive" and starts the program again with the same arguments. A value the user set is
// kept. If the program cannot be started again it carries on with the default policy.
void ensurePassiveOpenMpWaiting(char** argv);

} // namespace mlwb
