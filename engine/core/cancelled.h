#pragma once
#include <exception>

namespace mlwb {

// Thrown by long engine work (reading a large file, ...) when its stop token fires; the
// caller asked for it, so it is not an error to show.
class Cancelled : public std::exception {
public:
    const char* what() const noexcept override { return "stopped"; }
};

} // namespace mlwb
