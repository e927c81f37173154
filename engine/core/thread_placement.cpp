#include "core/thread_placement.h"

#include <omp.h>

#if defined(__linux__)
#include "core/parallel_team.h"

#include <pthread.h>

namespace mlwb {

namespace {

thread_local ParallelTeam* currentTeam = nullptr;

} // namespace

PlacedParallelWork::PlacedParallelWork()
{
    if (CPU_COUNT(&processCores()) < 2 || currentTeam || omp_get_level() > 0 || omp_get_max_threads() < 2)
        return;
    team_ = std::make_unique<ParallelTeam>(omp_get_max_threads());
    if (pthread_getaffinity_np(pthread_self(), sizeof team_->callerCores, &team_->callerCores) != 0) {
        team_.reset();
        return;
    }
    // Each thread says who it is now, so that a helper slow to start its first region can be
    // found too.
#pragma omp parallel
    team_->enter(omp_get_thread_num());
    currentTeam = team_.get();
}

PlacedParallelWork::~PlacedParallelWork()
{
    if (team_)
        currentTeam = nullptr;
}

TeamJoin::TeamJoin()
{
    if (!currentTeam || omp_get_level() > 0)
        return;
    team_ = currentTeam;
    team_->start();
}

TeamJoin::~TeamJoin()
{
    if (team_)
        team_->finish();
}

// A team larger than the one placed (omp_set_num_threads raised since) is left to OpenMP.
bool TeamJoin::placesThisRegion() const { return team_ && omp_get_num_threads() <= int(team_->members.size()); }

void TeamJoin::enter()
{
    if (placesThisRegion())
        team_->enter(omp_get_thread_num());
}

void TeamJoin::arrive()
{
    if (placesThisRegion())
        team_->arrive(omp_get_thread_num(), omp_get_num_threads());
}

void holdOnCore(int index)
{
    if (CPU_COUNT(&processCores()) > 1)
        pinTo(0, coreAfter(CPU_SETSIZE - 1, index + 1));
}

} // namespace mlwb

#else

namespace mlwb {
struct ParallelTeam {};
PlacedParallelWork::PlacedParallelWork() = default;
PlacedParallelWork::~PlacedParallelWork() = default;
TeamJoin::TeamJoin() = default;
TeamJoin::~TeamJoin() = default;
void TeamJoin::enter() {}
void TeamJoin::arrive() {}
void holdOnCore(int) {}
} // namespace mlwb

#endif
