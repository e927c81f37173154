#pragma once
// The model workloads of `mlwb bench` (W8, W10) on the bundled data sets they name.
#include "bench/bench.h"

#include <vector>

namespace mlwb::app {

std::vector<bench::Workload> modelWorkloads();

} // namespace mlwb::app
