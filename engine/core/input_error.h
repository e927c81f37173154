#pragma once
#include <stdexcept>
#include <string>

namespace mlwb {

// An error the user caused (bad file, bad shape, bad parameter). The message names the
// offending input and place, in words a learner understands; the UI shows it verbatim.
class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace mlwb
