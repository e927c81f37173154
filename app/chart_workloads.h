#pragma once
// The chart kit's workloads for `mlwb bench` (G1…G3): GUI-thread time per frame of streamed
// lines and of exporting a figure, offscreen. They need a QApplication.
#include "bench/bench.h"

#include <vector>

namespace mlwb::app {

std::vector<bench::Workload> chartWorkloads();

} // namespace mlwb::app
