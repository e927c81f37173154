#pragma once
// The workloads of `mlwb bench` on the bundled data sets they name: models (W8, W10) and PCA of digits (W6).
#include "bench/bench.h"

#include <vector>

namespace mlwb::app {

std::vector<bench::Workload> modelWorkloads();

} // namespace mlwb::app
