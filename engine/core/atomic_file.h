#pragma once
#include <string>
#include <string_view>

namespace mlwb {

// Writes `bytes` to `path` so that readers see either the old file or the whole new one,
// never a part: into a temporary file beside it, flushed to disk, then renamed over it.
// On failure the old file is untouched, the temporary is removed, and InputError says why
// in the system's words: `cannot write "x.json": No space left on device`.
void writeFileAtomically(const std::string& path, std::string_view bytes);

} // namespace mlwb
